"""superfluous-termination: a terminate end event is pointless where it is the only way a scope ends.

Terminate kills the other tokens of its scope; if there are none left (every
other end is the terminate itself or an interrupting event sub-process) a plain
end event says the same thing without the alarm.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.registry import element_rule


def _terminate_end(element: MElement) -> bool:
    return is_a(element, "bpmn:EndEvent") and any(
        is_a(d, "bpmn:TerminateEventDefinition") for d in element.many("eventDefinitions"))


def _interrupting_event_sub(element: MElement) -> bool:
    return (is_a(element, "bpmn:SubProcess") and bool(element.get("triggeredByEvent"))
            and any(is_a(e, "bpmn:StartEvent") and e.get("isInterrupting") for e in element.many("flowElements")))


@element_rule("superfluous-termination", "warn", "Terminate end events are used only where other paths remain.")
def check(node: MElement, reporter) -> None:
    if not is_any(node, ("bpmn:Process", "bpmn:SubProcess")):
        return
    ends = [e for e in node.many("flowElements") if is_a(e, "bpmn:FlowNode") and not e.many("outgoing")]
    terminates = [e for e in ends if _terminate_end(e)]
    if len(terminates) != 1:
        return
    if all(_interrupting_event_sub(e) or _terminate_end(e) for e in ends):
        for end in terminates:
            reporter.report(end, "Termination is superfluous.")
