"""single-event-definition: an event has at most one event definition.

Several mean "multiple" (any one of them triggers), which tools and readers treat unevenly.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("single-event-definition", "error", "An event has at most one event definition.")
def check(node: MElement, reporter) -> None:
    if is_a(node, "bpmn:Event") and len(node.many("eventDefinitions")) > 1:
        reporter.report(node, "Event has multiple event definitions")
