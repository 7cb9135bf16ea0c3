"""Entry points: text or file in, :class:`~toolkit.text.model.Act` out.

The pipeline is flatten (undo the PDF layout) → header → regulations and
restated clauses → clause contents.  Problems that make the text unreadable as
an act raise one :class:`TextError`; problems inside a readable act (a number
whose words and digits disagree, a step without an actor) become
:class:`~toolkit.text.model.Finding` values so the caller sees all of them.
"""

from __future__ import annotations

import codecs
import os
import stat

from .clauses import parse_clause
from .errors import TextError
from .flat import flatten
from .metadata import parse_header
from .model import Act, Clause, Regulation, Span, TextFinding
from .structure import scan_regulations

__all__ = ["MAX_TEXT_BYTES", "load_act", "parse_act", "read_text"]

#: The largest act text :func:`load_act` reads (acts are tens of kilobytes).
MAX_TEXT_BYTES = 5 * 1024 * 1024

_NO_REGULATION = (
    'no amended regulation found ("…" мемлекеттік көрсетілетін қызмет регламентінде / '
    "в регламенте государственной услуги «…»)"
)


def parse_act(text: str, source: str = "<text>") -> Act:
    """Parse the text of a regulation-amending act.

    ``source`` names the text in error messages and in :attr:`Act.source`.
    Line ends may be LF, CRLF or CR; the text may be wrapped at any width.
    Raises :class:`TextError` (``"source:line: message"``) if the text is not
    such an act; never any other exception for any ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_act expects str, not {type(text).__name__}")
    flat = flatten(text)
    if not flat.text:
        raise TextError("the text is empty", source, 1)
    header = parse_header(flat, source)
    raw_regs = scan_regulations(flat, header.end, source)
    if not raw_regs:
        raise TextError(_NO_REGULATION, source, flat.line_at(header.end))
    findings: list[TextFinding] = []
    regulations: list[Regulation] = []
    for raw in raw_regs:
        clauses: list[Clause] = [parse_clause(c.body, c.paragraph, c.subparagraph) for c in raw.clauses]
        last = clauses[-1].span.last_line if clauses else raw.header.span.last_line
        span = Span(raw.header.span.first_line, max(last, raw.header.span.first_line))
        if not clauses:
            message = f"regulation {raw.title!r} is named but nothing in it is restated"
            findings.append(TextFinding("no-restated-clause", message, raw.header.span.first_line, raw.header.span))
        for c in clauses:
            findings.extend(c.findings)
        regulations.append(Regulation(raw.number, raw.title, tuple(clauses), span))
    return Act(
        source=source,
        language=header.language,
        title=header.title,
        title_span=header.title_span,
        adoption=header.adoption,
        registration=header.registration,
        status=header.status,
        status_span=header.status_span,
        repealed_by=header.repealed_by,
        amends=header.amends,
        regulations=tuple(regulations),
        findings=tuple(sorted(findings, key=lambda f: (f.line, f.code))),
        notices=flat.notices,
    )


def load_act(path: str | os.PathLike[str]) -> Act:
    """Read a UTF-8 file (BOM allowed) and parse it; the path is the source name.

    A file that is not UTF-8 is a :class:`TextError` at the line of the first
    bad byte. Only a regular file of at most :data:`MAX_TEXT_BYTES` is read;
    anything else, and any ``OSError`` (missing, unreadable, a directory, a
    device), is a :class:`TextError` ``path:1: cannot read: <reason>``.
    """
    source = os.fspath(path)
    return parse_act(read_text(source), source)


def read_text(source: str) -> str:
    """The text of a UTF-8 file (BOM allowed), with :func:`load_act`'s one-line errors.

    A file that starts with a UTF-16 byte order mark (what Windows Notepad saves as
    "Unicode") is read as UTF-16: the mark says so unambiguously. Any other encoding is
    refused, naming the line; a text that reads as Windows-1251 Cyrillic says so.
    """
    data = _read_text_file(source)
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TextError("not valid UTF-16 (it starts with a UTF-16 byte order mark)", source, 1) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "; it reads as Windows-1251: save it as UTF-8" if _looks_cp1251(data) else ""
        raise TextError(f"not valid UTF-8 (byte {exc.start}){hint}", source, line) from None


def _looks_cp1251(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 are mostly Cyrillic letters in Windows-1251."""
    letters = [b for b in data if b >= 0x80]
    return bool(letters) and sum(b >= 0xC0 or b in (0xA8, 0xB8, 0xB2, 0xB3) for b in letters) > 0.9 * len(letters)


def _read_text_file(source: str) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_TEXT_BYTES`, or a :class:`TextError`."""
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):  # before open: a FIFO would block
            raise TextError("cannot read: not a regular file", source, 1)
        with open(source, "rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise TextError(f"cannot read: {reason[:1].lower()}{reason[1:]}", source, 1) from None
    if len(data) > MAX_TEXT_BYTES:
        raise TextError(f"cannot read: larger than {MAX_TEXT_BYTES} bytes", source, 1)
    return data
