"""The one exception the text parser raises.

Callers (the CLI, the conformance checker) must be able to tell "this text is
not a regulation act I can read" apart from a bug, and to point the user at the
place in the file.  Hence a single :class:`TextError` that is an
:class:`~toolkit.errors.InputError` (so every command reports it like any other
bad input, exit 2) and renders as one ``file:line: message`` line.
"""

from __future__ import annotations

from toolkit.errors import InputError

__all__ = ["TextError"]


class TextError(InputError):
    """Broken or unrecognisable input text.

    Attributes:
        source: the name of the text (a path, or ``"<text>"``).
        line: 1-based line in the original text the problem was found at.
        message: what is wrong, without the location prefix.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message, source, max(1, int(line)) if line is not None else None)
