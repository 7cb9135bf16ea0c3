"""Who talks to whom: the routes the text gives each unit, and the actors it connects.

A unit's sentence names, besides its doers (:func:`toolkit.conformance.actors.performers`):

* channels — "ЭҮШ арқылы", "через работника ГК": what passes through them;
* addressees — the dative ("БНАЖ-ға", "МК қызметкеріне"), or "в АРМ РШЭП" in a
  Russian sentence of sending: where it goes;
* other actors in the nominative that are neither ("ЭҮАШ АЖО қалыптастырылған
  нәтижесі" — the result *formed by* ЭҮАШ АЖО): where something comes from.

From them, :func:`unit_route` builds the unit's hops, each ``sources → targets``:

* doers, channel(s), addressees: ``doer → channel → addressee``. Where the text
  names no doer ("ЭҮШ арқылы … сұрау жолдауы"), the first hop's origin is
  *open*: whoever sends the unit into the channel;
* a doer with a channel and no addressee receives through it ("алушы МК
  қызметкері арқылы … нәтижесін алуы"): ``origin ~> channel → doer``, where
  the origin (the nominative "others", or open) reaches the channel by a way
  the text does not describe (a *loose* hop);
* a doer and addressees, no channel: ``doer → addressee``.

A clause's *contacts* join, undirected, every hop's ends, consecutive units'
participants — their doers, else the actors they happen at (the work
passes on: item 8's ЭҮАШ АЖО to item 9's provider) — and each step's doer and its
result's recipient. A reply goes back along a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.conformance.actors import addressees, channels, is_channel, participants, performers
from toolkit.conformance.text_units import TextUnit, clause_units
from toolkit.text import Clause
from toolkit.text.actors import find_mentions

#: A hop's kinds: ``tight`` — the text joins its ends directly; ``open`` — its origin is
#: whoever sends the unit; ``loose`` — its origin reaches the target by an unstated way.
TIGHT, OPEN, LOOSE = "tight", "open", "loose"

#: Verbs of handing something over: a unit with addressees must deliver to them.
_SENDING = re.compile(
    r"(?<!\w)(?:жолда\w*|жібер\w*|береді|беруі|береді|ұсынады|ұсынуы|тапсыр\w*|"
    r"направ\w*|переда\w*|передач\w*|отправ\w*|выда\w*|пода[её]т|представля\w*)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Hop:
    sources: frozenset[str]       # empty for an open origin
    targets: frozenset[str]
    kind: str


@dataclass(frozen=True)
class Route:
    """A unit's hops, and every actor its sentence places on them."""

    unit: TextUnit
    hops: tuple[Hop, ...]
    members: frozenset[str]

    def describe(self) -> str:
        parts = []
        for hop in self.hops:
            origin = "/".join(sorted(hop.sources)) or "(sender)"
            arrow = " ~> " if hop.kind == LOOSE else " → "
            parts.append(origin + arrow + "/".join(sorted(hop.targets)))
        return "; ".join(parts) or "(no route)"


def _others(unit: TextUnit, named: set[str]) -> tuple[str, ...]:
    """Nominative actors that are neither doer, channel nor addressee (a participle's agent)."""
    text = unit.item.description if unit.item is not None else unit.text
    out: list[str] = []
    for mention in find_mentions(text):
        if mention.key is None or mention.key in named or mention.key in out:
            continue
        if is_channel(text, mention):
            continue
        if mention.lang == "kk" and mention.kk_case is None and not mention.suffix:
            out.append(mention.key)
    return tuple(out)


def unit_route(unit: TextUnit) -> Route:
    """The unit's hops (see the module docstring)."""
    doers = frozenset(performers(unit))
    through = [c for c in channels(unit) if c not in doers]
    to = frozenset(a for a in addressees(unit) if a not in doers and a not in through)
    hops: list[Hop] = []
    if through:
        if to or not doers:
            hops.append(Hop(doers, frozenset({through[0]}), TIGHT if doers else OPEN))
            hops.extend(Hop(frozenset({a}), frozenset({b}), TIGHT) for a, b in zip(through, through[1:]))
            if to:
                hops.append(Hop(frozenset({through[-1]}), to, TIGHT))
        else:
            others = frozenset(_others(unit, set(doers) | set(through)))
            hops.append(Hop(others, frozenset({through[0]}), LOOSE if others else OPEN))
            hops.extend(Hop(frozenset({a}), frozenset({b}), TIGHT) for a, b in zip(through, through[1:]))
            hops.append(Hop(frozenset({through[-1]}), doers, TIGHT))
    elif doers and to:
        hops.append(Hop(doers, to, TIGHT))
    members = frozenset(doers) | frozenset(through) | to
    for hop in hops:
        members |= hop.sources | hop.targets
    return Route(unit, tuple(hops), members)


def sends(unit: TextUnit) -> bool:
    """Whether the unit's sentence hands something over (so its addressees must get it)."""
    return hands_over(unit.item.description if unit.item is not None else unit.text)


def hands_over(text: str) -> bool:
    """Whether ``text`` (a step's sentence, an item's description) hands something over;
    the draft reads a unit with this too, so it models what the checker expects."""
    return bool(_SENDING.search(text))


def _hop_pairs(unit: TextUnit) -> set[frozenset[str]]:
    """A unit's contacts: each hop's ends, and each doer with its step's result recipient."""
    pairs = {frozenset({a, b}) for hop in unit_route(unit).hops for a in hop.sources for b in hop.targets if a != b}
    target = unit.result.target if unit.result is not None else None
    if target:
        pairs |= {frozenset({doer, target}) for doer in performers(unit) if doer != target}
    return pairs


def contacts(clause: Clause) -> set[frozenset[str]]:
    """The clause's undirected contacts (see the module docstring)."""
    units = clause_units(clause)
    pairs: set[frozenset[str]] = set()
    for unit in units:
        pairs |= _hop_pairs(unit)
    for first, second in zip(units, units[1:]):
        pairs |= {frozenset({a, b}) for a in participants(first) for b in participants(second) if a != b}
    return pairs
