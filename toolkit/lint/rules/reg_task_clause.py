"""reg-task-clause: in a regulation model, every task names the clause it restates (``reg:clause``).

That link is what lets the conformance check compare the model with the act,
and what lets a reader go from a box in the diagram to the words of the law.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("reg-task-clause", "error", "In a regulation model, every task has a reg:clause.",
              origin="reglament", needs_model=True)
def check(node: MElement, reporter) -> None:
    context = reporter.context
    if not context.is_regulation or not is_a(node, "bpmn:Task") or node.id is None:
        return
    flow_node = context.model.nodes.get(node.id)
    if flow_node is not None and not flow_node.clauses:
        reporter.report(node, "Task has no clause reference (reg:clause)")
