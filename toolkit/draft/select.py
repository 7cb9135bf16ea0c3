"""Which text a draft stands for: the regulation, its clause(s), and their units.

An act may restate one clause twice (5.1 with results, 7.1 without): drafted
together they become one model whose every element cites both, as long as the
two restate the same units with the same performers and limits. Anything else
the caller must choose with ``--clause``; an ambiguous or empty choice is a
:class:`DraftError` naming the clauses there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.draft.errors import DraftError
from toolkit.model.elements import ClauseRef
from toolkit.text import (
    Act,
    AlternativeLimit,
    Clause,
    ClauseKind,
    ItemKind,
    Regulation,
    StatedTimeLimit,
)
from toolkit.text.model import StatedResult


@dataclass(frozen=True)
class Source:
    """One step or item, restated in one or more clauses (``refs``, one per clause)."""

    kind: str                    # "step" | "item"
    number: int
    refs: tuple[ClauseRef, ...]
    text: str                    # the whole sentence
    body: str                    # a step's action / an item's description
    actor: str | None            # a step's performer (items: decided by the planner)
    item_kind: ItemKind | None
    marker: int | None           # the process/condition number of an item
    limit: StatedTimeLimit | None
    alternatives: tuple[AlternativeLimit, ...]
    result: StatedResult | None
    line: int

    @property
    def is_condition(self) -> bool:
        return self.item_kind == ItemKind.CONDITION

    @property
    def slug(self) -> str:
        """A readable id for the unit: ``step_3``, ``process_4``, ``condition_1``, ``item_1``."""
        if self.kind == "step":
            return f"step_{self.number}"
        if self.item_kind == ItemKind.PROCESS and self.marker is not None:
            return f"process_{self.marker}"
        if self.is_condition and self.marker is not None:
            return f"condition_{self.marker}"
        return f"item_{self.number}"

    def label(self, clause: str) -> str:
        return f"clause {clause} {self.kind} {self.number}"


@dataclass(frozen=True)
class Selection:
    regulation: Regulation
    clauses: tuple[Clause, ...]
    sources: tuple[Source, ...]

    @property
    def refs(self) -> tuple[ClauseRef, ...]:
        return tuple(ClauseRef(c.paragraph, c.subparagraph) for c in self.clauses)

    @property
    def kind(self) -> ClauseKind:
        return self.clauses[0].kind


def _listing(act: Act) -> str:
    return "; ".join(f"{r.number or '?'}) " + (", ".join(c.ref for c in r.clauses) or "none")
                     for r in act.regulations)


def select(act: Act, clauses: tuple[str, ...] = (), regulation: int | None = None) -> Selection:
    """The regulation and clauses to draft (see the module docstring)."""
    candidates = [r for r in act.regulations if regulation is None or r.number == regulation]
    if not candidates:
        raise DraftError(f"the act amends no regulation {regulation}) (it amends: {_listing(act)})", act.source)
    if clauses:
        holders = [r for r in candidates if all(any(c.ref == ref for c in r.clauses) for ref in clauses)]
        if not holders:
            raise DraftError(f"no regulation restates clause {', '.join(clauses)} (restated: {_listing(act)})",
                             act.source)
        if len(holders) > 1:
            raise DraftError(f"clause {', '.join(clauses)} is restated in several regulations "
                             f"({_listing(act)}); choose one with --regulation", act.source)
        chosen = holders[0]
        picked = tuple(next(c for c in chosen.clauses if c.ref == ref) for ref in dict.fromkeys(clauses))
    else:
        with_clauses = [r for r in candidates if r.clauses]
        if len(with_clauses) != 1:
            raise DraftError(f"the act restates clauses of {len(with_clauses)} regulations ({_listing(act)}); "
                             "choose one with --clause (and --regulation)", act.source)
        chosen = with_clauses[0]
        picked = chosen.clauses
    return Selection(chosen, picked, merge(picked, act.source))


def _sources(clause: Clause) -> list[Source]:
    para, sub = clause.paragraph, clause.subparagraph
    if clause.kind == ClauseKind.STEPS:
        return [Source("step", s.index, (ClauseRef(para, sub, step=s.index),), s.text, s.action, s.actor_key, None,
                       None, s.time_limit, s.alternatives, s.result, s.span.first_line) for s in clause.steps]
    out = []
    for i in clause.items:
        process = i.ref if i.kind == ItemKind.PROCESS else None
        condition = i.ref if i.kind == ItemKind.CONDITION else None
        cref = ClauseRef(para, sub, item=i.number, process=process, condition=condition)
        out.append(Source("item", i.number, (cref,), i.text, i.description, None, i.kind, i.ref, i.time_limit,
                          (), None, i.span.first_line))
    return out


def merge(clauses: tuple[Clause, ...], source: str) -> tuple[Source, ...]:
    """One list of units for clauses that restate the same units; :class:`DraftError` if they do not."""
    if not clauses:
        raise DraftError("no clause to draft", source)
    first = clauses[0]
    merged = _sources(first)
    if not merged:
        raise DraftError(f"clause {first.ref}: the text has no steps or items the parser can read "
                         f"(a step opens with its performer and ends with a time limit; an item is numbered 'N)')",
                         source, first.span.first_line)
    for other in clauses[1:]:
        units = _sources(other)
        if other.kind != first.kind or len(units) != len(merged):
            raise DraftError(f"clauses {first.ref} and {other.ref} do not restate the same units "
                             f"({len(merged)} {first.kind} vs {len(units)} {other.kind}); draft them one at a time",
                             source, other.span.first_line)
        merged = [_join(a, b, first.ref, other.ref, source) for a, b in zip(merged, units)]
    return tuple(merged)


def _join(a: Source, b: Source, ref_a: str, ref_b: str, source: str) -> Source:
    def limit_key(s: Source) -> tuple[int, str] | None:
        return (s.limit.value, str(s.limit.unit)) if s.limit else None

    if (a.actor, a.item_kind, a.marker, limit_key(a)) != (b.actor, b.item_kind, b.marker, limit_key(b)):
        raise DraftError(f"clauses {ref_a} and {ref_b} differ at {a.kind} {a.number} (performer, kind or time "
                         "limit); draft them one at a time", source, b.line)
    return Source(a.kind, a.number, a.refs + b.refs, a.text, a.body, a.actor, a.item_kind, a.marker, a.limit,
                  a.alternatives or b.alternatives, a.result or b.result, a.line)
