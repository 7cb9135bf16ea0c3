"""One error family: every error reglament raises on purpose is built as
``(message, source=None, line=None)`` and prints as one ``file:line: message`` line."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import toolkit
from toolkit.errors import ExpressionError, HandlerError, InputError, ReglamentError, RenderError


def _family() -> list[type[ReglamentError]]:
    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        if ".cli" not in info.name:
            importlib.import_module(info.name)
    found, stack = [], [ReglamentError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FAMILY = _family()


def test_the_family_has_every_area_in_it() -> None:
    names = {c.__name__ for c in FAMILY}
    assert {"InputError", "ModelError", "RenderError", "HandlerError", "ExpressionError",
            "TextError", "CalendarError", "StoreError"} <= names
    assert issubclass(RenderError, InputError)
    assert issubclass(HandlerError, ReglamentError) and issubclass(ExpressionError, ReglamentError)


@pytest.mark.parametrize("cls", FAMILY, ids=lambda c: c.__name__)
def test_one_constructor_and_one_line(cls: type[ReglamentError]) -> None:
    error = cls("it broke\nbadly", "model.bpmn", 7)
    assert (error.message.replace("\n", " ").split(), error.source, error.line) == (
        ["it", "broke", "badly"], "model.bpmn", 7)
    assert str(error).startswith("model.bpmn:7: ")
    bare = cls("it broke")
    assert (bare.source, bare.line) == (None, None) and str(bare) == "it broke"


def test_the_old_homes_still_export_their_errors() -> None:
    from toolkit.engine.handlers import HandlerError as FromEngine
    from toolkit.expressions import ExpressionError as FromExpressions
    from toolkit.render import RenderError as FromRender

    assert (FromEngine, FromExpressions, FromRender) == (HandlerError, ExpressionError, RenderError)
