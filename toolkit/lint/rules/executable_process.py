"""executable-process: in a model meant to run, every process with flow nodes is executable.

Regulation models are run by ``reglament run`` (and by any BPMN engine they are
handed to); a process without ``isExecutable="true"`` is, by the standard, only
documentation, and engines may refuse or skip it. A pool that is deliberately
documentation only can say so with ``<reg:lint disable="executable-process"/>``.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("executable-process", "error", "In a regulation model, every process with flow nodes is executable.",
              origin="reglament", needs_model=True)
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Process") or node.get("isExecutable") is True:
        return
    if not reporter.context.is_regulation:
        return
    if any(is_a(e, "bpmn:FlowNode") for e in node.many("flowElements")):
        reporter.report(node, "Process is not executable, but the model is meant to run")
