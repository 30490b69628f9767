"""`don-doc`: the công văn đôn đốc to the units whose report is overdue (and those that sent it late), named in full,
with a deadline a few working days ahead."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from danvan_cli import vnformat as vn
from danvan_cli.aggregate import Consolidated, consolidate
from danvan_cli.errors import DateOutOfRange, Note
from danvan_cli.letters import Letter, Sent, _office_above, _subject_of, _who, letter_stem, render_letter, write_letter
from danvan_cli.outline import block
from danvan_cli.periods import label_with_year
from danvan_cli.unit_standings import UnitStanding
from danvan_cli.workspace import Workspace

# Days a reminder gives, when the office names no deadline: working days after the công văn's date.
REMINDER_WORKING_DAYS = 3


def working_days_after(day: dt.date, count: int) -> dt.date:
    """`count` working days (Monday to Friday) after `day`."""
    while count:
        day += dt.timedelta(days=1)
        count -= day.weekday() < 5
    return day


@dataclasses.dataclass(frozen=True)
class Reminder:
    """Who a reminder is for: the units whose report is overdue, those that reported late; the units not reported
    whose deadline has not passed (left out, said on the terminal) and those not named in full (left out, said)."""

    overdue: list[UnitStanding]
    late: list[UnitStanding]
    not_due: list[UnitStanding]
    unnamed: list[UnitStanding]


def reminder_units(c: Consolidated, as_of: dt.date) -> Reminder:
    named = [u for u in c.units if u.name and u.name != u.unit]
    unnamed = [u for u in c.missing + c.late if not (u.name and u.name != u.unit)]
    missing = [u for u in c.missing if u in named]
    return Reminder(
        [u for u in missing if u.due is None or u.due < as_of],
        [u for u in c.late if u in named],
        [u for u in missing if u.due is not None and u.due >= as_of],
        unnamed,
    )


def reminder_letter(
    c: Consolidated,
    who: Reminder,
    *,
    as_of: dt.date,
    due: dt.date,
    drafting: str | None = None,
) -> Letter:
    """The công văn đôn đốc: to the units whose report is overdue (and those that reported late), each named in full,
    with the deadline they had and the one they are given now."""

    office_unit = c.office_unit
    name = office_unit.name
    subject = vn.collapse_whitespace(_subject_of(office_unit))
    title = label_with_year(c.period, c.year)
    overdue, late = who.overdue, who.late
    to = [u.name for u in overdue + late]
    dues = {u.due for u in overdue + late if u.due is not None}
    one_due = len(dues) == 1

    def named(units, said) -> str:
        return "; ".join(u.name + (f" ({said(u)})" if said(u) else "") for u in units)

    def deadline(u: UnitStanding) -> str:
        return f"hạn {vn.short_date(u.due)}" if u.due is not None and not one_due else ""

    body = [
        block(
            "doan",
            f"Theo chế độ báo cáo, các đơn vị gửi báo cáo kết quả thực hiện {subject} {title} về {name}"
            + (f" trước ngày {vn.short_date(next(iter(dues)))}." if one_due else " theo thời hạn đã quy định."),
        )
    ]
    if overdue:
        body.append(
            block(
                "doan",
                f"Đến ngày {vn.short_date(as_of)}, {name} chưa nhận được báo cáo của "
                + (f"{len(overdue)} đơn vị: " if len(overdue) > 1 else "")
                + named(overdue, deadline)
                + ".",
            )
        )
        asked = "các đơn vị trên" if len(overdue) > 1 else overdue[0].name
        body.append(
            block(
                "doan",
                f"Để kịp tổng hợp{_office_above(office_unit)}, {name} đề nghị {asked} khẩn trương hoàn thành, gửi "
                f"báo cáo về {name} trước ngày {vn.short_date(due)}.",
            )
        )
    if late:

        def sent(u: UnitStanding) -> str:
            parts = [f"gửi ngày {vn.short_date(u.report_date)}" if u.report_date else "", deadline(u)]
            return ", ".join(p for p in parts if p)

        body.append(
            block(
                "doan",
                ("Các đơn vị gửi báo cáo sau thời hạn: " if len(late) > 1 else "Đơn vị gửi báo cáo sau thời hạn: ")
                + named(late, sent)
                + ". Đề nghị rút kinh nghiệm, gửi báo cáo đúng thời hạn trong các kỳ sau.",
            )
        )
    body.append(block("ket", f"{name} đề nghị {_who(to)} quan tâm, thực hiện./."))
    return Letter(
        office_unit,
        c.office,
        ("đôn đốc gửi báo cáo", "kết quả thực hiện", subject, title),
        as_of,
        drafting,
        tuple(to),
        tuple(body),
        letter_stem(office_unit, "don-doc-bao-cao", c.period, c.year),
    )


def draft_reminder(
    ws: Workspace,
    office: str,
    period: str,
    year: int,
    folder: Path,
    *,
    as_of: dt.date,
    inbox: Path | None = None,
    due: dt.date | None = None,
    drafting: str | None = None,
    pdf: bool = False,
) -> tuple[Reminder, Sent]:
    """`don-doc`: the công văn đôn đốc, to the units whose report of the period is overdue and those that sent it
    late (aggregate.consolidate says which, from the folders here and the packages in `inbox`); nothing is written
    when there is no one to remind."""

    c = consolidate(ws, office, period, year, as_of=as_of, inbox=inbox)
    who = reminder_units(c, as_of)
    notes = [f"Đơn vị '{u.unit}' chưa có tên đầy đủ: không có trong công văn." for u in who.unnamed]
    if who.not_due:
        shown = "; ".join(f"{u.name} (hạn {vn.typed_date(u.due)})" for u in who.not_due if u.due)
        notes.append(f"Chưa đến hạn, không đôn đốc ({len(who.not_due)} đơn vị): {shown}.")
    if not who.overdue and not who.late:
        return who, Sent(None, notes)
    given = due is not None
    due = due or working_days_after(as_of, REMINDER_WORKING_DAYS)
    if due <= as_of:
        raise DateOutOfRange(f"{vn.typed_date(due)}: hạn mới phải sau ngày công văn {vn.typed_date(as_of)}", "han")
    letter = reminder_letter(c, who, as_of=as_of, due=due, drafting=drafting)
    written = write_letter(letter, render_letter(ws, letter), folder, pdf=pdf)
    if who.overdue and not given:
        notes.append(
            Note(
                f"Hạn gửi báo cáo ghi trong công văn: {vn.typed_date(due)} ({REMINDER_WORKING_DAYS} ngày làm việc sau "
                "ngày công văn).",
                "han_cong_van",
            )
        )
    return who, Sent(written, notes)
