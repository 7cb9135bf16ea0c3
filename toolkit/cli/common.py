"""What every command shares: output format, exit codes, error handling.

Exit codes are the family's contract with CI: 0 clean, 1 the command found
problems, 2 usage or input error (click already uses 2 for usage errors).
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click

from toolkit.errors import InputError
from toolkit.model.elements import FALSE_WORDS, TRUE_WORDS

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="text for people, json for machines.")


def fail(message: str) -> None:
    """Print one error line to stderr and exit 2."""
    click.echo(f"reglament: error: {message}", err=True)
    sys.exit(EXIT_INPUT)


def input_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any :class:`InputError` a command raises into one line and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))

    return wrapper


def emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def parse_assignments(pairs: Iterable[str]) -> dict[str, Any]:
    """``--set key=value`` pairs to data: yes/no words, integers and null are typed.

    Yes/no words are the ones user tasks accept (true/false, yes/no, иә/жоқ, да/нет).

    Values stay strings otherwise (an IIN like ``010203300123`` must not become a
    number and lose its leading zero), so only exact words and short integers convert.
    """
    data: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"{pair!r} is not key=value with a name as key", param_hint="--set")
        text = value.strip()
        if text.lower() in TRUE_WORDS - {"1"}:
            data[key] = True
        elif text.lower() in FALSE_WORDS - {"0"}:
            data[key] = False
        elif text.lower() in ("null", "none"):
            data[key] = None
        elif _SHORT_INTEGER.fullmatch(text):
            data[key] = int(text)
        else:
            data[key] = value
    return data


#: An integer as people type one: no leading zero (that is an identifier, like an
#: IIN), ASCII digits only, at most nine of them.
_SHORT_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,8}")
