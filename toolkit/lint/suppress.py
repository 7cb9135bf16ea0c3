"""Per-element disabling: ``<reg:lint disable="rule-a,rule-b"/>`` in an element's extensionElements.

The directive covers the element and everything nested in it (a process, a
sub-process, a lane set), like a ``# noqa`` that scopes to a block. ``all``
disables every rule there. A finding with no element (an XSD error) is matched
to the innermost element that starts on its line.

This is the linter's own directive, as ``# noqa`` is ruff's, so it is read here,
from the raw element: it must work on every element (lanes, flows, pools), and
even when the typed model could not be built.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.model import REG, XmlNode

ALL = "all"


def _directives(node: XmlNode) -> frozenset[str]:
    names: set[str] = set()
    for container in node.children:
        if container.tag != "extensionElements":
            continue
        for ext in container.children:
            if ext.namespace == REG and ext.tag == "lint":
                names.update(n.strip() for n in ext.attrs.get("disable", "").split(",") if n.strip())
    return frozenset(names)


class Suppressions:
    """Answers "is rule R disabled at this element / line?" for one file."""

    def __init__(self, root: XmlNode) -> None:
        self._root = root
        self._own: dict[int, frozenset[str]] = {}
        self._by_id: dict[str, XmlNode] | None = None
        self._by_line: dict[int, XmlNode] = {}
        for node in root.iter():
            if any(c.tag == "extensionElements" for c in node.children):
                own = _directives(node)
                if own:
                    self._own[id(node)] = own
        #: False for most files: then nothing else is computed.
        self.any = bool(self._own)

    def _index(self) -> dict[str, XmlNode]:
        if self._by_id is None:
            self._by_id = {}
            for node in self._root.iter():
                if node.id and node.id not in self._by_id:
                    self._by_id[node.id] = node
                if node.line is not None:
                    self._by_line[node.line] = node  # document order: the innermost on a line wins
        return self._by_id

    def node_for(self, element_id: str | None, line: int | None) -> XmlNode | None:
        by_id = self._index()
        if element_id and element_id in by_id:
            return by_id[element_id]
        if line is not None:
            return self._by_line.get(line)
        return None

    def disabled(self, rule: str, node: XmlNode | None) -> bool:
        while node is not None:
            own = self._own.get(id(node))
            if own and (rule in own or ALL in own):
                return True
            node = node.parent
        return False

    def names(self) -> Iterable[str]:
        """Every rule name a directive mentions (to warn about typos)."""
        for own in self._own.values():
            yield from own
