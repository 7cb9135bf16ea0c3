"""The draft pipeline: text → selection → plan → semantic BPMN → BPMNDI → bytes.

Each stage is its own module with its own tests; this one only chains them and
writes the result atomically (a failed draft leaves no file behind).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from toolkit.draft.builder import build
from toolkit.draft.di import add_di
from toolkit.draft.errors import DraftError
from toolkit.draft.plan import Plan
from toolkit.draft.planner import plan as make_plan
from toolkit.draft.pools import per_actor
from toolkit.draft.select import select
from toolkit.text import Act
from toolkit.writing import NOT_REGULAR, special_target


@dataclass(frozen=True)
class Draft:
    """A drafted model: its plan (for reports and tests) and its BPMN document."""

    plan: Plan
    xml: bytes


def key_for(path: str | os.PathLike[str] | None) -> str:
    """A readable id for the model from the output file's name (``social-assistance.bpmn`` → ``social_assistance``)."""
    stem = Path(path).stem if path else "draft"
    key = re.sub(r"\W+", "_", stem, flags=re.ASCII).strip("_").lower()
    if not key or not (key[0].isalpha() or key[0] == "_"):
        key = f"draft_{key}".rstrip("_")
    return key


def draft(act: Act, clauses: tuple[str, ...] = (), regulation: int | None = None, key: str = "draft",
          laid_out: bool = True, pools: str = "party") -> Draft:
    """Draft a model of ``clauses`` of the act (all of its only regulation when none are named).

    ``pools``: ``"party"`` — the applicant and the service side, a lane per actor;
    ``"actor"`` — a pool per actor, every handover a message (the appendix's diagram).
    """
    selection = select(act, clauses, regulation)
    plan = make_plan(act, selection, key)
    if pools == "actor":
        plan = per_actor(plan)
    semantic = etree.tostring(build(plan), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Draft(plan, add_di(semantic, act.source) if laid_out else semantic)


def write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: all of it or nothing."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if special_target(target):
        raise DraftError(f"cannot write: {NOT_REGULAR}", str(target))
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    except OSError as exc:
        raise DraftError(f"cannot write: {exc.strerror or exc}", str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise DraftError(f"cannot write: {exc.strerror or exc}", str(target)) from None
