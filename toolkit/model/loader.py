"""Load a BPMN 2.0 file into an immutable :class:`~toolkit.model.elements.Model`.

The loader is deliberately forgiving about BPMN *content* (dangling references,
missing names, unknown elements are the linter's business, not a crash) and
strict about the *file* (malformed, hostile or non-BPMN input is a one-line
:class:`~toolkit.errors.ModelError`).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from lxml import etree

from toolkit.errors import ModelError
from toolkit.model import safe_xml
from toolkit.model.elements import (
    FLOW_NODE_KINDS,
    Artifact,
    Bounds,
    DiagramEdge,
    DiagramShape,
    FlowNode,
    Lane,
    MessageFlow,
    Model,
    Participant,
    Process,
    RegulationRef,
    SequenceFlow,
)
from toolkit.model.extensions import read_extensions
from toolkit.model.namespaces import BPMN, BPMNDI, DC, DI
from toolkit.model.xmlnode import gc_paused, split_tag, to_xml_node

ARTIFACT_KINDS = frozenset(
    {"dataObject", "dataObjectReference", "dataStoreReference", "dataStore", "textAnnotation",
     "association", "group", "dataInputAssociation", "dataOutputAssociation", "dataInput", "dataOutput"}
)
CONTAINER_KINDS = frozenset({"subProcess", "transaction", "adHocSubProcess"})
#: BPMN children of a process or sub-process that are not flow elements but are
#: understood; anything else in the BPMN namespace there is reported as unknown.
KNOWN_PROCESS_PARTS = frozenset({
    "laneSet", "extensionElements", "documentation", "property", "ioSpecification", "ioBinding",
    "auditing", "monitoring", "supports", "resourceRole", "performer", "humanPerformer", "potentialOwner",
    "correlationSubscription", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics",
    "incoming", "outgoing", "dataInputAssociation", "dataOutputAssociation", "category", "categoryValue",
    "completionCondition",
})
#: Every BPMN tag a process or sub-process may hold that the loader knows.
_UNDERSTOOD = FLOW_NODE_KINDS | ARTIFACT_KINDS | KNOWN_PROCESS_PARTS | {"sequenceFlow"}


class _El:
    """A read-only view of one lxml element with the XmlNode interface the builder and
    :func:`~toolkit.model.extensions.read_extensions` read (``tag``, ``namespace``, ``attrs``,
    ``children``, ``id``, ``text``, ``line``, ``find_all``).

    The typed model is built through these views straight from the parsed tree, instead
    of first copying the whole document into XmlNodes (most of a cold start's model
    building, and most of the garbage-collector's work): a view is one small object,
    made only for the elements the builder visits, its children listed once.
    """

    __slots__ = ("_children", "attrs", "el", "namespace", "tag")

    def __init__(self, el: etree._Element, split: tuple[str, str]) -> None:
        self.el = el
        self.namespace, self.tag = split
        self.attrs: Any = el.attrib  # lxml's attribute mapping: .get, [key], keys as XmlNode keys them
        self._children: tuple[_El, ...] | None = None

    @property
    def id(self) -> str | None:
        return self.el.get("id")

    @property
    def text(self) -> str | None:
        return self.el.text

    @property
    def line(self) -> int | None:
        return self.el.sourceline

    @property
    def children(self) -> tuple[_El, ...]:
        if self._children is None:
            self._children = tuple(_El(child, _cached_split(child.tag)) for child in self.el
                                   if isinstance(child.tag, str))  # comments and PIs are not elements
        return self._children

    def find_all(self, tag: str) -> tuple[_El, ...]:
        return tuple(c for c in self.children if c.tag == tag)


_TAGS: dict[str, tuple[str, str]] = {}


def _cached_split(tag: str) -> tuple[str, str]:
    """``{uri}local`` as (uri, local), remembered: a document has a few dozen distinct tags."""
    split = _TAGS.get(tag)
    if split is None:
        split = split_tag(tag)
        if len(_TAGS) < 4096:  # a hostile document's invented tags must not grow it without end
            _TAGS[tag] = split
    return split


class _Builder:
    """Walks the _El tree once and fills the model's tables."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.processes: dict[str, Process] = {}
        self.participants: dict[str, Participant] = {}
        self.lanes: dict[str, Lane] = {}
        self.nodes: dict[str, FlowNode] = {}
        self.sequence_flows: dict[str, SequenceFlow] = {}
        self.message_flows: dict[str, MessageFlow] = {}
        self.artifacts: dict[str, Artifact] = {}
        self.messages: dict[str, str] = {}
        self.shapes: dict[str, DiagramShape] = {}
        self.edges: dict[str, DiagramEdge] = {}
        self.collaboration_id: str | None = None
        self.regulation: RegulationRef | None = None
        self.unknown: list[_El] = []
        self._lane_of_node: dict[str, str] = {}
        self._category_values: dict[str, str] = {}
        self._collections: dict[str, bool] = {}  # data object id -> isCollection
        self._data_object_refs: dict[str, str] = {}  # data object reference id -> its data object
        self._defaults: set[str] = set()

    # -- helpers --------------------------------------------------------------
    def _bpmn(self, node: _El, tag: str | None = None) -> bool:
        return node.namespace == BPMN and (tag is None or node.tag == tag)

    @staticmethod
    def _refs(node: _El, tag: str) -> tuple[str, ...]:
        return tuple((c.text or "").strip() for c in node.children if c.tag == tag and (c.text or "").strip())

    # -- top level ------------------------------------------------------------
    def build(self, root: _El) -> None:
        for child in root.children:
            if not self._bpmn(child):
                if child.namespace == BPMNDI and child.tag == "BPMNDiagram":
                    self._diagram(child)
                continue
            if child.tag == "process":
                self._process(child)
            elif child.tag == "collaboration":
                self._collaboration(child)
            elif child.tag == "message" and child.id:
                self.messages[child.id] = child.attrs.get("name") or child.id
            elif child.tag in ARTIFACT_KINDS and child.id:
                self._artifact(child, None)
            elif child.tag == "category":
                for value in child.children:
                    if value.tag == "categoryValue" and value.id:
                        self._category_values[value.id] = (value.attrs.get("value") or "").strip()

    def _collaboration(self, node: _El) -> None:
        ext = read_extensions(node, self.source)
        if self.collaboration_id is None:
            self.collaboration_id = node.id
        if ext.regulation and self.regulation is None:
            self.regulation = ext.regulation
        for child in node.children:
            if not self._bpmn(child) or not child.id:
                continue
            if child.tag == "participant":
                pext = read_extensions(child, self.source)
                self.participants.setdefault(child.id, Participant(
                    id=child.id, names=pext.names(child.attrs.get("name")),
                    process_ref=child.attrs.get("processRef"), collaboration_id=node.id,
                    line=child.line, actor=pext.actor, clauses=pext.clauses))
            elif child.tag == "messageFlow":
                mext = read_extensions(child, self.source)
                self.message_flows.setdefault(child.id, MessageFlow(
                    id=child.id, source=child.attrs.get("sourceRef"), target=child.attrs.get("targetRef"),
                    names=mext.names(child.attrs.get("name")), message_ref=child.attrs.get("messageRef"),
                    collaboration_id=node.id, line=child.line))
            elif child.tag in ARTIFACT_KINDS:
                self._artifact(child, None)

    def _process(self, node: _El) -> None:
        if not node.id:
            return
        ext = read_extensions(node, self.source)
        if ext.regulation and self.regulation is None:
            self.regulation = ext.regulation
        lane_ids: list[str] = []
        for lane_set in node.find_all("laneSet"):
            lane_ids.extend(self._lane_set(lane_set, node.id, None))
        node_ids: list[str] = []
        self._flow_elements(node, node.id, None, node_ids)
        self.processes.setdefault(node.id, Process(
            id=node.id, names=ext.names(node.attrs.get("name")),
            is_executable=node.attrs.get("isExecutable", "false").strip() == "true",
            line=node.line, lane_ids=tuple(lane_ids), node_ids=tuple(node_ids)))

    def _lane_set(self, lane_set: _El, process_id: str, parent_lane: str | None) -> list[str]:
        ids: list[str] = []
        for lane in lane_set.find_all("lane"):
            if not lane.id:
                continue
            ext = read_extensions(lane, self.source)
            refs = self._refs(lane, "flowNodeRef")
            for ref in refs:
                # Deeper lanes are visited later and win: a node belongs to its innermost lane.
                self._lane_of_node[ref] = lane.id
            children: list[str] = []
            for child_set in lane.find_all("childLaneSet"):
                children.extend(self._lane_set(child_set, process_id, lane.id))
            self.lanes.setdefault(lane.id, Lane(
                id=lane.id, names=ext.names(lane.attrs.get("name")), process_id=process_id,
                parent_lane_id=parent_lane, node_ids=refs, child_lane_ids=tuple(children),
                line=lane.line, actor=ext.actor, clauses=ext.clauses))
            ids.append(lane.id)
        return ids

    def _flow_elements(self, container: _El, process_id: str, parent_id: str | None,
                       node_ids: list[str]) -> None:
        for child in container.children:
            if self._bpmn(child, "ioSpecification"):
                self._io_specification(child, process_id)
                continue
            if not self._bpmn(child):
                continue
            if child.tag not in _UNDERSTOOD:
                self.unknown.append(child)
                continue
            if not child.id:
                continue
            if child.tag in FLOW_NODE_KINDS:
                self._flow_node(child, process_id, parent_id)
                node_ids.append(child.id)
                self._inside_flow_node(child, child.id, process_id, node_ids)
            elif child.tag == "sequenceFlow":
                self._sequence_flow(child, child.id, process_id, parent_id)
            elif child.tag in ARTIFACT_KINDS:
                self._artifact(child, process_id)

    def _inside_flow_node(self, node: _El, node_id: str, process_id: str, node_ids: list[str]) -> None:
        """A sub-process's own flow elements; data associations and I/O inside any activity."""
        if node.tag in CONTAINER_KINDS:
            self._flow_elements(node, process_id, node_id, node_ids)
        for sub in node.children:
            if sub.tag in ("dataInputAssociation", "dataOutputAssociation") and sub.id:
                self._artifact(sub, process_id, owner=node_id)
            elif sub.tag == "ioSpecification":
                self._io_specification(sub, process_id, owner=node_id)

    def _sequence_flow(self, node: _El, flow_id: str, process_id: str, parent_id: str | None) -> None:
        ext = read_extensions(node, self.source)
        cond = next((c for c in node.children if c.tag == "conditionExpression"), None)
        self.sequence_flows.setdefault(flow_id, SequenceFlow(
            id=flow_id, source=node.attrs.get("sourceRef"), target=node.attrs.get("targetRef"),
            names=ext.names(node.attrs.get("name")), process_id=process_id, parent_id=parent_id,
            line=node.line, condition=(cond.text or "").strip() if cond is not None else None,
            clauses=ext.clauses))

    def _flow_node(self, node: _El, process_id: str, parent_id: str | None) -> None:
        if node.id is None:  # callers pass only elements with an id; this tells the type checker
            return
        ext = read_extensions(node, self.source)
        event_defs = tuple(c.tag for c in node.children if c.tag.endswith("EventDefinition"))
        event_defs += tuple("eventDefinitionRef" for _ in self._refs(node, "eventDefinitionRef"))
        message_refs = tuple(
            ref for ref in [node.attrs.get("messageRef")]
            + [c.attrs.get("messageRef") for c in node.children if c.tag == "messageEventDefinition"]
            if ref
        )
        default = node.attrs.get("default")
        if default:
            self._defaults.add(default)
        self.nodes.setdefault(node.id, FlowNode(
            id=node.id, kind=node.tag, names=ext.names(node.attrs.get("name")), process_id=process_id,
            lane_id=self._lane_of_node.get(node.id), parent_id=parent_id, line=node.line, clauses=ext.clauses,
            time_limits=ext.time_limits, result=ext.result, operation=ext.operation, inputs=ext.inputs,
            event_definitions=event_defs, message_refs=message_refs,
            attached_to=node.attrs.get("attachedToRef"),
            cancel_activity=node.attrs.get("cancelActivity", "true").strip() != "false",
            triggered_by_event=node.attrs.get("triggeredByEvent", "false").strip() == "true",
            incoming=self._refs(node, "incoming"), outgoing=self._refs(node, "outgoing"),
            default_flow=default, lint_disabled=ext.lint_disabled, no_time_limit=ext.no_time_limit,
            facts=ext.facts,
            **self._notation(node)))

    @staticmethod
    def _notation(node: _El) -> dict[str, Any]:
        """The attributes and children that change how a flow node is drawn."""
        def flag(name: str, default: str) -> bool:
            return node.attrs.get(name, default).strip() == "true"

        loop = None
        for child in node.children:
            if child.tag == "standardLoopCharacteristics":
                loop = "standard"
            elif child.tag == "multiInstanceLoopCharacteristics":
                loop = "sequential" if child.attrs.get("isSequential", "").strip() == "true" else "parallel"
        return {
            "parallel_multiple": flag("parallelMultiple", "false"),
            "is_interrupting": flag("isInterrupting", "true"),
            "marker_visible": node.attrs.get("markerVisible", "true").strip() != "false",
            "event_gateway_type": (node.attrs.get("eventGatewayType") or "").strip() or None,
            "loop": loop,
            "is_for_compensation": flag("isForCompensation", "false"),
            "called_element": (node.attrs.get("calledElement") or "").strip() or None,
        }

    def _io_specification(self, spec: _El, process_id: str, owner: str | None = None) -> None:
        for item in spec.children:
            if item.tag in ("dataInput", "dataOutput") and item.id and item.namespace == BPMN:
                self._artifact(item, process_id, owner=owner)

    def _artifact(self, node: _El, process_id: str | None, owner: str | None = None) -> None:
        if node.id is None:  # callers pass only elements with an id; this tells the type checker
            return
        ext = read_extensions(node, self.source)
        text_node = next((c for c in node.children if c.tag == "text"), None)
        source = node.attrs.get("sourceRef") or (self._refs(node, "sourceRef") or (None,))[0]
        target = node.attrs.get("targetRef") or (self._refs(node, "targetRef") or (None,))[0]
        if node.tag == "dataInputAssociation":
            target = target or owner
        if node.tag == "dataOutputAssociation":
            source = source or owner
        state = next((c.attrs.get("name") for c in node.children if c.tag == "dataState" and c.attrs.get("name")),
                     None)
        if node.tag == "dataObject":
            self._collections[node.id] = node.attrs.get("isCollection", "").strip() == "true"
        elif node.tag == "dataObjectReference":
            self._data_object_refs[node.id] = node.attrs.get("dataObjectRef", "")
        self.artifacts.setdefault(node.id, Artifact(
            id=node.id, kind=node.tag, names=ext.names(node.attrs.get("name")), process_id=process_id,
            line=node.line, text=(text_node.text or "").strip() if text_node is not None else None,
            source=source, target=target, owner=owner,
            is_collection=node.attrs.get("isCollection", "").strip() == "true",
            data_state=" ".join(state.split()) if state else None,
            direction=(node.attrs.get("associationDirection") or "").strip() or None,
            category_value=node.attrs.get("categoryValueRef")))

    # -- diagram interchange --------------------------------------------------
    @staticmethod
    def _bounds(node: _El | None) -> Bounds | None:
        if node is None:
            return None
        try:
            return Bounds(*(float(node.attrs.get(k, "0")) for k in ("x", "y", "width", "height")))
        except ValueError:
            return None

    def _diagram(self, diagram: _El) -> None:
        for plane in diagram.children:
            if plane.namespace != BPMNDI or plane.tag != "BPMNPlane":
                continue
            for item in plane.children:
                element = item.attrs.get("bpmnElement")
                if not element or item.namespace != BPMNDI:
                    continue
                label = next((c for c in item.children if c.tag == "BPMNLabel"), None)
                label_bounds = self._bounds(next((c for c in label.children if c.namespace == DC), None)) \
                    if label is not None else None
                if item.tag == "BPMNShape":
                    bounds = self._bounds(next((c for c in item.children if c.namespace == DC and c.tag == "Bounds"), None))
                    if bounds is None:
                        continue
                    horizontal = item.attrs.get("isHorizontal")
                    expanded = item.attrs.get("isExpanded")
                    self.shapes.setdefault(element, DiagramShape(
                        element_id=element, bounds=bounds,
                        is_horizontal=None if horizontal is None else horizontal.strip() == "true",
                        is_expanded=None if expanded is None else expanded.strip() == "true",
                        label=label_bounds, diagram_id=diagram.id, line=item.line))
                elif item.tag == "BPMNEdge":
                    points = []
                    for wp in item.children:
                        if wp.namespace == DI and wp.tag == "waypoint":
                            try:
                                points.append((float(wp.attrs.get("x", "0")), float(wp.attrs.get("y", "0"))))
                            except ValueError:
                                continue
                    self.edges.setdefault(element, DiagramEdge(
                        element_id=element, waypoints=tuple(points), label=label_bounds,
                        diagram_id=diagram.id, line=item.line))

    # -- finishing ------------------------------------------------------------
    def finish(self) -> None:
        """Resolve what needs the whole document: lanes, defaults, boundary lanes."""
        from dataclasses import replace

        # ``replace`` rebuilds a whole frozen element: it is called only where a value changes.
        for artifact_id, artifact in list(self.artifacts.items()):
            # A reference is a collection when its data object is; a group shows its value's text.
            is_collection = artifact.is_collection or (artifact.kind == "dataObjectReference" and self._collections.get(
                self._data_object_refs.get(artifact_id, ""), False))
            category_value = (self._category_values.get(artifact.category_value or "")
                              if artifact.kind == "group" else None)
            if (is_collection, category_value) != (artifact.is_collection, artifact.category_value):
                self.artifacts[artifact_id] = replace(artifact, is_collection=is_collection,
                                                      category_value=category_value)
        for flow_id in self._defaults:
            if flow_id in self.sequence_flows:
                self.sequence_flows[flow_id] = replace(self.sequence_flows[flow_id], is_default=True)
        for node_id, node in list(self.nodes.items()):
            lane = self._lane_of(node_id, node)
            if lane is not None and lane != node.lane_id:
                self.nodes[node_id] = replace(node, lane_id=lane)

    def _lane_of(self, node_id: str, node: FlowNode) -> str | None:
        lane = self._lane_of_node.get(node_id)
        if lane is None:
            # Nodes inside a sub-process, or boundary events not listed in a lane,
            # sit in the lane of the activity that holds them.
            holder = node.attached_to or node.parent_id
            seen = set()
            while lane is None and holder and holder not in seen:
                seen.add(holder)
                lane = self._lane_of_node.get(holder)
                outer = self.nodes.get(holder)
                holder = (outer.attached_to or outer.parent_id) if outer else None
        return lane


def _freeze(table: dict) -> MappingProxyType:
    return MappingProxyType(dict(table))


def load_model_bytes(data: bytes, source: str = "<string>",
                     max_bytes: int = safe_xml.DEFAULT_MAX_BYTES) -> Model:
    """Load a model from bytes (``source`` names it in errors)."""
    model, tree = load_model_and_tree(data, source, max_bytes)
    model._spare_tree.append(tree)  # whoever reads model.root next builds it from this parse
    return model


def load_model_and_tree(data: bytes, source: str = "<string>",
                        max_bytes: int = safe_xml.DEFAULT_MAX_BYTES) -> tuple[Model, etree._ElementTree]:
    """The model and the (safely parsed) lxml tree it was read from.

    For a caller that next hands the document to lxml tools (the XSD, SpiffWorkflow's
    parser), as the engine does: it gives them this tree instead of parsing the bytes
    again. The tree is the caller's alone; the model keeps no reference to it (its
    :attr:`~toolkit.model.elements.Model.root`, if ever read, parses the source again).
    """
    tree = safe_xml.parse_xml(data, source, max_bytes)
    root_el = tree.getroot()
    ns, local = split_tag(root_el.tag)
    if ns != BPMN or local != "definitions":
        found = f"{{{ns}}}{local}" if ns else local
        raise ModelError(f"not a BPMN 2.0 document: root element is {found}, expected bpmn:definitions",
                         source, root_el.sourceline)
    with gc_paused():
        builder = _Builder(source)
        builder.build(_El(root_el, (ns, local)))
        builder.finish()
        unknown = tuple(to_xml_node(element.el) for element in builder.unknown)
    model = Model(
        source=source,
        encoding=tree.docinfo.encoding,
        xml=data,
        processes=_freeze(builder.processes),
        participants=_freeze(builder.participants),
        lanes=_freeze(builder.lanes),
        nodes=_freeze(builder.nodes),
        sequence_flows=_freeze(builder.sequence_flows),
        message_flows=_freeze(builder.message_flows),
        artifacts=_freeze(builder.artifacts),
        messages=_freeze(builder.messages),
        shapes=_freeze(builder.shapes),
        edges=_freeze(builder.edges),
        collaboration_id=builder.collaboration_id,
        unknown=unknown,
        regulation=builder.regulation,
    )
    return model, tree


def load_model(path: str | Path, max_bytes: int = safe_xml.DEFAULT_MAX_BYTES) -> Model:
    """Load one BPMN file. Errors name the file and the line."""
    data = safe_xml.read_bytes(path, max_bytes)
    return load_model_bytes(data, str(path), max_bytes)


def find_models(paths: list[str | Path] | tuple[str | Path, ...], default_dir: str | Path = "bpmn") -> list[Path]:
    """Expand files and directories (default: ``bpmn/``) into a sorted list of .bpmn files.

    A path that does not exist is an input error, never silently skipped.
    """
    wanted = list(paths) or [default_dir]
    found: list[Path] = []
    for raw in wanted:
        p = Path(raw)
        if p.is_dir():
            found.extend(sorted(p.glob("*.bpmn")))
        elif p.exists():
            found.append(p)
        else:
            raise ModelError("no such file or directory", str(p))
    if not found:
        raise ModelError("no .bpmn files found", ", ".join(str(w) for w in wanted))
    return found


def xml_tree(model: Model) -> etree._ElementTree:
    """A fresh lxml tree of the model's source, for tools that need lxml (XSD, SpiffWorkflow).

    Each call returns a new tree, so a consumer that mutates it (SpiffWorkflow's
    validator does) cannot affect anyone else.
    """
    return safe_xml.parse_xml(model.xml, model.source, max(len(model.xml), 1))
