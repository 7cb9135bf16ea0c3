"""Information systems: which actors do automated work, and which operation a drafted service task runs.

The genre names people (the provider's head, the State Corporation's employee)
and information systems (glossary: ЖТ МДҚ a database, БНАЖ an information
system, ЭҮШ a gateway, ЭҮАШ АЖО and МК ЫАЖ АЖО automated workplaces). A system's
work is automated: the draft writes it as a ``serviceTask`` with a
``reg:operation``, as the hand-made models do, not as a user task.

Which actors are systems is read from the actor table's own names
(:data:`toolkit.text.actors.ACTORS`): a name that says "information system",
"automated workplace", "database" or "gateway" (in Kazakh or Russian) is a
system's. A new system added to the table is recognised without a list here.

The operation is one the toolkit knows for that system — the catalogue the
engine answers service tasks with (:data:`toolkit.engine.simulations.DEFAULT_OPERATIONS`,
``<system>.<operation>``), so ``reglament run --auto`` runs the draft. Where a
system has several, the one whose description names the same other actors as
the unit wins (ЭҮШ: "routes the requests to ЖТ МДҚ and БНАЖ" for item 4, "carries
the signed request … to ЭҮАШ АЖО" for item 7). A system the catalogue does not
know gets no operation: the draft then keeps a user task (a service task with no
handler could not run) and docs/draft.md says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from toolkit.engine.simulations import DEFAULT_OPERATIONS
from toolkit.text.actors import ACTORS, find_mentions

#: Words in an actor's name that make it an information system, not a person.
_SYSTEM_WORDS = re.compile(
    r"ақпараттық\s+жүйе|автоматтандырылған\s+жұмыс\s+орн|деректер\s+қор|шлюз"
    r"|информационн\w*\s+систем|автоматизированн\w*\s+рабоч|баз\w*\s+данных"
    r"|information\s+system|automated\s+workplace|database|gateway",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def system_keys() -> frozenset[str]:
    """The actor keys whose names say they are information systems."""
    found = set()
    for spec in ACTORS:
        names = " ".join([spec.english, spec.kazakh, spec.russian, *(rx for _, rx in spec.patterns)])
        if _SYSTEM_WORDS.search(names.replace("\\s+", " ")):
            found.add(spec.key)
    return frozenset(found)


def is_system(actor: str | None) -> bool:
    """Whether ``actor`` is an information system (its work is automated)."""
    return actor is not None and actor in system_keys()


def _owner(operation: str, actor: str) -> bool:
    """``gbd_fl.find_person`` belongs to ``gbd_fl``; ``regional_gateway.…`` to ``regional_gateway_workplace``."""
    prefix = operation.split(".", 1)[0]
    return actor == prefix or actor.startswith(prefix + "_")


def _named(text: str) -> frozenset[str]:
    return frozenset(m.key for m in find_mentions(text) if m.key)


def operation_for(actor: str, text: str) -> str | None:
    """The catalogue's operation for ``actor``'s work described by ``text`` (see the module docstring)."""
    if not is_system(actor):
        return None
    options = [(name, handler) for name, handler in DEFAULT_OPERATIONS.items() if _owner(name, actor)]
    if not options:
        return None
    named = _named(text) - {actor}

    def overlap(option: tuple[str, object]) -> int:
        return len(_named(getattr(option[1], "__doc__", None) or "") & named)

    return max(options, key=overlap)[0]
