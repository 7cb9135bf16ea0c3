"""no-inclusive-gateway: inclusive gateways are discouraged; their join is hard to read and to run."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("no-inclusive-gateway", "warn", "Inclusive gateways are discouraged.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:InclusiveGateway"):
        reporter.report(node, "Element type <bpmn:InclusiveGateway> is discouraged")
