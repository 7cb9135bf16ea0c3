"""Who does a unit, which party (pool) that actor belongs to, and who sends what to whom.

The draft reads roles only through :mod:`toolkit.text.actors` (the parser's own
actor table and case logic) and the checker's rule for an item's doer
(:func:`toolkit.conformance.actors.item_performer`), so a draft places work
exactly where ``reglament check`` will look for it. Where the text names no
doer (an item that only names a channel, "ЭҮШ арқылы …", or a cause, "…
болмауына байланысты"), the draft still has to put the task somewhere; it
takes the channel, else the first actor not named as an addressee, else the
previous unit's lane, and says so in docs/draft.md.

Parties: the applicant (``service_recipient``) is one party; everyone who
provides the service — the provider's office, head and executor, the State
Corporation's employee and the information systems it works through — is the
other, one pool with a lane per actor, as the hand-made models draw it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.conformance.actors import item_performer
from toolkit.text.actors import ACTORS, find_mentions

RECIPIENT = "service_recipient"
PROVIDER = "service_provider"
STATE_CORPORATION = "state_corporation"

#: Actors that make the service side the State Corporation rather than the provider itself.
SC_ACTORS = frozenset({"sc_employee", "sc_iis_workplace"})

_SPEC = {a.key: a for a in ACTORS}
_CHANNEL_AFTER = re.compile(r"^\s*(?:\([^()]*\)\s*)*[-‐–]?\s*арқылы\b", re.IGNORECASE)
_CHANNEL_BEFORE = re.compile(r"\b(?:через|посредством)\s*$", re.IGNORECASE)
_CAUSE = re.compile(r"\b(?:байланысты|в\s+связи\s+с)\b", re.IGNORECASE)
#: "… нәтижесін алуы / алады", "получение … результата", "получает": the subject receives.
_RECEIVES = re.compile(r"(?:\bалу(?:ы|ға)?\b|\bалады\b|\bполучени\w*|\bполучает\w*)", re.IGNORECASE)


def actor_name(key: str, language: str) -> str:
    """The text's words for an actor in the act's language (its nominative form)."""
    spec = _SPEC.get(key)
    if spec is None:
        return key
    return spec.russian if language == "ru" else spec.kazakh


def lane_name(key: str, language: str, texts: list[str], subjects: dict[str, str]) -> str:
    """A lane's or pool's name in the text's own words, one that still denotes ``key``.

    Preference: the phrase a step opens with (its subject, so uninflected:
    "көрсетілетін қызметті берушінің басшысы"), then the actor table's name
    (the dictionary form, which the genre's texts use), then an uninflected
    Kazakh mention in ``texts``, then any mention.
    """
    candidates = [subjects[key]] if subjects.get(key) else []
    candidates.append(actor_name(key, language))
    mentions = [m for t in texts for m in find_mentions(t) if m.key == key]
    if language == "kk":
        candidates += [m.phrase for m in mentions if m.kk_case is None and not m.suffix]
    candidates += [m.phrase for m in mentions]
    for name in candidates:
        found = find_mentions(name)
        if found and found[0].key == key:
            return name
    return actor_name(key, language)


@dataclass(frozen=True)
class Role:
    """A unit's performer as the draft places it, and how sure the text is of it."""

    actor: str | None
    named: bool    # the text names this doer (the checker will hold the draft to it)


def item_role(description: str) -> Role:
    """The doer of an item (see the module docstring for the fallback order)."""
    doer = item_performer(description)
    if doer is not None:
        return Role(doer, True)
    mentions = [m for m in find_mentions(description) if m.key and m.key != RECIPIENT]
    for m in mentions:
        if _CHANNEL_AFTER.match(description[m.end:]) or _CHANNEL_BEFORE.search(description[:m.start]):
            return Role(m.key, False)
    cause = _CAUSE.search(description)
    for m in mentions:
        if cause is not None and _in_cause(m.start, cause):
            continue
        if not m.is_dative:
            return Role(m.key, False)
    return Role(None, False)


def _in_cause(at: int, cause: re.Match[str]) -> bool:
    """Whether a mention at ``at`` is inside the cause: before Kazakh "… байланысты" (a postposition),
    after Russian "в связи с …" (a preposition)."""
    return at < cause.start() if cause.group().lower() == "байланысты" else at > cause.start()


def channel(description: str) -> str | None:
    """The actor a unit goes *through* ("МК қызметкері арқылы", "через работника …")."""
    for m in find_mentions(description):
        if m.key and (_CHANNEL_AFTER.match(description[m.end:]) or _CHANNEL_BEFORE.search(description[:m.start])):
            return m.key
    return None


def channels(description: str) -> list[tuple[str, int]]:
    """Every actor a unit goes through, with where its mention starts (the applicant excluded)."""
    found: list[tuple[str, int]] = []
    for m in find_mentions(description):
        if (m.key and m.key != RECIPIENT and m.key not in (k for k, _ in found)
                and (_CHANNEL_AFTER.match(description[m.end:]) or _CHANNEL_BEFORE.search(description[:m.start]))):
            found.append((m.key, m.start))
    return found


def receives(description: str) -> bool:
    """Whether the unit's subject receives something ("… нәтижесін алуы", "получение результата")."""
    return bool(_RECEIVES.search(description))


def addressee(text: str) -> str | None:
    """The first actor named in the dative: to whom the unit hands something."""
    for m in find_mentions(text):
        if m.key and m.is_dative:
            return m.key
    return None


def mentions_giver(text: str, key: str) -> bool:
    """Whether ``text`` names ``key`` other than as an addressee (the applicant who hands in)."""
    return any(m.key == key and not m.is_dative for m in find_mentions(text))


def party_of(actor: str) -> str:
    """The pool an actor belongs to: the applicant's own, or the service side's."""
    return RECIPIENT if actor == RECIPIENT else "service"
