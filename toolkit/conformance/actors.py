"""Who the text says does a unit, and which placements of an element it allows.

Steps (5.1) always open with their performer ("көрсетілетін қызметті берушінің
басшысы …"), which the text parser reads as ``Step.actor``. Items (8) are
nominalised ("МК қызметкерінің … таңдауы", "… хабарламаны қалыптастыруы") and
often name no doer at all, only addressees ("… ЭҮАШ АЖО-ға"), channels ("ЭҮШ
арқылы") or causes ("… болмауына байланысты"). The checker judges placement
only where the text names the doer, so it never demands what the text does not
say; :func:`item_performer` is that rule, written out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from toolkit.conformance.text_units import TextUnit
from toolkit.model.elements import FlowNode
from toolkit.text.actors import Mention, find_mentions

#: Collective actors and their members: a text naming the office ("кеңсесіне") is
#: satisfied by the office employee's lane, and the other way round.
MEMBERS: Mapping[str, frozenset[str]] = MappingProxyType({
    "office": frozenset({"office_employee"}),
    "office_employee": frozenset({"office"}),
    "service_provider": frozenset({"office", "office_employee", "head", "responsible_executor", "specialist"}),
})

#: Tasks that hand over or wait for what a unit produces, rather than doing its work.
EXCHANGE_TASKS = frozenset({"sendTask", "receiveTask"})

_PARENTHETICAL = re.compile(r"^\s*\([^()]*\)")
_CHANNEL_AFTER = re.compile(r"^\s*арқылы\b", re.IGNORECASE)
_CHANNEL_BEFORE = re.compile(r"\bчерез\s*$", re.IGNORECASE)
_CAUSE_AFTER = re.compile(r"\bбайланысты\b", re.IGNORECASE)
_CAUSE_BEFORE = re.compile(r"\bв\s+связи\s+с\b", re.IGNORECASE)
#: Russian instrumental endings ("работником", "услугодателем", "ответственным"): the doer of a nominalisation.
_RU_INSTRUMENTAL = re.compile(r"(?:ом|ем|ём|ой|ей|ою|ею|ым|им|ами|ями)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def same_actor(text_key: str | None, model_key: str | None) -> bool:
    """Whether a lane/pool with ``model_key`` is the actor the text calls ``text_key``."""
    if text_key is None or model_key is None:
        return False
    return text_key == model_key or model_key in MEMBERS.get(text_key, frozenset())


def item_performer(description: str) -> str | None:
    """The doer an item's text names, or ``None`` when it names none.

    The rule: the item's *first* actor mention is its doer if it is grammatically
    the subject, and then only. Later mentions are objects, possessors and
    addressees ("… алушының мәліметтерін енгізуі"). The first mention is not the
    doer when it is

    * a channel: "ЭҮШ арқылы", "через ШЭП" (a parenthetical abbreviation between is skipped);
    * inside a cause: "… болмауына байланысты", "в связи с …";
    * Kazakh: in the dative ("… жұмыс орнына"), locative, ablative or instrumental
      case, on the phrase's last word or after a hyphen ("ЭҮАШ АЖО-да"); the
      nominative and the genitive ("МК қызметкерінің … таңдауы") are subjects;
    * Russian: neither at the very start of the item ("услугополучатель подает")
      nor in the instrumental ("ввод работником …", "проверка услугодателем …");
      a genitive ("данных услугополучателя") or a prepositional phrase ("в АРМ
      РШЭП") is not a doer.
    """
    mentions = find_mentions(description)
    if not mentions or mentions[0].key is None:
        return None
    first = mentions[0]
    before = description[: first.start]
    after = description[first.end:]
    while _PARENTHETICAL.match(after):
        after = _PARENTHETICAL.sub("", after, count=1)
    if _CHANNEL_AFTER.match(after) or _CHANNEL_BEFORE.search(before):
        return None
    if _CAUSE_AFTER.search(after) or _CAUSE_BEFORE.search(before):
        return None
    words = _WORD.findall(first.phrase)
    if not words:
        return None
    if first.lang == "kk":
        # the case endings live in toolkit.text.suffixes, shared with the text parser
        case = first.kk_case
        if first.suffix:
            return first.key if case == "genitive" else None
        return None if case in ("dative", "oblique") else first.key
    at_start = not before.strip()
    return first.key if at_start or _RU_INSTRUMENTAL.search(words[0]) else None


_CONJUNCTION_BEFORE = re.compile(r"(?:^|\s)(?:және|немесе|мен|әрі|и|или|либо|а\s+также)\s*,?\s*$", re.IGNORECASE)


def _same_form(first: Mention, other: Mention) -> bool:
    """Whether two mentions are in the same grammatical form (coordinated subjects are)."""
    if first.lang != other.lang:
        return False
    if first.lang == "kk":
        return first.kk_case == other.kk_case
    first_word, other_word = _WORD.findall(first.phrase), _WORD.findall(other.phrase)
    return bool(first_word and other_word) and (
        bool(_RU_INSTRUMENTAL.search(first_word[0])) == bool(_RU_INSTRUMENTAL.search(other_word[0])))


def item_performers(description: str) -> tuple[str, ...]:
    """Every doer an item names: the first (:func:`item_performer`) and each actor
    coordinated with it — opened by "және/немесе/мен/и/или" and in the same case.

    "ЖТ МДҚ көрсетілетін қызметті алушы мәліметтерінің және БНАЖ сенімхат
    мәліметтерінің бар болуын тексеруі" is done by ЖТ МДҚ and БНАЖ; the
    recipient, named between them, only owns the data (a possessor is no doer).
    """
    first_key = item_performer(description)
    if first_key is None:
        return ()
    mentions = find_mentions(description)
    head = mentions[0]
    found = [first_key]
    for mention in mentions[1:]:
        if mention.key is None or mention.key in found:
            continue
        if not _CONJUNCTION_BEFORE.search(description[: mention.start]):
            continue
        after = description[mention.end:]
        if _CHANNEL_AFTER.match(after) or not _same_form(head, mention):
            continue
        found.append(mention.key)
    return tuple(found)


def channels(unit: TextUnit) -> tuple[str, ...]:
    """Actors the unit's text routes it through: "ЭҮШ арқылы", "через работника ГК"."""
    text = unit.item.description if unit.item is not None else unit.text
    out: list[str] = []
    for mention in find_mentions(text):
        if mention.key and is_channel(text, mention) and mention.key not in out:
            out.append(mention.key)
    return tuple(out)


def is_channel(text: str, mention: Mention) -> bool:
    """Whether ``mention`` in ``text`` is a channel: "X арқылы" (a parenthetical between is
    skipped: "ЭҮШ (бұдан әрі – …) арқылы") or "через X"."""
    after = text[mention.end:]
    while _PARENTHETICAL.match(after):
        after = _PARENTHETICAL.sub("", after, count=1)
    return bool(_CHANNEL_AFTER.match(after) or _CHANNEL_BEFORE.search(text[: mention.start]))


_RU_INTO = re.compile(r"(?:^|\s)(?:в|во)\s*$", re.IGNORECASE)
#: Russian verbs after which "в X" is a destination (accusative), not a place ("данных в ГБД ФЛ").
_RU_SENDING = re.compile(r"направ|передач|передае|отправ|поступ|ввод|вводит|внес", re.IGNORECASE)


def addressees(unit: TextUnit) -> tuple[str, ...]:
    """Actors the unit's sentence sends something to: the Kazakh dative ("БНАЖ-ға",
    "МК қызметкеріне"), the Russian dative, or in a Russian sentence of sending or
    entering ("направление … в АРМ РШЭП", "ввод … в АРМ ИИС ГК") the actor after "в"."""
    return dative_addressees(unit.item.description if unit.item is not None else unit.text)


def dative_addressees(text: str) -> tuple[str, ...]:
    """:func:`addressees` of a unit's text (a step's sentence, an item's description)."""
    sending = bool(_RU_SENDING.search(text))
    out: list[str] = []
    for mention in find_mentions(text):
        into = mention.lang == "ru" and sending and bool(_RU_INTO.search(text[: mention.start]))
        if mention.key and (mention.is_dative or into) and mention.key not in out:
            out.append(mention.key)
    return tuple(out)


def performers(unit: TextUnit) -> tuple[str, ...]:
    """Every doer of the unit: a step's opening actor; an item's by :func:`item_performers`."""
    if unit.step is not None:
        return (unit.step.actor_key,) if unit.step.actor_key else ()
    if unit.item is not None:
        return item_performers(unit.item.description)
    return ()


def performer(unit: TextUnit) -> str | None:
    """The unit's doer: a step's opening actor, an item's by :func:`item_performer`."""
    if unit.step is not None:
        return unit.step.actor_key
    if unit.item is not None:
        return item_performer(unit.item.description)
    return None


def named_actors(unit: TextUnit) -> frozenset[str]:
    """Every actor the unit's text names: in its sentence and, for a step, its result."""
    if unit.item is not None:
        return frozenset(unit.item.actor_keys)
    keys = {m.key for m in find_mentions(unit.text)}
    if unit.step is not None and unit.step.actor_key:
        keys.add(unit.step.actor_key)
    if unit.result is not None and unit.result.target:
        keys.add(unit.result.target)
    return frozenset(keys)


def allowed_actors(unit: TextUnit) -> frozenset[str] | None:
    """Where a *work* element of the unit may sit, or ``None`` when the text does not say.

    A step's work belongs to its performer alone (the genre gives every step one
    doer); an item's to its doers (coordinated ones too: "ЖТ МДҚ … және БНАЖ …
    тексеруі" is done by each) and to the actors it is done through ("МК
    қызметкері арқылы … алуы": the employee hands the result over), provided it
    names a doer at all. Possessors ("алушы мәліметтерінің"), addressees and
    agents of a participle ("ЭҮАШ АЖО қалыптастырылған") are not doers.
    """
    doers = performers(unit)
    if not doers:
        return None
    if unit.step is not None:
        return frozenset(doers)
    return frozenset(doers) | frozenset(channels(unit))


def allows(allowed: frozenset[str], model_key: str | None) -> bool:
    """Whether ``model_key`` is one of ``allowed`` (up to :data:`MEMBERS`)."""
    return any(same_actor(key, model_key) for key in allowed)


def misplaced(unit: TextUnit, elements: Sequence[FlowNode],
              actor_of: Callable[[FlowNode], str | None]) -> list[FlowNode]:
    """The unit's *work* elements sitting with an actor the text does not allow (RC301).

    ``elements`` are the unit's flow nodes, ``actor_of`` maps a node to its lane's
    or pool's actor key. Empty when the text names no doer for the unit.

    A step whose result goes to an actor with no step of its own in the clause
    ("… басшысына қол қоюға жолдайды", and the head never acts again) may have a
    task of that actor too — what it does with the result is only implied, so
    it can cite nothing but the step — provided the step's own work sits with
    its performer.
    """
    allowed = allowed_actors(unit)
    if allowed is None:
        return []
    work = [n for n in elements if n.is_task and n.kind not in EXCHANGE_TASKS]
    wrong = [n for n in work if not allows(allowed, actor_of(n))]
    receiver = stepless_receiver(unit)
    if receiver is not None and len(wrong) < len(work):
        wrong = [n for n in wrong if not same_actor(receiver, actor_of(n))]
    return wrong


def stepless_receiver(unit: TextUnit) -> str | None:
    """The actor a step hands its result to when no step of the clause is that actor's."""
    target = unit.result.target if unit.result is not None else None
    if unit.step is None or target is None or target in performers(unit):
        return None
    if any(same_actor(target, s.actor_key) for s in unit.clause.steps):
        return None
    return target


def locations(unit: TextUnit) -> tuple[str, ...]:
    """Actors the unit happens *at*, outside any cause: the Kazakh locative and other oblique
    cases ("ЭҮАШ АЖО-да тіркеу"), the Russian "в X" ("регистрация … в АРМ РШЭП")."""
    text = unit.item.description if unit.item is not None else unit.text
    out: list[str] = []
    for mention in find_mentions(text):
        if mention.key is None or mention.key in out:
            continue
        before, after = text[: mention.start], text[mention.end:]
        if _CAUSE_AFTER.search(after) or _CAUSE_BEFORE.search(before) or "в связи с" in before.lower():
            continue
        located = (mention.kk_case == "oblique") if mention.lang == "kk" else bool(_RU_INTO.search(before))
        if located:
            out.append(mention.key)
    return tuple(out)


def participants(unit: TextUnit) -> tuple[str, ...]:
    """Who does the unit's work: its doers, else the actors it happens at ("в АРМ РШЭП").

    Channels and addressees are not counted: a unit sent "ЭҮШ арқылы … БНАЖ-ға" does
    not put БНАЖ in contact with whoever did the previous unit; its route says who
    talks to whom."""
    return performers(unit) or locations(unit)
