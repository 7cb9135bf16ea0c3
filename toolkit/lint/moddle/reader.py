"""Read an XmlNode tree the way bpmn-moddle (moddle-xml, lax mode) reads the XML.

This is what bpmn.io and Camunda Modeler see when they open a file, and what
bpmnlint lints. Reading it the same way matters on imperfect input:

* a child element the meta-model does not admit where it stands is dropped with
  its whole subtree ("unparsable content … detected");
* an element with a duplicate or illegal id is dropped the same way;
* a reference to an id nobody has ("unresolved reference <x>") is left out of
  its collection, or unset;
* an unknown attribute in a BPMN namespace is kept but warned about.

Each such event becomes an :class:`ImportWarning`; the ``import`` rule reports
them, as bpmnlint's CLI does. The XML is not parsed again: we walk the
model's own ``XmlNode`` tree, once, and resolve references at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from toolkit.lint.moddle.element import MElement
from toolkit.lint.moddle.js import coerce, js_trim
from toolkit.lint.moddle.metamodel import (
    PREFIX_BY_URI,
    SIMPLE_TYPES,
    Descriptor,
    Prop,
    descriptor,
    element_type_name,
    is_package,
    known_type,
    parse_name,
    qualified,
    type_prefix,
)
from toolkit.model import XmlNode

#: moddle-xml's DEFAULT_NS_MAP: prefixes it always knows beside the packages.
_FIXED_PREFIXES = {"http://www.w3.org/2001/XMLSchema-instance": "xsi",
                   "http://www.w3.org/XML/1998/namespace": "xml"}
_XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
#: moddle-xml's id check (a QName-ish NCName; ``\w`` is ASCII in JavaScript).
_LEGAL_ID = re.compile(r"([a-z][\w.\-]*:)?[a-z_][\w.\-]*\Z", re.IGNORECASE | re.ASCII)
_XMLNS_DECL = re.compile(rb"""xmlns(?::([A-Za-z_][\w.\-]*))?\s*=\s*(["'])(.*?)\2""")


@dataclass(frozen=True)
class ImportWarning:
    """One thing bpmn-moddle would warn about on import."""

    message: str
    element_id: str | None = None
    line: int | None = None


@dataclass
class _Reference:
    element: MElement
    prop: Prop
    id: str | None
    from_child: bool


@dataclass
class ModdleView:
    """A model as bpmn-moddle holds it: the definitions, elements by id, import warnings."""

    definitions: MElement
    by_id: dict[str, MElement]
    warnings: list[ImportWarning] = field(default_factory=list)

    def walk(self) -> Iterator[MElement]:
        """Every element in bpmnlint's traversal order (depth first, containment properties).

        Generic extension elements are visited but not entered, as bpmnlint does.
        """
        stack = [self.definitions]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(list(element.children())))


class _Reader:
    def __init__(self, prefixes: dict[str, str]) -> None:
        #: document prefix -> moddle prefix ("" for the default namespace), for xsi:type values and attribute names
        self.prefixes = prefixes
        self.by_id: dict[str, MElement] = {}
        self.references: list[_Reference] = []
        self.warnings: list[ImportWarning] = []

    # -- names ------------------------------------------------------------------
    @staticmethod
    def _prefix(uri: str) -> str | None:
        return PREFIX_BY_URI.get(uri) or _FIXED_PREFIXES.get(uri)

    def _node_name(self, node: XmlNode) -> tuple[str | None, str]:
        """(moddle prefix or None, local name); a foreign namespace keeps a non-package marker."""
        if not node.namespace:
            return None, node.tag
        return self._prefix(node.namespace) or f"{{{node.namespace}}}", node.tag

    def _attr_name(self, key: str) -> str:
        """Attribute names as saxen gives them: the default namespace's prefix is dropped."""
        if key.startswith("{"):
            uri, _, local = key[1:].partition("}")
            prefix = self._prefix(uri)
            if prefix and prefix == self.prefixes.get(""):
                return local
            return f"{prefix}:{local}" if prefix else key
        return key

    def _unparsable(self, node: XmlNode, nested: str) -> None:
        prefix, local = self._node_name(node)
        shown = qualified(prefix, local) if prefix and not prefix.startswith("{") else local
        self.warnings.append(ImportWarning(
            f"unparsable content <{shown}> detected; {nested}", None, node.line))

    # -- elements -------------------------------------------------------------
    def element(self, node: XmlNode, type_name: str, parent: MElement | None) -> MElement | None:
        """moddle-xml's ElementHandler: attributes, id registration, body, children."""
        desc = descriptor(type_name)
        el = MElement(type_name, desc, node, parent)
        unknown = [name for name, value in ((self._attr_name(k), v) for k, v in node.attrs.items())
                   if not self._attribute(el, desc, name, value)]
        for name in unknown:  # reported with the element's id, known only once every attribute is read
            self.warnings.append(ImportWarning(f"unknown attribute <{name}>", el.id, el.line))
        ident = el.props.get("id") if desc.id_prop is not None else None
        if ident:
            problem = None
            if not isinstance(ident, str) or not _LEGAL_ID.match(ident):
                problem = f"illegal ID <{ident}>"
            elif ident in self.by_id:
                problem = f"duplicate ID <{ident}>"
            if problem:
                self._unparsable(node, problem)
                return None
            self.by_id[ident] = el
        text = node.text
        if text is not None and js_trim(text):
            if desc.body is not None:
                el.props[desc.body.name] = coerce(desc.body.type, text)
            else:
                shown = js_trim(text)[:40]
                self.warnings.append(ImportWarning(
                    f"unparsable content {shown} detected; unexpected body text", None, node.line))
        for child in node.children:
            self.child(el, desc, child)
        return el

    def _attribute(self, el: MElement, desc: Descriptor, name: str, value: str) -> bool:
        """Set one attribute; False when moddle would warn that it is unknown."""
        prop = desc.by_name.get(name)
        if prop is not None and prop.is_reference:
            ids = value.split(" ") if prop.is_many else [value]
            for ref in ids:
                self.references.append(_Reference(el, prop, ref, from_child=False))
            return True
        if prop is not None:
            el.props[prop.name] = coerce(prop.type, value)
            return True
        prefix, _ = parse_name(name, desc.name.split(":")[0])
        return not is_package(prefix)

    def _xsi_type(self, value: str) -> str:
        """moddle-xml's normalizeTypeName: ``bpmn2:tFormalExpression`` -> ``bpmn:FormalExpression``.

        An unprefixed name takes the document's default namespace; with none it
        names no type at all (moddle makes it ``undefined:tFormalExpression``).
        """
        prefix, local = parse_name(value, self.prefixes.get(""))
        if prefix is None:
            return f"undefined:{local}"
        prefix = self.prefixes.get(prefix, prefix)
        tp = type_prefix(prefix)
        if tp and local.startswith(tp):
            local = local[len(tp):]
        return qualified(prefix, local)

    def _property_for(self, desc: Descriptor, node: XmlNode) -> tuple[Prop, str] | str:
        """moddle-xml's getPropertyForNode: (property, effective type) or the error message."""
        prefix, local = self._node_name(node)
        prop = desc.by_name.get(qualified(prefix, local) if prefix else local)
        if prop is not None and not prop.is_attr:
            if prop.serialize and prop.serialize != "property" and _XSI_TYPE in node.attrs:
                effective = self._xsi_type(node.attrs[_XSI_TYPE])
                if not known_type(effective):
                    return f"unknown type <{effective}>"
                return prop, effective
            return prop, prop.type
        if is_package(prefix):
            type_name = element_type_name(prefix or "", local)
            if not known_type(type_name):
                return f"unknown type <{type_name}>"
            etype = descriptor(type_name)
            for p in desc.properties:
                if not p.is_virtual and not p.is_reference and etype.has_type(p.type):
                    return p, type_name
        else:
            for p in desc.properties:
                if not p.is_reference and p.type == "Element":
                    return p, "Element"
        return f"unrecognized element <{qualified(prefix, local) if prefix and not prefix.startswith('{') else local}>"

    def child(self, el: MElement, desc: Descriptor, node: XmlNode) -> None:
        found = self._property_for(desc, node)
        if isinstance(found, str):
            self._unparsable(node, found)
            return
        prop, type_name = found
        if type_name in SIMPLE_TYPES:
            text = node.text if node.text is not None and js_trim(node.text) else ""
            value = coerce(type_name, text)
            if prop.is_many:
                el.props.setdefault(prop.name, []).append(value)
            else:
                el.props[prop.name] = value
            return
        if prop.is_reference:
            for sub in node.children:
                self._unparsable(sub, "expected no sub nodes")
            ref_id = node.text if js_trim(node.text) else None
            self.references.append(_Reference(el, prop, ref_id, from_child=True))
            if prop.is_many:
                el.props.setdefault(prop.name, [])
            return
        if type_name == "Element":
            new: MElement | None = self.generic(node, el)
        else:
            new = self.element(node, type_name, el)
        if new is None:
            return
        if prop.is_many:
            el.props.setdefault(prop.name, []).append(new)
        else:
            el.props[prop.name] = new

    def generic(self, node: XmlNode, parent: MElement) -> MElement:
        """An extension element (``reg:clause``…): kept as-is, never type-checked or id-registered.

        Its type is ``prefix:local`` for a moddle package, else Clark notation ``{uri}local``.
        """
        prefix, local = self._node_name(node)
        name = f"{prefix}{local}" if prefix and prefix.startswith("{") else qualified(prefix, local)
        el = MElement(name, None, node, parent)
        el.props["$children"] = [self.generic(c, el) for c in node.children]
        return el

    # -- references -----------------------------------------------------------
    def resolve(self) -> None:
        """moddle-xml's resolveReferences: child references in place, attribute ones appended."""
        collections: dict[tuple[int, str], list[MElement]] = {}
        pending_attr: dict[tuple[int, str], list[MElement]] = {}
        for ref in self.references:
            target = self.by_id.get(ref.id) if ref.id is not None else None
            if target is None:
                shown = "undefined" if ref.id is None else ref.id
                self.warnings.append(ImportWarning(
                    f"unresolved reference <{shown}>", ref.element.id, ref.element.line))
            key = (id(ref.element), ref.prop.name)
            if ref.prop.is_many:
                bucket = collections if ref.from_child else pending_attr
                items = bucket.setdefault(key, [])
                if target is not None:
                    items.append(target)
                ref.element.props[ref.prop.name] = None  # placeholder, filled below
            else:
                ref.element.props[ref.prop.name] = target
        for ref in self.references:
            if ref.prop.is_many:
                key = (id(ref.element), ref.prop.name)
                ref.element.props[ref.prop.name] = collections.get(key, []) + pending_attr.get(key, [])


def _prefix_map(xml: bytes | None) -> dict[str, str]:
    """Document prefix -> moddle prefix ("" for the default namespace), for xsi:type values.

    moddle-xml reads these from the parser; XmlNode does not keep them, so we
    read the declarations off the bytes (a document redeclaring one prefix with
    two URIs is not worth more).
    """
    out: dict[str, str] = {}
    if not xml:
        return out
    for match in _XMLNS_DECL.finditer(xml):
        try:
            uri = match.group(3).decode("utf-8")
        except UnicodeDecodeError:
            continue
        prefix = (match.group(1) or b"").decode("ascii")
        moddle_prefix = PREFIX_BY_URI.get(uri) or _FIXED_PREFIXES.get(uri)
        if moddle_prefix:
            out.setdefault(prefix, moddle_prefix)
    return out


def read_view(root: XmlNode, xml: bytes | None = None) -> ModdleView:
    """Build the bpmn-moddle view of a document whose root is ``bpmn:definitions``."""
    reader = _Reader(_prefix_map(xml))
    definitions = reader.element(root, "bpmn:Definitions", None)
    if definitions is None:  # the root's own id was illegal: moddle keeps an empty definitions
        definitions = MElement("bpmn:Definitions", descriptor("bpmn:Definitions"), root, None)
    reader.resolve()
    return ModdleView(definitions=definitions, by_id=reader.by_id, warnings=reader.warnings)
