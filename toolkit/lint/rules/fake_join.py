"""fake-join: an activity or event with several incoming flows does not join them.

Each arriving token starts the task again; to wait for all branches, model a parallel gateway.
"""

from toolkit.lint.moddle import MElement, is_any
from toolkit.lint.registry import element_rule


@element_rule("fake-join", "warn", "Activities and events do not join several incoming flows.")
def check(node: MElement, reporter) -> None:
    if is_any(node, ("bpmn:Activity", "bpmn:Event")) and len(node.many("incoming")) > 1:
        reporter.report(node, "Incoming flows do not join")
