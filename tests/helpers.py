"""Helpers the test files share: located messages, editing a seed file, the export folder's state."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

LOCATED = re.compile(r"^(?P<path>[^:\n]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", re.M)


def located(stderr: str, *, warnings: bool = False) -> list[tuple[str, int, int, str]]:
    """Every `path:line:col: message` line of a command's error output: the errors, and with `warnings` the
    warnings too ('cảnh báo: …', such as the proofreading pass's) and the remarks on text kept as written
    ('giữ nguyên như đã viết …')."""
    found = [(m["path"], int(m["line"]), int(m["col"]), m["msg"]) for m in LOCATED.finditer(stderr)]
    return [f for f in found if warnings or not f[3].startswith(("cảnh báo:", "giữ nguyên"))]


def edit(plans: Path, rel: Path | str, old: str, new: str) -> None:
    """Replace the first `old` in a file under the plans folder, failing if it is not there."""
    path = plans / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(plans: Path, rel: Path | str, needle: str) -> int:
    lines = (plans / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def outputs(out: Path) -> dict[str, float]:
    """Every exported file (documents and manifest) with its modification time; the lock file is not an output."""
    return {
        str(p.relative_to(out)): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and p.name != ".danvan-export.lock"
    }


def manifest_is_true(out: Path) -> None:
    """Every file the export manifest records is on disk with the hash it records."""
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for key, entry in data["outputs"].items():
        folder = out / key.rsplit("/", 1)[0]
        for name, digest in entry["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (key, name)


# A school's Chi bộ, issuing in the Party's format (HD 36-HD/VPTW): the seed's unit.yaml for a Party body.
CHI_BO = """\
the_thuc: dang
co_quan_chu_quan: Đảng bộ xã Hùng An
ten_co_quan: Chi bộ Trường Mầm non Hùng An
chu_viet_tat: CB
dia_danh: Hùng An
co_quan_cap_tren: Đảng ủy xã Hùng An
nguoi_ky:
  quyen_han: T/M
  thay_cho: Chi bộ
  chuc_vu: Bí thư
  ho_ten: Nguyễn Thị Thu Hà
noi_nhan:
  - Các đảng viên trong chi bộ
luu: Chi bộ
"""
