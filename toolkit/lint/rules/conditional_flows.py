"""conditional-flows: once one outgoing flow of a node is conditional (or a default exists),
every other outgoing flow needs a condition or must be the default.

Otherwise a token takes an unconditional flow always, which the designer rarely meant.
"""

from toolkit.lint.moddle import MElement
from toolkit.lint.registry import element_rule


def has_condition(flow) -> bool:
    return isinstance(flow, MElement) and bool(flow.get("conditionExpression"))


@element_rule("conditional-flows", "error",
              "Outgoing flows of a conditional fork have a condition or are the default.")
def check(node: MElement, reporter) -> None:
    default = node.get("default") if node.desc is not None else node.node.attrs.get("default")
    outgoing = node.many("outgoing")
    if not (default or any(has_condition(f) for f in outgoing)):
        return
    for flow in outgoing:
        if not has_condition(flow) and flow is not default:
            reporter.report(flow, "Sequence flow is missing condition")
