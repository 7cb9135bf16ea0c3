"""``reglament paths``: every path from start to each end, with its total time limit."""

from __future__ import annotations

import click

from toolkit.cli.common import (
    Envelope,
    emit_envelope,
    fail,
    format_option,
    input_errors,
    resolve_model,
)
from toolkit.model import load_model
from toolkit.paths import MAX_PATHS, enumerate_paths, format_total, truncated
from toolkit.term_coverage import term_coverage


@click.command()
@click.argument("model", type=click.Path(dir_okay=False))
@click.option("--all-steps", is_flag=True, help="List every node, not only the steps that stand for text.")
@format_option
@input_errors
def paths(model: str, all_steps: bool, fmt: str) -> None:
    """Every path through MODEL from its start to an end, with its steps and
    its total time limit in the text's own units (minutes stay minutes, working
    days stay working days).

    Gateways and alternative time limits ("20 working days where documents are
    missing") each make a path of their own, labelled with the condition that
    selects it.

    \b
    Example:
      reglament paths bpmn/social-assistance.bpmn
    """
    loaded = load_model(resolve_model(model))
    for unknown in loaded.unknown:
        click.echo(f"reglament: warning: {loaded.source}:{unknown.line}: unknown BPMN element "
                   f"bpmn:{unknown.tag} is not on any path", err=True)
    found = enumerate_paths(loaded)
    if not found:
        fail(f"{loaded.source}: no path: the model has no start event to begin one")
    if truncated(found):
        click.echo(f"reglament: warning: only the first {MAX_PATHS} paths are listed", err=True)
    if fmt == "json":
        results = {"truncated": truncated(found), "paths": [p.to_dict(all_steps, loaded) for p in found]}
        emit_envelope(Envelope("paths", [loaded.source], results=results))
        return
    for number, path in enumerate(found, 1):
        conditions = "; ".join(path.conditions()) or "always"
        ends = ", ".join(e.id for e in path.ends) or path.end.id
        cut = f" ({path.cut} after {path.end.id})" if path.cut else ""
        click.echo(f"path {number}: to {ends}{cut} — {format_total(path.total())} "
                   f"({format_total(path.total(), 'kk')})")
        click.echo(f"  when: {conditions}")
        term_note = term_coverage((s.node for s in path.steps), loaded).note()
        if term_note:
            click.echo(f"  term: {term_note}; the total above only adds up the limits it gives")
        for note in path.approximations:
            click.echo(f"  approximate: {note}")
        for step in path.steps:
            if not (all_steps or step.node.clauses):
                continue
            limit = f" · {step.time_limit.as_written()}" if step.time_limit else ""
            clauses = ", ".join(map(str, step.node.clauses))
            click.echo(f"  - {step.node.id} [{clauses}]{limit}")
