"""Label text: names in the chosen language, wrapping, time limits, clause references.

Everything here is pure and deterministic (no Graphviz, no fonts loaded): the
width of a text is computed from DejaVu Sans's advance widths
(:mod:`toolkit.render.metrics`), so a label wraps the same way on every machine
and the DOT text stays byte-for-byte stable.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from toolkit import units
from toolkit.model.elements import ClauseRef, FlowNode, Names, TimeLimit
from toolkit.render import metrics

LANGS = ("kk", "ru", "en")

#: Short units as a table cell fits them: "30 мин", "1 жұм. күн".
UNIT_SHORT = units.SHORT
#: How an alternative limit is joined to the usual one: "6 жұм. күн · не 20 жұм. күн".
OR_WORD = {"kk": "не", "ru": "или", "en": "or"}
#: Clause parts in each language: step, item, process, condition, appendix.
CLAUSE_WORDS = {
    "kk": {"step": "{}-қадам", "item": "{})", "process": "{}-процесс", "condition": "{} шарт",
           "appendix": "{}-қосымша"},
    "ru": {"step": "шаг {}", "item": "пп. {})", "process": "{}-процесс", "condition": "{} шарт",
           "appendix": "прил. {}"},
    "en": {"step": "step {}", "item": "item {}", "process": "process {}", "condition": "condition {}",
           "appendix": "appendix {}"},
}
DEFAULT_WORD = {"kk": "әдепкі", "ru": "по умолчанию", "en": "default"}

CLOCK = "◷"
SECTION = "§"


# -- measuring ----------------------------------------------------------------

def _table(ranges: Sequence[tuple[int, Sequence[int]]]) -> tuple[list[int], list[tuple[int, Sequence[int]]]]:
    return [start for start, _ in ranges], list(ranges)


_REGULAR = _table(metrics.REGULAR)
_BOLD = _table(metrics.BOLD)


@lru_cache(maxsize=4096)
def char_width(char: str, bold: bool = False) -> float:
    """Advance width of one character in ems (DejaVu Sans; 0.6 for characters outside the table,
    1.0 for symbols such as markers)."""
    starts, ranges = _BOLD if bold else _REGULAR
    code = ord(char)
    index = bisect_right(starts, code) - 1
    if index >= 0:
        start, widths = ranges[index]
        if code - start < len(widths):
            return widths[code - start] / 1000
    return 1.0 if code >= 0x2190 else 0.6


@lru_cache(maxsize=65536)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at font ``size`` (points)."""
    return sum(char_width(c, bold) for c in text) * size


def line_height(size: float) -> float:
    """Height of one line of text at ``size`` points (DejaVu's ascent + descent, as Graphviz spaces it)."""
    return size * 1.2


# -- wrapping -----------------------------------------------------------------

def clean(text: str | None) -> str:
    """One line of text: line breaks and runs of spaces become single spaces."""
    return " ".join((text or "").split())


def _greedy(words: Sequence[str], width: float, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _split_long(word: str, width: float, size: float, bold: bool) -> list[str]:
    """Break a word wider than ``width`` (an identifier, a URL) into pieces that fit."""
    pieces, current = [], ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str | None, width: float, size: float, bold: bool = False, max_lines: int | None = None) -> list[str]:
    """Wrap ``text`` into lines at most ``width`` points wide, balanced.

    Greedy wrapping fills the first lines and leaves a stub at the end ("жауапты
    орындаушысы келіп түскен … / жібереді"); here the greedy line count is kept
    and the narrowest width that still gives that count is used, so the lines
    come out of even length. A word wider than the width gets a line of its own
    (a header grows to fit "Услугополучатель"); only a word more than twice the
    width (an identifier, a URL) is split. With ``max_lines`` the last kept line
    ends in an ellipsis.
    """
    words: list[str] = []
    for word in clean(text).split(" "):
        if not word:
            continue
        if text_width(word, size, bold) > width * 2:
            words.extend(_split_long(word, width, size, bold))
        else:
            words.append(word)
    if not words:
        return []
    lines = _greedy(words, width, size, bold)
    if len(lines) > 1:
        low = max(text_width(w, size, bold) for w in words)
        high = width
        for _ in range(24):
            if high - low < 0.5:
                break
            mid = (low + high) / 2
            if len(_greedy(words, mid, size, bold)) <= len(lines):
                high = mid
            else:
                low = mid
        lines = _greedy(words, high, size, bold)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def block_size(lines: Sequence[str], size: float, bold: bool = False) -> tuple[float, float]:
    """Width and height in points of a block of centred lines."""
    if not lines:
        return 0.0, 0.0
    return max(text_width(line, size, bold) for line in lines), line_height(size) * len(lines)


# -- what a label says --------------------------------------------------------

def name_of(names: Names | None, lang: str) -> str:
    """The name in ``lang``, falling back to Kazakh (the text's own words); '' when there is none."""
    if names is None:
        return ""
    return clean(names.get(lang))


def format_limit(limit: TimeLimit, lang: str) -> str:
    """``30 мин``, ``1 жұм. күн``, ``2 сағ`` — the value and the short unit."""
    units = UNIT_SHORT.get(lang, UNIT_SHORT["kk"])
    return f"{limit.value} {units.get(limit.unit, limit.unit)}"


def time_limit_text(node: FlowNode, lang: str) -> str | None:
    """The task's time limit line: ``◷ 6 жұм. күн · не 20 жұм. күн`` (usual, then each alternative)."""
    if not node.time_limits:
        return None
    usual = node.usual_limit
    alternatives = node.alternatives
    parts: list[str] = []
    if usual is not None:
        parts.append(format_limit(usual, lang))
    or_word = OR_WORD.get(lang, OR_WORD["kk"])
    for alt in alternatives:
        parts.append(f"{or_word} {format_limit(alt, lang)}" if parts else format_limit(alt, lang))
    return f"{CLOCK} " + " · ".join(parts)


def clause_text(clauses: Iterable[ClauseRef], lang: str) -> str | None:
    """``§ 5.1, 3-қадам; 7.1, 3-қадам`` — where in the regulation a step comes from."""
    words = CLAUSE_WORDS.get(lang, CLAUSE_WORDS["kk"])
    rendered: list[str] = []
    for ref in clauses:
        parts = [ref.clause]
        for field in ("step", "item", "process", "condition", "appendix"):
            value = getattr(ref, field)
            if value is not None:
                parts.append(words[field].format(value))
        text = ", ".join(parts)
        if text not in rendered:
            rendered.append(text)
    if not rendered:
        return None
    return f"{SECTION} " + "; ".join(rendered)


# -- escaping -----------------------------------------------------------------

def html(text: str) -> str:
    """Escape text for a Graphviz HTML-like label."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def quoted(text: str) -> str:
    """A DOT double-quoted string (backslashes and quotes escaped; newlines become centred breaks)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'
