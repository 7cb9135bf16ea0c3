"""What the parser reads in a file, as plain data: for ``reglament text`` and for tools.

A file is read as an act (header, regulations, restated clauses) when it is
one, else as the body of a single clause (:mod:`.bare`). Either way the result
is a :class:`Reading`: the clauses with their steps or items, the parser's
findings (problems in the text) and notices (what it dropped or read
differently to get at the text), each turned into JSON-ready dicts by
:meth:`Reading.to_dict`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from .bare import parse_clause_texts
from .errors import TextError
from .model import Act, Clause, Item, StatedTimeLimit, Step, TextFinding
from .parser import parse_act, read_text

__all__ = ["Reading", "read_file", "read"]

_WITHIN_WORD = re.compile(
    r"(ішінде|iшiнде|ішінен|дейін|кешіктірмей|кешіктірілмей|в\s+течение|не\s+более(?:\s+чем)?|не\s+позднее"
    r"|не\s+позже|(?<!\w)до(?!\w))", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """An act, or a bare clause, as the parser read it."""

    source: str
    act: Act | None
    clauses: tuple[tuple[str | None, Clause], ...]  # (regulation title, clause)
    findings: tuple[TextFinding, ...]
    notices: tuple[TextFinding, ...]

    def select(self, ref: str) -> Reading:
        """Only the clause(s) numbered *ref* (``5.1``, ``8``); ``KeyError`` listing the others."""
        chosen = tuple(pair for pair in self.clauses if pair[1].ref == ref) or tuple(
            pair for pair in self.clauses if pair[1].ref.startswith(ref + "."))  # "5" -> 5.1, 5.2
        if not chosen:
            raise KeyError(", ".join(dict.fromkeys(c.ref for _, c in self.clauses)) or "none")
        lines = {(c.span.first_line, c.span.last_line) for _, c in chosen}

        def inside(f: TextFinding) -> bool:
            return any(a <= f.line <= b for a, b in lines)
        return Reading(self.source, self.act, chosen, tuple(f for f in self.findings if inside(f)),
                       tuple(n for n in self.notices if inside(n)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": "act" if self.act else "clause",
            "act": _act(self.act) if self.act else None,
            "clauses": [_clause(title, c) for title, c in self.clauses],
            "findings": [_finding(f) for f in self.findings],
            "notices": [_finding(n) for n in self.notices],
        }


def read(text: str, source: str = "<text>", number: tuple[int, int | None] | None = None) -> Reading:
    """Read *text* as an act, or failing that as one clause's body.

    A text that is neither (nothing in it parses as a step or an item) raises
    the act parser's :class:`TextError`, which says what an act lacks.
    """
    try:
        act = parse_act(text, source)
    except TextError as act_error:
        clauses, flat = parse_clause_texts(text, source)
        if number is not None and len(clauses) == 1:  # one clause: the caller names it
            clauses, flat = parse_clause_texts(text, source, number)
        if not any(c.steps or c.items for c in clauses):
            raise act_error from None
        what = "one clause" if len(clauses) == 1 else f"clauses {', '.join(c.ref for c in clauses)}"
        note = TextFinding("bare-clause", f"no act header ({act_error.message}): read as the body of {what}",
                       1, clauses[0].span)
        findings = tuple(f for c in clauses for f in c.findings)
        return Reading(source, None, tuple((None, c) for c in clauses), findings, (note, *flat.notices))
    pairs = tuple((r.title, c) for r in act.regulations for c in r.clauses)
    return Reading(source, act, pairs, act.findings, act.notices)


def read_file(path: str | os.PathLike[str], number: tuple[int, int | None] | None = None) -> Reading:
    """:func:`read` on a UTF-8 file (the same reading rules and errors as :func:`~.parser.load_act`)."""
    source = os.fspath(path)
    return read(read_text(source), source, number)


def _act(act: Act) -> dict[str, Any]:
    def ref(r: Any) -> dict[str, Any] | None:
        return {"number": r.number, "date": r.date.isoformat()} if r else None
    return {"title": act.title, "language": act.language, "number": act.number,
            "adopted": act.adopted.isoformat(), "registration": ref(act.registration),
            "status": str(act.status), "repealed_by": ref(act.repealed_by), "amends": ref(act.amends),
            "regulations": [{"number": r.number, "title": r.title, "clauses": [c.ref for c in r.clauses]}
                            for r in act.regulations]}


def _limit(limit: StatedTimeLimit | None) -> dict[str, Any] | None:
    if limit is None:
        return None
    word = _WITHIN_WORD.search(limit.raw)
    return {"value": limit.value, "unit": str(limit.unit), "words": limit.words, "raw": limit.raw,
            "within": limit.within, "within_word": " ".join(word.group(1).split()) if word else None,
            "lines": [limit.span.first_line, limit.span.last_line]}


def _step(step: Step) -> dict[str, Any]:
    result = step.result
    return {
        "index": step.index, "actor": step.actor_key, "actor_phrase": step.actor.phrase if step.actor else None,
        "action": step.action, "time_limit": _limit(step.time_limit),
        "alternatives": [{"condition": a.condition, "time_limit": _limit(a.limit)} for a in step.alternatives],
        "result": result.text if result else None,
        "result_to": result.target if result else None,
        "result_to_phrase": result.target_phrase if result else None,
        "lines": [step.span.first_line, step.span.last_line],
    }


def _item(item: Item) -> dict[str, Any]:
    return {"number": item.number, "kind": str(item.kind), "ref": item.ref, "description": item.description,
            "actors": [a.key for a in item.actors], "actor_phrases": [a.phrase for a in item.actors],
            "time_limit": _limit(item.time_limit), "lines": [item.span.first_line, item.span.last_line]}


def _clause(title: str | None, clause: Clause) -> dict[str, Any]:
    return {
        "regulation": title, "ref": clause.ref, "label": clause.label, "heading": clause.heading,
        "kind": str(clause.kind), "lines": [clause.span.first_line, clause.span.last_line],
        "steps": [_step(s) for s in clause.steps], "items": [_item(i) for i in clause.items],
        "processes": [i.ref for i in clause.items if str(i.kind) == "process"],
        "conditions": [i.ref for i in clause.items if str(i.kind) == "condition"],
        "closing": {"text": clause.closing.text, "appendix": clause.closing.appendix} if clause.closing else None,
        "abbreviations": [{"short": a.short, "full": a.full} for a in clause.abbreviations],
        "findings": [_finding(f) for f in clause.findings],
    }


def _finding(f: TextFinding) -> dict[str, Any]:
    return {"line": f.line, "code": f.code, "message": f.message}
