"""bpmn-moddle's type system in Python: the one place that knows BPMN's type hierarchy.

bpmnlint's rules are written against bpmn-moddle: ``is(node, 'bpmn:Task')`` is
true for a user task, a service task and every other subtype; ``flowElements``
is whatever child elements the meta-model lets into that collection. To give the
same answers we build moddle's *effective descriptors* (all super types, all
properties in moddle's order, redefinitions applied) from the same package data,
with the same algorithm as moddle's ``Registry.mapTypes`` and
``DescriptorBuilder.addTrait``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from toolkit.lint.moddle.packages import PACKAGES

#: moddle's built-in types; the first four are "simple" (values, not elements).
SIMPLE_TYPES = frozenset({"String", "Boolean", "Integer", "Real"})
BUILTIN_TYPES = SIMPLE_TYPES | {"Element"}

#: Namespace URI -> moddle prefix, for every registered package.
PREFIX_BY_URI: Mapping[str, str] = {p["uri"]: p["prefix"] for p in PACKAGES}
_PACKAGE_BY_PREFIX: Mapping[str, dict] = {p["prefix"]: p for p in PACKAGES}
_RAW_TYPES: dict[str, dict] = {}
for _pkg in PACKAGES:
    for _t in _pkg["types"]:
        _RAW_TYPES[f"{_pkg['prefix']}:{_t['name']}"] = {**_t, "_prefix": _pkg["prefix"]}
#: type -> the types that declare ``extends`` on it (moddle's "traits"), in registration order.
_TRAITS: dict[str, list[str]] = {}
for _name, _t in _RAW_TYPES.items():
    for _ext in _t.get("extends", ()):
        _TRAITS.setdefault(_ext if ":" in _ext else f"{_t['_prefix']}:{_ext}", []).append(_name)


def parse_name(name: str, default_prefix: str | None = None) -> tuple[str | None, str]:
    """``'bpmn:Task'`` -> ``('bpmn', 'Task')``; an unprefixed name takes ``default_prefix``."""
    prefix, sep, local = name.partition(":")
    if not sep:
        return default_prefix, name
    return prefix, local


def qualified(prefix: str | None, local: str) -> str:
    return f"{prefix}:{local}" if prefix else local


def is_package(prefix: str | None) -> bool:
    return prefix in _PACKAGE_BY_PREFIX


def lower_case_alias(prefix: str | None) -> bool:
    """Packages whose element names are type names with a lower-case first letter."""
    pkg = _PACKAGE_BY_PREFIX.get(prefix or "")
    return bool(pkg and pkg.get("xml", {}).get("tagAlias") == "lowerCase")


def type_prefix(prefix: str | None) -> str | None:
    pkg = _PACKAGE_BY_PREFIX.get(prefix or "")
    return pkg.get("xml", {}).get("typePrefix") if pkg else None


def element_type_name(prefix: str, local: str) -> str:
    """The type an element name stands for: ``bpmn:userTask`` -> ``bpmn:UserTask`` (moddle's aliasToName)."""
    if lower_case_alias(prefix):
        return f"{prefix}:{local[:1].upper()}{local[1:]}"
    return f"{prefix}:{local}"


@dataclass(frozen=True)
class Prop:
    """One property of an effective descriptor (moddle's PropertyDescriptor)."""

    name: str          # local name, what rules ask for: 'flowElements'
    ns_name: str       # 'bpmn:flowElements'
    type: str          # 'bpmn:FlowElement' or a built-in such as 'String'
    is_many: bool = False
    is_reference: bool = False
    is_attr: bool = False
    is_body: bool = False
    is_id: bool = False
    is_virtual: bool = False
    default: Any = None
    serialize: str | None = None

    @property
    def is_simple(self) -> bool:
        return self.type in SIMPLE_TYPES

    @property
    def is_containment(self) -> bool:
        """Properties bpmnlint's traversal descends into."""
        return not self.is_attr and not self.is_reference and not self.is_simple


@dataclass(frozen=True)
class Descriptor:
    """moddle's effective descriptor of one type."""

    name: str
    all_types: tuple[str, ...]
    properties: tuple[Prop, ...]
    by_name: Mapping[str, Prop]
    body: Prop | None
    id_prop: Prop | None
    is_abstract: bool = False
    types: frozenset[str] = field(default=frozenset())

    def has_type(self, type_name: str) -> bool:
        return type_name in self.types


class _Builder:
    """Python port of moddle's DescriptorBuilder (addTrait, redefine/replace, addProperty)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.properties: list[Prop] = []
        self.by_name: dict[str, Prop] = {}
        self.all_types: list[str] = []
        self.body: Prop | None = None
        self.id_prop: Prop | None = None

    def _add(self, p: Prop, idx: int | None = None) -> None:
        self.by_name[p.ns_name] = p
        self.by_name[p.name] = p
        if idx is None:
            self.properties.append(p)
        else:
            self.properties.insert(idx, p)

    def _redefine(self, p: Prop, target: str, replace: bool) -> None:
        type_part, _, prop_part = target.partition("#")
        type_prefix_, _ = parse_name(type_part, p.ns_name.split(":")[0])
        attr_prefix, attr_local = parse_name(prop_part, type_prefix_)
        old = self.by_name.get(qualified(attr_prefix, attr_local))
        if old is None:
            raise ValueError(f"refined property <{target}> not found")
        if old.is_id:
            self.id_prop = p
        if old.is_body:
            self.body = p
        idx = self.properties.index(old)
        del self.properties[idx]
        self._add(p, None if replace else idx)
        self.by_name[old.ns_name] = p
        self.by_name[old.name] = p

    def add_trait(self, type_name: str) -> None:
        if type_name in self.all_types:
            return
        raw = _RAW_TYPES[type_name]
        prefix = raw["_prefix"]
        for rp in raw.get("properties", ()):
            p_prefix, p_local = parse_name(rp["name"], prefix)
            p_type = rp["type"]
            if p_type not in BUILTIN_TYPES:
                t_prefix, t_local = parse_name(p_type, p_prefix)
                p_type = qualified(t_prefix, t_local)
            prop = Prop(
                name=p_local, ns_name=qualified(p_prefix, p_local), type=p_type,
                is_many=bool(rp.get("isMany")), is_reference=bool(rp.get("isReference")),
                is_attr=bool(rp.get("isAttr")), is_body=bool(rp.get("isBody")), is_id=bool(rp.get("isId")),
                is_virtual=bool(rp.get("isVirtual")), default=rp.get("default"),
                serialize=(rp.get("xml") or {}).get("serialize"),
            )
            target = rp.get("replaces") or rp.get("redefines")
            if target:
                self._redefine(prop, target, bool(rp.get("replaces")))
            else:
                if prop.is_body:
                    self.body = prop
                if prop.is_id:
                    self.id_prop = prop
                self._add(prop)
        self.all_types.append(type_name)


def _map_types(type_name: str, visit: Callable[[str], None]) -> None:
    """moddle's Registry.mapTypes: super types first, then the type, then its traits."""
    raw = _RAW_TYPES.get(type_name)
    if raw is None:
        raise KeyError(f"unknown type <{type_name}>")
    prefix = raw["_prefix"]
    for sup in raw.get("superClass", ()):
        p, local = parse_name(sup, prefix)
        _map_types(qualified(p, local), visit)
    visit(type_name)
    for trait in _TRAITS.get(type_name, ()):
        _map_types(trait, visit)


@cache
def descriptor(type_name: str) -> Descriptor:
    """The effective descriptor of ``type_name`` (``'bpmn:Task'``); KeyError if unknown."""
    builder = _Builder(type_name)
    _map_types(type_name, builder.add_trait)
    raw = _RAW_TYPES[type_name]
    return Descriptor(
        name=type_name, all_types=tuple(builder.all_types), properties=tuple(builder.properties),
        by_name=dict(builder.by_name), body=builder.body, id_prop=builder.id_prop,
        is_abstract=bool(raw.get("isAbstract")), types=frozenset(builder.all_types),
    )


def known_type(type_name: str) -> bool:
    return type_name in _RAW_TYPES


def all_type_names() -> tuple[str, ...]:
    return tuple(_RAW_TYPES)


@cache
def subtypes(type_name: str) -> frozenset[str]:
    """Every concrete or abstract type that ``is()`` ``type_name``; handy for fixtures and docs."""
    return frozenset(t for t in _RAW_TYPES if not _RAW_TYPES[t].get("extends") and type_name in descriptor(t).types)
