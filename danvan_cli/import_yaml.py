"""A recognised Kế hoạch written as YAML: plan.yaml and unit.yaml with the comments new-plan writes, paragraphs kept
where they stood, the topic guessed from the trích yếu."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from typing import Any

from danvan_cli import models
from danvan_cli import vnformat as vn
from danvan_cli.recognise import AUTHORITY_WORDS
from danvan_cli.recognise_data import (
    as_written,
    mark_tasks,
    name_value,
    reporting_schedule,
    title_value,
)
from danvan_cli.recognise_parts import Node, Placed, Recognised, squash
from danvan_cli.yamlsource import quote
from danvan_cli.yamlwriter import text_lines


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
