"""Sandboxed expressions: what a model author may write, and nothing more.

SpiffWorkflow evaluates gateway conditions, scripts and timer expressions with
Python's ``eval``/``exec``. A model is data, often from someone else; it must not
be able to run code. So we never call ``eval``: expressions are parsed with
:mod:`ast`, checked against a whitelist (names, literals, boolean logic,
comparisons, arithmetic, a few pure functions), and interpreted by a small
tree-walker. Checking is separate from evaluating so a model is refused *before*
anything runs, with the file and line of the offending expression.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from toolkit.errors import ExpressionError as ExpressionError  # re-exported: its old home
from toolkit.errors import UnsafeExpressionError

if TYPE_CHECKING:
    from toolkit.model.elements import XmlNode

MAX_EXPRESSION_LENGTH = 2000
MAX_SEQUENCE_LENGTH = 10_000
#: Integers beyond this many bits are refused *before* arithmetic, so repeated
#: squaring in a script cannot grow a number until the machine stalls.
MAX_INT_BITS = 256
#: Items in one value counted with repetition (``p = [p, p]`` counts p twice), and its
#: nesting: a value built by sharing references cannot grow past these, so comparing,
#: hashing, printing or storing any value the sandbox makes is bounded work.
MAX_VALUE_ITEMS = 100_000
MAX_VALUE_DEPTH = 64
#: ``round(x, n)`` with a huge ``n`` builds 10**|n|: a billion-digit number.
MAX_ROUND_DIGITS = 100

#: Functions a model may call. Pure, bounded, and harmless on any argument.
SAFE_FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "len": len, "min": min, "max": max, "abs": abs, "round": round, "int": int, "float": float,
    "str": str, "bool": bool, "sum": sum, "any": any, "all": all, "sorted": sorted,
}

_BINARY = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {ast.Not: operator.not_, ast.USub: operator.neg, ast.UAdd: operator.pos}
_COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}
_ALLOWED_NODES = (
    ast.Expression, ast.Module, ast.Expr, ast.Assign, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp,
    ast.BinOp, ast.Compare, ast.Name, ast.Load, ast.Store, ast.Constant, ast.List, ast.Tuple,
    ast.Set, ast.Dict, ast.Subscript, ast.IfExp, ast.Call, *_BINARY, *_UNARY, *_COMPARE,
)


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access", ast.Lambda: "lambda", ast.Import: "import",
        ast.ImportFrom: "import", ast.Pow: "the ** operator", ast.ListComp: "comprehensions",
        ast.GeneratorExp: "comprehensions", ast.DictComp: "comprehensions", ast.SetComp: "comprehensions",
        ast.NamedExpr: "the := operator", ast.Starred: "unpacking", ast.JoinedStr: "f-strings",
    }
    return names.get(type(node), type(node).__name__)


def _check_tree(tree: ast.AST, expression: str, source: str | None, line: int | None) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise UnsafeExpressionError(
                f"expression {expression!r} uses {_describe(node)}, which models may not use", source, line)
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise UnsafeExpressionError(
                f"expression {expression!r} uses the name {node.id!r}; names starting with _ are not allowed",
                source, line)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise UnsafeExpressionError(
                    f"expression {expression!r} uses {_describe(node.func)}, which models may not use",
                    source, line)
            if node.func.id not in SAFE_FUNCTIONS:
                raise UnsafeExpressionError(
                    f"expression {expression!r} calls {node.func.id!r}; allowed functions: "
                    f"{', '.join(sorted(SAFE_FUNCTIONS))}", source, line)
            if node.keywords:
                raise UnsafeExpressionError(f"expression {expression!r} passes keyword arguments", source, line)
        if isinstance(node, ast.Assign) and not all(isinstance(t, ast.Name) for t in node.targets):
            raise UnsafeExpressionError(f"script {expression!r} may only assign to plain names", source, line)
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            raise UnsafeExpressionError(f"expression {expression!r} uses bytes literals", source, line)


def _parse(text: str, mode: str, source: str | None, line: int | None) -> ast.AST:
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise UnsafeExpressionError(f"expression is {len(text)} characters, over {MAX_EXPRESSION_LENGTH}",
                                    source, line)
    try:
        return ast.parse(text.strip(), mode=mode)
    except SyntaxError as exc:
        raise UnsafeExpressionError(f"expression {text.strip()!r} is not valid: {exc.msg}", source, line) from None


def check_expression(expression: str, source: str | None = None, line: int | None = None) -> None:
    """Refuse an expression that is not plain data logic."""
    _check_tree(_parse(expression, "eval", source, line), expression.strip(), source, line)


def check_script(script: str, source: str | None = None, line: int | None = None) -> None:
    """Refuse a script that is not a sequence of ``name = expression`` lines."""
    tree = _parse(script, "exec", source, line)
    for statement in tree.body:  # type: ignore[attr-defined]
        if not isinstance(statement, ast.Assign):
            raise UnsafeExpressionError(
                f"script line {statement.lineno} is a {_describe(statement)}; scripts may only assign "
                "name = expression", source, line)
    _check_tree(tree, script.strip(), source, line)


#: BPMN elements whose text is an expression the engine would evaluate.
EXPRESSION_TAGS = frozenset({
    "conditionExpression", "timeDuration", "timeDate", "timeCycle", "condition",
    "loopCardinality", "completionCondition", "loopCondition", "formalExpression",
})


def unsafe_expressions(root: XmlNode, source: str | None = None
                       ) -> Iterator[tuple[XmlNode, UnsafeExpressionError]]:
    """Every expression or script in a model's XML that the sandbox refuses (its node and why), in order.

    One list of the places a model carries code, shared by the engine (which
    refuses the model at the first) and the linter (which reports them all), so
    a model ``lint`` passes is never one ``run`` refuses.
    """
    for node in root.iter():
        try:
            check_site(node.namespace, node.tag, node.text, node.attrs.get("when"), node.line, source)
        except UnsafeExpressionError as error:
            yield node, error


def check_site(namespace: str, tag: str, text: str | None, when: str | None, line: int | None,
               source: str | None = None) -> None:
    """Raise :class:`UnsafeExpressionError` if this element carries code the sandbox refuses.

    The one rule of where a model carries code, for callers that walk an XmlNode tree
    (``unsafe_expressions``) and for the engine, which walks its lxml tree in C.
    """
    from toolkit.model.namespaces import BPMN, REG

    if namespace == BPMN and tag in EXPRESSION_TAGS and (text or "").strip():
        check_expression(text or "", source, line)
    elif namespace == BPMN and tag == "script" and (text or "").strip():
        check_script(text or "", source, line)
    elif namespace == REG and tag == "timeLimit" and when:
        check_expression(when, source, line)


def _bounded(value: Any) -> Any:
    """Refuse a result too long, too large, too deep or too big once shared parts are counted."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_SEQUENCE_LENGTH:
        raise ExpressionError(f"result longer than {MAX_SEQUENCE_LENGTH} items")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ExpressionError(f"number larger than {MAX_INT_BITS} bits")
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        _measure(value)
    return value


def _measure(value: Any) -> None:
    """Walk ``value`` counting every item with repetition; stop at the first bound passed."""
    budget = MAX_VALUE_ITEMS
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        budget -= 1
        if budget < 0:
            raise ExpressionError(f"value of more than {MAX_VALUE_ITEMS:,} items (shared parts counted each time)")
        if isinstance(item, (list, tuple, set, frozenset)):
            if depth >= MAX_VALUE_DEPTH:
                raise ExpressionError(f"value nested more than {MAX_VALUE_DEPTH} levels deep")
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, dict):
            if depth >= MAX_VALUE_DEPTH:
                raise ExpressionError(f"value nested more than {MAX_VALUE_DEPTH} levels deep")
            stack.extend((v, depth + 1) for pair in item.items() for v in pair)
        elif isinstance(item, int) and item.bit_length() > MAX_INT_BITS:
            raise ExpressionError(f"number larger than {MAX_INT_BITS} bits")


def _call_safe(name: str, args: list[Any]) -> Any:
    """Call a safe function with arguments checked where Python itself would not bound the work."""
    if name == "round" and len(args) > 1 and isinstance(args[1], int) and abs(args[1]) > MAX_ROUND_DIGITS:
        raise ExpressionError(f"round() to {args[1]} digits (at most {MAX_ROUND_DIGITS} either way)")
    if name in ("int", "float") and args and isinstance(args[0], str) and len(args[0]) > 400:
        raise ExpressionError(f"{name}() of a text of {len(args[0])} characters")
    return _bounded(SAFE_FUNCTIONS[name](*args))


def _eval(node: ast.AST, data: Mapping[str, Any]) -> Any:
    """Evaluate one checked node: a table of small evaluators, one per node type."""
    evaluator = _EVALUATORS.get(type(node))
    if evaluator is None:
        raise ExpressionError(f"unsupported expression element {type(node).__name__}")
    return evaluator(node, data)


def _name(node: ast.Name, data: Mapping[str, Any]) -> Any:
    if node.id in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.id]
    if node.id in data:
        return data[node.id]
    raise ExpressionError(f"name {node.id!r} is not in the instance data")


def _bool_op(node: ast.BoolOp, data: Mapping[str, Any]) -> Any:
    """Python's short-circuit: ``and`` stops at the first falsy value, ``or`` at the first truthy."""
    stop_when = not isinstance(node.op, ast.And)
    result: Any = not stop_when
    for value in node.values:
        result = _eval(value, data)
        if bool(result) is stop_when:
            return result
    return result


def _bin_op(node: ast.BinOp, data: Mapping[str, Any]) -> Any:
    left, right = _eval(node.left, data), _eval(node.right, data)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
    if isinstance(node.op, (ast.Mult, ast.Mod, ast.FloorDiv, ast.Div, ast.Sub)) and not numbers:
        raise ExpressionError(f"{type(node.op).__name__.lower()} works on numbers only")
    for value in (left, right):
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise ExpressionError(f"number larger than {MAX_INT_BITS} bits")
    return _bounded(_BINARY[type(node.op)](left, right))


def _compare(node: ast.Compare, data: Mapping[str, Any]) -> bool:
    left = _eval(node.left, data)
    for op, comparator in zip(node.ops, node.comparators):
        right = _eval(comparator, data)
        if not _COMPARE[type(op)](left, right):
            return False
        left = right
    return True


def _call(node: ast.Call, data: Mapping[str, Any]) -> Any:
    return _call_safe(node.func.id, [_eval(a, data) for a in node.args])  # type: ignore[attr-defined]


def _set(node: ast.Set, data: Mapping[str, Any]) -> set[Any]:
    items = [_eval(e, data) for e in node.elts]
    _bounded(items)  # measured before hashing
    return set(items)


def _dict(node: ast.Dict, data: Mapping[str, Any]) -> dict[Any, Any]:
    pairs = [(_eval(k, data), _eval(v, data)) for k, v in zip(node.keys, node.values) if k is not None]
    _bounded(pairs)
    return dict(pairs)


_EVALUATORS: dict[type[ast.AST], Callable[[Any, Mapping[str, Any]], Any]] = {
    ast.Expression: lambda node, data: _eval(node.body, data),
    ast.Constant: lambda node, data: node.value,
    ast.Name: _name,
    ast.BoolOp: _bool_op,
    ast.UnaryOp: lambda node, data: _UNARY[type(node.op)](_eval(node.operand, data)),
    ast.BinOp: _bin_op,
    ast.Compare: _compare,
    ast.IfExp: lambda node, data: (
        _eval(node.body, data) if _eval(node.test, data) else _eval(node.orelse, data)),
    ast.List: lambda node, data: _bounded([_eval(e, data) for e in node.elts]),
    ast.Tuple: lambda node, data: _bounded(tuple(_eval(e, data) for e in node.elts)),
    ast.Set: _set,
    ast.Dict: _dict,
    ast.Subscript: lambda node, data: _eval(node.value, data)[_eval(node.slice, data)],
    ast.Call: _call,
}


@functools.lru_cache(maxsize=4096)
def _checked(expression: str, mode: str) -> ast.AST:
    """Parse and check once per distinct text: a model's few expressions are evaluated
    again and again (the tree is only read, never changed, so sharing it is safe)."""
    tree = _parse(expression, mode, None, None)
    if mode == "exec":
        check_script(expression)
    else:
        _check_tree(tree, expression.strip(), None, None)
    return tree


def evaluate(expression: str, data: Mapping[str, Any]) -> Any:
    """Check, then evaluate ``expression`` over ``data``. Never calls Python's eval."""
    tree = _checked(expression, "eval")
    try:
        return _eval(tree, data)
    except ExpressionError:
        raise
    except Exception as exc:  # whatever the data makes a safe expression do, it is the model's error
        raise ExpressionError(f"{expression.strip()!r} failed: {type(exc).__name__}: {exc}") from None


def execute(script: str, data: MutableMapping[str, Any]) -> None:
    """Run a checked ``name = expression`` script, writing results into ``data``."""
    tree = _checked(script, "exec")
    for statement in tree.body:  # type: ignore[attr-defined]
        try:
            value = _eval(ast.Expression(statement.value), data)
        except ExpressionError:
            raise
        except Exception as exc:
            raise ExpressionError(f"script line {statement.lineno} failed: {type(exc).__name__}: {exc}") from None
        for target in statement.targets:
            data[target.id] = value
