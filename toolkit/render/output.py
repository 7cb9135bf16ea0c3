"""Rendering a model: choose its layout, draw it in memory, write the files atomically.

Everything before it (scene, DOT, placement, routing) is pure; the Graphviz processes are
started by :mod:`toolkit.render.graphviz_run`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from toolkit.model.elements import Model
from toolkit.render.dot import pinned_dot, to_dot
from toolkit.render.geometry import Geometry

# Graphviz is run by toolkit.render.graphviz_run; its names stay importable from here.
from toolkit.render.graphviz_run import FORMATS as FORMATS
from toolkit.render.graphviz_run import INSTALL_HINT as INSTALL_HINT
from toolkit.render.graphviz_run import PNG_DPI as PNG_DPI
from toolkit.render.graphviz_run import GraphvizError as GraphvizError
from toolkit.render.graphviz_run import draw as draw
from toolkit.render.graphviz_run import graphviz_available as graphviz_available
from toolkit.render.graphviz_run import run_dot_json as run_dot_json
from toolkit.render.layout import Runner, layout
from toolkit.render.scene import RenderError, RenderOptions, Scene, build_scene
from toolkit.writing import NOT_REGULAR, special_target


@dataclass(frozen=True)
class Rendering:
    """One model rendered: the scene, the DOT before layout (what ``NAME.dot`` holds), the geometry
    and the pinned DOT (every position fixed: what ``neato -n2`` draws)."""

    scene: Scene
    dot: str
    geometry: Geometry
    pinned: str
    #: The model's file, named in Graphviz failures.
    source: str | None = None
    #: Where the positions came from: ``file`` (the model's own diagram) or ``auto`` (computed).
    layout: str = "auto"

    @property
    def record(self) -> str:
        """What ``NAME.dot`` holds, so a test can tell the diagram is current without Graphviz: the
        model as DOT before layout (``auto``: the positions are dot's, which vary with its version),
        or the pinned picture (``file``: every position is the model's own)."""
        return self.pinned if self.layout == "file" else self.dot

    def image(self, fmt: str) -> bytes:
        try:
            return draw(self.pinned, fmt)
        except GraphvizError as exc:
            raise RenderError(exc.message, exc.source or self.source) from None


LAYOUTS = ("default", "file", "auto")


def choose_layout(model: Model, options: RenderOptions | None = None, layout_mode: str = "default") -> tuple[str, Scene]:
    """``file`` or ``auto``, and the scene to draw: ``default`` is ``file`` when the model's diagram
    shows every drawn element, else ``auto``. In ``file`` mode task names wrap in the file's boxes."""
    from toolkit.render.file_layout import is_complete

    if layout_mode not in LAYOUTS:
        raise RenderError(f"unknown layout {layout_mode!r}: use file or auto")
    scene = build_scene(model, options)
    if layout_mode == "auto" or (layout_mode == "default" and not is_complete(model, scene)):
        return "auto", scene
    if not model.shapes:
        raise RenderError("the model has no diagram (BPMNDI) to draw: use --layout auto, or give it one "
                          "with `reglament layout`", model.source)
    fit = {i: model.shapes[i].bounds.width for i, item in scene.items.items()
           if item.category == "activity" and i in model.shapes}
    return "file", build_scene(model, options, fit)


def render(model: Model, options: RenderOptions | None = None, runner: Runner | None = None,
           layout_mode: str = "default") -> Rendering:
    """Scene, DOT, layout and pinned DOT for ``model``.

    ``layout_mode``: ``file`` draws the model's own diagram (what the designer laid out; elements
    it lacks are placed beside their neighbours), ``auto`` computes a layout (runs ``dot`` once for
    the ranking), ``default`` is ``file`` when the diagram is complete. A Graphviz failure is
    reported against the model's file."""
    mode, scene = choose_layout(model, options, layout_mode)
    text = to_dot(scene)
    try:
        if mode == "file":
            from toolkit.render.file_layout import file_geometry, is_complete, widen_headers

            geometry = file_geometry(model, scene)
            if not is_complete(model, scene):
                from toolkit.layout.keep import placed_geometry

                geometry = placed_geometry(model, scene, layout(scene, runner=runner))[0]
            if scene.sizes.header is None:
                geometry = widen_headers(scene, geometry)
        else:
            geometry = layout(scene, runner=runner, dot_text=text)
    except GraphvizError as exc:
        raise RenderError(exc.message, exc.source or model.source) from None
    return Rendering(scene, text, geometry, pinned_dot(scene, geometry), model.source, mode)


def diagram_files(rendering: Rendering, formats: Iterable[str] = ("svg", "png"),
                  stem: str | None = None) -> dict[str, bytes]:
    """Every file of one diagram, in memory: ``{file name: content}``, images first, ``<stem>.dot`` last.

    Runs Graphviz for each image, so every error comes out here, before anything is written."""
    wanted = list(dict.fromkeys(formats))
    for fmt in wanted:
        if fmt not in FORMATS:
            raise RenderError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    name = stem or rendering.scene.name
    files = {f"{name}.{fmt}": rendering.image(fmt) for fmt in wanted}
    files[f"{name}.dot"] = rendering.record.encode("utf-8")
    return files


def expected_record(model: Model, options: RenderOptions | None = None, layout_mode: str = "default") -> str:
    """What ``NAME.dot`` beside a current diagram holds (see :attr:`Rendering.record`); pure for a
    model drawn from its own complete diagram or laid out automatically (no Graphviz run)."""
    from toolkit.render.file_layout import file_geometry, is_complete, widen_headers

    mode, scene = choose_layout(model, options, layout_mode)
    if mode == "auto":
        return to_dot(scene)
    if is_complete(model, scene):
        geometry = file_geometry(model, scene)
        return pinned_dot(scene, widen_headers(scene, geometry) if scene.sizes.header is None else geometry)
    return render(model, options, layout_mode=layout_mode).record


def _cannot_write(path: Path, exc: OSError) -> RenderError:
    return RenderError(f"cannot write: {exc.strerror or exc}", str(path))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``:
    a reader (or an interrupted run) sees the old file or the new one, never half of one."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_file(path: str | Path, data: bytes) -> Path:
    """Write one file atomically; any ``OSError`` is a :class:`RenderError` naming the path."""
    target = Path(path)
    if target.is_dir():
        raise RenderError("cannot write: is a directory", str(target))
    if special_target(target):
        raise RenderError(f"cannot write: {NOT_REGULAR}", str(target))
    if not target.parent.is_dir():
        raise RenderError("cannot write: no such directory", str(target.parent))
    try:
        _write_atomically(target, data)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    return target


def write_files(out_dir: str | Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (``{name: content}``, in that order) into ``out_dir``, each atomically.

    Checks first that the directory can be made and every existing file written, so a
    read-only file stops the run before anything changes. Any ``OSError`` is a
    :class:`RenderError` naming the path ("cannot write: ..."), never a traceback."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    if not out.is_dir():
        raise RenderError("cannot write: not a directory", str(out))
    if not os.access(out, os.W_OK | os.X_OK):
        raise RenderError("cannot write: permission denied", str(out))
    paths = [out / name for name in files]
    for path in paths:
        if special_target(path):
            raise RenderError(f"cannot write: {NOT_REGULAR}", str(path))
        if path.is_dir() or (path.exists() and not os.access(path, os.W_OK)):
            raise RenderError("cannot write: " + ("is a directory" if path.is_dir() else "permission denied"),
                              str(path))
    for path, data in zip(paths, files.values()):
        try:
            _write_atomically(path, data)
        except OSError as exc:
            raise _cannot_write(path, exc) from None
    return paths


def write_diagrams(model: Model, out_dir: str | Path, formats: Iterable[str] = ("svg", "png"),
                   options: RenderOptions | None = None, stem: str | None = None,
                   layout_mode: str = "default") -> list[Path]:
    """Render ``model`` into ``out_dir``: one file per image format and ``<stem>.dot`` (the
    pre-layout DOT the currency test compares), written last. Everything is rendered in memory
    first, then each file is written atomically. Returns the paths written, .dot last."""
    files = diagram_files(render(model, options, layout_mode=layout_mode), formats, stem or model.name)
    return write_files(out_dir, files)
