"""Does the text set the term of the whole service, or only limits for some steps?

Adding up the limits of a path is a due date only when the text gives a limit
to every act on it. Some texts of the genre limit a single step (home
education: only process 6, "1 (бір) минут ішінде"); summing that into "due
10:01" would invent a term the law does not set.

A *text unit* is a step or a numbered item of a clause (``5.1 step 3``,
``8 item 4``). A unit counts when the path has an activity for it performed by
someone other than the applicant (the applicant's own acts, such as handing in
documents, are not the provider's term) and it is not a condition ("1 шарт":
a decision, which the genre never times). The overall term is set when every
counted unit has a limit on some node that stands for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.model.elements import ClauseRef, FlowNode, Model

#: The actor key of the person who applies (text/actors.py); their own acts carry no term.
APPLICANT = "service_recipient"

_ACTIVITY_KINDS = frozenset({"task", "userTask", "serviceTask", "manualTask", "scriptTask", "businessRuleTask",
                             "sendTask", "receiveTask", "subProcess", "callActivity"})


@dataclass(frozen=True)
class TermCoverage:
    """Which of the path's text units have a limit, and which do not."""

    limited: tuple[str, ...]
    unlimited: tuple[str, ...]

    @property
    def sets_term(self) -> bool:
        """True when the text gives every counted unit a limit (and at least one has one)."""
        return bool(self.limited) and not self.unlimited

    def note(self) -> str | None:
        """Why the text sets no overall term, or ``None`` when it does."""
        if self.sets_term:
            return None
        if not self.limited:
            return "the text sets no time limit for the steps on this path, so it sets no overall term"
        return (f"the text sets time limits for only some steps ({', '.join(self.limited)}); "
                f"{', '.join(self.unlimited)} {'has' if len(self.unlimited) == 1 else 'have'} none, "
                "so the overall term is not set by this text")


def _unit(ref: ClauseRef) -> str | None:
    """``5.1 step 3`` / ``8 item 4 (3-процесс)``; ``None`` for a whole clause (its heading)."""
    return None if ref.step is None and ref.item is None else str(ref)


def term_coverage(nodes: Iterable[FlowNode], model: Model) -> TermCoverage:
    """The coverage of the text units the path's *nodes* stand for (in path order)."""
    order: list[str] = []
    counted: set[str] = set()
    limited: set[str] = set()
    for node in nodes:
        provider_act = node.kind in _ACTIVITY_KINDS and model.actor_of(node.id) != APPLICANT
        units = [(u, ref.condition is not None) for ref in node.clauses if (u := _unit(ref)) is not None]
        if not units and node.time_limits:
            units = [(node.id, False)]  # a limit the model gives without citing the text: still a limit
        for unit, is_condition in units:
            if unit not in order:
                order.append(unit)
            if provider_act and not is_condition:
                counted.add(unit)
            if node.time_limits:
                limited.add(unit)
    return TermCoverage(
        limited=tuple(u for u in order if u in limited),
        unlimited=tuple(u for u in order if u in counted and u not in limited),
    )
