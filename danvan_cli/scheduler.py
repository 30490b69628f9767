"""Which system runs `danvan export` on schedule, behind one interface: cron (Linux, macOS) or the Windows Task
Scheduler, chosen once for this machine (`for_this_machine`). Each says what it would install (the crontab line,
the schtasks command), installs it, removes it and names where it went; schedule.py holds how each does it."""

from __future__ import annotations

import os
import subprocess
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from danvan_cli import schedule
from danvan_cli.workspace import Workspace


@dataclass(frozen=True)
class Job:
    """The export a schedule runs: for the plans folder, into `out`, logging to `log`, at the cron time `at`."""

    plans_dir: Path
    out: Path
    log: Path
    at: str = schedule.DEFAULT_AT


class Scheduler(ABC):
    """What every system that schedules danvan does; the shared checks are here."""

    @abstractmethod
    def entry(self, job: Job) -> str:
        """What is (or would be) installed, as the system shows it: the crontab line, the schtasks command."""

    @abstractmethod
    def install(self, job: Job) -> bool:
        """Install `job`, replacing the plans folder's earlier one; False when it was there already, unchanged."""

    @abstractmethod
    def remove(self, plans_dir: Path) -> bool:
        """Remove the plans folder's job; False when there was none."""

    def place(self, plans_dir: Path) -> str:
        """Where the job goes, when the system gives it a name of its own ('' for a crontab line)."""
        return ""

    def check_installable(self, ws: Workspace, job: Job) -> None:
        """A schedule that could never succeed is not installed (schedule.check_installable)."""
        schedule.check_installable(ws, job.out, job.log)


class Cron(Scheduler):
    def entry(self, job: Job) -> str:
        return schedule.cron_line(job.plans_dir, job.out, job.log, job.at)

    def install(self, job: Job) -> bool:
        return schedule.install(self.entry(job), job.plans_dir)

    def remove(self, plans_dir: Path) -> bool:
        return schedule.remove(plans_dir)


class TaskScheduler(Scheduler):
    def entry(self, job: Job) -> str:
        return subprocess.list2cmdline(schedule.schtasks_create(job.plans_dir, job.out, job.log, job.at))

    def install(self, job: Job) -> bool:
        schedule.install_task(job.plans_dir, job.out, job.log, job.at)  # /F: replaces it, whatever it was
        return True

    def remove(self, plans_dir: Path) -> bool:
        return schedule.remove_task(plans_dir)

    def place(self, plans_dir: Path) -> str:
        return f"Task Scheduler, tác vụ {schedule.task_name(plans_dir)}"


def for_this_machine() -> Scheduler:
    """Windows schedules with its Task Scheduler, every other system with cron; DANVAN_SCHEDULER=schtasks chooses
    the Task Scheduler elsewhere (tests)."""
    if os.name == "nt" or os.environ.get("DANVAN_SCHEDULER") == "schtasks":
        return TaskScheduler()
    return Cron()
