"""The diagram (BPMNDI) of a draft: the one switch between the semantic model and its layout.

:func:`add_di` is the only place that knows where coordinates come from. The
project's layout step (``toolkit.layout``, shared with ``render``) is used when
it is installed; until then the geometry ``reglament render`` already computes
(:func:`toolkit.render.layout`) is written out as BPMNDI — the same pools,
lanes, shapes, waypoints and label boxes the rendered picture shows. No second
layout engine lives here: this module only copies a geometry into XML.
"""

from __future__ import annotations

from lxml import etree

from toolkit.draft.builder import BPMNDI_NS, DC_NS, DI_NS
from toolkit.draft.errors import DraftError
from toolkit.model import Model, load_model_bytes
from toolkit.render import Geometry, Rect, RenderError, layout


def _di(tag: str) -> str:
    return f"{{{BPMNDI_NS}}}{tag}"


def _bounds(parent: etree._Element, rect: Rect) -> None:
    etree.SubElement(parent, f"{{{DC_NS}}}Bounds", x=_n(rect.x), y=_n(rect.y), width=_n(rect.w), height=_n(rect.h))


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def add_di(semantic: bytes, source: str = "<draft>") -> bytes:
    """The model ``semantic`` (no BPMNDI) with a BPMNDiagram laid out for it.

    The switch: ``toolkit.layout`` (``layout_model`` + ``write_di``) when the
    project has it, else the render geometry written by :func:`write_geometry`.
    """
    model = load_model_bytes(semantic, source)
    try:
        from toolkit.layout import layout_model, write_di  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return _render_di(semantic, model, source)
    return bytes(write_di(model, layout_model(model)))


def _render_di(semantic: bytes, model: Model, source: str) -> bytes:
    try:
        geometry = layout(model)
    except RenderError as exc:
        raise DraftError(f"cannot lay out the draft: {exc}", source) from None
    root = etree.fromstring(semantic, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    write_geometry(root, geometry, model.collaboration_id or root.get("id", "draft"))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_geometry(root: etree._Element, geometry: Geometry, plane_element: str) -> None:
    """Write ``geometry`` as one BPMNDiagram whose plane shows ``plane_element``."""
    diagram = etree.SubElement(root, _di("BPMNDiagram"), id=f"{plane_element}_diagram")
    plane = etree.SubElement(diagram, _di("BPMNPlane"), id=f"{plane_element}_plane", bpmnElement=plane_element)
    for band in geometry.bands.values():
        if band.category == "process":
            continue
        shape = etree.SubElement(plane, _di("BPMNShape"), id=f"{band.id}_di", bpmnElement=band.id,
                                 isHorizontal="true")
        _bounds(shape, band.rect)
    for node in geometry.nodes.values():
        shape = etree.SubElement(plane, _di("BPMNShape"), id=f"{node.id}_di", bpmnElement=node.id)
        _bounds(shape, node.rect)
        if node.label is not None:
            _bounds(etree.SubElement(shape, _di("BPMNLabel")), node.label)
    for edge in geometry.edges.values():
        element = etree.SubElement(plane, _di("BPMNEdge"), id=f"{edge.id}_di", bpmnElement=edge.id)
        for x, y in edge.points:
            etree.SubElement(element, f"{{{DI_NS}}}waypoint", x=_n(x), y=_n(y))
        if edge.label is not None:
            _bounds(etree.SubElement(element, _di("BPMNLabel")), edge.label)
