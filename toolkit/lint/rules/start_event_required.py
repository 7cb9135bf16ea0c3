"""start-event-required: every process and sub-process (not ad-hoc) has a start event,
so where it begins is explicit rather than implied by nodes without incoming flows.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.registry import element_rule


@element_rule("start-event-required", "error", "Every process and sub-process has a start event.")
def check(node: MElement, reporter) -> None:
    if not is_any(node, ("bpmn:Process", "bpmn:SubProcess")) or is_a(node, "bpmn:AdHocSubProcess"):
        return
    if not any(is_a(e, "bpmn:StartEvent") for e in node.many("flowElements")):
        kind = "Sub process" if is_a(node, "bpmn:SubProcess") else "Process"
        reporter.report(node, f"{kind} is missing start event")
