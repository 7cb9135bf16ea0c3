"""no-duplicate-sequence-flows: no two sequence flows share source, target and condition.

A duplicate sends two tokens down the same path; the second copy is usually a
slip of the mouse hidden under the first.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import ElementCheck, stateful_rule


def _key(flow: MElement) -> str:
    condition = flow.get("conditionExpression")
    if isinstance(condition, MElement):
        body = condition.get("body")
        condition_text = "undefined" if body is None else str(body)
    else:
        condition_text = ""
    source, target = flow.get("sourceRef"), flow.get("targetRef")
    source_id = source.id if isinstance(source, MElement) else flow.id
    target_id = target.id if isinstance(target, MElement) else flow.id
    return f"{source_id}#{target_id}#{condition_text}"


@stateful_rule("no-duplicate-sequence-flows", "error",
               "No two sequence flows have the same source, target and condition.")
def make() -> ElementCheck:
    keyed: set[str] = set()
    outgoing_reported: set[str | None] = set()
    incoming_reported: set[str | None] = set()

    def check(node: MElement, reporter) -> None:
        if not is_a(node, "bpmn:SequenceFlow"):
            return
        key = _key(node)
        if key not in keyed:
            keyed.add(key)
            return
        reporter.report(node, "SequenceFlow is a duplicate")
        source, target = node.get("sourceRef"), node.get("targetRef")
        if isinstance(source, MElement) and source.id not in outgoing_reported:
            reporter.report(source, "Duplicate outgoing sequence flows")
            outgoing_reported.add(source.id)
        if isinstance(target, MElement) and target.id not in incoming_reported:
            reporter.report(target, "Duplicate incoming sequence flows")
            incoming_reported.add(target.id)

    return check
