"""From the text's units to a :class:`~toolkit.draft.plan.Plan`.

The walk is the genre's own reading order. Each unit becomes the service side's
task in its performer's lane, except where the text says the applicant acts:

* the applicant hands something in (item "көрсетілетін қызметті алушы …
  МК қызметкеріне береді", or a step counted "… алушы берген сәттен бастап"):
  a send task in the applicant's pool and a message event that starts (or
  resumes) the service side;
* the applicant receives ("… нәтижесін алуы", or a step whose result goes "…
  алушыға"): the service side's task, a message end event, and a receive task
  in the applicant's pool;
* a condition ("N шарт", item k): a check task per doer the item names, the
  last one asking for ``condition_N_met``, then an exclusive gateway whose
  default flow goes to item k+1 (the refusal or "no data" message, which ends
  its branch) and whose conditional flow goes on to item k+2 — the genre's
  convention, the same one ``reglament check`` applies;
* an alternative limit ("… жағдайларда – 20 (жиырма) жұмыс күн"): a
  ``reg:timeLimit when=`` over a yes/no datum the service side's first task
  asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from toolkit.conformance.actors import dative_addressees, same_actor
from toolkit.conformance.polarity import POSITIVE_POLARITY, classify
from toolkit.conformance.routes import hands_over
from toolkit.draft import roles, routes, systems, wording
from toolkit.draft.errors import DraftError
from toolkit.draft.plan import (
    Alternative,
    Flow,
    Input,
    Lane,
    MessageFlow,
    Node,
    Plan,
    Pool,
    Scenario,
)
from toolkit.draft.select import Selection, Source
from toolkit.model.elements import ClauseRef, RegulationRef
from toolkit.text import Act, ClauseKind
from toolkit.text.actors import find_mentions

_CONJUNCTION = re.compile(r"\s(?:және|немесе|и|или)\s", re.IGNORECASE)


@dataclass
class _Pending:
    """A flow still to be drawn into the next node: from ``source``, named, maybe conditional."""

    source: str
    name: str | None = None
    condition: str | None = None


class Planner:
    """One draft; :meth:`plan` walks the units once."""

    def __init__(self, act: Act, selection: Selection, key: str) -> None:
        self.act = act
        self.lang = act.language
        self.sel = selection
        self.key = key
        reg = selection.regulation
        regulation = RegulationRef(key, act.number, act.adopted.isoformat() if act.adopted else None,
                                   f"1.{reg.number}" if reg.number is not None else None, reg.title)
        self.result = Plan(key, reg.title, self.lang, regulation, tuple(c.ref for c in selection.clauses))
        self.texts = [s.text for s in selection.sources]
        self.subjects = {s.actor: _subject_phrase(s) for s in selection.sources if s.actor}
        self.service = self._service_pool()
        self.recipient: Pool | None = None
        self.pending: list[_Pending] = []
        self.lane_actor: str | None = None
        self.negative_ends: list[str] = []      # ends that should message the applicant's receive task
        self.receive: str | None = None         # the applicant's (last) receive task
        self.branches: list[tuple[str, str | None]] = []  # (datum, end of its negative branch; None: joins)
        self.ids: set[str] = set()
        self.deliveries: list[tuple[Source, str]] = []   # units whose branch end messages the applicant
        self.negative_deliveries: list[Source] = []      # refusals handed to the applicant
        self.in_negative = False
        self.last_person: str | None = None
        self.workplaces: dict[str, str] = {}      # person → the system they work in (routes.workplace)
        self.side_flows: list[tuple[str, str]] = []  # fork → notice end, drawn after the fork's main flow

    # -- pools, lanes, ids ----------------------------------------------------------
    def _service_pool(self) -> Pool:
        actors = {self._role(s).actor for s in self.sel.sources}
        refs = self.sel.refs
        if actors & roles.SC_ACTORS:
            name = _sc_name(self.sel, self.lang)
            return Pool(roles.STATE_CORPORATION, name, roles.STATE_CORPORATION,
                        f"{self.key}_{roles.STATE_CORPORATION}", refs)
        name = roles.lane_name(roles.PROVIDER, self.lang, self.texts, self.subjects)
        return Pool(roles.PROVIDER, name, roles.PROVIDER, f"{self.key}_{roles.PROVIDER}", refs)

    def _recipient_pool(self) -> Pool:
        if self.recipient is None:
            name = roles.lane_name(roles.RECIPIENT, self.lang, self.texts, self.subjects)
            self.recipient = Pool(roles.RECIPIENT, name, roles.RECIPIENT, f"{self.key}_{roles.RECIPIENT}",
                                  self.sel.refs)
            start = self._start_event(self.recipient, f"{roles.RECIPIENT}_start", None)
            self.recipient_cursor = start.id
        return self.recipient

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.ids:
            candidate, n = f"{wanted}_{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def lane(self, actor: str, source: Source) -> str:
        lane_id = actor if actor != self.service.id else f"{actor}_lane"
        if not any(lane.id == lane_id for lane in self.service.lanes):
            self.ids.add(lane_id)
            name = roles.lane_name(actor, self.lang, self.texts, self.subjects)
            self.service.lanes.append(Lane(lane_id, name, actor, source.refs))
        return lane_id

    # -- nodes and flows -------------------------------------------------------------
    def add(self, pool: Pool, node: Node) -> Node:
        pool.nodes.append(node)
        return node

    def connect(self, pool: Pool, target: str) -> None:
        for p in self.pending:
            self.add_flow(pool, p.source, target, p.name, p.condition)
        self.pending = [_Pending(target)]

    def add_flow(self, pool: Pool, source: str, target: str, name: str | None = None,
                 condition: str | None = None) -> Flow:
        flow = Flow(self.unique(f"{source}_to_{target}"), source, target, name, condition)
        pool.flows.append(flow)
        return flow

    def message(self, source: str, target: str, message: str) -> None:
        if message not in self.result.messages:
            self.result.messages.append(message)
        self.result.message_flows.append(MessageFlow(self.unique(f"{source}_to_{target}"), source, target, message))

    def _start_event(self, pool: Pool, wanted: str, source: Source | None, name: str | None = None,
                     message: bool = False) -> Node:
        clause = self.sel.clauses[0]
        if name is None:
            name = wording.heading_phrase(clause.heading) if source is None else None
        refs: tuple[ClauseRef, ...] = self.sel.refs
        if source is not None or not name:
            first = source or self.sel.sources[0]
            refs = first.refs
            name = name or " ".join(wording.words(first.text)[:5])
        node_id = self.unique(wanted)
        lane = self.lane(self.lane_actor, source or self.sel.sources[0]) if pool is self.service and self.lane_actor \
            else None
        return self.add(pool, Node(node_id, "startEvent", name, pool.id, lane, refs,
                                   message=f"message_{node_id}" if message else None))

    # -- the walk ---------------------------------------------------------------------
    def _role(self, source: Source) -> roles.Role:
        if source.kind == "step":
            return roles.Role(source.actor, True)
        return roles.item_role(source.body)

    def plan(self) -> Plan:
        sources = list(self.sel.sources)
        index = 0
        while index < len(sources):
            source = sources[index]
            if source.is_condition:
                index = self._condition(sources, index)
                continue
            self._unit(source, ends_branch=index == len(sources) - 1)
            index += 1
        self._finish(sources[-1])
        for source_id, target_id in self.side_flows:
            self.add_flow(self.service, source_id, target_id)
        self._alternatives()
        self.result.pools = [p for p in (self.recipient, self.service) if p is not None]
        self._scenarios()
        return self.result

    def _actor(self, source: Source) -> str:
        role = self._role(source)
        actor = role.actor
        if actor == roles.RECIPIENT and not role.named:
            actor = None
        actor = actor or self.lane_actor
        if actor is None:
            raise DraftError(f"{source.label(self.sel.clauses[0].ref)}: the text names no actor for it, "
                             "so the draft cannot place it in a lane", self.act.source, source.line)
        return actor

    def _unit(self, source: Source, ends_branch: bool = False) -> None:
        actor = self._actor(source)
        if actor == roles.RECIPIENT:
            if roles.receives(source.body):
                self._delivery_by_channel(source, ends_branch)
            else:
                self._hand_in(source, task=False)
            return
        if source.kind == "step" and roles.mentions_giver(source.body, roles.RECIPIENT):
            self.lane_actor = actor
            self._hand_in(source, task=True)
        self._work(source, actor)
        if source.kind == "item":
            self._through(source, actor)
        target = (source.result.target if source.result else None) or roles.addressee(source.body)
        if target == roles.RECIPIENT:
            self._deliver(source, wording.clean(source.result.text) if source.result else wording.clean(source.body),
                          ends_branch)
        elif source.result and source.result.target and target != actor \
                and not self._acts(source.result.target):
            self._hand_to(source, source.result.target)

    def _acts(self, actor: str) -> bool:
        """Whether ``actor`` (or a member of it: "кеңсе" → its employee) performs a unit of the
        selection, so its lane gets work anyway."""
        return any(same_actor(actor, self._role(s).actor) for s in self.sel.sources)

    def _hand_to(self, source: Source, target: str) -> None:
        """The result goes to an actor with no unit of its own ("… басшысына қол қоюға жолдайды"):
        that actor's task, citing the unit, takes it (as the checker allows: actors.stepless_receiver);
        the next unit's doer goes on from there."""
        name = wording.clean(source.result.text if source.result else source.body)
        self._work_named(source, target, f"{source.slug}_{target}", name, limited=False)

    def _work(self, source: Source, actor: str) -> Node:
        self._note_routes(source, actor)
        self.lane_actor = actor
        lane = self.lane(actor, source)
        result = (wording.clean(source.result.text), source.result.target) if source.result else None
        name = wording.clean(source.text if source.kind == "item" else _step_name(source))
        kind, operation = _kind(actor, source.body)
        node = Node(self.unique(source.slug), kind, name, self.service.id, lane, source.refs, source.limit,
                    tuple(Alternative(a.limit, wording.clean(a.condition), f"{source.slug}_alternative_{i}")
                          for i, a in enumerate(source.alternatives, 1)),
                    result, operation=operation)
        self.add(self.service, node)
        if self._service_started():
            self.connect(self.service, node.id)
        else:
            start = self._start_event(self.service, f"{self.service.id}_start", None)
            self.pending = [_Pending(start.id)]
            self.connect(self.service, node.id)
        return node

    def _note_routes(self, source: Source, actor: str) -> None:
        """Remember who works where and which requests the text sends through whom (routes)."""
        if source.kind == "item":
            found = routes.request(source.body, self.last_person, self.workplaces)
            if found is not None:
                self.result.requests.append(replace(found, refs=source.refs))
        if routes.is_person(actor):
            self.last_person = actor
            place = routes.workplace(source.body)
            if place is not None:
                self.workplaces.setdefault(actor, place)

    def _asker(self, doers: list[str]) -> str | None:
        """Who sent the request the condition's doers answer, if they answer one."""
        return next((r.asker for r in reversed(self.result.requests) if set(doers) & set(r.addressees)), None)

    def _through(self, source: Source, doer: str) -> None:
        """An item done "X арқылы": X's part follows the doer's task — the gateway forwards what
        the employee sends — named from the channel's words to the end of the item."""
        for key, start in roles.channels(source.body):
            if key == doer:
                continue
            name = wording.clean(source.body[start:])
            if len(wording.words(name)) < 2:
                name = wording.clean(source.body)
            self._work_named(source, key, f"{source.slug}_via_{key}", name, limited=False)

    def _service_started(self) -> bool:
        return any(n.kind == "startEvent" for n in self.service.nodes)

    def _hand_in(self, source: Source, task: bool) -> None:
        """The applicant hands something in: send task → message → the service side's event."""
        pool = self._recipient_pool()
        name = wording.giver_phrase(source.body, roles.RECIPIENT) if task else wording.clean(source.body)
        send = self.add(pool, Node(self.unique(f"{source.slug}_hand_in" if task else source.slug), "sendTask",
                                   name, pool.id, None, source.refs))
        send.message = f"message_{send.id}"
        self.add_flow(pool, self.recipient_cursor, send.id)
        self.recipient_cursor = send.id
        receiver = roles.addressee(source.body) if not task else self.lane_actor
        self.lane_actor = receiver or self.lane_actor or self._first_service_actor()
        lane = self.lane(self.lane_actor, source)
        if not self._service_started():
            catch = self.add(self.service, Node(self.unique(f"{source.slug}_received"), "startEvent", name,
                                                self.service.id, lane, source.refs, message=send.message))
            self.pending = [_Pending(catch.id)]
        else:
            catch = self.add(self.service, Node(self.unique(f"{source.slug}_received"), "intermediateCatchEvent",
                                                name, self.service.id, lane, source.refs, message=send.message))
            self.connect(self.service, catch.id)
        self.message(send.id, catch.id, send.message)

    def _first_service_actor(self) -> str:
        for s in self.sel.sources:
            role = self._role(s)
            if role.actor and role.actor != roles.RECIPIENT:
                return role.actor
        raise DraftError(f"clause {self.sel.clauses[0].ref}: no actor of the service side is named",
                         self.act.source, self.sel.clauses[0].span.first_line)

    def _delivery_by_channel(self, source: Source, ends_branch: bool) -> None:
        """The applicant receives a result through someone ("… МК қызметкері арқылы … алуы")."""
        actor = roles.channel(source.body)
        if actor in (None, roles.RECIPIENT):
            actor = self.lane_actor or self._first_service_actor()
        self._work(source, actor)
        self._deliver(source, wording.clean(source.body), ends_branch)

    def _deliver(self, source: Source, name: str, ends_branch: bool) -> None:
        """The last task hands its result to the applicant: a receive task in the applicant's pool that
        the branch's end event messages.

        Only where the branch ends: a notice handed over mid-way (a receipt for the documents)
        stays in the task's name, because a path (:mod:`toolkit.paths`) follows a message to its
        receiver and would leave the service side's remaining steps off the story.
        """
        if not ends_branch:
            self._notice(source, name)
            return
        pool = self._recipient_pool()
        if self.in_negative:
            # a refusal handed to the applicant: its branch's end messages the applicant's one
            # receive task (see _finish), so the applicant waits for one answer whatever it is
            self.negative_deliveries.append(source)
            return
        existing = next((r for s, r in self.deliveries if s is source), None)
        if existing is None:
            receive = self.add(pool, Node(self.unique(f"{source.slug}_receive"), "receiveTask", name, pool.id,
                                          None, source.refs))
            receive.message = f"message_{receive.id}"
            self.add_flow(pool, self.recipient_cursor, receive.id)
            self.recipient_cursor = receive.id
            self.receive = receive.id
            self.deliveries.append((source, receive.id))

    def _notice(self, source: Source, name: str) -> None:
        """A unit that hands the applicant something mid-way ("… алушыға … қолхат береді", read as
        the checker reads it: a verb of handing over, the applicant in the dative): a parallel
        fork whose side branch ends in a message to a catch event in the applicant's pool. The
        fork's first flow goes on with the service side, the thread a path follows."""
        text = source.body if source.kind == "item" else source.text
        if self.in_negative or not hands_over(text) or roles.RECIPIENT not in dative_addressees(text):
            return
        name = _handing_phrase(source.body, roles.RECIPIENT) or name
        lane = self.lane(self.lane_actor, source) if self.lane_actor else None
        fork = self.add(self.service, Node(self.unique(f"{source.slug}_fork"), "parallelGateway", name,
                                           self.service.id, lane, source.refs))
        self.connect(self.service, fork.id)
        sent = self.add(self.service, Node(self.unique(f"{source.slug}_notice"), "endEvent", name,
                                           self.service.id, lane, source.refs))
        self.side_flows.append((fork.id, sent.id))
        pool = self._recipient_pool()
        catch = self.add(pool, Node(self.unique(f"{source.slug}_notice_received"), "intermediateCatchEvent", name,
                                    pool.id, None, source.refs))
        catch.message = sent.message = f"message_{catch.id}"
        self.add_flow(pool, self.recipient_cursor, catch.id)
        self.recipient_cursor = catch.id
        self.message(sent.id, catch.id, catch.message)

    # -- conditions -----------------------------------------------------------------------
    def _condition(self, sources: list[Source], index: int) -> int:
        source = sources[index]
        clause = self.sel.clauses[0].ref
        if index + 1 >= len(sources) or sources[index + 1].is_condition:
            raise DraftError(f"{source.label(clause)} (condition {source.marker}): the condition has no outcome item "
                             "after it (the genre puts the refusal at the next item)", self.act.source, source.line)
        members = _members(source.body, self._actor(source))
        negative = sources[index + 1]
        yes, no = wording.outcome_names(source.body, negative.body, self.lang)
        data = f"condition_{source.marker or source.number}_met"
        first_lane = None
        for n, (actor, name) in enumerate(members, 1):
            suffix = "_check" if len(members) == 1 else f"_check_{n}"
            node = self._work_named(source, actor, f"{source.slug}{suffix}", name, limited=n == 1)
            first_lane = first_lane or node.lane
            if n == len(members):
                _ask(node, Input(data, wording.clean(source.body) + "?", fact=_fact(yes, self.lang)))
        gateway = self.add(self.service, Node(self.unique(source.slug), "exclusiveGateway",
                                              wording.clean(source.text), self.service.id, first_lane, source.refs))
        self.connect(self.service, gateway.id)
        self.pending = [_Pending(gateway.id, no)]
        # a refusal the text names no doer for is formed by whoever has the answers: the asker of the
        # request the condition's doers answer, else where the condition was decided
        self.lane_actor = self._asker([actor for actor, _ in members]) or members[0][0]
        joins = self._joins(sources, index)
        self.in_negative = True
        self._unit(negative, ends_branch=not joins)
        self.in_negative = False
        default = next(f for f in self.service.flows if f.source == gateway.id)
        gateway.default = default.id
        refusal = list(self.pending)
        self.branches.append((data, None if joins else self._end(negative)))
        self.pending = [_Pending(gateway.id, yes, data)]
        if joins:
            self._merge(sources[index + 2], refusal)
        return index + 2

    def _joins(self, sources: list[Source], index: int) -> bool:
        """Whether condition ``index``'s refusal is a result the applicant receives at the next item.

        The genre's last item is often the applicant receiving "the result of the service"
        through someone ("… МК қызметкері арқылы … нәтижесін алуы"); a refusal the item before it
        only forms ("… бас тарту жөніндегі хабарламаны қалыптастыруы"), handing it to nobody, is
        that result on its branch and reaches the applicant the same way: the two branches join
        before the delivery, as the hand-made models draw it. A refusal the text hands over
        itself, or one followed by more work, ends its own branch.
        """
        if index + 2 >= len(sources):
            return False
        negative, outcome = sources[index + 1], sources[index + 2]
        role = self._role(outcome)
        delivers = role.actor == roles.RECIPIENT and roles.receives(outcome.body)
        handed = (negative.result.target if negative.result else None) or roles.addressee(negative.body)
        return delivers and handed != roles.RECIPIENT and self._role(negative).actor != roles.RECIPIENT

    def _merge(self, delivery: Source, refusal: list[_Pending]) -> None:
        """The exclusive gateway where a refusal and the positive branch meet before ``delivery``,
        named with what the applicant receives, in the lane of whoever the text says forms it
        ("ЭҮАШ АЖО қалыптастырылған … нәтижесін") when that actor has a lane, else the channel's."""
        channel = roles.channel(delivery.body)
        formers = [m.key for m in find_mentions(delivery.body)
                   if m.key and m.key not in (roles.RECIPIENT, channel) and not m.is_dative]
        lanes = {lane.actor for lane in self.service.lanes}
        actor = next((k for k in formers if k in lanes), None) or channel or self.lane_actor
        if actor is None or actor == roles.RECIPIENT:
            actor = self._first_service_actor()
        merge = self.add(self.service, Node(self.unique(f"{delivery.slug}_result"), "exclusiveGateway",
                                            wording.object_phrase(delivery.body, language=self.lang),
                                            self.service.id, self.lane(actor, delivery), delivery.refs))
        self.pending += refusal
        self.connect(self.service, merge.id)

    def _work_named(self, source: Source, actor: str, wanted: str, name: str, limited: bool) -> Node:
        """A further task of ``source`` (a coordinated doer's, a channel's); only the first task
        of a unit carries its limit, so a path never counts it twice (RC406)."""
        self.lane_actor = actor
        kind, operation = _kind(actor, name)
        node = self.add(self.service, Node(self.unique(wanted), kind, name, self.service.id,
                                           self.lane(actor, source), source.refs,
                                           source.limit if limited else None, operation=operation))
        self.connect(self.service, node.id)
        return node

    def _end(self, source: Source) -> str:
        """End the current branch after ``source``: a message end if it delivers to the applicant."""
        delivered = [r for s, r in self.deliveries if s is source]
        name = wording.clean(source.result.text) if source.result else wording.object_phrase(source.body, language=self.lang)
        lane = self.lane(self.lane_actor, source) if self.lane_actor else None
        wanted = f"{source.slug}_sent" if delivered else f"{source.slug}_end"
        end = self.add(self.service, Node(self.unique(wanted), "endEvent", name, self.service.id, lane, source.refs))
        self.connect(self.service, end.id)
        if delivered:
            end.message = f"message_{delivered[-1]}"
            self.message(end.id, delivered[-1], end.message)
        else:
            self.negative_ends.append(end.id)
        self.pending = []
        return end.id

    def _finish(self, last: Source) -> None:
        main_end = self._end(last) if self.pending else None
        if self.receive is None and self.negative_deliveries and self.recipient is not None:
            self._shared_receive(self.negative_deliveries[0], main_end)
        if self.receive is not None:
            for end_id in self.negative_ends:
                node = self.result_node(end_id)
                node.message = f"message_{self.receive}"
                self.message(end_id, self.receive, node.message)
        if self.recipient is not None:
            receive = next((n for n in self.recipient.nodes if n.id == self.receive), None)
            name = wording.object_phrase(receive.name, language=self.lang) if receive else self.recipient.name
            end = self.add(self.recipient, Node(self.unique(f"{roles.RECIPIENT}_end"), "endEvent", name,
                                                self.recipient.id, None, receive.refs if receive else self.sel.refs))
            self.add_flow(self.recipient, self.recipient_cursor, end.id)
        self.main_end = main_end

    def _shared_receive(self, source: Source, main_end: str | None) -> None:
        """Only refusals reach the applicant: one receive task for them, which the main end also
        messages, so the applicant's process ends on every branch."""
        pool = self._recipient_pool()
        receive = self.add(pool, Node(self.unique(f"{source.slug}_receive"), "receiveTask",
                                      wording.clean(source.body), pool.id, None, source.refs))
        receive.message = f"message_{receive.id}"
        self.add_flow(pool, self.recipient_cursor, receive.id)
        self.recipient_cursor = receive.id
        self.receive = receive.id
        if main_end is not None:
            self.negative_ends.append(main_end)

    def result_node(self, node_id: str) -> Node:
        return next(n for p in (self.service, self.recipient) if p for n in p.nodes if n.id == node_id)

    def _alternatives(self) -> None:
        """Each ``when=`` datum is asked for by the service side's first task (where documents come in);
        what it means (``reg:fact``, the text's condition) is said on the task whose limit it selects,
        which cites the text the phrase is quoted from."""
        first = next((n for n in self.service.nodes if n.kind == "userTask"), None)
        for node in self.service.nodes:
            for alt in node.alternatives:
                if first is None:
                    continue
                first.inputs.append(Input(alt.when, alt.condition + "?", required=False))
                if classify(alt.condition):
                    node.facts.append((alt.when, "true", alt.condition))

    def _scenarios(self) -> None:
        """One ``--set`` combination per end of the service side: conditions met up to its branch."""
        data = [name for name, _ in self.branches]
        for i, (name, end) in enumerate(self.branches):
            values = tuple((d, True) for d in data[:i]) + ((name, False),)
            reached = end or self.main_end
            if reached:
                self.result.scenarios.append(Scenario(reached, values))
        if self.main_end:
            self.result.scenarios.append(Scenario(self.main_end, tuple((d, True) for d in data)))


def _kind(actor: str, text: str) -> tuple[str, str | None]:
    """An information system's work is a service task running the system's operation; a person's
    (or a system the toolkit knows no operation of) a user task."""
    operation = systems.operation_for(actor, text)
    return ("serviceTask", operation) if operation else ("userTask", None)


def _ask(node: Node, field: Input) -> None:
    """The condition's datum: a person enters it (``reg:input``); a system answers it, so a service
    task only says what it means (``reg:fact``) — its value comes from the system's reply (with
    ``reglament run --auto``, from the ``--set`` data)."""
    if node.kind == "userTask":
        node.inputs.append(field)
    elif field.fact is not None:
        node.facts.append((field.name, *field.fact))


def _fact(yes: str, language: str) -> tuple[str, str] | None:
    """What ``condition_N_met`` means in the condition's own words (``reg:fact true="бар болуы"``),
    when they say it. The refusal's words belong to another item, so they are never quoted here
    (RC607); without a fact the checker reads the datum in the condition's positive sense — what
    ``condition_N_met`` is."""
    if wording.from_text(yes, language) and classify(yes) == POSITIVE_POLARITY:
        return ("true", yes)
    return None


def _handing_phrase(text: str, key: str) -> str | None:
    """The part of a coordinated action that hands ``key`` something ("… және көрсетілетін қызметті
    алушыға … қолхат береді"): what a notice to ``key`` is named after."""
    for part in _CONJUNCTION.split(text.replace(",", " және ")):
        if any(m.key == key and m.is_dative for m in find_mentions(part)):
            return wording.clean(part)
    return None


def _subject_phrase(source: Source) -> str:
    """The words a step opens with, naming its performer (uninflected)."""
    mentions = find_mentions(source.text)
    return mentions[0].phrase if mentions and mentions[0].key == source.actor else ""


def _step_name(source: Source) -> str:
    """A step's task name: its sentence without the time limit (the limit lives in reg:timeLimit)."""
    text = source.text
    if source.limit is not None and source.limit.raw in text:
        text = text[: text.index(source.limit.raw)]
    return wording.clean(text) or wording.clean(source.text)


def _members(description: str, doer: str) -> list[tuple[str, str]]:
    """The doers of a coordinated check ("ЖТ МДҚ … және БНАЖ … тексеруі") and a name for each task.

    Each name is the text with the other members left out, which the label rule
    accepts (one coordinated run may be dropped); a single doer gets the whole text.
    """
    whole = wording.clean(description)
    subjects: list[tuple[int, int, str]] = []   # (start of member, end of its subject, actor)
    for cut in _CONJUNCTION.finditer(description):
        mention = next((m for m in find_mentions(description, cut.end()) if m.key), None)
        if (mention is not None and mention.key and mention.start == cut.end()
                and mention.key not in (roles.RECIPIENT, doer)
                and mention.kk_case in (None, "genitive") and not mention.suffix):
            subjects.append((cut.start(), mention.end, mention.key))
    if not subjects:
        return [(doer, whole)]
    out: list[tuple[str, str]] = []
    head = description[: subjects[0][0]]
    last_word = (wording.words(head) or [""])[-1]
    tail_at = description.find(" " + last_word, subjects[-1][1]) if last_word else -1
    tail = description[tail_at + len(last_word) + 1:] if tail_at >= 0 else ""
    out.append((doer, wording.clean(head + " " + tail) if tail else wording.clean(head)))
    for n, (start, _end, actor) in enumerate(subjects):
        stop = subjects[n + 1][0] if n + 1 < len(subjects) else len(description)
        segment = description[start:stop]
        segment = _CONJUNCTION.sub(" ", segment, count=1) if segment.startswith(" ") else segment
        out.append((actor, wording.clean(segment)))
    return out


def sc_pool_name(closing: str | None, language: str) -> str | None:
    """The closing sentence's "МК арқылы мемлекеттік қызметті көрсету" (the service through the State Corporation)."""
    if not closing:
        return None
    rx = (r"оказани\w*\s+государственной\s+услуги\s+через\s+\S+(?:\s+\S+)?" if language == "ru"
          else r"(?:Мемлекеттік\s+корпорация|\S+)\s+арқылы\s+мемлекеттік\s+(?:көрсетілетін\s+)?қызметті\s+көрсету")
    m = re.search(rx, closing, re.IGNORECASE)
    return wording.clean(m.group(0)) if m else None


def _sc_name(selection: Selection, language: str) -> str:
    for clause in selection.clauses:
        name = sc_pool_name(clause.closing.text if clause.closing else None, language)
        if name:
            return name
    return "Государственная корпорация" if language == "ru" else "Мемлекеттік корпорация"


def plan(act: Act, selection: Selection, key: str) -> Plan:
    """The plan of a draft of ``selection`` (see the module docstring)."""
    if selection.kind not in (ClauseKind.STEPS, ClauseKind.ITEMS):
        raise DraftError(f"clause {selection.clauses[0].ref}: unknown kind", act.source)
    return Planner(act, selection, key).plan()
