"""The regulation text as data.

Parse a regulation-amending act (Kazakh or Russian, as Adilet publishes it and
as PDF extraction mangles it) into an immutable typed model that other modules
(conformance checking, linting, engines) can cite line by line::

    from toolkit.text import load_act
    act = load_act("bpmn/resolution-38-08-2017.kk.txt")
    clause = act.regulations[0].clause(5, 1)
    [(s.actor_key, s.time_limit.value, s.time_limit.unit) for s in clause.steps]

See docs/text.md for the genre grammar the parser understands, and ``reglament text``
to see what it reads in a file.
"""

from .actors import ACTOR_KEYS, ACTORS, ActorSpec
from .errors import TextError
from .model import (
    Abbreviation,
    Act,
    ActorRef,
    ActRef,
    AlternativeLimit,
    Clause,
    ClauseKind,
    Closing,
    Item,
    ItemKind,
    Regulation,
    Span,
    StatedResult,
    StatedTimeLimit,
    Status,
    Step,
    TextFinding,
    TimeUnit,
)
from .normalize import normalize
from .numbers import parse_number_words
from .parser import load_act, parse_act

__all__ = [
    "parse_act",
    "load_act",
    "normalize",
    "parse_number_words",
    "TextError",
    "Act",
    "ActRef",
    "Regulation",
    "Clause",
    "ClauseKind",
    "Step",
    "Item",
    "ItemKind",
    "StatedTimeLimit",
    "AlternativeLimit",
    "StatedResult",
    "ActorRef",
    "Abbreviation",
    "Closing",
    "TextFinding",
    "Span",
    "Status",
    "TimeUnit",
    "ACTORS",
    "ACTOR_KEYS",
    "ActorSpec",
]
