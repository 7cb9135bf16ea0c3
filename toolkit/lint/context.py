"""What a rule sees: the file, its moddle view, the typed model, and a reporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.lint.moddle import MElement, ModdleView
from toolkit.model import Model, XmlNode

if TYPE_CHECKING:
    from lxml import etree


@dataclass
class LintContext:
    """One file being linted.

    ``model`` is None when the XML is well-formed BPMN but the typed model could
    not be built (e.g. a ``reg:timeLimit`` with an unknown unit): rules that
    need it are skipped then, and the others still run, so a designer sees every
    problem at once instead of only the first.
    """

    source: str
    root: XmlNode
    xml: bytes
    view: ModdleView
    model: Model | None = None
    #: An lxml tree already parsed for this file (degraded mode), to validate without parsing again.
    tree: etree._ElementTree | None = None
    load_error: Exception | None = None

    @property
    def is_regulation(self) -> bool:
        """A model that restates a regulation (it has ``reg:regulation``)."""
        return self.model is not None and self.model.regulation is not None


@dataclass(frozen=True)
class RuleReport:
    """One raw report, before severities, suppression and formatting."""

    rule: str
    message: str
    element_id: str | None
    line: int | None
    node: XmlNode | None = field(default=None, compare=False, repr=False)


class Reporter:
    """``reporter.report(element, message)``, as in bpmnlint; ``element`` may be an id string."""

    def __init__(self, rule: str, context: LintContext, sink: list[RuleReport]) -> None:
        self.rule = rule
        self.context = context
        self._view = context.view
        self._sink = sink

    def report(self, target: MElement | str | None, message: str, line: int | None = None,
               **_: Any) -> None:
        node: XmlNode | None = None
        element_id: str | None
        if isinstance(target, MElement):
            element_id = target.id if not target.is_generic else target.node.attrs.get("id")
            node = target.node
        else:
            element_id = target
            found = self._view.by_id.get(target) if target is not None else None
            node = found.node if found is not None else None
        if line is None and node is not None:
            line = node.line
        self._sink.append(RuleReport(self.rule, message, element_id, line, node))
