"""no-disconnected: a task, gateway, sub-process or event has at least one sequence flow.

A node with neither incoming nor outgoing flow never runs. Compensation
handlers, event sub-processes and members of ad-hoc sub-processes are exempt.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.registry import element_rule


def _compensation_linked(node: MElement) -> bool:
    definitions = node.many("eventDefinitions")
    boundary = (is_a(node, "bpmn:BoundaryEvent") and len(definitions) == 1
                and is_a(definitions[0], "bpmn:CompensateEventDefinition"))
    return boundary or bool(node.get("isForCompensation"))


@element_rule("no-disconnected", "error", "Tasks, gateways, sub-processes and events are connected by sequence flows.")
def check(node: MElement, reporter) -> None:
    if not is_any(node, ("bpmn:Task", "bpmn:Gateway", "bpmn:SubProcess", "bpmn:Event")):
        return
    if node.get("triggeredByEvent") or _compensation_linked(node) or is_a(node.parent, "bpmn:AdHocSubProcess"):
        return
    if not node.many("incoming") and not node.many("outgoing"):
        reporter.report(node, "Element is not connected")
