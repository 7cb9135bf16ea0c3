"""event-based-gateway: an event-based gateway has two or more outgoing flows, none conditional.

It waits for whichever event comes first; with one path or with conditions it is not a race.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule
from toolkit.lint.rules.conditional_flows import has_condition


@element_rule("event-based-gateway", "error",
              "An event-based gateway has at least two outgoing flows, none of them conditional.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:EventBasedGateway"):
        return
    outgoing = node.many("outgoing")
    if len(outgoing) < 2:
        reporter.report(node, "An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>")
    for flow in outgoing:
        if has_condition(flow):
            reporter.report(flow, "A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional")
