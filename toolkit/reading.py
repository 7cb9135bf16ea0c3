"""Read a file a user named, refusing what is not a regular file before it can block.

One reader for every input the toolkit opens by path (models, settings): a FIFO would block
``open`` until a writer came, a device could stream forever, and a path swapped between a
check and the read would slip past a ``stat`` done first. So the file is opened without
blocking, checked with ``fstat`` on the open descriptor, and read up to a size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from toolkit.errors import InputError


def read_regular_file(path: str | Path, max_bytes: int, *, error: type[InputError] = InputError,
                      directory_hint: str = "not a regular file") -> bytes:
    """The bytes of ``path``, or one ``error(message, path)``: missing, a directory
    (``is a directory, <directory_hint>``), a FIFO or device, unreadable, or over ``max_bytes``."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error("no such file", str(p)) from None
    except IsADirectoryError:
        raise error(f"is a directory, {directory_hint}", str(p)) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", str(p)) from None
    try:
        data = _read_open(fd, p, max_bytes, error, directory_hint)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", str(p)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise error(f"file is over the {max_bytes}-byte limit", str(p))
    return data


def _read_open(fd: int, p: Path, max_bytes: int, error: type[InputError], directory_hint: str) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise error(f"is a directory, {directory_hint}", str(p))
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise error(f"is {kind}, not a regular file; refusing to read it", str(p))
    if info.st_size > max_bytes:
        raise error(f"file is {info.st_size} bytes, over the {max_bytes}-byte limit", str(p))
    os.set_blocking(fd, True)
    with os.fdopen(fd, "rb", closefd=False) as stream:
        return stream.read(max_bytes + 1)
