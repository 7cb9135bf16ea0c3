"""A model parsed into SpiffWorkflow specs: what the engine builds and its instances share.

It lives apart from :mod:`toolkit.engine.engine` so that :mod:`toolkit.engine.instance`
can name it without importing the engine that builds it (no import cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit.model import Model


@dataclass(frozen=True)
class ProcessDefinition:
    """A model parsed into SpiffWorkflow specs; immutable and shared by its instances."""

    model: Model
    digest: str
    entry: str
    spec: Any
    subprocess_specs: Mapping[str, Any]
    #: node id -> (lane or pool name, actor), filled by the instances as they ask.
    who: dict[str, tuple[str | None, str | None]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_collaboration(self) -> bool:
        return self.entry == self.model.collaboration_id
