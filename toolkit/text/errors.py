"""The one exception the text parser raises.

Callers (the CLI, the conformance checker) must be able to tell "this text is
not a regulation act I can read" apart from a bug, and to point the user at the
place in the file.  Hence a single :class:`TextError` that is a ``ValueError``
and renders as one ``file:line: message`` line, like a compiler diagnostic.
"""

from __future__ import annotations

__all__ = ["TextError"]


class TextError(ValueError):
    """Broken or unrecognisable input text.

    Attributes:
        source: the name of the text (a path, or ``"<text>"``).
        line: 1-based line in the original text the problem was found at.
        message: what is wrong, without the location prefix.
    """

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = max(1, int(line))
        self.message = message
        super().__init__(f"{source}:{self.line}: {message}")
