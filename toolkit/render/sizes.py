"""How big things are drawn: one table for Graphviz pictures, one for bpmn-js (BPMNDI).

The layout is the same for ``render`` and ``layout``; what differs is who draws
the result. Graphviz draws our own notation (DejaVu Sans 10 pt in tasks, time
limits under the name), so the picture's shapes are sized for that. bpmn-js (the
Modeler, bpmn.io) draws a model's BPMNDI with its own shapes and its own text
layout, so a diagram written into a model must be sized the way bpmn-js draws:

* standard shapes — events 36×36, gateways 50×50, data objects 36×50, data
  stores 50×50 (bpmn-js ``ElementFactory.getDefaultSize``);
* a task's name is laid out by diagram-js ``util/Text.js`` inside the task's
  box less a 7 px padding (``BpmnRenderer.renderEmbeddedLabel``) in 12 px
  ``Arial, sans-serif`` with line height 1.2. Text.js breaks a line at spaces
  and hyphens, but a *word* wider than the box is cut in the middle
  (``shortenLine`` → "хабарлам/а"). So every word of the name must be narrower
  than the box less its padding;
* external labels (events, gateways, data, flows) are laid out in the label's
  own DI bounds at 11 px (``TextRenderer`` external style), starting from
  bpmn-js's 90 px default label width;
* pool and lane names are written turned by 90° in a 30 px header, in a box as
  long as the band is high and 30 px deep: two lines of 12 px text.

Text is measured, character by character, with the wider of DejaVu Sans
(:mod:`toolkit.render.metrics`) and Arial: a box wide enough for both is wide
enough in a browser with Arial and in one that falls back to DejaVu (Linux
without Arial). DejaVu is the wider for every lowercase Latin and Cyrillic
letter (Arial's "а" is 556/1000 em, DejaVu's 613); Arial is wider for a few
capitals and signs (Е, Р, С, У, Э, Я, C, E, P, S, J…), listed in
:data:`ARIAL_WIDER` — read from the hmtx table of Liberation Sans 1.07, whose
advance widths are Arial's by design. Widths are rounded up to whole pixels.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from toolkit.render import labels as L

#: bpmn-js text: 12 px, external labels 11 px, line height 1.2 (TextRenderer).
BPMN_FONT = 12.0
BPMN_EXTERNAL_FONT = 11.0
BPMN_LINE = 1.2
#: diagram-js renders embedded labels with 7 px padding on each side (BpmnRenderer.renderEmbeddedLabel).
BPMN_TASK_PADDING = 7.0
#: A task-type icon (user, service, send…) sits in the top-left corner, about 25 px high.
BPMN_ICON_BAND = 26.0
#: Markers at the bottom centre (loop, multi-instance, collapsed ⊞) take about 18 px.
BPMN_MARKER_BAND = 18.0
#: bpmn-js's default external label width (LabelUtil.DEFAULT_LABEL_SIZE).
BPMN_LABEL_WIDTH = 90.0
#: Participant and lane headers (bpmn-js draws the name turned in a 30 px strip).
BPMN_HEADER = 30.0
#: Room kept on each side of a word so Text.js's "narrower than round(maxWidth)" holds with margin.
WORD_SLACK = 4.0


#: Advance widths (1/1000 em) of the characters Arial sets wider than DejaVu Sans (Basic Latin,
#: Latin-1, Latin Extended-A, Cyrillic, general punctuation; from Liberation Sans, Arial-metric).
ARIAL_WIDER: dict[int, int] = {
    0x003f: 556, 0x0040: 1015, 0x0043: 722, 0x0045: 667, 0x0046: 611, 0x0047: 778, 0x004a: 500,
    0x004b: 667, 0x0050: 667, 0x0052: 722, 0x0053: 667, 0x0059: 667, 0x005f: 556, 0x00a7: 556,
    0x00af: 552, 0x00bf: 611, 0x00c6: 1000, 0x00c7: 722, 0x00c8: 667, 0x00c9: 667, 0x00ca: 667,
    0x00cb: 667, 0x00dd: 667, 0x00de: 667, 0x0106: 722, 0x0108: 722, 0x010a: 722, 0x010c: 722,
    0x0112: 667, 0x0114: 667, 0x0116: 667, 0x0118: 667, 0x011a: 667, 0x011c: 778, 0x011e: 778,
    0x0120: 778, 0x0122: 778, 0x0132: 735, 0x0134: 500, 0x0136: 667, 0x0154: 722, 0x0156: 722,
    0x0158: 722, 0x015a: 667, 0x015c: 667, 0x015e: 667, 0x0160: 667, 0x0176: 667, 0x0178: 667,
    0x0400: 667, 0x0401: 667, 0x0402: 865, 0x0404: 719, 0x0405: 667, 0x0408: 500, 0x040b: 854,
    0x040e: 635, 0x0415: 667, 0x0420: 667, 0x0421: 722, 0x0423: 635, 0x042b: 885, 0x042d: 719,
    0x042f: 722, 0x0459: 906, 0x04c0: 365, 0x04cf: 365, 0x2013: 556, 0x2017: 552, 0x2020: 556,
    0x2021: 556, 0x2024: 365, 0x2027: 365, 0x202f: 365,
}


@lru_cache(maxsize=65536)
def widest_text_width(text: str, size: float) -> float:
    """Width in px of ``text`` at ``size`` px in the wider of DejaVu Sans and Arial, per character."""
    return sum(max(L.char_width(c), ARIAL_WIDER.get(ord(c), 0) / 1000) for c in text) * size


@dataclass(frozen=True)
class Sizes:
    """Shape sizes and text settings of one drawing target."""

    name: str
    event: float
    boundary: float
    gateway: float
    data_object: tuple[float, float]
    data_store: tuple[float, float]
    #: wrapping width and font size of external labels (events, gateways, data)
    external_wrap: float
    external_font: float
    #: wrapping width and font size of flow labels
    edge_wrap: float
    edge_font: float
    #: fixed header width of pools and lanes (None: as wide as the name, written across)
    header: float | None
    #: does a flow with a condition but no name show the condition (Graphviz) or nothing (bpmn-js)?
    synthetic_flow_labels: bool
    #: may a call activity show the process it calls inside itself?
    inline_calls: bool

    @property
    def bpmn(self) -> bool:
        return self.name == "bpmn"


GRAPHVIZ = Sizes(name="graphviz", event=36.0, boundary=30.0, gateway=44.0, data_object=(32.0, 42.0),
                 data_store=(46.0, 40.0), external_wrap=100.0, external_font=9.0, edge_wrap=120.0,
                 edge_font=8.5, header=None, synthetic_flow_labels=True, inline_calls=True)
BPMN = Sizes(name="bpmn", event=36.0, boundary=36.0, gateway=50.0, data_object=(36.0, 50.0),
             data_store=(50.0, 50.0), external_wrap=BPMN_LABEL_WIDTH, external_font=BPMN_EXTERNAL_FONT,
             edge_wrap=BPMN_LABEL_WIDTH, edge_font=BPMN_EXTERNAL_FONT, header=BPMN_HEADER,
             synthetic_flow_labels=False, inline_calls=False)
TARGETS = {"graphviz": GRAPHVIZ, "bpmn": BPMN}


def widest_word(text: str, size: float) -> float:
    """The width of the widest word of ``text`` (words break only at spaces and hyphens)."""
    words = [w for part in L.clean(text).split(" ") for w in part.split("-")]
    return max((widest_text_width(w, size) for w in words if w), default=0.0)


def textjs_lines(text: str, max_width: float, size: float) -> list[str]:
    """The lines diagram-js ``util/Text.js`` makes of ``text`` in a box ``max_width`` wide.

    A port of ``layoutNext``/``shortenLine``/``semanticShorten``: measure the line; while it
    is not narrower than ``round(max_width)``, estimate how many characters fit, keep the
    whole words (split at spaces and hyphens) under that count, and cut the line in the
    middle of a word when not even the first word is under it. Measured here with the wider
    of DejaVu Sans and Arial, so where this port keeps a word whole, bpmn-js does too."""
    pending = [L.clean(text)] if L.clean(text) else []
    out: list[str] = []
    while pending:
        original = pending.pop(0)
        fit = original
        while True:
            width = widest_text_width(fit.rstrip(), size) if fit else 0.0
            if fit in (" ", "") or width < round(max_width) or len(fit) < 2:
                break
            fit = _shorten_line(fit, width, max_width)
        if len(fit) < len(original):
            pending.insert(0, original[len(fit):].strip())
        out.append(fit)
    return out


def _shorten_line(line: str, width: float, max_width: float) -> str:
    length = max(len(line) * (max_width / width), 1)
    parts = [p for p in re.split(r"(\s|-|\u00AD)", line) if p != ""] if re.search(r"\s|-", line) else []
    kept: list[str] = []
    count = 0
    for part in parts:
        if len(part) + count < length:
            kept.append(part)
            count += len(part)
        else:
            if part == "-":
                kept = kept[:-1]
            break
    shortened = "".join(kept)
    return shortened or line[:max(round(length - 1), 1)]


def cuts_a_word(text: str, max_width: float, size: float) -> bool:
    """Would Text.js cut a word of ``text`` in the middle in a box ``max_width`` wide?"""
    words = {w for part in L.clean(text).split(" ") for w in part.split("-") if w}
    return any(line.strip(" -") and line.strip(" -") not in words and not _joined_words(line, words)
               for line in textjs_lines(text, max_width, size))


def _joined_words(line: str, words: set[str]) -> bool:
    return all(piece in words for part in line.split(" ") for piece in part.split("-") if piece)


def _lines(text: str, width: float, size: float) -> int:
    return len(textjs_lines(text, width, size)) if text else 0


def _ceil(value: float, step: float = 10.0) -> float:
    return float(math.ceil(value / step - 1e-9) * step)


def task_size(name: str, icon: bool = False, markers: bool = False) -> tuple[float, float]:
    """A task box bpmn-js fills without cutting a word or writing over the icon.

    The standard 100×80 when the name fits; else wider (in 10 px steps, up to 300) until the
    lines fit in the height, and taller only when even 300 px is not enough."""
    line = BPMN_FONT * BPMN_LINE
    # Text is centred vertically; keep it clear of the icon band above and the marker band below
    # (both sides, since it is centred).
    reserve = 2 * max(BPMN_ICON_BAND if icon else BPMN_TASK_PADDING, BPMN_MARKER_BAND if markers else 0.0)
    least = widest_word(name, BPMN_FONT) + 2 * BPMN_TASK_PADDING + WORD_SLACK
    width = max(100.0, _ceil(least))
    best: tuple[float, float] | None = None
    while width <= max(300.0, _ceil(least)):
        inner = width - 2 * BPMN_TASK_PADDING - WORD_SLACK
        height = max(80.0, _ceil(_lines(name, inner, BPMN_FONT) * line + reserve))
        if height <= 80.0 or height <= width / 1.6:
            return width, height
        best = (width, height)
        width += 10.0
    assert best is not None
    return best


def label_lines(text: str, size: float = BPMN_EXTERNAL_FONT, width: float = BPMN_LABEL_WIDTH) -> list[str]:
    """An external label's lines: wrapped at ``width``, widened for a word that is longer."""
    if not text:
        return []
    wrap = max(width, widest_word(text, size) + WORD_SLACK)
    return L.wrap(text, wrap, size)


def header_need(name: str, size: float = BPMN_FONT) -> float:
    """How long a pool or lane must be for bpmn-js to write its name, turned, in at most two lines
    without cutting a word (its name box is as long as the band and 30 px deep)."""
    if not L.clean(name):
        return 0.0
    length = max(60.0, widest_word(name, size) + 2 * WORD_SLACK)
    while _lines(name, length - 2 * WORD_SLACK, size) > 2:
        length += 10.0
    return _ceil(length)


def annotation_size(text: str) -> tuple[float, float]:
    """A text annotation's box: 150 px wide (wider for a long word), as tall as its lines."""
    width = max(150.0, _ceil(widest_word(text, BPMN_FONT) + 2 * BPMN_TASK_PADDING + WORD_SLACK))
    lines = _lines(text, width - 2 * BPMN_TASK_PADDING - WORD_SLACK, BPMN_FONT)
    return width, max(30.0, _ceil(lines * BPMN_FONT * BPMN_LINE + 2 * BPMN_TASK_PADDING))
