"""single-blank-start-event: a scope has at most one blank start event; with two, which one starts it is a guess."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("single-blank-start-event", "error", "A process or sub-process has at most one blank start event.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:FlowElementsContainer"):
        return
    blank = [e for e in node.many("flowElements")
             if is_a(e, "bpmn:StartEvent") and not e.many("eventDefinitions")]
    if len(blank) > 1:
        kind = "Sub process" if is_a(node, "bpmn:SubProcess") else "Process"
        reporter.report(node, f"{kind} has multiple blank start events")
