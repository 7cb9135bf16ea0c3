"""The one error a draft raises: a text it cannot turn into a model.

It is an :class:`~toolkit.errors.InputError`, so the CLI prints it as one
``file:line: message`` line and exits 2. The message names the clause (and the
step or item) and says why, e.g. ``clause 8 item 5 (1 шарт): the condition has
no outcome item after it``.
"""

from __future__ import annotations

from toolkit.errors import InputError


class DraftError(InputError):
    """The text is an act, but this clause cannot be drafted; ``line`` cites the text."""
