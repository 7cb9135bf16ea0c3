"""global: messages, signals, errors and escalations are named, used, and uniquely named.

They are shared by name across the model (and by engines across models), so an
unnamed, unused or doubly named one is a modelling mistake waiting to surface.
(Module ``global_`` because ``global`` is a Python keyword; the rule is ``global``.)
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.moddle.js import js_trim
from toolkit.lint.registry import element_rule

_GLOBALS = ("bpmn:Error", "bpmn:Escalation", "bpmn:Message", "bpmn:Signal")
_REF_PROPERTY = {"bpmn:Error": ("errorRef", ("bpmn:ErrorEventDefinition",)),
                 "bpmn:Escalation": ("escalationRef", ("bpmn:EscalationEventDefinition",)),
                 "bpmn:Message": ("messageRef", ("bpmn:MessageEventDefinition", "bpmn:MessageFlow",
                                                 "bpmn:ReceiveTask", "bpmn:SendTask")),
                 "bpmn:Signal": ("signalRef", ("bpmn:SignalEventDefinition",))}


def _referencing(definitions: MElement) -> list[MElement]:
    """Event definitions, message flows, send and receive tasks, found the way bpmnlint walks."""
    found: list[MElement] = []
    stack = [definitions]
    while stack:
        element = stack.pop()
        nested: list[MElement] = []
        if is_a(element, "bpmn:Definitions"):
            nested += element.many("rootElements")
        if is_a(element, "bpmn:FlowElementsContainer"):
            nested += element.many("flowElements")
        if is_a(element, "bpmn:Event"):
            found += element.many("eventDefinitions")
        if is_a(element, "bpmn:Collaboration"):
            nested += element.many("messageFlows")
        if is_any(element, ("bpmn:MessageFlow", "bpmn:ReceiveTask", "bpmn:SendTask")):
            found.append(element)
        stack.extend(reversed(nested))
    return found


def _is_referenced(root: MElement, referencing: list[MElement]) -> bool:
    for kind, (prop, types) in _REF_PROPERTY.items():
        if is_a(root, kind):
            for ref in referencing:
                if is_any(ref, types):
                    target = ref.get(prop)
                    if root.id == (target.id if isinstance(target, MElement) else None):
                        return True
            return False
    return False


@element_rule("global", "warn", "Messages, signals, errors and escalations are named, used and uniquely named.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Definitions"):
        return
    roots = [r for r in node.many("rootElements") if is_any(r, _GLOBALS)]
    referencing = _referencing(node)
    for root in roots:
        name = root.get("name")
        if name is not None and js_trim(name) == "":
            reporter.report(root, "Element is missing name")
        if not _is_referenced(root, referencing):
            reporter.report(root, "Element is unused")
        if sum(1 for other in roots if other.is_a(root.type) and other.get("name") == name) != 1:
            reporter.report(root, "Element name is not unique")
