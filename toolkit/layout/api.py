"""The public functions: lay a model out, write the layout into its text."""

from __future__ import annotations

from toolkit.errors import InputError
from toolkit.layout import di as D
from toolkit.layout import splice
from toolkit.model.elements import Model
from toolkit.model.namespaces import BPMNDI
from toolkit.render.geometry import Geometry
from toolkit.render.layout import Runner
from toolkit.render.scene import RenderError, RenderOptions, Scene, build_scene

#: What ``layout`` lays out for: shapes and labels sized as bpmn-js draws them.
OPTIONS = RenderOptions(lang="kk", target="bpmn")


class LayoutError(InputError):
    """A model that cannot be laid out or written back."""


_RECENT: list[tuple[Model, Scene]] = []


def scene_for(model: Model) -> Scene:
    """The scene ``layout`` works on: bpmn-js sizes, the file's own names (Kazakh).

    The last few are remembered by identity: :func:`layout_model` and :func:`write_di` on one
    model build it once."""
    for known, scene in _RECENT:
        if known is model:
            return scene
    scene = build_scene(model, OPTIONS)
    _RECENT.insert(0, (model, scene))
    del _RECENT[4:]
    return scene


def layout_model(model: Model, runner: Runner | None = None) -> Geometry:
    """Compute the model's layout: pools and lanes as bands, every node in its lane, orthogonal lines.

    Runs Graphviz ``dot`` once for the ranking (``runner`` as in :func:`toolkit.render.layout`).
    Pure data out: a :class:`~toolkit.render.geometry.Geometry` keyed by BPMN id, in pixels."""
    from toolkit.render.layout import layout

    try:
        return layout(scene_for(model), runner=runner)
    except RenderError as exc:
        raise LayoutError(exc.message, exc.source or model.source, exc.line) from None


def _names(model: Model) -> D.DiNames:
    prefixes = splice.root_prefixes(model.xml, model.source)
    taken = {n.id for n in model.root.iter() if n.id and n.namespace != BPMNDI}
    if prefixes.bpmndi and prefixes.dc and prefixes.di:
        return D.DiNames(prefixes.bpmndi, prefixes.dc, prefixes.di, declare=False, taken=taken)
    return D.DiNames(declare=True, taken=taken)


def write_di(model: Model, geometry: Geometry, keep: bool = False) -> bytes:
    """The model's file with ``geometry`` as its diagram; every byte outside the diagrams unchanged.

    ``keep=False`` replaces every ``BPMNDiagram``; ``keep=True`` keeps the file's diagram and
    adds shapes and edges only for the elements it does not show (placed by
    :mod:`toolkit.layout.keep` beside their neighbours)."""
    scene = scene_for(model)
    if keep and model.shapes:
        from toolkit.layout.keep import add_missing

        return add_missing(model, scene, geometry, _names(model))
    names = _names(model)
    text = D.diagram_text(model, scene, geometry, names)
    return splice.replace_diagrams(model.xml, text, model.source)
