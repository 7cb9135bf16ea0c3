"""The conformance finding codes: one stable code per kind of disagreement.

Codes are the contract with CI and with designers' muscle memory (like ruff's
``E501``), so a code never changes meaning; new kinds get new codes. The
hundreds digit is the family: 0 scope, 1 coverage, 2 order, 3 actors, 4 time
limits, 5 results, 6 conditions and numbering, 7 labels, 8 messages, 9 the text
itself. A code's entry carries its title (``name``), what it means, a hint,
and for the newer codes why it exists (``why``) and the fixtures that show it
(``fixtures``, paths under ``tests/fixtures/conformance/codes/``), from which
the per-code documentation pages are generated.
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
    #: Why the law makes this a disagreement, and where the text does not decide.
    why: str = ""
    #: Fixtures showing the code: ``(file, what it shows)``, under tests/fixtures/conformance/codes/.
    fixtures: tuple[str, ...] = ()


_TABLE: tuple[Code, ...] = (
    Code("RC001", "regulation-unmatched", "the model's reg:regulation names no regulation of the act",
         "set reg:regulation amends= to the act's clause (e.g. 1.2) or its title to the regulation's title"),
    Code("RC002", "no-clauses", "no element of the model cites a clause of its regulation",
         "add reg:clause to the elements that stand for the text"),
    Code("RC003", "other-act", "the model restates another act than the text given",
         "check the model against its own act (--text) or fix reg:regulation act="),
    Code("RC004", "broken-reference", "a sequence flow, message flow, default or attachment names an element the model does not have",
         "point the reference at an existing element (bpmnlint reports the same as a schema error)",
         why=(
             'A reference that resolves to nothing leaves the model without a meaning to compare with the '
             'text: the walk that order, handoff and route checks rely on stops silently at the broken edge, '
             'so such a model used to come out "clean" while `reglament lint` rejected it. It is an error; '
             '`check` never calls a structurally broken model clean.'),
         fixtures=('RC004-dangling-target.bpmn', 'RC004-default-names-no-flow.bpmn')),
    Code("RC101", "missing-step", "a step or item of the text has no element in the model (or none where its performer is)",
         "add a task in the performer's lane citing this step with reg:clause",
         fixtures=('RC101-codoer-lost.bpmn',)),
    Code("RC102", "extra-element", "a task, deciding gateway or named event stands for no text (no reg:clause)",
         "cite the step/item it stands for with reg:clause, or remove it"),
    Code("RC103", "unknown-reference", "an element cites a clause, step, item, process or condition the text does not have",
         "cite a clause/step/item that exists in the act's text"),
    Code("RC104", "clause-not-modelled", "a clause the act restates is cited by no model",
         "model the clause, or cite it from the model that covers it"),
    Code("RC105", "channel-missing", "the text routes a unit through an actor or system ('X арқылы') that has no element of the unit",
         "give the channel's lane/pool an element citing the unit (a task or a send/receive)",
         why=(
             '"X арқылы" / "через X" puts X on the unit\'s way: the recipient receives the result *through* the'
             ' МК employee (item 11), the request goes *through* ЭҮШ (items 4 and 7). A model that keeps the '
             "unit but drops X's part (process 8 deleted, only the employee's waiting receive task left) no "
             'longer does what the text says. A receive task alone is waiting, not taking part; a work or send'
             ' task is.'),
         fixtures=('RC105-channel-lost.bpmn',)),
    Code("RC201", "order", "on some path a step starts before one the text puts earlier",
         "reorder the flow so the steps follow the text's order",
         fixtures=('RC201-receive-before-hand-in.bpmn', 'RC201-refusal-loops-back.bpmn')),
    Code("RC202", "skipped", "on some path a step of the text never happens although later ones do",
         "route every path through this step (only a condition's other outcome may skip it)"),
    Code("RC203", "order-not-fully-checked", "the model has more paths than the checker walks (toolkit.paths.MAX_PATHS); "
         "order, skips and handoffs were checked on the first ones only",
         "split the model or reduce its branching so every path can be walked", severity="warning"),
    Code("RC301", "actor", "the element's lane/pool is not the actor or system the text names for it",
         "move the element into the lane/pool of the actor the text names",
         fixtures=('RC301-possessor-is-no-doer.bpmn',)),
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
    Code("RC406", "limit-twice", "two elements of one step carry its time limit on the same path, so the step is counted twice",
         "keep reg:timeLimit on the doer's element only; mark the others reg:noTimeLimit",
         why=(
             "A step has one time limit. When the doer's task and another element of the same step (the "
             "applicant's hand-in, a receive task) both carry it and lie on one path, `paths` and `deadline` "
             'add it twice (step 1 counted twice gives 8 working days 75 minutes). Elements on exclusive '
             'branches may each carry it: only one of them happens.'),
         fixtures=('RC406-limit-twice.bpmn',)),
    Code("RC407", "limit-case", "an alternative limit's when= selects the opposite case from the one the text names",
         "write when= so it holds exactly in the text's case (e.g. 'not documents_complete' for 'құжаттар жетіспеген')",
         why=(
             'The alternative limit applies in a case the text names ("құжаттар жетіспеген … жағдайларда – 20 '
             '(жиырма) жұмыс күн"): the negative case. Its `when=` is what the engine evaluates, so an '
             "inverted `when=` moves the due date by 14 working days for every applicant. The case's polarity "
             "is read from the text's words, the expression's from its truth table over the data's declared "
             'meaning (`reg:fact`), so `not documents_complete` and `documents_complete == False` are both '
             'right.'),
         fixtures=('RC407-when-inverted.bpmn',)),
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
    Code("RC604", "outcome-route", "the data a condition's branch is taken on is the other outcome's: the branch leads to the item of the opposite outcome",
         "route the branch whose condition holds in the text's outcome to that outcome's item (or fix its expression)",
         why=(
             'Condition N at item k has two outcomes the text names: item k+1 is the negative one (named by '
             'its cause: "… болмауына байланысты", "кемшіліктердің болуына байланысты", "в связи с '
             'отсутствием", "отказ") and item k+2 where the service goes on. The engine takes a branch by its '
             'expression (the default by the complement of the others), so a swapped or negated branch sends a'
             ' person who was found to "data unavailable" or documents in order to a refusal. Where the text\'s'
             ' item k+1 is not named by a negative cause, the text does not say which branch is which and '
             'nothing is reported. Where the condition is decided in one pool and followed in another (an '
             'event-based gateway waiting for "… бар болуы" or "… жоқтығы туралы хабарлама"), the message '
             'must carry the outcome its receiver waits for.'),
         fixtures=('RC604-condition-negated.bpmn', 'RC604-message-outcomes-swapped.bpmn')),
    Code("RC605", "outcome-label", "a condition's branch is labelled with the other outcome's words than the item it leads to",
         "label the branch with the text's words for the outcome it leads to ('бар болуы' / 'болмауы')",
         why=(
             'A branch\'s label is what a reader of the diagram takes for the outcome ("бар болуы" / "болмауы",'
             ' "сәйкестігі" / "кемшіліктердің болуы"). A label naming the opposite outcome from the item the '
             'branch leads to misstates the law even when the expression is right. A negative word wins over a'
             ' positive one: "кемшіліктердің болуы" (defects are present) is the negative outcome.'),
         fixtures=('RC605-labels-swapped.bpmn',)),
    Code("RC606", "condition-data", "a condition's branch reads no data of the condition (only other steps' data, or none)",
         "make the expression read the data the condition's check produces (reg:fact / reg:input of its task)",
         why=(
             'A decision must decide on what its check found. The data that belongs to condition N is what the'
             " model declares on an element citing it (`reg:fact`, or `reg:input` of the check's task); data "
             'declared only by other steps (whether a representative applied) is a guard, and data declared by'
             " another condition is that condition's. An expression reading none of its own condition's data "
             'decides something else. So does one that reads a fact but never lets it decide: a condition that '
             'checks several things ("ЖТ МДҚ … мәліметтерінің және БНАЖ сенімхат мәліметтерінің бар болуын") '
             'needs each of them, so with the others in order, a fact turned bad must change the branch for '
             'some value of the guards (`person_found or power_of_attorney_found` lets an unknown person '
             'through); where the text joins them with "немесе" / "или", one suffices and the others are held '
             'absent instead.'),
         fixtures=('RC606-foreign-data.bpmn', 'RC606-either-fact-suffices.bpmn')),
    Code("RC607", "fact-phrase", "a reg:fact's phrase is not the text's words for an outcome",
         "quote the text's words for the outcome the value stands for (e.g. true=\"бар болуы\")",
         why=("reg:fact is the evidence a decision is read by: what a data key's value means. It is exact only "
              "if it is the text's own words for an outcome of a unit the model restates (\"бар болуы\" from "
              "\"… бар болуын тексеруі\", \"құжаттар жетіспеген\" from the alternative limit's case) and those "
              "words name an outcome. A phrase the text does not have, or one that names no outcome, would "
              "let a model declare whatever reading makes it pass."),
         fixtures=("RC607-fact-not-the-texts-words.bpmn",)),
    Code("RC701", "label", "the element's name is not the text's words for what it cites",
         "name the element with a contiguous phrase of the text it cites"),
    Code("RC801", "message-route", "a message goes between actors the text does not connect for it (e.g. past the 'арқылы' channel)",
         "send the message to the next actor on the text's route: sender → channel ('арқылы') → addressee",
         why=(
             'The text routes what a unit sends: "ЭҮШ арқылы … ЖТ МДҚ-ға … БНАЖ-ға … сұрау жолдауы" (sender → '
             'ЭҮШ → ЖТ МДҚ, БНАЖ), "ЭҮАШ АЖО-ға ЭҮШ арқылы … жолдауы", "алушы МК қызметкері арқылы … нәтижесін'
             ' алуы" (… → МК employee → applicant). A message that skips a stated hop (the final result sent '
             'to ЭҮШ instead of the applicant), or that joins actors the text never puts in contact (БНАЖ '
             "answering the МК employee instead of ЭҮШ, the provider's refusal sent to ЭҮШ), contradicts it. "
             'Replies go back along the contact the request came by. Where the text leaves the sender open '
             '("ЭҮШ арқылы … сұрау жолдауы" names no sender), whoever sends the unit into the channel is '
             'accepted; where it does not route a message at all (the "data unavailable" message of process '
             '4), only contacts are required: the text does not decide more.'),
         fixtures=('RC801-refusal-to-gateway.bpmn', 'RC801-result-to-gateway.bpmn')),
    Code("RC802", "message-undelivered", "an addressee the text names for a unit is never reached from the unit's elements",
         "add the message (or flow) that brings the unit's request or result to the addressee's lane/pool",
         why=(
             'A unit that hands something over ("жолдауы", "береді", "направление") must reach its addressee: '
             "with the request to БНАЖ deleted, БНАЖ's pool never starts and the power of attorney is never "
             'checked, yet every element that remains is correct. Likewise an element that waits for a message'
             ' no message flow brings never goes on. An addressee the model has no lane or pool for at all is '
             "outside the model's scope and is not required. The engine delivers a message by its name, so "
             'the message flows are the only statement of where it goes: a flow drawn into a send task or a '
             "throw event, out of an element that only receives, or carrying another message than its ends send "
             'and wait for, and a message thrown that no flow carries, all lose the message on the way.'),
         fixtures=('RC802-request-to-enis-lost.bpmn', 'RC802-result-to-send-task.bpmn',
                   'RC802-result-sent-by-refusal.bpmn')),
    Code("RC901", "text-self-check", "the act's text itself has a defect (reported by the text parser)",
         "read the cited line of the text; the model follows the digits", severity="warning"),
)

#: Every code, by code string.
CODES: Mapping[str, Code] = MappingProxyType({c.code: c for c in _TABLE})


def code(code_str: str) -> Code:
    """The :class:`Code` for ``RC…``; ``KeyError`` for a code that does not exist."""
    return CODES[code_str]
