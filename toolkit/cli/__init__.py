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


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module_name), attr)
            return command
        return super().get_command(ctx, cmd_name)

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
