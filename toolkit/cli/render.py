"""``reglament render``: swimlane diagrams (SVG, PNG, PDF) of BPMN models, with Graphviz.

Thin by design: options and the project's ``[tool.reglament.render]`` settings in,
:mod:`toolkit.render.plan` and :mod:`toolkit.render.output` underneath, a list of what was
written out. ``--format`` picks the image formats (repeatable) and, as on every reglament
command, ``text`` or ``json`` for the report. ``--check`` writes nothing: it says which diagrams
are out of date with their models (it compares the DOT, which needs no Graphviz) and exits 1
when any is.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    Project,
    emit_envelope,
    input_errors,
    project_for,
)
from toolkit.cli.envelope import remember_format
from toolkit.errors import InputError

if TYPE_CHECKING:
    from toolkit.render import RenderOptions
    from toolkit.render.plan import Drawing, Staleness, Target

IMAGE_FORMATS = ("svg", "png", "pdf")
REPORT_FORMATS = ("text", "json")
DEFAULT_IMAGES = ("svg", "png")


def _settings(project: Project, out_dir: str | None, formats: tuple[str, ...], lang: str | None,
              clauses: bool | None) -> tuple[Path, tuple[str, ...], str, bool]:
    """Command-line options over ``[tool.reglament.render]`` over the defaults."""
    table = project.render()
    images = tuple(f for f in formats if f in IMAGE_FORMATS) or tuple(table.get("formats", ())) or DEFAULT_IMAGES
    unknown = [f for f in images if f not in IMAGE_FORMATS]
    if unknown:
        raise InputError(f"[tool.reglament.render] formats: {', '.join(map(str, unknown))} is not one of "
                         f"{', '.join(IMAGE_FORMATS)}", str(project.pyproject))
    return (Path(out_dir or table.get("output", "diagrams")), images, lang or table.get("lang", "kk"),
            table.get("clauses", False) if clauses is None else clauses)


@click.command("render")
@click.argument("models", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Directory to write the diagrams into [default: [tool.reglament.render] output, else diagrams].")
@click.option("--format", "formats", multiple=True, type=click.Choice(IMAGE_FORMATS + REPORT_FORMATS),
              callback=remember_format, is_eager=True,
              help="Image format to write (repeatable; default svg and png), or text|json for the report.")
@click.option("--lang", type=click.Choice(["kk", "ru", "en"]), default=None,
              help="Language of the names drawn (Kazakh where a translation is missing) [default: kk].")
@click.option("--clauses/--no-clauses", default=None,
              help="Show each step's clause of the regulation (§ 5.1, 3-қадам) [default: no].")
@click.option("--layout", "layout_mode", type=click.Choice(["file", "auto"]), default=None,
              help="Positions from the model's own diagram (file) or computed (auto); "
                   "default: file when the model's diagram shows every element, else auto.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if a diagram in the output directory is out of date with its model.")
@input_errors
def render(models: tuple[str, ...], out_dir: str | None, formats: tuple[str, ...], lang: str | None,
           clauses: bool | None, layout_mode: str | None, check: bool) -> None:
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
    from toolkit.model import find_models
    from toolkit.render import RenderOptions
    from toolkit.render.plan import Staleness, plan_targets

    project = project_for(models)
    out, images, chosen_lang, with_clauses = _settings(project, out_dir, formats, lang, clauses)
    options = RenderOptions(lang=chosen_lang, clauses=with_clauses)
    targets = plan_targets(find_models([*models] or [*project.models()]), out, chosen_lang)
    mode = layout_mode or "default"
    entries: list[Staleness] | list[Drawing] = (
        _check(targets, out, images, options, mode) if check else _draw(targets, out, images, options, mode))
    stale = sum(1 for e in entries if isinstance(e, Staleness) and not e.current)
    code = EXIT_FINDINGS if stale else EXIT_OK
    if "json" in formats:
        found = [e.to_dict() for e in entries]
        results = {"checked": found, "stale": stale} if check else {"diagrams": found}
        emit_envelope(Envelope("render", [str(t.model) for t in targets], results=results, exit_code=code))
    else:
        for entry in entries:
            click.echo(entry.text())
        if stale:
            click.echo(f"{stale} diagram(s) out of date: run `reglament render` and commit {out}/")
    sys.exit(code)


def _check(targets: list[Target], out: Path, images: tuple[str, ...], options: RenderOptions,
           mode: str) -> list[Staleness]:
    from toolkit.model import load_model
    from toolkit.render.plan import staleness

    return [staleness(t, load_model(t.model), out, images, options, mode) for t in targets]


def _draw(targets: list[Target], out: Path, images: tuple[str, ...], options: RenderOptions,
          mode: str) -> list[Drawing]:
    """Draw every model in memory first (a bad model or a Graphviz failure stops the run, exit 2,
    before any file is written), then write each diagram's files atomically."""
    from toolkit.model import load_model
    from toolkit.render.output import diagram_files, write_files
    from toolkit.render.output import render as render_model
    from toolkit.render.plan import summarize

    drawn = []
    for target in targets:
        model = load_model(target.model)
        rendering = render_model(model, options, layout_mode=mode)
        drawn.append((target, model, rendering, diagram_files(rendering, images, target.stem)))
    entries = []
    for target, model, rendering, files in drawn:
        written = write_files(out, files)
        for unknown in model.unknown:
            click.echo(f"reglament: warning: {target.model}:{unknown.line}: unknown BPMN element "
                       f"bpmn:{unknown.tag} is not drawn (`reglament lint` reports it too)", err=True)
        entries.append(summarize(target.model, rendering, written, options))
    return entries
