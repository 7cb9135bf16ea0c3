"""Actors: an element's lane or pool is the actor or system the text names for it.

Only *work* elements are placed by the text — user, service, manual, script…
tasks. Send/receive tasks, events and gateways hand over, wait for or route
what a unit produces, and in a collaboration of one pool per system (appendix
1) each system has its own; the text does not place them. A step's work
belongs to its performer; an item's to any actor the item names, when the item
names a doer at all (see :func:`toolkit.conformance.actors.item_performer`).
Lanes and pools are checked too: a name that denotes one actor and a
``reg:actor`` key that says another is RC302.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.actors import allowed_actors, misplaced, same_actor
from toolkit.conformance.codes import CODES
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.findings import Finding
from toolkit.text.actors import ACTORS, find_mentions

_SPEC = {a.key: a for a in ACTORS}


@check("actors", "RC301", "RC302")
def actors(ctx: Context) -> Iterator[Finding]:
    for unit in ctx.units:
        allowed = allowed_actors(unit)
        if allowed is None:
            continue
        expected = " or ".join(sorted(allowed))
        for node in misplaced(unit, ctx.elements_of(unit), ctx.actor_of):
            found = ctx.actor_of(node)
            yield ctx.at_node("RC301", f"{node.id} does {unit.label} in the lane/pool of {found or 'no actor'}; "
                              f"the text gives it to {expected}", node, unit,
                              expected=expected, found=found or "no lane/pool actor",
                              hint=f"move {node.id} into the lane/pool with reg:actor key={sorted(allowed)[0]!r}")
    yield from _lane_names(ctx)


def _lane_names(ctx: Context) -> Iterator[Finding]:
    model = ctx.model
    holders = [("lane", lane.id, lane.name, lane.actor, lane.line) for lane in model.lanes.values()]
    holders += [("pool", p.id, p.name, p.actor, p.line) for p in model.participants.values()]
    for kind, element_id, name, key, line in holders:
        if not name or not key:
            continue
        mentions = find_mentions(name)
        spec = CODES["RC302"]
        if not mentions or mentions[0].key is None:
            actor = _SPEC.get(key)
            if actor is None:
                continue  # a key the text does not know: nothing to compare the name with
            phrase = actor.russian if ctx.act.language == "ru" else actor.kazakh
            yield Finding(code="RC302", message=f"{kind} {element_id} is named {name!r}, which denotes no actor; "
                          f"its reg:actor key is {key!r} ({phrase})", source=model.source, line=line,
                          element_id=element_id, severity=spec.severity, expected=phrase, found=name,
                          hint=f"name the {kind} with the text's words for {key!r}: {phrase!r}")
            continue
        denoted = mentions[0].key
        if same_actor(denoted, key) or same_actor(key, denoted):
            continue
        yield Finding(code="RC302", message=f"{kind} {element_id} is named {name!r} ({denoted}) but its "
                       f"reg:actor key is {key!r}", source=model.source, line=line, element_id=element_id,
                       severity=spec.severity, expected=denoted, found=key, hint=spec.hint)
