"""link-event: link events are named and paired, one catch per name and scope.

A link is a goto inside one process level; a throw without its catch (or two
catches for one name) leaves the token nowhere or somewhere arbitrary.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


def _link_definition(event: MElement) -> MElement | None:
    return next((d for d in event.many("eventDefinitions") if is_a(d, "bpmn:LinkEventDefinition")), None)


@element_rule("link-event", "error", "Link events are named, and each throw has exactly one catch in its scope.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:FlowElementsContainer"):
        return
    links = [e for e in node.many("flowElements") if is_a(e, "bpmn:Event") and _link_definition(e) is not None]
    names: dict[str, list[MElement]] = {}
    for link in links:
        name = _link_definition(link).get("name")  # type: ignore[union-attr]
        if not name:
            reporter.report(link, "Link event is missing link name")
        names.setdefault(name or "_", []).append(link)  # min-dash groupBy files falsy keys under '_'
    for name, events in names.items():
        if len(events) == 1:
            event = events[0]
            missing = "catch" if is_a(event, "bpmn:ThrowEvent") else "throw"
            reporter.report(event, f"Link {missing} event with link name <{name}> missing in scope")
            continue
        catches = [e for e in events if is_a(e, "bpmn:CatchEvent")]
        if len(catches) > 1:
            for event in catches:
                reporter.report(event, f"Duplicate link catch event with link name <{name}> in scope")
        elif not catches:
            for event in events:
                reporter.report(event, f"Link catch event with link name <{name}> missing in scope")
