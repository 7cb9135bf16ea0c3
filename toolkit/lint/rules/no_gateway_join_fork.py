"""no-gateway-join-fork: a gateway either joins or forks, not both; two gateways say what happens in order."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("no-gateway-join-fork", "error", "A gateway does not join and fork at once.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:Gateway") and len(node.many("incoming")) > 1 and len(node.many("outgoing")) > 1:
        reporter.report(node, "Gateway forks and joins")
