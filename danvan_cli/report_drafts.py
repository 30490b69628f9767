"""A report's parts drafted from the facts of its window (leadership, strengths, shortcomings, direction, causes,
results by task) and the questions for the parts only the unit can write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan_cli import drafting
from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.figures import FigureBook, FigureSpec, FigureValue
from danvan_cli.models import Item, Narrative, Outline, Plan, Profile, ProgressEntry, Unit
from danvan_cli.periods import ReportPeriod, next_period
from danvan_cli.report_skeleton import Skeleton
from danvan_cli.standing import DONE, TaskStanding, entries_between, standings
from danvan_cli.vnformat import Number


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
