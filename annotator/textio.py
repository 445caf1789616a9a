"""Reading articles and writing outputs without ever losing text.

Outputs go through :func:`atomic_write_bytes`: a temporary file in the same
folder, flushed and fsynced, then renamed over the final name, so a run killed
at any moment leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    encoding: str = ""
    error: str = ""


def read_article(path: Path) -> ReadResult:
    """Read an article as text; problems come back as ``error``, never raised."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ReadResult(None, error=f"cannot read: {exc.strerror or exc}")
    try:
        return ReadResult(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        return ReadResult(None, error=f"not valid UTF-8 ({exc.reason} at byte {exc.start})")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
