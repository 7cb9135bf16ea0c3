"""Which values an instance may hold, and how they are stored.

An instance lives for weeks in a store; a value that cannot be written back
must be refused when it enters the instance (start data, completed task data,
a message payload, a handler's reply, a script's assignment), with its key
named — not discovered later at save time, when nobody can fix it any more.

Storable: ``None``, ``bool``, ``int`` (bounded), finite ``float``, ``str``,
``date``, ``datetime`` (naive or aware), ``Decimal`` (finite), ``UUID``,
``timedelta``, lists of storable values and dicts with ``str`` keys. Sets,
tuples (they would come back as lists), NaN/infinity (not JSON), arbitrary
objects, non-string keys and dicts with a ``typename`` key (SpiffWorkflow's
serializer would mistake them for encoded objects) are refused. Size and depth
are bounded while walking, so a list that contains itself, or a list of
references that expands exponentially (``p = [p, p]`` repeated), costs at
most :data:`MAX_ITEMS` steps to refuse.

The codec itself is SpiffWorkflow's serializer registry (it already knows
``datetime``, ``timedelta`` and ``UUID``); :func:`register_codecs` adds ``date``
and ``Decimal``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from toolkit.errors import InputError

#: Values (counted with repetition) in one key's value: a bound on work and size.
MAX_ITEMS = 100_000
#: Nesting of lists and dicts.
MAX_DEPTH = 32
#: Characters in one string.
MAX_STRING = 1_000_000
#: Digits of an integer (a billion-digit number costs minutes to print).
MAX_INT_DIGITS = 1_000
#: Keys of the engine's own namespace: refused so user data cannot collide with it.
RESERVED_PREFIX = "_reglament"

_SCALARS = (bool, str, date, datetime, UUID, timedelta)


def _describe(value: Any) -> str:
    return type(value).__name__


def check_storable(key: str, value: Any) -> None:
    """Raise :class:`InputError` naming ``key`` if ``value`` cannot be stored.

    Cost is bounded by :data:`MAX_ITEMS` however the value is built.
    """
    if not isinstance(key, str):
        raise InputError(f"data key {key!r} is a {_describe(key)}; keys must be strings")
    if key.startswith(RESERVED_PREFIX):
        raise InputError(f"data key {key!r} is reserved for the engine's bookkeeping; choose another name")
    budget = [MAX_ITEMS]
    stack: list[tuple[Any, int, str]] = [(value, 0, key)]
    while stack:
        item, depth, path = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise InputError(f"data {key!r} is too large to store (more than {MAX_ITEMS:,} values)")
        _check_one(item, depth, path, stack)


def _check_one(item: Any, depth: int, path: str, stack: list[tuple[Any, int, str]]) -> None:
    """One value: a scalar within its bounds, or a list or dict whose members go on ``stack``."""
    if item is None or isinstance(item, _SCALARS):
        if isinstance(item, str) and len(item) > MAX_STRING:
            raise InputError(f"data {path!r} is a string of {len(item):,} characters (at most {MAX_STRING:,})")
        return
    if isinstance(item, (int, float, Decimal)):
        _check_number(item, path)
        return
    if depth >= MAX_DEPTH:
        raise InputError(f"data {path!r} is nested more than {MAX_DEPTH} levels deep (or contains itself)")
    if type(item) is list:
        stack.extend((v, depth + 1, f"{path}[{i}]") for i, v in enumerate(item[:MAX_ITEMS + 1]))
        return
    if type(item) is dict:
        stack.extend(_dict_members(item, depth, path))
        return
    hint = "; use a list" if isinstance(item, (set, frozenset, tuple)) else ""
    raise InputError(f"data {path!r} is a {_describe(item)}, which cannot be stored in an instance{hint}")


def _check_number(item: int | float | Decimal, path: str) -> None:
    """A number is finite and no longer than :data:`MAX_INT_DIGITS` digits."""
    if isinstance(item, int):
        if item.bit_length() > MAX_INT_DIGITS * 3.33:
            raise InputError(f"data {path!r} is an integer of more than {MAX_INT_DIGITS} digits")
    elif isinstance(item, float):
        if not math.isfinite(item):
            raise InputError(f"data {path!r} is {item!r}, which cannot be stored (not a finite number)")
    else:
        if not item.is_finite():
            raise InputError(f"data {path!r} is Decimal({str(item)!r}), which cannot be stored")
        if len(item.as_tuple().digits) > MAX_INT_DIGITS or abs(item.as_tuple().exponent) > MAX_INT_DIGITS:  # type: ignore[arg-type]
            raise InputError(f"data {path!r} is a decimal of more than {MAX_INT_DIGITS} digits")


def _dict_members(item: dict[Any, Any], depth: int, path: str) -> list[tuple[Any, int, str]]:
    """A dict's values to check next; its keys must be strings and not the format's ``typename``."""
    members = []
    for k, v in list(item.items())[:MAX_ITEMS + 1]:
        if not isinstance(k, str):
            raise InputError(f"data {path!r} has the key {k!r} ({_describe(k)}); keys must be strings")
        if k == "typename":
            raise InputError(f"data {path!r} has the key 'typename', which the saved-instance format reserves")
        members.append((v, depth + 1, f"{path}.{k}"))
    return members


def check_mapping(data: Mapping[str, Any] | None, what: str = "data") -> dict[str, Any]:
    """Check every key of ``data`` (start data, task data, a payload); return a plain dict copy."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InputError(f"{what} must be a mapping of names to values, got {_describe(data)}")
    checked = dict(data)
    for key, value in checked.items():
        check_storable(key, value)
    return checked


def register_codecs(registry: Any) -> None:
    """Teach a SpiffWorkflow serializer registry the types it does not know yet."""
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]),
                      typename="date")
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]), typename="Decimal")
