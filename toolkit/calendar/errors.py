"""The one exception the calendar raises.

It is an :class:`~toolkit.errors.InputError` (and so a ``ValueError``): a date
the calendar cannot speak for is bad input, reported by every command the same
way (exit 2). Its message is always a single line so it can be shown as-is in
CLI output, lint reports and logs.
"""

from __future__ import annotations

from toolkit.errors import InputError


class CalendarError(InputError):
    """A date, unit, value or data file the calendar cannot speak for.

    Raised, for example, for dates before Kazakhstan's independence
    (1991-12-16), for dates beyond the data's horizon, for an unknown unit, or
    for a malformed overrides file.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        # Collapse any accidental newlines: callers rely on one-line messages.
        super().__init__(" ".join(str(message).split()), source, line)
