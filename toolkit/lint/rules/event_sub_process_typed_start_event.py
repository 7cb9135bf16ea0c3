"""event-sub-process-typed-start-event: the start events of an event sub-process are typed.

An event sub-process starts on an event (message, timer, error…); a blank start never fires.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("event-sub-process-typed-start-event", "error",
              "Start events of an event sub-process have an event definition.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:SubProcess") or not node.get("triggeredByEvent"):
        return
    for element in node.many("flowElements"):
        if is_a(element, "bpmn:StartEvent") and not element.many("eventDefinitions"):
            reporter.report(element, "Start event is missing event definition")
