"""`import`: a Kế hoạch the unit wrote in Word, read back into unit.yaml and plan.yaml.

The way is in three pure steps, each testable alone:

    read_docx      (wordfile.py) the .docx package → paragraphs in reading order, with their number, text,
                   boldness, alignment, style and the label Word's list numbering shows
    recognise      paragraphs → the document's parts: letterhead, number, place and date, tên loại and
                   trích yếu, opening, parts, sections, items, closing, signer, Nơi nhận
    unit_yaml,     the recognised plan → YAML text, every key explained by its Vietnamese comment as new-plan
    plan_yaml      writes it, every guess and every paragraph that could not be placed marked by a comment

Nothing is invented: what cannot be placed stays as a plain paragraph where it stood, and is listed.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danvan_cli import bounded, models
from danvan_cli import vnformat as vn
from danvan_cli.errors import (
    DanvanError,
    DocumentOfAnotherUnit,
    DocumentPastLimit,
    EntriesWouldBeOrphaned,
    InputError,
    PlanExists,
    UsageProblem,
    WorkPastLimit,
    display_path,
)
from danvan_cli.files import MAX_FILE_BYTES, keep_backup, present, write_text_atomic
from danvan_cli.loading import load_unit
from danvan_cli.models import Plan, Unit
from danvan_cli.recognise import AUTHORITY_WORDS, recognise
from danvan_cli.recognise_data import (
    KnownTask,
    as_written,
    mark_tasks,
    name_value,
    reporting_schedule,
    title_value,
    year_of,
)
from danvan_cli.recognise_parts import Node, Placed, Recognised, _key, squash
from danvan_cli.scaffold import folder_name_for
from danvan_cli.validation import validate
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR
from danvan_cli.wordfile import document_bytes, read_docx, task_titles
from danvan_cli.workspace import valid_unit_name
from danvan_cli.yamlsource import load, parse_text, quote, text_lines

# ---------------------------------------------------------------- step 3: YAML, commented as new-plan writes it


def _description(model: str, key: str) -> str:

    cls = getattr(models, model)
    text = cls.model_fields[key].description or key
    return text[:1].upper() + text[1:]


class _Yaml:
    """YAML text written line by line: each key's first use explained by its model's Vietnamese description."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.explained: set[tuple[str, str]] = set()

    def comment(self, indent: int, text: str) -> None:

        for line in textwrap.wrap(text, 116 - indent, break_long_words=False, break_on_hyphens=False):
            self.lines.append(" " * indent + "# " + line)

    def explain(self, indent: int, model: str, key: str) -> None:
        if (model, key) not in self.explained:
            self.explained.add((model, key))
            self.comment(indent, _description(model, key))

    def scalar(self, prefix: str, indent: int, value: Any) -> None:
        """`prefix` ('key:' or '-') and the value: plain when it reads back the same, else folded or quoted."""
        if value is None:
            self.lines.append(" " * indent + prefix)
        elif isinstance(value, bool | int):
            self.lines.append(" " * indent + f"{prefix} {str(value).lower()}")
        elif isinstance(value, dt.date):
            self.lines.append(" " * indent + f"{prefix} {value.isoformat()}")
        else:
            self.lines += text_lines(prefix, indent, str(value))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _paragraph_list(y: _Yaml, key: str, indent: int, texts: list[str], unplaced: dict[int, Placed]) -> None:
    y.lines.append(" " * indent + f"{key}:")
    for i, text in enumerate(texts):
        if i in unplaced:
            y.comment(
                indent + 2,
                f"Không xếp được vào kế hoạch (đoạn {unplaced[i].number} của tệp gốc): giữ nguyên là đoạn văn ở chỗ "
                "nó đứng; hãy đọc lại.",
            )
        y.scalar("-", indent + 2, text)


def _node_yaml(y: _Yaml, node: Node, indent: int, model: str) -> None:
    """One section, part or item as a list entry."""
    first = True
    inner = indent + 2

    def key(model_name: str, name: str) -> str:
        """The prefix of the entry's next key ('- ' for its first), its comment written above it."""
        nonlocal first
        y.explain(indent if first else inner, model_name, name)
        prefix = "- " if first else "  "
        first = False
        return prefix

    if node.ma:
        y.lines.append(" " * indent + key("Item", "ma") + f"ma: {node.ma}")
    if node.tieu_de is not None:
        y.scalar(key(model, "tieu_de") + "tieu_de:", indent, node.tieu_de)
    if node.noi_dung:
        prefix = key(model, "noi_dung")
        if len(node.noi_dung) == 1 and not node.unplaced:
            y.scalar(prefix + "noi_dung:", indent, node.noi_dung[0])
        else:
            y.lines.append(" " * indent + prefix + "noi_dung:")
            for i, text in enumerate(node.noi_dung):
                if i in node.unplaced:
                    y.comment(
                        inner + 2,
                        f"Không xếp được vào mục nào (đoạn {node.unplaced[i].number} của tệp gốc): giữ nguyên là "
                        "đoạn văn ở chỗ nó đứng; hãy đọc lại.",
                    )
                y.scalar("-", inner + 2, text)
    if node.children:
        child_model = "Section" if node.kind == "phan" else "Item"
        if node.kind == "muc":
            plain = [c for c in node.children if not c.ma]
            tasks = [c for c in node.children if c.ma]
            if plain and tasks and node.children.index(tasks[0]) < node.children.index(plain[-1]):
                for c in node.children:
                    c.ma = None  # tasks must follow the plain items: keep the order, track none of them
                plain, tasks = node.children, []
            groups = [("muc", plain), ("nhiem_vu", tasks)]
        else:
            groups = [("muc", node.children)]
        for name, children in groups:
            if not children:
                continue
            y.lines.append(" " * indent + key(model, name) + f"{name}:")
            for child in children:
                _node_yaml(y, child, inner + 2, child_model)


def plan_yaml(found: Recognised, year: int, recipients: list[str] | None = None) -> str:
    """plan.yaml's text for the recognised plan; `recipients` where its Nơi nhận is not the unit's own."""
    y = _Yaml()
    y.comment(0, f"Kế hoạch nhập từ tệp Word {found.source} bằng danvan import: hãy đọc lại từng phần.")
    y.comment(0, "Mỗi khóa có một dòng chú thích (bắt đầu bằng #); văn bản dài viết sau dấu >- và có thể xuống dòng.")
    y.lines.append("")
    y.explain(0, "Plan", "so")
    y.scalar("so:", 0, found.so)
    y.explain(0, "Plan", "ngay")
    if any("ngày ban hành" in n for n in found.notes):
        y.comment(0, f"(ví dụ) Văn bản gốc chưa ghi đủ ngày ('{found.ngay_written}'): hãy sửa.")
    y.scalar("ngay:", 0, found.ngay)
    y.explain(0, "Plan", "chu_de")
    y.comment(0, "(đoán từ trích yếu; không in trong kế hoạch) hãy sửa nếu chưa đúng.")
    y.scalar("chu_de:", 0, topic(found))
    y.explain(0, "Plan", "trich_yeu")
    title = title_value(found.trich_yeu)
    if isinstance(title, list):
        y.lines.append("trich_yeu:")
        for line in title:
            y.scalar("-", 2, line)
    else:
        y.scalar("trich_yeu:", 0, title)
    if found.mo_dau:
        y.lines.append("")
        y.explain(0, "Plan", "mo_dau")
        _paragraph_list(y, "mo_dau", 0, found.mo_dau, found.mo_dau_unplaced)
    y.lines.append("")
    if not any(item.ma for section in _task_sections(found) for item in section.children):
        mark_tasks(found)
    if found.parts:
        y.explain(0, "Plan", "phan")
        y.lines.append("phan:")
        for part in found.parts:
            _node_yaml(y, part, 2, "Part")
    else:
        y.explain(0, "Plan", "muc")
        y.lines.append("muc:")
        for section in found.sections:
            _node_yaml(y, section, 2, "Section")
            y.lines.append("")
    numbering = {}
    if found.parts and found.part_style != "phan_la_ma":
        numbering["phan"] = found.part_style
    if found.point_style != "chu_cai":
        numbering["diem"] = found.point_style
    if numbering:
        y.explain(0, "Plan", "danh_so")
        y.lines.append("danh_so:")
        for key, value in numbering.items():
            y.explain(2, "Numbering", key)
            y.scalar(f"{key}:", 2, value)
    if found.ket_luan:
        y.explain(0, "Plan", "ket_luan")
        if len(found.ket_luan) == 1:
            y.scalar("ket_luan:", 0, found.ket_luan[0])
        else:
            _paragraph_list(y, "ket_luan", 0, found.ket_luan, {})
    if recipients is not None:
        y.explain(0, "Plan", "noi_nhan")
        y.comment(0, "(Nơi nhận in trên văn bản khác danh sách trong unit.yaml)")
        y.lines.append("noi_nhan:" if recipients else "noi_nhan: []")
        for line in recipients:
            y.scalar("-", 2, line)
    schedule = reporting_schedule(_all_texts(found), year)
    y.lines.append("")
    if schedule:
        y.explain(0, "Plan", "che_do_bao_cao")
        y.comment(0, "(đọc từ câu về chế độ báo cáo trong kế hoạch) hãy đối chiếu.")
        y.lines.append("che_do_bao_cao:")
        for due in schedule:
            y.explain(4, "ReportDue", "ky")
            y.lines.append(f"  - ky: {due['ky']}")
            y.explain(4, "ReportDue", "han_nop")
            y.lines.append(f"    han_nop: {due['han_nop']}")
    else:
        y.comment(0, "Chế độ báo cáo: không đọc được chắc chắn từ văn bản; thêm khi cần, ví dụ:")
        y.comment(0, "che_do_bao_cao: [{ky: 6m, han_nop: YYYY-05-15}, {ky: year, han_nop: YYYY-11-15}]")
    return y.text().replace("\n\n\n", "\n\n")


def _task_sections(found: Recognised) -> list[Node]:
    return [s for part in found.parts for s in part.children] if found.parts else found.sections


def _all_texts(found: Recognised) -> list[str]:
    return [*found.mo_dau, *found.corpus.split("\n"), *found.ket_luan]


def topic(found: Recognised) -> str:
    """The plan's subject (chu_de), which the plan does not print: 'công tác …' from its trích yếu where it says
    so, else the trích yếu without its year."""
    title = squash(" ".join(found.trich_yeu))
    lowered = vn.nfc(title.lower())
    m = re.search(r"công tác .+?(?=\s+(?:năm|trên địa bàn|của|tại|giai đoạn|đến)\b|[,;(]|$)", lowered)
    if m:
        return m.group(0).strip()
    text = re.sub(r"\s+năm\s+[0-9]{4}.*$", "", title).strip() or title
    return vn.lower_first(text) if text != vn.upper(text) else text.lower()


def unit_yaml(found: Recognised) -> str:
    """unit.yaml's text for a unit met for the first time."""
    corpus = found.corpus
    y = _Yaml()
    y.comment(0, f"Thông tin đơn vị, nhập từ tệp Word {found.source} bằng danvan import: hãy đọc lại.")
    y.comment(
        0, "Tên in hoa trên văn bản được viết lại như lời văn của kế hoạch viết; chỗ không tìm thấy giữ chữ in hoa."
    )
    y.lines.append("")
    if found.the_thuc == "dang":
        y.explain(0, "Unit", "the_thuc")
        y.lines.append("the_thuc: dang")
    if found.co_quan_chu_quan:
        y.explain(0, "Unit", "co_quan_chu_quan")
        value, _ = name_value(found.co_quan_chu_quan, corpus, the_thuc=found.the_thuc, bold=False)
        _name_yaml(y, "co_quan_chu_quan", value)
    y.explain(0, "Unit", "ten_co_quan")
    value, _ = name_value(found.ten_co_quan, corpus, the_thuc=found.the_thuc, bold=True)
    _name_yaml(y, "ten_co_quan", value)
    y.explain(0, "Unit", "chu_viet_tat")
    y.scalar("chu_viet_tat:", 0, found.chu_viet_tat)
    y.explain(0, "Unit", "dia_danh")
    y.scalar("dia_danh:", 0, found.dia_danh)
    if found.noi_nhan:
        y.comment(
            0,
            "Cơ quan cấp trên nhận báo cáo (dòng 'Kính gửi:' của báo cáo): kế hoạch không in riêng; nếu là dòng đầu "
            "của Nơi nhận, bỏ dấu # dưới đây và xóa dòng ấy khỏi noi_nhan.",
        )

        y.lines.append(f"# co_quan_cap_tren: {quote(found.noi_nhan[0])}")
    y.lines.append("")
    y.explain(0, "Unit", "nguoi_ky")
    y.lines.append("nguoi_ky:")
    if found.authority:
        y.explain(2, "Signer", "quyen_han")
        lines = [_authority_line(a, corpus) for a in found.authority]
        if len(lines) == 1:
            y.scalar("quyen_han:", 2, lines[0])
        else:
            y.lines.append("  quyen_han:")
            for line in lines:
                y.scalar("-", 4, line)
    y.explain(2, "Signer", "chuc_vu")
    y.scalar("chuc_vu:", 2, as_written(found.chuc_vu, corpus)[0] or "(chưa rõ)")
    y.explain(2, "Signer", "ho_ten")
    y.scalar("ho_ten:", 2, found.ho_ten or "(chưa rõ)")
    y.explain(0, "Unit", "noi_nhan")
    if found.noi_nhan:
        y.lines.append("noi_nhan:")
        for line in found.noi_nhan:
            y.scalar("-", 2, line)
    else:
        y.lines.append("noi_nhan: []")
    y.explain(0, "Unit", "luu")
    y.scalar("luu:", 0, found.luu or "VT")
    return y.text()


def _name_yaml(y: _Yaml, key: str, value: str | list[str]) -> None:
    if isinstance(value, list):
        y.lines.append(f"{key}:")
        for line in value:
            y.scalar("-", 2, line)
    else:
        y.scalar(f"{key}:", 0, value)


def _authority_line(line: str, corpus: str) -> str:
    """'TM. ỦY BAN NHÂN DÂN' → 'TM. Ủy ban nhân dân' (as the text writes it, else in sentence case)."""
    for word in AUTHORITY_WORDS:
        if line.startswith(word):
            rest = line[len(word) :].strip()
            if not rest:
                return word
            written, known = as_written(rest, corpus)
            return f"{word} {written if known else vn.sentence_case(rest.lower())}"
    return line


# ---------------------------------------------------------------- the whole way, for the command


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
            f"{display_path(source.path)}; "
            "hãy chọn --unit khác, hoặc bỏ --unit để danvan đặt tên thư mục theo tên cơ quan"
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
        raise UsageProblem(f"tên đơn vị '{unit}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-'")
    year = year or year_of(found)
    if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
        raise UsageProblem(f"năm {year} không hợp lệ; chọn năm kế hoạch bằng --year")
    result = Imported(unit, year, unplaced=found.unplaced)
    result.notes += [f"{shown}: {n}" for n in found.notes]
    plan_path = ws.plan_file(unit, year)
    unit_path = ws.unit_file(unit)
    replaces = present(plan_path)
    if replaces and not force:
        raise PlanExists(
            f"{display_path(plan_path)}: đã có kế hoạch năm {year}; không ghi đè. Dùng --force nếu thật sự muốn thay "
            "(bản cũ được giữ lại bên cạnh, plan.yaml.bak, plan.yaml.bak2…)."
        )
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
