"""Draft a BPMN model from a regulation's text.

>>> from toolkit.text import load_act
>>> from toolkit.draft import draft
>>> act = load_act("bpmn/resolution-38-08-2017.kk.txt")          # doctest: +SKIP
>>> result = draft(act, ("5.1", "7.1"), key="social_assistance")  # doctest: +SKIP
>>> result.xml[:38]                                               # doctest: +SKIP
b"<?xml version='1.0' encoding='UTF-8'?>"

The pipeline (one module each): :mod:`~toolkit.draft.select` picks the
regulation and clauses, :mod:`~toolkit.draft.planner` turns their units into a
:class:`~toolkit.draft.plan.Plan` (pools, lanes, nodes, flows, messages,
``reg:`` data), :mod:`~toolkit.draft.builder` writes the semantic BPMN,
:mod:`~toolkit.draft.di` lays it out, :mod:`~toolkit.draft.compare` diffs it
against a hand-made model. See docs/draft.md.
"""

from toolkit.draft.errors import DraftError
from toolkit.draft.pipeline import Draft, draft, key_for, write

__all__ = ["Draft", "DraftError", "draft", "key_for", "write"]
