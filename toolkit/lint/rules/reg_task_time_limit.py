"""reg-task-time-limit: in a regulation model, every task has its usual time limit, or says it has none.

Deadlines are the point of a state-service regulation: the engine computes
them from these limits, and a task without one can never be late. Where the
text really sets no limit for a step (the recipient handing in documents, a
message arriving), the model says so with ``reg:noTimeLimit``, so a forgotten
limit stays distinguishable from an absent one. Alternatives (``when=…``) do
not replace the usual limit, and a task cannot both have and lack one.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("reg-task-time-limit", "error",
              "In a regulation model, every task has a usual reg:timeLimit or says reg:noTimeLimit.",
              origin="reglament", needs_model=True)
def check(node: MElement, reporter) -> None:
    context = reporter.context
    if not context.is_regulation or not is_a(node, "bpmn:Task") or node.id is None:
        return
    flow_node = context.model.nodes.get(node.id)
    if flow_node is None:
        return
    if flow_node.no_time_limit:
        if flow_node.time_limits:
            reporter.report(node, "Task has both reg:noTimeLimit and a reg:timeLimit")
        return
    if flow_node.usual_limit is not None:
        return
    if flow_node.alternatives:
        reporter.report(node, "Task has only alternative time limits; "
                              "the usual one (reg:timeLimit without when) is missing")
    else:
        reporter.report(node, "Task has no time limit (reg:timeLimit, or reg:noTimeLimit if the text sets none)")
