"""Document context: pure functions from the loaded plan to the values a template shows.

Everything a template prints is decided here, as plain text; templates only place it.
"""

from __future__ import annotations

from danvan_cli import vnformat as vn

# Average advance of a capital in Times New Roman bold at 13 pt, and of an underscore at 13 pt, in mm
# (from "TRƯỜNG MẦM NON HÙNG AN" ≈ 67.6 mm over 22 characters; an underscore is half an em).
_CAPS_13PT_MM = 3.07
_BOLD_14PT_MM = 2.55
_UNDERSCORE_13PT_MM = 2.29


def rule_under(text: str, *, char_mm: float, line_mm: float, fraction: float = 0.4) -> str:
    """A solid line of underscores about `fraction` of the text's (longest) line, as NĐ 30 asks (1/3–1/2)."""
    width = min(len(text) * char_mm, line_mm)
    return "_" * max(6, round(width * fraction / _UNDERSCORE_13PT_MM))


def block(kind: str, text: str) -> dict:
    """One body paragraph: kind is 'muc' (I. HEADING), 'khoan' (1. Heading) or 'doan' (running text)."""
    return {"kieu": kind, "van_ban": vn.collapse_whitespace(text)}


def section_heading(index: int, title: str) -> dict:
    return block("muc", f"{vn.roman(index)}. {vn.upper(title)}")


def task_blocks(number: int, task) -> list[dict]:
    """'1. text' as one paragraph, or '1. Heading' then its paragraphs; points as a), b), đ)…"""
    out: list[dict] = []
    paragraphs = list(task.paragraphs)
    if task.tieu_de:
        out.append(block("khoan", f"{number}. {task.tieu_de}"))
        out += [block("doan", p) for p in paragraphs]
    else:
        first, *rest = paragraphs or [""]
        out.append(block("doan", f"{number}. {first}"))
        out += [block("doan", p) for p in rest]
    out += [block("doan", f"{vn.point_letter(i)}) {p}") for i, p in enumerate(task.cac_diem)]
    return out


def plan_body(plan) -> list[dict]:
    blocks = [block("doan", p) for p in plan.mo_dau]
    for i, section in enumerate(plan.muc, start=1):
        blocks.append(section_heading(i, section.tieu_de))
        blocks += [block("doan", p) for p in section.noi_dung]
        for n, task in enumerate(section.nhiem_vu, start=1):
            blocks += task_blocks(n, task)
    blocks += [block("doan", p) for p in plan.ket_luan]
    return blocks


def recipients(items: list[str], archive: str, *, first: str | None = None) -> list[str]:
    """Nơi nhận lines: '- X;' each, 'Như trên' first for a document with Kính gửi, '- Lưu: VT.' last."""
    names = ([first] if first else []) + [vn.collapse_whitespace(i).rstrip(";.") for i in items]
    return [f"- {n};" for n in names] + [f"- Lưu: {archive.rstrip('.')}."]


def document_header(unit, number: int | None, type_abbr: str, date) -> dict:
    """Ô 1–4 and the signature: what every document of the unit shares."""
    issuer = vn.upper(unit.ten_co_quan)
    return {
        "co_quan_chu_quan": vn.upper(unit.co_quan_chu_quan) if unit.co_quan_chu_quan else "",
        "ten_co_quan": issuer,
        "gach_co_quan": rule_under(issuer, char_mm=_CAPS_13PT_MM, line_mm=68),
        "so_ky_hieu": vn.number_line(number, type_abbr, unit.chu_viet_tat),
        "dia_danh_ngay": vn.place_and_date(unit.dia_danh, date),
        "chuc_vu_ky": unit.nguoi_ky.title_lines(),
        "ho_ten_ky": unit.nguoi_ky.ho_ten,
    }


def plan_context(unit, plan) -> dict:
    """Everything the Kế hoạch template shows."""
    context = document_header(unit, plan.so, "KH", plan.ngay)
    context.update(
        {
            "ten_loai": "KẾ HOẠCH",
            "trich_yeu": vn.sentence_case(vn.collapse_whitespace(plan.trich_yeu)),
            "gach_trich_yeu": rule_under(plan.trich_yeu, char_mm=_BOLD_14PT_MM, line_mm=165, fraction=0.35),
            "kinh_gui": "",
            "noi_dung": plan_body(plan),
            "noi_nhan": recipients(plan.noi_nhan if plan.noi_nhan is not None else unit.noi_nhan, unit.luu),
        }
    )
    return context


def plan_file_stem(plan, year: int) -> str:
    """Stable, readable output name: KH-2022-cong-tac-dan-van-chinh-quyen."""
    return f"KH-{year}-{vn.slug(plan.chu_de)}"
