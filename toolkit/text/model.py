"""Immutable, typed model of a regulation-amending act.

Every element is a frozen dataclass holding tuples, never lists, so a parsed
act can be shared between the engine, the linter and the conformance checker
without anyone mutating it.  Every element carries a :class:`Span` of original
line numbers so a finding about a model can cite the text as evidence.

Text fields hold the text as written, with the PDF layout undone: line breaks
and runs of whitespace become one space, and spaces just inside parentheses
are dropped (``"30 (\\nотыз)"`` reads ``"30 (отыз)"``).  Spelling, typos and
punctuation are the source's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .normalize import normalize

__all__ = [
    "Span",
    "TimeUnit",
    "StatedTimeLimit",
    "AlternativeLimit",
    "ActorRef",
    "StatedResult",
    "Step",
    "ItemKind",
    "Abbreviation",
    "Item",
    "Closing",
    "ClauseKind",
    "Clause",
    "Regulation",
    "ActRef",
    "Status",
    "TextFinding",
    "Act",
]


@dataclass(frozen=True, slots=True)
class Span:
    """First and last line (1-based, inclusive) of an element in the original text."""

    first_line: int
    last_line: int

    def __str__(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"


class TimeUnit(StrEnum):
    """TimeUnit of a time limit; values are the stable strings other modules compare against."""

    MINUTE = "minute"
    HOUR = "hour"
    WORKING_DAY = "working_day"
    CALENDAR_DAY = "calendar_day"


@dataclass(frozen=True, slots=True)
class StatedTimeLimit:
    """A duration as the genre writes it: ``6 (алты) жұмыс күн``.

    ``value`` comes from the digits (the words only when there are no digits);
    ``words`` is the number in words as written, or ``None``; ``within`` is true
    for "… ішінде" / "в течение …" (an upper bound rather than a fixed duration).
    """

    value: int
    unit: TimeUnit
    words: str | None
    raw: str
    within: bool
    span: Span


@dataclass(frozen=True, slots=True)
class AlternativeLimit:
    """A limit that replaces the step's normal one under a stated condition."""

    condition: str
    limit: StatedTimeLimit
    span: Span


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A mention of an actor or information system.

    ``key`` is a stable identifier (``head``, ``egov_gateway``, …; see
    :data:`toolkit.text.actors.ACTOR_KEYS`) or ``None`` when the phrase was not
    recognised; ``phrase`` is the words as written, in whatever case form.
    """

    key: str | None
    phrase: str
    span: Span


@dataclass(frozen=True, slots=True)
class StatedResult:
    """The "Нәтижесі – …" / "Результат – …" line of a step.

    ``target`` is the actor key the result is handed to (``head``,
    ``responsible_executor``, ``office``, ``service_recipient``, …) when the
    text names one in the dative; ``target_phrase`` is that phrase as written.
    """

    text: str
    target: str | None
    target_phrase: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Step:
    """One action of a structural unit in a step clause (e.g. 5.1.a).

    ``index`` is 1-based within the clause; ``text`` is the whole sentence,
    ``action`` the part between the actor and the time limit.
    """

    index: int
    actor: ActorRef | None
    action: str
    text: str
    time_limit: StatedTimeLimit | None
    alternatives: tuple[AlternativeLimit, ...]
    result: StatedResult | None
    abbreviations: tuple[Abbreviation, ...]
    span: Span

    @property
    def actor_key(self) -> str | None:
        """The actor's key, or ``None`` if the step has no recognised actor."""
        return self.actor.key if self.actor else None


class ItemKind(StrEnum):
    """Kind of an enumerated item in an interaction description (paragraph 8)."""

    PLAIN = "plain"
    PROCESS = "process"
    CONDITION = "condition"


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A short form the text defines: ``(бұдан әрі – ЭҮШ)`` / ``(далее – ШЭП)``.

    ``full`` is the phrase the short form stands for, as written (so possibly
    inflected), found by matching the acronym's letters to the initials of the
    preceding words; ``None`` when the short form is not an acronym (e.g.
    ``құжаттар``) or the initials do not match.
    """

    short: str
    full: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Item:
    """One numbered item ``N)`` of an item list.

    ``ref`` is the process or condition number ("2-процесс" → 2) for
    process/condition items, ``None`` for plain ones.  ``text`` is everything
    after ``N)``; ``description`` is the text after the process/condition
    marker and its dash.
    """

    number: int
    kind: ItemKind
    ref: int | None
    text: str
    description: str
    actors: tuple[ActorRef, ...]
    time_limit: StatedTimeLimit | None
    abbreviations: tuple[Abbreviation, ...]
    span: Span

    @property
    def actor_keys(self) -> tuple[str, ...]:
        """Keys of the recognised actors, in order of first mention."""
        return tuple(a.key for a in self.actors if a.key is not None)


@dataclass(frozen=True, slots=True)
class Closing:
    """The sentence after the last item (e.g. the reference to the diagram appendix)."""

    text: str
    appendix: int | None
    span: Span


class ClauseKind(StrEnum):
    """Whether a restated clause describes steps with time limits or lists items."""

    STEPS = "steps"
    ITEMS = "items"


@dataclass(frozen=True, slots=True)
class TextFinding:
    """Something the self-checks noticed in the text; not fatal, reported as data.

    ``code`` is stable (e.g. ``number-mismatch``), ``message`` human-readable.
    """

    code: str
    message: str
    line: int
    span: Span

    def __str__(self) -> str:
        return f"{self.line}: {self.code}: {self.message}"


@dataclass(frozen=True, slots=True)
class Clause:
    """A restated paragraph (``subparagraph is None``) or subparagraph of a regulation.

    ``label`` is the number the restated text itself opens with (``"1)"`` or
    ``"8."``) and ``heading`` the text up to its colon, if any.
    """

    paragraph: int
    subparagraph: int | None
    kind: ClauseKind
    label: str | None
    heading: str | None
    steps: tuple[Step, ...]
    items: tuple[Item, ...]
    closing: Closing | None
    abbreviations: tuple[Abbreviation, ...]
    findings: tuple[TextFinding, ...]
    span: Span

    @property
    def ref(self) -> str:
        """Clause number as the translation cites it: ``"5.1"`` or ``"8"``."""
        if self.subparagraph is None:
            return str(self.paragraph)
        return f"{self.paragraph}.{self.subparagraph}"

    @property
    def appendix(self) -> int | None:
        """Appendix number the closing sentence refers to, if any."""
        return self.closing.appendix if self.closing else None


@dataclass(frozen=True, slots=True)
class Regulation:
    """An amended regulation: its title (as quoted) and the clauses restated in it."""

    number: int | None
    title: str
    clauses: tuple[Clause, ...]
    span: Span

    def clause(self, paragraph: int, subparagraph: int | None = None) -> Clause:
        """Return the restated clause ``paragraph[.subparagraph]``; ``KeyError`` if absent."""
        for c in self.clauses:
            if c.paragraph == paragraph and c.subparagraph == subparagraph:
                return c
        raise KeyError(f"{paragraph}.{subparagraph}" if subparagraph else str(paragraph))


@dataclass(frozen=True, slots=True)
class ActRef:
    """A reference to an act or registration: number (``"38/08"``) and date."""

    number: str
    date: date
    span: Span


class Status(StrEnum):
    """Legal status as the act's header states it."""

    IN_FORCE = "in_force"
    REPEALED = "repealed"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Act:
    """A regulation-amending act (e.g. akimat resolution № 38/08 of 2017-06-29).

    ``adoption`` is the act's own number and date, ``registration`` its
    state-registration number and date at the justice department, ``amends`` the
    act whose regulations it changes, ``repealed_by`` the repealing act.
    ``findings`` holds every finding, the clauses' included. ``notices`` says
    what the parser dropped or read differently to get at the text (page
    furniture, form feeds, Latin lookalikes): not problems of the act, so no
    check reports them, but ``reglament text`` shows them.
    """

    source: str
    language: str
    title: str
    title_span: Span
    adoption: ActRef
    registration: ActRef | None
    status: Status
    status_span: Span | None
    repealed_by: ActRef | None
    amends: ActRef | None
    regulations: tuple[Regulation, ...]
    findings: tuple[TextFinding, ...] = field(default=())
    notices: tuple[TextFinding, ...] = field(default=())

    @property
    def number(self) -> str:
        """The act's number, e.g. ``"38/08"``."""
        return self.adoption.number

    @property
    def adopted(self) -> date:
        """The adoption date."""
        return self.adoption.date

    def regulation(self, title_or_number: str | int) -> Regulation:
        """Find an amended regulation by its enumerator or by its (normalised) title."""
        for r in self.regulations:
            if isinstance(title_or_number, int):
                if r.number == title_or_number:
                    return r
            elif normalize(r.title) == normalize(title_or_number):
                return r
        raise KeyError(title_or_number)

    @property
    def abbreviations(self) -> dict[str, str | None]:
        """Every short form the restated texts define, mapped to its full phrase."""
        out: dict[str, str | None] = {}
        for r in self.regulations:
            for c in r.clauses:
                for a in c.abbreviations:
                    if out.get(a.short) is None:
                        out[a.short] = a.full
        return out
