"""The Báo cáo: its skeleton (data, with the usual sections of a periodic report as the default), and what fills it.

A report is an outline like a plan. Its sections, their order and their headings come from the report's
own narrative (reports/<period>.yaml), else from the unit's default (`bao_cao:` in unit.yaml), else from
`default_skeleton`. A section names the parts danvan fills in (`gom`): the unit's own words where its
narrative gives them, else a draft from the data (drafting.py) where the data says it, else a question to the
unit (a part only people know: causes, lessons, requests), and the results of every task with the figures
table. A part the unit wrote must have a place in the skeleton: nothing written is dropped; a part with nothing
to say is left out, never printed as an empty heading."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from danvan_cli import drafting
from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.context import ReportFace
from danvan_cli.errors import FileNotFound, InputError
from danvan_cli.figures import FigureBook
from danvan_cli.models import Narrative, Numbering, Outline, Plan, Unit
from danvan_cli.outline import Block, block, body_blocks, item_blocks, paragraphs
from danvan_cli.outline import closing as closing_blocks
from danvan_cli.periods import ReportPeriod, a_year_earlier, nd09_window
from danvan_cli.report_drafts import (
    Facts,
    Issued,
    NextReport,
    Question,
    causes,
    draft,
    make_facts,
    questions,
    results_items,
)
from danvan_cli.report_skeleton import check_placed, fill_placeholders, skeleton
from danvan_cli.standing import entries_between
from danvan_cli.vnformat import Number
from danvan_cli.yamlsource import Source


@dataclass
class ReportText:
    """What the report's body holds: its blocks split at the figures table, which parts were drafted, and what
    is still asked of the unit."""

    before_table: list[Block]
    after_table: list[Block]
    table_shown: bool
    drafted: dict[str, list[str]] = field(default_factory=dict)  # part → the drafted paragraphs used
    asked: list[Question] = field(default_factory=list)


def cause_paragraphs(narrative: Narrative, recorded: list[str]) -> list[str]:
    """The causes as the unit gave them: its own words, objective and subjective apart, and those it recorded
    with the work (`recorded`)."""
    out = [drafting.curly_quotes(t) for t in narrative.nguyen_nhan]
    for label, texts in (
        ("Nguyên nhân khách quan", narrative.nguyen_nhan_khach_quan),
        ("Nguyên nhân chủ quan", narrative.nguyen_nhan_chu_quan),
    ):
        if texts:
            out.append(f"{label}: " + " ".join(drafting.as_sentence(drafting.curly_quotes(t)) for t in texts))
    return out + [c for c in recorded if c not in out]


def body(
    unit: Unit,
    plan: Plan | None,
    narrative: Narrative,
    period: ReportPeriod,
    facts: Facts,
    *,
    opening: list[str],
    closing: list[str],
    outline: Outline | None = None,
    redraft: frozenset[str] = frozenset(),
) -> ReportText:
    """The whole body: opening, the skeleton filled, closing; split where the figures table stands. A part with
    nothing to say is left out with its heading, its numbering closed up. `redraft`: parts whose written text is
    danvan's own draft, left as it was, so drafted again from the data."""
    s = skeleton(narrative, unit, outline)
    values = {"ky_bao_cao": period.title, "ky_toi": facts.next_title, "nam": str(period.year)}
    sections, parts = fill_placeholders(s.sections, s.parts, values)
    drafted: dict[str, list[str]] = {}

    def written(name: str) -> list[str]:
        return [] if name in redraft else list(getattr(narrative, name, None) or [])

    def fill(name: str, depth: int) -> list[Block]:
        if name == "bang_so_lieu":
            return [block("bang", "")]
        if name == "ket_qua":
            items = results_items(plan, facts)
            out = [b for i, item in enumerate(items, start=1) for b in item_blocks(item, depth, i, "", s.numbering)]
            if not items:
                out += paragraphs([f"Trong {period.title}, {facts.subject} không có hoạt động mới theo kế hoạch."])
            return out
        if name == "nguyen_nhan":
            return paragraphs(cause_paragraphs(narrative, causes(facts)))
        own = written(name)
        if own:
            return paragraphs([drafting.curly_quotes(p) for p in own])
        drafted_text = draft(name, facts)
        if name == "phuong_huong":  # numbered as the items of its place: 1. under a section, a) under an item
            drafted_text = [f"{action_label(depth, i, s.numbering)} {t}" for i, t in enumerate(drafted_text, 1)]
        if drafted_text:
            drafted[name] = drafted_text
        return paragraphs(drafted_text)

    blocks = closing_blocks(paragraphs(opening) + body_blocks(sections, parts, s.numbering, fill), closing)
    asked = questions(s, narrative.model_copy(update={p: [] for p in redraft}), facts, outline)
    marker = next((i for i, b in enumerate(blocks) if b["kieu"] == "bang"), None)
    if marker is None:
        return ReportText(blocks, [], False, drafted, asked)
    return ReportText(blocks[:marker], blocks[marker + 1 :], True, drafted, asked)


def action_label(depth: int, index: int, numbering: Numbering) -> str:
    """The number of the direction's n-th action where it stands: '1.' under a section, 'a)' under an item
    ('-' where the unit numbers 1.1., whose parent's number the body alone knows)."""
    if depth <= 1:
        return f"{index}."
    return f"{vn.point_letter(index - 1)})" if numbering.diem == "chu_cai" else "-"


def cited(doc) -> str:
    """A document the report answers, as cited in its opening: 'Công văn số 15/PGDĐT ngày 03/02/2024 của … về …'."""
    text = doc.loai
    if doc.so:
        text += f" số {doc.so}"
    if doc.ngay:
        text += f" ngày {vn.short_date(doc.ngay)}"
    if doc.co_quan:
        text += f" của {doc.co_quan}"
    if doc.trich_yeu:
        summary = vn.collapse_whitespace(doc.trich_yeu)
        starts = summary.split(" ", 1)[0].lower()
        text += f" {summary}" if starts in ("về", "v/v") else f" về {vn.lower_first(summary)}"
    return text


_ANSWERED = re.compile(r"^(Thực hiện|Căn cứ)\s+(?P<cited>.+)$", re.S)


def answered_documents(unit: Unit, plan: Plan | None) -> list[str]:
    """The higher-level documents the unit's plan answers, as its report cites them: the plan's thuc_hien, else
    what its opening cites before naming the unit ('Thực hiện Kế hoạch số …/KH-PGDĐT … về …, Trường … xây
    dựng …'). A number left blank in the source stays a visible blank ('số …/KH-PGDĐT')."""
    if plan is None:
        return []
    if plan.thuc_hien:
        return [cited(d) for d in plan.thuc_hien]
    if not plan.mo_dau:
        return []
    first = vn.collapse_whitespace(plan.mo_dau[0])
    m = _ANSWERED.match(first)
    if not m:
        return []
    at = m["cited"].find(f", {unit.name}")
    if at <= 0:
        return []
    text = re.sub(r"số\s+/", "số …/", re.sub(r" {2,}", " ", m["cited"][:at])).rstrip(" ,;")
    return [text]


def change_text(now: Number, before: Number | None) -> str:
    if before is None:
        return "–"
    diff: Number = now - before
    if diff == 0:
        return "Bằng"
    return f"{'Tăng' if diff > 0 else 'Giảm'} {vn.number(-diff if diff < 0 else diff)}"


@dataclass
class FigureLine:
    """One figure of the report: as the unit records it, or as the office's outline asks for it."""

    name: str
    measure: str
    now: Number | None  # this period; None: nothing recorded in the period
    to_date: Number | None  # the year so far; None: never recorded this year
    before: Number | None  # the same window last year; None: no log of last year
    kind: str = fig.COUNT
    target: Number | None = None


@dataclass
class ReportData:
    """The data a report shows, computed once: for its text, its figures table, its package and the office's
    consolidation alike."""

    period: ReportPeriod
    until: dt.date
    facts: Facts
    figures: list[FigureLine]
    last_year: dict[str, Number] | None  # every figure of last year's same window (None: no log of last year)
    unasked: list[str] = field(default_factory=list)  # figures recorded that the outline does not ask for

    @property
    def in_period(self) -> dict[str, Number]:
        """The figures recorded in the period, by name: what an office sums."""
        return {line.name: line.now for line in self.figures if line.now is not None}


def report_data(
    unit: Unit,
    plan: Plan | None,
    period: ReportPeriod,
    log,
    as_of: dt.date,
    *,
    year_start: dt.date,
    previous_entries=None,
    profile=None,
    outline: Outline | None = None,
    plan_number: int | None = None,
    issued: list[Issued] | None = None,
    next_report: NextReport | None = None,
    assessment: str = "",
    book: FigureBook | None = None,
) -> ReportData:
    """Where every task stands and what the figures are, by their kind (`book`: the figures the unit and its plan
    declare), for the report of `period` made on `as_of`."""

    until = period.until(as_of)
    book = book or FigureBook.of(unit.so_lieu, plan.so_lieu if plan is not None else [])
    facts = make_facts(
        unit,
        plan,
        log,
        period,
        until,
        profile,
        book=book,
        year_start=year_start,
        plan_number=plan_number,
        issued=issued,
        next_report=next_report,
        assessment=assessment,
    )
    in_period, year_to_date = facts.in_period, facts.to_date
    last_year = None
    if previous_entries is not None:
        last_year = fig.combine(
            book, entries_between(previous_entries, a_year_earlier(period.start), a_year_earlier(until))
        )
    if outline is None:
        recorded = list(dict.fromkeys([*year_to_date, *in_period]))
        keys = [k for k in book.declared if k in recorded] + [k for k in recorded if k not in book.declared]
        lines = []
        for k in keys:
            fv = year_to_date.get(k) or in_period[k]
            spec = fv.spec
            lines.append(
                FigureLine(
                    spec.name if spec.declared else fig.split_unit(fv.written_as)[0],
                    spec.unit,
                    in_period[k].value if k in in_period else None,
                    year_to_date[k].value if k in year_to_date else 0,
                    (last_year[k].value if k in last_year else 0) if last_year is not None else None,
                    spec.kind,
                    spec.target,
                )
            )
        kept = {line.name: line.before for line in lines if line.before is not None}
        everything = (
            {**kept, **{fv.spec.name: fv.value for k, fv in last_year.items() if k not in keys}}
            if last_year is not None
            else None
        )
        return ReportData(period, until, facts, lines, everything)

    lines = []
    for asked in outline.so_lieu:
        k = fig.key(asked.ten)
        spec = asked.spec
        before = (last_year[k].value if k in last_year else 0) if last_year is not None else None
        lines.append(
            FigureLine(
                asked.ten,
                spec.unit,
                in_period[k].value if k in in_period else None,
                year_to_date[k].value if k in year_to_date else None,
                before,
                spec.kind,
                spec.target,
            )
        )
    asked_keys = {fig.key(f.ten) for f in outline.so_lieu}
    every = {**in_period, **year_to_date}
    unasked = [fv.written_as for k, fv in every.items() if k not in asked_keys]
    kept_last_year = (
        {line.name: line.before for line in lines if line.before is not None} if last_year is not None else None
    )
    return ReportData(period, until, facts, lines, kept_last_year, unasked)


NOT_RECORDED = "—"


def figures_table(data: ReportData) -> dict:
    """Rows of the report's figures table: this period, the year to date, and the same period last year, each
    figure with its unit. A level shows its latest value and no year's total; a figure an outline asks for that
    the unit never recorded shows as '—', never dropped."""
    rows = []
    for i, line in enumerate(data.figures, start=1):
        recorded = line.to_date is not None or line.now is not None
        now = line.now or 0
        level = line.kind == fig.LEVEL
        rows.append(
            {
                "tt": str(i),
                "ten": vn.sentence_case(line.name),
                "dvt": line.measure,
                "ky_nay": vn.number(now if line.now is not None or not level else (line.to_date or 0))
                if recorded
                else NOT_RECORDED,
                "luy_ke": ("–" if level else vn.number(line.to_date or 0)) if recorded else NOT_RECORDED,
                "cung_ky": vn.number(line.before) if line.before is not None else "–",
                "so_sanh": change_text(now, line.before) if recorded else "–",
            }
        )
    year = data.period.year
    return {
        "dong": rows,
        "co_cung_ky": data.last_year is not None,
        # the yearly report's period is the year: one column, headed with it (its year to date is the same figure)
        "ca_nam": data.period.code == "year",
        "cot_nam": f"Năm {year}",
        "cot_nam_truoc": f"Năm {year - 1}",
    }


def subject_of_report(plan: Plan | None, narrative: Narrative, source: Source | None) -> str:
    """What the report is about: the narrative's chu_de, else the plan's; a report with neither is refused."""
    if narrative.chu_de:
        return vn.collapse_whitespace(narrative.chu_de)
    if plan is not None:
        return vn.collapse_whitespace(plan.chu_de)
    problem_place = "reports/<kỳ>.yaml"
    if source is not None:
        raise InputError(
            [
                source.problem(
                    (),
                    "đơn vị không có kế hoạch năm này: hãy ghi chu_de (lĩnh vực của báo cáo, ví dụ: công tác dân vận "
                    "chính quyền) trong tệp này",
                )
            ]
        )

    raise FileNotFound(
        f"đơn vị không có kế hoạch năm này và chưa có phần lời báo cáo ({problem_place}) ghi chu_de: không biết "
        "báo cáo về lĩnh vực nào"
    )


def window_note(period: ReportPeriod, until: dt.date) -> str:
    """' (số liệu tính đến ngày 13/5/2022)' where the data stop before the period's NĐ 09 window ends, and the
    whole window where it does not start where NĐ 09 starts it (a plan year that follows another)."""

    if period.start != nd09_window(period.code, period.year)[0]:
        return f" (số liệu tính từ ngày {vn.short_date(period.start)} đến ngày {vn.short_date(until)})"
    if until < period.end:
        return f" (số liệu tính đến ngày {vn.short_date(until)})"
    return ""


def report_context(
    unit: Unit,
    plan: Plan | None,
    narrative: Narrative,
    data: ReportData,
    *,
    face: ReportFace,
    source: Source | None = None,
    outline: Outline | None = None,
    redraft: frozenset[str] = frozenset(),
) -> tuple[dict, ReportText]:
    """Everything the Báo cáo template shows (from `data`, computed by `report_data`), what of its text was
    drafted, and what is still asked of the unit."""
    period, until = data.period, data.until
    chu_de = subject_of_report(plan, narrative, source)
    s = skeleton(narrative, unit, outline)
    check_placed(narrative, source, s, outline, redraft)
    title = period.title
    cut = window_note(period, until)
    facts = data.facts
    facts.topic = chu_de
    reports = f"{unit.name} báo cáo kết quả thực hiện {chu_de} {title}{cut} như sau:"
    if narrative.mo_dau is not None:
        opening = list(narrative.mo_dau)
    elif narrative.thuc_hien:
        opening = [f"Thực hiện {'; '.join(cited(d) for d in narrative.thuc_hien)}, {reports}"]
    elif plan is not None:
        above = answered_documents(unit, plan)
        own = f"{facts.plan_ref} của {facts.subject}"
        if not above:
            own += f" về {vn.lower_first(vn.collapse_whitespace(plan.trich_yeu))}"
        opening = [f"Thực hiện {'; '.join(above + [own]) if len(above) > 1 else ' và '.join(above + [own])}, {reports}"]
    else:
        opening = [reports]
    to = f", kính báo cáo {unit.co_quan_cap_tren}" if unit.co_quan_cap_tren else ""
    closing = (
        s.closing
        if s.closing is not None
        else [f"Trên đây là báo cáo kết quả thực hiện {chu_de} {title} của {unit.name}{to}./."]
    )
    text = body(
        unit, plan, narrative, period, facts, opening=opening, closing=closing, outline=outline, redraft=redraft
    )
    table = figures_table(data) if text.table_shown else {"dong": [], "co_cung_ky": False}
    table["tieu_de"] = f"Bảng tổng hợp số liệu {title}" + (
        " và so với cùng kỳ năm trước" if data.last_year is not None else ""
    )

    context = {
        **face.context(),
        "phan_dau": text.before_table,
        "bang_so_lieu": table,
        "phan_sau": text.after_table,
    }
    return context, text
