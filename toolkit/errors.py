"""The project's error family: one base class, one constructor, one way to print.

Every error reglament raises on purpose is a :class:`ReglamentError` built the same way,
``(message, source=None, line=None)``, and prints as one ``file:line: message`` line, the way
compilers and linters do. Those a user can cause (a file, an argument, a model, a text, a
date) are :class:`InputError`: every command turns them into that line and exit code 2, and an
embedding app can catch the one base class. Each area's own errors live here, beside the
others, so the family can be read in one place:

=======================  =====================  ===========================================
class                    base                   raised when
=======================  =====================  ===========================================
``InputError``           ReglamentError         bad input from the user
``ModelError``           InputError             a BPMN file cannot be loaded
``UnsafeExpressionError``InputError             a model expression asks for more than data
``RenderError``          InputError             a model cannot be drawn, a bad render option
``ExpressionError``      ReglamentError         a safe expression fails on this data
``HandlerError``         ReglamentError         a service task has no handler, or it failed
=======================  =====================  ===========================================

(``TextError``, ``CalendarError``, ``LayoutError`` and ``StoreError`` are ``InputError``
subclasses defined beside their packages.)
"""

from __future__ import annotations


class ReglamentError(Exception):
    """Base class of every error reglament raises on purpose.

    ``source`` is a path or a label such as ``<string>``; ``line`` is 1-based.
    """

    def __init__(self, message: str, source: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(ReglamentError, ValueError):
    """Bad input from the user: a file, an argument, a model, a text."""


class ModelError(InputError):
    """A BPMN file that cannot be loaded: malformed, hostile, too big, not BPMN."""


class UnsafeExpressionError(InputError):
    """A model expression that would give its author more than data access."""


class RenderError(InputError):
    """A model the renderer cannot draw, or a bad rendering option."""


class ExpressionError(ReglamentError):
    """An expression that is safe but fails on this data (a missing name, a type error).

    Not an :class:`InputError`: the engine turns it into the model's error with the element's
    file and line, where it knows them."""


class HandlerError(ReglamentError):
    """A service task with no handler, or a handler that failed; ``node_id`` names the task."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None, *,
                 node_id: str | None = None) -> None:
        super().__init__(message, source, line)
        self.node_id = node_id
