"""superfluous-label: an unconditional flow that is not a decision branch or default carries no label.

Labels belong on choices; elsewhere they repeat what the diagram already says, and readers take them for conditions.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.moddle.js import js_trim
from toolkit.lint.registry import element_rule
from toolkit.lint.rules.conditional_flows import has_condition


def _labelled_by_right(flow: MElement) -> bool:
    if has_condition(flow):
        return True
    source = flow.get("sourceRef")
    if not isinstance(source, MElement):
        return False
    if source.get("default") is flow:
        return True
    return is_any(source, ("bpmn:ExclusiveGateway", "bpmn:InclusiveGateway")) and len(source.many("outgoing")) > 1


@element_rule("superfluous-label", "warn", "Only conditional, default and decision flows are labelled.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:SequenceFlow") and js_trim(node.get("name")) and not _labelled_by_right(node):
        reporter.report(node, "Sequence flow has superfluous label")
