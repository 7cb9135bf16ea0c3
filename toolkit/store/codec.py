"""Instance data as the store keeps it: checked when it is set, shown as JSON, indexed by key.

The authoritative copy of the data lives in the engine's snapshot (the engine's
codec round-trips dates, datetimes, decimals and UUIDs). The store adds three
things around it:

* :func:`check_data` refuses a value that could not be stored *when it is given*,
  naming the key — never later, at save time, when the step is already done;
* :func:`to_json` writes a readable copy for listing and ``show`` (dates as ISO text);
* :func:`index_keys` extracts the top-level scalar values an app filters and
  correlates on (an applicant's IIN), one row per key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from toolkit.engine.values import check_mapping
from toolkit.errors import InputError
from toolkit.store.errors import StoreError

#: Longest value indexed for filtering; longer values (documents, notes) are not keys.
MAX_KEY_VALUE = 200


def check_data(data: Mapping[str, Any] | None, what: str = "data") -> dict[str, Any]:
    """Return ``data`` as a dict, or raise naming the first key whose value cannot be stored.

    The rules are the engine's (:func:`toolkit.engine.values.check_mapping`: str, numbers,
    bool, None, date, datetime, Decimal, UUID, timedelta, lists and dicts of them); the
    store checks before it runs anything, so a refused value costs no step.
    """
    try:
        return check_mapping(data, what)
    except InputError as exc:
        raise StoreError(exc.message) from None


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, timedelta):
        return value.total_seconds()
    raise TypeError(f"{type(value).__name__} is not JSON")


def to_json(data: Mapping[str, Any]) -> str:
    """A readable JSON copy of the data (dates as ISO text, decimals and UUIDs as text)."""
    return json.dumps({k: v for k, v in data.items() if not k.startswith("_")}, ensure_ascii=False,
                      default=_plain, sort_keys=True)


def key_text(value: Any) -> str | None:
    """How a scalar is written in the key index (and how a filter value must be written)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (str, int, float, Decimal, UUID)):
        text = str(value)
        return text if len(text) <= MAX_KEY_VALUE else None
    return None


def index_keys(data: Mapping[str, Any]) -> dict[str, str]:
    """The top-level scalar values of ``data`` as key -> text, for filtering and correlation."""
    keys = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        text = key_text(value)
        if text is not None:
            keys[key] = text
    return keys


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The keys a step set or changed (removed keys map to None), for the history."""
    delta = {k: v for k, v in after.items() if not k.startswith("_") and (k not in before or before[k] != v)}
    delta.update({k: None for k in before if k not in after and not k.startswith("_")})
    return delta
