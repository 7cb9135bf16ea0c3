"""BPMNDI for models that have none (or whose designer wants a fresh one): ``reglament layout``.

>>> from toolkit.model import load_model
>>> from toolkit.layout import layout_model, write_di
>>> model = load_model("bpmn/social-assistance.bpmn")        # doctest: +SKIP
>>> geometry = layout_model(model)                           # doctest: +SKIP
>>> xml = write_di(model, geometry)                          # doctest: +SKIP

The layout is render's (:func:`toolkit.render.layout`: Graphviz ranks and orders,
we place bands, rows and lines), with the shapes sized the way bpmn-js draws
them (:mod:`toolkit.render.sizes`); :mod:`toolkit.layout.di` writes the result
as BPMNDI and :mod:`toolkit.layout.splice` puts it into the file's text without
touching a byte of the semantic part. See docs/layout.md.
"""

from __future__ import annotations

from toolkit.layout.api import LayoutError, layout_model, scene_for, write_di

__all__ = ["LayoutError", "layout_model", "scene_for", "write_di"]
