"""Parse a restated clause's text: its label and heading, then steps or items.

Three shapes occur in the genre — step clauses (:mod:`.steps`), steps written
as a numbered list (:mod:`.liststeps`) and item lists (:mod:`.items`).  A
clause whose content opens with ``1)`` is a list of steps when every entry
opens with an actor and some carry limits or results, else an item list;
anything else is read as steps.  Nothing here looks at line numbers or at
which act this is.
"""

from __future__ import annotations

import re

from .flat import Piece
from .freeze import Findings, abbreviations_in
from .items import ITEM_MARKER, item_markers, parse_items
from .limit_phrases import find_limits
from .liststeps import is_list_of_steps, parse_list_steps
from .model import Clause, ClauseKind, Closing, Item, Step
from .steps import parse_steps

__all__ = ["parse_clause"]

_SUB_LABEL = re.compile(r"(\d{1,3})\s*\)\s*")
_PARA_LABEL = re.compile(r"(\d{1,3})\s*\.\s*")


def _heading(rest: Piece) -> tuple[Piece | None, Piece]:
    """Split ``<heading>: <content>`` when the colon comes before any sentence, item or limit."""
    text = rest.flat.text
    colon = text.find(":", rest.start, min(rest.end, rest.start + 500))
    if colon < 0:
        return None, rest
    head = Piece(rest.flat, rest.start, colon)
    if ";" in head.text or ITEM_MARKER.search(text, head.start, head.end) or find_limits(text, head.start, head.end):
        return None, rest
    return head.strip(), Piece(rest.flat, colon + 1, rest.end).strip()


def parse_clause(body: Piece, paragraph: int, subparagraph: int | None) -> Clause:
    """Parse the restated text ``body`` of clause ``paragraph[.subparagraph]``."""
    flat = body.flat
    text = flat.text
    findings = Findings()
    label: str | None = None
    rest = body
    label_rx = _SUB_LABEL if subparagraph is not None else _PARA_LABEL
    lm = label_rx.match(text, body.start, body.end)
    if lm:
        number = int(lm.group(1))
        label = f"{number})" if subparagraph is not None else f"{number}."
        wanted = subparagraph if subparagraph is not None else paragraph
        if number != wanted:
            restated = f"{paragraph}.{subparagraph}" if subparagraph is not None else str(paragraph)
            findings.add(
                "label-mismatch",
                f"the directive restates {restated}, the text opens with {label}",
                Piece(flat, lm.start(), lm.end()).span,
            )
        rest = Piece(flat, lm.end(), body.end).strip()
    heading, content = _heading(rest)
    markers = item_markers(content)
    steps: list[Step] = []
    items: list[Item] = []
    closing: Closing | None = None
    if markers and is_list_of_steps(content, markers):
        steps, closing = parse_list_steps(content, markers, findings)
    elif markers:
        items, closing = parse_items(content, markers, findings)
    else:
        steps = parse_steps(content, findings)
    if not steps and not items:
        findings.add("empty-clause", "the restated text has neither steps nor items", body.span)
    abbreviations = list(abbreviations_in(heading) if heading else [])
    for s in steps:
        abbreviations += s.abbreviations
    for it in items:
        abbreviations += it.abbreviations
    return Clause(
        paragraph=paragraph,
        subparagraph=subparagraph,
        kind=ClauseKind.ITEMS if items else ClauseKind.STEPS,
        label=label,
        heading=heading.text if heading else None,
        steps=tuple(steps),
        items=tuple(items),
        closing=closing,
        abbreviations=tuple(abbreviations),
        findings=tuple(sorted(findings.items, key=lambda f: (f.line, f.code))),
        span=body.span,
    )
