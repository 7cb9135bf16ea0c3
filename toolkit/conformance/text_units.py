"""The text's units — the steps and items a model must have elements for.

A step clause (5.1) is a sequence of steps; an item clause (8) a sequence of
numbered items, some of them processes ("2-процесс") or conditions ("1 шарт").
The checks treat both the same way through :class:`TextUnit`, so "step 3 of 5.1"
and "item 9 of 8 (2 шарт)" are matched, ordered and reported alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.text import Clause, ClauseKind, Item, ItemKind, Step
from toolkit.text.model import AlternativeLimit, Span, StatedResult, StatedTimeLimit


@dataclass(frozen=True)
class TextUnit:
    """One step (``kind == "step"``) or item (``kind == "item"``) of a restated clause."""

    clause: Clause
    kind: str
    number: int
    step: Step | None = None
    item: Item | None = None

    @property
    def key(self) -> tuple[str, int]:
        """Identity within an act: ``("5.1", 3)``."""
        return (self.clause.ref, self.number)

    @property
    def label(self) -> str:
        """How findings cite it: ``5.1 step 3``, ``8 item 9 (2 шарт)``, ``8 item 8 (6-процесс)``."""
        base = f"{self.clause.ref} {self.kind} {self.number}"
        if self.item is not None and self.item.ref is not None:
            marker = f"{self.item.ref}-процесс" if self.is_process else f"{self.item.ref} шарт"
            return f"{base} ({marker})"
        return base

    @property
    def short(self) -> str:
        """``step 3`` / ``item 9``: the unit within its clause."""
        return f"{self.kind} {self.number}"

    @property
    def is_process(self) -> bool:
        return self.item is not None and self.item.kind == ItemKind.PROCESS

    @property
    def is_condition(self) -> bool:
        return self.item is not None and self.item.kind == ItemKind.CONDITION

    @property
    def process_number(self) -> int | None:
        return self.item.ref if self.is_process and self.item else None

    @property
    def condition_number(self) -> int | None:
        return self.item.ref if self.is_condition and self.item else None

    @property
    def text(self) -> str:
        """The unit's whole sentence as the text writes it."""
        if self.step is not None:
            return self.step.text
        return self.item.text if self.item is not None else ""

    @property
    def time_limit(self) -> StatedTimeLimit | None:
        if self.step is not None:
            return self.step.time_limit
        return self.item.time_limit if self.item is not None else None

    @property
    def alternatives(self) -> tuple[AlternativeLimit, ...]:
        return self.step.alternatives if self.step is not None else ()

    @property
    def result(self) -> StatedResult | None:
        return self.step.result if self.step is not None else None

    @property
    def span(self) -> Span:
        if self.step is not None:
            return self.step.span
        return self.item.span if self.item is not None else self.clause.span

    def label_segments(self) -> tuple[str, ...]:
        """The runs of text an element's name may quote: the sentence, its result, its
        alternatives' conditions (each separately, so a name cannot straddle two)."""
        segments = [self.text]
        if self.result is not None:
            segments.append(self.result.text)
        segments.extend(a.condition for a in self.alternatives)
        return tuple(s for s in segments if s)


def clause_units(clause: Clause) -> tuple[TextUnit, ...]:
    """The clause's units, in the text's order."""
    if clause.kind == ClauseKind.STEPS:
        return tuple(TextUnit(clause, "step", s.index, step=s) for s in clause.steps)
    return tuple(TextUnit(clause, "item", i.number, item=i) for i in clause.items)


def clause_segments(clause: Clause) -> tuple[str, ...]:
    """What an element citing the clause as a whole (a start event) may quote: its heading
    and closing sentence."""
    out = [clause.heading or ""]
    if clause.closing is not None:
        out.append(clause.closing.text)
    return tuple(s for s in out if s)
