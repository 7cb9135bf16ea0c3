"""Who asks whom: the requests the text sends "X арқылы" (through X) and who sends them.

Item 4 of clause 8 reads "ЭҮШ арқылы ЖТ МДҚ-ға … сондай-ақ БНАЖ-ға … сұрау жолдауы":
a request goes *through* ЭҮШ *to* ЖТ МДҚ and БНАЖ. The text names the channel and the
addressees; the asker is the one who sends it, and the answers come back to the asker
the same way. Who the asker is, the text says in one of three ways, tried in order:

* the item names a person of the service side ("МК қызметкерінің электрондық цифрлық
  қолтаңбасымен куәландырылған … құжаттарды … жолдауы": the employee signs and sends);
* else the system the last person worked in — the system a person's own unit names as
  the place they enter into ("МК қызметкері МК ЫАЖ АЖО-ға логинді және парольді
  енгізуі": the employee works in МК ЫАЖ АЖО, which sends the request);
* else that person.

The draft uses the asker twice: a refusal the text gives no doer for, formed because
the addressees' answers were negative, is formed by the asker, who has the answers
(:mod:`toolkit.draft.planner`); and the per-actor view routes each request and its
answer through the channel and back (:mod:`toolkit.draft.pools`).
"""

from __future__ import annotations

import re

from toolkit.draft import roles, systems
from toolkit.draft.plan import Request
from toolkit.text.actors import Mention, find_mentions


def is_person(actor: str | None) -> bool:
    """A person of the service side (not the applicant, not an information system)."""
    return actor is not None and actor != roles.RECIPIENT and not systems.is_system(actor)


#: Russian names the place something goes *into* with a preposition ("в АРМ ИИС ГК", "в ГБД ФЛ").
_INTO = re.compile(r"(?:^|\s)(?:в|во|к)\s*$", re.IGNORECASE)


def _into(body: str, mention: Mention) -> bool:
    """Whether ``mention`` names where something goes: the Kazakh dative or the Russian "в …"."""
    return mention.is_dative or bool(_INTO.search(body[: mention.start]))


def workplace(body: str) -> str | None:
    """The system a person's unit enters into: the first system named as where it goes."""
    return next((m.key for m in find_mentions(body) if m.key and systems.is_system(m.key) and _into(body, m)), None)


def request(body: str, last_person: str | None, workplaces: dict[str, str]) -> Request | None:
    """The request an item sends through a channel, or ``None`` if it sends none."""
    found = roles.channels(body)
    if not found:
        return None
    channel = found[0][0]
    mentions = [m for m in find_mentions(body) if m.key]
    addressees = tuple(dict.fromkeys(m.key for m in mentions if _into(body, m) and m.key != channel
                                     and m.key != roles.RECIPIENT))
    if not addressees:
        return None
    named = [m.key for m in mentions if is_person(m.key) and not _into(body, m) and m.key != channel]
    asker = named[0] if named else (workplaces.get(last_person) if last_person else None) or last_person
    if asker is None or asker == channel:
        return None
    return Request(channel, addressees, asker, ())
