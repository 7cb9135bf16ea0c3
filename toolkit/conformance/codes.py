"""The conformance finding codes: one stable code per kind of disagreement.

Codes are the contract with CI and with designers' muscle memory (like ruff's
``E501``), so a code never changes meaning; new kinds get new codes. The
hundreds digit is the family: 0 scope, 1 coverage, 2 order, 3 actors, 4 time
limits, 5 results, 6 conditions and numbering, 7 labels, 9 the text itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Code:
    """A finding code: ``RC401``, its short name, what it means, and a default hint."""

    code: str
    name: str
    summary: str
    hint: str
    severity: str = "error"


_TABLE: tuple[Code, ...] = (
    Code("RC001", "regulation-unmatched", "the model's reg:regulation names no regulation of the act",
         "set reg:regulation amends= to the act's clause (e.g. 1.2) or its title to the regulation's title"),
    Code("RC002", "no-clauses", "no element of the model cites a clause of its regulation",
         "add reg:clause to the elements that stand for the text"),
    Code("RC003", "other-act", "the model restates another act than the text given",
         "check the model against its own act (--text) or fix reg:regulation act="),
    Code("RC101", "missing-step", "a step or item of the text has no element in the model (or none where its performer is)",
         "add a task in the performer's lane citing this step with reg:clause"),
    Code("RC102", "extra-element", "a task, deciding gateway or named event stands for no text (no reg:clause)",
         "cite the step/item it stands for with reg:clause, or remove it"),
    Code("RC103", "unknown-reference", "an element cites a clause, step, item, process or condition the text does not have",
         "cite a clause/step/item that exists in the act's text"),
    Code("RC104", "clause-not-modelled", "a clause the act restates is cited by no model",
         "model the clause, or cite it from the model that covers it"),
    Code("RC201", "order", "on some path a step starts before one the text puts earlier",
         "reorder the flow so the steps follow the text's order"),
    Code("RC202", "skipped", "on some path a step of the text never happens although later ones do",
         "route every path through this step (only a condition's other outcome may skip it)"),
    Code("RC203", "order-not-fully-checked", "the model has more paths than the checker walks (toolkit.paths.MAX_PATHS); "
         "order, skips and handoffs were checked on the first ones only",
         "split the model or reduce its branching so every path can be walked", severity="warning"),
    Code("RC301", "actor", "the element's lane/pool is not the actor or system the text names for it",
         "move the element into the lane/pool of the actor the text names"),
    Code("RC302", "lane-name", "a lane's or pool's name denotes another actor than its reg:actor key (or none at all)",
         "make reg:actor key= and the name denote the same actor"),
    Code("RC401", "limit-value", "the time limit's value differs from the text's",
         "set reg:timeLimit value= to the text's digits"),
    Code("RC402", "limit-unit", "the time limit's unit differs from the text's",
         "set reg:timeLimit unit= to the text's unit"),
    Code("RC403", "limit-alternative", "an alternative limit (value, unit or condition) differs, is missing or is extra",
         "write each alternative as reg:timeLimit when=… with the text's limit and condition"),
    Code("RC404", "limit-missing", "the text states a limit the model lacks, or the model has one the text does not state",
         "add (or remove) reg:timeLimit so the model states exactly the text's limit"),
    Code("RC405", "limit-wording", "the limit's words in brackets or its 'ішінде/within' differ from the text",
         "copy words= and within= as the text writes them"),
    Code("RC501", "result-missing", "the text states the step's result; the model's element has no reg:result",
         "add reg:result to=… with the text after 'Нәтижесі –'"),
    Code("RC502", "result-target", "reg:result to= names another actor than the text hands the result to",
         "set reg:result to= to the actor the text hands the result to"),
    Code("RC503", "handoff", "on some path the next actor after the step is not the one the text hands the result to",
         "route the flow after this step to the lane of the result's recipient"),
    Code("RC504", "result-extra", "the element has a reg:result although the text states none for what it cites",
         "remove reg:result or cite the step whose result it is"),
    Code("RC505", "result-text", "the reg:result text is not the text's result",
         "copy the text after 'Нәтижесі –' into reg:result"),
    Code("RC601", "condition-not-gateway", "a condition ('N шарт') is not modelled as an exclusive gateway",
         "model the condition as an exclusive gateway citing it with reg:clause condition=N"),
    Code("RC602", "condition-outcome-missing", "a gateway of a condition does not lead to one of the condition's outcomes",
         "give the gateway an outgoing flow to each outcome (the next process, and the one after it)"),
    Code("RC603", "renumbered", "the element's process or condition number is not the one the text gives that item",
         "use the text's numbering in reg:clause process=/condition="),
    Code("RC701", "label", "the element's name is not the text's words for what it cites",
         "name the element with a contiguous phrase of the text it cites"),
    Code("RC901", "text-self-check", "the act's text itself has a defect (reported by the text parser)",
         "read the cited line of the text; the model follows the digits", severity="warning"),
)

#: Every code, by code string.
CODES: Mapping[str, Code] = MappingProxyType({c.code: c for c in _TABLE})


def code(code_str: str) -> Code:
    """The :class:`Code` for ``RC…``; ``KeyError`` for a code that does not exist."""
    return CODES[code_str]
