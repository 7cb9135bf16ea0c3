"""The loaded model: immutable, typed, shared by every consumer.

Everything here is a frozen dataclass of tuples and read-only mappings. The
engine, the checker, the linter and the renderer all read the same instance, so
none of them can change what another one sees, and none re-parses the XML its
own way. State lives only in engine instances.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from toolkit.model.xmlnode import XmlNode
from toolkit.units import UNITS, WRITTEN_KK  # noqa: F401  (UNITS is re-exported by toolkit.model)

TASK_KINDS = frozenset(
    {"task", "userTask", "serviceTask", "manualTask", "scriptTask", "sendTask", "receiveTask",
     "businessRuleTask", "callActivity", "subProcess", "transaction", "adHocSubProcess"}
)
EVENT_KINDS = frozenset(
    {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
)
GATEWAY_KINDS = frozenset(
    {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
)
FLOW_NODE_KINDS = TASK_KINDS | EVENT_KINDS | GATEWAY_KINDS


def _frozen_map(items: Mapping | None = None) -> Mapping:
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class ClauseRef:
    """Where in the regulation an element comes from (paragraph 5.1 step 3, 8 item 5…)."""

    paragraph: int
    subparagraph: int | None = None
    step: int | None = None
    item: int | None = None
    process: int | None = None
    condition: int | None = None
    appendix: int | None = None

    @property
    def clause(self) -> str:
        """The clause as the text numbers it: ``5.1`` or ``8``."""
        return f"{self.paragraph}.{self.subparagraph}" if self.subparagraph else str(self.paragraph)

    def __str__(self) -> str:
        parts = [self.clause]
        if self.step is not None:
            parts.append(f"step {self.step}")
        if self.item is not None:
            parts.append(f"item {self.item}")
        if self.process is not None:
            parts.append(f"({self.process}-процесс)")
        if self.condition is not None:
            parts.append(f"({self.condition} шарт)")
        if self.appendix is not None:
            parts.append(f"appendix {self.appendix}")
        return " ".join(parts)


@dataclass(frozen=True)
class TimeLimit:
    """A time limit as the text writes it: ``6 (алты) жұмыс күн``.

    ``when`` is set on an alternative limit: a data expression the engine
    evaluates to choose it; ``condition_text`` is the text's own condition.
    """

    value: int
    unit: str
    words: str | None = None
    within: bool = False
    when: str | None = None
    condition_text: str | None = None

    @property
    def is_alternative(self) -> bool:
        return self.when is not None

    def as_written(self) -> str:
        words = f" ({self.words})" if self.words else ""
        unit = WRITTEN_KK.get(self.unit, self.unit)
        tail = " ішінде" if self.within else ""
        return f"{self.value}{words} {unit}{tail}"


@dataclass(frozen=True)
class Result:
    """The step's result ("Нәтижесі – …") and the actor it is handed to."""

    text: str
    to: str | None = None


@dataclass(frozen=True)
class Names:
    """An element's name in Kazakh (the text's words) and its translations."""

    kk: str | None = None
    ru: str | None = None
    en: str | None = None

    def get(self, lang: str = "kk") -> str | None:
        """The name in ``lang``, falling back to Kazakh where there is no translation."""
        return getattr(self, lang, None) or self.kk


#: Answers a person may give to a ``bool`` input, in the three languages of the project.
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "иә", "да"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "жоқ", "нет"})


@dataclass(frozen=True)
class InputField:
    """A piece of data a person enters to complete a user task."""

    name: str
    type: str
    label: str | None = None
    required: bool = True


@dataclass(frozen=True)
class Fact:
    """What a data key means in the text's words (``<reg:fact key= true=|false=>``).

    ``phrase`` is the text's words for the outcome the key's value ``holds`` stands
    for: ``Fact("person_found", "бар болуы", True)`` says ``person_found == True``
    is the "is there" outcome; ``Fact("documents_complete", "құжаттар жетіспеген",
    False)`` says ``documents_complete == False`` is the "lacking" case. The checker
    reads the polarity of a decision's expression from it.
    """

    key: str
    phrase: str
    holds: bool = True


@dataclass(frozen=True)
class FlowNode:
    """An activity, event or gateway, with what the text says about it."""

    id: str
    kind: str
    names: Names
    process_id: str | None
    lane_id: str | None
    parent_id: str | None
    line: int | None
    clauses: tuple[ClauseRef, ...] = ()
    time_limits: tuple[TimeLimit, ...] = ()
    result: Result | None = None
    operation: str | None = None
    inputs: tuple[InputField, ...] = ()
    event_definitions: tuple[str, ...] = ()
    message_refs: tuple[str, ...] = ()
    attached_to: str | None = None
    cancel_activity: bool = True
    triggered_by_event: bool = False
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    default_flow: str | None = None
    lint_disabled: frozenset[str] = frozenset()
    no_time_limit: bool = False
    #: Notation details (what a diagram shows): a multiple event whose triggers must all occur,
    #: a non-interrupting start event, an exclusive gateway without its ✖, an event-based
    #: gateway's type, the loop marker (``standard``, ``parallel``, ``sequential``), compensation.
    parallel_multiple: bool = False
    is_interrupting: bool = True
    marker_visible: bool = True
    event_gateway_type: str | None = None
    loop: str | None = None
    is_for_compensation: bool = False
    #: A call activity's called process (or global task).
    called_element: str | None = None
    facts: tuple[Fact, ...] = ()

    @property
    def name(self) -> str | None:
        return self.names.kk

    @property
    def is_task(self) -> bool:
        return self.kind in TASK_KINDS

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAY_KINDS

    @property
    def usual_limit(self) -> TimeLimit | None:
        """The limit that applies unless an alternative's condition holds."""
        return next((t for t in self.time_limits if not t.is_alternative), None)

    @property
    def alternatives(self) -> tuple[TimeLimit, ...]:
        return tuple(t for t in self.time_limits if t.is_alternative)


@dataclass(frozen=True)
class SequenceFlow:
    id: str
    source: str | None
    target: str | None
    names: Names
    process_id: str | None
    parent_id: str | None
    line: int | None
    condition: str | None = None
    is_default: bool = False
    clauses: tuple[ClauseRef, ...] = ()

    @property
    def name(self) -> str | None:
        return self.names.kk


@dataclass(frozen=True)
class MessageFlow:
    id: str
    source: str | None
    target: str | None
    names: Names
    message_ref: str | None
    collaboration_id: str | None
    line: int | None

    @property
    def name(self) -> str | None:
        return self.names.kk


@dataclass(frozen=True)
class Lane:
    id: str
    names: Names
    process_id: str | None
    parent_lane_id: str | None
    node_ids: tuple[str, ...]
    child_lane_ids: tuple[str, ...]
    line: int | None
    actor: str | None = None
    clauses: tuple[ClauseRef, ...] = ()

    @property
    def name(self) -> str | None:
        return self.names.kk


@dataclass(frozen=True)
class Participant:
    id: str
    names: Names
    process_ref: str | None
    collaboration_id: str | None
    line: int | None
    actor: str | None = None
    clauses: tuple[ClauseRef, ...] = ()

    @property
    def name(self) -> str | None:
        return self.names.kk


@dataclass(frozen=True)
class Process:
    id: str
    names: Names
    is_executable: bool
    line: int | None
    lane_ids: tuple[str, ...] = ()
    node_ids: tuple[str, ...] = ()

    @property
    def name(self) -> str | None:
        return self.names.kk


@dataclass(frozen=True)
class Artifact:
    """Data objects, data stores, text annotations, groups and their associations."""

    id: str
    kind: str
    names: Names
    process_id: str | None
    line: int | None
    text: str | None = None
    source: str | None = None
    target: str | None = None
    #: The activity a data association or an activity's own data input/output belongs to
    #: (None: the process's, or a free-standing artifact).
    owner: str | None = None
    #: Data objects: a collection (``isCollection``, a reference reads its data object's) and the state.
    is_collection: bool = False
    data_state: str | None = None
    #: Associations: None, One or Both (``associationDirection``).
    direction: str | None = None
    #: Groups: the value of the category value they show (``categoryValueRef``).
    category_value: str | None = None


@dataclass(frozen=True)
class Bounds:
    x: float
    y: float
    width: float
    height: float

    def contains(self, other: Bounds, tolerance: float = 0.5) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.x + other.width <= self.x + self.width + tolerance
            and other.y + other.height <= self.y + self.height + tolerance
        )


@dataclass(frozen=True)
class DiagramShape:
    element_id: str
    bounds: Bounds
    is_horizontal: bool | None = None
    is_expanded: bool | None = None
    label: Bounds | None = None
    diagram_id: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class DiagramEdge:
    element_id: str
    waypoints: tuple[tuple[float, float], ...]
    label: Bounds | None = None
    diagram_id: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class RegulationRef:
    """Which regulation of which act a model restates."""

    key: str
    act: str
    act_date: str | None = None
    amends: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Model:
    """One BPMN file, loaded. Build it with :func:`toolkit.model.load_model`."""

    source: str
    encoding: str | None
    xml: bytes = field(repr=False)
    processes: Mapping[str, Process]
    participants: Mapping[str, Participant]
    lanes: Mapping[str, Lane]
    nodes: Mapping[str, FlowNode]
    sequence_flows: Mapping[str, SequenceFlow]
    message_flows: Mapping[str, MessageFlow]
    artifacts: Mapping[str, Artifact]
    messages: Mapping[str, str]
    collaboration_id: str | None = None
    regulation: RegulationRef | None = None
    #: BPMN-namespace elements inside a process that no part of reglament understands
    #: (``bpmn:fooTask``): the engine refuses such a model, the renderer reports them.
    unknown: tuple[XmlNode, ...] = ()
    #: The lxml tree the model was read from (kept by :func:`~toolkit.model.loader.load_model_bytes`,
    #: else parsed on first need), so :attr:`root` and the BPMNDI tables share one parse.
    _spare_tree: list[Any] = field(default_factory=list, compare=False, repr=False)
    #: How to read the BPMNDI tables from that tree, given by the loader (which knows the
    #: BPMNDI reader) so that this module does not import the loader that imports it.
    _read_diagram: Callable[[Any, str], tuple[Mapping[str, DiagramShape], Mapping[str, DiagramEdge]]] | None = \
        field(default=None, compare=False, repr=False)

    def _tree(self) -> Any:
        """The lxml tree the model was loaded from if it was kept, else the source parsed once
        now and kept (``root`` and the BPMNDI tables both read it)."""
        from toolkit.model import safe_xml

        if not self._spare_tree:
            self._spare_tree.append(safe_xml.parse_xml(self.xml, self.source, max(len(self.xml), 1)))
        return self._spare_tree[0]

    @cached_property
    def root(self) -> XmlNode:
        """The whole document as read-only XmlNodes, for the tools that walk the XML (lint,
        layout). Built on first use: the typed tables above are read straight from lxml,
        so the engine and the checker never pay for this tree."""
        from toolkit.model.xmlnode import gc_paused, to_xml_node

        with gc_paused():
            return to_xml_node(self._tree().getroot())

    @cached_property
    def _diagram(self) -> tuple[Mapping[str, DiagramShape], Mapping[str, DiagramEdge]]:
        if self._read_diagram is None:
            return MappingProxyType({}), MappingProxyType({})
        return self._read_diagram(self._tree(), self.source)

    @property
    def shapes(self) -> Mapping[str, DiagramShape]:
        """BPMNDI shapes by element id (read on first use: the engine never needs them)."""
        return self._diagram[0]

    @property
    def edges(self) -> Mapping[str, DiagramEdge]:
        """BPMNDI edges by element id (read on first use)."""
        return self._diagram[1]

    @property
    def name(self) -> str:
        """A short name for messages: the file's stem or the collaboration id."""
        from pathlib import PurePath

        return PurePath(self.source).stem if self.source else (self.collaboration_id or "model")

    def node(self, node_id: str) -> FlowNode:
        return self.nodes[node_id]

    def lane_of(self, node_id: str) -> Lane | None:
        lane_id = self.nodes[node_id].lane_id
        return self.lanes.get(lane_id) if lane_id else None

    def participant_of_process(self, process_id: str | None) -> Participant | None:
        return next((p for p in self.participants.values() if p.process_ref == process_id), None)

    def participant_of(self, node_id: str) -> Participant | None:
        return self.participant_of_process(self.nodes[node_id].process_id)

    def performer_name(self, node_id: str) -> str | None:
        """The name of the lane a node sits in, else of its pool: who does it, as people read it."""
        lane = self.lane_of(node_id)
        if lane is not None:
            return lane.name
        participant = self.participant_of(node_id)
        return participant.name if participant else None

    def actor_of(self, node_id: str) -> str | None:
        """The actor key that performs a node: its lane's, else its pool's."""
        lane = self.lane_of(node_id)
        if lane is not None and lane.actor:
            return lane.actor
        participant = self.participant_of(node_id)
        return participant.actor if participant else None

    def line_of(self, element_id: str) -> int | None:
        for table in (self.nodes, self.sequence_flows, self.message_flows, self.lanes,
                      self.participants, self.processes, self.artifacts):
            if element_id in table:
                return table[element_id].line
        return None

    def clause_nodes(self) -> tuple[FlowNode, ...]:
        """Nodes that stand for text, in document order."""
        return tuple(n for n in self.nodes.values() if n.clauses)
