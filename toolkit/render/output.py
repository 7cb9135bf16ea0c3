"""Running Graphviz: the ranking pass, and drawing the pinned picture as SVG, PNG or PDF.

The only module that starts a process. Everything before it (scene, DOT,
placement, routing) is pure; everything here goes through the ``graphviz``
Python package, which calls the ``dot``/``neato`` binaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from toolkit.model.elements import Model
from toolkit.render.dot import pinned_dot, to_dot
from toolkit.render.geometry import Geometry
from toolkit.render.layout import Runner, layout
from toolkit.render.scene import RenderError, RenderOptions, Scene, build_scene

FORMATS = ("svg", "png", "pdf")
#: Resolution of PNG output (dots per inch); 72 would be 1 px per point.
PNG_DPI = 110

INSTALL_HINT = ("Graphviz is not installed (the 'dot' program was not found on PATH). Install it: "
                "apt-get install graphviz (Debian/Ubuntu), dnf install graphviz (Fedora), "
                "brew install graphviz (macOS); the diagrams also need a font with Kazakh letters: "
                "apt-get install fonts-dejavu-core")


def _pipe(engine: str, fmt: str, data: str, neato_no_op: int | None = None, renderer: str | None = None) -> bytes:
    import graphviz

    try:
        return graphviz.pipe(engine, fmt, data.encode("utf-8"), renderer=renderer, neato_no_op=neato_no_op,
                             quiet=True)
    except graphviz.ExecutableNotFound:
        raise RenderError(INSTALL_HINT) from None
    except graphviz.CalledProcessError as exc:
        detail = (exc.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"Graphviz {engine} failed: {detail[-1] if detail else exc}") from None


def run_dot_json(dot_text: str) -> bytes:
    """``dot -Tjson0``: the ranking pass (positions and sizes; no drawing)."""
    return _pipe("dot", "json0", dot_text)


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


@dataclass(frozen=True)
class Rendering:
    """One model rendered: the scene, the DOT before layout, the geometry and the pinned DOT."""

    scene: Scene
    dot: str
    geometry: Geometry
    pinned: str

    def image(self, fmt: str) -> bytes:
        return draw(self.pinned, fmt)


def render(model: Model, options: RenderOptions | None = None, runner: Runner | None = None) -> Rendering:
    """Scene, DOT, layout and pinned DOT for ``model`` (runs ``dot`` once for the ranking)."""
    scene = build_scene(model, options)
    text = to_dot(scene)
    geometry = layout(scene, runner=runner)
    return Rendering(scene, text, geometry, pinned_dot(scene, geometry))


def write_diagrams(model: Model, out_dir: str | Path, formats: Iterable[str] = ("svg", "png"),
                   options: RenderOptions | None = None, stem: str | None = None) -> list[Path]:
    """Render ``model`` into ``out_dir``: ``<stem>.dot`` (the DOT the currency test compares) and
    one file per image format. Returns the paths written, .dot first."""
    wanted = list(dict.fromkeys(formats))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise RenderError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    result = render(model, options)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = stem or model.name
    written = [out / f"{name}.dot"]
    written[0].write_text(result.dot, encoding="utf-8")
    for fmt in wanted:
        path = out / f"{name}.{fmt}"
        path.write_bytes(result.image(fmt))
        written.append(path)
    return written
