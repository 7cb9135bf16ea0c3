"""Swimlane diagrams of BPMN models with Graphviz.

>>> from toolkit.model import load_model
>>> from toolkit.render import RenderOptions, to_dot, render
>>> model = load_model("bpmn/social-assistance.bpmn")              # doctest: +SKIP
>>> text = to_dot(model, RenderOptions(lang="ru", clauses=True))    # pure: no Graphviz run
>>> rendering = render(model)                                       # doctest: +SKIP
>>> svg = rendering.image("svg")                                    # doctest: +SKIP

The pipeline: :func:`build_scene` (what is drawn, in which band, with which
label) → :func:`to_dot` (the model as DOT; pure) → :func:`layout` (``dot``
ranks, we place bands, rows and lines → a :class:`Geometry`, pure data keyed by
BPMN id) → :func:`pinned_dot` (every position fixed) → ``neato -n2`` draws SVG,
PNG or PDF (:func:`draw`).
"""

from toolkit.render.dot import pinned_dot, to_dot
from toolkit.render.geometry import (
    BandGeometry,
    BoxGeometry,
    EdgeGeometry,
    Geometry,
    NodeGeometry,
    Rect,
)
from toolkit.render.layout import Ranking, compute_layout, layout
from toolkit.render.output import (
    FORMATS,
    INSTALL_HINT,
    Rendering,
    draw,
    graphviz_available,
    render,
    write_diagrams,
)
from toolkit.render.scene import RenderError, RenderOptions, Scene, build_scene

__all__ = [
    "BandGeometry", "BoxGeometry", "EdgeGeometry", "FORMATS", "Geometry", "INSTALL_HINT", "NodeGeometry",
    "Ranking", "Rect", "RenderError", "RenderOptions", "Rendering", "Scene", "build_scene", "compute_layout",
    "draw", "graphviz_available", "layout", "pinned_dot", "render", "to_dot", "write_diagrams",
]
