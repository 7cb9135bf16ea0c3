"""DOT text, twice: the model as Graphviz sees it, and the finished picture with every position pinned.

:func:`to_dot` is a pure function from the loaded model to DOT text: clusters
for pools, lanes and sub-processes, BPMN notation, names in the chosen
language, flows left to right. It is what ``dot`` ranks and orders (the first
half of the layout), it renders on its own with plain ``dot``, and it is what
``diagrams/*.dot`` holds and what the currency test compares — it depends on the
model and the renderer only, never on the Graphviz version.

:func:`pinned_dot` draws a computed :class:`~toolkit.render.geometry.Geometry`:
every node at its place (``pos="x,y!"``), every band and frame a cluster with
its ``bb``, every line with its waypoints — for ``neato -n2``, which then only
draws, so Graphviz still writes the SVG, PNG and PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toolkit.model.elements import Model
from toolkit.render import labels as L
from toolkit.render import notation as N
from toolkit.render.geometry import Geometry, Point, Rect
from toolkit.render.scene import Box, Html, Link, RenderOptions, Scene, build_scene

INCH = 72.0
ARROW_LENGTH = 10.0
#: Graph-wide attributes of the ranking graph.
NODESEP = 0.35
RANKSEP = 0.55


def _value(value: str) -> str:
    if isinstance(value, Html):
        return f"<{value}>"
    return L.quoted(value)


def _attr_list(pairs: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"{k}={_value(v)}" for k, v in pairs)


def _inches(points: float) -> str:
    return f"{points / INCH:.4f}".rstrip("0").rstrip(".")


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def cluster_name(box_id: str) -> str:
    return f"cluster_{box_id}"


def body_name(box_id: str) -> str:
    """The placeholder node that keeps an empty band or frame alive in DOT."""
    return f"{box_id}.body"


# -- anchors: which node stands for a box when a line starts or ends at it ------------

def _flow_pairs(scene: Scene) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    incoming: dict[str, set[str]] = {}
    outgoing: dict[str, set[str]] = {}
    for link in scene.links:
        if link.kind == "sequenceFlow":
            outgoing.setdefault(link.source, set()).add(link.target)
            incoming.setdefault(link.target, set()).add(link.source)
    return incoming, outgoing


def _candidates(scene: Scene, box: Box) -> list[str]:
    out = []
    for member in box.members:
        if member in scene.items:
            item = scene.items[member]
            if item.category in ("event", "gateway", "activity") and item.host is None:
                out.append(member)
        elif (member in scene.boxes and scene.boxes[member].category == "container"
              and not scene.boxes[member].event_subprocess):
            out.append(member)
    return out


def anchor(scene: Scene, element_id: str, end: str, _depth: int = 0) -> str:
    """The DOT node a line to (``end="in"``) or from (``end="out"``) ``element_id`` attaches to."""
    if element_id in scene.items or element_id not in scene.boxes or _depth > 50:
        return element_id
    box = scene.boxes[element_id]
    if box.category != "container":
        first = _first_item(scene, element_id)
        return first if first is not None else body_name(element_id)
    members = _candidates(scene, box)
    if not members:
        others = [m for m in box.members if m in scene.items and scene.items[m].host is None]
        if not others:
            return body_name(element_id)
        members = others
    incoming, outgoing = _flow_pairs(scene)
    inside = set(members)
    if end == "in":
        loose = [m for m in members if not (incoming.get(m, set()) & inside)]
        starts = [m for m in loose if scene.items.get(m) and scene.items[m].kind == "startEvent"]
        chosen = (starts or loose or members)[0]
    else:
        loose = [m for m in members if not (outgoing.get(m, set()) & inside)]
        ends = [m for m in loose if scene.items.get(m) and scene.items[m].kind == "endEvent"]
        chosen = (ends or loose or members)[-1]
    return anchor(scene, chosen, end, _depth + 1)


def _first_item(scene: Scene, box_id: str) -> str | None:
    for member in scene.boxes[box_id].members:
        if member in scene.items and scene.items[member].category != "group":
            return member
        if member in scene.boxes:
            found = _first_item(scene, member)
            if found is not None:
                return found
    return None


def _needs_body(scene: Scene, box: Box) -> bool:
    return not any(m in scene.items for m in box.members) and not any(
        m in scene.boxes for m in box.members)


# -- the ranking graph (pure) ---------------------------------------------------------

def _item_attrs(scene: Scene, item_id: str) -> list[tuple[str, str]]:
    item = scene.items[item_id]
    attrs: list[tuple[str, str]] = [("id", item.id), ("class", item.classes)]
    attrs.extend(item.attrs)
    if item.fixed_size is not None:
        attrs += [("width", _inches(item.fixed_size[0])), ("height", _inches(item.fixed_size[1])),
                  ("fixedsize", "true")]
    elif item.category == "activity":
        attrs += [("width", _inches(N.TASK_MIN[0])), ("height", _inches(N.TASK_MIN[1])),
                  ("margin", "0.09,0.06"), ("fontsize", _num(N.SIZE_TASK))]
    if item.external:
        attrs.append(("xlabel", item.external.plain))
    return attrs


def _box_label(box: Box) -> Html | str:
    if not box.title:
        return ""
    lines = "<BR/>".join(L.html(line) for line in box.title.lines)
    if box.title.bold:
        lines = f"<B>{lines}</B>"
    return Html(f'<FONT POINT-SIZE="{box.title.size:g}">{lines}</FONT>')


def _box_attrs(box: Box) -> list[tuple[str, str]]:
    attrs: list[tuple[str, str]] = [("id", box.id), ("class", box.classes), ("label", _box_label(box))]
    if box.category == "pool":
        attrs += [("style", "filled"), ("fillcolor", N.LANE_FILL), ("color", N.INK), ("penwidth", "1.4"),
                  ("labeljust", "l")]
    elif box.category == "process":
        attrs += [("style", "dashed" if box.synthetic else "solid"), ("color", N.LIGHT), ("labeljust", "l")]
    elif box.category == "lane":
        attrs += [("style", "solid"), ("color", N.GREY), ("labeljust", "l")]
    else:
        attrs += [(k, v) for k, v in box.attrs if k != "markers"] + [("labeljust", "l")]
    return attrs


def to_dot(model: Model | Scene, options: RenderOptions | None = None) -> str:
    """The model as a DOT graph: a pure function of the model and the options.

    Clusters nest pools, lanes and expanded sub-processes; each node and cluster
    carries the BPMN element's id (``id``) and what it is (``class``), so the
    SVG Graphviz makes from it can be searched and counted by element.
    """
    scene = model if isinstance(model, Scene) else build_scene(model, options)
    out: list[str] = []
    out.append(f"digraph {L.quoted(scene.name)} {{")
    out.append(f"  graph [rankdir=LR newrank=true compound=true nodesep={NODESEP} ranksep={RANKSEP} "
               f'fontname={L.quoted(N.FONT)} fontsize=10 outputorder=edgesfirst];')
    out.append(f"  node [fontname={L.quoted(N.FONT)} fontsize={_num(N.SIZE_EXTERNAL)} color={L.quoted(N.INK)} "
               f"fontcolor={L.quoted(N.INK)}];")
    out.append(f"  edge [fontname={L.quoted(N.FONT)} fontsize={_num(N.SIZE_EDGE)}];")
    out.append(f"  // reglament render; language {scene.options.lang}"
               + ("; with clauses" if scene.options.clauses else ""))

    def emit_box(box_id: str, indent: str) -> None:
        box = scene.boxes[box_id]
        out.append(f"{indent}subgraph {L.quoted(cluster_name(box_id))} {{")
        out.append(f"{indent}  graph [{_attr_list(_box_attrs(box))}];")
        if _needs_body(scene, box):
            out.append(f'{indent}  {L.quoted(body_name(box_id))} [label="" shape=plaintext width=1.5 height=0.4];')
        for member in box.members:
            if member in scene.boxes:
                emit_box(member, indent + "  ")
            else:
                out.append(f"{indent}  {L.quoted(member)} [{_attr_list(_item_attrs(scene, member))}];")
        out.append(f"{indent}}}")

    for region in scene.regions:
        emit_box(region, "  ")

    loose = _loose_links(scene)
    for box_id, tail in _event_subprocess_anchors(scene):
        head = anchor(scene, box_id, "in")
        out.append(f"  {L.quoted(tail)} -> {L.quoted(head)} [style=invis minlen=0 "
                   f"lhead={L.quoted(cluster_name(box_id))}];")
    for item in scene.items.values():
        if item.host is not None:
            tail = anchor(scene, item.host, "out")
            extra = f" ltail={L.quoted(cluster_name(item.host))}" if item.host in scene.boxes else ""
            out.append(f"  {L.quoted(tail)} -> {L.quoted(item.id)} [style=invis minlen=0 weight=4{extra}];")
    for link in scene.links:
        out.append("  " + _ranking_edge(scene, link, link.id in loose))
    for tail, head in _same_rank_pairs(scene, loose):
        out.append(f"  {{rank=same; {L.quoted(tail)}; {L.quoted(head)};}}")
    out.append("}")
    return "\n".join(out) + "\n"


def _event_subprocess_anchors(scene: Scene) -> list[tuple[str, str]]:
    """Event sub-processes have no incoming flow, so dot would put them before everything (and
    stretch their frame to the picture's left edge): tie each one to the start of what holds it."""
    pairs: list[tuple[str, str]] = []
    for box_id, box in scene.boxes.items():
        if not box.event_subprocess or box.parent is None:
            continue
        parent = scene.boxes[box.parent]
        tail: str | None = None
        if parent.category == "container":
            tail = anchor(scene, parent.id, "in")
        else:
            region = scene.region_of(box_id)
            for item in scene.items.values():
                if (item.kind == "startEvent" and scene.region_of(item.id) == region
                        and scene.boxes[item.container].is_band):
                    tail = item.id
                    break
        if tail is not None and tail != anchor(scene, box_id, "in"):
            pairs.append((box_id, tail))
    return pairs


def _drawn(scene: Scene, element_id: str) -> bool:
    return element_id in scene.items or element_id in scene.boxes


def _flow_graph(scene: Scene) -> dict[str, set[str]]:
    """Which DOT node the sequence flows (and boundary events) lead from to which."""
    graph: dict[str, set[str]] = {}
    for item in scene.items.values():
        if item.host is not None:
            graph.setdefault(anchor(scene, item.host, "out"), set()).add(item.id)
    for link in scene.links:
        if link.kind == "sequenceFlow" and _drawn(scene, link.source) and _drawn(scene, link.target):
            graph.setdefault(anchor(scene, link.source, "out"), set()).add(anchor(scene, link.target, "in"))
    return graph


def _reaches(graph: dict[str, set[str]], a: str, b: str) -> bool:
    seen, stack = {a}, [a]
    while stack:
        current = stack.pop()
        if current == b:
            return True
        for nxt in graph.get(current, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _loose_links(scene: Scene) -> set[str]:
    """Message flows and associations that would close a cycle with the sequence flows: they must
    not order the columns (a reply would otherwise pull the request's receiver before its sender)."""
    graph = _flow_graph(scene)
    loose: set[str] = set()
    for link in scene.links:
        if link.kind == "sequenceFlow" or not (_drawn(scene, link.source) and _drawn(scene, link.target)):
            continue
        tail, head = anchor(scene, link.source, "out"), anchor(scene, link.target, "in")
        if _reaches(graph, head, tail):
            loose.add(link.id)
        else:
            graph.setdefault(tail, set()).add(head)
    return loose


class _Columns:
    """Groups of nodes dot is asked to put in one column (union-find), and whether the flows
    lead from one group to another (which would make lining them up a cycle)."""

    def __init__(self, graph: dict[str, set[str]]) -> None:
        self.graph = graph
        self.parent: dict[str, str] = {}

    def find(self, a: str) -> str:
        while self.parent.get(a, a) != a:
            a = self.parent[a]
        return a

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(b)] = self.find(a)

    def reaches(self, a: str, b: str) -> bool:
        """Is there a path of at least one flow from a's column group to b's?"""
        find, graph = self.find, self.graph
        start, goal = find(a), find(b)
        seen: set[str] = set()
        stack = [n for n in graph if find(n) == start]
        while stack:
            current = stack.pop()
            for nxt in graph.get(current, ()):
                group = find(nxt)
                if group == goal:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    stack.extend(n for n in graph if find(n) == group and n not in seen)
                    seen.update(n for n in graph if find(n) == group)
        return False


def _same_rank_pairs(scene: Scene, loose: set[str]) -> list[tuple[str, str]]:
    """Sender and receiver of a message flow in one column, so the flow is a straight vertical line —
    unless the flows already order them (one reaches the other), which would make a cycle."""
    columns = _Columns(_flow_graph(scene))
    # Only a node with one message flow is lined up: a node that talks to several would pull all
    # of them into its column and stretch their own flows across the picture.
    talks: dict[str, int] = {}
    for link in scene.links:
        if link.kind == "messageFlow":
            for end in (link.source, link.target):
                talks[end] = talks.get(end, 0) + 1
    pairs: list[tuple[str, str]] = []
    for link in scene.links:
        if link.kind != "messageFlow" or link.id in loose:
            continue
        if talks[link.source] > 1 or talks[link.target] > 1:
            continue
        if not (link.source in scene.items and link.target in scene.items):
            continue  # a pool or a frame: no single node to line up
        tail, head = link.source, link.target
        if columns.find(tail) == columns.find(head) or columns.reaches(tail, head) or columns.reaches(head, tail):
            continue
        columns.join(tail, head)
        pairs.append((tail, head))
    return pairs


def _ranking_edge(scene: Scene, link: Link, loose: bool = False) -> str:
    if not (link.source in scene.items or link.source in scene.boxes) or not (
            link.target in scene.items or link.target in scene.boxes):
        return f"// {link.kind} {link.id}: {link.source} -> {link.target} (an end is a flow; drawn after layout)"
    tail = anchor(scene, link.source, "out")
    head = anchor(scene, link.target, "in")
    attrs: list[tuple[str, str]] = [("id", link.id), ("class", link.classes)]
    attrs.extend(link.attrs)
    if link.text:
        attrs.append(("label", link.text.plain))
    if link.source in scene.boxes:
        attrs.append(("ltail", cluster_name(link.source)))
    if link.target in scene.boxes:
        attrs.append(("lhead", cluster_name(link.target)))
    if link.kind == "sequenceFlow":
        attrs.append(("weight", "2"))
    elif loose:
        attrs.append(("constraint", "false"))
    else:
        attrs.append(("minlen", "0"))
    return f"{L.quoted(tail)} -> {L.quoted(head)} [{_attr_list(attrs)}];"


# -- the pinned picture ----------------------------------------------------------------

def _spline(points: Iterable[Point], height: float) -> list[str]:
    pts = list(points)
    out = [f"{_num(pts[0][0])},{_num(height - pts[0][1])}"]
    for a, b in zip(pts, pts[1:]):
        for p in (a, b, b):
            out.append(f"{_num(p[0])},{_num(height - p[1])}")
    return out


def _shorten(points: list[Point], length: float) -> tuple[list[Point], Point]:
    """Pull the polyline's end back by ``length`` so Graphviz can draw the arrowhead into the gap."""
    end = points[-1]
    a = points[-2]
    dx, dy = end[0] - a[0], end[1] - a[1]
    dist = (dx * dx + dy * dy) ** 0.5
    if dist < 1e-6:
        return points, end
    step = min(length, dist * 0.9)
    new_end = (end[0] - dx / dist * step, end[1] - dy / dist * step)
    return points[:-1] + [new_end], end


def _shorten_start(points: list[Point], length: float) -> tuple[list[Point], Point]:
    reversed_points, start = _shorten(list(reversed(points)), length)
    return list(reversed(reversed_points)), start


def edge_pos(points: Iterable[Point], height: float, head: bool, tail: bool, arrow: float = ARROW_LENGTH) -> str:
    """A Graphviz spline (``pos``) drawing the polyline, with room for the arrowheads."""
    pts: list[Point] = [(p[0], p[1]) for p in points]
    prefix: list[str] = []
    if head and len(pts) >= 2:
        pts, end = _shorten(pts, arrow)
        prefix.append(f"e,{_num(end[0])},{_num(height - end[1])}")
    if tail and len(pts) >= 2:
        pts, start = _shorten_start(pts, arrow)
        prefix.insert(0, f"s,{_num(start[0])},{_num(height - start[1])}")
    return " ".join(prefix + _spline(pts, height))


def _bb(rect: Rect, height: float) -> str:
    return f"{_num(rect.x)},{_num(height - rect.bottom)},{_num(rect.right)},{_num(height - rect.y)}"


def _pos(x: float, y: float, height: float) -> str:
    return f"{_num(x)},{_num(height - y)}!"


def _header_label(box: Box) -> Html | str:
    if not box.title:
        return ""
    text = "<BR/>".join(L.html(line) for line in box.title.lines)
    if box.title.bold:
        text = f"<B>{text}</B>"
    return Html(f'<FONT POINT-SIZE="{box.title.size:g}">{text}</FONT>')


def pinned_dot(scene: Scene, geometry: Geometry, sizes: Mapping[str, tuple[float, float]] | None = None) -> str:
    """The finished picture as DOT for ``neato -n2``: nothing left for Graphviz to decide."""
    return _Pinned(scene, geometry).text()


class _Pinned:
    """Writes the pinned picture: bands and frames as clusters with their ``bb``, shapes at their
    ``pos``, lines with their waypoints (Graphviz coordinates: y grows upwards)."""

    def __init__(self, scene: Scene, geometry: Geometry) -> None:
        self.scene = scene
        self.g = geometry
        self.h = geometry.height
        self.out: list[str] = []
        self.helpers: list[str] = []  # frame titles and markers, drawn above the groups

    def pin(self, element_id: str) -> str:
        return element_id if element_id in self.scene.items else f"{element_id}.end"

    def text(self) -> str:
        g, h = self.g, self.h
        self.out += [
            f"digraph {L.quoted(self.scene.name)} {{",
            f'  graph [bb="0,0,{_num(g.width)},{_num(h)}" pad=0.15 splines=true outputorder=edgesfirst '
            f'fontname={L.quoted(N.FONT)} fontsize=10 bgcolor="white"];',
            f"  node [fontname={L.quoted(N.FONT)} fontsize={_num(N.SIZE_EXTERNAL)} color={L.quoted(N.INK)} "
            f"fontcolor={L.quoted(N.INK)} fixedsize=true];",
            f"  edge [fontname={L.quoted(N.FONT)} fontsize={_num(N.SIZE_EDGE)} fontcolor={L.quoted(N.GREY)}];",
        ]
        for region in self.scene.regions:
            self.box(region, "  ")
        self.shapes()
        self.lines()
        self.out.append("}")
        return "\n".join(self.out) + "\n"

    def box(self, box_id: str, indent: str) -> None:
        box = self.scene.boxes[box_id]
        self.out.append(f"{indent}subgraph {L.quoted(cluster_name(box_id))} {{")
        if box.is_band:
            self.band(box, indent)
        else:
            self.frame(box, indent)
        for member in box.members:
            if member in self.scene.boxes:
                self.box(member, indent + "  ")
        self.out.append(f"{indent}}}")

    def band(self, box: Box, indent: str) -> None:
        band = self.g.bands[box.id]
        style = "filled"
        color = N.INK if box.category == "pool" else N.GREY
        penwidth = "1.4" if box.category == "pool" else "0.8"
        if box.category == "process" and not any(
                m in self.scene.boxes and self.scene.boxes[m].category == "lane" for m in box.members):
            style, color = "invis", "white"
        attrs = [("id", box.id), ("class", box.classes), ("label", ""), ("bb", _bb(band.rect, self.h)),
                 ("style", style), ("fillcolor", N.LANE_FILL), ("color", color), ("penwidth", penwidth)]
        self.out.append(f"{indent}  graph [{_attr_list(attrs)}];")
        header = band.header
        if header is not None and header.w > 0:
            fill = N.POOL_HEADER_FILL if box.category == "pool" else N.HEADER_FILL
            header_attrs = [("id", f"{box.id}.header"), ("class", f"header {box.category}-header"),
                            ("shape", "box"), ("style", "filled"), ("fillcolor", fill), ("color", color),
                            ("penwidth", penwidth), ("label", _header_label(box)),
                            ("width", _inches(header.w)), ("height", _inches(header.h)),
                            ("pos", _pos(header.cx, header.cy, self.h))]
            self.out.append(f"{indent}  {L.quoted(box.id + '.header')} [{_attr_list(header_attrs)}];")

    def frame(self, box: Box, indent: str) -> None:
        frame = self.g.boxes[box.id]
        rect, h = frame.rect, self.h
        attrs = [("id", box.id), ("class", box.classes), ("label", ""), ("bb", _bb(rect, h))]
        attrs += [(k, v) for k, v in box.attrs if k != "markers"]
        self.out.append(f"{indent}  graph [{_attr_list(attrs)}];")
        if box.kind == "transaction":
            inner = rect.inflate(-3)
            self.out.append(f"{indent}  subgraph {L.quoted(cluster_name(box.id) + '.inner')} {{ graph "
                            f'[label="" bb="{_bb(inner, h)}" style="rounded" penwidth=1.2 color={L.quoted(N.INK)}]; }}')
        if box.title and frame.title is not None:
            title_attrs = [("id", f"{box.id}.title"), ("class", "title"), ("shape", "plaintext"),
                           ("label", _header_label(box)), ("width", _inches(frame.title.w)),
                           ("height", _inches(frame.title.h)), ("pos", _pos(frame.title.cx, frame.title.cy, h))]
            self.helpers.append(f"  {L.quoted(box.id + '.title')} [{_attr_list(title_attrs)}];")
        markers = dict(box.attrs).get("markers")
        if markers:
            m_attrs = [("id", f"{box.id}.markers"), ("class", "markers"), ("shape", "plaintext"),
                       ("label", Html(f'<FONT POINT-SIZE="11">{L.html(markers)}</FONT>')),
                       ("width", "0.6"), ("height", "0.2"), ("pos", _pos(rect.cx, rect.bottom - 9, h))]
            self.helpers.append(f"  {L.quoted(box.id + '.markers')} [{_attr_list(m_attrs)}];")

    def shapes(self) -> None:
        """Groups at the bottom, then frame titles and markers, then everything else, boundary events on top."""
        scene = self.scene
        ordered = sorted(scene.items.values(), key=lambda it: (0 if it.category == "group" else
                                                              2 if it.host is not None else 1))
        for item in ordered:
            if item.category == "group":
                attrs = _pinned_item(scene, item.id, self.g.nodes[item.id], self.h)
                self.out.append(f"  {L.quoted(item.id)} [{_attr_list(attrs)}];")
        self.out.extend(self.helpers)
        for item in ordered:
            if item.category != "group":
                attrs = _pinned_item(scene, item.id, self.g.nodes[item.id], self.h)
                self.out.append(f"  {L.quoted(item.id)} [{_attr_list(attrs)}];")
        # Lines that end at a band, a frame or another line need a node name: an invisible point there.
        ends = sorted({self.pin(e) for link in scene.links for e in (link.source, link.target)
                       if e not in scene.items})
        for name in ends:
            self.out.append(f'  {L.quoted(name)} [shape=point style=invis width=0.01 height=0.01 label="" pos="0,0!"];')

    def lines(self) -> None:
        """Lines after the shapes in the text (so no line declares a node early and changes the order
        the shapes are drawn in); outputorder=edgesfirst still draws them underneath."""
        h = self.h
        for link in self.scene.links:
            edge = self.g.edges.get(link.id)
            if edge is None or len(edge.points) < 2:
                continue
            attrs_map = dict(link.attrs)
            if attrs_map.get("arrowtail") == "tee":  # a default flow: BPMN marks it with a slash
                attrs_map.update(dir="forward", arrowtail="none")
                self.out.extend(_slash(link.id, edge.points, h))
            head = attrs_map.get("arrowhead", "normal") != "none"
            both = attrs_map.get("dir") == "both"
            tail = both and attrs_map.get("arrowtail", "none") != "none"
            arrow = ARROW_LENGTH * float(attrs_map.get("arrowsize", "1"))
            attrs: list[tuple[str, str]] = [("id", link.id), ("class", link.classes)]
            attrs.extend(attrs_map.items())
            if not both:
                attrs.append(("dir", "forward"))
            attrs.append(("pos", edge_pos(edge.points, h, head, tail, arrow)))
            if link.text and edge.label is not None:
                attrs.append(("label", link.text.plain))
                attrs.append(("lp", f"{_num(edge.label.cx)},{_num(h - edge.label.cy)}"))
            self.out.append(f"  {L.quoted(self.pin(link.source))} -> {L.quoted(self.pin(link.target))} "
                            f"[{_attr_list(attrs)}];")


def _slash(link_id: str, points: tuple[Point, ...], height: float) -> list[str]:
    """The default-flow marker: a short slash across the line near its start, drawn as a line of its own
    between two invisible points (Graphviz's arrow shapes have a bar, not a slash)."""
    (x0, y0), (x1, y1) = points[0], points[1]
    length = max(abs(x1 - x0) + abs(y1 - y0), 1e-6)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length  # along the line
    at = min(10.0, length / 2)
    cx, cy = x0 + ux * at, y0 + uy * at
    # Across the line (perpendicular, 5 pt each side), leaning 4 pt forward: a slash.
    a = (cx - uy * 5 - ux * 3, cy + ux * 5 - uy * 3)
    b = (cx + uy * 5 + ux * 3, cy - ux * 5 + uy * 3)
    names = [f"{link_id}.slash.a", f"{link_id}.slash.b"]
    out = [f'  {L.quoted(n)} [shape=point style=invis width=0.01 height=0.01 label="" pos="{_num(p[0])},{_num(height - p[1])}!"];'
           for n, p in zip(names, (a, b))]
    spline = " ".join(f"{_num(p[0])},{_num(height - p[1])}" for p in (a, a, b, b))
    out.append(f'  {L.quoted(names[0])} -> {L.quoted(names[1])} [id={L.quoted(link_id + ".slash")} class="slash" '
               f'dir=none color={L.quoted(N.INK)} penwidth=1.1 pos="{spline}"];')
    return out


def _pinned_item(scene: Scene, item_id: str, node, height: float) -> list[tuple[str, str]]:
    item = scene.items[item_id]
    rect = node.rect
    attrs: list[tuple[str, str]] = [("id", item.id), ("class", item.classes)]
    attrs.extend(item.attrs)
    if item.category == "activity":
        attrs.append(("fontsize", _num(N.SIZE_TASK)))
    attrs += [("width", _inches(rect.w)), ("height", _inches(rect.h)), ("pos", _pos(rect.cx, rect.cy, height))]
    if item.category == "group":
        attrs = [(k, v) for k, v in attrs if k != "label"]
        attrs += [("label", item.external.plain if item.external else ""), ("labelloc", "t"),
                  ("fontcolor", N.GREY)]
    elif item.external and node.label is not None:
        attrs += [("xlabel", item.external.plain),
                  ("xlp", f"{_num(node.label.cx)},{_num(height - node.label.cy)}")]
    return attrs
