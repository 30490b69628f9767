"""The Báo cáo: its skeleton (data, with NĐ 30's five sections as the default), and what fills it.

A report is an outline like a plan. Its sections, their order and their headings come from the report's
own narrative (reports/<period>.yaml), else from the unit's default (`bao_cao:` in unit.yaml), else from
DEFAULT_SKELETON. A section names the parts danvan fills in (`gom`): the unit's own words where its
narrative gives them, else a draft from the progress log (drafting.py), and the results of every task with
the figures table. A part the unit wrote must have a place in the skeleton: nothing written is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from danvan_cli import drafting
from danvan_cli import vnformat as vn
from danvan_cli.errors import InputError
from danvan_cli.outline import Block, block, body_blocks, item_blocks, paragraphs
from danvan_cli.outline import closing as closing_blocks

if TYPE_CHECKING:
    from danvan_cli.context import ReportFace
    from danvan_cli.models import (
        Item,
        Narrative,
        Numbering,
        Outline,
        Part,
        Plan,
        Profile,
        ProgressEntry,
        Section,
        Unit,
    )
    from danvan_cli.periods import ReportPeriod
    from danvan_cli.standing import TaskStanding
    from danvan_cli.vnformat import Number
    from danvan_cli.yamlsource import Source

# The parts a unit writes in its narrative; each can be drafted from the log where the unit wrote nothing.
WRITTEN_PARTS = (
    "dac_diem_tinh_hinh",
    "ket_qua_noi_bat",
    "uu_diem",
    "ton_tai_han_che",
    "nguyen_nhan",
    "phuong_huong",
    "de_xuat_kien_nghi",
)
PART_NAMES_VI = {
    "dac_diem_tinh_hinh": "đặc điểm tình hình",
    "ket_qua_noi_bat": "kết quả nổi bật",
    "uu_diem": "ưu điểm",
    "ton_tai_han_che": "tồn tại, hạn chế",
    "nguyen_nhan": "nguyên nhân",
    "phuong_huong": "phương hướng, nhiệm vụ",
    "de_xuat_kien_nghi": "đề xuất, kiến nghị",
}


def default_skeleton() -> list[Section]:
    """NĐ 30's usual report: I. situation, II. results (with the figures), III. evaluation (strengths,
    shortcomings, causes), IV. the next period's work, V. requests."""
    from danvan_cli.models import Item, Section

    return [
        Section(tieu_de="ĐẶC ĐIỂM TÌNH HÌNH", gom=["dac_diem_tinh_hinh"]),
        Section(tieu_de="KẾT QUẢ THỰC HIỆN", gom=["ket_qua_noi_bat", "ket_qua", "bang_so_lieu"]),
        Section(
            tieu_de="ĐÁNH GIÁ CHUNG",
            muc=[
                Item(tieu_de="Ưu điểm", gom=["uu_diem"]),
                Item(tieu_de="Tồn tại, hạn chế", gom=["ton_tai_han_che"]),
                Item(tieu_de="Nguyên nhân", gom=["nguyen_nhan"]),
            ],
        ),
        Section(tieu_de="PHƯƠNG HƯỚNG, NHIỆM VỤ {ky_toi}", gom=["phuong_huong"]),
        Section(tieu_de="ĐỀ XUẤT, KIẾN NGHỊ", gom=["de_xuat_kien_nghi"]),
    ]


@dataclass
class Skeleton:
    sections: list[Section]
    parts: list[Part]
    numbering: Numbering
    closing: list[str] | None  # None: the default closing sentence


def skeleton(narrative: Narrative, unit: Unit, outline: Outline | None = None) -> Skeleton:
    """The office's outline where the report answers one, else the report's own skeleton, else the unit's,
    else NĐ 30's five sections."""
    from danvan_cli.models import Numbering

    unit_default = unit.bao_cao
    sections: list[Section] | None = narrative.muc
    parts: list[Part] | None = narrative.phan
    if outline is not None:
        unit_default = outline.bao_cao
        sections, parts = unit_default.muc, unit_default.phan
        if sections is None and parts is None:
            sections = default_skeleton()
    if sections is None and parts is None and unit_default is not None:
        sections, parts = unit_default.muc, unit_default.phan
    if sections is None and parts is None:
        sections = default_skeleton()
    numbering = narrative.danh_so or (unit_default.danh_so if unit_default else None) or Numbering()
    closing = narrative.ket_luan
    if closing is None and unit_default is not None:
        closing = unit_default.ket_luan
    return Skeleton(sections or [], parts or [], numbering, closing)


def placed_parts(s: Skeleton) -> set[str]:
    """Every part some section or item of the skeleton gathers."""

    def walk(items: list[Item]):
        for item in items:
            yield from item.gom
            yield from walk(item.muc)

    sections = s.sections + [sec for part in s.parts for sec in part.muc]
    return {name for sec in sections for name in (*sec.gom, *walk(sec.items))}


def check_placed(narrative: Narrative, source: Source | None, s: Skeleton, outline: Outline | None = None) -> None:
    """A part the unit wrote must stand somewhere in the skeleton: a written paragraph is never dropped."""
    placed = placed_parts(s)
    missing = [name for name in WRITTEN_PARTS if getattr(narrative, name) and name not in placed]
    skeleton_named = f"đề cương của {outline.co_quan}" if outline is not None else "khung báo cáo"
    fix = (
        "hãy đưa nội dung này vào phần khác mà đề cương có, hoặc hỏi cơ quan gửi đề cương"
        if outline is not None
        else "hãy thêm 'gom: [{name}]' vào một mục của khung (muc), hoặc bỏ phần này"
    )
    if missing and source is not None:
        raise InputError(
            [
                source.problem(
                    (name,),
                    f"phần '{name}' đã viết nhưng {skeleton_named} không có mục nào nhận phần này; "
                    + fix.format(name=name),
                    at_key=True,
                )
                for name in missing
            ]
        )


_PLACEHOLDER = re.compile(r"\{(ky_bao_cao|ky_toi|nam)\}")


def fill_placeholders(sections: list[Section], parts: list[Part], values: dict[str, str]) -> tuple[list, list]:
    """Headings may name the period: {ky_bao_cao}, {ky_toi}, {nam}. A heading in capitals gets them in capitals."""

    def heading(text: str) -> str:
        plain = _PLACEHOLDER.sub("", text)
        capitals = plain == vn.upper(plain) and any(c.isalpha() for c in plain)
        return _PLACEHOLDER.sub(lambda m: vn.upper(values[m.group(1)]) if capitals else values[m.group(1)], text)

    def item(i: Item) -> Item:
        return i.model_copy(
            update={"tieu_de": heading(i.tieu_de) if i.tieu_de else None, "muc": [item(c) for c in i.muc]}
        )

    def section(s: Section) -> Section:
        return s.model_copy(
            update={
                "tieu_de": heading(s.tieu_de),
                "muc": [item(i) for i in s.muc],
                "nhiem_vu": [item(i) for i in s.nhiem_vu],
            }
        )

    return [section(s) for s in sections], [
        p.model_copy(update={"tieu_de": heading(p.tieu_de), "muc": [section(s) for s in p.muc]}) for p in parts
    ]


# ---------------------------------------------------------------- facts the drafts are made from


@dataclass
class Facts:
    """What the period's data says, computed once for every part of the report."""

    subject: str  # how the unit names itself: 'nhà trường'
    state: list[TaskStanding]
    in_window: dict[str, list[ProgressEntry]]  # task id → its entries in the period
    free: dict[str, list[ProgressEntry]]  # free heading → entries of work outside the plan's tasks
    until: dt.date
    next_title: str
    next_end: dt.date | None
    year: int
    profile: Profile | None  # tinh-hinh.yaml
    appendix_named: str = ""  # the sentence naming the Phụ lục, when the report has one

    def titled(self, standings) -> list[str]:
        return [s.title for s in standings]

    @property
    def with_results(self):
        return [s for s in self.state if self.in_window[s.task.ma or ""]]

    @property
    def idle(self):
        return [s for s in self.state if not self.in_window[s.task.ma or ""] and not s.entries]

    @property
    def quiet(self):
        """Unfinished tasks with nothing recorded in the period: what the report owes an explanation for.
        A task finished in an earlier period is not among them."""
        from danvan_cli.standing import DONE

        return [s for s in self.state if not self.in_window[s.task.ma or ""] and s.status != DONE]


def make_facts(
    unit: Unit,
    plan: Plan | None,
    log,
    period: ReportPeriod,
    until: dt.date,
    profile,
) -> Facts:
    from danvan_cli.periods import next_period
    from danvan_cli.standing import entries_between, standings

    tasks = plan.tasks if plan is not None else []
    state = standings(tasks, log, period.year, until)
    in_window = {s.task.ma or "": entries_between(s.entries, period.start, until) for s in state}
    free: dict[str, list] = {}
    for entry in entries_between(log.entries, period.start, until):
        if entry.nhiem_vu is None and entry.linh_vuc:
            free.setdefault(vn.collapse_whitespace(entry.linh_vuc), []).append(entry)
    _, _, next_title = next_period(period.period, period.year)
    next_end = dt.date(period.year, 12, 31) if period.period != "year" else None
    return Facts(drafting.subject_of(unit), state, in_window, free, until, next_title, next_end, period.year, profile)


def draft(name: str, f: Facts) -> list[str]:
    """The part `name` as danvan drafts it from the data; [] where the data says nothing."""
    from danvan_cli.standing import DONE

    if name == "dac_diem_tinh_hinh":
        profile = f.profile
        if profile is None:
            return []
        out = drafting.profile_paragraphs(f.subject, f.year, profile.so_lieu, profile.dac_diem)
        # each item a sentence of its own, as written: joining them with ';' would leave a capital mid-sentence
        for label, items in (("Thuận lợi", profile.thuan_loi), ("Khó khăn", profile.kho_khan)):
            if items:
                out.append(f"{label}: " + " ".join(drafting.as_sentence(p.rstrip(";")) for p in items))
        return out
    if name == "uu_diem":
        done = [s for s in f.with_results if s.status == DONE]  # finished in this period
        ongoing = [s for s in f.with_results if s.status != DONE]
        return drafting.strengths(f.titled(done), f.titled(ongoing))
    if name == "ton_tai_han_che":
        late = [(s.title, s.deadline) for s in f.state if s.late]
        return drafting.weaknesses(f.titled(f.quiet), late)
    if name == "nguyen_nhan":
        difficulties = [(s.title, e.kho_khan) for s in f.state for e in f.in_window[s.task.ma or ""] if e.kho_khan] + [
            (heading, e.kho_khan) for heading, entries in f.free.items() for e in entries if e.kho_khan
        ]
        return drafting.causes(difficulties)
    if name == "phuong_huong":
        unfinished = [s for s in f.state if s.status != DONE]
        ongoing = [s for s in unfinished if s.entries]
        idle = [s for s in unfinished if not s.entries]
        due_next = [
            (s.title, s.deadline)
            for s in unfinished
            if f.next_end is not None and f.until < s.deadline <= f.next_end and s.task.han is not None
        ]
        return drafting.directions(f.titled(ongoing), f.titled(idle), due_next, f.next_title)
    if name == "de_xuat_kien_nghi":
        return ["Không có."]
    return []


def results_items(plan: Plan | None, f: Facts) -> list[Item]:
    """The results part: the plan's tasks that have results in the period, under the plan's own group headings,
    each with its drafted sentences; then work recorded under free headings. Tasks with nothing in the period
    are named in the evaluation instead (or, where the report has none, at the end of this part)."""
    from danvan_cli.models import Item

    by_id = {s.task.ma: s for s in f.state}

    def task_item(task: Item) -> Item | None:
        s = by_id[task.ma]
        entries = f.in_window[task.ma or ""]
        if not entries:
            return None
        from danvan_cli.standing import DONE, sum_figures

        text = drafting.results_paragraphs(f.subject, entries, sum_figures(entries))
        state = drafting.task_state_sentence(s.status == DONE, s.late, s.deadline)
        if state:
            text = [f"{text[0]} {state}"] if text else [state]
        return Item(tieu_de=s.title, noi_dung=text)

    def walk(items: list[Item]) -> list[Item]:
        out = []
        for item in items:
            if item.is_task:
                made = task_item(item)
                if made is not None:
                    out.append(made)
                continue
            inner = walk(item.muc)
            if inner:  # a group heading of the plan that holds tasks with results
                out.append(
                    Item(tieu_de=item.tieu_de or drafting.upper_first(vn.short_title(item.noi_dung[0])), muc=inner)
                )
        return out

    items: list[Item] = []
    if plan is not None:
        for section in plan.sections:
            items += walk(section.items)
    for heading, entries in f.free.items():
        from danvan_cli.standing import sum_figures

        items.append(
            Item(tieu_de=heading, noi_dung=drafting.results_paragraphs(f.subject, entries, sum_figures(entries)))
        )
    return items


# ---------------------------------------------------------------- the context


@dataclass
class ReportText:
    """What the report's body holds: its blocks split at the figures table, and which parts were drafted."""

    before_table: list[Block]
    after_table: list[Block]
    table_shown: bool
    drafted: list[str] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)  # drafted parts the data had nothing for


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
) -> ReportText:
    """The whole body: opening, the skeleton filled, closing; split where the figures table stands."""
    s = skeleton(narrative, unit, outline)
    values = {"ky_bao_cao": period.title, "ky_toi": facts.next_title, "nam": str(period.year)}
    sections, parts = fill_placeholders(s.sections, s.parts, values)
    placed = placed_parts(s)
    drafted: list[str] = []
    omitted: list[str] = []

    def fill(name: str, depth: int) -> list[Block]:
        if name == "bang_so_lieu":
            return [block("bang", "")]
        if name == "ket_qua":
            items = results_items(plan, facts)
            out = [b for i, item in enumerate(items, start=1) for b in item_blocks(item, depth, i, "", s.numbering)]
            if not items:
                out += paragraphs([f"Trong {period.title}, {facts.subject} không có hoạt động mới theo kế hoạch."])
            # tasks with nothing in the period are named once: by the drafted shortcomings, or here
            if facts.quiet and ("ton_tai_han_che" not in placed or narrative.ton_tai_han_che):
                out += paragraphs(drafting.weaknesses(facts.titled(facts.quiet), []))
            if facts.appendix_named:
                out.append(block("doan", facts.appendix_named))
            return out
        written = getattr(narrative, name, None)
        if written:
            return paragraphs(list(written))
        drafted_text = draft(name, facts)
        if name in WRITTEN_PARTS and name != "ket_qua_noi_bat":  # (a lead paragraph has no draft: nothing to say)
            (drafted if drafted_text else omitted).append(PART_NAMES_VI[name])
        return paragraphs(drafted_text)

    kept = outline is not None  # an office's outline keeps every heading it asks for, so its numbering holds
    blocks = closing_blocks(paragraphs(opening) + body_blocks(sections, parts, s.numbering, fill, kept), closing)
    marker = next((i for i, b in enumerate(blocks) if b["kieu"] == "bang"), None)
    if marker is None:
        return ReportText(blocks, [], False, drafted, omitted)
    return ReportText(blocks[:marker], blocks[marker + 1 :], True, drafted, omitted)


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


# ---------------------------------------------------------------- the figures table


# Units of measure a figure's name may start with after "số": the longest that matches is taken.
MEASURES = (
    "lượt người", "lượt", "buổi", "văn bản", "hội nghị", "mô hình", "thủ tục", "tin, bài", "tin bài", "tin", "bài",
    "cuộc", "lớp", "người", "đảng viên", "hộ", "triệu đồng", "đồng", "công trình", "phiên", "vụ", "đơn", "ý kiến",
    "kiến nghị", "câu lạc bộ", "tổ", "đoàn", "lần", "hồ sơ", "gia đình", "trẻ", "học sinh", "cán bộ", "giáo viên",
    "đợt", "chuyên đề", "tài liệu", "bản", "trang", "khóa", "phong trào", "chương trình", "kế hoạch", "báo cáo",
    "cơ quan", "đơn vị", "thôn", "xóm", "tổ dân phố", "ngày công", "ngày", "giờ", "km", "m2", "tấn", "suất", "phần quà",
)  # fmt: skip


def measure_of(name: str, declared: dict[str, str] | None = None) -> str:
    """The unit of measure of a figure: as the plan declares it, else what its name says after 'số'
    ('số buổi tuyên truyền' → 'buổi', 'số văn bản triển khai' → 'văn bản'); '' where neither says."""
    key = " ".join(vn.collapse_whitespace(name).casefold().split())
    if declared and key in declared:
        return declared[key]
    if not key.startswith("số "):
        return ""
    rest = key[3:]
    found = [m for m in MEASURES if rest == m or rest.startswith((m + " ", m + ","))]
    return max(found, key=len) if found else ""


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
) -> ReportData:
    """Where every task stands and what the figures are, for the report of `period` made on `as_of`."""
    from danvan_cli.periods import a_year_earlier
    from danvan_cli.standing import entries_between, figure_key, sum_figures

    until = period.until(as_of)
    facts = make_facts(unit, plan, log, period, until, profile)
    in_period = sum_figures(entries_between(log.entries, period.start, until))
    year_to_date = sum_figures(entries_between(log.entries, year_start, until))
    last_year = None
    if previous_entries is not None:
        last_year = sum_figures(entries_between(previous_entries, a_year_earlier(period.start), a_year_earlier(until)))
    if outline is None:
        declared = {figure_key(f.ten): f.don_vi_tinh for f in plan.so_lieu} if plan is not None else {}
        names = list(dict.fromkeys([*year_to_date, *in_period]))
        lines = [
            FigureLine(
                name,
                measure_of(name, declared),
                in_period.get(name),
                year_to_date.get(name, 0),
                last_year.get(name, 0) if last_year is not None else None,
            )
            for name in names
        ]
        return ReportData(period, until, facts, lines, last_year)

    def matching(figures: dict[str, Number] | None, key: str) -> Number | None:
        found = [v for name, v in (figures or {}).items() if figure_key(name) == key]
        return sum(found) if found else None

    lines = []
    for asked in outline.so_lieu:
        key = figure_key(asked.ten)
        before = (matching(last_year, key) or 0) if last_year is not None else None
        lines.append(
            FigureLine(asked.ten, asked.don_vi_tinh, matching(in_period, key), matching(year_to_date, key), before)
        )
    asked_keys = {figure_key(f.ten) for f in outline.so_lieu}
    unasked = [n for n in dict.fromkeys([*year_to_date, *in_period]) if figure_key(n) not in asked_keys]
    kept_last_year = (
        {line.name: line.before for line in lines if line.before is not None} if last_year is not None else None
    )
    return ReportData(period, until, facts, lines, kept_last_year, unasked)


NOT_RECORDED = "—"


def figures_table(data: ReportData) -> dict:
    """Rows of the report's figures table: this period, the year to date, and the same period last year. A figure
    an outline asks for that the unit never recorded shows as '—', never dropped."""
    rows = []
    for i, line in enumerate(data.figures, start=1):
        recorded = line.to_date is not None or line.now is not None
        now = line.now or 0
        rows.append(
            {
                "tt": str(i),
                "ten": vn.sentence_case(line.name),
                "dvt": line.measure,
                "ky_nay": vn.number(now) if recorded else NOT_RECORDED,
                "luy_ke": vn.number(line.to_date or 0) if recorded else NOT_RECORDED,
                "cung_ky": vn.number(line.before) if line.before is not None else "–",
                "so_sanh": change_text(now, line.before) if recorded else "–",
            }
        )
    return {"dong": rows, "co_cung_ky": data.last_year is not None}


# ---------------------------------------------------------------- the whole context


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
    from danvan_cli.errors import FileNotFound

    raise FileNotFound(
        f"đơn vị không có kế hoạch năm này và chưa có phần lời báo cáo ({problem_place}) ghi chu_de: không biết "
        "báo cáo về lĩnh vực nào"
    )


def window_note(period: ReportPeriod, until: dt.date) -> str:
    """' (số liệu tính đến ngày 13/5/2022)' where the data stop before the period's NĐ 09 window ends, and the
    whole window where it does not start where NĐ 09 starts it (a plan year that follows another)."""
    from danvan_cli.periods import nd09_window

    if period.start != nd09_window(period.period, period.year)[0]:
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
    plan_number: int | None = None,
    appendix: bool = False,
    outline: Outline | None = None,
) -> tuple[dict, ReportText]:
    """Everything the Báo cáo template shows (from `data`, computed by `report_data`), and what of its text
    was drafted."""
    from danvan_cli.context import plan_citation

    period, until = data.period, data.until
    chu_de = subject_of_report(plan, narrative, source)
    s = skeleton(narrative, unit, outline)
    check_placed(narrative, source, s, outline)
    title = period.title
    cut = window_note(period, until)
    if narrative.mo_dau is not None:
        opening = list(narrative.mo_dau)
    elif narrative.thuc_hien:
        docs = "; ".join(cited(d) for d in narrative.thuc_hien)
        opening = [f"Thực hiện {docs}, {unit.name} báo cáo kết quả thực hiện {chu_de} {title}{cut} như sau:"]
    elif plan is not None:
        opening = [
            f"Thực hiện {plan_citation(unit, plan, plan_number)}, {unit.name} báo cáo kết quả thực hiện {chu_de} {title}{cut} như sau:"
        ]
    else:
        opening = [f"{unit.name} báo cáo kết quả thực hiện {chu_de} {title}{cut} như sau:"]
    closing = (
        s.closing
        if s.closing is not None
        else [f"Trên đây là báo cáo kết quả thực hiện {chu_de} {title} của {unit.name}./."]
    )

    facts = data.facts
    if appendix:
        facts.appendix_named = (
            f"Kết quả tự chấm điểm, xếp loại {chu_de} năm {period.year} chi tiết tại Phụ lục kèm theo Báo cáo này."
        )
    text = body(unit, plan, narrative, period, facts, opening=opening, closing=closing, outline=outline)
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
