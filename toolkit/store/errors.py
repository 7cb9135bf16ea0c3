"""The store's errors: every one is an :class:`~toolkit.errors.InputError`, one clear line.

The CLI maps :class:`ConflictError` and :class:`StuckError` to exit 1 (another worker
won, or the instance cannot move on by itself) and every other store error to exit 2.
"""

from __future__ import annotations

from toolkit.errors import InputError


class StoreError(InputError):
    """Anything the store refuses: an unknown instance, a bad URL, a task that is not ready."""


class NotFoundError(StoreError):
    """No such instance, task or model version."""


class ConflictError(StoreError):
    """Another worker changed the instance first (its revision moved); nothing was applied.

    ``instance_id`` and ``task`` say what was being done, so the app can reload and
    show the officer what happened instead.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None, *,
                 instance_id: int | None = None, task: str | None = None) -> None:
        super().__init__(message, source, line)
        self.instance_id = instance_id
        self.task = task


class ClaimedError(ConflictError):
    """The task is claimed by someone else."""


class StuckError(StoreError):
    """The step was saved but the instance cannot go on by itself (a service task failed)."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None, *,
                 instance_id: int | None = None) -> None:
        super().__init__(message, source, line)
        self.instance_id = instance_id
