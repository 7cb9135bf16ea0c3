"""label-required: flow nodes, conditional flows, pools and lanes carry a name.

A diagram is read by people; an unlabelled task or branch says nothing. Joining
and parallel gateways, event-based gateways, sub-processes and unconditional
flows are exempt, as in bpmnlint.
"""

from toolkit.lint.moddle import MElement, is_a, is_any
from toolkit.lint.moddle.js import js_trim
from toolkit.lint.registry import element_rule


@element_rule("label-required", "error", "Flow nodes, conditional flows, participants and lanes have a name.")
def check(node: MElement, reporter) -> None:
    if is_any(node, ("bpmn:ParallelGateway", "bpmn:EventBasedGateway")):
        return
    if is_a(node, "bpmn:Gateway") and len(node.many("outgoing")) <= 1:
        return
    if is_a(node, "bpmn:SubProcess"):
        return
    if is_a(node, "bpmn:SequenceFlow") and not node.get("conditionExpression"):
        return
    named = ("bpmn:FlowNode", "bpmn:SequenceFlow", "bpmn:Participant", "bpmn:Lane")
    if is_any(node, named) and not js_trim(node.get("name")):
        reporter.report(node, "Element is missing label/name")
