"""Reading the ``reg:`` extension namespace — the one place it is read.

Time limits, clause references, results and translations live in the model's
``bpmn:extensionElements`` and nowhere else, so the checker, the renderer, the
deadline calculator and the engine can never disagree about them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from toolkit.errors import ModelError
from toolkit.model.elements import (
    UNITS,
    ClauseRef,
    Fact,
    InputField,
    Names,
    RegulationRef,
    Result,
    TimeLimit,
)
from toolkit.model.namespaces import REG


class ElementView(Protocol):
    """What the reader needs of an element: an :class:`XmlNode`, or the loader's view of
    an lxml element (the model is built straight from lxml)."""

    @property
    def tag(self) -> str: ...
    @property
    def namespace(self) -> str: ...
    @property
    def attrs(self) -> Mapping[str, str]: ...
    @property
    def text(self) -> str | None: ...
    @property
    def line(self) -> int | None: ...
    @property
    def children(self) -> Sequence[ElementView]: ...


_CLAUSE_FIELDS = ("paragraph", "subparagraph", "step", "item", "process", "condition", "appendix")
INPUT_TYPES = ("bool", "str", "int")


@dataclass(frozen=True)
class Extensions:
    """Everything our namespace says about one element."""

    clauses: tuple[ClauseRef, ...] = ()
    time_limits: tuple[TimeLimit, ...] = ()
    result: Result | None = None
    translations: tuple[tuple[str, str], ...] = ()
    actor: str | None = None
    operation: str | None = None
    inputs: tuple[InputField, ...] = ()
    regulation: RegulationRef | None = None
    lint_disabled: frozenset[str] = frozenset()
    no_time_limit: bool = False
    facts: tuple[Fact, ...] = ()

    def names(self, kk: str | None) -> Names:
        by_lang = dict(self.translations)
        return Names(kk=kk, ru=by_lang.get("ru"), en=by_lang.get("en"))


def _int(node: ElementView, attr: str, source: str, required: bool = False) -> int | None:
    raw = node.attrs.get(attr)
    if raw is None:
        if required:
            raise ModelError(f"reg:{node.tag} needs a {attr!r} attribute", source, node.line)
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        raise ModelError(f"reg:{node.tag} {attr}={raw!r} is not a whole number", source, node.line) from None
    if value < 1:
        raise ModelError(f"reg:{node.tag} {attr}={raw!r} must be 1 or more", source, node.line)
    return value


def _text(node: ElementView) -> str | None:
    text = " ".join((node.text or "").split())
    return text or None


def _reg_children(element: ElementView) -> Iterator[ElementView]:
    """The ``reg:`` children of ``element``'s ``bpmn:extensionElements``, in document order."""
    for container in element.children:
        if container.tag == "extensionElements":
            yield from (ext for ext in container.children if ext.namespace == REG)


def _time_limit(ext: ElementView, source: str) -> TimeLimit:
    unit = ext.attrs.get("unit", "")
    if unit not in UNITS:
        raise ModelError(f"reg:timeLimit unit={unit!r} is not one of {', '.join(UNITS)}", source, ext.line)
    return TimeLimit(
        value=_int(ext, "value", source, required=True) or 0,
        unit=unit,
        words=ext.attrs.get("words"),
        within=ext.attrs.get("within", "false").strip() in ("true", "1"),
        when=ext.attrs.get("when"),
        condition_text=_text(ext),
    )


def _input(ext: ElementView, source: str) -> InputField:
    kind = ext.attrs.get("type", "str")
    if kind not in INPUT_TYPES:
        raise ModelError(f"reg:input type={kind!r} is not one of {', '.join(INPUT_TYPES)}", source, ext.line)
    name = ext.attrs.get("name")
    if not name:
        raise ModelError("reg:input needs a 'name' attribute", source, ext.line)
    required = ext.attrs.get("required", "true").strip() not in ("false", "0")
    return InputField(name=name, type=kind, label=ext.attrs.get("label"), required=required)


def _translation(ext: ElementView) -> tuple[tuple[str, str], ...]:
    """``reg:name lang="ru"`` as a (language, name) pair; none when either is empty."""
    lang, text = ext.attrs.get("lang", ""), _text(ext)
    return ((lang, text),) if lang and text else ()


def _regulation(ext: ElementView) -> RegulationRef:
    return RegulationRef(
        key=ext.attrs.get("key", ""),
        act=ext.attrs.get("act", ""),
        act_date=ext.attrs.get("actDate"),
        amends=ext.attrs.get("amends"),
        title=_text(ext),
    )


def _fact(ext: ElementView, source: str) -> Fact:
    """``<reg:fact key="…" true="…"/>`` or ``false="…"``: exactly one of the two."""
    key = (ext.attrs.get("key") or "").strip()
    if not key:
        raise ModelError("reg:fact needs a 'key' attribute", source, ext.line)
    true, false = ext.attrs.get("true"), ext.attrs.get("false")
    if (true is None) == (false is None):
        raise ModelError(f"reg:fact key={key!r} needs exactly one of true= or false= (the text's words "
                         "for that value)", source, ext.line)
    phrase = " ".join((true if true is not None else false or "").split())
    if not phrase:
        raise ModelError(f"reg:fact key={key!r}: the phrase is empty", source, ext.line)
    return Fact(key=key, phrase=phrase, holds=true is not None)


#: What an element without ``reg:`` extensions says (most sequence flows, shapes, artifacts).
NO_EXTENSIONS = Extensions()


def read_extensions(element: ElementView, source: str) -> Extensions:
    """Collect the ``reg:`` children of ``element``'s ``bpmn:extensionElements``."""
    found = list(_reg_children(element))
    if not found:
        return NO_EXTENSIONS
    facts = tuple(_fact(ext, source) for ext in found if ext.tag == "fact")  # checked first, as always
    listed: dict[str, list[Any]] = {"clause": [], "timeLimit": [], "input": [], "name": []}
    single: dict[str, Any] = {}
    disabled: set[str] = set()
    for ext in found:  # in document order, so the first bad element is the one reported
        tag = ext.tag
        if tag in _LISTED:
            listed[tag].append(_LISTED[tag](ext, source))
        elif tag == "name":
            listed[tag].extend(_translation(ext))
        elif tag == "lint":
            disabled.update(r.strip() for r in ext.attrs.get("disable", "").split(",") if r.strip())
        elif tag in _SINGLE:
            single[tag] = _SINGLE[tag](ext)
    return Extensions(
        clauses=tuple(listed["clause"]),
        time_limits=tuple(listed["timeLimit"]),
        result=single.get("result"),
        translations=tuple(listed["name"]),
        actor=single.get("actor"),
        operation=single.get("operation"),
        inputs=tuple(listed["input"]),
        regulation=single.get("regulation"),
        lint_disabled=frozenset(disabled),
        no_time_limit="noTimeLimit" in single,
        facts=facts,
    )


def _clause(ext: ElementView, source: str) -> ClauseRef:
    attrs = ext.attrs
    if "paragraph" not in attrs:
        raise ModelError(f"reg:{ext.tag} needs a 'paragraph' attribute", source, ext.line)
    # Only the attributes present are read: a clause names two or three of the seven fields.
    fields = {name: _int(ext, name, source) for name in _CLAUSE_FIELDS if name in attrs}
    return ClauseRef(**fields)  # type: ignore[arg-type]


#: Extensions an element may carry several of, each read by its function.
_LISTED: dict[str, Callable[[ElementView, str], Any]] = {"clause": _clause, "timeLimit": _time_limit, "input": _input}
#: Extensions of which the last one counts.
_SINGLE: dict[str, Callable[[ElementView], Any]] = {
    "result": lambda ext: Result(text=_text(ext) or "", to=ext.attrs.get("to")),
    "actor": lambda ext: ext.attrs.get("key"),
    "operation": lambda ext: ext.attrs.get("name"),
    "regulation": _regulation,
    "noTimeLimit": lambda ext: True,
}
