"""The office's consolidated report (Báo cáo tổng hợp), signed by its head and sent to the level above.

It reports on the office's sector, not on the tool: the office's own direction of the work; the results across
its units by content, with the figures and how many units gave them; an evaluation naming the units that led
and those that lagged, from the data; the direction for the next period; the office's requests; the closing. What
only the office knows (causes, requests) is taken from its narrative (reports/<kỳ>.yaml of its own folder) or
asked there, never invented. A request to the units that did not report is a separate công văn, never a line
of this report. Its Phụ lục lists every unit of the roster by name, and the files received and not summed,
with the reason in plain words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import drafting, narrative_file, register
from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated, Total, UnitStanding, consolidate
from danvan_cli.context import ReportFace, appendix_heading, report_face
from danvan_cli.documents import properties, write_document
from danvan_cli.files import present, read_bytes
from danvan_cli.loading import load_narrative, load_unit
from danvan_cli.models import Item, Narrative, Numbering, Section, Unit
from danvan_cli.narrative_file import untouched_drafts
from danvan_cli.outline import block, body_blocks, paragraphs
from danvan_cli.outline import closing as closing_blocks
from danvan_cli.periods import ReportPeriod, calendar, label, label_with_year, next_period
from danvan_cli.render import render_docx, template_path
from danvan_cli.report import action_label, cause_paragraphs, change_text
from danvan_cli.report_drafts import Issued, Question
from danvan_cli.report_skeleton import PART_NAMES_VI, WRITTEN_PARTS, fill_placeholders
from danvan_cli.score_units import comparison_text, counts_text, criteria_text, units_rows
from danvan_cli.standing import NOT_STARTED
from danvan_cli.vnformat import Number
from danvan_cli.workspace import Workspace
from danvan_cli.yamlsource import read_user_text


def consolidated_topic(office_unit: Unit) -> str:
    return office_unit.tong_hop.chu_de if office_unit.tong_hop else "công tác dân vận chính quyền"


def aggregate_file_stem(office_unit: Unit, period: str, year: int) -> str:
    """BC-TH-PGDDT-2022-6-thang-dau-nam."""

    return f"BC-TH-{vn.abbreviation_slug(office_unit.chu_viet_tat)}-{year}-{vn.slug(label(period))}"


def office_period(narrative, period: str, year: int) -> ReportPeriod:
    """The consolidation's period on the office's calendar: NĐ 09's window, dated as its narrative says, else
    the day after the window (the office's own schedule is its units' due dates, not one of its own)."""

    dated = {period: narrative.ngay} if narrative.ngay else {}
    return calendar(None, year, dated=dated).period(period)


def names(units: list[UnitStanding], most: int = 5) -> str:
    """Units by their full names: 'A, B và C'; beyond `most`, the first ones and how many more."""
    shown = [u.name for u in units[:most]]
    if len(units) > most:
        return f"{', '.join(shown)} và {len(units) - most} đơn vị khác (danh sách tại Phụ lục)"
    return fig.joined(shown)


def two(n: int) -> str:
    """A count of units as reports write it: '09/10 đơn vị'."""
    return f"{n:02d}"


# ---------------------------------------------------------------- what the data says


@dataclass
class OfficeFacts:
    c: Consolidated
    subject: str  # how the office names itself: 'Phòng'
    title: str  # '6 tháng đầu năm 2022'
    topic: str
    until: dt.date
    issued: list[Issued] = field(default_factory=list)  # the office's own documents in the window
    next_title: str = ""

    @property
    def reporting(self) -> list[UnitStanding]:
        return self.c.reporting

    @property
    def total(self) -> int:
        return len(self.c.units)

    def behind(self) -> list[UnitStanding]:
        """Units that reported tasks late, most first."""
        return sorted((u for u in self.reporting if u.late_tasks), key=lambda u: (-u.late_tasks, u.name))

    def on_time(self) -> list[UnitStanding]:
        return [u for u in self.reporting if not u.late_report and not u.late_tasks]

    def leaders(self) -> tuple[Total, list[tuple[UnitStanding, Number]]] | None:
        """The count given by most units, and the units that gave the most of it: a good example, from data."""
        counts = [t for t in self.c.totals.values() if t.spec.kind == fig.COUNT and t.units >= 3]
        if not counts:
            return None
        best = max(counts, key=lambda t: t.units)
        k = best.spec.key
        ranked = sorted(
            ((u, u.figures[k].value) for u in self.reporting if k in u.figures), key=lambda p: (-p[1], p[0].name)
        )
        return best, ranked[:2]

    def thin(self) -> list[Total]:
        """Declared figures that few of the reporting units gave (under half)."""
        n = len(self.reporting)
        return [t for t in self.c.totals.values() if n >= 4 and t.units * 2 < n]


def reporting_sentence(f: OfficeFacts, date: dt.date) -> str:
    """'Đến ngày 15/6/2022, có 09/10 đơn vị gửi báo cáo 6 tháng đầu năm 2022 (01 đơn vị gửi sau hạn); Trường … chưa
    gửi.' — counted against the roster; every unit named in full."""
    c = f.c
    text = f"Đến ngày {vn.short_date(date)}, có {two(len(c.reporting))}/{two(f.total)} đơn vị gửi báo cáo {f.title}"
    if c.late:
        text += f" ({two(len(c.late))} đơn vị gửi sau hạn)"
    if c.missing:
        text += f"; {names(c.missing)} chưa gửi báo cáo"
    return text + "."


def figures_sentences(totals: list[Total], reporting: int) -> list[str]:
    """The declared figures over the units, by their kind: the counted ones in one sentence, each with how many
    units gave it; the levels as what the units have; each rate as computed or averaged."""
    counted = [t for t in totals if t.value is not None and t.spec.adds_up]
    out = []
    if counted:
        listed = "; ".join(f"{fig.phrase(t.spec, t.value or 0)} ({two(t.units)} đơn vị)" for t in counted)
        out.append(f"Theo báo cáo của {two(reporting)} đơn vị, trong kỳ có {listed}.")
    levels = [t for t in totals if t.value is not None and t.spec.kind == fig.LEVEL]
    if levels:
        listed = "; ".join(f"{fig.phrase(t.spec, t.value or 0)} ({two(t.units)} đơn vị)" for t in levels)
        out.append(f"Đến nay, các đơn vị có {listed}.")
    for t in totals:
        if t.value is None or t.spec.kind != fig.RATE:
            continue
        spec = t.spec
        if t.how == "từ các phần":
            out.append(
                f"{vn.sentence_case(spec.name)} chung của các đơn vị đạt {fig.amount_text(spec, t.value)} (tính từ số "
                f"liệu của {two(t.units)} đơn vị)."
            )
        else:
            out.append(
                f"{vn.sentence_case(spec.name)} bình quân của {two(t.units)} đơn vị có số liệu là "
                f"{fig.amount_text(spec, t.value)}."
            )
    return out


def common_tasks(f: OfficeFacts) -> list[str]:
    """Tasks most units' plans share (the built-in models give them the same titles): how many carried each out."""
    seen: dict[str, list[str]] = {}
    for u in f.reporting:
        for title, status in u.tasks:
            seen.setdefault(title, []).append(status)
    n = len(f.reporting)
    out = []
    for title, states in seen.items():
        if n >= 2 and len(states) * 2 >= n:
            active = sum(s != NOT_STARTED for s in states)
            out.append(f"{drafting.action(title)} ({two(active)}/{two(len(states))})")
    return out[:6]


def results(f: OfficeFacts, date: dt.date) -> list[str]:
    out = [reporting_sentence(f, date)]
    reporting = f.reporting
    if not reporting:
        return out
    planned = sum(u.planned for u in reporting)
    done = sum(u.done for u in reporting)
    late = sum(u.late_tasks for u in reporting)
    text = f"Các đơn vị đã báo cáo triển khai {planned} nhiệm vụ theo kế hoạch"
    if done:
        text += f", trong đó {done} nhiệm vụ đã hoàn thành"
    if late:
        text += f"; {late} nhiệm vụ còn chậm so với kế hoạch"
    out.append(text + ".")
    shared = common_tasks(f)
    if shared:
        out.append(f"Số đơn vị đã triển khai từng nội dung chung của kế hoạch: {'; '.join(shared)}.")
    return out + figures_sentences(list(f.c.totals.values()), len(reporting))


def leadership(f: OfficeFacts, plan_sentence: str) -> list[str]:
    out = [plan_sentence] if plan_sentence else []
    if f.issued:
        listed = "; ".join(d.text for d in f.issued[:5])
        more = f" và {len(f.issued) - 5} văn bản khác" if len(f.issued) > 5 else ""
        out.append(f"Trong kỳ, {f.subject} ban hành các văn bản chỉ đạo, hướng dẫn: {listed}{more}.")
    return out


def overall(f: OfficeFacts) -> list[str]:
    reporting = f.reporting
    if not reporting:
        return []
    planned = sum(u.planned for u in reporting)
    active = sum(1 for u in reporting for _, s in u.tasks if s != NOT_STARTED)
    return [
        f"Nhìn chung, trong {f.title}, các đơn vị đã triển khai {active}/{planned} nhiệm vụ theo kế hoạch; "
        f"{two(len(f.on_time()))}/{two(f.total)} đơn vị báo cáo đúng hạn và không có nhiệm vụ chậm."
    ]


def strengths(f: OfficeFacts) -> list[str]:
    out = []
    good = f.on_time()
    if good and len(good) == f.total:
        out.append(f"Tất cả {two(f.total)} đơn vị thực hiện đúng tiến độ kế hoạch và báo cáo đúng hạn.")
    elif good:
        out.append(
            f"Có {two(len(good))} đơn vị thực hiện đúng tiến độ kế hoạch và báo cáo đúng hạn, như {names(good, 3)}."
        )
    lead = f.leaders()
    if lead is not None:
        total, ranked = lead
        shown = "; ".join(f"{u.name} ({fig.amount_text(total.spec, v)})" for u, v in ranked)
        out.append(f"Dẫn đầu về {total.spec.name} là {shown}.")
    return out


def shortcomings(f: OfficeFacts) -> list[str]:
    c = f.c
    out = []
    if c.missing:
        out.append(f"Còn {two(len(c.missing))} đơn vị chưa gửi báo cáo: {names(c.missing)}.")
    if c.late:
        out.append(f"Có {two(len(c.late))} đơn vị gửi báo cáo sau hạn: {names(c.late)}.")
    behind = f.behind()
    if behind:
        listed = "; ".join(f"{u.name} ({u.late_tasks} nhiệm vụ)" for u in behind[:5])
        more = f" và {len(behind) - 5} đơn vị khác" if len(behind) > 5 else ""
        out.append(f"Có {two(len(behind))} đơn vị còn nhiệm vụ chậm so với kế hoạch: {listed}{more}.")
    thin = f.thin()
    if thin:
        listed = "; ".join(f"{t.spec.name} ({two(t.units)}/{two(len(f.reporting))} đơn vị)" for t in thin)
        out.append(f"Một số số liệu còn ít đơn vị báo cáo: {listed}.")
    return out


def directions(f: OfficeFacts) -> list[str]:
    c = f.c
    items = []
    if c.missing:
        items.append(f"Đôn đốc {two(len(c.missing))} đơn vị chưa báo cáo hoàn thành, gửi báo cáo {f.title}")
    if f.behind():
        items.append("Hướng dẫn, kiểm tra các đơn vị còn nhiệm vụ chậm so với kế hoạch, có giải pháp hoàn thành")
    thin = f.thin()
    if thin:
        items.append(f"Hướng dẫn các đơn vị theo dõi, báo cáo đầy đủ {fig.joined([t.spec.name for t in thin])}")
    items.append(f"Tiếp tục theo dõi, tổng hợp kết quả thực hiện {f.topic} của các đơn vị {f.next_title}")
    return drafting.actions(items)


# ---------------------------------------------------------------- the report's skeleton and body


def default_skeleton() -> list[Section]:

    return [
        Section(tieu_de="CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, HƯỚNG DẪN", gom=["lanh_dao_chi_dao"]),
        Section(tieu_de="KẾT QUẢ THỰC HIỆN CỦA CÁC ĐƠN VỊ", gom=["ket_qua_noi_bat", "ket_qua", "bang_so_lieu"]),
        Section(
            tieu_de="ĐÁNH GIÁ CHUNG",
            gom=["danh_gia_chung"],
            muc=[
                Item(tieu_de="Ưu điểm", gom=["uu_diem"]),
                Item(tieu_de="Tồn tại, hạn chế", gom=["ton_tai_han_che"], tuy_chon=True),
                Item(tieu_de="Nguyên nhân", gom=["nguyen_nhan"], tuy_chon=True),
            ],
        ),
        Section(tieu_de="PHƯƠNG HƯỚNG, NHIỆM VỤ {ky_toi}", gom=["phuong_huong"]),
        Section(tieu_de="ĐỀ XUẤT, KIẾN NGHỊ", gom=["de_xuat_kien_nghi"], tuy_chon=True),
    ]


@dataclass
class OfficeText:
    before_table: list
    after_table: list
    drafted: dict[str, list[str]]
    asked: list[Question]


def office_body(
    narrative: Narrative,
    f: OfficeFacts,
    *,
    date: dt.date,
    opening: list[str],
    closing: list[str],
    plan_sentence: str,
    scores_sentence: str,
    redraft: frozenset[str],
) -> OfficeText:

    sections, _ = fill_placeholders(
        default_skeleton(), [], {"ky_bao_cao": f.title, "ky_toi": vn.upper(f.next_title), "nam": str(f.c.year)}
    )
    drafted: dict[str, list[str]] = {}
    asked: list[Question] = []
    has_shortcomings = bool(shortcomings(f)) or bool(narrative.ton_tai_han_che)

    def own(name: str) -> list[str]:
        return [] if name in redraft else [drafting.curly_quotes(p) for p in getattr(narrative, name) or []]

    def fill(name: str, depth: int) -> list:
        if name == "bang_so_lieu":
            return [block("bang", "")]
        if name == "ket_qua":
            return paragraphs(results(f, date))
        if name == "nguyen_nhan":
            written = cause_paragraphs(narrative, [])  # the office's own words: its units' logs are not its own
            if not written and has_shortcomings:
                for part in ("nguyen_nhan_khach_quan", "nguyen_nhan_chu_quan"):
                    asked.append(Question(part, _office_question(part, f), False))
            return paragraphs(written)
        written = own(name)
        if written:
            return paragraphs(written)
        text = {
            "lanh_dao_chi_dao": lambda: leadership(f, plan_sentence),
            "danh_gia_chung": lambda: overall(f) + ([scores_sentence] if scores_sentence else []),
            "uu_diem": lambda: strengths(f),
            "ton_tai_han_che": lambda: shortcomings(f),
            "phuong_huong": lambda: directions(f),
        }.get(name, list)()
        if name == "phuong_huong":
            text = [f"{action_label(depth, i, Numbering())} {t}" for i, t in enumerate(text, 1)]
        if text:
            drafted[name] = text
        elif name in ("lanh_dao_chi_dao", "de_xuat_kien_nghi", "uu_diem"):
            asked.append(Question(name, _office_question(name, f), name == "lanh_dao_chi_dao"))
        return paragraphs(text)

    blocks = closing_blocks(paragraphs(opening) + body_blocks(sections, [], Numbering(), fill), closing)
    marker = next((i for i, b in enumerate(blocks) if b["kieu"] == "bang"), None)
    if marker is None:
        return OfficeText(blocks, [], drafted, asked)
    return OfficeText(blocks[:marker], blocks[marker + 1 :], drafted, asked)


def _office_question(part: str, f: OfficeFacts) -> str:
    to = f.c.office_unit.co_quan_cap_tren or "cấp trên"
    return {
        "lanh_dao_chi_dao": "Trong kỳ, cơ quan đã ban hành văn bản, tổ chức hội nghị, kiểm tra nào để chỉ đạo, hướng "
        "dẫn các đơn vị?",
        "uu_diem": "Ưu điểm nổi bật của các đơn vị trong kỳ là gì?",
        "nguyen_nhan_khach_quan": "Nguyên nhân khách quan của những hạn chế nêu trên là gì?",
        "nguyen_nhan_chu_quan": "Nguyên nhân chủ quan của những hạn chế nêu trên là gì?",
        "de_xuat_kien_nghi": f"Cơ quan có đề xuất, kiến nghị gì với {to} không?",
    }[part]


# ---------------------------------------------------------------- the Phụ lục


# The Phụ lục's matrix: after TT and the unit's name, this many columns fit one landscape table (25 mm each, 12 pt);
# more continue in a second table with the unit column repeated, never in smaller type.
APPENDIX_COLUMNS = 7


def _status(u: UnitStanding) -> str:
    if u.problem:
        return "số liệu không dùng được"
    if not u.reported:
        return "chưa báo cáo"
    status = vn.short_date(u.report_date) if u.report_date else "đã báo cáo"
    return status + " (muộn)" if u.late_report else status


def appendix_order(units: list[UnitStanding]) -> list[UnitStanding]:
    """The units in a fixed order: by kind (cấp học), then name."""
    return sorted(units, key=lambda u: (u.kind or "", vn.fold_diacritics(u.name).casefold()))


def appendix_tables(c: Consolidated) -> list[dict]:
    """The Phụ lục as an office reads it: one row per unit, one column per figure of the list (its unit of
    measure in the header), a total row over the units that reported, each figure totalled by its kind; a unit
    that did not report has its row, empty. Columns beyond APPENDIX_COLUMNS continue in further tables."""
    units = appendix_order(c.units)
    reported = [u for u in units if u.reported and not u.problem]
    shown = {id(u) for u in reported}
    columns: list[tuple[str, list[str], str]] = [
        ("Ngày báo cáo", [_status(u) for u in units], f"{len(reported)}/{len(units)}"),
        (
            "Nhiệm vụ hoàn thành",
            [f"{u.done}/{u.planned}" if id(u) in shown else "" for u in units],
            f"{sum(u.done for u in reported)}/{sum(u.planned for u in reported)}",
        ),
        (
            "Nhiệm vụ chậm",
            [str(u.late_tasks) if id(u) in shown else "" for u in units],
            str(sum(u.late_tasks for u in reported)),
        ),
    ]
    for f in c.declared:
        k = f.spec.key
        total = c.totals[f.ten]
        cells = []
        for u in units:
            r = u.figures.get(k) if id(u) in shown else None
            cells.append(vn.number(r.value) if r is not None and not excluded(c, u, r) else "")
        columns.append(
            (
                f"{vn.sentence_case(f.spec.name)} ({f.spec.unit})",
                cells,
                vn.number(total.value) if total.value is not None else "",
            )
        )
    tables = []
    for start in range(0, len(columns), APPENDIX_COLUMNS):
        chunk = columns[start : start + APPENDIX_COLUMNS]
        tables.append(
            {
                "cot": [header for header, _, _ in chunk],
                "dong": [
                    {"tt": str(i), "don_vi": u.name, "o": [cells[i - 1] for _, cells, _ in chunk]}
                    for i, u in enumerate(units, start=1)
                ],
                "tong": [total for _, _, total in chunk],
            }
        )
    return tables


def excluded(c: Consolidated, u: UnitStanding, r) -> bool:
    return any(name == u.name and figure == r.name for name, figure, _, _ in c.mismatched)


def annex_notes(c: Consolidated) -> list[str]:
    """The Phụ lục's notes, in words a head understands: the files received and not summed (by unit, with the
    reason), figures sent in another unit of measure, figures no one asked for (listed, not added)."""
    out = []
    if c.refused:
        out.append(f"Báo cáo, số liệu nhận được nhưng không tổng hợp ({len(c.refused)}):")
        out += [f"- {r.annex()}." for r in c.refused]
    if c.mismatched:
        out.append("Số liệu gửi khác đơn vị tính hoặc khác loại đã quy định (không cộng vào tổng):")
        out += [
            f"- {unit}: {figure} {how} (quy định: {expected or 'không có đơn vị'})."
            for unit, figure, how, expected in c.mismatched
        ]
    if c.undeclared:
        out.append("Số liệu đơn vị ghi nhưng không có trong danh mục tổng hợp (liệt kê, không cộng):")
        out += [
            f"- {unit}: {name} {vn.number(value)}{f' {measure}' if measure else ''}."
            for unit, name, value, measure in c.undeclared
        ]
    return out


def scores_appendix(scores: list, subject: str, year: int, attached: str) -> dict:
    """Phụ lục II of the consolidated yearly report: every unit's self and appraised scores and band, and how
    many units fall in each band."""

    cited = criteria_text(scores).replace("\n", " ")
    return {
        **appendix_heading(f"Kết quả tự chấm điểm, xếp loại {subject} năm {year} của các đơn vị", attached, 250),
        "dong": units_rows(scores),
        "ket_luan": f"{counts_text(scores)} {cited}".strip(),
    }


# ---------------------------------------------------------------- the whole report


def figures_table(c: Consolidated, title: str) -> dict:

    n = len(c.reporting)
    rows = []
    for i, f in enumerate(c.declared, start=1):
        t = c.totals[f.ten]
        over = f"bình quân {two(t.units)} đơn vị" if t.how == "bình quân" else f"{two(t.units)}/{two(n)} đơn vị"
        now = t.value
        rows.append(
            {
                "tt": str(i),
                "ten": f"{vn.sentence_case(f.spec.name)} ({over})",
                "dvt": f.spec.unit,
                "ky_nay": vn.number(now) if now is not None else "—",
                "cung_ky": vn.number(t.last_year) if t.last_year is not None else "–",
                "so_sanh": change_text(now, t.last_year) if now is not None else "–",
            }
        )
    return {
        "tieu_de": f"Bảng tổng hợp số liệu {title} (từ báo cáo của {two(n)}/{two(len(c.units))} đơn vị)",
        "dong": rows,
        "co_cung_ky": c.has_last_year,
    }


def office_documents(ws: Workspace, office: str, start: dt.date, until: dt.date) -> list[Issued]:
    """The office's own documents of the window, from its register (its reports aside)."""

    out = []
    for year in sorted({start.year, until.year}):
        for e in register.load_register(ws.register_file(office, year)):
            if start <= e.ngay <= until and e.ten_loai.casefold() != "báo cáo":
                subject = vn.lower_first(vn.collapse_whitespace(e.trich_yeu))
                about = subject if subject.startswith(("về ", "v/v")) else f"về {subject}"
                out.append(Issued(e.ngay, f"{e.ten_loai} số {e.reference} ngày {vn.short_date(e.ngay)} {about}"))
    return sorted(out, key=lambda d: d.day)


def consolidated_context(
    c: Consolidated,
    narrative: Narrative,
    face: ReportFace,
    *,
    period: ReportPeriod,
    issued: list[Issued] | None = None,
    redraft: frozenset[str] = frozenset(),
) -> tuple[dict, OfficeText]:
    """Everything the consolidated report's template shows, and what it drafted and asks (pure)."""

    title = label_with_year(c.period, c.year)
    topic = consolidated_topic(c.office_unit)
    office = c.office_unit
    _, _, next_title = next_period(c.period, c.year)
    f = OfficeFacts(c, drafting.subject_of(office), title, topic, face.date, list(issued or []), next_title)
    scores = [u.score for u in c.units if u.score is not None and u.score.problem != "chưa tự chấm"]
    scores = [u.score for u in c.units if u.score is not None] if scores else []
    scores_sentence = ""
    if scores:
        scores_sentence = " ".join(
            t
            for t in (
                f"Kết quả tự chấm điểm, xếp loại {topic} năm {c.year} của các đơn vị: "
                f"{vn.lower_first(counts_text(scores)).rstrip('.')} "
                "(chi tiết tại Phụ lục II kèm theo Báo cáo này).",
                comparison_text(scores),
            )
            if t
        )
    if narrative.mo_dau is not None:
        opening = list(narrative.mo_dau)
    else:
        opening = [
            f"Căn cứ báo cáo của các đơn vị, {office.name} báo cáo tổng hợp kết quả thực hiện {topic} {title} như sau:"
        ]
    to = f", kính báo cáo {office.co_quan_cap_tren}" if office.co_quan_cap_tren else ""
    closing = [f"Trên đây là báo cáo tổng hợp kết quả thực hiện {topic} {title} của các đơn vị{to}./."]
    text = office_body(
        narrative,
        f,
        date=face.date,
        opening=opening,
        closing=narrative.ket_luan if narrative.ket_luan is not None else closing,
        plan_sentence="",
        scores_sentence=scores_sentence,
        redraft=redraft,
    )
    attached = face.attached()
    return {
        **face.context(),
        "phan_dau": text.before_table,
        "bang_so_lieu": figures_table(c, title),
        "phan_sau": text.after_table,
        "phu_luc": {
            "so": " I" if scores else "",
            **appendix_heading(f"Kết quả thực hiện {topic} {title} của các đơn vị", attached, 250),
            "bang": appendix_tables(c),
            "ghi_chu": annex_notes(c),
        },
        "phu_luc_diem": scores_appendix(scores, topic, c.year, attached) if scores else None,
    }, text


def make_consolidated(
    ws: Workspace,
    office: str,
    period: str,
    year: int,
    out_dir,
    *,
    as_of: dt.date,
    only=None,
    jobs: int = 1,
    pdf=False,
    inbox: Path | None = None,
    progress=None,
):
    """The whole way of the Báo cáo tổng hợp: every unit's standing, the context, the .docx (and PDF), and the
    office's narrative file completed with what was drafted and what is asked. Returns (c, written, text)."""

    c = consolidate(ws, office, period, year, as_of=as_of, only=only, jobs=jobs, inbox=inbox, progress=progress)
    path = ws.narrative_file(office, year, period)
    narrative, source = load_narrative(path)
    existing = read_user_text(path) if source is not None else None
    redraft = untouched_drafts(existing, narrative) if existing is not None else frozenset()
    the_period = office_period(narrative, period, year)
    date = the_period.date_on(as_of)
    stem = aggregate_file_stem(c.office_unit, period, year)
    face = report_face(
        c.office_unit,
        narrative,
        topic=consolidated_topic(c.office_unit),
        period_title=label_with_year(period, year),
        date=date,
        number=narrative.so or register.number_of(ws, office, date, stem),
        consolidated=True,
    )
    issued = office_documents(ws, office, the_period.start, date)
    context, text = consolidated_context(c, narrative, face, period=the_period, issued=issued, redraft=redraft)
    props = properties(c.office_unit, office, "Báo cáo", face.subject, date)
    data = render_docx(template_path("bao_cao_tong_hop", c.office_unit, ws.unit_dir(office)), context, props)
    written = write_document(data, out_dir, stem, owner=office, pdf=pdf)
    complete_office_narrative(ws, office, path, existing, text, redraft, label_with_year(period, year), period)
    return c, written, text


def complete_office_narrative(ws, office, path, existing, text: OfficeText, redraft, title: str, period: str) -> None:
    """The office's narrative file with the consolidation's drafts and questions (its own words kept)."""

    done = narrative_file.completed(
        existing,
        order=WRITTEN_PARTS,
        labels={p: vn.sentence_case(PART_NAMES_VI[p]) for p in WRITTEN_PARTS},
        drafts=text.drafted,
        asked=text.asked,
        untouched=redraft,
        header={"title": f"tổng hợp {title}", "unit": load_unit(ws, office)[0].name, "period": period},
    )
    if done.text is None:
        return
    raw = read_bytes(path) if present(path) else b""
    path.parent.mkdir(parents=True, exist_ok=True)
    narrative_file.write(path, done.text, ws.plans_dir, crlf=b"\r\n" in raw, bom=raw.startswith(b"\xef\xbb\xbf"))
