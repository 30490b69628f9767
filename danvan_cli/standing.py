"""Periods and progress: where each task stands on a day, derived from its log entries and deadline.

Nothing here is typed twice by the user: status, percentage and lateness follow from the entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from danvan_cli.figures import FigureBook, combine
from danvan_cli.models import Task
from danvan_cli.vnformat import Number, short_title

NOT_STARTED, IN_PROGRESS, DONE, PAUSED = "chưa thực hiện", "đang thực hiện", "hoàn thành", "tạm dừng"


@dataclass
class TaskStanding:
    task: Task
    number: int  # 1-based, in plan order
    entries: list  # up to the day asked, file order
    status: str
    percent: int | None
    deadline: dt.date
    late: bool
    figures: dict[str, Number] = field(default_factory=dict)

    @property
    def last_update(self) -> dt.date | None:
        return max((e.ngay for e in self.entries), default=None)

    @property
    def title(self) -> str:

        return self.task.ten_ngan or self.task.tieu_de or short_title(self.task.noi_dung[0])


def task_figures(entries, book=None) -> dict[str, Number]:
    """A task's figures over its entries, each by its kind (counts summed, levels and rates the latest), under
    the name it was first written with."""

    return {fv.written_as: fv.value for fv in combine(book or FigureBook(), entries).values()}


def task_standing(task, number: int, entries, year: int, as_of: dt.date, book=None) -> TaskStanding:
    seen = sorted((e for e in entries if e.ngay <= as_of), key=lambda e: e.ngay)  # stable: file order within a day
    status = IN_PROGRESS if seen else NOT_STARTED
    percent: int | None = None
    for entry in seen:
        if entry.phan_tram is not None:
            percent = entry.phan_tram
            if percent == 100:
                status = DONE
        if entry.trang_thai:
            status = entry.trang_thai
    if status == DONE:
        percent = 100
    elif status == NOT_STARTED and percent is None:
        percent = 0
    deadline = task.han or dt.date(year, 12, 31)
    late = not task.standing and status != DONE and as_of > deadline  # a standing task has no deadline to miss
    return TaskStanding(task, number, seen, status, percent, deadline, late, task_figures(seen, book))


def standings(tasks, log, year: int, as_of: dt.date, book=None) -> list[TaskStanding]:
    """Every task, in the plan's order, as it stands on `as_of`."""
    return [task_standing(task, i, log.for_task(task.ma), year, as_of, book) for i, task in enumerate(tasks, start=1)]


def entries_between(entries, start: dt.date, end: dt.date) -> list:
    return [e for e in entries if start <= e.ngay <= end]
