"""The store: durable instances, work queues and an audit trail over SQLite or PostgreSQL.

Every change to an instance is one *step*: load its snapshot, let the engine run
to the next wait, and save snapshot, queue rows, waits, keys and history in one
transaction guarded by the instance's revision::

    UPDATE instances SET ..., revision = revision + 1 WHERE id = ? AND revision = ?

Zero rows updated means another worker saved first: the transaction is rolled
back and :class:`ConflictError` names the instance and task; nothing is applied
twice or lost. Engine work (and service handlers) runs *before* the write
transaction, so a slow handler never holds a lock.

Queues, filters and correlation are answered from indexed rows (``tasks``,
``instance_keys``, ``waits``) that each step rewrites; instance state is loaded
only to change it.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from toolkit.engine import Engine, HandlerRegistry, Instance, ProcessDefinition, StepLimitError
from toolkit.errors import InputError
from toolkit.store import bridge, codec
from toolkit.store.db import Database, Tx, connect
from toolkit.store.dues import Due, DueDates
from toolkit.store.errors import ClaimedError, ConflictError, NotFoundError, StoreError, StuckError
from toolkit.store.records import (
    CANCELLED,
    COMPLETED,
    FAILED,
    HISTORY_COLUMNS,
    INSTANCE_COLUMNS,
    NO_DUE,
    RUNNING,
    STATES,
    TASK_COLUMNS,
    HistoryEntry,
    InstanceInfo,
    ModelVersion,
    QueueItem,
    StepResult,
    history_from_row,
    instance_from_row,
    parse_stamp,
    stamp,
    task_from_row,
)
from toolkit.store.schema import ensure_schema

OPEN_STATES = (RUNNING, FAILED)


@dataclass
class _Loaded:
    """An instance row and its engine state, as read before a step."""

    id: int
    version: str
    state: str
    revision: int
    instance: Instance
    #: The row as read: its data (readable JSON form) says what a step changed.
    info: InstanceInfo

    @property
    def data(self) -> dict[str, Any]:
        return self.info.data


@dataclass
class _Saved:
    """Everything a step writes besides the instance row."""

    tasks: list[tuple[Any, ...]]
    waits: list[tuple[Any, ...]]
    keys: dict[str, str]
    next_timer: str | None
    state: str
    data: dict[str, Any]



def check_user_name(user: str | None) -> None:
    """Refuse a user name that is not one line of printable text.

    Names go into the audit trail; a newline or a control character in one would let a
    caller forge or hide lines of it when the history is printed.
    """
    if user is not None and (not user.strip() or any(ord(c) < 32 or ord(c) == 127 for c in user)):
        raise StoreError(f"user name {user!r}: a name must be one line of printable text")

class Store:
    """Durable instances of regulation models. Open one with :func:`open_store`.

    ``handlers``: the service-task handlers (default: the engine's simulations).
    ``clock``: "now" for ready-since stamps, history and overdue flags (inject one in tests).
    ``calendar``: the working calendar for due dates (default: KazakhstanCalendar()).
    ``cache_size``: how many instances to keep parsed between steps in this process;
    a cached instance is used only while its revision is still the stored one.
    ``max_steps``: the engine's bound on one call (default the engine's); a step that
    exceeds it is not saved and raises :class:`StuckError`.
    """

    def __init__(self, db: Database, *, handlers: HandlerRegistry | None = None,
                 clock: Callable[[], datetime] | None = None, calendar: Any | None = None,
                 cache_size: int = 256, max_steps: int | None = None) -> None:
        self.db = db
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now().replace(microsecond=0))
        self.engine = (Engine(handlers=handlers, clock=self.clock) if max_steps is None else
                       Engine(handlers=handlers, clock=self.clock, max_steps=max_steps))
        self.dues = DueDates(calendar)
        self._definitions: dict[str, ProcessDefinition] = {}
        self._cache: OrderedDict[int, tuple[int, Instance]] = OrderedDict()
        self._cache_size = cache_size
        ensure_schema(db)

    # == model versions ================================================================
    def load_model(self, path: str | Path, *, name: str | None = None) -> ModelVersion:
        """Store the model at ``path`` as a version (once per content hash) and return it.

        A changed file is a new version; instances started on the old one stay on it.
        """
        from toolkit.model.safe_xml import read_bytes
        xml = read_bytes(path)
        digest = hashlib.sha256(xml).hexdigest()
        existing = self._version_row(digest)
        if existing is not None:
            return existing
        source = str(Path(path).resolve()) if Path(path).exists() else str(path)
        definition = bridge.definition(self.engine, xml, str(path))  # refuses a model that cannot run
        self._definitions[digest] = definition
        label = name or Path(path).stem
        with self.db.transaction() as tx:
            tx.execute("INSERT INTO model_versions (hash, name, source, xml, loaded_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (hash) DO NOTHING", (digest, label, source, xml, stamp(self.clock())))
        found = self._version_row(digest)
        assert found is not None
        return found

    def load_models(self, directory: str | Path = "bpmn") -> list[ModelVersion]:
        """Load every ``*.bpmn`` under ``directory``."""
        files = sorted(Path(directory).glob("*.bpmn"))
        if not files:
            raise StoreError(f"{directory}: no .bpmn files to load")
        return [self.load_model(f) for f in files]

    def versions(self, name: str | None = None) -> list[ModelVersion]:
        """Stored model versions (newest first), with how many instances each has."""
        where, params = ("WHERE v.name = ?", [name]) if name else ("", [])
        rows = self.db.query(
            "SELECT v.hash, v.name, v.source, v.loaded_at, "
            "(SELECT COUNT(*) FROM instances i WHERE i.version = v.hash) "
            f"FROM model_versions v {where} ORDER BY v.loaded_at DESC, v.hash", params)
        return [_version(r) for r in rows]

    def version(self, ref: str | Path) -> ModelVersion:
        """A version by file path (loading it), full or abbreviated hash, or model name (latest)."""
        text = str(ref)
        if isinstance(ref, Path) or text.endswith(".bpmn") or Path(text).is_file():
            return self.load_model(ref)
        if len(text) >= 6 and all(c in "0123456789abcdef" for c in text):
            rows = self.db.query("SELECT hash FROM model_versions WHERE hash LIKE ?", (text + "%",))
            if len(rows) == 1:
                found = self._version_row(rows[0][0])
                assert found is not None
                return found
            if len(rows) > 1:
                raise StoreError(f"{text}: more than one model version starts so; give more of the hash")
        rows = self.db.query("SELECT hash FROM model_versions WHERE name = ? ORDER BY loaded_at DESC, hash LIMIT 1",
                             (text,))
        if rows:
            found = self._version_row(rows[0][0])
            assert found is not None
            return found
        raise NotFoundError(f"{text}: no such model or model version in the store "
                            "(give a .bpmn file, or load it first)")

    def _version_row(self, digest: str) -> ModelVersion | None:
        rows = self.db.query("SELECT hash, name, source, loaded_at, 0 FROM model_versions WHERE hash = ?", (digest,))
        return _version(rows[0]) if rows else None

    def definition(self, digest: str) -> ProcessDefinition:
        """The parsed model of a stored version, from the XML stored with it (never the file on disk)."""
        found = self._definitions.get(digest)
        if found is not None:
            return found
        rows = self.db.query("SELECT xml, source FROM model_versions WHERE hash = ?", (digest,))
        if not rows:
            raise NotFoundError(f"model version {digest[:12]} is not in the store")
        xml, source = rows[0]
        found = self._definitions[digest] = bridge.definition(self.engine, bytes(xml), source)
        return found

    # == instances =====================================================================
    def start(self, model: str | Path, data: Mapping[str, Any] | None = None, *,
              user: str | None = None) -> StepResult:
        """Start an instance of ``model`` (a .bpmn path, a model name or a version hash)."""
        check_user_name(user)
        values = codec.check_data(data)
        version = self.version(model)
        definition = self.definition(version.hash)
        try:
            instance = bridge.start(self.engine, definition, values, user)
        except StepLimitError as exc:
            raise StuckError(f"{version.name}: {exc.message}; no instance was saved") from None
        saved = self._collect(instance)
        now = stamp(self.clock())
        snapshot = bridge.dump(self.engine, instance)
        entries = [self._entry(now, user, "start", note=f"{version.name} {version.hash[:12]}", changed=saved.data),
                   *self._trace_entries(instance, 0, user, None, now)]
        with self.db.transaction() as tx:
            rows = tx.query(
                "INSERT INTO instances (version, model, state, revision, started_by, created_at, updated_at, "
                "next_timer_due, data, snapshot, last_seq) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (version.hash, version.name, saved.state, user, now, now, saved.next_timer,
                 codec.to_json(saved.data), snapshot, len(entries)))
            instance_id = int(rows[0][0])
            self._write_rows(tx, instance_id, saved, claims={}, old_keys=None)
            self._append_history(tx, instance_id, 1, len(entries), entries)
        self._remember(instance_id, 1, instance)
        return self._result(instance_id, instance)

    def get(self, instance_id: int) -> InstanceInfo:
        """An instance's row: state, revision, who started it, its data."""
        rows = self.db.query(f"SELECT {INSTANCE_COLUMNS} FROM instances i WHERE i.id = ?", (int(instance_id),))
        if not rows:
            raise NotFoundError(f"instance {instance_id} does not exist")
        return instance_from_row(rows[0])

    def load(self, instance_id: int) -> Instance:
        """The engine instance, restored from the store on the version it runs on (read-only use)."""
        return self._load(int(instance_id)).instance

    def instances(self, *, model: str | None = None, version: str | None = None, state: str | None = None,
             lane: str | None = None, overdue: bool = False, waiting_since: datetime | None = None,
             data: Mapping[str, Any] | None = None, limit: int = 100, offset: int = 0) -> list[InstanceInfo]:
        """Instances matching every filter given, oldest first.

        ``lane``: with a ready task in that lane; ``overdue``: with a ready task past its due
        date; ``waiting_since``: with a task ready since that moment or earlier; ``data``:
        top-level data values, e.g. ``{"iin": "800315400125"}``.
        """
        where: list[str] = []
        params: list[Any] = []
        if model:
            where.append("i.model = ?")
            params.append(model)
        if version:
            where.append("i.version LIKE ?")
            params.append(version + "%")
        if state:
            if state not in STATES:
                raise StoreError(f"state must be one of {', '.join(STATES)}, got {state!r}")
            where.append("i.state = ?")
            params.append(state)
        if lane:
            where.append("EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.lane = ?)")
            params.append(lane)
        if overdue:
            where.append("EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.due_key < ?)")
            params.append(stamp(self.clock()))
        if waiting_since is not None:
            where.append("EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.ready_since <= ?)")
            params.append(stamp(waiting_since))
        for key, value in (data or {}).items():
            text = codec.key_text(value)
            if text is None:
                raise StoreError(f"data filter {key}: {value!r} is not a value instances are indexed by")
            where.append("EXISTS (SELECT 1 FROM instance_keys k WHERE k.instance_id = i.id AND k.key = ? "
                         "AND k.value = ?)")
            params.extend([key, text])
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.query(f"SELECT {INSTANCE_COLUMNS} FROM instances i {clause} ORDER BY i.id LIMIT ? OFFSET ?",
                             (*params, int(limit), int(offset)))
        return [instance_from_row(r) for r in rows]

    def cancel(self, instance_id: int, reason: str, *, user: str | None = None) -> InstanceInfo:
        """Stop an open instance for ``reason``; its queue rows go, its history stays."""
        check_user_name(user)
        if not reason or not reason.strip():
            raise StoreError("cancelling needs a reason")
        now = stamp(self.clock())
        with self.db.transaction() as tx:
            changed = tx.query(
                "UPDATE instances SET state = ?, cancel_reason = ?, revision = revision + 1, updated_at = ?, "
                "next_timer_due = NULL, last_seq = last_seq + 1 WHERE id = ? AND state IN (?, ?) "
                "RETURNING revision, last_seq", (CANCELLED, reason.strip(), now, int(instance_id), *OPEN_STATES))
            if not changed:
                raise self._not_open(tx, instance_id, "cancel it")
            tx.execute("DELETE FROM tasks WHERE instance_id = ?", (int(instance_id),))
            tx.execute("DELETE FROM waits WHERE instance_id = ?", (int(instance_id),))
            self._append_history(tx, int(instance_id), int(changed[0][0]), int(changed[0][1]),
                                 [self._entry(now, user, "cancel", note=reason.strip())])
        self._cache.pop(int(instance_id), None)
        return self.get(instance_id)

    # == queues ========================================================================
    def queue(self, *, lane: str | None = None, user: str | None = None, overdue: bool = False,
              instance_id: int | None = None, limit: int = 100, offset: int = 0) -> list[QueueItem]:
        """Ready user tasks, earliest due first (tasks without a due date last).

        ``lane``: of that lane; ``user``: claimed by that user; neither: every lane.
        Answered from the indexed ``tasks`` rows; :meth:`explain_queue` shows the plan.
        """
        sql, params = self._queue_sql(lane, user, overdue, instance_id)
        rows = self.db.query(sql + " LIMIT ? OFFSET ?", (*params, int(limit), int(offset)))
        now = self.clock()
        return [task_from_row(r, now) for r in rows]

    def explain_queue(self, *, lane: str | None = None, user: str | None = None, overdue: bool = False) -> list[str]:
        """The database's plan for :meth:`queue` (to show it walks an index)."""
        sql, params = self._queue_sql(lane, user, overdue, None)
        return self.db.explain(sql + " LIMIT 50", params)

    def _queue_sql(self, lane: str | None, user: str | None, overdue: bool,
                   instance_id: int | None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if lane is not None:
            where.append("t.lane = ?")
            params.append(lane)
        if user is not None:
            where.append("t.claimed_by = ?")
            params.append(user)
        if overdue:
            where.append("t.due_key < ?")
            params.append(stamp(self.clock()))
        if instance_id is not None:
            where.append("t.instance_id = ?")
            params.append(int(instance_id))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return f"SELECT {TASK_COLUMNS} FROM tasks t {clause} ORDER BY t.due_key, t.ready_since", params

    def claim(self, instance_id: int, task: str, user: str) -> QueueItem:
        """Take a ready task for ``user``; refused when someone else holds it."""
        return self._set_claim(instance_id, task, user, by=user, force=False, kind="claim")

    def assign(self, instance_id: int, task: str, user: str, *, by: str | None = None) -> QueueItem:
        """Give a ready task to ``user`` (a supervisor's act: it overrides an existing claim)."""
        return self._set_claim(instance_id, task, user, by=by, force=True, kind="assign")

    def unclaim(self, instance_id: int, task: str, *, user: str | None = None) -> QueueItem:
        """Put a claimed task back in its lane's queue. With ``user``, only that user's claim is released."""
        return self._set_claim(instance_id, task, None, by=user, force=user is None, kind="unclaim")

    def _set_claim(self, instance_id: int, task: str, user: str | None, *, by: str | None, force: bool,
                   kind: str) -> QueueItem:
        check_user_name(user)
        check_user_name(by)
        if kind != "unclaim" and not (user and user.strip()):
            raise StoreError(f"{kind} needs a user")
        row = self._task_row(int(instance_id), task)
        now = stamp(self.clock())
        with self.db.transaction() as tx:
            locked = tx.query("UPDATE instances SET updated_at = ?, last_seq = last_seq + 1 WHERE id = ? "
                              "AND state IN (?, ?) RETURNING revision, last_seq", (now, int(instance_id), *OPEN_STATES))
            if not locked:
                raise self._not_open(tx, instance_id, kind)
            current = tx.query("SELECT claimed_by FROM tasks WHERE instance_id = ? AND task_id = ?",
                               (int(instance_id), row.task_id))
            if not current:
                raise ConflictError(f"instance {instance_id}: task {row.node_id} is no longer ready "
                                    "(another worker completed it)", instance_id=int(instance_id), task=row.node_id)
            holder = current[0][0]
            if holder and not force and holder != (user if kind == "claim" else by):
                raise ClaimedError(f"instance {instance_id}: task {row.node_id} is claimed by {holder}",
                                   instance_id=int(instance_id), task=row.node_id)
            tx.execute("UPDATE tasks SET claimed_by = ?, claimed_at = ? WHERE instance_id = ? AND task_id = ?",
                       (user, now if user else None, int(instance_id), row.task_id))
            note = {"claim": f"claimed by {user}", "assign": f"assigned to {user}",
                    "unclaim": f"released by {holder}" if holder else "released"}[kind]
            self._append_history(tx, int(instance_id), int(locked[0][0]), int(locked[0][1]), [self._entry(
                now, by or user, kind, node_id=row.node_id, name=row.name, lane=row.lane, note=note)])
        return self._task_row(int(instance_id), row.task_id)

    def _task_row(self, instance_id: int, task: str) -> QueueItem:
        return self._ready_task(instance_id, task)[0]

    def _ready_task(self, instance_id: int, task: str) -> tuple[QueueItem, int]:
        """A ready task of an instance by its node id, or by task id where one node has several,
        with the instance's revision read in the same statement (so a step can insist on it)."""
        rows = self.db.query(f"SELECT {TASK_COLUMNS}, i.revision FROM tasks t JOIN instances i ON i.id = t.instance_id "
                             "WHERE t.instance_id = ? AND (t.task_id = ? OR t.node_id = ?)", (instance_id, task, task))
        now = self.clock()
        items = [(task_from_row(r[:-1], now), int(r[-1])) for r in rows]
        exact = [i for i in items if i[0].task_id == task]
        if exact:
            return exact[0]
        if len(items) == 1:
            return items[0]
        if len(items) > 1:
            raise StoreError(f"instance {instance_id}: {len(items)} ready tasks at {task}; give the task id "
                             f"({', '.join(i.task_id for i, _ in items)})")
        info = self.get(instance_id)  # NotFoundError for an unknown instance
        ready = [i.node_id for i in self.queue(instance_id=instance_id)]
        done = self.db.query("SELECT who, at FROM history WHERE instance_id = ? AND kind = 'step' AND node_id = ? "
                             "ORDER BY seq DESC LIMIT 1", (instance_id, task))
        if done:  # someone got there first: a conflict, not a mistake
            who, at = done[0]
            raise ConflictError(f"instance {instance_id}: task {task} was already completed by {who or 'the system'} "
                                f"at {at}; ready now: {', '.join(ready) or 'none'}", instance_id=instance_id, task=task)
        if info.state not in OPEN_STATES:
            raise StoreError(f"instance {instance_id} is {info.state}; it has no ready task {task}")
        raise StoreError(f"instance {instance_id}: no ready task {task}; ready: {', '.join(ready) or 'none'}")

    # == steps =========================================================================
    def complete(self, instance_id: int, task: str, data: Mapping[str, Any] | None = None, *,
                 user: str | None = None, revision: int | None = None) -> StepResult:
        """Complete a ready user task and run the instance to its next wait, atomically.

        ``task``: the node id (or the task id where one node has several ready tasks).
        ``revision``: the revision the caller showed its user; if the instance moved on
        since, :class:`ConflictError` is raised without running anything. A task claimed by
        someone else than ``user`` is refused (:class:`ClaimedError`).
        """
        values = codec.check_data(data)
        row, seen = self._ready_task(int(instance_id), task)
        if row.claimed_by and user != row.claimed_by:
            raise ClaimedError(f"instance {instance_id}: task {row.node_id} is claimed by {row.claimed_by}",
                               instance_id=int(instance_id), task=row.node_id)

        def act(instance: Instance) -> None:
            bridge.complete(self.engine, instance, row.task_id, values, user)

        return self._step(int(instance_id), act, user=user, kind="complete", task=row,
                          expected=seen if revision is None else revision, told=revision is not None)

    def deliver(self, message: str, payload: Mapping[str, Any] | None = None, *, instance_id: int | None = None,
                correlate: Mapping[str, Any] | None = None, user: str | None = None) -> list[StepResult]:
        """Deliver a message from outside to the instance(s) waiting for it.

        By ``instance_id``, or correlated by data keys (``correlate={"iin": "800315400125"}``):
        every open instance waiting for ``message`` whose data has those values.
        """
        values = codec.check_data(payload, what="payload")
        targets = self._message_targets(message, instance_id, correlate)
        def act(instance: Instance) -> None:
            bridge.deliver(self.engine, instance, message, values, user)

        results = []
        for target in targets:
            for attempt in range(3):  # a message must not be lost because an officer saved first
                try:
                    results.append(self._step(target, act, user=user, kind="message", note=message))
                    break
                except ConflictError:
                    if attempt == 2:
                        raise
        return results

    def _message_targets(self, message: str, instance_id: int | None,
                         correlate: Mapping[str, Any] | None) -> list[int]:
        if instance_id is not None:
            waiting = [r[0] for r in self.db.query(
                "SELECT name FROM waits WHERE instance_id = ? AND kind = 'message'", (int(instance_id),))]
            if message not in waiting:
                self.get(int(instance_id))
                raise StoreError(f"instance {instance_id} does not wait for message {message!r} "
                                 f"(it waits for: {', '.join(sorted(waiting)) or 'no message'})")
            return [int(instance_id)]
        if not correlate:
            raise StoreError(f"message {message!r}: say which instance gets it (an id, or data keys to correlate)")
        sql = "SELECT w.instance_id FROM waits w WHERE w.kind = 'message' AND w.name = ?"
        params: list[Any] = [message]
        for key, value in correlate.items():
            text = codec.key_text(value)
            if text is None:
                raise StoreError(f"correlation key {key}: {value!r} is not a value instances are indexed by")
            sql += (" AND EXISTS (SELECT 1 FROM instance_keys k WHERE k.instance_id = w.instance_id "
                    "AND k.key = ? AND k.value = ?)")
            params.extend([key, text])
        ids = [int(r[0]) for r in self.db.query(sql + " ORDER BY w.instance_id", params)]
        if not ids:
            keys = ", ".join(f"{k}={v}" for k, v in correlate.items())
            raise NotFoundError(f"no instance waits for message {message!r} with {keys}")
        return ids

    def tick(self, now: datetime | None = None, *, limit: int = 1000) -> list[StepResult]:
        """Fire every timer due by ``now`` across the store; returns the instances moved.

        Safe to run from several processes: an instance another ticker moved first is skipped.
        """
        moment = now or self.clock()
        rows = self.db.query("SELECT id FROM instances WHERE next_timer_due <= ? AND state = ? "
                             "ORDER BY next_timer_due LIMIT ?", (stamp(moment), RUNNING, int(limit)))
        results = []
        for (instance_id,) in rows:
            def act(instance: Instance) -> None:
                bridge.fire_timers(self.engine, instance, moment)
            try:
                results.append(self._step(int(instance_id), act, user=None, kind="timer", note=stamp(moment)))
            except ConflictError:
                continue
        return results

    def retry(self, instance_id: int, *, user: str | None = None) -> StepResult:
        """Run again the service tasks whose handler failed (the system is back)."""
        info = self.get(instance_id)
        if info.state != FAILED:
            raise StoreError(f"instance {instance_id} is {info.state}; no failed service task to retry")

        def act(instance: Instance) -> None:
            bridge.retry_failed(self.engine, instance, user)

        return self._step(int(instance_id), act, user=user, kind="retry")

    def migrate(self, instance_id: int, to_version: str | Path, *, user: str | None = None) -> StepResult:
        """Move an open instance to a newer version of its model (only on request).

        Refused unless every task it waits at exists in the new version.
        """
        from toolkit.store.migrate import migrate_instance
        target = self.version(to_version)
        info = self.get(instance_id)
        if info.version == target.hash:
            raise StoreError(f"instance {instance_id} already runs on {target.hash[:12]}")
        new_definition = self.definition(target.hash)

        def act(instance: Instance) -> Instance:
            return migrate_instance(instance, new_definition)

        return self._step(int(instance_id), act, user=user, kind="migrate",
                          note=f"{info.version[:12]} -> {target.hash[:12]}", new_version=target)

    # == history =======================================================================
    def history(self, instance_id: int) -> list[HistoryEntry]:
        """The audit trail of an instance: every step, claim, message, timer and cancel, in order."""
        rows = self.db.query(f"SELECT {HISTORY_COLUMNS} FROM history WHERE instance_id = ? ORDER BY seq",
                             (int(instance_id),))
        if not rows:
            self.get(instance_id)
        return [history_from_row(r) for r in rows]

    def waits(self, instance_id: int) -> list[tuple[str, str, datetime | None]]:
        """What an instance waits for besides people: ``(kind, name, due)`` of messages and timers."""
        rows = self.db.query("SELECT kind, name, due FROM waits WHERE instance_id = ? ORDER BY kind, name",
                             (int(instance_id),))
        return [(k, n, datetime.fromisoformat(d) if d else None) for k, n, d in rows]

    # == due dates =====================================================================
    def recompute_due_dates(self, calendar: Any | None = None) -> int:
        """Recompute every open task's due date (after new calendar data); returns how many changed.

        With ``calendar``, the store uses it from now on.
        """
        if calendar is not None:
            self.dues = DueDates(calendar)
        rows = self.db.query("SELECT instance_id, task_id, ready_since, limit_value, limit_unit, due, "
                             "due_provisional, due_note, calendar_version FROM tasks WHERE limit_value IS NOT NULL")
        updates = []
        for instance_id, task_id, since, value, unit, due, provisional, note, version in rows:
            fresh = self.dues.compute(datetime.fromisoformat(since), value, unit)
            new = (_due_text(fresh), int(fresh.provisional), fresh.note, fresh.calendar_version)
            if new != (due, int(provisional), note, version):
                updates.append((*new, _due_text(fresh) or NO_DUE, instance_id, task_id))
        if updates:
            with self.db.transaction() as tx:
                tx.executemany("UPDATE tasks SET due = ?, due_provisional = ?, due_note = ?, calendar_version = ?, "
                               "due_key = ? WHERE instance_id = ? AND task_id = ?", updates)
        return len(updates)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # == the step ======================================================================
    def _load(self, instance_id: int) -> _Loaded:
        rows = self.db.query(f"SELECT {INSTANCE_COLUMNS} FROM instances i WHERE i.id = ?", (instance_id,))
        if not rows:
            raise NotFoundError(f"instance {instance_id} does not exist")
        info = instance_from_row(rows[0])
        cached = self._cache.pop(instance_id, None)
        if cached is not None and cached[0] == info.revision:
            return _Loaded(instance_id, info.version, info.state, info.revision, cached[1], info)
        rows = self.db.query(f"SELECT {INSTANCE_COLUMNS}, i.snapshot FROM instances i WHERE i.id = ?", (instance_id,))
        info = instance_from_row(rows[0][:-1])
        try:
            instance = bridge.restore(self.engine, rows[0][-1], self.definition(info.version))
        except InputError as exc:
            raise StoreError(f"instance {instance_id} cannot be loaded: {exc}") from None
        return _Loaded(instance_id, info.version, info.state, info.revision, instance, info)

    def _remember(self, instance_id: int, revision: int, instance: Instance) -> None:
        self._cache[instance_id] = (revision, instance)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _step(self, instance_id: int, action: Callable[[Instance], Any], *, user: str | None, kind: str,
              task: QueueItem | None = None, note: str | None = None, expected: int | None = None,
              told: bool = True, new_version: ModelVersion | None = None) -> StepResult:
        check_user_name(user)
        loaded = self._load(instance_id)
        what = f"task {task.node_id}" if task else kind
        if expected is not None and expected != loaded.revision:  # first: a finished race is a conflict too
            self._remember(instance_id, loaded.revision, loaded.instance)  # untouched: still current
            why = (f"it changed since revision {expected} (now {loaded.revision})" if told else
                   "another worker changed the instance first")
            raise ConflictError(f"instance {instance_id}: {what} not applied: {why}", instance_id=instance_id,
                                task=task.node_id if task else None)
        if loaded.state not in OPEN_STATES:
            raise StoreError(f"instance {instance_id} is {loaded.state}; cannot {kind}")
        before = loaded.data
        trace_before = len(loaded.instance.trace())
        instance, error = self._act(loaded, action)
        saved = self._collect(instance, error_state=error is not None)
        data_json = codec.to_json(saved.data)
        delta = codec.changed(before, json.loads(data_json))
        now = stamp(self.clock())
        snapshot = bridge.dump(self.engine, instance)
        revision = loaded.revision + 1
        version_sql, version_params = "", ()  # type: tuple[str, tuple[str, ...]]
        if new_version is not None:
            version_sql, version_params = ", version = ?, model = ?", (new_version.hash, new_version.name)
        entries = []
        if task is None:
            entries.append(self._entry(now, user, kind, note=error or note, changed=delta))
        entries += self._trace_entries(instance, trace_before, user, task, now, delta if task else None)
        if task is not None and error:
            entries.append(self._entry(now, None, "failed", note=error))
        with self.db.transaction() as tx:
            updated, claimed = tx.queries([
                ("UPDATE instances SET revision = revision + 1, state = ?, updated_at = ?, next_timer_due = ?, "
                 f"error = ?, data = ?, snapshot = ?, last_seq = last_seq + ?{version_sql} "
                 "WHERE id = ? AND revision = ? RETURNING last_seq",
                 (saved.state, now, saved.next_timer, error, data_json, snapshot, len(entries),
                  *version_params, instance_id, loaded.revision)),
                ("SELECT task_id, claimed_by, claimed_at FROM tasks WHERE instance_id = ?", (instance_id,))])
            if not updated:
                raise ConflictError(f"instance {instance_id}: {what} not applied: another worker changed the "
                                    f"instance first (revision {loaded.revision} is gone)", instance_id=instance_id,
                                    task=task.node_id if task else None)
            claims = {r[0]: (r[1], r[2]) for r in claimed}
            if task is not None:
                if task.task_id not in claims:
                    raise ConflictError(f"instance {instance_id}: task {task.node_id} not applied: it is no "
                                        "longer ready (another worker completed it)", instance_id=instance_id,
                                        task=task.node_id)
                holder = claims[task.task_id][0]
                if holder and holder != user:
                    raise ClaimedError(f"instance {instance_id}: task {task.node_id} is claimed by {holder}",
                                       instance_id=instance_id, task=task.node_id)
            self._write_rows(tx, instance_id, saved, claims, old_keys=codec.index_keys(before))
            self._append_history(tx, instance_id, revision, int(updated[0][0]), entries)
        if new_version is not None:
            self._cache.pop(instance_id, None)
        else:
            self._remember(instance_id, revision, instance)
        after = replace(loaded.info, state=saved.state, revision=revision, updated_at=datetime.fromisoformat(now),
                        next_timer_due=parse_stamp(saved.next_timer), error=error, data=json.loads(data_json))
        if new_version is not None:
            after = replace(after, version=new_version.hash, model=new_version.name)
        return self._result(instance_id, instance, saved, claims, after)

    @staticmethod
    def _act(loaded: _Loaded, action: Callable[[Instance], Any]) -> tuple[Instance, str | None]:
        """Run the step's engine work; returns the instance (a migration replaces it) and the
        error of a service handler that failed mid-step (the step is then saved as failed)."""
        instance = loaded.instance
        failed_before = bridge.failed_nodes(instance) if loaded.state == FAILED else ()
        try:
            replaced = action(instance)
        except StepLimitError as exc:  # going round a loop mid-step: nothing is saved
            raise StuckError(f"instance {loaded.id}: {exc.message}; the step was not saved",
                             instance_id=loaded.id) from None
        except InputError as exc:
            if not set(bridge.failed_nodes(instance)) - set(failed_before):
                raise  # refused before anything ran: nothing to save (the cached copy was popped)
            return instance, exc.message
        return (replaced if isinstance(replaced, Instance) else instance), None

    def _collect(self, instance: Instance, error_state: bool = False) -> _Saved:
        """The rows that describe an instance after a step: its queue, waits, keys and state."""
        # A failed handler always surfaces as the step's error (the engine raises it), so
        # there is no need to walk the task tree for failed tasks after a step that succeeded.
        if instance.is_finished:
            state = COMPLETED
        elif error_state:
            state = FAILED
        else:
            state = RUNNING
        data = instance.data
        tasks = []
        for ready in instance.ready_tasks():
            due = self.dues.for_limit(ready.ready_since, ready.time_limit)
            limit = ready.time_limit
            tasks.append((ready.task_id, ready.node_id, ready.name, ready.lane, ready.actor,
                          json.dumps([str(c) for c in ready.clauses], ensure_ascii=False),
                          limit.as_written() if limit else None, limit.value if limit else None,
                          limit.unit if limit else None, stamp(ready.ready_since), _due_text(due),
                          _due_text(due) or NO_DUE, int(due.provisional), due.note, due.calendar_version))
        waits: list[tuple[str, str, str | None]] = [("message", name, None) for name in bridge.message_waits(instance)]
        timers = bridge.timer_waits(instance)
        waits += [("timer", node_id, stamp(due)) for node_id, due in timers]
        next_timer = stamp(min(due for _, due in timers)) if timers and state == RUNNING else None
        return _Saved(tasks=tasks, waits=waits, keys=codec.index_keys(data), next_timer=next_timer,
                      state=state, data=data)

    def _write_rows(self, tx: Tx, instance_id: int, saved: _Saved, claims: Mapping[str, tuple[Any, Any]],
                    old_keys: dict[str, str] | None) -> None:
        """Rewrite an instance's queue and wait rows; update its key rows where they changed.

        ``old_keys``: the keys as stored before the step (``None`` for a new instance); the
        stored data is their source, so no statement is spent reading them back.
        """
        if old_keys is not None:
            tx.execute("DELETE FROM tasks WHERE instance_id = ?", (instance_id,))
            tx.execute("DELETE FROM waits WHERE instance_id = ?", (instance_id,))
        else:
            old_keys = {}
        tx.executemany(
            "INSERT INTO tasks (instance_id, task_id, node_id, name, lane, actor, clauses, time_limit, limit_value, "
            "limit_unit, ready_since, due, due_key, due_provisional, due_note, calendar_version, claimed_by, "
            "claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(instance_id, *row, *claims.get(row[0], (None, None))) for row in saved.tasks])
        tx.executemany("INSERT INTO waits (instance_id, kind, name, due) VALUES (?, ?, ?, ?)",
                       [(instance_id, *w) for w in saved.waits])
        if old_keys != saved.keys:
            gone = [(instance_id, k) for k in old_keys if k not in saved.keys or old_keys[k] != saved.keys[k]]
            tx.executemany("DELETE FROM instance_keys WHERE instance_id = ? AND key = ?", gone)
            tx.executemany("INSERT INTO instance_keys (instance_id, key, value) VALUES (?, ?, ?)",
                           [(instance_id, k, v) for k, v in saved.keys.items() if old_keys.get(k) != v])

    # == history rows ==================================================================
    @staticmethod
    def _entry(at: str, who: str | None, kind: str, *, node_id: str | None = None, name: str | None = None,
               lane: str | None = None, clauses: Sequence[str] = (), time_limit: str | None = None,
               started: str | None = None, due: str | None = None, changed: Mapping[str, Any] | None = None,
               note: str | None = None) -> tuple[Any, ...]:
        return (at, who, kind, node_id, name, lane, json.dumps(list(clauses), ensure_ascii=False),
                time_limit, started, due, codec.to_json(changed) if changed else None, note)

    def _trace_entries(self, instance: Instance, start_at: int, user: str | None, task: QueueItem | None,
                       at: str, changed: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """History rows for the model steps an operation completed (the engine's trace since ``start_at``)."""
        entries = []
        for step in instance.trace()[start_at:]:
            mine = task is not None and step.node_id == task.node_id
            if mine and task is not None:
                due = task.due
                due_text = stamp(due) if due else None
            else:
                due_text = _due_text(self.dues.for_limit(step.started, step.time_limit)) if step.time_limit else None
            entries.append(self._entry(
                stamp(step.completed) if step.completed else at, user if mine else None, "step", node_id=step.node_id,
                name=step.name, lane=step.lane, clauses=[str(c) for c in step.clauses],
                time_limit=step.time_limit.as_written() if step.time_limit else None,
                started=stamp(step.started), due=due_text, changed=changed if mine else None))
        return entries

    @staticmethod
    def _append_history(tx: Tx, instance_id: int, revision: int, last_seq: int,
                        entries: Sequence[tuple[Any, ...]]) -> None:
        """Append ``entries``, numbered up to ``last_seq`` — the instance row's counter, moved in
        the same transaction under the row's lock, so numbers never collide or leave gaps."""
        first = last_seq - len(entries)
        tx.executemany(
            f"INSERT INTO history ({HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(instance_id, first + n, e[0], e[1], e[2], revision, *e[3:]) for n, e in enumerate(entries, 1)])

    # == helpers =======================================================================
    def _result(self, instance_id: int, instance: Instance, saved: _Saved | None = None,
                claims: Mapping[str, tuple[Any, Any]] | None = None, info: InstanceInfo | None = None) -> StepResult:
        """The outcome of a step; built from the rows the step just wrote, not read back."""
        info = info or self.get(instance_id)
        if saved is None:
            return StepResult(instance=info, ready=tuple(self.queue(instance_id=instance_id)),
                              waiting=tuple(n for _, n, _ in self.waits(instance_id)),
                              ends=tuple(e.node_id for e in instance.ends()))
        now = self.clock()
        rows = sorted(saved.tasks, key=lambda row: (row[11], row[9]))  # due_key, ready_since: the queue's order
        ready = tuple(task_from_row((instance_id, *row[:7], row[9], row[10], row[12], row[13], row[14],
                                     (claims or {}).get(row[0], (None, None))[0]), now) for row in rows)
        return StepResult(instance=info, ready=ready, waiting=tuple(w[1] for w in saved.waits),
                          ends=tuple(e.node_id for e in instance.ends()))

    def _not_open(self, tx: Tx, instance_id: int, what: str) -> StoreError:
        rows = tx.query("SELECT state FROM instances WHERE id = ?", (int(instance_id),))
        if not rows:
            return NotFoundError(f"instance {instance_id} does not exist")
        return StoreError(f"instance {instance_id} is {rows[0][0]}; cannot {what}")


def _version(row: Sequence[Any]) -> ModelVersion:
    return ModelVersion(hash=row[0], name=row[1], source=row[2], loaded_at=datetime.fromisoformat(row[3]),
                        instances=int(row[4]))


def _due_text(due: Due) -> str | None:
    return stamp(due.at) if due.at else None


def open_store(url: str | Path | None = None, *, handlers: HandlerRegistry | None = None,
               clock: Callable[[], datetime] | None = None, calendar: Any | None = None,
               pool_size: int = 4, max_steps: int | None = None) -> Store:
    """Open (creating or migrating on first use) the store at ``url``.

    ``url``: ``sqlite:///path.db``, a plain path, or ``postgresql://user@host/db``;
    ``None`` means :func:`toolkit.store.config.default_url` (``REGLAMENT_DB``,
    ``[tool.reglament] db`` in pyproject.toml, else ``.reglament/instances.db``).
    """
    from toolkit.store.config import default_url
    target = str(url) if url is not None else default_url()
    if target.startswith("sqlite:///") or "://" not in target:
        path = Path(target[len("sqlite:///"):] if target.startswith("sqlite:///") else target)
        if path.parent == Path(".reglament") or path.parent.name == ".reglament":
            path.parent.mkdir(parents=True, exist_ok=True)
    return Store(connect(target, pool_size=pool_size), handlers=handlers, clock=clock, calendar=calendar,
                 max_steps=max_steps)
