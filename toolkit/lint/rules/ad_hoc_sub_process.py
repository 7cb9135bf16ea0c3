"""ad-hoc-sub-process: an ad-hoc sub-process holds no start or end events (BPMN 2.0, 10.3.5).

Its activities run in any order, on demand, so a start or end event has no meaning there.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("ad-hoc-sub-process", "error", "An ad-hoc sub-process has no start or end events.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:AdHocSubProcess"):
        return
    for element in node.many("flowElements"):
        if is_a(element, "bpmn:StartEvent"):
            reporter.report(element, "A <Start Event> is not allowed in <Ad Hoc Sub Process>")
        if is_a(element, "bpmn:EndEvent"):
            reporter.report(element, "An <End Event> is not allowed in <Ad Hoc Sub Process>")
