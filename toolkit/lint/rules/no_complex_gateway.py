"""no-complex-gateway: complex gateways are discouraged; their semantics are rarely shared by readers."""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("no-complex-gateway", "error", "Complex gateways are discouraged.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:ComplexGateway"):
        reporter.report(node, "Element type <bpmn:ComplexGateway> is discouraged")
