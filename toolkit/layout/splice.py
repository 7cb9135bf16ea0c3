"""Cut a model's diagrams out of its text, and put new ones in, touching nothing else.

A designer's file is more than its elements: comments, attribute order, line
breaks, prefixes. Serialising a parsed tree would rewrite all of that, so the
diagram is replaced *textually*: the ``BPMNDiagram`` elements are found as byte
spans (checked against the parser's count, so a commented-out diagram cannot
fool it), removed with the blank space before them, and the new diagram text is
inserted on its own line before ``</definitions>``. Everything outside those
spans stays byte for byte what it was — :func:`semantic_part` of the input and
of the output are equal, which is what the tests compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from toolkit.errors import InputError
from toolkit.model import safe_xml
from toolkit.model.namespaces import BPMN, BPMNDI, DC, DI


@dataclass(frozen=True)
class Prefixes:
    """The prefixes the file binds to the DI namespaces on its root (None: not bound there)."""

    bpmndi: str | None
    dc: str | None
    di: str | None
    definitions: str  # the qualified name of the root element, as written: "bpmn:definitions"


def _tree(data: bytes, source: str) -> etree._ElementTree:
    return safe_xml.parse_xml(data, source, max(len(data), 1))


def root_prefixes(data: bytes, source: str = "<model>") -> Prefixes:
    root = _tree(data, source).getroot()
    by_uri: dict[str, str] = {}
    for prefix, uri in root.nsmap.items():
        if prefix and uri not in by_uri:
            by_uri[uri] = prefix
    qualified = f"{root.prefix}:definitions" if root.prefix else "definitions"
    return Prefixes(by_uri.get(BPMNDI), by_uri.get(DC), by_uri.get(DI), qualified)


def diagram_spans(data: bytes, source: str = "<model>") -> list[tuple[int, int]]:
    """Byte spans ``[start, end)`` of every ``BPMNDiagram`` element, in document order."""
    tree = _tree(data, source)
    diagrams = [el for el in tree.getroot() if isinstance(el.tag, str) and el.tag == f"{{{BPMNDI}}}BPMNDiagram"]
    qualified = sorted({(f"{el.prefix}:" if el.prefix else "") + "BPMNDiagram" for el in diagrams})
    spans: list[tuple[int, int]] = []
    for name in qualified:
        tag = re.escape(name.encode())
        for match in re.finditer(rb"<" + tag + rb"(?=[\s/>])", data):
            start = match.start()
            head_end = data.index(b">", start)
            if data[head_end - 1:head_end] == b"/":
                spans.append((start, head_end + 1))
                continue
            close = data.find(b"</" + name.encode(), head_end)
            if close < 0:
                raise InputError(f"cannot find the end of <{name}> in the text", source)
            spans.append((start, data.index(b">", close) + 1))
    spans.sort()
    if len(spans) != len(diagrams) or any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
        raise InputError("cannot find the model's BPMNDiagram elements in its text (a comment or CDATA "
                         "that looks like one?); not rewriting it", source)
    return spans


def _with_space_before(data: bytes, start: int) -> int:
    while start > 0 and data[start - 1:start] in (b" ", b"\t", b"\n", b"\r"):
        start -= 1
    return start


def semantic_part(data: bytes, source: str = "<model>") -> bytes:
    """The model's text without its diagrams (and the blank space before each)."""
    out = bytearray()
    cursor = 0
    for start, end in diagram_spans(data, source):
        out += data[cursor:_with_space_before(data, start)]
        cursor = end
    out += data[cursor:]
    return bytes(out)


def replace_diagrams(data: bytes, diagram_text: str, source: str = "<model>") -> bytes:
    """``data`` with every BPMNDiagram removed and ``diagram_text`` inserted before ``</definitions>``."""
    prefixes = root_prefixes(data, source)
    stripped = semantic_part(data, source)
    if not diagram_text.strip():
        return stripped  # nothing to draw (an empty model): no diagram, no blank line
    close = stripped.rfind(b"</" + prefixes.definitions.encode())
    if close < 0:
        raise InputError(f"cannot find </{prefixes.definitions}> in the text", source)
    line_start = stripped.rfind(b"\n", 0, close) + 1
    encoding = _encoding(data, source)
    block = diagram_text.encode(encoding, "xmlcharrefreplace")
    if stripped[line_start:close].strip() == b"":
        newline = b"\r\n" if stripped[line_start - 2:line_start] == b"\r\n" else b"\n"
        if newline != b"\n":
            block = block.replace(b"\n", newline)
        return stripped[:line_start] + block + newline + stripped[line_start:]
    return stripped[:close] + block + stripped[close:]


def insert_into_plane(data: bytes, diagram_index: int, text: str, source: str = "<model>") -> bytes:
    """``data`` with ``text`` (DI elements) added at the end of the ``diagram_index``-th diagram's plane."""
    start, end = diagram_spans(data, source)[diagram_index]
    segment = data[start:end]
    closes = list(re.finditer(rb"</([A-Za-z_][\w.-]*:)?BPMNPlane\s*>", segment))
    match = closes[-1] if closes else None
    if match is None:
        raise InputError("the model's diagram has no BPMNPlane to add shapes to", source)
    at = start + match.start()
    line_start = data.rfind(b"\n", 0, at) + 1
    block = text.encode(_encoding(data, source), "xmlcharrefreplace")
    if data[line_start:at].strip() == b"":
        return data[:line_start] + block + b"\n" + data[line_start:]
    return data[:at] + block + data[at:]


def _encoding(data: bytes, source: str) -> str:
    tree = _tree(data, source)
    return tree.docinfo.encoding or "UTF-8"


__all__ = ["Prefixes", "diagram_spans", "insert_into_plane", "replace_diagrams", "root_prefixes", "semantic_part",
           "BPMN", "DC", "DI"]
