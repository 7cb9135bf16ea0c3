"""Refuse unsafe models before anything runs.

Every place a BPMN model can carry an expression or a script is listed here, so
the engine can check them all at load time and name the file and line of the
first offender, instead of discovering it when a token reaches it.
"""

from __future__ import annotations

from toolkit import expressions
from toolkit.model.elements import Model
from toolkit.model.namespaces import BPMN, REG

#: BPMN elements whose text is an expression the engine would evaluate.
EXPRESSION_TAGS = frozenset({
    "conditionExpression", "timeDuration", "timeDate", "timeCycle", "condition",
    "loopCardinality", "completionCondition", "loopCondition", "formalExpression",
})


def check_model_expressions(model: Model) -> None:
    """Raise :class:`~toolkit.errors.UnsafeExpressionError` for the first unsafe expression."""
    for node in model.root.iter():
        if node.namespace == BPMN and node.tag in EXPRESSION_TAGS and (node.text or "").strip():
            expressions.check_expression(node.text or "", model.source, node.line)
        elif node.namespace == BPMN and node.tag == "script" and (node.text or "").strip():
            expressions.check_script(node.text or "", model.source, node.line)
        elif node.namespace == REG and node.tag == "timeLimit" and node.attrs.get("when"):
            expressions.check_expression(node.attrs["when"], model.source, node.line)
