"""Labels: an element's name is the text's own words for what it cites.

See :mod:`toolkit.conformance.labels` for the rule (a contiguous run of the
normalised words of one segment of one cited unit; the last word may drop a
case ending). The name compared is the one in the act's language — ``name``
for a Kazakh act, ``reg:name lang="ru"`` (else ``name``) for a Russian one. Tasks and gateways
citing text must be named, with at least two words; events may be unnamed or
named with one word. An element citing a clause as a whole (a start event)
may quote the clause's heading or closing sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.labels import MIN_WORDS_ACTIVITY, MIN_WORDS_EVENT, quotes_any, words
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import clause_segments
from toolkit.findings import Finding


@check("labels", "RC701")
def labels(ctx: Context) -> Iterator[Finding]:
    lang = ctx.act.language
    for node in ctx.model.nodes.values():
        units = ctx.units_of(node.id)
        clauses = ctx.clause_citations.get(node.id, [])
        if not units and not clauses:
            continue
        segments = [s for u in units for s in u.label_segments()] + [s for c in clauses for s in clause_segments(c)]
        cited = units[0].label if units else clauses[0].ref
        name = node.names.get(lang)
        minimum = MIN_WORDS_EVENT if node.is_event else MIN_WORDS_ACTIVITY
        if not name or not words(name):
            if not node.is_event:
                yield ctx.at_node("RC701", f"{node.id} cites {cited} but has no name", node,
                                  clause=cited, expected=f"the text's words for {cited}", found="no name")
            continue
        if len(words(name)) < minimum:
            yield ctx.at_node("RC701", f"{node.id}: the name {name!r} is too short to say what {cited} says", node,
                              clause=cited, expected=f"at least {minimum} words of the text", found=name)
            continue
        if not quotes_any(name, segments):
            yield ctx.at_node("RC701", f"{node.id}: the name is not the text's words for {cited}", node,
                              clause=cited, expected=_shorten(segments[0]) if segments else "(no text)",
                              found=name)


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
