"""The Báo cáo: its skeleton (data, with the usual sections of a periodic report as the default), and what fills it.

A report is an outline like a plan. Its sections, their order and their headings come from the report's
own narrative (reports/<period>.yaml), else from the unit's default (`bao_cao:` in unit.yaml), else from
`default_skeleton`. A section names the parts danvan fills in (`gom`): the unit's own words where its
narrative gives them, else a draft from the data (drafting.py) where the data says it, else a question to the
unit (a part only people know: causes, lessons, requests), and the results of every task with the figures
table. A part the unit wrote must have a place in the skeleton: nothing written is dropped; a part with nothing
to say is left out, never printed as an empty heading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from danvan_cli import drafting
from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.errors import FileNotFound, InputError
from danvan_cli.figures import FigureBook, FigureSpec, FigureValue
from danvan_cli.models import Item, Narrative, Numbering, Outline, Part, Plan, Profile, ProgressEntry, Section, Unit
from danvan_cli.outline import Block, block, body_blocks, item_blocks, paragraphs
from danvan_cli.outline import closing as closing_blocks
from danvan_cli.periods import ReportPeriod, a_year_earlier, nd09_window, next_period
from danvan_cli.standing import DONE, TaskStanding, entries_between, standings

if TYPE_CHECKING:
    from danvan_cli.context import ReportFace
    from danvan_cli.vnformat import Number
    from danvan_cli.yamlsource import Source


# The parts a unit writes in its narrative; each is drafted from the data where it can be, else asked for.
WRITTEN_PARTS = (
    "dac_diem_tinh_hinh",
    "lanh_dao_chi_dao",
    "ket_qua_noi_bat",
    "danh_gia_chung",
    "uu_diem",
    "ton_tai_han_che",
    "nguyen_nhan",
    "nguyen_nhan_khach_quan",
    "nguyen_nhan_chu_quan",
    "bai_hoc_kinh_nghiem",
    "phuong_huong",
    "de_xuat_kien_nghi",
)
PART_NAMES_VI = {
    "dac_diem_tinh_hinh": "đặc điểm tình hình",
    "lanh_dao_chi_dao": "công tác lãnh đạo, chỉ đạo",
    "ket_qua_noi_bat": "kết quả nổi bật",
    "danh_gia_chung": "đánh giá chung",
    "uu_diem": "ưu điểm",
    "ton_tai_han_che": "tồn tại, hạn chế",
    "nguyen_nhan": "nguyên nhân",
    "nguyen_nhan_khach_quan": "nguyên nhân khách quan",
    "nguyen_nhan_chu_quan": "nguyên nhân chủ quan",
    "bai_hoc_kinh_nghiem": "bài học kinh nghiệm",
    "phuong_huong": "phương hướng, nhiệm vụ",
    "de_xuat_kien_nghi": "đề xuất, kiến nghị",
}
# A written part stands where the skeleton gathers the part it belongs to.
PLACED_AS = {"nguyen_nhan_khach_quan": "nguyen_nhan", "nguyen_nhan_chu_quan": "nguyen_nhan"}


def default_skeleton(party: bool = False) -> list[Section]:
    """The usual report: the situation (when there is one), the unit's leadership and direction, the results
    with the figures, the evaluation (overall, strengths, shortcomings, causes, lessons), the next period's
    work, and requests to the level above. A Party body reports what it led: 'Kết quả lãnh đạo thực hiện',
    'Hạn chế, khuyết điểm', and no table of counts (its figures are in the text)."""

    evaluation = [
        Item(tieu_de="Ưu điểm", gom=["uu_diem"]),
        Item(tieu_de="Hạn chế, khuyết điểm" if party else "Tồn tại, hạn chế", gom=["ton_tai_han_che"], tuy_chon=True),
        Item(tieu_de="Nguyên nhân", gom=["nguyen_nhan"], tuy_chon=True),
        Item(tieu_de="Bài học kinh nghiệm", gom=["bai_hoc_kinh_nghiem"], tuy_chon=True),
    ]
    if party:
        results = [
            Section(
                tieu_de="KẾT QUẢ LÃNH ĐẠO THỰC HIỆN",
                muc=[
                    Item(tieu_de="Công tác lãnh đạo, chỉ đạo, quán triệt", gom=["lanh_dao_chi_dao"]),
                    Item(tieu_de="Kết quả lãnh đạo thực hiện các nhiệm vụ", gom=["ket_qua_noi_bat", "ket_qua"]),
                ],
            )
        ]
    else:
        results = [
            Section(tieu_de="CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI THỰC HIỆN", gom=["lanh_dao_chi_dao"]),
            Section(tieu_de="KẾT QUẢ THỰC HIỆN", gom=["ket_qua_noi_bat", "ket_qua", "bang_so_lieu"]),
        ]
    return [
        Section(tieu_de="ĐẶC ĐIỂM TÌNH HÌNH", gom=["dac_diem_tinh_hinh"], tuy_chon=True),
        *results,
        Section(tieu_de="ĐÁNH GIÁ CHUNG", gom=["danh_gia_chung"], muc=evaluation),
        Section(tieu_de="PHƯƠNG HƯỚNG, NHIỆM VỤ {ky_toi}", gom=["phuong_huong"]),
        Section(tieu_de="ĐỀ XUẤT, KIẾN NGHỊ", gom=["de_xuat_kien_nghi"], tuy_chon=True),
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

    unit_default = unit.bao_cao
    sections: list[Section] | None = narrative.muc
    parts: list[Part] | None = narrative.phan
    party = unit.the_thuc == "dang"
    if outline is not None:
        unit_default = outline.bao_cao
        sections, parts = unit_default.muc, unit_default.phan
        if sections is None and parts is None:
            sections = default_skeleton(party)
    if sections is None and parts is None and unit_default is not None:
        sections, parts = unit_default.muc, unit_default.phan
    if sections is None and parts is None:
        sections = default_skeleton(party)
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


def check_placed(
    narrative: Narrative,
    source: Source | None,
    s: Skeleton,
    outline: Outline | None = None,
    drafted: frozenset[str] = frozenset(),
) -> None:
    """A part the unit wrote must stand somewhere in the skeleton: a written paragraph is never dropped. A part
    that still holds danvan's own draft (`drafted`) is not the unit's: it goes where the skeleton has room."""
    placed = placed_parts(s)
    missing = [
        name
        for name in WRITTEN_PARTS
        if getattr(narrative, name) and name not in drafted and PLACED_AS.get(name, name) not in placed
    ]
    skeleton_named = f"đề cương của {outline.co_quan}" if outline is not None else "khung báo cáo"
    fix = (
        "hãy đưa nội dung này vào phần khác mà đề cương có, hoặc hỏi cơ quan gửi đề cương"
        if outline is not None
        else "hãy thêm 'gom: [{placed}]' vào một mục của khung (muc), hoặc bỏ phần này"
    )
    if missing and source is not None:
        raise InputError(
            [
                source.problem(
                    (name,),
                    f"phần '{name}' đã viết nhưng {skeleton_named} không có mục nào nhận phần này; "
                    + fix.format(placed=PLACED_AS.get(name, name)),
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


@dataclass(frozen=True)
class Issued:
    """A document the unit issued in the report's window: from its register, or cited in its log."""

    day: dt.date
    text: str  # 'Thông báo số 12/TB-MNHA ngày 06/5/2022' (with 'về …' where the register says)


@dataclass(frozen=True)
class NextReport:
    """The report due after this one: named in the direction with its date and its recipient."""

    title: str
    due: dt.date
    to: str | None


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
    period: ReportPeriod | None = None
    topic: str = ""
    book: FigureBook = field(default_factory=FigureBook)
    in_period: dict[str, FigureValue] = field(default_factory=dict)  # by figure key
    to_date: dict[str, FigureValue] = field(default_factory=dict)
    plan_issued: Issued | None = None  # the plan itself, where it was issued in the window
    plan_ref: str | None = None  # 'Kế hoạch số 05/KH-MNHA ngày 25/01/2022'
    issued: list[Issued] = field(default_factory=list)
    next_report: NextReport | None = None
    upper: str | None = None  # the office the report goes to
    assessment: str = ""  # the yearly report's sentence on the self-assessment (as its Phụ lục shows it)

    def titled(self, standings) -> list[str]:
        return [s.title for s in standings]

    @property
    def yearly(self) -> bool:
        return self.period is not None and self.period.code == "year"

    @property
    def with_results(self):
        return [s for s in self.state if self.in_window[s.task.ma or ""]]

    @property
    def window_entries(self) -> list[ProgressEntry]:
        return [e for entries in (*self.in_window.values(), *self.free.values()) for e in entries]

    @property
    def behind(self) -> list[TaskStanding]:
        """Tasks with a deadline of their own that fell in the window and are not done: the shortcomings."""
        return [
            s
            for s in self.state
            if not s.task.standing and s.task.han is not None and s.status != DONE and s.deadline <= self.until
        ]

    def targets(self) -> list[tuple[FigureSpec, Number | None]]:
        """Every declared figure with a target, and its value for the year so far (None: never recorded)."""
        return [
            (spec, self.to_date[k].value if k in self.to_date else None)
            for k, spec in self.book.declared.items()
            if spec.target is not None
        ]

    def missed_targets(self) -> list[tuple[FigureSpec, Number]]:
        """Targets not met when the year's last report is made (before it, a target is on its way)."""
        if not self.yearly:
            return []
        return [(s, v or 0) for s, v in self.targets() if not fig.target_met(s, v or 0)]

    def difficulties(self) -> list[tuple[str, str]]:
        """(where, what): the difficulties recorded with the work of the period."""
        return [(s.title, e.kho_khan) for s in self.state for e in self.in_window[s.task.ma or ""] if e.kho_khan] + [
            (heading, e.kho_khan) for heading, entries in self.free.items() for e in entries if e.kho_khan
        ]

    def shortcomings(self) -> bool:
        return bool(self.behind or self.missed_targets() or self.difficulties())


def make_facts(
    unit: Unit,
    plan: Plan | None,
    log,
    period: ReportPeriod,
    until: dt.date,
    profile,
    *,
    book: FigureBook,
    year_start: dt.date,
    plan_number: int | None = None,
    issued: list[Issued] | None = None,
    next_report: NextReport | None = None,
    assessment: str = "",
) -> Facts:

    tasks = plan.tasks if plan is not None else []
    state = standings(tasks, log, period.year, until, book)
    in_window = {s.task.ma or "": entries_between(s.entries, period.start, until) for s in state}
    free: dict[str, list] = {}
    for entry in entries_between(log.entries, period.start, until):
        if entry.nhiem_vu is None and entry.linh_vuc:
            free.setdefault(vn.collapse_whitespace(entry.linh_vuc), []).append(entry)
    _, _, next_title = next_period(period.code, period.year)
    next_end = dt.date(period.year, 12, 31) if period.code != "year" else dt.date(period.year + 1, 12, 31)
    window = entries_between(log.entries, period.start, until)
    plan_ref = plan_issued = None
    if plan is not None:
        plan_ref = vn.citation(
            "Kế hoạch", plan_number, "KH", unit.chu_viet_tat, plan.ngay, party=unit.the_thuc == "dang"
        )
        if period.start <= plan.ngay <= until:
            subject_line = vn.lower_first(vn.collapse_whitespace(plan.trich_yeu))
            plan_issued = Issued(plan.ngay, f"{plan_ref.split(' ngày ')[0].rstrip(',')} {subject_line}")
    return Facts(
        drafting.subject_of(unit),
        state,
        in_window,
        free,
        until,
        next_title,
        next_end,
        period.year,
        profile,
        period=period,
        topic=vn.collapse_whitespace(plan.chu_de) if plan is not None else "",
        book=book,
        in_period=fig.combine(book, window),
        to_date=fig.combine(book, entries_between(log.entries, year_start, until)),
        plan_issued=plan_issued,
        plan_ref=plan_ref,
        issued=list(issued or []),
        next_report=next_report,
        upper=unit.co_quan_cap_tren,
        assessment=assessment,
    )


def leadership(f: Facts) -> list[str]:
    """What the unit issued and held to lead the work in the window: its plan, its documents, its meetings."""
    out = []
    subject = drafting.upper_first(f.subject)
    if f.plan_issued is not None:
        out.append(f"Ngày {vn.short_date(f.plan_issued.day)}, {f.subject} ban hành {f.plan_issued.text}.")
    elif f.plan_ref:
        out.append(f"{subject} tiếp tục triển khai {f.plan_ref}.")
    if len(f.issued) == 1:
        out.append(f"Trong kỳ, {f.subject} ban hành {f.issued[0].text} để triển khai thực hiện.")
    elif f.issued:
        listed = "; ".join(d.text for d in f.issued[:5])
        more = f" và {len(f.issued) - 5} văn bản khác" if len(f.issued) > 5 else ""
        out.append(f"Trong kỳ, {f.subject} ban hành {len(f.issued)} văn bản để triển khai thực hiện: {listed}{more}.")
    directing = [e for e in f.window_entries if e.chi_dao]
    if directing:  # its documents are listed above
        groups = drafting.activities(directing)
        out.append(" ".join(drafting.activity_sentence(f.subject, a, f.book, cite=False) for a in groups))
    return out


def strengths(f: Facts) -> list[str]:
    active = sorted(f.with_results, key=lambda s: (-len(f.in_window[s.task.ma or ""]), s.number))
    people = [fv for fv in f.in_period.values() if fv.spec.adds_up and fv.spec.unit.casefold().startswith("lượt người")]
    reach = fig.phrase(people[0].spec, people[0].value) if len(people) == 1 else ""
    done_on_time = [
        s.title
        for s in f.with_results
        if s.status == DONE and not s.task.standing and s.last_update is not None and s.last_update <= s.deadline
    ]
    met = [(s, v) for s, v in f.targets() if v is not None and fig.target_met(s, v)]
    examples = [drafting.clean(e.dien_hinh) for e in f.window_entries if e.dien_hinh]
    out = [
        drafting.led_areas(f.subject, f.titled(active), reach),
        drafting.on_time(done_on_time),
        drafting.targets_met(met),
    ]
    if examples:
        out.append(f"Có điển hình được biểu dương, khen thưởng: {'; '.join(examples)}.")
    return [t for t in out if t]


def shortcomings(f: Facts) -> list[str]:
    out = [drafting.behind(s.title, s.deadline) for s in f.behind]
    out += [drafting.target_missed(s, v) for s, v in f.missed_targets()]
    out += [drafting.difficulty(where, what) for where, what in f.difficulties()]
    return out


def directions(f: Facts) -> list[str]:
    """Numbered, concrete actions for the next period: this period's shortfalls, the plan's tasks due next with
    their dates, the standing tasks, the rest of the plan, the targets still open, the next report."""
    items: list[str] = []
    seen: set[str] = set()

    def once(s: TaskStanding, text: str) -> None:
        if s.task.ma not in seen:
            seen.add(s.task.ma or "")
            items.append(text)

    for s in f.behind:
        once(s, f"Khẩn trương hoàn thành {drafting.matter(s.title)} (chậm so với hạn {vn.short_date(s.deadline)})")
    unfinished = [s for s in f.state if not (s.status == DONE and not s.task.standing)]
    for s in unfinished:
        han = s.task.han
        if not s.task.standing and han is not None and f.next_end is not None and f.until < han <= f.next_end:
            once(s, f"{drafting.action(s.title)}, hoàn thành trước ngày {vn.short_date(han)}")
    for s in unfinished:  # a standing task goes on; one not begun yet is taken up
        if s.task.standing and s.entries:
            once(s, f"Tiếp tục {drafting.action(s.title)}")
    for s in unfinished:
        if s.task.standing and not s.entries:
            words = drafting.action(s.title)
            once(s, f"Tập trung {words}" if drafting.is_verb_phrase(s.title) else f"Triển khai {words}")
    for s in unfinished:
        if s.task.han is None or s.task.han > f.until:
            when = f" (hạn {vn.short_date(s.task.han)})" if s.task.han else ""
            once(s, f"{drafting.action(s.title)}{when}")
    for spec, value in f.targets():
        if not fig.target_met(spec, value or 0):
            if spec.kind == fig.RATE:
                items.append(f"Phấn đấu nâng {spec.name} lên {fig.amount_text(spec, spec.target or 0)}")
            else:
                left = (spec.target or 0) - (value or 0)
                items.append(f"Phấn đấu đạt chỉ tiêu về {spec.name} (còn {fig.amount_text(spec, left)})")
    if f.next_report is not None and f.topic:
        to = f" gửi {f.next_report.to}" if f.next_report.to else ""
        items.append(
            f"Báo cáo kết quả thực hiện {f.topic} {f.next_report.title}{to} trước ngày {vn.short_date(f.next_report.due)}"
        )
    if f.yearly and f.topic:
        items.append(f"Xây dựng kế hoạch thực hiện {f.topic} năm {f.year + 1}")
    return drafting.actions(items)


def causes(f: Facts) -> list[str]:
    """The causes the clerk recorded with the work of the period, as written (a difficulty is never a cause)."""
    seen: list[str] = []
    for e in f.window_entries:
        if e.nguyen_nhan and drafting.as_sentence(drafting.curly_quotes(e.nguyen_nhan)) not in seen:
            seen.append(drafting.as_sentence(drafting.curly_quotes(e.nguyen_nhan)))
    return seen


def draft(name: str, f: Facts) -> list[str]:
    """The part `name` as danvan drafts it from the data; [] where the data says nothing (then it is asked)."""
    if name == "dac_diem_tinh_hinh":
        profile = f.profile
        if profile is None:
            return []
        values = [fig.phrase(f.book.spec(n), v) for n, v in profile.so_lieu.items()]
        out = drafting.profile_paragraphs(f.subject, f.year, values, profile.dac_diem)
        # each item a sentence of its own, as written: joining them with ';' would leave a capital mid-sentence
        for label, items in (("Thuận lợi", profile.thuan_loi), ("Khó khăn", profile.kho_khan)):
            if items:
                out.append(
                    f"{label}: " + " ".join(drafting.as_sentence(drafting.curly_quotes(p.rstrip(";"))) for p in items)
                )
        return out
    if name == "lanh_dao_chi_dao":
        return leadership(f)
    if name == "danh_gia_chung":
        if f.period is None:
            return []
        active = sum(1 for s in f.state if s.entries)
        done = sum(1 for s in f.state if s.status == DONE and not s.task.standing)
        sentence = drafting.overall(f.subject, f.period.title, active, len(f.state), done, len(f.behind))
        return [t for t in (sentence, f.assessment) if t]
    if name == "uu_diem":
        return strengths(f)
    if name == "ton_tai_han_che":
        return shortcomings(f)
    if name == "nguyen_nhan":
        return causes(f)
    if name == "phuong_huong":
        return directions(f)
    return []  # ket_qua_noi_bat, bai_hoc_kinh_nghiem, de_xuat_kien_nghi: only people know them


def results_items(plan: Plan | None, f: Facts) -> list[Item]:
    """The results part: the plan's tasks that have results in the period, under the plan's own group headings,
    each with its drafted sentences and, where it records a figure with a target, how far the year got; then
    work recorded under free headings."""

    by_id = {s.task.ma: s for s in f.state}
    told_targets: set[str] = set()

    def target_lines(entries) -> list[str]:
        out = []
        for k in fig.combine(f.book, entries):
            spec = f.book.declared.get(k)
            if spec is None or spec.target is None or k in told_targets or k not in f.to_date:
                continue
            told_targets.add(k)
            out.append(fig.target_sentence(spec, f.to_date[k].value, year_end=f.yearly))
        return out

    def task_item(task: Item) -> Item | None:
        s = by_id[task.ma]
        entries = [e for e in f.in_window[task.ma or ""] if not e.chi_dao]  # leadership is told in its own part
        if not entries:
            return None
        text = drafting.results_sentences(f.subject, entries, f.book)
        extra = target_lines(entries)
        if s.status == DONE and not task.standing:
            extra.append("Nhiệm vụ đã hoàn thành.")
        if extra:
            text = [" ".join([*text, *extra])]
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
    for heading, all_entries in f.free.items():
        entries = [e for e in all_entries if not e.chi_dao]
        if not entries:
            continue
        text = drafting.results_sentences(f.subject, entries, f.book)
        extra = target_lines(entries)
        items.append(Item(tieu_de=heading, noi_dung=[" ".join([*text, *extra])] if extra else text))
    return items


# ---------------------------------------------------------------- what only people know: asked, never invented


@dataclass(frozen=True)
class Question:
    """A part of the report only the unit can write, asked in its narrative file (and by `report --hoi`)."""

    part: str  # the narrative's key
    text: str  # the question, in Vietnamese
    required: bool  # --final waits for the answer (unless --draft-ok)


def question_text(part: str, f: Facts) -> str:
    behind = f.behind
    about = f"của {drafting.matter(behind[0].title)} còn chậm" if len(behind) == 1 else "của những hạn chế nêu trên"
    to = f.upper or "cơ quan cấp trên"
    texts = {
        "dac_diem_tinh_hinh": "Đặc điểm tình hình của đơn vị trong kỳ (quy mô, thuận lợi, khó khăn) là gì?",
        "lanh_dao_chi_dao": (
            "Trong kỳ, đơn vị đã ban hành văn bản, tổ chức hội nghị nào để lãnh đạo, chỉ đạo, triển khai công tác này?"
        ),
        "ket_qua_noi_bat": "Kết quả nổi bật nhất của đơn vị trong kỳ là gì?",
        "danh_gia_chung": "Nhìn chung, đơn vị đánh giá việc thực hiện kế hoạch trong kỳ thế nào?",
        "uu_diem": "Ưu điểm nổi bật của đơn vị trong kỳ là gì?",
        "ton_tai_han_che": "Trong kỳ còn hạn chế nào (việc làm chậm, chỉ tiêu chưa đạt)?",
        "nguyen_nhan_chu_quan": f"Nguyên nhân chủ quan (từ phía đơn vị) {about} là gì?",
        "nguyen_nhan_khach_quan": f"Nguyên nhân khách quan (điều kiện bên ngoài đơn vị) {about} là gì?",
        "bai_hoc_kinh_nghiem": "Qua một năm thực hiện, đơn vị rút ra bài học kinh nghiệm gì?",
        "phuong_huong": "Phương hướng, nhiệm vụ của đơn vị trong kỳ tới là gì?",
        "de_xuat_kien_nghi": f"Đơn vị có đề xuất, kiến nghị gì với {to} không?",
    }
    return texts[part]


# Parts every report of its kind has, so that an official copy waits for them; the others may be left out.
def _required(part: str, f: Facts, shortcomings: bool) -> bool:
    """A shortfall (a task behind, a target missed) needs its causes; a difficulty alone may go without."""
    if part in ("lanh_dao_chi_dao", "uu_diem", "phuong_huong"):
        return True
    if part in ("nguyen_nhan_chu_quan", "nguyen_nhan_khach_quan"):
        return bool(f.behind or f.missed_targets())
    return part == "bai_hoc_kinh_nghiem" and f.yearly


def questions(s: Skeleton, narrative: Narrative, f: Facts, outline: Outline | None = None) -> list[Question]:
    """What the report still needs from the unit: each part its skeleton gathers that the unit did not write and
    the data cannot draft. A part an office's outline asks for (not marked optional) is required."""
    shortcomings = bool(narrative.ton_tai_han_che) or f.shortcomings()
    causes_known = bool(
        narrative.nguyen_nhan or narrative.nguyen_nhan_khach_quan or narrative.nguyen_nhan_chu_quan or causes(f)
    )
    out: list[Question] = []

    def ask(part: str, optional_node: bool) -> None:
        if getattr(narrative, part):
            return
        required = (outline is not None and not optional_node) or (
            not optional_node and _required(part, f, shortcomings)
        )
        if part in ("nguyen_nhan_chu_quan", "nguyen_nhan_khach_quan"):
            required = required or _required(part, f, shortcomings)
        out.append(Question(part, question_text(part, f), required))

    def visit(gom: list[str], optional_node: bool) -> None:
        for part in gom:
            if part in ("ket_qua", "bang_so_lieu"):
                continue
            if part == "ket_qua_noi_bat" and (outline is None or len(gom) > 1):  # a lead paragraph is a choice
                continue
            if part == "nguyen_nhan":
                if causes_known or not shortcomings:
                    continue
                ask("nguyen_nhan_khach_quan", optional_node)
                ask("nguyen_nhan_chu_quan", optional_node)
                continue
            if part == "bai_hoc_kinh_nghiem" and not f.yearly:
                continue
            if getattr(narrative, part) or draft(part, f):
                continue
            if part == "ton_tai_han_che" and not f.shortcomings():
                ask(part, True)
                continue
            ask(part, optional_node)

    def walk_items(items: list[Item]) -> None:
        for item in items:
            visit(list(item.gom), item.tuy_chon)
            walk_items(item.muc)

    for section in s.sections + [sec for part in s.parts for sec in part.muc]:
        visit(list(section.gom), section.tuy_chon)
        walk_items(section.items)
    unique: dict[str, Question] = {}
    for q in out:
        unique.setdefault(q.part, q)
    return list(unique.values())


# ---------------------------------------------------------------- the body


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


# ---------------------------------------------------------------- the figures table


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
