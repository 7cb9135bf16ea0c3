"""no-same-pool-message-flow: a message flow connects two different pools.

Inside one pool, work is ordered by sequence flows; a message flow there is
invalid BPMN (9.3) and is ignored by engines, so the order it suggests is lost.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, find_parent, is_a
from toolkit.lint.registry import element_rule


def _pool(end: MElement, participants: list[MElement]) -> object:
    """The participant an end of a message flow belongs to (else its process)."""
    if is_a(end, "bpmn:Participant"):
        return end
    process = find_parent(end, "bpmn:Process")
    for participant in participants:
        if participant.get("processRef") is process:
            return participant
    return process


@element_rule("no-same-pool-message-flow", "error", "A message flow connects two different pools.",
              origin="reglament")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:MessageFlow"):
        return
    source, target = node.get("sourceRef"), node.get("targetRef")
    if not isinstance(source, MElement) or not isinstance(target, MElement):
        return
    collaboration = node.parent
    participants = collaboration.many("participants") if collaboration is not None else []
    if _pool(source, participants) is _pool(target, participants):
        reporter.report(node, "Message flow connects elements of the same pool")
