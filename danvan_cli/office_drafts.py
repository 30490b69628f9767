"""The consolidated report's parts drafted from its units' standing: who reported, figures across units, results by
content, the units that led and lagged, leadership, strengths, shortcomings, direction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan_cli import drafting
from danvan_cli import figures as fig
from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated, Total
from danvan_cli.report_drafts import Issued
from danvan_cli.standing import NOT_STARTED
from danvan_cli.unit_standings import UnitStanding
from danvan_cli.vnformat import Number


def names(units: list[UnitStanding], most: int = 5) -> str:
    """Units by their full names: 'A, B và C'; beyond `most`, the first ones and how many more."""
    shown = [u.name for u in units[:most]]
    if len(units) > most:
        return f"{', '.join(shown)} và {len(units) - most} đơn vị khác (danh sách tại Phụ lục)"
    return fig.joined(shown)


def two(n: int) -> str:
    """A count of units as reports write it: '09/10 đơn vị'."""
    return f"{n:02d}"


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
