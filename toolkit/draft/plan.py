"""The plan of a draft: what the model will contain, as plain data, before any XML.

The planner (:mod:`toolkit.draft.planner`) fills it from the text; the builder
(:mod:`toolkit.draft.builder`) writes it as BPMN. Keeping the two apart lets
tests state what a text should become without reading XML, and lets the
builder stay ignorant of the text's grammar.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.model.elements import ClauseRef, RegulationRef
from toolkit.text import StatedTimeLimit


@dataclass(frozen=True)
class Input:
    """A datum a user task asks for (``reg:input``); gateways and ``when=`` read it."""

    name: str
    label: str
    type: str = "bool"
    required: bool = True
    #: ``reg:fact``: ("true" | "false", the text's words for what that value of the datum means)
    fact: tuple[str, str] | None = None


@dataclass(frozen=True)
class Alternative:
    """An alternative limit: the text's limit and condition, and the expression that selects it."""

    limit: StatedTimeLimit
    condition: str
    when: str


@dataclass
class Node:
    """One flow node: kind is the BPMN element name (``userTask``, ``exclusiveGateway``, …)."""

    id: str
    kind: str
    name: str
    pool: str
    lane: str | None
    refs: tuple[ClauseRef, ...] = ()
    limit: StatedTimeLimit | None = None
    alternatives: tuple[Alternative, ...] = ()
    result: tuple[str, str | None] | None = None   # (text, to)
    inputs: list[Input] = field(default_factory=list)
    message: str | None = None     # message id of a send/receive task or message event
    default: str | None = None     # a gateway's default flow id
    facts: list[tuple[str, str, str]] = field(default_factory=list)   # reg:fact (key, true|false, phrase)
    operation: str | None = None   # reg:operation of a service task (an information system's work)

    @property
    def is_task(self) -> bool:
        return self.kind.endswith("Task")


@dataclass(frozen=True)
class Flow:
    """A sequence flow; ``condition`` is an expression over instance data."""

    id: str
    source: str
    target: str
    name: str | None = None
    condition: str | None = None


@dataclass(frozen=True)
class MessageFlow:
    id: str
    source: str
    target: str
    message: str


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    actor: str
    refs: tuple[ClauseRef, ...]


@dataclass
class Pool:
    """A participant and its process."""

    id: str
    name: str
    actor: str
    process_id: str
    refs: tuple[ClauseRef, ...]
    lanes: list[Lane] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)


@dataclass(frozen=True)
class Request:
    """A request the text sends through ``channel`` to ``addressees``, by ``asker`` (:mod:`toolkit.draft.routes`)."""

    channel: str
    addressees: tuple[str, ...]
    asker: str
    refs: tuple[ClauseRef, ...]


@dataclass(frozen=True)
class Scenario:
    """Data that drives ``reglament run --auto`` to one end."""

    end: str
    data: tuple[tuple[str, bool], ...]

    def assignments(self) -> list[str]:
        return [f"{k}={'true' if v else 'false'}" for k, v in self.data]


@dataclass
class Plan:
    """The whole draft: a collaboration of pools, its messages and message flows."""

    id: str
    name: str
    language: str
    regulation: RegulationRef
    clauses: tuple[str, ...]
    pools: list[Pool] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    message_flows: list[MessageFlow] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)

    def pool(self, pool_id: str) -> Pool:
        return next(p for p in self.pools if p.id == pool_id)

    def node(self, node_id: str) -> Node:
        return next(n for p in self.pools for n in p.nodes if n.id == node_id)
