"""The rule registry, in the shape of bpmnlint's.

A rule is one small module under ``toolkit/lint/rules/`` with a stable name, a
default category (``error``, ``warn`` or ``info``, bpmnlint's words), a one-line
description and a check. Most rules are *element* rules: like bpmnlint's
``check(node, reporter)`` they are called for every element of one traversal
of the model, so adding a rule never adds a pass over the XML. A few are
*document* rules, called once per file (XSD validation, import warnings).

Rules register themselves with the decorators below; :func:`all_rules` imports
the rules package once and returns them by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.lint.context import LintContext, Reporter
    from toolkit.lint.moddle import MElement

#: bpmnlint's categories, in the words its configs use.
CATEGORIES = ("error", "warn", "info")
#: Where a rule comes from: bpmnlint's recommended preset, or ours.
ORIGINS = ("bpmnlint", "reglament")

ElementCheck = Callable[["MElement", "Reporter"], None]
DocumentCheck = Callable[["LintContext", "Reporter"], None]


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    description: str
    origin: str
    #: Element rules: a factory giving a fresh check per linted file (so a rule may keep state).
    factory: Callable[[], ElementCheck] | None = None
    #: Document rules: called once per file.
    document: DocumentCheck | None = None
    #: Needs the typed :class:`~toolkit.model.Model` (skipped when only the XML could be read).
    needs_model: bool = False
    #: The module that defines it (its docstring says why the rule exists).
    module: str = ""

    @property
    def is_document_rule(self) -> bool:
        return self.document is not None

    def to_dict(self) -> dict[str, Any]:
        """The rule as data (for ``--format json`` listings and the docs table)."""
        return {"name": self.name, "category": self.category, "origin": self.origin,
                "description": self.description, "document": self.is_document_rule}


_RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.category not in CATEGORIES:
        raise ValueError(f"rule {rule.name}: category {rule.category!r} is not one of {CATEGORIES}")
    if rule.origin not in ORIGINS:
        raise ValueError(f"rule {rule.name}: origin {rule.origin!r} is not one of {ORIGINS}")
    if rule.name in _RULES and _RULES[rule.name] != rule:
        raise ValueError(f"rule {rule.name} registered twice")
    _RULES[rule.name] = rule


def element_rule(name: str, category: str, description: str, origin: str = "bpmnlint",
                 needs_model: bool = False) -> Callable[[ElementCheck], ElementCheck]:
    """Register a stateless ``check(node, reporter)``."""

    def decorate(check: ElementCheck) -> ElementCheck:
        _register(Rule(name, category, description, origin, factory=lambda: check, needs_model=needs_model,
                       module=check.__module__))
        return check

    return decorate


def stateful_rule(name: str, category: str, description: str, origin: str = "bpmnlint",
                  needs_model: bool = False) -> Callable[[Callable[[], ElementCheck]], Callable[[], ElementCheck]]:
    """Register a factory that returns a fresh ``check`` for each file (bpmnlint's rule factories)."""

    def decorate(factory: Callable[[], ElementCheck]) -> Callable[[], ElementCheck]:
        _register(Rule(name, category, description, origin, factory=factory, needs_model=needs_model,
                       module=factory.__module__))
        return factory

    return decorate


def document_rule(name: str, category: str, description: str, origin: str = "reglament",
                  needs_model: bool = False) -> Callable[[DocumentCheck], DocumentCheck]:
    """Register a ``check(context, reporter)`` run once per file."""

    def decorate(check: DocumentCheck) -> DocumentCheck:
        _register(Rule(name, category, description, origin, document=check, needs_model=needs_model,
                       module=check.__module__))
        return check

    return decorate


_loaded = False


def all_rules() -> Mapping[str, Rule]:
    """Every registered rule by name (imports ``toolkit.lint.rules`` on first use)."""
    global _loaded
    if not _loaded:
        import toolkit.lint.rules as package

        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            importlib.import_module(f"{package.__name__}.{info.name}")
        _loaded = True
    return dict(sorted(_RULES.items()))


def get_rule(name: str) -> Rule:
    try:
        return all_rules()[name]
    except KeyError:
        raise KeyError(name) from None

