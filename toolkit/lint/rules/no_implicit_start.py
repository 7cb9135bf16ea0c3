"""no-implicit-start: only start events (and boundary events) start a path.

A task with no incoming flow starts on its own when the process starts, which
readers rarely see. Link catches, compensation, ad-hoc members and event
sub-processes are exempt, as in bpmnlint.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.registry import element_rule
from toolkit.lint.rules.no_implicit_end import _only


def is_implicit_start(node: MElement) -> bool:
    if is_a(node, "bpmn:Activity") and node.get("isForCompensation"):
        return False
    if is_a(node.parent, "bpmn:AdHocSubProcess"):
        return False
    if is_a(node, "bpmn:SubProcess") and node.get("triggeredByEvent"):
        return False
    if is_a(node, "bpmn:IntermediateCatchEvent") and _only(node, "bpmn:LinkEventDefinition"):
        return False
    if is_any(node, ("bpmn:StartEvent", "bpmn:BoundaryEvent")):
        return False
    return not node.many("incoming")


@element_rule("no-implicit-start", "error", "Paths start at start events, not at nodes without incoming flows.")
def check(node: MElement, reporter) -> None:
    if is_any(node, ("bpmn:Event", "bpmn:Activity", "bpmn:Gateway")) and is_implicit_start(node):
        reporter.report(node, "Element is an implicit start")
