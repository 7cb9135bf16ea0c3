"""end-event-required: every process and sub-process (not ad-hoc) has an end event.

An explicit end makes the outcome of a scope visible and lets an engine complete it.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.registry import element_rule


@element_rule("end-event-required", "error", "Every process and sub-process has an end event.")
def check(node: MElement, reporter) -> None:
    if not is_any(node, ("bpmn:Process", "bpmn:SubProcess")) or is_a(node, "bpmn:AdHocSubProcess"):
        return
    if not any(is_a(e, "bpmn:EndEvent") for e in node.many("flowElements")):
        kind = "Sub process" if is_a(node, "bpmn:SubProcess") else "Process"
        reporter.report(node, f"{kind} is missing end event")
