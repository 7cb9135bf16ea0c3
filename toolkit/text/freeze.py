"""Turn matches in the flat text into model values, with spans and self-checks.

Every parser stage finds things as offsets into the flat text; this module is
the one place that turns them into frozen model values with their
:class:`~toolkit.text.model.Span`, and the one place the self-checks on time
limits live, so steps, alternatives and items are all checked alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .abbreviations import find_definitions
from .flat import FlatText, Piece
from .limit_phrases import LimitMatch
from .model import Abbreviation, ActorRef, Span, StatedTimeLimit, TextFinding

__all__ = ["DASHES", "Findings", "time_limit", "abbreviations_in", "actor_ref"]

#: Characters stripped around extracted texts (dashes and colons that separate parts).
DASHES = " -–—:"


@dataclass
class Findings:
    """Collects the findings of one clause, in the order they are found."""

    items: list[TextFinding] = field(default_factory=list)

    def add(self, code: str, message: str, span: Span) -> None:
        self.items.append(TextFinding(code, message, span.first_line, span))


def time_limit(flat: FlatText, m: LimitMatch, findings: Findings) -> StatedTimeLimit:
    """Freeze a limit match (offsets into ``flat.text``) and run the words-vs-digits self-check."""
    span = flat.span(m.start, m.end)
    if m.words is not None and m.words_value is None:
        findings.add("number-words-unreadable", f"cannot read the number words in {m.raw!r}", span)
    elif m.words_value is not None and m.words_value != m.value:
        findings.add(
            "number-mismatch",
            f"{m.raw!r}: the digits say {m.value}, the words ({m.words}) say {m.words_value}",
            span,
        )
    if m.stray is not None:
        findings.add("stray-number", f"{m.raw!r}: the number {m.stray} between the number in words and the "
                     "unit is not part of the limit (a page number run into the line?)", span)
    if not m.qualified:
        findings.add("unqualified-day", f"{m.raw!r}: day without working/calendar; read as calendar days", span)
    return StatedTimeLimit(m.value, m.unit, m.words, m.raw, m.within, span)


def abbreviations_in(piece: Piece) -> list[Abbreviation]:
    """Every short form defined inside ``piece``; long forms are looked for in ``piece`` only."""
    flat = piece.flat
    return [
        Abbreviation(d.short, d.full, flat.span(d.start, d.end))
        for d in find_definitions(flat.text, piece.start, piece.end)
    ]


def actor_ref(flat: FlatText, start: int, end: int, key: str | None) -> ActorRef:
    """An :class:`ActorRef` for ``flat.text[start:end]``."""
    return ActorRef(key, flat.text[start:end], flat.span(start, end))
