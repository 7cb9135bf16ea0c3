"""What ``reglament render`` does, as library functions: the files each model becomes, whether
they are current, and what a drawing holds — so the command stays a thin shell and an app can
plan, check and summarise diagrams without the CLI.

The drawing itself is :mod:`toolkit.render.output` (render in memory, write atomically).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.model import Model
from toolkit.render.output import Rendering, expected_record
from toolkit.render.scene import RenderOptions


@dataclass(frozen=True)
class Target:
    """One model and the stem of its files in the output directory (``NAME`` or ``NAME.LANG``)."""

    model: Path
    stem: str


def stem_for(model: Path, lang: str) -> str:
    """Kazakh is the act's language, so its diagrams carry no suffix; others get ``.LANG``."""
    return model.stem if lang == "kk" else f"{model.stem}.{lang}"


def plan_targets(models: Sequence[Path], out_dir: Path, lang: str) -> list[Target]:
    """One target per distinct model; two models that would overwrite each other's files are an
    input error, before anything is drawn."""
    by_stem: dict[str, Path] = {}
    for path in models:
        stem = stem_for(path, lang)
        if stem in by_stem and by_stem[stem].resolve() != path.resolve():
            raise InputError(f"{by_stem[stem]} and {path} would both be drawn to {out_dir / stem}.*: "
                             "render them into different directories (-o)", str(path))
        by_stem.setdefault(stem, path)
    return [Target(path, stem) for stem, path in by_stem.items()]


@dataclass(frozen=True)
class Staleness:
    """Whether a model's diagram in the output directory is current (``render --check``)."""

    model: str
    dot: str
    current: bool
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "dot": self.dot, "current": self.current, "reason": self.reason}

    def text(self) -> str:
        return f"{self.model}: {self.dot} {'current' if self.current else f'OUT OF DATE ({self.reason})'}"


def staleness(target: Target, model: Model, out_dir: Path, images: Iterable[str],
              options: RenderOptions, layout_mode: str = "default") -> Staleness:
    """Compare ``NAME.dot`` with what the model gives now (no Graphviz needed), and check the
    images are there."""
    dot_path = out_dir / f"{target.stem}.dot"
    expected = expected_record(model, options, layout_mode)
    current = dot_path.read_text(encoding="utf-8") if dot_path.exists() else None
    missing = [str(out_dir / f"{target.stem}.{fmt}") for fmt in images
               if not (out_dir / f"{target.stem}.{fmt}").exists()]
    if current is None:
        reason: str | None = "no diagram"
    elif current != expected:
        reason = "the model changed"
    else:
        reason = "missing " + ", ".join(missing) if missing else None
    return Staleness(str(target.model), str(dot_path), reason is None, reason)


@dataclass(frozen=True)
class Drawing:
    """What one written diagram holds, for the report."""

    model: str
    files: tuple[str, ...]
    options: RenderOptions
    layout: str
    pools: int
    lanes: int
    flow_nodes: int
    lines: int
    omitted: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "files": list(self.files), "lang": self.options.lang,
                "clauses": self.options.clauses, "layout": self.layout, "pools": self.pools,
                "lanes": self.lanes, "flow_nodes": self.flow_nodes, "lines": self.lines,
                "omitted": [{"id": i, "reason": r} for i, r in self.omitted]}

    def text(self) -> str:
        return (f"{self.model} -> {', '.join(self.files)} ({self.layout} layout, {self.pools} pools, "
                f"{self.lanes} lanes, {self.flow_nodes} flow nodes, {self.lines} lines)")


def summarize(model_path: Path, rendering: Rendering, written: Sequence[Path],
              options: RenderOptions) -> Drawing:
    """The report of one drawing: its files (the first image first), what the scene holds."""
    scene = rendering.scene
    boxes = scene.boxes.values()
    files = (str(written[-1]), *(str(p) for p in written[:-1])) if written else ()
    return Drawing(
        model=str(model_path), files=files, options=options, layout=rendering.layout,
        pools=sum(1 for b in boxes if b.category == "pool"),
        lanes=sum(1 for b in boxes if b.category == "lane" and not b.synthetic),
        flow_nodes=sum(1 for i in scene.items.values() if i.category in ("event", "gateway", "activity"))
        + sum(1 for b in boxes if b.category == "container"),
        lines=len(scene.links), omitted=tuple(scene.omitted))
