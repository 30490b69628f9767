"""What an office's consolidation remembers between runs: each unit's standing, under a key made of everything the
standing is computed from, so that a unit whose files did not change is not read again and a changed one always is.

The key of a unit is the SHA-256 of: the period, year and date of the data; the folder the command runs in (it
shows in messages); this danvan's own files (their names, sizes and times); and every file and folder of the unit,
by name, kind and content. A unit holding anything but plain files and folders (a link, a FIFO), or more than
MAX_UNIT_BYTES, is never remembered: it is read, and its problem said, every time.

One file per office, period, year and date, in the user's cache folder; the newest KEEP are kept. A file that does
not read back whole (a run stopped while writing it) is as if it were not there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path

import danvan_cli
from danvan_cli.files import read_bytes

MAX_UNIT_BYTES = 16 * 1024 * 1024
KEEP = 20
_MAGIC = b"danvan-standings-1\n"


def cache_folder() -> Path | None:
    """The user's cache folder for danvan (XDG on Linux, LOCALAPPDATA on Windows); None: remember nothing."""
    if os.environ.get("DANVAN_NO_CACHE"):
        return None
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA")
        root = Path(base) if base else None
    else:
        base = os.environ.get("XDG_CACHE_HOME")
        root = Path(base) if base else (Path.home() / ".cache" if "HOME" in os.environ else None)
    return root / "danvan" / "tong-hop" if root else None


def _code_fingerprint() -> bytes:
    """danvan's own files as they are now: a changed danvan never trusts what an earlier one computed."""
    digest = hashlib.sha256(danvan_cli.__version__.encode())
    package = Path(danvan_cli.__file__).parent
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            st = os.stat(os.path.join(folder, name))
            digest.update(
                f"{os.path.relpath(os.path.join(folder, name), package)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode()
            )
    return digest.digest()


def unit_key(unit_dir: Path, context: bytes) -> str | None:
    """The key of the unit whose folder is `unit_dir`, or None when it must not be remembered."""
    digest = hashlib.sha256(context)
    total = 0
    stack = [unit_dir]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return None
        digest.update(f"D\0{os.path.relpath(folder, unit_dir)}\0{len(entries)}\n".encode("utf-8", "surrogatepass"))
        for entry in entries:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                return None
            name = entry.name.encode("utf-8", "surrogatepass")
            if stat.S_ISDIR(mode):
                digest.update(b"d\0" + name + b"\n")
                stack.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                total += entry.stat(follow_symlinks=False).st_size
                if total > MAX_UNIT_BYTES:
                    return None
                try:
                    data = _read(entry.path)
                except OSError:
                    return None  # gone, or replaced: read afresh, and its problem said by the reading
                digest.update(b"f\0" + name + b"\0" + hashlib.sha256(data).digest() + b"\n")
            else:
                return None  # a link, a FIFO, a device: its problem is said on every run
    return digest.hexdigest()


def _read(path: str) -> bytes:
    # the entry was a regular file when listed; one replaced by a link since is refused, not followed
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read(MAX_UNIT_BYTES + 1)


class StandingCache:
    """The standings remembered for one office's period, year and date of data."""

    def __init__(self, path: Path, context: bytes) -> None:
        self.path = path
        self.context = context
        self.entries: dict[str, tuple[str, object]] = {}
        self.changed = False
        with contextlib.suppress(Exception):  # unreadable, torn or of another danvan: nothing remembered
            raw = read_bytes(path, 512 * 1024 * 1024)
            if raw.startswith(_MAGIC):
                body = raw[len(_MAGIC) :]
                check, payload = body[:32], body[32:]
                if hashlib.sha256(payload).digest() == check:
                    self.entries = pickle.loads(payload)

    @classmethod
    def of_run(cls, plans_dir: Path, office: str, period: str, year: int, as_of: dt.date) -> StandingCache | None:
        folder = cache_folder()
        if folder is None:
            return None
        context = b"\0".join(
            [
                _code_fingerprint(),
                os.path.abspath(plans_dir).encode("utf-8", "surrogatepass"),
                os.getcwd().encode("utf-8", "surrogatepass"),
                f"{office}\0{period}\0{year}\0{as_of.isoformat()}\0{dt.date.today().isoformat()}".encode(),
            ]
        )
        name = hashlib.sha256(context).hexdigest()[:32] + ".pickle"
        return cls(folder / name, context)

    def get(self, unit: str, key: str | None):
        if key is None:
            return None
        found = self.entries.get(unit)
        return found[1] if found is not None and found[0] == key else None

    def put(self, unit: str, key: str | None, standing: object) -> None:
        if key is not None:
            self.entries[unit] = (key, standing)
            self.changed = True

    def save(self) -> None:
        """Write the remembered standings (never fatal: a cache that cannot be written is a slower next run)."""
        if not self.changed:
            return
        payload = pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
        aside = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # the units' names and figures: the user's own, not the machine's other users'
            fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(aside, self.path)
            self._prune()
        except OSError:
            with contextlib.suppress(OSError):
                aside.unlink()

    def _prune(self) -> None:
        kept = sorted(self.path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()
