"""no-implicit-end: only end events end a path.

A task or gateway with no outgoing flow silently swallows the token; an end
event says the path is meant to stop (and how). Link throws, compensation,
ad-hoc members and event sub-processes are exempt, as in bpmnlint.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, find_parent, is_a, is_any
from toolkit.lint.registry import element_rule


def _only(node: MElement, definition: str) -> bool:
    definitions = node.many("eventDefinitions")
    return bool(definitions) and all(is_a(d, definition) for d in definitions)


def _has_compensation_activity(node: MElement) -> bool:
    process = find_parent(node, "bpmn:Process")
    for artifact in process.many("artifacts") if process is not None else ():
        if is_a(artifact, "bpmn:Association"):
            source = artifact.get("sourceRef")
            if isinstance(source, MElement) and source.id == node.id:
                return True
    return False


def is_implicit_end(node: MElement) -> bool:
    if is_a(node, "bpmn:SubProcess") and node.get("triggeredByEvent"):
        return False
    if is_a(node, "bpmn:IntermediateThrowEvent") and _only(node, "bpmn:LinkEventDefinition"):
        return False
    if is_a(node.parent, "bpmn:AdHocSubProcess"):
        return False
    if is_a(node, "bpmn:EndEvent"):
        return False
    if (is_a(node, "bpmn:BoundaryEvent") and _only(node, "bpmn:CompensateEventDefinition")
            and _has_compensation_activity(node)):
        return False
    if is_a(node, "bpmn:Activity") and node.get("isForCompensation"):
        return False
    return not node.many("outgoing")


@element_rule("no-implicit-end", "error", "Paths end in end events, not in tasks or gateways without outgoing flows.")
def check(node: MElement, reporter) -> None:
    if is_any(node, ("bpmn:Event", "bpmn:Activity", "bpmn:Gateway")) and is_implicit_end(node):
        reporter.report(node, "Element is an implicit end")
