"""The read-only XML tree rule-based tools walk (lint, layout), and how it is built from lxml.

Apart from :mod:`toolkit.model.elements` and :mod:`toolkit.model.loader` so that both can
use it (the model builds its ``root`` lazily; the loader and the linter build trees) without
importing each other.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType

from lxml import etree


@dataclass(frozen=True)
class XmlNode:
    """One XML element of the source, read-only; what rule-based tools walk.

    ``tag`` is the local name, ``namespace`` its URI, ``attrs`` keyed by local
    name for unqualified attributes and ``{uri}local`` for qualified ones.
    """

    tag: str
    namespace: str
    attrs: Mapping[str, str]
    text: str | None
    line: int | None
    children: tuple[XmlNode, ...]
    parent: XmlNode | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def iter(self) -> Iterator[XmlNode]:
        """This node and every descendant, in document order.

        A stack, not nested generators: those cost a frame per level for every node.
        """
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))

    def find_all(self, tag: str) -> tuple[XmlNode, ...]:
        """Direct children with local name ``tag``."""
        return tuple(c for c in self.children if c.tag == tag)



def split_tag(tag: str) -> tuple[str, str]:
    """``{uri}local`` as (uri, local); a tag without a namespace as ("", tag)."""
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def to_xml_node(element: etree._Element, parent: XmlNode | None = None) -> XmlNode:
    """The read-only XmlNode tree of an lxml element (public for tools that must read
    files the typed model refuses, such as the linter's raw-XML fallback).

    Every engine cold start and every lint pays for this walk, so it is lean: one
    pass over the elements without recursion, each tag split once per document
    (tags repeat), attributes copied as lxml keys them (``local`` or ``{uri}local``,
    exactly the XmlNode convention), and each frozen node given its fields in one
    dict instead of the dataclass constructor's seven ``object.__setattr__`` calls.
    """
    tags: dict[str, tuple[str, str]] = {}
    root = _xml_node(element, split_tag(element.tag), parent)
    stack = [(element, root)]
    while stack:
        current, node = stack.pop()
        children = []
        for child in current:
            tag = child.tag
            split = tags.get(tag) if isinstance(tag, str) else None  # comments and PIs have no str tag
            if split is None:
                if not isinstance(tag, str):
                    continue
                split = tags[tag] = split_tag(tag)
            made = _xml_node(child, split, node)
            children.append(made)
            stack.append((child, made))
        if children:
            node.__dict__["children"] = tuple(children)
    return root


_new_node = object.__new__
_set = object.__setattr__


def _xml_node(element: etree._Element, split: tuple[str, str], parent: XmlNode | None) -> XmlNode:
    node = _new_node(XmlNode)
    _set(node, "__dict__", {"tag": split[1], "namespace": split[0], "attrs": MappingProxyType(dict(element.items())),
                            "text": element.text, "line": element.sourceline, "children": (), "parent": parent})
    return node


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a long-lived structure is built.

    Building a model (or SpiffWorkflow's specs) allocates thousands of objects that all
    survive; every 700 allocations the collector would scan them again for garbage there
    cannot be, and promote them through its generations until a full collection walks the
    whole heap. Measured on the bundled models, that was about a third of a cold start's
    extra cost. Nothing is freed later than it would be: no garbage is made meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


