"""Which text a model stands for: regulation, clauses, and each element's units.

Matching is exact and goes through the model's own declarations, never a
similarity guess:

1. the regulation: ``reg:regulation amends="1.N"`` names the act's N-th amended
   regulation (the ``N)`` the act numbers it with); without ``amends``, the
   title must equal a regulation's title after :func:`toolkit.text.normalize`;
2. the clauses: every ``reg:clause paragraph= subparagraph=`` on a flow node;
3. the units: ``step=`` in a step clause, ``item=`` in an item clause; an item
   reference may also give ``process=``/``condition=``, which must be the
   item's own number (or, without ``item=``, finds the item by it).

The result is a :class:`Context` that every check reads: the units in scope,
which elements cite each unit, which units each element cites, the references
that resolve to nothing, and the model's paths (computed once, on demand).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from toolkit.conformance.actors import EXCHANGE_TASKS
from toolkit.conformance.codes import CODES
from toolkit.conformance.graph import routes
from toolkit.conformance.text_units import TextUnit, clause_units
from toolkit.findings import Finding
from toolkit.model.elements import ClauseRef, FlowNode, Model, SequenceFlow
from toolkit.paths import ProcessPath, truncated
from toolkit.text import Act, Clause, ClauseKind, ItemKind, Regulation, normalize


def is_work(node: FlowNode) -> bool:
    """A task that does a unit's work (user/service/manual/script/… task, not send/receive)."""
    return node.is_task and node.kind not in EXCHANGE_TASKS


@dataclass(frozen=True)
class BadRef:
    """A reference that does not resolve cleanly: unknown (RC103) or renumbered (RC603)."""

    node: FlowNode
    ref: ClauseRef
    problem: str          # "unknown" | "renumbered"
    message: str
    expected: str | None = None
    found: str | None = None
    unit: TextUnit | None = None


@dataclass(frozen=True)
class Scope:
    """The regulation a model restates, or why none could be found."""

    regulation: Regulation | None
    findings: tuple[Finding, ...] = ()


def _amends_number(amends: str | None) -> int | None:
    """``"1.2"`` → 2: the act's clause 1 amends regulations numbered ``1)``, ``2)``, …"""
    if not amends:
        return None
    last = amends.strip().rsplit(".", 1)[-1]
    return int(last) if last.isdigit() else None


def match_regulation(model: Model, act: Act) -> Scope:
    """Find the act's regulation the model restates (see the module docstring)."""
    ref = model.regulation
    holder = model.collaboration_id or next(iter(model.processes), None)

    def finding(code: str, message: str, expected: str | None, found: str | None) -> Finding:
        spec = CODES[code]
        return Finding(code=code, message=message, source=model.source,
                       line=model.line_of(holder) if holder else None, element_id=holder,
                       severity=spec.severity, expected=expected, found=found, hint=spec.hint)

    if ref is None:
        if len(act.regulations) == 1:
            return Scope(act.regulations[0])
        return Scope(None, (finding("RC001", "the model has no reg:regulation and the act amends several regulations",
                                    ", ".join(_reg_label(r) for r in act.regulations), None),))
    if ref.act and normalize(ref.act).replace(" ", "") != normalize(act.number).replace(" ", ""):
        return Scope(None, (finding("RC003", f"the model restates act {ref.act}, the text is act {act.number}",
                                    act.number, ref.act),))
    number = _amends_number(ref.amends)
    by_number = next((r for r in act.regulations if number is not None and r.number == number), None)
    if by_number is not None:
        return Scope(by_number)
    by_title = next((r for r in act.regulations if ref.title and normalize(r.title) == normalize(ref.title)), None)
    problems: tuple[Finding, ...] = ()
    if number is not None:
        problems = (finding("RC001", f"reg:regulation amends={ref.amends!r} names no regulation the act amends",
                            ", ".join(f"1.{r.number}" for r in act.regulations if r.number is not None) or None,
                            ref.amends),)
    if by_title is not None:
        return Scope(by_title, problems)
    if number is None and len(act.regulations) == 1:
        return Scope(act.regulations[0])
    return Scope(None, (finding(
        "RC001", "no regulation of the act matches the model's reg:regulation",
        "; ".join(_reg_label(r) for r in act.regulations) or "(the act restates none)",
        f"amends={ref.amends!r} title={ref.title!r}"),))


def _reg_label(regulation: Regulation) -> str:
    number = f"{regulation.number}) " if regulation.number is not None else ""
    return f"{number}«{regulation.title}»"


class Context:
    """Everything the checks share about one model checked against one act."""

    def __init__(self, model: Model, act: Act, regulation: Regulation) -> None:
        self.model = model
        self.act = act
        self.regulation = regulation
        self.bad_refs: list[BadRef] = []
        #: node id → [(unit, ref)] for each unit it cites
        self.citations: dict[str, list[tuple[TextUnit, ClauseRef]]] = {}
        #: node id → clauses it cites as a whole (no step/item)
        self.clause_citations: dict[str, list[Clause]] = {}
        self._units_by_key: dict[tuple[str, int], TextUnit] = {}
        self._clauses: dict[str, Clause] = {}
        self._anchors: dict[tuple[str, int], frozenset[str]] = {}
        self._index()

    # -- building -----------------------------------------------------------
    def _clause(self, ref: ClauseRef) -> Clause | None:
        try:
            return self.regulation.clause(ref.paragraph, ref.subparagraph)
        except KeyError:
            return None

    def _add_clause(self, clause: Clause) -> None:
        if clause.ref not in self._clauses:
            self._clauses[clause.ref] = clause
            for unit in clause_units(clause):
                self._units_by_key[unit.key] = unit

    def _index(self) -> None:
        for node in self.model.nodes.values():
            for ref in node.clauses:
                clause = self._clause(ref)
                if clause is None:
                    self.bad_refs.append(BadRef(node, ref, "unknown",
                                                f"cites clause {ref.clause}, which the regulation's restated text does not have",
                                                ", ".join(c.ref for c in self.regulation.clauses) or "(none)", ref.clause))
                    continue
                self._add_clause(clause)
                if ref.appendix is not None and clause.appendix != ref.appendix:
                    self.bad_refs.append(BadRef(node, ref, "unknown",
                                                f"cites appendix {ref.appendix} of {clause.ref}, which refers to "
                                                f"{'appendix ' + str(clause.appendix) if clause.appendix else 'no appendix'}",
                                                str(clause.appendix) if clause.appendix else None, str(ref.appendix)))
                unit = self._resolve(node, ref, clause)
                if unit is None:
                    if ref.step is None and ref.item is None and ref.process is None and ref.condition is None:
                        self.clause_citations.setdefault(node.id, []).append(clause)
                    continue
                entries = self.citations.setdefault(node.id, [])
                if all(u.key != unit.key for u, _ in entries):
                    entries.append((unit, ref))

    def _resolve(self, node: FlowNode, ref: ClauseRef, clause: Clause) -> TextUnit | None:
        units = clause_units(clause)
        if ref.step is not None:
            if clause.kind != ClauseKind.STEPS:
                self.bad_refs.append(BadRef(node, ref, "unknown", f"cites step {ref.step} of {clause.ref}, "
                                            f"which lists items, not steps", "item=", f"step={ref.step}"))
                return None
            if ref.item is not None:
                self.bad_refs.append(BadRef(node, ref, "unknown", f"cites both step {ref.step} and item {ref.item} "
                                            f"of {clause.ref}", f"step={ref.step}", str(ref)))
                return None
            match = next((u for u in units if u.number == ref.step), None)
            if match is None:
                self.bad_refs.append(BadRef(node, ref, "unknown", f"cites step {ref.step} of {clause.ref}, "
                                            f"which has {len(units)} steps", f"step 1–{len(units)}", f"step {ref.step}"))
            if ref.process is not None or ref.condition is not None:
                self.bad_refs.append(BadRef(node, ref, "unknown", f"cites a process/condition in step clause {clause.ref}",
                                            None, str(ref)))
            return match
        if ref.item is None and ref.process is None and ref.condition is None:
            return None
        if clause.kind != ClauseKind.ITEMS:
            self.bad_refs.append(BadRef(node, ref, "unknown", f"cites an item of {clause.ref}, which lists steps, "
                                        f"not items", "step=", str(ref)))
            return None
        by_number = next((u for u in units if u.number == ref.item), None) if ref.item is not None else None
        by_marker = self._by_marker(units, ref)
        if by_number is not None:
            self._check_numbering(node, ref, by_number)
            return by_number
        if by_marker is not None:
            if ref.item is not None:
                self.bad_refs.append(BadRef(node, ref, "renumbered",
                                            f"cites item {ref.item} of {clause.ref}, but the text numbers "
                                            f"{_marker(ref)} as item {by_marker.number}",
                                            f"item {by_marker.number}", f"item {ref.item}", by_marker))
            return by_marker
        what = f"item {ref.item}" if ref.item is not None else _marker(ref)
        self.bad_refs.append(BadRef(node, ref, "unknown", f"cites {what} of {clause.ref}, which the text does not have",
                                    f"item 1–{len(units)}" if units else "(no items)", what))
        return None

    @staticmethod
    def _by_marker(units: Iterable[TextUnit], ref: ClauseRef) -> TextUnit | None:
        for unit in units:
            if ref.process is not None and unit.is_process and unit.process_number == ref.process:
                return unit
            if ref.condition is not None and unit.is_condition and unit.condition_number == ref.condition:
                return unit
        return None

    def _check_numbering(self, node: FlowNode, ref: ClauseRef, unit: TextUnit) -> None:
        if unit.item is None:
            return
        expected = _unit_marker(unit)
        if ref.process is not None and (unit.item.kind != ItemKind.PROCESS or unit.item.ref != ref.process):
            self.bad_refs.append(BadRef(node, ref, "renumbered", f"cites {unit.short} as {ref.process}-процесс; the "
                                        f"text's {unit.short} is {expected}", expected, f"{ref.process}-процесс", unit))
        if ref.condition is not None and (unit.item.kind != ItemKind.CONDITION or unit.item.ref != ref.condition):
            self.bad_refs.append(BadRef(node, ref, "renumbered", f"cites {unit.short} as {ref.condition} шарт; the "
                                        f"text's {unit.short} is {expected}", expected, f"{ref.condition} шарт", unit))

    # -- reading --------------------------------------------------------------
    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        """The clauses the model cites, in the text's order."""
        order = {c.ref: i for i, c in enumerate(self.regulation.clauses)}
        return tuple(sorted(self._clauses.values(), key=lambda c: order.get(c.ref, 0)))

    @cached_property
    def units(self) -> tuple[TextUnit, ...]:
        """Every unit of the cited clauses, clause by clause in the text's order."""
        return tuple(self._units_by_key[(c.ref, u.number)] for c in self.clauses for u in clause_units(c))

    def units_of(self, node_id: str) -> list[TextUnit]:
        """The units a node cites (resolved ones only)."""
        return [u for u, _ in self.citations.get(node_id, ())]

    @cached_property
    def elements(self) -> dict[tuple[str, int], list[FlowNode]]:
        """TextUnit key → the nodes citing it, in document order."""
        out: dict[tuple[str, int], list[FlowNode]] = {}
        for node_id, entries in self.citations.items():
            for unit, _ in entries:
                out.setdefault(unit.key, []).append(self.model.nodes[node_id])
        return out

    def elements_of(self, unit: TextUnit) -> list[FlowNode]:
        return self.elements.get(unit.key, [])

    def anchors(self, unit: TextUnit) -> frozenset[str]:
        """The elements whose appearance on a path means the unit happens there.

        The unit's work tasks if it has any (a recipient's "hand in" send task does not
        make the office's step happen), else its tasks, else its gateways, else whatever
        cites it.
        """
        cached = self._anchors.get(unit.key)
        if cached is None:
            elements = self.elements_of(unit)
            for keep in (is_work, lambda n: n.is_task, lambda n: n.is_gateway, lambda n: True):
                chosen = [n.id for n in elements if keep(n)]
                if chosen:
                    break
            cached = self._anchors[unit.key] = frozenset(chosen)
        return cached

    def unit(self, clause_ref: str, number: int) -> TextUnit | None:
        return self._units_by_key.get((clause_ref, number))

    @cached_property
    def _outgoing(self) -> dict[str, list[SequenceFlow]]:
        table: dict[str, list[SequenceFlow]] = {}
        for flow in self.model.sequence_flows.values():
            if flow.source is not None and flow.source in self.model.nodes and flow.target in self.model.nodes:
                table.setdefault(flow.source, []).append(flow)
        return table

    def outgoing(self, node_id: str) -> list[SequenceFlow]:
        """Sequence flows leaving ``node_id`` whose target exists, in document order."""
        return self._outgoing.get(node_id, [])

    @cached_property
    def paths(self) -> list[ProcessPath]:
        """The model's routes (see :func:`toolkit.conformance.graph.routes`)."""
        return routes(self.model)

    @cached_property
    def paths_truncated(self) -> bool:
        """Whether :data:`toolkit.paths.MAX_PATHS` cut :attr:`paths` short (then RC203)."""
        return truncated(self.paths)

    def actor_of(self, node: FlowNode) -> str | None:
        return self.model.actor_of(node.id)

    # -- findings -------------------------------------------------------------
    def at_node(self, code: str, message: str, node: FlowNode, unit: TextUnit | None = None, *,
                clause: str | None = None, expected: str | None = None, found: str | None = None,
                hint: str | None = None) -> Finding:
        """A finding located at a model element (file:line of the element)."""
        spec = CODES[code]
        return Finding(code=code, message=message, source=self.model.source, line=node.line, element_id=node.id,
                       severity=spec.severity, clause=clause or (unit.label if unit else None),
                       expected=expected, found=found, hint=hint or spec.hint)

    def at_text(self, code: str, message: str, unit: TextUnit | None = None, *, clause: Clause | None = None,
                expected: str | None = None, found: str | None = None, hint: str | None = None) -> Finding:
        """A finding located in the act's text (file:line of the unit), for what the model lacks."""
        spec = CODES[code]
        span = unit.span if unit is not None else (clause.span if clause is not None else None)
        label = unit.label if unit is not None else (clause.ref if clause is not None else None)
        return Finding(code=code, message=message, source=self.act.source,
                       line=span.first_line if span else None, element_id=None, severity=spec.severity,
                       clause=label, expected=expected, found=found, hint=hint or spec.hint)


def _marker(ref: ClauseRef) -> str:
    if ref.process is not None:
        return f"{ref.process}-процесс"
    if ref.condition is not None:
        return f"{ref.condition} шарт"
    return f"item {ref.item}"


def _unit_marker(unit: TextUnit) -> str:
    if unit.is_process:
        return f"{unit.process_number}-процесс"
    if unit.is_condition:
        return f"{unit.condition_number} шарт"
    return "a plain item (no process or condition number)"

