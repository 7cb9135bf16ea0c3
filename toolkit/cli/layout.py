"""``reglament layout``: compute a model's BPMNDI (pools, lanes, shapes, lines) and write it back.

Thin: :func:`toolkit.layout.layout_model` computes, :func:`toolkit.layout.write_di`
writes the diagram into the file's own text (nothing outside the diagram changes).
Without ``-o`` the result goes to standard output; ``-o MODEL`` rewrites the model
itself (atomically). ``--check`` writes nothing and exits 1 when the file's
diagram is not the one ``layout`` computes now.
"""

from __future__ import annotations

import sys

import click

from toolkit.cli.common import EXIT_FINDINGS, EXIT_OK, Envelope, emit_envelope, input_errors
from toolkit.cli.envelope import remember_format


@click.command("layout")
@click.argument("model", type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="File to write (may be MODEL itself); default: standard output.")
@click.option("--keep", is_flag=True,
              help="Keep the model's own diagram; add shapes and lines only for the elements it lacks.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if MODEL's diagram differs from the layout computed now.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              callback=remember_format, is_eager=True,
              help="Report format (with -o or --check): json is the envelope of docs/cli.md.")
@input_errors
def layout(model: str, out: str | None, keep: bool, check: bool, fmt: str) -> None:
    """Lay out MODEL: pools as horizontal bands, lanes inside, every node in its lane, standard
    BPMN shape sizes, orthogonal sequence flows around the shapes, message flows between pools.

    The semantic part of the file is kept byte for byte; only the bpmndi:BPMNDiagram elements are
    replaced (or, with --keep, completed). The result opens in bpmn.io and Camunda Modeler.

    \b
    Examples:
      reglament layout draft.bpmn -o draft.bpmn          # give a model without DI a diagram
      reglament layout bpmn/social-assistance.bpmn --check
      reglament layout edited.bpmn --keep -o edited.bpmn  # add DI only for the new elements
    """
    from toolkit.layout import layout_model, write_di
    from toolkit.model import load_model
    from toolkit.render.output import write_file

    loaded = load_model(model)
    geometry = layout_model(loaded)
    result = write_di(loaded, geometry, keep=keep)
    entry: dict[str, object] = {"model": model, "shapes": _count(result, b"BPMNShape"),
                                "edges": _count(result, b"BPMNEdge")}
    if check:
        current = result == loaded.xml
        entry.update(current=current)
        if fmt == "json":
            emit_envelope(Envelope("layout", [model], results={"checked": [entry]},
                                   exit_code=EXIT_OK if current else EXIT_FINDINGS))
        else:
            click.echo(f"{model}: diagram " + ("current" if current else
                                               "OUT OF DATE: run `reglament layout MODEL -o MODEL`"))
        sys.exit(EXIT_OK if current else EXIT_FINDINGS)
    if out is None:
        sys.stdout.buffer.write(result)
        sys.stdout.buffer.flush()
        sys.exit(EXIT_OK)
    write_file(out, result)
    entry["output"] = out
    if fmt == "json":
        emit_envelope(Envelope("layout", [model], results={"laid_out": [entry]}))
    else:
        click.echo(f"{model} -> {out} ({entry['shapes']} shapes, {entry['edges']} edges"
                   + (", existing diagram kept" if keep else "") + ")")
    sys.exit(EXIT_OK)


def _count(data: bytes, tag: bytes) -> int:
    import re

    return len(re.findall(rb"<(?:[\w.-]+:)?" + tag + rb"[\s>/]", data))
