"""The few JavaScript semantics bpmnlint's answers depend on.

A rule that asks ``(node.name || '').trim()`` treats U+FEFF as blank and U+001C
as text; a moddle Real attribute of ``"12px"`` is the number 12. Python's own
``strip`` and ``float`` disagree on such edges, so the rules use these instead.
"""

from __future__ import annotations

import math
import re

# ECMAScript WhiteSpace + LineTerminator (what String.prototype.trim removes).
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_FLOAT = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_INT = re.compile(r"[+-]?\d+")


def js_trim(value: str | None) -> str:
    """``(value || '').trim()``."""
    return (value or "").strip(_JS_SPACE)


def parse_float(value: str) -> float:
    """JavaScript ``parseFloat``: the longest numeric prefix, else NaN."""
    match = _FLOAT.match(value.lstrip(_JS_SPACE))
    if not match:
        return math.nan
    text = match.group(0)
    if text.endswith("Infinity"):
        return -math.inf if text.startswith("-") else math.inf
    return float(text)


def parse_int(value: str) -> float:
    """JavaScript ``parseInt(value, 10)``; NaN as a float, otherwise an int-valued number."""
    match = _INT.match(value.lstrip(_JS_SPACE))
    return int(match.group(0)) if match else math.nan


def coerce(type_name: str, value: str) -> object:
    """moddle's ``coerceType``: Boolean is exactly ``'true'``; numbers parse like JavaScript."""
    if type_name == "Boolean":
        return value == "true"
    if type_name == "Real":
        return parse_float(value)
    if type_name == "Integer":
        return parse_int(value)
    return value
