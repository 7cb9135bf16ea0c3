"""no-implicit-split: an activity or event does not fork through several unconditional flows.

Such a split is parallel, but reads like a choice; model a parallel gateway to say so.
"""

from toolkit.lint.moddle import MElement, is_any
from toolkit.lint.registry import element_rule
from toolkit.lint.rules.conditional_flows import has_condition


@element_rule("no-implicit-split", "error", "Activities and events do not split flows implicitly.")
def check(node: MElement, reporter) -> None:
    if not is_any(node, ("bpmn:Activity", "bpmn:Event")):
        return
    default = node.get("default")
    plain = [f for f in node.many("outgoing") if not has_condition(f) and f is not default]
    if len(plain) > 1:
        reporter.report(node, "Flow splits implicitly")
