"""The office's công văn to its units (NĐ 30 Phụ lục III, Mẫu 1.5; HD 36 for a Party office): the letter that sends
its outline for a report, with the outline as its Phụ lục (`de-cuong`), and the reminder to the units that have not
reported, or reported late (`don-doc`). What they say is decided here, as text; the template only places it.

Nothing of the tool is on paper: units and the office are named in full (NĐ 30 §II.2), the outline's placeholders
are filled, its keys are said in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import re
import unicodedata
from collections import Counter
from pathlib import Path

from danvan_cli import vnformat as vn
from danvan_cli.context import appendix_heading, document_header, recipients, subject_rule
from danvan_cli.errors import DanvanError, DateOutOfRange, Note, ValueNotAllowed, display_path
from danvan_cli.files import write_text_atomic
from danvan_cli.loading import load_plan, load_unit
from danvan_cli.models import Numbering, Outline, Unit
from danvan_cli.outline import Block, block, body_blocks
from danvan_cli.package import outline_text
from danvan_cli.periods import label, label_with_year, nd09_window, next_period
from danvan_cli.plan_document import Written, properties, write_document
from danvan_cli.render import render_docx, template_path
from danvan_cli.report_skeleton import default_skeleton, fill_placeholders
from danvan_cli.roster import load_roster
from danvan_cli.typesetting import balanced_lines
from danvan_cli.validation import validate
from danvan_cli.workspace import OUTLINE_FILE, Workspace
from danvan_cli.yamlsource import parse_text

# The left column of the letterhead, less its cells' margins: the width the trích yếu 'V/v …' is broken to (12 pt).
SUBJECT_MM = 70.0


# What a unit writes under each part of the outline, said to a clerk who may not use danvan.
GUIDE = {
    "dac_diem_tinh_hinh": "Đặc điểm tình hình của đơn vị: quy mô, thuận lợi, khó khăn.",
    "lanh_dao_chi_dao": "Công tác lãnh đạo, chỉ đạo, triển khai của đơn vị: kế hoạch, văn bản đã ban hành (số, ngày, "
    "trích yếu), hội nghị, cuộc họp triển khai trong kỳ.",
    "ket_qua_noi_bat": "Những kết quả nổi bật trong kỳ.",
    "ket_qua": "Kết quả thực hiện từng nhiệm vụ theo kế hoạch: việc đã làm, thời gian, số lượng, mức độ hoàn thành; "
    "nhiệm vụ chưa hoàn thành nêu rõ lý do.",
    "danh_gia_chung": "Đánh giá chung: số nhiệm vụ đã hoàn thành so với kế hoạch.",
    "uu_diem": "Những mặt làm được, kết quả tốt.",
    "ton_tai_han_che": "Những việc đến hạn chưa hoàn thành, chỉ tiêu chưa đạt (nếu có).",
    "nguyen_nhan": "Nguyên nhân khách quan, chủ quan của hạn chế.",
    "bai_hoc_kinh_nghiem": "Bài học kinh nghiệm.",
    "phuong_huong": "Nhiệm vụ, giải pháp cụ thể trong kỳ tới, có thời gian thực hiện.",
    "de_xuat_kien_nghi": "Đề xuất, kiến nghị với cấp trên (nếu có).",
}


@dataclasses.dataclass(frozen=True)
class Letter:
    """One công văn of the office: what it says of itself and what it says."""

    unit: Unit  # the office
    owner: str  # its folder (whose document the file is)
    subject: tuple[str, ...]  # the trích yếu after 'V/v', in its phrases (a line may start at each)
    date: dt.date
    drafting: str | None  # the drafting unit's or field's abbreviation in the ký hiệu (NĐ 30 PL I §II.3.b)
    to: tuple[str, ...]  # Kính gửi: each recipient named in full
    body: tuple[Block, ...]
    stem: str
    appendix: dict | None = None
    number: int | None = None  # a draft: the number is written in by hand once signed

    @property
    def party(self) -> bool:
        return self.unit.the_thuc == "dang"

    @property
    def reference(self) -> str:
        """'      /VHXH-DV' (NĐ 30: the issuer's abbreviation, then the drafting unit's or the field's); the
        Party's '      -CV/BDVHU' (HD 36)."""
        if self.party:
            return vn.doc_reference(self.number, "CV", self.unit.chu_viet_tat, party=True)
        symbol = self.unit.chu_viet_tat + (f"-{self.drafting}" if self.drafting else "")
        return f"{vn.doc_number(self.number)}/{symbol}"

    def attached(self) -> str:
        """The Phụ lục's line: '(Kèm theo Công văn số      /VHXH ngày 04 tháng 5 năm 2026 của …)'."""
        when = f", ngày {vn.short_date(self.date)}" if self.party else f" {vn.date_words(self.date)}"
        return f"(Kèm theo Công văn số {self.reference}{when} của {self.unit.name})"


def letter_context(letter: Letter) -> dict:
    """Everything the công văn's template shows (pure): the letterhead and number, 'V/v …' under it, Kính gửi, the
    body, the signature, Nơi nhận ('Như trên' first), and the outline's Phụ lục where there is one."""

    header = document_header(letter.unit, letter.number, "CV", letter.date)
    header["so_ky_hieu"] = ("Số " if letter.party else "Số: ") + letter.reference
    phrases = ["V/v", *(vn.collapse_whitespace(p) for p in letter.subject)]
    subject = " ".join(phrases)
    starts = {sum(len(p.split()) for p in phrases[:i]) for i in range(2, len(phrases))}
    to = list(letter.to)
    archive = letter.unit.luu
    if letter.drafting and archive == "VT":  # 'Lưu: VT, DV.': the drafting unit keeps a copy (Mẫu 1.5)
        archive = f"VT, {letter.drafting}"
    return {
        **header,
        "trich_yeu": subject,
        "trich_yeu_dong": balanced_lines(subject, SUBJECT_MM, 12, bold=False, prefer=starts),
        "kinh_gui": to[0] if len(to) == 1 else "",
        "kinh_gui_dong": [f"- {n}{'.' if i == len(to) - 1 else ';'}" for i, n in enumerate(to)] if len(to) > 1 else [],
        "noi_dung": list(letter.body),
        "noi_nhan": recipients([], archive, first="Như trên", party=letter.party),
        "phu_luc_de_cuong": letter.appendix,
    }


def render_letter(ws: Workspace, letter: Letter) -> bytes:

    props = properties(letter.unit, letter.owner, "Công văn", " ".join(letter.subject), letter.date)
    template = template_path("cong_van", letter.unit, ws.unit_dir(letter.owner))
    return render_docx(template, letter_context(letter), props)


def write_letter(letter: Letter, data: bytes, out_dir: Path, *, pdf: bool = False) -> Written:

    return write_document(data, out_dir, letter.stem, owner=letter.owner, pdf=pdf)


def letter_stem(office_unit: Unit, what: str, period: str | None, year: int) -> str:
    """CV-VHXH-2026-de-cuong-bao-cao-6-thang-dau-nam, CV-VHXH-2026-don-doc-bao-cao-nam."""

    which = f"-{vn.slug(label(period))}" if period else ""
    return f"CV-{vn.abbreviation_slug(office_unit.chu_viet_tat)}-{year}-{what}{which}"


def drafting_option(value: str | None) -> str | None:
    """The drafting unit's or field's abbreviation as the ký hiệu takes it (capitals, digits, '.', '-', '&'), or
    refused (what was asked)."""

    if value is None:
        return None
    text = vn.nfc(value.strip())
    if not re.fullmatch(r"[0-9A-ZĐ&]+([.-][0-9A-ZĐ&]+)*", text) or len(text) > 20:
        raise ValueNotAllowed(
            f"'{value}': chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực viết bằng chữ in hoa và số, nối "
            "bằng '-' hoặc '.', tối đa 20 ký tự, ví dụ VX trong 12/UBND-VX",
            "ky_hieu",
        )
    return text


def recipient_option(text: str) -> str:
    """A recipient as it is printed: NFC, spaces collapsed; a control or invisible formatting character (one that
    turns text right to left, say), which no keyboard types on purpose and the paper would show wrongly, is refused."""

    bad = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf")), None)
    if bad is not None:
        raise ValueNotAllowed(
            f"có ký tự điều khiển U+{ord(bad):04X} (không in được); hãy gõ lại tên nơi nhận, không dán ký tự lạ",
            "kinh_gui",
        )
    return " ".join(vn.nfc(text).split())


def _subject_of(office_unit: Unit) -> str:
    return office_unit.tong_hop.chu_de if office_unit.tong_hop else "công tác dân vận chính quyền"


def _office_above(office_unit: Unit) -> str:
    return f", báo cáo {office_unit.co_quan_cap_tren}" if office_unit.co_quan_cap_tren else ""


def _who(recipients: list[str] | tuple[str, ...]) -> str:
    """How the body names those it asks: the one unit by its name, else 'các đơn vị'."""
    return recipients[0] if len(recipients) == 1 else "các đơn vị"


def office_units(ws: Workspace, office: str, office_unit: Unit) -> tuple[list[tuple[str, str]], list[str]]:
    """The units that report to the office, each with its full name: its roster (don-vi.yaml) where it keeps one,
    else the folders here that tong_hop.don_vi matches; and what could not be read (a unit whose unit.yaml is wrong
    is named by its folder, with why)."""

    roster = load_roster(ws, office)
    if roster is not None:
        return [(u.ma, " ".join(u.ten.split())) for u in roster.don_vi if u.den_ngay is None], []
    patterns = office_unit.tong_hop.don_vi if office_unit.tong_hop else ["*"]
    found: list[tuple[str, str]] = []
    unreadable: list[str] = []
    for unit in ws.units():
        if unit == office or not any(fnmatch.fnmatchcase(unit, p) for p in patterns):
            continue
        try:
            found.append((unit, load_unit(ws, unit)[0].name))
        except DanvanError as exc:
            unreadable.append(f"{unit}: {exc.lines()[0]}")
    return found, unreadable


@dataclasses.dataclass(frozen=True)
class Window:
    """The report the outline asks for: its data window and deadline, and where they come from (for the terminal)."""

    start: dt.date | None
    end: dt.date | None
    due: dt.date | None
    source: str


def asked_window(ws: Workspace, units: list[str], period: str | None, year: int, due: dt.date | None) -> Window:
    """The data window and deadline of the report asked for: the deadline given (`due`), else the one most of the
    units' plans set for the period, else the day after NĐ 09's window; the window as those plans have it, else
    NĐ 09's; it ends the day before the deadline at the latest. Without a period: the deadline given, or none."""

    if period is None:
        return Window(None, None, due, "hạn đã cho" if due else "")
    planned: Counter = Counter()
    for unit in units:
        try:
            loaded = load_plan(ws, unit, year)
        except DanvanError:
            continue
        if loaded.plan is None:
            continue
        p = loaded.calendar.period(period)
        if p.due is not None:
            planned[(p.start, p.end, p.due)] += 1
    if planned:
        (start, end, planned_due), n = planned.most_common(1)[0]
        source = f"theo kế hoạch của {n}/{len(units)} đơn vị"
    else:
        start, end = nd09_window(period, year)
        planned_due = end + dt.timedelta(days=1)
        source = "ngày sau kỳ số liệu theo Nghị định 09/2019/NĐ-CP"
    chosen = due or planned_due
    if due is not None:
        source = "hạn đã cho"
    return Window(start, min(end, chosen - dt.timedelta(days=1)), chosen, source)


def outline_letter(
    ws: Workspace,
    office: str,
    office_unit: Unit,
    outline: Outline,
    *,
    year: int,
    date: dt.date,
    window: Window,
    to: list[str],
    drafting: str | None = None,
) -> Letter:
    """The công văn that sends the outline: it asks for the report by its deadline, names the data window, and
    carries the outline as its Phụ lục (parts and headings with their placeholders filled, what goes under each,
    the figures wanted with their units)."""

    period = outline.ky
    subject = vn.collapse_whitespace(outline.chu_de)
    name = office_unit.name
    who = _who(to)
    if period is not None:
        title = label_with_year(period, year)
        letter_subject = ("báo cáo kết quả thực hiện", subject, title)
        body = [
            block(
                "doan",
                f"Để có cơ sở tổng hợp kết quả thực hiện {subject} {title}{_office_above(office_unit)}, {name} đề "
                f"nghị {who} báo cáo kết quả thực hiện {subject} {title} như sau:",
            ),
            block(
                "doan",
                "1. Nội dung báo cáo: theo đề cương tại Phụ lục kèm theo Công văn này; số liệu ghi đủ theo biểu số "
                "liệu trong đề cương, đúng đơn vị tính.",
            ),
        ]
        if window.start and window.end:
            body.append(
                block(
                    "doan",
                    f"2. Thời gian chốt số liệu: từ ngày {vn.short_date(window.start)} đến ngày "
                    f"{vn.short_date(window.end)}.",
                )
            )
        if window.due:
            body.append(
                block(
                    "doan",
                    f"{len(body)}. Thời hạn gửi báo cáo: trước ngày {vn.short_date(window.due)}, gửi về {name}.",
                )
            )
    else:
        letter_subject = ("đề cương báo cáo định kỳ", "kết quả thực hiện", subject)
        deadline = f" trước ngày {vn.short_date(window.due)}" if window.due else " đúng thời hạn theo chế độ báo cáo"
        body = [
            block(
                "doan",
                f"Để thống nhất nội dung báo cáo định kỳ kết quả thực hiện {subject}, {name} gửi đề cương báo cáo "
                f"tại Phụ lục kèm theo Công văn này. Đề nghị {who} báo cáo theo đề cương, ghi đủ số liệu theo biểu số "
                f"liệu trong đề cương, đúng đơn vị tính, gửi về {name}{deadline}.",
            )
        ]
    body.append(block("ket", f"{name} đề nghị {who} quan tâm, thực hiện./."))
    letter = Letter(
        office_unit,
        office,
        letter_subject,
        date,
        drafting,
        tuple(to),
        tuple(body),
        letter_stem(office_unit, "de-cuong-bao-cao", period, year),
    )
    return dataclasses.replace(letter, appendix=outline_appendix(letter, outline, year))


def placeholder_values(period: str | None, year: int) -> dict[str, str]:
    """What the outline's headings name ({ky_bao_cao}, {ky_toi}, {nam}), for the period asked, or any."""

    if period is None:
        return {"ky_bao_cao": "kỳ báo cáo", "ky_toi": "kỳ tới", "nam": str(year)}
    return {"ky_bao_cao": label_with_year(period, year), "ky_toi": next_period(period, year)[2], "nam": str(year)}


def outline_appendix(letter: Letter, outline: Outline, year: int) -> dict:
    """The outline on paper: its title and '(Kèm theo Công văn số …)', its parts and headings numbered as the
    units' reports will number them, what goes under each, and the figures wanted (where the outline places the
    table, else at its end)."""

    skeleton = outline.bao_cao
    sections, parts = skeleton.muc, skeleton.phan
    if sections is None and parts is None:
        sections = default_skeleton()
    sections, parts = fill_placeholders(sections or [], parts or [], placeholder_values(outline.ky, year))

    def guide(name: str, depth: int) -> list[Block]:
        if name == "bang_so_lieu":
            return [block("bang", "")]
        return [block("doan", GUIDE[name])]

    blocks = body_blocks(sections, parts, skeleton.danh_so or Numbering(), guide, keep_empty=True)
    marker = next((i for i, b in enumerate(blocks) if b["kieu"] == "bang"), len(blocks))
    before, after = blocks[:marker], [b for b in blocks[marker + 1 :] if b["kieu"] != "bang"]
    title = f"Đề cương báo cáo kết quả thực hiện {vn.collapse_whitespace(outline.chu_de)}"
    if outline.ky:
        title += f" {label_with_year(outline.ky, year)}"
    heading = appendix_heading(title, letter.attached(), 163)
    figures = [
        {"tt": str(i), "ten": vn.sentence_case(f.spec.name), "dvt": f.unit} for i, f in enumerate(outline.so_lieu, 1)
    ]
    return {
        **heading,
        "gach": subject_rule(title),
        "dau": before,
        "tieu_de_bang": "Biểu số liệu (đơn vị ghi số liệu của kỳ báo cáo và lũy kế từ đầu năm)",
        "so_lieu": figures,
        "sau": after,
    }


@dataclasses.dataclass
class Sent:
    """What a command wrote, and what to say of it on the terminal."""

    written: Written | None  # None: nothing to send (no unit to remind)
    notes: list[str] = dataclasses.field(default_factory=list)


def send_outline(
    ws: Workspace,
    office: str,
    period: str | None,
    year: int | None,
    folder: Path,
    *,
    day: dt.date,
    due: dt.date | None = None,
    drafting: str | None = None,
    to: list[str] | None = None,
    pdf: bool = False,
) -> tuple[Path, Sent]:
    """`de-cuong`: the outline (de-cuong[-<kỳ>].yaml, for the units' danvan) and the công văn that sends it, which
    carries it as its Phụ lục (for the head to sign). Nothing is written unless both can be."""

    office_unit, _ = load_unit(ws, office)
    if office_unit.tong_hop is None:
        raise ValueNotAllowed(
            f"đơn vị '{office}' chưa khai báo phần tong_hop trong unit.yaml (các đơn vị gửi báo cáo lên và danh "
            "mục số liệu): đề cương không có số liệu nào để hỏi; xem docs/glossary.md"
        )
    target = folder / (OUTLINE_FILE if period is None else OUTLINE_FILE.replace(".yaml", f"-{period}.yaml"))
    text = outline_text(office, office_unit, period, year)
    outline = validate(parse_text(target, text), Outline)  # the công văn prints exactly what the units receive
    units, unreadable = office_units(ws, office, office_unit)
    notes = [f"Không đọc được thông tin đơn vị {line}; đơn vị này không có trong Kính gửi." for line in unreadable]
    recipients = [recipient_option(n) for n in to or [] if n.strip()]
    recipients = recipients or [n for _, n in units] or [vn.collapse_whitespace(n) for n in office_unit.noi_nhan]
    if not recipients:
        raise ValueNotAllowed(
            f"không có đơn vị nào khớp tong_hop.don_vi ({', '.join(office_unit.tong_hop.don_vi)}) trong "
            f"{display_path(ws.plans_dir)}, và unit.yaml của cơ quan chưa có nơi nhận: hãy ghi nơi nhận của công văn, "
            'ví dụ "Các trường mầm non, tiểu học trên địa bàn xã"',
            "kinh_gui",
        )
    letter_year = year or day.year
    window = asked_window(ws, [u for u, _ in units], period, letter_year, due)
    if window.due is not None and window.due <= day:
        raise DateOutOfRange(
            f"hạn gửi báo cáo {vn.typed_date(window.due)} ({window.source}) không sau ngày công văn "
            f"{vn.typed_date(day)}: hãy ghi hạn khác, hoặc ngày công văn khác",
            "han",
        )
    if window.due is not None and window.start is not None and window.end is not None and window.end < window.start:
        raise DateOutOfRange(
            f"hạn gửi báo cáo {vn.typed_date(window.due)} ở trước kỳ số liệu (từ {vn.typed_date(window.start)}): "
            "hãy kiểm tra hạn, kỳ báo cáo và năm",
            "han",
        )
    letter = outline_letter(
        ws, office, office_unit, outline, year=letter_year, date=day, window=window, to=recipients, drafting=drafting
    )
    data = render_letter(ws, letter)
    write_text_atomic(target, text)
    if window.due is not None and due is None:
        notes.append(
            Note(f"Hạn gửi báo cáo ghi trong công văn: {vn.typed_date(window.due)} ({window.source}).", "han_cong_van")
        )
    return target, Sent(write_letter(letter, data, folder, pdf=pdf), notes)
