"""Reading articles and writing outputs without ever losing text.

Reading: :func:`read_article` decodes UTF-8 (with or without BOM), UTF-16/32
with BOM, and legacy single-byte files (cp1252, latin-1...) found by
charset-normalizer; it never raises for a bad input: binary files, NUL bytes,
undecodable or empty files, permission errors, broken symlinks and symlink
loops come back as a :class:`ReadResult` with ``error`` set, which the run
turns into one ``input-error`` row. Large files are read in blocks
(:func:`iter_blocks`) so memory stays bounded.

Writing: :func:`atomic_write_bytes` writes a temporary file in the same
folder, flushes and fsyncs it, then renames it over the final name, so a run
killed at any moment leaves either the old file or the new one, never half of
one. Temporary files are named ``.<name>.<random>.tmp``;
:func:`remove_stale_temporaries` clears those a killed run left behind.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: Files larger than this are read and annotated block by block.
LARGE_FILE_BYTES = 8 * 1024 * 1024
#: Target size of one block of a large file (characters); blocks end at a line break.
BLOCK_CHARS = 1024 * 1024
#: Bytes sampled to detect the encoding of a large file.
SNIFF_BYTES = 1024 * 1024

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it
    os.umask(mask)
    return mask


_UMASK = _umask()
#: Mode of every output file: what ``open()`` would give under the process umask
#: (``mkstemp`` alone makes files only their owner can read).
FILE_MODE = 0o666 & ~_UMASK
#: Mode of an output folder made with ``mkdtemp`` (owner-only otherwise).
DIR_MODE = 0o777 & ~_UMASK
#: Control characters that never occur in text (everything below U+0020 but tab, LF, VT, FF, CR).
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13))
_NOT_CONTROL = bytes(c for c in range(256) if c not in _CONTROL)  # deleted to count control bytes in one pass


@dataclass(frozen=True)
class ReadResult:
    text: str | None
    encoding: str = ""
    error: str = ""
    size: int = 0
    sha1: str = ""  # of the bytes read (resume keys on it), so a file is read once


def detect_encoding(data: bytes) -> tuple[str | None, str]:
    """``(encoding, "")`` for text, ``(None, reason)`` for what is not text.

    >>> detect_encoding("Kim’s visit".encode("utf-8"))
    ('utf-8', '')
    >>> detect_encoding("Kim’s visit".encode("utf-16"))
    ('utf-16', '')
    >>> detect_encoding("Ramón Pacheco, año, “niño” – corazón".encode("cp1252"))
    ('cp1252', '')
    >>> detect_encoding("Привет, как дела? Это тест кодировки.".encode("cp1251"))
    ('cp1251', '')
    >>> detect_encoding(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    (None, 'binary file (NUL bytes)')
    """
    if not data:
        return None, "empty file"
    for bom, enc in BOMS:
        if data.startswith(bom):
            return enc, ""
    if b"\x00" in data:
        return None, "binary file (NUL bytes)"
    controls = len(data.translate(None, _NOT_CONTROL))
    if controls > max(2, len(data) // 200):
        return None, f"binary file ({controls} control bytes)"
    try:
        data.decode("utf-8")
        return "utf-8", ""
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", ""  # a sample cut inside a multi-byte character
    if _looks_western(data[:SNIFF_BYTES]):
        return "cp1252", ""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SNIFF_BYTES]).best()
    if best is None:
        return None, "undecodable: not UTF-8 and no single-byte encoding fits"
    return best.encoding, ""


def _looks_western(data: bytes) -> bool:
    """True when ``data`` reads as Western European text in cp1252.

    charset-normalizer often prefers cp1250 on short Spanish or French text
    (turning ``año`` into ``ańo``); cp1252 (a superset of latin-1's printable
    range) is by far the most common legacy encoding of our articles. It is
    taken when every byte is defined in cp1252 and accented letters stay a
    minority of the letters, as in real Western text (Cyrillic cp1251 read as
    cp1252 gives almost only accented letters).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    accented = sum(1 for c in letters if not c.isascii())
    return accented / len(letters) < 0.3


def read_article(path: Path) -> ReadResult:
    """Read an article as text; every problem comes back as ``error``, never raised."""
    try:
        if path.is_symlink() and not path.exists():
            target = os.readlink(path)
            return ReadResult(None, error=f"broken symbolic link (points to {target})")
        data = path.read_bytes()
    except RecursionError:
        return ReadResult(None, error="symbolic link loop")
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return ReadResult(None, error="symbolic link loop")
        if exc.errno == 21:  # EISDIR
            return ReadResult(None, error="is a folder, not a file")
        return ReadResult(None, error=f"cannot read: {exc.strerror or exc}")
    text, encoding, why = decode(data)
    digest = hashlib.sha1(data).hexdigest()
    return ReadResult(text, encoding if text is not None else "", error=why, size=len(data), sha1=digest)


def decode(data: bytes) -> tuple[str | None, str, str]:
    """``(text, encoding, "")`` of an article's bytes, or ``(None, encoding or "", reason)``.

    >>> decode("Kim’s".encode("utf-8")), decode(b"")
    (('Kim’s', 'utf-8', ''), (None, '', 'empty file'))
    """
    encoding, why = detect_encoding(data)
    if encoding is None:
        return None, "", why
    try:
        return data.decode(encoding), encoding, ""
    except (UnicodeDecodeError, LookupError) as exc:
        return None, encoding, f"undecodable as {encoding}: {exc}"


def sniff(path: Path) -> ReadResult:
    """Detect a large file's encoding from its first block, without reading it all."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        size = path.stat().st_size
    except OSError as exc:
        return ReadResult(None, error=f"cannot read: {exc.strerror or exc}")
    encoding, why = detect_encoding(head)
    if encoding is None:
        return ReadResult(None, error=why, size=size)
    return ReadResult("", encoding, size=size)


def iter_blocks(path: Path, encoding: str, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """The text of ``path`` in blocks of about ``block_chars``, each ending at a line break.

    Line ends are kept exactly (``newline=""``); a block is cut at the last
    line break, else the last space, else hard at the size.
    """
    with path.open("r", encoding=encoding, newline="") as fh:
        pending = ""
        while True:
            chunk = fh.read(block_chars)
            if not chunk:
                break
            pending += chunk
            if len(pending) < block_chars:
                continue
            cut = max(pending.rfind("\n"), pending.rfind("\r"))
            if cut < 0:
                cut = pending.rfind(" ")
            if cut < 0:
                cut = len(pending) - 1
            yield pending[: cut + 1]
            pending = pending[cut + 1 :]
        if pending:
            yield pending


def _temporary_beside(path: Path) -> tuple[int, str]:
    """``mkstemp`` in ``path``'s folder, which is made (with its parents) only when missing."""
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    fd, tmp = _temporary_beside(path)
    try:
        os.fchmod(fd, FILE_MODE)
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


class AtomicTextFile:
    """A text file written incrementally under a temporary name, renamed on :meth:`commit`.

    ``fsync=False`` skips the flush to disk before the rename: the file is
    still all-or-nothing if the process dies, but a power cut may leave it
    empty. ``clean`` writes each cleaned article this way with
    ``digest=True`` and records :attr:`sha1` (of the UTF-8 bytes written) in
    its journal, so a resumed run notices such a file and annotates the
    article again.
    """

    def __init__(self, final: Path, fsync: bool = True, digest: bool = False) -> None:
        self.final = final
        self.fsync = fsync
        self._hash = hashlib.sha1() if digest else None
        fd, self.tmp = _temporary_beside(final)
        os.fchmod(fd, FILE_MODE)
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self.fh.write(text)
        if self._hash is not None:
            self._hash.update(text.encode("utf-8"))

    @property
    def sha1(self) -> str:
        """Hex SHA-1 of everything written so far, as UTF-8 (made with ``digest=True``)."""
        if self._hash is None:
            raise ValueError(f"{self.final}: opened without digest=True")
        return self._hash.hexdigest()

    def commit(self) -> None:
        self.fh.flush()
        if self.fsync:
            os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.final)

    def abort(self) -> None:
        if not self.fh.closed:
            self.fh.close()
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def remove_stale_temporaries(folder: Path) -> int:
    """Delete ``.*.tmp`` files a killed run left under ``folder``; returns how many."""
    n = 0
    if not folder.is_dir():
        return 0
    for p in folder.rglob(".*.tmp"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n
