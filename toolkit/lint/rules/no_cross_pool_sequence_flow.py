"""no-cross-pool-sequence-flow: a sequence flow stays inside one pool (process).

Between pools only messages pass (BPMN 2.0, 9.3): a sequence flow across them
is invalid, and engines either reject it or silently run two processes as one.
"""

from toolkit.lint.moddle import MElement, find_parent, is_a
from toolkit.lint.registry import element_rule


@element_rule("no-cross-pool-sequence-flow", "error", "A sequence flow connects nodes of one pool.",
              origin="reglament")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:SequenceFlow"):
        return
    source, target = node.get("sourceRef"), node.get("targetRef")
    if not isinstance(source, MElement) or not isinstance(target, MElement):
        return  # a dangling reference is the import rule's business
    own = find_parent(node, "bpmn:Process")
    for end in (source, target):
        if find_parent(end, "bpmn:Process") is not own:
            reporter.report(node, "Sequence flow crosses pools")
            return
