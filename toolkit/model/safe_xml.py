"""Parsing XML from people we do not trust.

BPMN files come from designers, modelling tools and, for the linter, from anyone.
lxml defaults are close to safe, but not quite: it still reads a document's DTD,
and with entities a 1 KB file can expand to gigabytes. A BPMN document never needs
a DTD, so we refuse any, refuse oversized input before parsing, and never touch the
network. Errors carry the file and line so the CLI prints one useful line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from toolkit.errors import ModelError

#: Largest file we agree to parse. The biggest MIWG reference model is 240 KB; a
#: real regulation model is far smaller. Callers can raise it explicitly.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def _as_utf8(data: bytes) -> bytes:
    """The bytes to scan for a DOCTYPE: UTF-16/32 documents are transcoded first."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").encode("utf-8")
    if data[:2] in (b"<\x00", b"\x00<"):
        codec = "utf-16-le" if data[:2] == b"<\x00" else "utf-16-be"
        return data.decode(codec, errors="replace").encode("utf-8")
    return data


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, refusing directories, unreadable files and oversized ones."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ModelError("no such file", str(p)) from None
    except OSError as exc:
        raise ModelError(f"cannot read: {exc.strerror}", str(p)) from None
    if p.is_dir():
        raise ModelError("is a directory, expected a .bpmn file", str(p))
    if size > max_bytes:
        raise ModelError(f"file is {size} bytes, over the {max_bytes}-byte limit", str(p))
    try:
        # Devices and pipes report size 0: never read more than the limit, whatever stat said.
        with p.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ModelError(f"cannot read: {exc.strerror}", str(p)) from None
    if len(data) > max_bytes:
        raise ModelError(f"file is over the {max_bytes}-byte limit", str(p))
    return data


def parse_xml(data: bytes, source: str = "<string>", max_bytes: int = DEFAULT_MAX_BYTES) -> etree._ElementTree:
    """Parse ``data`` safely; the declared encoding (e.g. ISO-8859-1) is honoured.

    Raises :class:`ModelError` naming ``source`` and the line for malformed or
    hostile input.
    """
    if len(data) > max_bytes:
        raise ModelError(f"document is {len(data)} bytes, over the {max_bytes}-byte limit", source)
    if not data.strip():
        raise ModelError("empty file, expected BPMN XML", source)
    scan = _as_utf8(data)
    root = _ROOT_START.search(scan)  # a DOCTYPE can only stand before the root element
    match = _DOCTYPE.search(scan, 0, root.start() if root else len(scan))
    if match:
        line = scan.count(b"\n", 0, match.start()) + 1
        raise ModelError("DTDs and entity declarations are not allowed in BPMN files", source, line)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        at: int | None = exc.lineno or (exc.position[0] if exc.position else None)
        message = " ".join((exc.msg.split(", line ")[0] if exc.msg else "malformed XML").split())
        if "XML_PARSE_HUGE" in message:  # libxml2's advice is for its own callers, not ours
            message = "elements nested too deeply (more than 256 levels)"
        raise ModelError(f"malformed XML: {message}", source, at) from None
    except ValueError as exc:  # e.g. unknown encoding name in the declaration
        raise ModelError(f"cannot decode: {exc}", source, 1) from None
    # Non-ASCII-compatible encodings (UTF-16) hide a DOCTYPE from the byte scan.
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise ModelError("DTDs and entity declarations are not allowed in BPMN files", source, 1)
    return tree
