"""`import`: a Kế hoạch the unit wrote in Word, read back into unit.yaml and plan.yaml.

The way is in three pure steps, each testable alone:

    read_docx      (wordfile.py) the .docx package → paragraphs in reading order, with their number, text,
                   boldness, alignment, style and the label Word's list numbering shows
    recognise      paragraphs → the document's parts: letterhead, number, place and date, tên loại and
                   trích yếu, opening, parts, sections, items, closing, signer, Nơi nhận
    unit_yaml,     the recognised plan → YAML text, every key explained by its Vietnamese comment as new-plan
    plan_yaml      writes it, every guess and every paragraph that could not be placed marked by a comment

Nothing is invented: what cannot be placed stays as a plain paragraph where it stood, and is listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danvan_cli import bounded
from danvan_cli import vnformat as vn
from danvan_cli.errors import (
    DanvanError,
    DocumentOfAnotherUnit,
    DocumentPastLimit,
    EntriesWouldBeOrphaned,
    InputError,
    PlanExists,
    ValueNotAllowed,
    WorkPastLimit,
    display_path,
)
from danvan_cli.files import MAX_FILE_BYTES, keep_backup, present, write_text_atomic
from danvan_cli.import_yaml import plan_yaml, unit_yaml
from danvan_cli.loading import load_unit
from danvan_cli.models import Plan, Unit
from danvan_cli.recognise import recognise
from danvan_cli.recognise_data import (
    KnownTask,
    mark_tasks,
    name_value,
    year_of,
)
from danvan_cli.recognise_parts import Placed, Recognised, _key
from danvan_cli.scaffold import folder_name_for
from danvan_cli.validation import validate
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from danvan_cli.wordfile import document_bytes, read_docx, task_titles
from danvan_cli.workspace import valid_unit_name
from danvan_cli.yamlsource import load, parse_text


@dataclass
class Imported:
    unit: str
    year: int
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unplaced: list[Placed] = field(default_factory=list)
    tasks: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, title, id kept from before)


@dataclass
class _Prepared:
    """What the import will write, made (in a bounded child process) before anything is written."""

    result: Imported
    unit_text: str | None
    plan_text: str
    replaces: bool  # plan.yaml is there and --force replaces it


def _own_recipients(ws, unit: str, found: Recognised) -> list[str] | None:
    """For a unit already known: the plan's own Nơi nhận where the document's is not what the unit prints."""

    known, _ = load_unit(ws, unit)
    upper_office = [known.co_quan_cap_tren] if known.co_quan_cap_tren else []
    printed = [vn.collapse_whitespace(x) for x in [*upper_office, *known.noi_nhan]]
    if [vn.collapse_whitespace(x) for x in found.noi_nhan] == printed:
        return None
    own = list(found.noi_nhan)
    if upper_office and own and vn.collapse_whitespace(own[0]) == printed[0]:
        own = own[1:]  # the office above is printed first by itself
    return own


def _check_same_unit(ws, unit: str, found: Recognised, notes: list[str]) -> None:
    """A plan goes to a unit already known only when it is that unit's: the issuing body and its abbreviation
    must be the unit's own (refused otherwise, naming both); a signer that differs is said, never silently
    replaced by the one unit.yaml prints."""

    known, source = load_unit(ws, unit)
    printed = " ".join(found.ten_co_quan)
    same_body = _key(printed) == _key(known.ten_co_quan)
    same_abbreviation = not found.chu_viet_tat or _key(found.chu_viet_tat) == _key(known.chu_viet_tat)
    if not (same_body and same_abbreviation):
        raise DocumentOfAnotherUnit(
            f"{found.source}: văn bản là kế hoạch của {vn.shorten(printed)} ({found.chu_viet_tat or 'không rõ ký hiệu'}), "
            f"không phải của đơn vị '{unit}' ({vn.shorten(known.name)}, {known.chu_viet_tat}) đã có ở "
            f"{display_path(source.path)}; hãy chọn thư mục đơn vị khác, hoặc để danvan đặt tên thư mục theo tên cơ quan",
            "don_vi_khac",
        )
    signer = " ".join(found.ho_ten.split())
    if signer and _key(signer) != _key(known.nguoi_ky.ho_ten):
        notes.append(
            f"{found.source}: người ký trong văn bản là {vn.shorten(signer)}, còn unit.yaml ghi "
            f"{vn.shorten(known.nguoi_ky.ho_ten)}; kế hoạch "
            f"in theo unit.yaml. Nếu người ký đã đổi, hãy sửa nguoi_ky trong {display_path(source.path)}."
        )


def known_tasks(data: Any) -> list[KnownTask]:
    """The tasks of a plan.yaml's data (ids, the titles they print, their sections' headings), read from the data
    as written: a plan about to be replaced may well be one that no longer validates."""

    def text(node: dict) -> str:
        for key in ("tieu_de", "noi_dung", "ten_ngan"):
            value = node.get(key)
            if isinstance(value, list) and value:
                value = value[0]
            if isinstance(value, str) and value.strip():
                return value
        return ""

    out: list[KnownTask] = []

    def items(nodes: Any, section: str) -> None:
        for node in nodes if isinstance(nodes, list) else []:
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("ma"), str):
                out.append(KnownTask(node["ma"], text(node), section))
            items(node.get("muc"), section)

    def sections(nodes: Any) -> None:
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict):
                heading = node.get("tieu_de")
                items(node.get("muc"), heading if isinstance(heading, str) else "")
                items(node.get("nhiem_vu"), heading if isinstance(heading, str) else "")

    if isinstance(data, dict):
        sections(data.get("muc"))
        parts = data.get("phan")
        for part in parts if isinstance(parts, list) else []:
            if isinstance(part, dict):
                sections(part.get("muc"))
    return out


def _orphans(ws, unit: str, year: int, tasks: list[tuple[str, str, bool]], shown: str) -> None:
    """Refuses a plan that would leave entries of the year's progress log without their task."""

    path = ws.progress_file(unit, year)
    if not present(path):
        return
    plan_path = display_path(ws.plan_file(unit, year))
    try:
        source = load(path, allow_empty=True)
    except DanvanError as exc:
        raise EntriesWouldBeOrphaned(
            [
                f"{plan_path}: không thay kế hoạch năm {year}: nhật ký tiến độ {display_path(path)} đang có lỗi nên "
                "không kiểm tra được mục nào sẽ mất nhiệm vụ của mình; hãy sửa nhật ký trước (danvan validate)",
                *exc.lines()[:5],
            ]
        ) from None
    ids = {ma for ma, _, _ in tasks}
    lost = []
    for i, entry in enumerate(source.data if isinstance(source.data, list) else []):
        task = entry.get("nhiem_vu") if isinstance(entry, dict) else None
        if isinstance(task, str) and task not in ids:
            day = entry.get("ngay")
            day_text = vn.typed_date(day) if isinstance(day, dt.date) else str(day or "")
            lost.append(str(source.problem((i, "nhiem_vu"), f"mục ngày {day_text} ghi cho nhiệm vụ '{task}'")))
    if not lost:
        return
    fresh = [f"'{ma}' (“{vn.shorten(title, 50)}”)" for ma, title, kept in tasks if not kept]
    raise EntriesWouldBeOrphaned(
        [
            f"{plan_path}: không thay kế hoạch năm {year} bằng {shown}: {len(lost)} mục của nhật ký tiến độ ghi cho "
            "nhiệm vụ không còn trong văn bản (không nhiệm vụ nào của văn bản có đúng tên nhiệm vụ ấy):",
            *lost,
            "Nhiệm vụ của văn bản chưa khớp nhiệm vụ cũ nào, với mã danvan sẽ đặt: "
            + (", ".join(fresh) or "không có")
            + ".",
            "Hãy sửa tên nhiệm vụ trong tệp Word cho đúng như kế hoạch cũ, hoặc đổi nhiem_vu của các mục trên sang "
            "mã mới, rồi nhập lại. Kế hoạch cũ chưa bị thay.",
        ]
    )


def _prepare(ws, data: bytes, shown: str, unit: str | None, year: int | None, force: bool) -> _Prepared:
    """Everything an import decides, from the Word file's bytes to the texts it will write; run in a child process
    with the time and memory limits of bounded.py, so that no document, however made, can hold the command."""

    found = recognise(read_docx(data, shown), shown)
    corpus = found.corpus
    if unit is None:
        name, _ = name_value(found.ten_co_quan, corpus, the_thuc=found.the_thuc, bold=True)
        unit = folder_name_for(" ".join(name) if isinstance(name, list) else name)
    if not valid_unit_name(unit):
        raise ValueNotAllowed(f"'{unit}': tên đơn vị chỉ gồm chữ thường không dấu, số và '-'", "don_vi")
    year = year or year_of(found)
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise ValueNotAllowed(f"{year}: năm kế hoạch không hợp lệ", "nam")
    result = Imported(unit, year, unplaced=found.unplaced)
    result.notes += [f"{shown}: {n}" for n in found.notes]
    plan_path = ws.plan_file(unit, year)
    unit_path = ws.unit_file(unit)
    replaces = present(plan_path)
    if replaces and not force:
        raise PlanExists(f"{display_path(plan_path)}: đã có kế hoạch năm {year}; không ghi đè.", "ke_hoach_da_co")
    replaced: list[KnownTask] = []
    if replaces:
        try:
            replaced = known_tasks(load(plan_path).data)
        except DanvanError:
            replaced = []  # a plan that cannot be read keeps no id; the log check below still holds
    result.tasks = mark_tasks(found, (replaced, [KnownTask(ma, title) for ma, title in task_titles(data, shown)]))
    if replaces:
        _orphans(ws, unit, year, result.tasks, shown)
    recipients = None
    unit_text = None if present(unit_path) else unit_yaml(found)
    if unit_text is None:
        _check_same_unit(ws, unit, found, result.notes)
        recipients = _own_recipients(ws, unit, found)
    plan_text = plan_yaml(found, year, recipients)
    problems = []
    for target, text, model in ((plan_path, plan_text, Plan), (unit_path, unit_text, Unit)):
        if text is None:
            continue
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise DocumentPastLimit(
                f"{shown}: {target.name} đọc từ văn bản này sẽ lớn {size / 1048576:.1f} MB, quá giới hạn "
                f"{MAX_FILE_BYTES // 1048576} MB của một tệp dữ liệu danvan (nhật ký nhiều năm của một đơn vị bận rộn "
                "cũng chưa tới); văn bản có phần rất lớn không giống kế hoạch (có thể là nội dung dán nhầm): hãy mở "
                "bằng Word, bỏ phần ấy rồi nhập lại"
            )
        try:
            validate(parse_text(target, text), model)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return _Prepared(result, unit_text, plan_text, replaces)


def import_plan(ws, path: Path, *, unit: str | None = None, year: int | None = None, force: bool = False) -> Imported:
    """Read the user's Word file and write unit.yaml (for a new unit) and plan.yaml. Reading and recognising run
    within the limits of time and memory a unit's own template has (bounded.py)."""

    shown = display_path(path)
    data = document_bytes(path)  # (a .doc or .odt is converted by LibreOffice, which has its own time limit)
    try:
        prepared = bounded.run(_prepare, ws, data, shown, unit, year, force)
    except WorkPastLimit as exc:
        limit = {
            "time": f"quá {bounded.SECONDS:g} giây (giới hạn thời gian, DANVAN_RENDER_TIMEOUT)",
            "memory": f"quá {bounded.MEMORY // 1024**3} GB bộ nhớ (giới hạn của danvan)",
        }.get(exc.kind, "bị dừng giữa chừng (thường do hết bộ nhớ)")
        raise DocumentPastLimit(
            f"{shown}: việc đọc văn bản này {limit} nên đã dừng; không tệp nào được ghi. Một kế hoạch thật đọc xong "
            "trong vài giây: văn bản có phần bất thường (đoạn rất dài, bảng lồng nhau…); hãy mở bằng Word, bỏ phần ấy "
            "rồi nhập lại"
        ) from None
    result = prepared.result
    plan_path, unit_path = ws.plan_file(result.unit, result.year), ws.unit_file(result.unit)
    if prepared.unit_text is not None:
        write_text_atomic(unit_path, prepared.unit_text, root=ws.plans_dir, new_only=True)
        result.files.append(unit_path)
    if force and present(plan_path):
        backup = keep_backup(plan_path)
        result.notes.append(f"Bản cũ được giữ ở {display_path(backup)}.")
    write_text_atomic(plan_path, prepared.plan_text, root=ws.plans_dir, new_only=not force)
    result.files.append(plan_path)
    return result
