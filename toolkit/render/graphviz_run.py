"""Running Graphviz: the ranking pass (``dot -Tjson0``) and drawing a pinned picture with
``neato -n2`` as SVG, PNG or PDF.

The only module that starts a process, and one that imports nothing else of the renderer's, so
:mod:`toolkit.render.layout` (which ranks) and :mod:`toolkit.render.output` (which draws and
writes) both use it without importing each other.
"""

from __future__ import annotations

from toolkit.errors import RenderError

FORMATS = ("svg", "png", "pdf")
#: Resolution of PNG output (dots per inch); 72 would be 1 px per point.
PNG_DPI = 110

INSTALL_HINT = ("Graphviz is not installed (the 'dot' program was not found on PATH). Install it: "
                "apt-get install graphviz (Debian/Ubuntu), dnf install graphviz (Fedora), "
                "brew install graphviz (macOS); the diagrams also need a font with Kazakh letters: "
                "apt-get install fonts-dejavu-core")


class GraphvizError(RenderError):
    """``dot`` or ``neato`` ran and failed; :func:`render` names the model it was drawing."""


def _pipe(engine: str, fmt: str, data: str, neato_no_op: int | None = None, renderer: str | None = None) -> bytes:
    import graphviz

    try:
        return graphviz.pipe(engine, fmt, data.encode("utf-8"), renderer=renderer, neato_no_op=neato_no_op,
                             quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(INSTALL_HINT) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise GraphvizError(f"Graphviz {engine} failed: {detail[-1] if detail else exc}") from None


def run_dot_json(dot_text: str) -> bytes:
    """``dot -Tjson0``: the ranking pass (positions and sizes; no drawing).

    With ``splines=false``: we route every line ourselves, and dot's spline router
    is what fails ("lost ... edge") on some graphs whose ranking is fine.
    Also with ``compound=false``: ``lhead``/``ltail`` only clip drawn splines at cluster borders, and
    dot asserts on some of them (``makeCompoundEdge``, B.2.0 drawn for bpmn-js) even without splines.
    """
    text = dot_text.replace("  graph [", "  graph [splines=false ", 1).replace("compound=true", "compound=false", 1)
    return _pipe("dot", "json0", text)


def graphviz_available() -> bool:
    import shutil

    return shutil.which("dot") is not None and shutil.which("neato") is not None


def draw(pinned: str, fmt: str) -> bytes:
    """Draw a pinned DOT (from :func:`~toolkit.render.dot.pinned_dot`) with ``neato -n2``."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "png":
        pinned = pinned.replace("  graph [", f"  graph [dpi={PNG_DPI} ", 1)
        return _pipe("neato", "png", pinned, neato_no_op=2, renderer="cairo")
    if fmt == "pdf":
        return _pipe("neato", "pdf", pinned, neato_no_op=2, renderer="cairo")
    return _pipe("neato", "svg", pinned, neato_no_op=2)
