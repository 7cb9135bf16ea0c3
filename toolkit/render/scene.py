"""From a loaded model to a *scene*: what is drawn, inside what, with which label.

The scene is the renderer's one reading of the model. It decides

- the bands: each pool (participant) a region, each process without a pool a
  region of its own, lanes nested inside, in the order the model's diagram
  (BPMNDI) shows them — vertical pools and lanes are read left to right and
  drawn as horizontal bands — or, without a diagram, in document order;
- the boxes inside bands: expanded sub-processes, event sub-processes,
  transactions, and call activities that show the process they call;
- the items: events, gateways, activities, data objects and stores, text
  annotations and groups, each in the box that holds it, with its notation
  (:mod:`toolkit.render.notation`) and its label in the chosen language
  (:mod:`toolkit.render.labels`);
- the links: sequence flows, message flows, associations and data associations,
  with the BPMN element each one stands for.

Everything is keyed by the BPMN element id, so the DOT, the layout geometry and
the SVG all carry the same ids. Nothing is dropped silently: what cannot be
drawn (an association to an element that has no picture) is listed in
``Scene.omitted`` with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from toolkit.errors import RenderError
from toolkit.model.elements import Artifact, FlowNode, Model
from toolkit.render import labels as L
from toolkit.render import notation as N
from toolkit.render import sizes as S

#: Wrapping widths (points) for each kind of text.
WRAP_TASK = 150.0
WRAP_EXTERNAL = 100.0
WRAP_EDGE = 120.0
WRAP_ANNOTATION = 150.0
WRAP_LANE = 104.0
WRAP_POOL = 92.0
WRAP_CONTAINER = 220.0

DRAWN_ARTIFACTS = frozenset({"dataObjectReference", "dataStoreReference", "textAnnotation", "group"})
LINK_ARTIFACTS = frozenset({"association", "dataInputAssociation", "dataOutputAssociation"})


@dataclass(frozen=True)
class RenderOptions:
    """What to draw: the names' language, whether tasks show their clause, and for whom
    (``graphviz``: our own pictures; ``bpmn``: BPMNDI that bpmn-js draws, see :mod:`toolkit.render.sizes`)."""

    lang: str = "kk"
    clauses: bool = False
    target: str = "graphviz"

    def __post_init__(self) -> None:
        if self.lang not in L.LANGS:
            raise RenderError(f"unknown language {self.lang!r}: use one of {', '.join(L.LANGS)}")
        if self.target not in S.TARGETS:
            raise RenderError(f"unknown drawing target {self.target!r}: use one of {', '.join(S.TARGETS)}")

    @property
    def sizes(self) -> S.Sizes:
        return S.TARGETS[self.target]


class Html(str):
    """A Graphviz HTML-like label (emitted as ``<...>``, not quoted)."""


@dataclass(frozen=True)
class Text:
    """Lines of text and the font size they are drawn in."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False

    @property
    def width(self) -> float:
        return L.block_size(self.lines, self.size, self.bold)[0]

    @property
    def height(self) -> float:
        return L.block_size(self.lines, self.size, self.bold)[1]

    @property
    def plain(self) -> str:
        return "\n".join(self.lines)

    def __bool__(self) -> bool:
        return bool(self.lines)


@dataclass(frozen=True)
class SceneItem:
    """Something Graphviz draws as a node: an event, gateway, activity, data object, annotation…"""

    id: str
    kind: str
    category: str  # event | gateway | activity | data | annotation | group
    container: str
    attrs: tuple[tuple[str, str], ...]
    external: Text | None = None
    host: str | None = None
    fixed_size: tuple[float, float] | None = None
    classes: str = ""


@dataclass(frozen=True)
class Box:
    """Something drawn as a band or a frame: a pool, a process, a lane, an expanded sub-process."""

    id: str
    kind: str  # participant | process | lane | subProcess | transaction | adHocSubProcess | callActivity
    category: str  # pool | process | lane | container
    parent: str | None
    title: Text
    members: tuple[str, ...] = ()  # child boxes and items, in drawing order
    attrs: tuple[tuple[str, str], ...] = ()
    classes: str = ""
    event_subprocess: bool = False
    synthetic: bool = False

    @property
    def is_band(self) -> bool:
        return self.category in ("pool", "process", "lane")


@dataclass(frozen=True)
class Link:
    """Something drawn as a line: a sequence flow, message flow, association or data association."""

    id: str
    kind: str
    source: str
    target: str
    text: Text | None
    attrs: tuple[tuple[str, str], ...]
    classes: str = ""


@dataclass(frozen=True)
class Scene:
    name: str
    options: RenderOptions
    regions: tuple[str, ...]
    boxes: Mapping[str, Box]
    items: Mapping[str, SceneItem]
    links: tuple[Link, ...]
    omitted: tuple[tuple[str, str], ...] = ()
    group_members: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def sizes(self) -> S.Sizes:
        return self.options.sizes

    def container_of(self, element_id: str) -> str | None:
        """The box an item or a box sits in."""
        if element_id in self.items:
            return self.items[element_id].container
        if element_id in self.boxes:
            return self.boxes[element_id].parent
        return None

    def region_of(self, element_id: str) -> str | None:
        current: str | None = element_id
        seen: set[str] = set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in self.boxes and self.boxes[current].parent is None:
                return current
            current = self.container_of(current)
        return None

    def leaves(self, box_id: str) -> list[str]:
        """Boxes under ``box_id`` (itself included) that hold items rather than lanes."""
        box = self.boxes[box_id]
        lanes = [m for m in box.members if m in self.boxes and self.boxes[m].category == "lane"]
        if not lanes:
            return [box_id]
        out: list[str] = []
        for lane in lanes:
            out.extend(self.leaves(lane))
        return out


# -- helpers -----------------------------------------------------------------

def _wrap_text(text: str, width: float, size: float, bold: bool = False, max_lines: int | None = None) -> Text:
    return Text(tuple(L.wrap(text, width, size, bold, max_lines)), size, bold)


def _attrs(**values: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((k, v) for k, v in values.items() if v is not None)


def _font(text: str, size: float, color: str | None = None, bold: bool = False) -> str:
    color_attr = f' COLOR="{color}"' if color else ""
    body = f"<B>{text}</B>" if bold else text
    return f'<FONT POINT-SIZE="{size:g}"{color_attr}>{body}</FONT>'


def _lines_html(lines: Iterable[str]) -> str:
    return "<BR/>".join(L.html(line) for line in lines)


def marker_html(marker: N.Marker, size: float) -> str:
    if marker.inverse:
        return (f'<TABLE ALIGN="LEFT" BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD BGCOLOR="{N.INK}" FIXEDSIZE="TRUE" WIDTH="{size + 3:g}" HEIGHT="{size:g}">'
                f'{_font(L.html(marker.glyph), size - 2, "white")}</TD></TR></TABLE>')
    return _font(L.html(marker.glyph), size)


def _di_key(model: Model, element_id: str, fallback: int) -> tuple[int, float, int]:
    shape = model.shapes.get(element_id)
    if shape is None:
        return (1, 0.0, fallback)
    vertical = shape.is_horizontal is False
    return (0, shape.bounds.x if vertical else shape.bounds.y, fallback)


# -- the builder ---------------------------------------------------------------

class _SceneBuilder:
    def __init__(self, model: Model, options: RenderOptions, fit: Mapping[str, float] | None = None) -> None:
        self.model = model
        #: task id -> the width its text must fit (a designer's box, drawn as the file says)
        self.fit = fit or {}
        self.options = options
        self.lang = options.lang
        self.sizes = options.sizes
        self.boxes: dict[str, Box] = {}
        self.box_members: dict[str, list[str]] = {}
        self.items: dict[str, SceneItem] = {}
        self.links: list[Link] = []
        self.omitted: list[tuple[str, str]] = [
            (u.id or f"line {u.line}", f"unknown BPMN element bpmn:{u.tag} (line {u.line}); not drawn")
            for u in model.unknown]
        self.regions: list[str] = []
        self.region_of_process: dict[str, str] = {}
        self.expanded: set[str] = set()
        self.inline_calls: dict[str, str] = {}  # called process id -> call activity id
        self.group_members: dict[str, tuple[str, ...]] = {}
        self.process_io = self._process_io()
        self.hosts = {n.attached_to for n in model.nodes.values() if n.kind == "boundaryEvent" and n.attached_to}
        self.boundary_count: dict[str, int] = {}
        for n in model.nodes.values():
            if n.kind == "boundaryEvent" and n.attached_to:
                self.boundary_count[n.attached_to] = self.boundary_count.get(n.attached_to, 0) + 1

    def _process_io(self) -> dict[str, Artifact]:
        """A process's own data inputs and outputs (its ioSpecification): drawn as data objects."""
        return {a.id: a for a in self.model.artifacts.values()
                if a.kind in ("dataInput", "dataOutput") and a.owner is None and a.process_id}

    # -- names ---------------------------------------------------------------
    def name(self, element_id: str) -> str:
        for table in (self.model.nodes, self.model.lanes, self.model.participants, self.model.processes,
                      self.model.sequence_flows, self.model.message_flows, self.model.artifacts):
            if element_id in table:
                return L.name_of(table[element_id].names, self.lang)
        return ""

    # -- structure -----------------------------------------------------------
    def find_expanded(self) -> None:
        children: dict[str, int] = {}
        for node in self.model.nodes.values():
            if node.parent_id:
                children[node.parent_id] = children.get(node.parent_id, 0) + 1
        for node in self.model.nodes.values():
            if node.kind in N.CONTAINER_KINDS and children.get(node.id):
                self.expanded.add(node.id)
        participant_processes = {p.process_ref for p in self.model.participants.values()}
        for node in self.model.nodes.values():
            if node.kind != "callActivity":
                continue
            called = node.called_element
            shape = self.model.shapes.get(node.id)
            process = self.model.processes.get(called or "")
            if (self.sizes.inline_calls and called is not None and process is not None and process.node_ids
                    and called not in participant_processes
                    and called != node.process_id and shape is not None and shape.is_expanded
                    and called not in self.inline_calls):
                self.inline_calls[called] = node.id
                self.expanded.add(node.id)

    def add_box(self, box: Box) -> None:
        self.boxes[box.id] = box
        self.box_members.setdefault(box.id, [])
        if box.parent is not None:
            self.box_members.setdefault(box.parent, []).append(box.id)

    def build_regions(self) -> None:
        model = self.model
        order: list[tuple[tuple[int, float, int], str, str]] = []  # key, kind, id
        referenced = set()
        for index, participant in enumerate(model.participants.values()):
            referenced.add(participant.process_ref)
            order.append((_di_key(model, participant.id, index), "participant", participant.id))
        for index, process in enumerate(model.processes.values()):
            if process.id in referenced or process.id in self.inline_calls:
                continue
            if not process.node_ids and not process.lane_ids:
                continue
            keys = [_di_key(model, lane_id, 0) for lane_id in process.lane_ids]
            keys += [_di_key(model, node_id, 0) for node_id in process.node_ids]
            with_di = [k for k in keys if k[0] == 0]
            key = (0, min(k[1] for k in with_di), 1000 + index) if with_di else (1, 0.0, 1000 + index)
            order.append((key, "process", process.id))
        order.sort(key=lambda entry: entry[0])
        for _, kind, element_id in order:
            if kind == "participant":
                participant = model.participants[element_id]
                title = _wrap_text(L.name_of(participant.names, self.lang), WRAP_POOL, N.SIZE_POOL, bold=True)
                self.add_box(Box(id=element_id, kind="participant", category="pool", parent=None, title=title,
                                 classes="pool participant"))
                if participant.process_ref and participant.process_ref not in self.region_of_process:
                    self.region_of_process[participant.process_ref] = element_id
            else:
                process = model.processes[element_id]
                title = _wrap_text(L.name_of(process.names, self.lang), WRAP_POOL, N.SIZE_POOL, bold=True)
                self.add_box(Box(id=element_id, kind="process", category="process", parent=None, title=title,
                                 classes="process"))
                self.region_of_process[element_id] = element_id
            self.regions.append(element_id)
        for process_id, region in self.region_of_process.items():
            lane_owner = model.processes.get(process_id)
            if lane_owner is not None:
                self.add_lanes(lane_owner.lane_ids, region)

    def add_lanes(self, lane_ids: Iterable[str], parent: str) -> None:
        lanes = [self.model.lanes[i] for i in lane_ids if i in self.model.lanes]
        keyed = sorted(((_di_key(self.model, lane.id, n), lane) for n, lane in enumerate(lanes)),
                       key=lambda pair: pair[0])
        for _, lane in keyed:
            if lane.id in self.boxes:
                continue
            title = _wrap_text(L.name_of(lane.names, self.lang), WRAP_LANE, N.SIZE_LANE, bold=True)
            self.add_box(Box(id=lane.id, kind="lane", category="lane", parent=parent, title=title,
                             classes="lane"))
            self.add_lanes(lane.child_lane_ids, lane.id)

    def band_leaf(self, band: str) -> str:
        """A box under ``band`` that may hold items: the band itself, or a synthetic lane beside its lanes."""
        lanes = [m for m in self.box_members.get(band, []) if m in self.boxes and self.boxes[m].category == "lane"]
        if not lanes:
            return band
        synthetic = f"{band}.unassigned"
        if synthetic not in self.boxes:
            self.add_box(Box(id=synthetic, kind="lane", category="lane", parent=band, title=Text((), N.SIZE_LANE),
                             classes="lane synthetic", synthetic=True))
        return synthetic

    def first_leaf(self, band: str) -> str:
        lanes = [m for m in self.box_members.get(band, []) if m in self.boxes and self.boxes[m].category == "lane"]
        return self.first_leaf(lanes[0]) if lanes else band

    def container_for_node(self, node: FlowNode) -> str:
        if node.parent_id and node.parent_id in self.expanded:
            return node.parent_id
        if node.parent_id is None and node.process_id in self.inline_calls:
            return self.inline_calls[node.process_id]
        if node.lane_id and node.lane_id in self.boxes:
            return self.band_leaf(node.lane_id)
        region = self.region_of_process.get(node.process_id or "")
        if region is None:
            region = self.orphan_region(node.process_id)
        return self.band_leaf(region)

    def orphan_region(self, process_id: str | None) -> str:
        """A region for nodes whose process is not drawn otherwise (should not happen; kept safe)."""
        region = f"{process_id or 'diagram'}.region"
        if region not in self.boxes:
            self.add_box(Box(id=region, kind="process", category="process", parent=None, title=Text((), N.SIZE_POOL),
                             classes="process synthetic", synthetic=True))
            self.regions.append(region)
        if process_id:
            self.region_of_process[process_id] = region
        return region

    # -- nodes ----------------------------------------------------------------
    def build_nodes(self) -> None:
        model = self.model
        # Boxes first, outermost first, so that children find their parent box.
        pending = [n for n in model.nodes.values() if n.id in self.expanded]
        placed: set[str] = set()
        while pending:
            progress = False
            for node in list(pending):
                parent_ok = (not node.parent_id or node.parent_id not in self.expanded
                             or node.parent_id in placed)
                if not parent_ok:
                    continue
                container = self.container_for_node(node)
                self.add_box(self.container_box(node, container))
                placed.add(node.id)
                pending.remove(node)
                progress = True
            if not progress:  # a cycle of parents: impossible in XML, guard anyway
                for node in pending:
                    self.add_box(self.container_box(node, self.container_for_node(node)))
                break
        for node in model.nodes.values():
            if node.id in self.expanded or node.kind == "boundaryEvent":
                continue
            container = self.container_for_node(node)
            self.add_item(self.flow_item(node, container))
        for node in model.nodes.values():
            if node.kind != "boundaryEvent":
                continue
            host = node.attached_to
            if host in self.items:
                container = self.items[host].container
            elif host in self.boxes:
                container = self.boxes[host].parent or self.container_for_node(node)
            else:
                container = self.container_for_node(node)
                host = None
            self.add_item(self.flow_item(node, container, host=host))

    def add_item(self, item: SceneItem) -> None:
        self.items[item.id] = item
        self.box_members.setdefault(item.container, []).append(item.id)

    def container_box(self, node: FlowNode, parent: str) -> Box:
        name = L.name_of(node.names, self.lang)
        title = _wrap_text(name, WRAP_CONTAINER, S.BPMN_FONT if self.sizes.bpmn else N.SIZE_TASK, bold=False)
        style = "rounded,filled"
        penwidth = "1.2"
        if node.triggered_by_event:
            style = "rounded,dashed,filled"
        if node.kind == "callActivity":
            penwidth = "3"
        if node.kind == "transaction":
            penwidth = "2.4"
        markers = N.bottom_markers(node, collapsed=False)
        attrs = _attrs(style=style, penwidth=penwidth, fillcolor=N.TASK_FILL, color=N.INK,
                       markers=markers or None)
        classes = f"flownode activity {node.kind}" + (" eventSubProcess" if node.triggered_by_event else "")
        return Box(id=node.id, kind=node.kind, category="container", parent=parent, title=title, attrs=attrs,
                   classes=classes, event_subprocess=node.triggered_by_event)

    def flow_item(self, node: FlowNode, container: str, host: str | None = None) -> SceneItem:
        name = L.name_of(node.names, self.lang)
        if node.is_event:
            marker = N.event_marker(node)
            style = N.event_style(node)
            size = self.sizes.boundary if node.kind == "boundaryEvent" else self.sizes.event
            label = Html(marker_html(marker, N.SIZE_MARKER)) if marker else ""
            attrs = _attrs(shape=style["shape"], style=style["style"], penwidth=style.get("penwidth"),
                           peripheries=style.get("peripheries"), fillcolor="white", label=label)
            external = self.external(name)
            role = N.event_role(node)
            classes = f"flownode event {node.kind} {role}"
            if node.kind == "boundaryEvent":
                classes += " boundary" + ("" if node.cancel_activity else " non-interrupting")
            return SceneItem(node.id, node.kind, "event", container, attrs, external, host, (size, size), classes)
        if node.is_gateway:
            glyph = N.gateway_marker(node)
            label = Html(_font(L.html(glyph), 17)) if glyph else ""
            attrs = _attrs(shape="diamond", style="filled", fillcolor="white", penwidth="1.3", label=label)
            external = self.external(name)
            return SceneItem(node.id, node.kind, "gateway", container, attrs, external, None,
                        (self.sizes.gateway, self.sizes.gateway), f"flownode gateway {node.kind}")
        return self.activity_item(node, container, name)

    def activity_item(self, node: FlowNode, container: str, name: str) -> SceneItem:
        """A task: a rounded box with its marker, name, time limit (and clause), bottom markers."""
        marker = N.task_marker(node)
        collapsed = node.kind in N.CONTAINER_KINDS or (node.kind == "callActivity" and self._calls_process(node))
        bottom = N.bottom_markers(node, collapsed=collapsed)
        rows = self._text_rows(node, name)
        if bottom:
            rows.append(f"<TR><TD>{_font(L.html(bottom), 11)}</TD></TR>")
        if node.id in self.hosts:
            rows.append('<TR><TD HEIGHT="12"> </TD></TR>')  # room for the boundary events on the lower edge
        if marker is not None and marker.inverse:
            # A filled marker is a black cell of its own (a nested table would be centred): it sits in
            # the first of two columns, top left like the others, and every other row spans both.
            size = N.SIZE_MARKER
            rows = [f'<TR><TD ALIGN="LEFT" BGCOLOR="{N.INK}" FIXEDSIZE="TRUE" WIDTH="{size + 3:g}" '
                    f'HEIGHT="{size:g}">{_font(L.html(marker.glyph), size - 2, "white")}</TD><TD></TD></TR>'] + [
                row.replace("<TR><TD", '<TR><TD COLSPAN="2"', 1) for row in rows]
        elif marker is not None:
            rows.insert(0, f'<TR><TD ALIGN="LEFT">{marker_html(marker, N.SIZE_MARKER)}</TD></TR>')
        label = Html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="0">'
                     + ("".join(rows) or "<TR><TD> </TD></TR>") + "</TABLE>")
        style = N.activity_style(node)
        attrs = _attrs(shape=style["shape"], style=style["style"], fillcolor=style["fillcolor"],
                       penwidth=style["penwidth"], peripheries=style.get("peripheries"), label=label)
        fixed = self._bpmn_task_size(node, name, marker is not None, bool(bottom)) if self.sizes.bpmn else None
        return SceneItem(node.id, node.kind, "activity", container, attrs, None, None, fixed,
                    f"flownode activity {node.kind}")

    def _text_rows(self, node: FlowNode, name: str) -> list[str]:
        """The name, the time limit and (with --clauses) the clause, each a table row."""
        wrap = max(40.0, self.fit[node.id] - 16) if node.id in self.fit else WRAP_TASK
        lines = self.task_lines(name) if node.id not in self.fit else L.wrap(name, wrap, N.SIZE_TASK)
        rows = [f"<TR><TD>{_lines_html(lines)}</TD></TR>"] if lines else []
        limit = L.time_limit_text(node, self.lang)
        if limit:
            limit_lines = L.wrap(limit, wrap, N.SIZE_LIMIT)
            rows.append(f"<TR><TD>{_font(_lines_html(limit_lines), N.SIZE_LIMIT, N.GREY)}</TD></TR>")
        clause = L.clause_text(node.clauses, self.lang) if self.options.clauses else None
        if clause:
            clause_lines = L.wrap(clause, wrap, N.SIZE_CLAUSE)
            rows.append(f"<TR><TD>{_font(_lines_html(clause_lines), N.SIZE_CLAUSE, N.LIGHT)}</TD></TR>")
        return rows

    def _bpmn_task_size(self, node: FlowNode, name: str, icon: bool, markers: bool) -> tuple[float, float]:
        width, height = S.task_size(name, icon=icon, markers=markers)
        events = self.boundary_count.get(node.id, 0)
        if events > 1:  # room for every boundary event on the lower edge, side by side
            width = max(width, events * (self.sizes.boundary + 8) + 16)
        return width, height

    def external(self, text: str) -> Text | None:
        """An external label (event, gateway, data): wrapped for the drawing target."""
        if not text:
            return None
        if self.sizes.bpmn:
            return Text(tuple(S.label_lines(text, self.sizes.external_font, self.sizes.external_wrap)),
                        self.sizes.external_font)
        return _wrap_text(text, WRAP_EXTERNAL, N.SIZE_EXTERNAL)

    def edge_text(self, text: str) -> Text | None:
        if not text:
            return None
        if self.sizes.bpmn:
            return Text(tuple(S.label_lines(text, self.sizes.edge_font, self.sizes.edge_wrap)), self.sizes.edge_font)
        return _wrap_text(text, WRAP_EDGE, N.SIZE_EDGE)

    @staticmethod
    def task_lines(name: str) -> list[str]:
        """A task's name, wrapped; long regulation sentences get a wider box rather than a tower."""
        lines: list[str] = []
        for width in (WRAP_TASK, WRAP_TASK * 1.3, WRAP_TASK * 1.6):
            lines = L.wrap(name, width, N.SIZE_TASK) if name else []
            if len(lines) <= 6:
                break
        return lines

    def _calls_process(self, node: FlowNode) -> bool:
        called = node.called_element
        return bool(called and called in self.model.processes)

    # -- artifacts -------------------------------------------------------------
    def data_end(self, ref: str | None) -> str | None:
        """The drawn element a data association end stands for (an activity's dataInput is the activity)."""
        if not ref:
            return None
        artifact = self.model.artifacts.get(ref)
        if artifact is not None and artifact.kind in ("dataInput", "dataOutput") and artifact.owner in self.model.nodes:
            return artifact.owner
        if ref in self.items or ref in self.boxes or artifact is not None or ref in self.process_io:
            return ref
        return None

    def link_ends(self) -> dict[str, tuple[str | None, str | None]]:
        ends: dict[str, tuple[str | None, str | None]] = {}
        # A model whose own diagram draws data associations chose which ones to show (C.8.1 draws 6
        # of its 28): follow that choice, as the rest would bury the flow under dotted lines.
        data_kinds = ("dataInputAssociation", "dataOutputAssociation")
        chosen = any(a.kind in data_kinds and a.id in self.model.edges for a in self.model.artifacts.values())
        for artifact in self.model.artifacts.values():
            if artifact.kind not in LINK_ARTIFACTS:
                continue
            if chosen and artifact.kind in data_kinds and artifact.id not in self.model.edges:
                self.omitted.append((artifact.id, f"{artifact.kind} not shown in the model's own diagram"))
                continue
            source, target = artifact.source, artifact.target
            owner = artifact.owner
            if artifact.kind == "dataInputAssociation":
                source, target = self.data_end(source), owner if owner in self.model.nodes else self.data_end(target)
            elif artifact.kind == "dataOutputAssociation":
                source, target = owner if owner in self.model.nodes else self.data_end(source), self.data_end(target)
            ends[artifact.id] = (source, target)
        return ends

    def build_artifacts(self, ends: Mapping[str, tuple[str | None, str | None]]) -> None:
        model = self.model
        neighbours: dict[str, list[str]] = {}
        for source, target in ends.values():
            if source and target:
                neighbours.setdefault(source, []).append(target)
                neighbours.setdefault(target, []).append(source)
        drawable = [a for a in model.artifacts.values()
                    if a.kind in DRAWN_ARTIFACTS or (a.kind in ("dataObject", "dataStore") and a.id in model.shapes)]
        drawable += [a for a in self.process_io.values() if a.id in model.shapes or a.id in neighbours]
        # Artifacts next to flow nodes first, then artifacts next to those (an annotation on a data object).
        remaining = [a for a in drawable if a.kind != "group"]
        for _ in range(3):
            later = []
            for artifact in remaining:
                container = None
                for other in neighbours.get(artifact.id, []):
                    container = self.container_near(other)
                    if container:
                        break
                if container is None:
                    later.append(artifact)
                    continue
                self.add_item(self.artifact_item(artifact, container))
            remaining = later
        for artifact in remaining:
            region = self.region_of_process.get(artifact.process_id or "")
            if region is None:
                region = self.regions[0] if self.regions else self.orphan_region(None)
            self.add_item(self.artifact_item(artifact, self.first_leaf(region)))
        for artifact in drawable:
            if artifact.kind == "group":
                self.add_group(artifact)

    def container_near(self, element_id: str) -> str | None:
        if element_id in self.items:
            return self.items[element_id].container
        if element_id in self.boxes:
            box = self.boxes[element_id]
            if box.category == "container":
                return box.parent
            return self.first_leaf(element_id)
        if element_id in self.model.sequence_flows:
            source = self.model.sequence_flows[element_id].source
            return self.container_near(source) if source else None
        return None

    def artifact_item(self, artifact, container: str) -> SceneItem:
        name = L.name_of(artifact.names, self.lang)
        if artifact.kind in ("dataObjectReference", "dataObject", "dataInput", "dataOutput"):
            collection = artifact.is_collection
            marks = []
            if artifact.kind == "dataInput":
                marks.append(_font("⇨", 10))
            elif artifact.kind == "dataOutput":
                marks.append(_font("➡", 10))
            if collection:
                marks.append(_font("|||", 8))
            label = Html("<BR/>".join(marks)) if marks else ""
            state = artifact.data_state
            # A name that already says its state ("Report [for analysis]", as C.5.0 writes it) keeps it once.
            text = f"{name} [{state}]" if state and f"[{state}]" not in name else name
            attrs = _attrs(shape="note", style="filled", fillcolor="white", color=N.DATA_INK, label=label)
            return SceneItem(artifact.id, artifact.kind, "data", container, attrs,
                        self.external(text), None, self.sizes.data_object, f"artifact data {artifact.kind}")
        if artifact.kind in ("dataStoreReference", "dataStore"):
            attrs = _attrs(shape="cylinder", style="filled", fillcolor="white", color=N.DATA_INK, label="")
            return SceneItem(artifact.id, artifact.kind, "data", container, attrs,
                        self.external(name), None, self.sizes.data_store, f"artifact data {artifact.kind}")
        # text annotation
        text = L.clean(artifact.text) or name
        lines = L.wrap(text, WRAP_ANNOTATION, N.SIZE_EXTERNAL) or [" "]
        label = Html(
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3"><TR>'
            f'<TD SIDES="LTB" BORDER="1" WIDTH="8" COLOR="{N.GREY}"> </TD>'
            f'<TD ALIGN="LEFT" BALIGN="LEFT">{_font(_lines_html(lines), N.SIZE_EXTERNAL, N.INK)}</TD>'
            "</TR></TABLE>")
        attrs = _attrs(shape="plain", label=label)
        fixed = S.annotation_size(text) if self.sizes.bpmn else None
        return SceneItem(artifact.id, artifact.kind, "annotation", container, attrs, None, None, fixed,
                    f"artifact annotation {artifact.kind}")

    def add_group(self, artifact) -> None:
        """A group frames the elements its diagram bounds enclose; without bounds it is a labelled frame."""
        name = L.name_of(artifact.names, self.lang) or L.clean(artifact.category_value)
        members: list[str] = []
        shape = self.model.shapes.get(artifact.id)
        if shape is not None:
            for element_id, other in self.model.shapes.items():
                if element_id == artifact.id or (element_id not in self.items and element_id not in self.boxes):
                    continue
                if element_id in self.boxes and self.boxes[element_id].is_band:
                    continue
                b = other.bounds
                center = type(b)(b.x + b.width / 2, b.y + b.height / 2, 0, 0)
                if shape.bounds.contains(center):
                    members.append(element_id)
        container = None
        if members:
            container = self.container_near(members[0])
        if container is None:
            container = self.first_leaf(self.regions[0]) if self.regions else self.first_leaf(self.orphan_region(None))
        attrs = _attrs(shape="box", style="rounded,dashed", color=N.GREY, label="")
        external = self.external(name)
        self.add_item(SceneItem(artifact.id, "group", "group", container, attrs, external, None, (60.0, 40.0),
                           "artifact group"))
        self.group_members[artifact.id] = tuple(members)

    # -- links -----------------------------------------------------------------
    def drawn(self, element_id: str | None) -> bool:
        return bool(element_id) and (element_id in self.items or element_id in self.boxes)

    def build_links(self, ends: Mapping[str, tuple[str | None, str | None]]) -> None:
        model = self.model
        for flow in model.sequence_flows.values():
            if not (self.drawn(flow.source) and self.drawn(flow.target)):
                self.omitted.append((flow.id, "sequence flow end is not a drawn element"))
                continue
            text = self.flow_text(flow)
            source = model.nodes.get(flow.source or "")
            attrs = {"color": N.INK, "arrowhead": "normal", "arrowsize": "0.7", "penwidth": "1.1"}
            classes = "flow sequenceFlow"
            if flow.is_default:
                attrs.update(dir="both", arrowtail="tee")
                classes += " default"
            elif flow.condition and source is not None and not source.is_gateway:
                attrs.update(dir="both", arrowtail="odiamond")
                classes += " conditional"
            self.links.append(Link(flow.id, "sequenceFlow", flow.source, flow.target, text,  # type: ignore[arg-type]
                                   tuple(attrs.items()), classes))
        for message in model.message_flows.values():
            if not (self.drawn(message.source) and self.drawn(message.target)):
                self.omitted.append((message.id, "message flow end is not a drawn element"))
                continue
            name = L.name_of(message.names, self.lang)
            text = self.edge_text(name)
            message_attrs = (("color", N.MESSAGE_INK), ("style", "dashed"), ("dir", "both"),
                             ("arrowtail", "odot"), ("arrowhead", "empty"), ("arrowsize", "0.8"),
                             ("penwidth", "1"))
            self.links.append(Link(message.id, "messageFlow", message.source, message.target,  # type: ignore[arg-type]
                                   text, message_attrs, "flow messageFlow"))
        def ok(end: str) -> bool:  # a drawn shape, or a drawn sequence flow (an annotation on a flow)
            return self.drawn(end) or (end in model.sequence_flows and self.drawn_flow(end))

        for artifact_id, (from_id, to_id) in ends.items():
            artifact = model.artifacts[artifact_id]
            if not (from_id and to_id and ok(from_id) and ok(to_id)):
                self.omitted.append((artifact_id, f"{artifact.kind} end has no picture in BPMN"))
                continue
            direction = artifact.direction or "None"
            if artifact.kind == "association":
                head = "vee" if direction in ("One", "Both") else "none"
                tail = "vee" if direction == "Both" else "none"
            else:
                head, tail = "vee", "none"
            data_attrs = (("color", N.DATA_INK), ("style", "dotted"), ("dir", "both"), ("arrowhead", head),
                          ("arrowtail", tail), ("arrowsize", "0.7"), ("penwidth", "1.1"))
            self.links.append(Link(artifact_id, artifact.kind, from_id, to_id, None, data_attrs,
                                   f"association {artifact.kind}"))

    def drawn_flow(self, flow_id: str) -> bool:
        flow = self.model.sequence_flows[flow_id]
        return self.drawn(flow.source) and self.drawn(flow.target)

    def flow_text(self, flow) -> Text | None:
        name = L.name_of(flow.names, self.lang)
        if not self.sizes.synthetic_flow_labels:
            return self.edge_text(name)
        if not name and flow.condition and len(L.clean(flow.condition)) <= 48:
            name = L.clean(flow.condition)
        elif not name and flow.condition:
            name = L.clean(flow.condition)[:45] + "…"
        if not name and flow.is_default:
            name = L.DEFAULT_WORD.get(self.lang, L.DEFAULT_WORD["kk"])
        return self.edge_text(name)

    # -- finishing -------------------------------------------------------------
    def scene(self) -> Scene:
        boxes = {}
        for box_id, box in self.boxes.items():
            members = tuple(self.box_members.get(box_id, []))
            boxes[box_id] = Box(**{**box.__dict__, "members": members})
        return Scene(
            name=self.model.name,
            options=self.options,
            regions=tuple(self.regions),
            boxes=MappingProxyType(boxes),
            items=MappingProxyType(dict(self.items)),
            links=tuple(self.links),
            omitted=tuple(self.omitted),
            group_members=MappingProxyType(dict(self.group_members)),
        )


def build_scene(model: Model, options: RenderOptions | None = None, fit: Mapping[str, float] | None = None) -> Scene:
    """Read ``model`` once into the scene every later step draws from (pure, deterministic).

    ``fit`` maps a task to the width its text must wrap in (the box the file's diagram gives it)."""
    options = options or RenderOptions()
    builder = _SceneBuilder(model, options, fit)
    builder.find_expanded()
    builder.build_regions()
    builder.build_nodes()
    ends = builder.link_ends()
    builder.build_artifacts(ends)
    builder.build_links(ends)
    if not builder.regions:
        builder.orphan_region(None)
    return builder.scene()
