"""Actors and information systems of the genre, recognised in Kazakh and Russian.

A regulation names the same participant many ways: "көрсетілетін қызметті
берушінің басшысы" (subject), "… басшысына" (handed to), "руководитель
услугодателя", "руководителю".  Models and checks need one stable key per
participant, so every phrase is mapped to a key from :data:`ACTORS`; the phrase
as written is kept beside it.  Stems end in ``\\w*`` so every case form
matches; the longest match wins where phrases overlap ("кеңсе қызметкері"
over "кеңсе"; "regional gateway" over "gateway").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .suffixes import hyphen_suffix, kk_case

__all__ = ["ActorSpec", "ACTORS", "ACTOR_KEYS", "Mention", "find_mentions", "subject_at", "handoff_target"]

# "of the service provider" — Kazakh puts it before the role, Russian after.
_KK_PROV = r"(?:көрсе\w*\s+қызметті\s+берушінің\s+)?"
_RU_PROV = r"(?:\s+услугодател\w*)?"
_RU_GK = r"(?:Государственной\s+корпорации|(?-i:ГК))"
_Q = "[\"«»“”„]?"


@dataclass(frozen=True)
class ActorSpec:
    """One participant: stable key, names in three languages, and the phrases that denote it.

    ``patterns`` are ``(language, regex)`` pairs; language (``"kk"``/``"ru"``)
    says which word of a match carries the case ending (Kazakh: the last,
    Russian: the first), which is how a handoff target is told from a subject.
    """

    key: str
    english: str
    kazakh: str
    russian: str
    patterns: tuple[tuple[str, str], ...]


ACTORS: tuple[ActorSpec, ...] = (
    ActorSpec(
        "office_employee", "office employee", "кеңсе қызметкері", "сотрудник канцелярии",
        (
            ("kk", _KK_PROV + r"кеңсе\s+(?:қызметкер|маман)\w*"),
            ("ru", r"(?:сотрудник|работник|специалист)\w*\s+канцеляри\w*" + _RU_PROV),
        ),
    ),
    ActorSpec(
        "office", "office", "кеңсе", "канцелярия",
        (("kk", _KK_PROV + r"кеңсе\w*"), ("ru", r"канцеляри\w*" + _RU_PROV)),
    ),
    ActorSpec(
        "head", "head of the service provider", "басшы", "руководитель",
        (("kk", _KK_PROV + r"басшы\w*"), ("ru", r"руководител\w*" + _RU_PROV)),
    ),
    ActorSpec(
        "responsible_executor", "responsible executor", "жауапты орындаушы", "ответственный исполнитель",
        (
            ("kk", _KK_PROV + r"жауапты\s+орындаушы\w*"),
            ("ru", r"ответственн\w*\s+исполнител\w*" + _RU_PROV),
        ),
    ),
    ActorSpec(
        "akimat_specialist", "specialist of the akimat", "әкімдік маманы", "специалист акимата",
        (
            (
                "kk",
                r"(?:(?:аудан|облыс|қала|ауыл|кент)\w*\s+(?:округ\w*\s+)?)?"
                r"(?:әкімдіг\w*|әкім\w*\s+аппарат\w*)\s+маман\w*",
            ),
            (
                "ru",
                r"специалист\w*\s+(?:аппарата\s+)?акима\w*"
                r"(?:\s+(?:района|области|города|села|поселка|сельского\s+округа))?",
            ),
        ),
    ),
    ActorSpec(
        "specialist", "specialist of the service provider", "маман", "специалист",
        (("kk", _KK_PROV + r"маман\w*"), ("ru", r"специалист\w*" + _RU_PROV)),
    ),
    ActorSpec(
        "sc_employee", "State Corporation employee", "МК қызметкері", "работник Государственной корпорации",
        (
            ("kk", r"(?-i:МК)\s+қызметкер\w*"),
            ("kk", r"Мемлекеттік\s+корпорация\w*\s+қызметкер\w*"),
            ("ru", r"(?:работник|сотрудник)\w*\s+" + _RU_GK),
        ),
    ),
    ActorSpec(
        "sc_iis_workplace",
        "workplace of the State Corporation's integrated information system",
        "МК ЫАЖ АЖО",
        "АРМ ИИС ГК",
        (
            ("kk", r"(?-i:МК\s+ЫАЖ\s+АЖО)"),
            ("kk", r"(?-i:МК)\s+Ықпалдастырылған\s+ақпараттық\s+жүйесінің\s+автоматтандырылған\s+жұмыс\s+орн\w*"),
            ("ru", r"(?-i:АРМ\s+ИИС)\s+" + _RU_GK),
            (
                "ru",
                r"автоматизированн\w*\s+рабоч\w*\s+мест\w*\s+интегрированной\s+информационной\s+системы\s+" + _RU_GK,
            ),
        ),
    ),
    ActorSpec(
        "regional_gateway_workplace",
        "workplace of the regional e-government gateway",
        "ЭҮАШ АЖО",
        "АРМ РШЭП",
        (
            ("kk", r"(?-i:ЭҮАШ\s+АЖО)"),
            ("kk", r"электрондық\s+үкіметтің\s+аймақтық\s+шлюзінің\s+автоматтандырылған\s+жұмыс\s+орн\w*"),
            ("ru", r"(?-i:АРМ\s+РШЭП)"),
            (
                "ru",
                r"автоматизированн\w*\s+рабоч\w*\s+мест\w*\s+регионального\s+шлюза\s+"
                + _Q + r"\s*электронного\s+правительства\s*" + _Q,
            ),
        ),
    ),
    ActorSpec(
        "egov_gateway", "e-government gateway", "ЭҮШ", "ШЭП",
        (
            ("kk", r"(?-i:ЭҮШ)"),
            ("kk", r"электрондық\s+үкімет\s+шлюз\w*"),
            ("ru", r"(?-i:ШЭП)"),
            ("ru", r"шлюз\w*\s+" + _Q + r"\s*электронного\s+правительства\s*" + _Q),
        ),
    ),
    ActorSpec(
        "gbd_fl", "state database of individuals", "ЖТ МДҚ", "ГБД ФЛ",
        (
            ("kk", r"(?-i:ЖТ\s+МДҚ)"),
            ("kk", r"жеке\s+тұлғалардың\s+мемлекеттік\s+деректер\s+қор\w*"),
            ("ru", r"(?-i:ГБД\s+ФЛ)"),
            ("ru", r"государственн\w*\s+баз\w*\s+данных\s+" + _Q + r"\s*Физические\s+лица\s*" + _Q),
        ),
    ),
    ActorSpec(
        "enis", "unified notarial information system", "БНАЖ", "ЕНИС",
        (
            ("kk", r"(?-i:БНАЖ)"),
            ("kk", r"Бірыңғай\s+нотариалдық\s+ақпараттық\s+жүйе\w*"),
            ("ru", r"(?-i:ЕНИС)"),
            ("ru", r"Един\w*\s+нотариальн\w*\s+информационн\w*\s+систем\w*"),
        ),
    ),
    ActorSpec(
        "service_recipient", "service recipient", "көрсетілетін қызметті алушы", "услугополучатель",
        (
            ("kk", r"көрсе\w*\s+қызметті\s+алушы\w*"),
            ("kk", r"өтініш\s+беруші\w*"),
            ("ru", r"услугополучател\w*"),
            ("ru", r"заявител\w*"),
        ),
    ),
    ActorSpec(
        "service_provider", "service provider", "көрсетілетін қызметті беруші", "услугодатель",
        (("kk", r"көрсе\w*\s+қызметті\s+беруші\w*"), ("ru", r"услугодател\w*")),
    ),
)

#: All actor keys, in table order.
ACTOR_KEYS: tuple[str, ...] = tuple(a.key for a in ACTORS)

_COMPILED: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (spec.key, lang, re.compile(r"(?<!\w)(?:" + rx + r")(?!\w)", re.IGNORECASE))
    for spec in ACTORS
    for lang, rx in spec.patterns
)

_RU_DATIVE = re.compile(r"(?:ю|у|ам|ям|ому|ему)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Mention:
    """A recognised phrase; offsets are into the string that was searched."""

    start: int
    end: int
    key: str
    lang: str
    phrase: str
    #: A Kazakh ending written after a hyphen right after the phrase ("ЭҮАШ АЖО-ға" → "ға").
    suffix: str | None = None

    @property
    def kk_case(self) -> str | None:
        """Kazakh: ``"dative"``/``"genitive"``/``"oblique"``/``None``, from the hyphenated ending or the last word."""
        words = _WORD.findall(self.phrase)
        return kk_case(words[-1] if words else "", self.suffix)

    @property
    def is_dative(self) -> bool:
        """Whether the phrase is in the dative ("to whom"), i.e. names a recipient."""
        words = _WORD.findall(self.phrase)
        if not words:
            return False
        if self.lang == "kk":
            return self.kk_case == "dative"
        return bool(_RU_DATIVE.search(words[0]))


def _mention(text: str, m: re.Match[str], key: str, lang: str) -> Mention:
    suffix = hyphen_suffix(text, m.end()) if lang == "kk" else None
    return Mention(m.start(), m.end(), key, lang, m.group(0), suffix)


def find_mentions(text: str, pos: int = 0, endpos: int | None = None) -> list[Mention]:
    """Every actor phrase in ``text[pos:endpos]``, non-overlapping, in text order.

    Where matches overlap, the earliest-starting then longest one wins.
    """
    endpos = len(text) if endpos is None else endpos
    found: list[Mention] = []
    for key, lang, rx in _COMPILED:
        for m in rx.finditer(text, pos, endpos):
            found.append(_mention(text, m, key, lang))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


def subject_at(text: str, pos: int = 0, endpos: int | None = None) -> Mention | None:
    """The actor phrase that starts ``text[pos:endpos]`` (after spaces), if any."""
    endpos = len(text) if endpos is None else endpos
    while pos < endpos and text[pos] == " ":
        pos += 1
    best: Mention | None = None
    for key, lang, rx in _COMPILED:
        m = rx.match(text, pos, endpos)
        if m and (best is None or m.end() > best.end):
            best = _mention(text, m, key, lang)
    return best


def handoff_target(text: str, pos: int = 0, endpos: int | None = None) -> Mention | None:
    """The first actor named in the dative in ``text[pos:endpos]`` — whom a result goes to."""
    for m in find_mentions(text, pos, endpos):
        if m.is_dative:
            return m
    return None
