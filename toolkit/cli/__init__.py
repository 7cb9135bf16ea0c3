"""``reglament``: the command-line family.

Commands are thin: they parse arguments, call library functions and print. Each
lives in its own module and is loaded lazily, so ``reglament run`` does not pay
for importing Graphviz and ``--help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from toolkit import __version__

#: command name -> "module:attribute"; one line per command.
LAZY_COMMANDS: dict[str, str] = {
    "check": "toolkit.cli.check:check",
    "deadline": "toolkit.cli.deadline:deadline",
    "draft": "toolkit.cli.draft:draft",
    "instances": "toolkit.cli.instances:instances",
    "layout": "toolkit.cli.layout:layout",
    "lint": "toolkit.cli.lint:lint",
    "paths": "toolkit.cli.paths:paths",
    "render": "toolkit.cli.render:render",
    "run": "toolkit.cli.run:run",
    "text": "toolkit.cli.text:text",
}

#: Each command's first sentence, as ``reglament --help`` lists it. Kept here so the list
#: does not import every command (and with them SpiffWorkflow, lxml, holidays, Graphviz):
#: that import was nearly all of ``--help``'s start-up. tests/test_cli_lazy.py checks that
#: each line equals the command's own help.
SUMMARIES: dict[str, str] = {
    "check": "Check MODELS (files or directories; default: the project's models, else bpmn/, else the bundled "
             "regulations) against the act's text: steps and items, order, actors, time limits, results, "
             "conditions and labels, in both directions.",
    "deadline": "Follow the path the data decides through MODEL and print each step's start, time limit and due "
                "date-time, and when the whole service is due.",
    "draft": "Draft a laid-out BPMN model of a regulation's clause from the act's TEXT.",
    "instances": "Durable instances: start, queue, claim, complete, message, tick, history.",
    "layout": "Lay out MODEL: pools as horizontal bands, lanes inside, every node in its lane, standard BPMN "
              "shape sizes, orthogonal sequence flows around the shapes, message flows between pools.",
    "lint": "Lint BPMN files like bpmnlint, and beyond it (default: the project's models, else bpmn/, else the "
            "bundled regulations).",
    "paths": "Every path through MODEL from its start to an end, with its steps and its total time limit in the "
             "text's own units (minutes stay minutes, working days stay working days).",
    "render": "Draw swimlane diagrams of MODELS (default: every model in bpmn/) into diagrams/.",
    "run": "Walk an instance of MODEL from its start to an end.",
    "text": "Show what the parser reads in FILE: an act (header, regulations, restated clauses) or, when FILE has "
            "no act header, the body of one clause.",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is used: listing the
    commands (``reglament --help``) reads :data:`SUMMARIES` and imports none of them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module_name), attr)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's command list, from :data:`SUMMARIES` for the commands not imported yet."""
        rows: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            listed = self.commands.get(name) or (click.Command(name, help=SUMMARIES[name]) if name in SUMMARIES
                                                 else self.get_command(ctx, name))
            if listed is not None and not listed.hidden:
                rows.append((name, listed))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Click's main, but a usage error is one ``reglament: error: …`` line (exit 2), like
        every other error of the family, instead of click's usage block."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            # `reglament` or `reglament instances` alone: the help, readable, as click shows it
            # (exit 2), not squashed into one error line.
            exc.show()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            ctx = exc.ctx if isinstance(exc, click.UsageError) else None
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = " ".join(exc.format_message().split())
            click.echo(f"reglament: error: {message}{hint}", err=True)
            from toolkit.cli.envelope import asked_for_json, emit_usage_error

            if asked_for_json(sys.argv[1:] if args is None else args):
                emit_usage_error(ctx, message, exc.exit_code)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("reglament: error: aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reglament")
def main() -> None:
    """reglament: BPMN models of Kazakhstan's state-service regulations.

    Models live in bpmn/ (one .bpmn per regulation, beside the act's text).
    check, lint and render take files or directories (default: the project's
    models, else bpmn/, else the bundled regulations); run, paths, deadline and
    layout take one MODEL (run, paths and deadline also take a model's name,
    e.g. social-assistance); draft and text read one act's text; instances works
    on a store. Every command has --format json (one envelope, docs/cli.md) and
    exits 0 when clean, 1 when it found problems, 2 on usage or input errors.
    """


def run(argv: list[str] | None = None) -> Any:
    """Entry point for embedding: ``toolkit.cli.run(["check"])``."""
    return main.main(args=argv, prog_name="reglament", standalone_mode=False)
