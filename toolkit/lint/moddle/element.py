"""Elements as bpmn-moddle presents them to bpmnlint's rules.

An :class:`MElement` is a typed BPMN element with its properties resolved the
way bpmn-moddle resolves them: ``flowElements`` holds the children the
meta-model admits, ``incoming`` holds the sequence flows the ``<incoming>``
children name (not those whose ``targetRef`` points here — bpmnlint reads the
former), references are elements, and unset attributes read as their defaults.
Rules ask :func:`is_a` the way bpmnlint asks ``is()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from toolkit.lint.moddle.metamodel import Descriptor
from toolkit.model import XmlNode


class MElement:
    """One element: a moddle type (``bpmn:UserTask``) or, with ``desc`` None, a generic extension element."""

    __slots__ = ("desc", "node", "parent", "props", "type", "types")

    def __init__(self, type_name: str, desc: Descriptor | None, node: XmlNode,
                 parent: MElement | None = None) -> None:
        self.type = type_name
        #: Every type this element ``is()``; a generic element is only its own.
        self.types: frozenset[str] = desc.types if desc is not None else frozenset((type_name,))
        self.desc = desc
        self.node = node
        self.parent = parent
        self.props: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<{self.type} id={self.id!r} line={self.line}>"

    @property
    def id(self) -> str | None:
        value = self.props.get("id") if self.desc is not None else None
        return value if isinstance(value, str) else None

    @property
    def line(self) -> int | None:
        return self.node.line

    @property
    def is_generic(self) -> bool:
        return self.desc is None

    def get(self, name: str) -> Any:
        """A property's value: a list for collections, else the value or the meta-model default."""
        if name in self.props:
            return self.props[name]
        prop = self.desc.by_name.get(name) if self.desc is not None else None
        if prop is None:
            return None
        return [] if prop.is_many else prop.default

    def many(self, name: str) -> list[Any]:
        """A collection property (``node.x || []``), never None."""
        value = self.props.get(name)
        return value if isinstance(value, list) else []

    def isset(self, name: str) -> bool:
        return name in self.props

    def is_a(self, type_name: str) -> bool:
        return type_name in self.types

    def children(self) -> Iterable[MElement]:
        """Contained elements in bpmnlint's traversal order (containment properties, descriptor order)."""
        if self.desc is None:
            return ()
        out: list[MElement] = []
        for prop in self.desc.properties:
            if not prop.is_containment or prop.name not in self.props:
                continue
            value = self.props[prop.name]
            if isinstance(value, list):
                out.extend(v for v in value if isinstance(v, MElement))
            elif isinstance(value, MElement):
                out.append(value)
        return out


def is_a(element: Any, type_name: str) -> bool:
    """bpmnlint-utils' ``is()``: ``element`` (possibly None) is of ``type_name`` or a subtype."""
    return isinstance(element, MElement) and type_name in element.types


def is_any(element: Any, type_names: Iterable[str]) -> bool:
    """bpmnlint-utils' ``isAny()``."""
    return isinstance(element, MElement) and not element.types.isdisjoint(type_names)


def find_parent(element: MElement | None, type_name: str) -> MElement | None:
    """bpmnlint's helper ``findParent``: the nearest ancestor of ``type_name``, else the topmost one."""
    if element is None:
        return None
    parent = element.parent
    while parent is not None:
        if parent.is_a(type_name):
            return parent
        if parent.parent is None:
            return parent
        parent = parent.parent
    return element
