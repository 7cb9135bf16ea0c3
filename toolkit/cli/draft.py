"""``reglament draft``: a first model of a regulation's clause, drafted from its text."""

from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli.common import Envelope, emit_envelope, format_option, input_errors
from toolkit.draft import draft as make_draft
from toolkit.draft import key_for, write
from toolkit.draft.compare import compare, format_text
from toolkit.errors import InputError
from toolkit.model import load_model, load_model_bytes
from toolkit.text import load_act


def _refuse_overwriting(output: str, *inputs: str | None) -> None:
    """The draft never replaces its own text or the model it is compared with."""
    target = Path(output)
    for given in inputs:
        if given and target.exists() and Path(given).exists() and target.resolve() == Path(given).resolve():
            raise InputError(f"-o {output} is the input {given}; write the draft to another file", output)


@click.command()
@click.argument("text", type=click.Path(dir_okay=False))
@click.option("--clause", "clauses", multiple=True, metavar="REF",
              help="Clause to draft, e.g. 5.1 or 8 (repeatable: clauses restating the same steps, "
                   "like 5.1 and 7.1, become one model). Default: every clause of the only regulation.")
@click.option("--regulation", type=int, default=None, metavar="N",
              help="The amended regulation N) when the act restates clauses of several.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="The .bpmn file to write (its name gives the model's id).")
@click.option("--compare", "against", type=click.Path(dir_okay=False), default=None, metavar="MODEL",
              help="Print a structural diff (lanes, elements, flows) of the draft against MODEL.")
@click.option("--pools", type=click.Choice(["party", "actor"]), default="party", show_default=True,
              help="party: the applicant and the service side, a lane per actor; actor: a pool per actor "
                   "with every handover a message (the appendix's interaction diagram).")
@format_option
@input_errors
def draft(text: str, clauses: tuple[str, ...], regulation: int | None, output: str, against: str | None,
          pools: str, fmt: str) -> None:
    """Draft a laid-out BPMN model of a regulation's clause from the act's TEXT.

    A pool per party (the applicant, the service side) with a lane per actor
    the text names; one task per step or item citing its clause, with its time
    limit, alternative limits and result as reg: data; an exclusive gateway per
    condition ("N шарт") with its outcomes; message flows where the applicant
    hands in or receives. The draft checks clean against its own text, lints
    clean, and `reglament run --auto` reaches each end with the --set data
    printed below. A clause the draft cannot read is one error line (exit 2).

    \b
    Examples:
      reglament draft bpmn/resolution-38-08-2017.kk.txt --clause 5.1 --clause 7.1 -o sa.bpmn \\
          --compare bpmn/social-assistance.bpmn
      reglament draft bpmn/resolution-38-08-2017.kk.txt --clause 8 -o he.bpmn --format json
    """
    _refuse_overwriting(output, text, against)
    act = load_act(text)
    reference = load_model(against) if against else None
    result = make_draft(act, clauses, regulation, key=key_for(output), pools=pools)
    diff = compare(load_model_bytes(result.xml, output), reference) if reference is not None else None
    write(output, result.xml)
    plan = result.plan
    runs = [{"end": s.end, "set": s.assignments()} for s in plan.scenarios]
    if fmt == "json":
        results = {"output": output, "clauses": list(plan.clauses), "pools": [p.id for p in plan.pools],
                   "lanes": [lane.id for p in plan.pools for lane in p.lanes],
                   "elements": sum(len(p.nodes) for p in plan.pools), "runs": runs}
        if diff is not None:
            results["compare"] = diff.to_dict()
        files = [text] + ([against] if against else [])
        emit_envelope(Envelope("draft", files, results=results))
        return
    nodes = sum(len(p.nodes) for p in plan.pools)
    click.echo(f"{output}: drafted clause {', '.join(plan.clauses)} of «{plan.name}»: "
               f"{len(plan.pools)} pool(s), {sum(len(p.lanes) for p in plan.pools)} lane(s), {nodes} element(s)")
    for run in runs:
        sets = " ".join(f"--set {a}" for a in run["set"])
        click.echo(f"  reaches {run['end']}: reglament run {output} --auto {sets}".rstrip())
    if diff is not None:
        click.echo(format_text(diff))
