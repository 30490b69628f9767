"""Document context: pure functions from the loaded plan to the values a template shows.

Everything a template prints is decided here, as plain text; templates only place it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from danvan_cli import vnformat as vn
from danvan_cli.models import Narrative, Unit
from danvan_cli.outline import body_blocks, closing, paragraphs
from danvan_cli.periods import ReportPeriod, label
from danvan_cli.typesetting import balanced_lines, natural_lines, rule, width_mm

# Average advance of a capital in Times New Roman bold at 13 pt, and of an underscore at 13 pt, in mm
# (from "TRƯỜNG MẦM NON HÙNG AN" ≈ 67.6 mm over 22 characters; an underscore is half an em).
_BOLD_14PT_MM = 2.55
_UNDERSCORE_13PT_MM = 2.29


# Every name a template can use, by document kind, with what it holds: the reference `validate` checks a
# unit's own templates against, and docs/templates.md prints (tools/glossary.py writes it; a test keeps it true).
_HEADER = {
    "co_quan_chu_quan": "tên cơ quan chủ quản (in hoa), dòng trên cùng bên trái; rỗng nếu không có",
    "ten_co_quan": "tên cơ quan ban hành (in hoa, đậm), một dòng",
    "ten_co_quan_dong": "tên cơ quan ban hành (in hoa), theo từng dòng như in",
    "co_quan_chu_quan_dong": "tên cơ quan chủ quản (in hoa), theo từng dòng như in; rỗng nếu không có",
    "gach_co_quan": "đường kẻ dưới tên cơ quan (dấu gạch dưới, dài 1/3–1/2 tên)",
    "so_ky_hieu": "dòng số, ký hiệu: 'Số: 05/KH-MNHA' (Đảng: 'Số 05-KH/CB')",
    "dia_danh_ngay": "địa danh và ngày tháng: 'Hùng An, ngày 25 tháng 01 năm 2022'",
    "chuc_vu_ky": "danh sách các dòng thẩm quyền, chức vụ của người ký (in hoa)",
    "ho_ten_ky": "họ tên người ký",
    "ten_loai": "tên loại văn bản (in hoa): KẾ HOẠCH, BÁO CÁO",
    "trich_yeu": "trích yếu nội dung",
    "trich_yeu_dong": "trích yếu theo từng dòng, ngắt cho cân (không để một chữ đứng riêng ở dòng cuối)",
    "gach_trich_yeu": "đường kẻ dưới trích yếu",
    "kinh_gui": "cơ quan nhận ở dòng 'Kính gửi:' (rỗng nếu không có)",
    "noi_nhan": "danh sách các dòng Nơi nhận, mỗi dòng '- …;', dòng cuối '- Lưu: VT.'",
}
_BODY = (
    "danh sách đoạn văn; mỗi đoạn có kieu ('phan' chữ Phần, 'phan_tieu_de' tiêu đề phần, 'muc' I., 'khoan' 1. có "
    "tiêu đề, 'doan' văn bản thường) và van_ban"
)
TEMPLATE_NAMES: dict[str, dict[str, str]] = {
    "ke_hoach": {**_HEADER, "noi_dung": f"thân kế hoạch: {_BODY}"},
    "bao_cao": {
        **_HEADER,
        "phan_dau": f"thân báo cáo trước bảng số liệu: {_BODY}",
        "bang_so_lieu": "bảng số liệu: tieu_de, co_cung_ky (có cột cùng kỳ năm trước), ca_nam (báo cáo năm: một cột "
        "số liệu), cot_nam, cot_nam_truoc (tên cột: Năm 2026, Năm 2025), dong (tt, ten, dvt, ky_nay, luy_ke, cung_ky, "
        "so_sanh)",
        "phan_sau": f"thân báo cáo sau bảng số liệu: {_BODY}",
        "cham_diem": "phụ lục tự chấm điểm (báo cáo năm), hoặc rỗng: tieu_de, tieu_de_dong, kem_theo, kem_theo_dong, "
        "can_cu, dong (ma, ten, toi_da, diem, tham_dinh), tham_dinh (có cột điểm thẩm định), ket_luan",
    },
    "bao_cao_tong_hop": {
        **_HEADER,
        "phan_dau": f"thân báo cáo trước bảng số liệu: {_BODY}",
        "bang_so_lieu": "bảng tổng hợp: tieu_de, co_cung_ky, dong (tt, ten, dvt, ky_nay, cung_ky, so_sanh)",
        "phan_sau": f"thân báo cáo sau bảng số liệu: {_BODY}",
        "phu_luc_diem": "báo cáo năm: phụ lục II, điểm và xếp loại của các đơn vị, hoặc rỗng: tieu_de_dong, "
        "kem_theo_dong, dong (tt, don_vi, tu_cham, tham_dinh, xep_loai), ket_luan",
        "phu_luc": "phụ lục: so (' I' khi có phụ lục II), tieu_de, tieu_de_dong, kem_theo, kem_theo_dong, bang (các bảng: cot – tiêu đề cột, dong – "
        "tt, don_vi, o – các ô, tong – dòng tổng cộng), ghi_chu (các dòng về gói báo cáo nhận được mà không tổng hợp)",
    },
    "cong_van": {
        **{name: text for name, text in _HEADER.items() if name not in ("ten_loai", "gach_trich_yeu")},
        "trich_yeu": "trích yếu công văn: 'V/v …' (ô 5b, dưới số, ký hiệu)",
        "trich_yeu_dong": "trích yếu công văn theo từng dòng, ngắt vừa cột bên trái",
        "kinh_gui": "một nơi nhận ở dòng 'Kính gửi:'; rỗng khi có nhiều nơi (kinh_gui_dong)",
        "kinh_gui_dong": "các nơi nhận dưới 'Kính gửi:', mỗi dòng '- …;', dòng cuối '- ….' (khi có nhiều nơi)",
        "noi_dung": f"nội dung công văn: {_BODY}",
        "phu_luc_de_cuong": "phụ lục đề cương (công văn gửi đề cương), hoặc rỗng: tieu_de_dong, kem_theo_dong, gach, "
        "dau (các đoạn trước biểu số liệu), tieu_de_bang, so_lieu (tt, ten, dvt), sau (các đoạn sau biểu)",
    },
    "so_van_ban_di": {
        "co_quan_chu_quan_dong": "tên cơ quan chủ quản (in hoa), theo từng dòng; rỗng nếu không có",
        "ten_co_quan_dong": "tên cơ quan (in hoa), theo từng dòng",
        "nam": "năm của sổ",
        "tu_ngay": "ngày của văn bản đầu tiên trong sổ",
        "den_ngay": "ngày của văn bản cuối cùng trong sổ",
        "tu_so": "số đầu tiên trong sổ",
        "den_so": "số cuối cùng trong sổ",
        "quyen_so": "quyển số",
        "dong": "các văn bản theo thứ tự số: so_ky_hieu, ngay, trich_yeu, nguoi_ky, noi_nhan, luu, so_luong, "
        "ngay_chuyen, ghi_chu",
    },
}


def subject_rule(subject: str) -> str:
    """The short line under a trích yếu (14 pt bold, on a 165 mm text line): about a third of it, as NĐ 30 asks."""
    width = min(len(subject) * _BOLD_14PT_MM, 165)
    return "_" * max(6, round(width * 0.35 / _UNDERSCORE_13PT_MM))


def plan_body(plan) -> list[dict]:
    """The plan's opening, its outline (parts, sections, items, tasks) and its closing, as body blocks."""

    return closing(paragraphs(plan.mo_dau) + body_blocks(plan.muc, plan.phan, plan.danh_so), plan.ket_luan)


def recipients(items: list[str], archive: str, *, first: str | None = None, party: bool = False) -> list[str]:
    """Nơi nhận lines: '- X;' each, 'Như trên' first for a document with Kính gửi, '- Lưu: VT.' last (a Party
    body's: '- Lưu Chi bộ.', without the colon, as HD 36 writes it)."""
    names = ([first] if first else []) + [vn.collapse_whitespace(i).rstrip(";.") for i in items]
    archived = f"- Lưu {archive.rstrip('.')}." if party else f"- Lưu: {archive.rstrip('.')}."
    return [f"- {n};" for n in names] + [archived]


# The letterhead's left column (templates): its width less the cells' margins, and the names' size.
LETTERHEAD_MM = {"nha_nuoc": 71.0, "dang": 79.0}
LETTERHEAD_PT = {"nha_nuoc": 13, "dang": 14}


def letterhead_lines(name: str, the_thuc: str, *, bold: bool) -> list[str]:
    """A name of the letterhead in capitals, in the lines the unit gave (a list in unit.yaml), or broken where
    a clerk breaks it: before the place's administrative level, after the kind of body, never inside a school's
    level. The managing body's name (not bold) may abbreviate a level that cannot stand whole on a line."""

    lines = [vn.upper(line) for line in name.split("\n") if line.strip()]
    if len(lines) > 1:
        return lines
    if not lines:
        return []
    return natural_lines(lines[0], LETTERHEAD_MM[the_thuc], LETTERHEAD_PT[the_thuc], bold=bold, abbreviate=not bold)


def title_lines(subject: str, *, party: bool = False) -> dict:
    """The trích yếu, first letter capital: in the lines the unit gave (a list in its YAML), else broken where
    a phrase begins and the lines balance (never one word alone on the last)."""

    given = [vn.collapse_whitespace(line) for line in subject.split("\n") if line.strip()]
    one_line = vn.sentence_case(" ".join(given))
    lines = [vn.sentence_case(given[0]), *given[1:]] if len(given) > 1 else balanced_lines(one_line, 163, 14, bold=True)
    return {
        "trich_yeu": one_line,
        "trich_yeu_dong": lines,
        "gach_trich_yeu": subject_rule(one_line),
    }


def appendix_heading(title: str, attached: str, width_mm: float) -> dict:
    """A Phụ lục's title (capitals, bold) and its '(Kèm theo …)' line, each broken where its lines balance, so
    that no line ends with one word alone ('Hùng An)' on a line of its own)."""

    title = vn.upper(title)
    return {
        "tieu_de": title,
        "tieu_de_dong": balanced_lines(title, width_mm, 13, bold=True),
        "kem_theo": attached,
        "kem_theo_dong": balanced_lines(attached, width_mm, 13, bold=False),
    }


def document_header(unit, number: int | None, type_abbr: str, date) -> dict:
    """Ô 1–4 and the signature: what every document of the unit shares."""

    issuer = letterhead_lines(unit.ten_co_quan, unit.the_thuc, bold=True)
    parent = letterhead_lines(unit.co_quan_chu_quan, unit.the_thuc, bold=False) if unit.co_quan_chu_quan else []
    widest = max(width_mm(line, LETTERHEAD_PT[unit.the_thuc], bold=True) for line in issuer)
    return {
        "co_quan_chu_quan": " ".join(parent),
        "co_quan_chu_quan_dong": parent,
        "ten_co_quan": " ".join(issuer),
        "ten_co_quan_dong": issuer,
        "gach_co_quan": rule(widest, fraction=0.4),
        "so_ky_hieu": vn.number_line(number, type_abbr, unit.chu_viet_tat, party=unit.the_thuc == "dang"),
        "dia_danh_ngay": vn.place_and_date(unit.dia_danh, date),
        "chuc_vu_ky": unit.nguoi_ky.title_lines(),
        "ho_ten_ky": unit.nguoi_ky.ho_ten,
    }


def plan_context(unit, plan, number: int | None = None) -> dict:
    """Everything the Kế hoạch template shows; `number` is the register's when the plan was finalised."""
    context = document_header(unit, number or plan.so, "KH", plan.ngay)
    context.update(
        {
            "ten_loai": "KẾ HOẠCH",
            **title_lines(plan.trich_yeu, party=unit.the_thuc == "dang"),
            "kinh_gui": "",
            "noi_dung": plan_body(plan),
            # A plan goes to the office above first (it asked for it), then to the unit's own list.
            "noi_nhan": recipients(
                plan.noi_nhan if plan.noi_nhan is not None else unit.noi_nhan,
                unit.luu,
                first=unit.co_quan_cap_tren,
                party=unit.the_thuc == "dang",
            ),
        }
    )
    return context


def plan_topic(plan) -> str:
    return vn.collapse_whitespace(plan.chu_de)


def plan_file_stem(unit, plan, year: int) -> str:
    """Stable, readable output name with the unit's abbreviation: KH-MNHA-2022-cong-tac-dan-van-chinh-quyen."""
    return f"KH-{vn.abbreviation_slug(unit.chu_viet_tat)}-{year}-{vn.slug(plan.chu_de)}"


# ---------------------------------------------------------------- the Báo cáo


@dataclasses.dataclass(frozen=True)
class ReportFace:
    """What a Báo cáo says of itself: its trích yếu, date, number, Kính gửi and Nơi nhận. Computed once
    (`report_face`) and used by the document, its Phụ lục, its properties and the register alike."""

    unit: Unit
    trich_yeu: str  # as given: a list of lines in the YAML keeps its line breaks
    date: dt.date
    number: int | None
    noi_nhan: tuple[str, ...]  # the report's own list, else the unit's ('Như trên' and 'Lưu' not included)

    @property
    def party(self) -> bool:
        return self.unit.the_thuc == "dang"

    @property
    def subject(self) -> str:
        """The trích yếu on one line: for the register and the document's properties."""
        return vn.collapse_whitespace(self.trich_yeu)

    @property
    def kinh_gui(self) -> str:
        return self.unit.co_quan_cap_tren or ""

    @property
    def recipients(self) -> list[str]:
        """Nơi nhận as printed: 'Như trên' for the office of the Kính gửi line, then the list."""
        return (["Như trên"] if self.kinh_gui else []) + list(self.noi_nhan)

    @property
    def delivered_to(self) -> list[str]:
        """Where the report really went, for the register: 'Như trên' is the office it was addressed to."""
        return [self.kinh_gui if r == "Như trên" else vn.collapse_whitespace(r) for r in self.recipients]

    def attached(self) -> str:
        """A Phụ lục's line: '(Kèm theo Báo cáo số 02/BC-MNHA ngày 14 tháng 11 năm 2022 của …)'."""
        cited = vn.citation(
            "Báo cáo", self.number, "BC", self.unit.chu_viet_tat, self.date, party=self.party, appendix=True
        )
        return f"(Kèm theo {cited} của {self.unit.name})"

    def numbered(self, number: int | None) -> ReportFace:
        """The same report with the number the register gave it."""
        return dataclasses.replace(self, number=number or self.number)

    def context(self) -> dict:
        """The template's names for all of the above: header, title, Kính gửi, Nơi nhận."""
        return {
            **document_header(self.unit, self.number, "BC", self.date),
            "ten_loai": "BÁO CÁO",
            **title_lines(self.trich_yeu, party=self.party),
            "kinh_gui": self.kinh_gui,
            "noi_nhan": recipients(
                list(self.noi_nhan), self.unit.luu, first="Như trên" if self.kinh_gui else None, party=self.party
            ),
        }


def report_face(
    unit: Unit,
    narrative: Narrative,
    *,
    topic: str,
    period_title: str,
    date: dt.date,
    number: int | None = None,
    consolidated: bool = False,
) -> ReportFace:
    """A report's face: the narrative's own trích yếu and Nơi nhận where it gives them, else the defaults
    ('Kết quả thực hiện <topic> <period>'; a consolidation's 'Tổng hợp kết quả thực hiện …'); its number is the
    one given (the register's), else the narrative's."""
    default = f"{'Tổng hợp kết quả' if consolidated else 'Kết quả'} thực hiện {topic} {period_title}"
    return ReportFace(
        unit,
        narrative.trich_yeu or default,
        date,
        number or narrative.so,
        tuple(narrative.noi_nhan if narrative.noi_nhan is not None else unit.noi_nhan),
    )


def report_file_stem(unit: Unit, period: ReportPeriod) -> str:
    """BC-MNHA-2022-6-thang-dau-nam, BC-MNHA-2022-quy-i, BC-MNHA-2022-nam."""

    return f"BC-{vn.abbreviation_slug(unit.chu_viet_tat)}-{period.year}-{vn.slug(label(period.code))}"


def plan_citation(unit, plan, number: int | None) -> str:
    """'Kế hoạch số 05/KH-MNHA ngày 25 tháng 01 năm 2022 của … về …' (Party: 'số 05-KH/CB'); `number` is the
    plan's own or the register's, a blank to fill by hand where neither has one."""
    cited = vn.citation("Kế hoạch", number, "KH", unit.chu_viet_tat, plan.ngay, party=unit.the_thuc == "dang")
    subject = vn.collapse_whitespace(plan.trich_yeu)
    return f"{cited} của {unit.name} về {vn.lower_first(subject)}"


# ---------------------------------------------------------------- the Sổ đăng ký văn bản đi


def register_context(unit, year: int, entries: list) -> dict:
    """The register as NĐ 30 Phụ lục IV's book shows it: the cover (the body's names, the year, the first and last
    dates and numbers, the volume) and one row per document in the ten columns, by number."""
    ordered = sorted(entries, key=lambda e: (e.ngay.year, e.so, e.ky_hieu))
    dates = sorted(e.ngay for e in entries)
    return {
        "co_quan_chu_quan_dong": letterhead_lines(unit.co_quan_chu_quan, unit.the_thuc, bold=False)
        if unit.co_quan_chu_quan
        else [],
        "ten_co_quan_dong": letterhead_lines(unit.ten_co_quan, unit.the_thuc, bold=True),
        "nam": str(year),
        "tu_ngay": vn.short_date(dates[0]) if dates else "",
        "den_ngay": vn.short_date(dates[-1]) if dates else "",
        "tu_so": f"{ordered[0].so:02d}" if ordered else "",
        "den_so": f"{ordered[-1].so:02d}" if ordered else "",
        "quyen_so": "01",
        "dong": [
            {
                "so_ky_hieu": e.reference,
                "ngay": vn.short_date(e.ngay),
                "trich_yeu": f"{e.ten_loai}: {e.trich_yeu}",
                "nguoi_ky": e.nguoi_ky,
                "noi_nhan": "; ".join(e.noi_nhan),
                "luu": unit.luu,
                "so_luong": "",
                "ngay_chuyen": "",
                "ghi_chu": "",
            }
            for e in ordered
        ],
    }
