"""sub-process-blank-start-event: an embedded sub-process starts when reached, so its start event is blank."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("sub-process-blank-start-event", "error", "Start events of a (non-event) sub-process are blank.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:SubProcess") or node.get("triggeredByEvent"):
        return
    for element in node.many("flowElements"):
        if is_a(element, "bpmn:StartEvent") and element.many("eventDefinitions"):
            reporter.report(element, "Start event must be blank")
