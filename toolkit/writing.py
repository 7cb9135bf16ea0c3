"""Where a command may write a file: a regular file or a new one, never a FIFO or a device.

reglament's writers (``render``, ``layout -o``, ``draft -o``, ``run --save``) write
atomically: a temporary file beside the target, renamed over it. A rename replaces
whatever the target is, so ``-o /dev/null`` run as root would put a regular file where
the device was, breaking the machine for every other program. Writers ask here first.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Why a special file is refused (callers prefix their own "cannot write").
NOT_REGULAR = "not a regular file (a FIFO, device or socket); refusing to replace it"


def special_target(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` exists and is neither a regular file nor a directory.

    Directories are left to the callers, which already refuse them with their own words.
    The check follows symlinks: a link to ``/dev/null`` is refused too.
    """
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
