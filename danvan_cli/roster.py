"""An office's roster (danh sách đơn vị, `plans/<office>/don-vi.yaml`): the units that report to it, each named
in full, with the days it belongs from and to (units merge and move, as after 1 July 2025).

Every count of a consolidated report ("x/N đơn vị") is against the roster for the period, and a unit that did
not report is named by its full name. A folder pattern (`tong_hop.don_vi`) only fills the roster from the folders
found (`danvan danh-sach --tao`); an inbox is never consolidated without a roster, since a package can claim to
be any unit.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass

from danvan_cli.errors import AlreadyThere, DanvanError, InputError, display_path
from danvan_cli.files import keep_backup, present, write_text_atomic
from danvan_cli.loading import load_unit
from danvan_cli.models import Roster
from danvan_cli.scaffold import infer_kind
from danvan_cli.validation import validate
from danvan_cli.workspace import Workspace
from danvan_cli.yamlsource import load, quote


@dataclass(frozen=True)
class Member:
    """A unit of the roster, as a consolidation needs it."""

    unit: str  # folder name
    name: str  # full name
    abbreviation: str | None = None
    kind: str | None = None


def load_roster(ws: Workspace, office: str):
    """The office's roster (models.Roster), or None where it keeps none; a unit listed twice is refused where it
    stands."""

    path = ws.roster_file(office)
    if not present(path):
        return None
    source = load(path, allow_empty=True)
    roster = validate(source, Roster) if source.data is not None else Roster()
    seen: dict[str, int] = {}
    problems = []
    for i, unit in enumerate(roster.don_vi):
        if unit.ma in seen:
            problems.append(
                source.problem(
                    (("don_vi", i, "ma")), f"đơn vị '{unit.ma}' đã có ở mục {seen[unit.ma] + 1}; mỗi đơn vị một mục"
                )
            )
        seen[unit.ma] = i
    if problems:
        raise InputError(problems)
    return roster


def members(roster, start: dt.date, end: dt.date, only: str | None = None) -> list[Member]:
    """The units of the roster that belong to the office at some day of the window, in the roster's order."""
    return [
        Member(u.ma, " ".join(u.ten.split()), u.chu_viet_tat, u.loai)
        for u in roster.don_vi
        if u.belongs(start, end) and (not only or fnmatch.fnmatchcase(u.ma, only))
    ]


def from_folders(ws: Workspace, office: str, patterns: list[str]) -> tuple[list[Member], list[str]]:
    """The units whose folders match the office's patterns, named as their unit.yaml names them; and the folders
    whose unit.yaml does not read (said, never guessed)."""

    found, unread = [], []
    for unit in ws.units():
        if unit == office or not any(fnmatch.fnmatchcase(unit, p) for p in patterns):
            continue
        try:
            model, _ = load_unit(ws, unit)
        except DanvanError as exc:
            unread.append(f"{unit}: {exc.lines()[0]}")
            continue
        found.append(Member(unit, model.name, model.chu_viet_tat, infer_kind(model.name)))
    return found, unread


HEADER = """\
# Danh sách đơn vị báo cáo lên {office}: mỗi đơn vị một mục. Báo cáo tổng hợp đếm "x/N đơn vị" theo danh sách
# này, và gọi đơn vị chưa báo cáo bằng tên đầy đủ ghi ở đây. Đơn vị mới, sáp nhập hay chuyển đi: thêm mục, hoặc
# ghi tu_ngay / den_ngay (ngày/tháng/năm) cho đơn vị đó.
# ma: tên thư mục của đơn vị (như trong gói báo cáo đơn vị gửi lên); ten: tên đầy đủ như in trên văn bản;
# chu_viet_tat: chữ viết tắt; loai: loại đơn vị (truong-hoc, ubnd-xa, co-quan, dang).
don_vi:
"""


def roster_text(office_name: str, found: list[Member]) -> str:
    lines = [HEADER.format(office=office_name).rstrip("\n")]
    for m in found:
        lines.append(f"  - ma: {m.unit}")
        lines.append(f"    ten: {quote(m.name)}")
        if m.abbreviation:
            lines.append(f"    chu_viet_tat: {quote(m.abbreviation)}")
        if m.kind:
            lines.append(f"    loai: {m.kind}")
    if not found:
        lines[-1] = lines[-1].replace("don_vi:", "don_vi: []")
    return "\n".join(lines) + "\n"


def write_roster(ws: Workspace, office: str, *, force: bool = False) -> tuple[int, list[str]]:
    """Write the office's roster from the folders its pattern matches; an existing roster is kept unless
    `force` (then backed up). Returns how many units were written and the folders that could not be read."""

    office_unit, _ = load_unit(ws, office)
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    path = ws.roster_file(office)
    if present(path) and not force:
        raise AlreadyThere(
            f"{display_path(path)}: danh sách đơn vị đã có, không ghi đè; sửa trực tiếp tệp đó", "danh_sach_da_co"
        )
    found, unread = from_folders(ws, office, patterns)
    if present(path):
        keep_backup(path)
    write_text_atomic(path, roster_text(office_unit.name, found))
    return len(found), unread
