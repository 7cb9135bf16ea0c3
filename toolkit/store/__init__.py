"""Durable instances of regulation models: work queues, due dates and an audit trail.

Five minutes' worth (docs/embedding.md has the rest)::

    from toolkit.store import open_store

    store = open_store("sqlite:///office.db")            # or postgresql://user@host/db
    store.load_model("bpmn/social-assistance.bpmn")       # stored once per content hash
    started = store.start("social-assistance", {"iin": "800315400125"}, user="clerk-1")
    for item in store.queue(lane=started.ready[0].lane):  # earliest due first
        store.claim(item.instance_id, item.node_id, "clerk-1")
        store.complete(item.instance_id, item.node_id, {"documents_complete": True}, user="clerk-1")
    store.tick()                                          # fire due timers
    for entry in store.history(started.instance.id):      # who did what, when, under which clause
        print(entry.at, entry.who, entry.node_id, entry.clauses, entry.due)

Every error is an :class:`~toolkit.errors.InputError`; :class:`ConflictError` means
another worker got there first and nothing was applied.
"""

from toolkit.store.errors import ClaimedError, ConflictError, NotFoundError, StoreError, StuckError
from toolkit.store.records import (
    CANCELLED,
    COMPLETED,
    FAILED,
    RUNNING,
    HistoryEntry,
    InstanceInfo,
    ModelVersion,
    QueueItem,
    StepResult,
)
from toolkit.store.store import Store, open_store

__all__ = [
    "open_store", "Store", "StoreError", "ConflictError", "ClaimedError", "NotFoundError", "StuckError",
    "InstanceInfo", "QueueItem", "HistoryEntry", "ModelVersion", "StepResult",
    "RUNNING", "COMPLETED", "FAILED", "CANCELLED",
]
