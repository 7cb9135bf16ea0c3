"""The diagram (BPMNDI) of a draft: the one step between the semantic model and its layout.

A draft is laid out by the project's layout step, the same geometry ``reglament
render`` draws and ``reglament layout`` writes (:mod:`toolkit.layout`): pools and
lanes as horizontal bands, every node inside its lane, standard shape sizes wide
enough for bpmn-js's Kazakh labels, orthogonal sequence flows clear of shapes,
message flows through the gaps between pools. No layout logic lives here.
"""

from __future__ import annotations

from toolkit.layout import layout_model, write_di
from toolkit.model import load_model_bytes


def add_di(semantic: bytes, source: str = "<draft>") -> bytes:
    """The model ``semantic`` (no BPMNDI) with a BPMNDiagram laid out for it.

    A layout failure is :class:`toolkit.layout.LayoutError`, an input error: one line, exit 2.
    """
    model = load_model_bytes(semantic, source)
    return write_di(model, layout_model(model))
