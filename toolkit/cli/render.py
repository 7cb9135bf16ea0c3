"""``reglament render``: swimlane diagrams (SVG, PNG, PDF) of BPMN models, with Graphviz.

Thin by design: files in, :mod:`toolkit.render` underneath, a list of what was
written out. ``--format`` picks the image formats (repeatable) and, as on every
reglament command, ``text`` or ``json`` for the report. ``--check`` writes
nothing: it says which diagrams are out of date with their models (it compares
the DOT, which needs no Graphviz) and exits 1 when any is.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    emit_envelope,
    input_errors,
    project_for,
)
from toolkit.cli.envelope import remember_format

IMAGE_FORMATS = ("svg", "png", "pdf")
REPORT_FORMATS = ("text", "json")
DEFAULT_IMAGES = ("svg", "png")


def _stem(model_path: Path, lang: str) -> str:
    return model_path.stem if lang == "kk" else f"{model_path.stem}.{lang}"


@click.command("render")
@click.argument("models", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="diagrams", show_default=True,
              help="Directory to write the diagrams into.")
@click.option("--format", "formats", multiple=True, type=click.Choice(IMAGE_FORMATS + REPORT_FORMATS),
              callback=remember_format, is_eager=True,
              help="Image format to write (repeatable; default svg and png), or text|json for the report.")
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default="kk", show_default=True,
              help="Language of the names drawn (Kazakh where a translation is missing).")
@click.option("--clauses", is_flag=True, help="Show each step's clause of the regulation (§ 5.1, 3-қадам).")
@click.option("--layout", "layout_mode", type=click.Choice(["file", "auto"]), default=None,
              help="Positions from the model's own diagram (file) or computed (auto); "
                   "default: file when the model's diagram shows every element, else auto.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if a diagram in the output directory is out of date with its model.")
@input_errors
def render(models: tuple[str, ...], out_dir: str, formats: tuple[str, ...], lang: str, clauses: bool,
           layout_mode: str | None, check: bool) -> None:
    """Draw swimlane diagrams of MODELS (default: every model in bpmn/) into diagrams/.

    Each pool is a band, its lanes bands inside it, nested lanes nested, all as
    wide as the picture; flow runs left to right; BPMN notation throughout.
    Positions come from the model's own diagram (BPMNDI) when it shows every
    element, else they are computed (--layout chooses). Beside each image goes
    NAME.dot: the pinned picture when drawn from the file, the pre-layout DOT
    of the model when laid out; --check and the tests compare it with the model
    to keep diagrams/ current (after a change to the layout code alone, re-render). Names in a language other
    than Kazakh go to NAME.LANG.svg and so on. Everything is drawn in memory
    before any file is written; each file is replaced atomically.

    \b
    Examples:
      reglament render                                   # bpmn/*.bpmn -> diagrams/*.svg, *.png
      reglament render bpmn/social-assistance.bpmn --format pdf -o out --lang ru --clauses
      reglament render --check                           # is diagrams/ current?
      reglament render tests/fixtures/miwg/C.2.0.bpmn -o /tmp/miwg --format json
    """
    from toolkit.errors import InputError
    from toolkit.model import find_models, load_model
    from toolkit.render import RenderOptions
    from toolkit.render.output import diagram_files, expected_record, write_files
    from toolkit.render.output import render as render_model

    report = "json" if "json" in formats else "text"
    images = tuple(f for f in formats if f in IMAGE_FORMATS) or DEFAULT_IMAGES
    options = RenderOptions(lang=lang, clauses=clauses)
    targets: list[str | Path] = [*models] or [*project_for(models).models()]
    paths = find_models(targets)
    out = Path(out_dir)
    stems: dict[str, Path] = {}
    for path in paths:
        stem = _stem(path, lang)
        if stem in stems and stems[stem].resolve() != path.resolve():
            raise InputError(f"{stems[stem]} and {path} would both be drawn to {out / stem}.*: "
                             "render them into different directories (-o)", str(path))
        stems.setdefault(stem, path)
    unique = list(dict.fromkeys(stems.values()))
    entries: list[dict[str, object]] = []
    stale = 0
    if check:
        for path in unique:
            model = load_model(path)
            stem = _stem(path, lang)
            dot_path = out / f"{stem}.dot"
            expected = expected_record(model, options, layout_mode or "default")
            current = dot_path.read_text(encoding="utf-8") if dot_path.exists() else None
            missing = [str(out / f"{stem}.{fmt}") for fmt in images if not (out / f"{stem}.{fmt}").exists()]
            ok = current == expected and not missing
            stale += 0 if ok else 1
            reason = None if ok else ("no diagram" if current is None else
                                      "the model changed" if current != expected else "missing " + ", ".join(missing))
            entries.append({"model": str(path), "dot": str(dot_path), "current": ok, "reason": reason})
    else:
        # Load and draw every model in memory first: a bad model or a Graphviz failure
        # stops the run (exit 2) before any file is written.
        drawn = []
        for path in unique:
            model = load_model(path)
            rendering = render_model(model, options, layout_mode=layout_mode or "default")
            drawn.append((path, model, rendering, diagram_files(rendering, images, _stem(path, lang))))
        for path, model, rendering, files in drawn:
            scene = rendering.scene
            written = write_files(out, files)
            for unknown in model.unknown:
                click.echo(f"reglament: warning: {path}:{unknown.line}: unknown BPMN element bpmn:{unknown.tag} "
                           "is not drawn (`reglament lint` reports it too)", err=True)
            entries.append({
                "model": str(path),
                "files": [str(written[-1])] + [str(p) for p in written[:-1]],
                "lang": lang,
                "clauses": clauses,
                "layout": rendering.layout,
                "pools": sum(1 for b in scene.boxes.values() if b.category == "pool"),
                "lanes": sum(1 for b in scene.boxes.values() if b.category == "lane" and not b.synthetic),
                "flow_nodes": sum(1 for i in scene.items.values() if i.category in ("event", "gateway", "activity"))
                + sum(1 for b in scene.boxes.values() if b.category == "container"),
                "lines": len(scene.links),
                "omitted": [{"id": i, "reason": r} for i, r in scene.omitted],
            })
    if report == "json":
        results = {"checked": entries, "stale": stale} if check else {"diagrams": entries}
        emit_envelope(Envelope("render", [str(p) for p in unique], results=results,
                               exit_code=EXIT_FINDINGS if stale else EXIT_OK))
    else:
        for entry in entries:
            if check:
                state = "current" if entry["current"] else f"OUT OF DATE ({entry['reason']})"
                click.echo(f"{entry['model']}: {entry['dot']} {state}")
            else:
                names = ", ".join(entry["files"])  # type: ignore[arg-type]
                click.echo(f"{entry['model']} -> {names} ({entry['layout']} layout, {entry['pools']} pools, "
                           f"{entry['lanes']} lanes, "
                           f"{entry['flow_nodes']} flow nodes, {entry['lines']} lines)")
        if check and stale:
            click.echo(f"{stale} diagram(s) out of date: run `reglament render` and commit {out_dir}/")
    sys.exit(EXIT_FINDINGS if stale else EXIT_OK)
