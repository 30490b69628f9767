"""The office's consolidated report (Báo cáo tổng hợp), signed by its head and sent to the level above.

It reports on the office's sector, not on the tool: the office's own direction of the work; the results across
its units by content, with the figures and how many units gave them; an evaluation naming the units that led
and those that lagged, from the data; the direction for the next period; the office's requests; the closing. What
only the office knows (causes, requests) is taken from its narrative (reports/<kỳ>.yaml of its own folder) or
asked there, never invented. A request to the units that did not report is a separate công văn, never a line
of this report. Its Phụ lục lists every unit of the roster by name, and the files received and not summed,
with the reason in plain words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from danvan_cli import drafting, narrative_file, register
from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated, consolidate
from danvan_cli.context import ReportFace, appendix_heading, report_face
from danvan_cli.files import present, read_bytes
from danvan_cli.loading import load_narrative, load_unit
from danvan_cli.models import Item, Narrative, Numbering, Section, Unit
from danvan_cli.narrative_file import untouched_drafts
from danvan_cli.office_appendix import annex_notes, appendix_tables, figures_table, scores_appendix
from danvan_cli.office_drafts import OfficeFacts, directions, leadership, overall, results, shortcomings, strengths
from danvan_cli.outline import block, body_blocks, paragraphs
from danvan_cli.outline import closing as closing_blocks
from danvan_cli.periods import ReportPeriod, calendar, label, label_with_year, next_period
from danvan_cli.plan_document import properties, write_document
from danvan_cli.render import render_docx, template_path
from danvan_cli.report import action_label, cause_paragraphs
from danvan_cli.report_drafts import Issued, Question
from danvan_cli.report_skeleton import PART_NAMES_VI, WRITTEN_PARTS, fill_placeholders
from danvan_cli.score_units import comparison_text, counts_text
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
