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
from toolkit.reading import read_regular_file

#: Largest file we agree to parse. The biggest MIWG reference model is 240 KB; a
#: real regulation model is far smaller. Callers can raise it explicitly.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Attributes one element may carry; a BPMN element has a dozen at most.
MAX_ATTRIBUTES = 512
#: Elements one document may hold. A regulation model has hundreds, the largest MIWG
#: reference model a few thousand, a 5,000-step chain about 20,000; 280,000 tasks in a
#: legal-sized file would keep every command busy for minutes, so it is refused at once.
MAX_ELEMENTS = 50_000

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
    """Read a model file, refusing directories, FIFOs, devices, unreadable files and oversized
    ones with one :class:`ModelError` (:func:`toolkit.reading.read_regular_file`)."""
    return read_regular_file(path, max_bytes, error=ModelError, directory_hint="expected a .bpmn file")


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
    _check_attribute_counts(tree, source)
    return tree


def _check_attribute_counts(tree: etree._ElementTree, source: str) -> None:
    """Refuse a document with more than :data:`MAX_ELEMENTS` elements, and an element with
    absurdly many attributes, before anyone reads them: libxml2
    looks each attribute value up by name, so reading n attributes costs n² (200,000
    attributes: hours). Counting them is linear."""
    for count, element in enumerate(tree.iter(), 1):
        if count > MAX_ELEMENTS:
            raise ModelError(f"more than {MAX_ELEMENTS:,} XML elements (at most {MAX_ELEMENTS:,} are accepted; "
                             "a regulation model has hundreds)", source, element.sourceline)
        if len(element.attrib) > MAX_ATTRIBUTES:
            tag = etree.QName(element).localname if isinstance(element.tag, str) else "?"
            raise ModelError(f"element <{tag}> has {len(element.attrib):,} attributes "
                             f"(at most {MAX_ATTRIBUTES} are accepted)", source, element.sourceline)
