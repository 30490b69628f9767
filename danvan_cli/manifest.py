"""The export folder's manifest (manifest.json): each document exported, what it was made from (its inputs,
hashed) and the hashes of the files written, so that a run makes again only what changed and never names a file
that is not there as it was made."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from pathlib import Path
from typing import Protocol

from danvan_cli import __version__
from danvan_cli.errors import DanvanError, EnvironmentFailure, display_path
from danvan_cli.files import read_bytes, write_text_atomic

MANIFEST = "manifest.json"
# danvan's own record, about 1 KB a document: a province's 2,000 units pass the limit on a user's file.
MANIFEST_LIMIT = 256 * 1024 * 1024
SAVE_EVERY = 2.0  # seconds between saves of the manifest during a run


class Document(Protocol):
    """A document the manifest is asked about (export.Job)."""

    unit: str
    year: int
    stem: str
    inputs: dict[str, str]

    @property
    def key(self) -> str: ...
    @property
    def package_name(self) -> str | None: ...


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Manifest:
    def __init__(self, out: Path, entries: dict | None = None) -> None:
        self.path = out / MANIFEST
        self.entries: dict[str, dict] = {}
        self.saved_at = time.monotonic()
        self.unsaved = False  # entries recorded since the last save
        if entries is not None:
            self.entries = entries  # a worker's copy of its unit's part; it never saves
            return
        if not os.path.lexists(self.path):
            return
        mode = os.lstat(self.path).st_mode
        if not stat.S_ISREG(mode):
            raise EnvironmentFailure(
                f"{display_path(self.path)}: ở đây không phải tệp thường (một thư mục, liên kết hay đường ống), không "
                "phải tệp danh mục của danvan; hãy dời nó đi"
            )
        with contextlib.suppress(OSError, ValueError, DanvanError):
            self.entries = _well_formed(json.loads(read_bytes(self.path, MANIFEST_LIMIT).decode("utf-8")))
        # anything unreadable or of another shape: everything is made again and the file written whole

    def save(self) -> None:
        data = {"danvan": __version__, "outputs": dict(sorted(self.entries.items()))}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        self.saved_at, self.unsaved = time.monotonic(), False

    def by_unit(self) -> dict[str, dict[str, dict]]:
        """The entries grouped by unit (the part each worker is given), in one pass over them."""
        groups: dict[str, dict[str, dict]] = {}
        for key, entry in self.entries.items():
            groups.setdefault(key.split("/", 1)[0], {})[key] = entry
        return groups

    def fresh(self, job: Document, out: Path, want_pdf: bool) -> bool:
        entry = self.entries.get(job.key)
        if not entry or entry.get("inputs") != job.inputs:
            return False
        wanted = [f"{job.stem}.docx"] + ([f"{job.stem}.pdf"] if want_pdf else [])
        wanted += [job.package_name] if job.package_name else []
        files = entry.get("files", {})
        for name in wanted:
            path = out / job.unit / str(job.year) / name
            if name not in files or path.is_symlink() or not path.is_file() or sha256(path) != files[name]:
                return False
        return True


def _well_formed(data) -> dict[str, dict]:
    """The manifest's entries that have the shape danvan writes; anything else is dropped (and remade)."""
    outputs = data.get("outputs") if isinstance(data, dict) else None
    if not isinstance(outputs, dict):
        return {}
    return {
        key: entry
        for key, entry in outputs.items()
        if isinstance(key, str)
        and isinstance(entry, dict)
        and isinstance(entry.get("inputs"), dict)
        and isinstance(entry.get("files"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in entry["files"].items())
    }
