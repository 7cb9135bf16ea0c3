"""Conformance: a BPMN model against the regulation's text, in both directions.

>>> from toolkit.conformance import check_model
>>> from toolkit.model import load_model
>>> from toolkit.text import load_act
>>> report = check_model(load_model("bpmn/social-assistance.bpmn"),
...                      load_act("bpmn/resolution-38-08-2017.kk.txt"))   # doctest: +SKIP
>>> report.clean, report.clauses                                         # doctest: +SKIP
(True, ('5.1', '7.1'))

Matching goes through the model's clause references and the text's numbering
(:mod:`toolkit.conformance.matching`); each kind of disagreement is one small
check under :mod:`toolkit.conformance.checks` with stable codes
(:data:`toolkit.conformance.codes.CODES`). See the README.
"""

from toolkit.conformance.codes import CODES, Code
from toolkit.conformance.matching import Context, match_regulation
from toolkit.conformance.registry import Check, all_checks, check
from toolkit.conformance.report import (
    Conformance,
    Report,
    format_report,
    format_text,
    group_by_clause,
)
from toolkit.conformance.runner import check_bytes, check_files, check_model, check_models
from toolkit.conformance.text_units import TextUnit

__all__ = [
    "CODES", "Code", "Check", "Conformance", "Context", "Report", "TextUnit", "all_checks", "check",
    "check_bytes", "check_files", "check_model", "check_models", "format_report", "format_text",
    "group_by_clause", "match_regulation",
]
