"""superfluous-gateway: a gateway with one way in and one way out does nothing."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("superfluous-gateway", "warn", "A gateway does more than pass one incoming flow on to one outgoing flow.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:Gateway") and len(node.many("incoming")) == 1 and len(node.many("outgoing")) == 1:
        reporter.report(node, "Gateway is superfluous. It only has one source and target.")
