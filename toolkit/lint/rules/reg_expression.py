"""reg-expression: every condition, script and ``when`` is one the engine's sandbox accepts.

The engine refuses a model whose expressions go beyond plain data logic
(attribute access, imports, ``**``, comprehensions, calls other than a few pure
functions, syntax errors) before anything runs. A designer should learn that
from ``lint`` too, with the line of every offender, not from the first ``run``.
"""

from toolkit.expressions import unsafe_expressions
from toolkit.lint.context import LintContext
from toolkit.lint.registry import document_rule
from toolkit.model import XmlNode


@document_rule("reg-expression", "error", "Conditions, scripts and reg:timeLimit when= are safe, valid expressions.",
               origin="reglament")
def check(context: LintContext, reporter) -> None:
    for node, error in unsafe_expressions(context.root, context.source):
        owner: XmlNode | None = node
        while owner is not None and "id" not in owner.attrs:
            owner = owner.parent
        reporter.report(owner.attrs["id"] if owner is not None else None, error.message, line=error.line)
