"""The project's error types.

Every error a user can cause is an :class:`InputError`: it names the file (and the
line where one is known) so the CLI can print it as one ``file:line: message`` line
and exit 2, the way compilers and linters do.
"""

from __future__ import annotations


class ReglamentError(Exception):
    """Base class of every error reglament raises on purpose."""


class InputError(ReglamentError, ValueError):
    """Bad input from the user: a file, an argument, a model, a text.

    ``source`` is a path or a label such as ``<string>``; ``line`` is 1-based.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ModelError(InputError):
    """A BPMN file that cannot be loaded: malformed, hostile, too big, not BPMN."""


class UnsafeExpressionError(InputError):
    """A model expression that would give its author more than data access."""
