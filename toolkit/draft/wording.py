"""Names for the elements a draft adds around the text's units, quoted from the text.

Every name is a contiguous run of the text's own words, so ``reglament check``
(RC701) accepts it and a reader recognises it: an end event is named by what
the unit produces (the words before its final verb, or its result), a branch
by what the condition checks ("… бар болуын тексеруі" → "бар болуы") and what
the refusal is caused by ("… болмауына байланысты" → "болмауы").
"""

from __future__ import annotations

import re

from toolkit.text.actors import find_mentions

_WORD = re.compile(r"\S+")
_TRIM = " ;:,.–-—\"«»“”"
_KK_CHECK = re.compile(r"(\S+\s+)?(\S+)\s+тексеру\w*", re.IGNORECASE)
_KK_CAUSE = re.compile(r"(\S+\s+)?(\S+)\s+байланысты", re.IGNORECASE)
#: "құжаттар толық болмаған жағдайда": the case a refusal is given in.
_KK_CASE = re.compile(r"(?:\S+\s+){0,2}болмаған(?=\s+жағдай)", re.IGNORECASE)
_RU_CHECK = re.compile(r"проверк\w*\s+(.*)", re.IGNORECASE)
_RU_CAUSE = re.compile(r"в\s+связи\s+с\s+(.*)", re.IGNORECASE)
_RU_CASE = re.compile(r"в\s+случае\s+(.*)", re.IGNORECASE)
#: Accusative / dative endings dropped from the last word of a branch name.
_KK_ACCUSATIVE = re.compile(r"(?<=[аәеиоөұүыіуя])н$")
_KK_DATIVE = re.compile(r"(?<=[аәеиоөұүыіуя])(?:на|не)$")
_BE = re.compile(r"^болу", re.IGNORECASE)
FALLBACK = {"kk": ("иә", "жоқ"), "ru": ("да", "нет")}


def clean(text: str) -> str:
    return " ".join(text.split()).strip(_TRIM)


def words(text: str) -> list[str]:
    return [w for w in (w.strip(_TRIM) for w in _WORD.findall(text)) if w]


def heading_phrase(heading: str | None) -> str | None:
    """The clause heading up to its first comma ("МК жүгіну тәртібінің сипаттамасы")."""
    if not heading:
        return None
    first = clean(re.split(r"[,:;]", heading, maxsplit=1)[0])
    return first or None


#: Postpositions that belong to the actor before them ("МК қызметкері арқылы"), not to the object.
_KK_POSTPOSITIONS = frozenset({"арқылы", "бойынша", "үшін"})
_RU_TRAILING = frozenset({"в", "во", "о", "об", "на", "с", "со", "через", "по", "для", "к", "от", "и", "или", "при"})


def object_phrase(body: str, limit: int = 6, language: str = "kk") -> str:
    """What a unit produces: its last words before the final verb ("… туралы хабарламаны").

    The phrase starts after the last actor named before the verb, so it never
    begins inside an actor's name ("ЭҮАШ АЖО қалыптастырылған … нәтижесін" gives
    "қалыптастырылған … нәтижесін"); when only the verb follows that actor, the
    words before the actor are taken ("хабарламаны … алушыға береді" → "хабарламаны").
    """
    ws = words(body)
    if len(ws) <= 2:
        return " ".join(ws)
    if language == "ru":
        return _ru_object(body, limit)
    verb_at = body.rstrip(_TRIM).rfind(ws[-1])
    head = body[:verb_at] if verb_at > 0 else body
    pieces: list[str] = []
    cursor = 0
    for m in find_mentions(head):
        pieces.append(head[cursor:m.start])
        cursor = m.end
    pieces.append(head[cursor:])
    for piece in reversed(pieces):
        chosen = words(piece)
        while chosen and chosen[0].lower() in _KK_POSTPOSITIONS:
            chosen = chosen[1:]
        lowered = [w.lower() for w in chosen]
        if "байланысты" in lowered[:-1]:   # what is formed, not its cause
            chosen = chosen[lowered.index("байланысты") + 1:]
        if chosen:
            return " ".join(chosen[-limit:])
    return " ".join(ws[-1 - limit:-1])


def giver_phrase(body: str, actor: str) -> str:
    """From the body's start to the verb after the giver ("… құжаттарды көрсетілетін қызметті алушы берген")."""
    for m in find_mentions(body):
        if m.key == actor and not m.is_dative:
            tail = words(body[m.end:])
            phrase = clean(body[:m.end] + (" " + tail[0] if tail else ""))
            if len(words(phrase)) >= 2:
                return phrase
    return clean(body)


def outcome_names(condition: str, negative: str, language: str) -> tuple[str, str]:
    """(positive, negative) branch names of a condition, from the condition and its refusal item."""
    yes, no = FALLBACK.get(language, FALLBACK["kk"])
    if language == "ru":
        m = _RU_CHECK.search(condition)
        n = _RU_CAUSE.search(negative) or _RU_CASE.search(negative)
        return (_ru_head(m.group(1)) or yes if m else yes, _ru_head(n.group(1)) or no if n else no)
    m = _KK_CHECK.search(condition)
    if m:
        yes = _phrase(m, _KK_ACCUSATIVE)
    n = _KK_CAUSE.search(negative)
    if n:
        no = _phrase(n, _KK_DATIVE)
    else:
        case = _KK_CASE.search(negative)
        if case:
            no = clean(case.group(0))
    return yes, no


def from_text(name: str, language: str) -> bool:
    """Whether a branch name is the text's words rather than the plain yes/no fallback."""
    return name not in FALLBACK.get(language, FALLBACK["kk"])


def _phrase(match: re.Match[str], ending: re.Pattern[str]) -> str:
    """The word before the marker, with the one before it when it is a form of "болу" (to be)."""
    last = clean(match.group(2))
    stem = ending.sub("", last)
    if ending is _KK_DATIVE and stem == last:
        stem = re.sub(r"(?:ға|ге|қа|ке)$", "", last) or last
    before = clean(match.group(1) or "")
    if _BE.match(last) and before:
        return f"{before} {stem}"
    return stem


def _ru_object(body: str, limit: int) -> str:
    """Russian nominalisations open with the action ("формирование сообщения о …"): the object
    is the first run after it that is not an actor, without a dangling preposition."""
    first = words(body)[0]
    rest = body[body.find(first) + len(first):]
    cursor = 0
    pieces: list[str] = []
    for m in find_mentions(rest):
        pieces.append(rest[cursor:m.start])
        cursor = m.end
    pieces.append(rest[cursor:])
    for piece in pieces:
        chosen = words(piece)[:limit]
        while chosen and chosen[-1].lower() in _RU_TRAILING:
            chosen.pop()
        if chosen:
            return " ".join(chosen)
    return " ".join(words(body)[:limit])


def _ru_head(rest: str, limit: int = 2) -> str:
    """The first words after "проверка" / "в связи с", skipping an actor in the instrumental
    ("проверка услугодателем соответствия документов" → "соответствия документов"), without a
    dangling preposition: "наличием недостатков", "отсутствием данных"."""
    mentions = find_mentions(rest)
    if mentions and not rest[: mentions[0].start].strip():
        rest = rest[mentions[0].end:]
    chosen = []
    for word in words(rest):
        if word.lower() in _RU_TRAILING or any(m.start <= rest.find(word) < m.end for m in find_mentions(rest)):
            break
        chosen.append(word)
        if len(chosen) == limit:
            break
    return " ".join(chosen)
