"""Scheduled export (`danvan export`, run by cron): every document that is due, made once per change.

For each unit and year under the plans folder it decides which documents are wanted (the reports
whose due date is near or past, or with --all every plan and report), and makes only those whose
inputs changed since the manifest last recorded them. The manifest in the export folder is true at
every moment: an output's entry is removed before its files are replaced and written back only
once they are whole, so a run killed anywhere leaves at worst a document to be made again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli import __version__
from danvan_cli.errors import DanvanError, EnvironmentFailure, display_path
from danvan_cli.loading import Workspace
from danvan_cli.output import ensure_dir, write_atomic, write_text_atomic

MANIFEST = "manifest.json"
LOCK = ".danvan-export.lock"
CHUNK = 20  # documents rendered, converted and recorded together


class ExportBusy(EnvironmentFailure):
    pass


@dataclass
class Job:
    """One document to consider: the plan of a year, or one of its reports."""

    unit: str
    year: int
    period: str | None  # None for the Kế hoạch
    stem: str
    inputs: dict[str, str]  # what the document is made from, hashed
    render: Callable[[], bytes]

    @property
    def key(self) -> str:
        return f"{self.unit}/{self.year}/{self.stem}"

    @property
    def name(self) -> str:
        return f"{self.unit}/{self.year}/{self.stem}.docx"


@dataclass
class Outcome:
    made: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return max((code for *_, code in self.failed), default=0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_version(inputs: dict[str, str]) -> dict[str, str]:
    return {**inputs, "danvan": __version__}  # a new danvan may lay documents out differently


# ---------------------------------------------------------------- the manifest


class Manifest:
    def __init__(self, out: Path, entries: dict | None = None) -> None:
        self.path = out / MANIFEST
        self.entries: dict[str, dict] = {}
        if entries is not None:
            self.entries = entries  # a worker's copy of its unit's part; it never saves
        elif self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.entries = data.get("outputs", {})
            except (ValueError, AttributeError):
                self.entries = {}  # unreadable: everything is made again, and the file rewritten whole

    def save(self) -> None:
        data = {"danvan": __version__, "outputs": dict(sorted(self.entries.items()))}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def fresh(self, job: Job, out: Path, want_pdf: bool) -> bool:
        entry = self.entries.get(job.key)
        if not entry or entry.get("inputs") != job.inputs:
            return False
        wanted = [f"{job.stem}.docx"] + ([f"{job.stem}.pdf"] if want_pdf else [])
        files = entry.get("files", {})
        for name in wanted:
            path = out / job.unit / str(job.year) / name
            if name not in files or not path.is_file() or sha256(path) != files[name]:
                return False
        return True


# ---------------------------------------------------------------- what is wanted


def wanted_jobs(
    ws: Workspace, unit: str, year: int, *, today: dt.date, within: int, everything: bool, outcome: Outcome
) -> list[Job]:
    """The documents of one unit's year that this run should have exported."""
    from danvan_cli import context as ctx
    from danvan_cli.documents import REPORTS_DIR, gather_report, load_logs, plan_fingerprint, render_plan, render_report
    from danvan_cli.loading import load_plan
    from danvan_cli.models import PERIODS
    from danvan_cli.periods import report_period
    from danvan_cli.vnformat import short_date

    loaded = load_plan(ws, unit, year)
    jobs: list[Job] = []
    if everything:
        jobs.append(
            Job(
                unit,
                year,
                None,
                ctx.plan_file_stem(loaded.plan, year),
                _with_version(plan_fingerprint(loaded)),
                lambda: render_plan(loaded),
            )
        )
    periods: list[str] = [d.ky for d in loaded.plan.che_do_bao_cao]
    if everything:
        written = sorted(p.stem for p in (loaded.year_dir / REPORTS_DIR).glob("*.yaml") if p.stem in PERIODS)
        periods += [p for p in written if p not in periods]
    elif not periods:
        outcome.skipped.append((f"{unit}/{year}", "kế hoạch chưa khai báo chế độ báo cáo (che_do_bao_cao)"))
    logs = None  # read once, for every report of this unit's year that is wanted
    for code in periods:
        period = report_period(loaded.plan, code, year)
        label = f"{unit}/{year} báo cáo {period.title}"
        if period.start > today:
            outcome.skipped.append((label, f"kỳ báo cáo chưa bắt đầu (từ {short_date(period.start)})"))
            continue
        if not everything and period.due and (period.due - today).days > within:
            outcome.skipped.append(
                (label, f"chưa đến hạn (hạn {short_date(period.due)}, còn {(period.due - today).days} ngày)")
            )
            continue
        logs = logs or load_logs(ws, loaded, today, [])
        inputs = gather_report(ws, loaded, code, today, logs=logs)
        jobs.append(
            Job(
                unit,
                year,
                code,
                inputs.stem,
                _with_version(inputs.fingerprint()),
                functools.partial(render_report, inputs),
            )
        )
    return jobs


# ---------------------------------------------------------------- the run


def run_export(
    ws: Workspace,
    out: Path,
    *,
    today: dt.date,
    within: int = 7,
    everything: bool = False,
    pdf: bool | None = None,
    lock_wait: float = 60.0,
    jobs: int = 1,
    on_start: Callable[[int], None] = lambda total: None,
    on_done: Callable[[str], None] = lambda name: None,
) -> Outcome:
    from filelock import FileLock, Timeout

    from danvan_cli.output import find_soffice

    if pdf and find_soffice() is None:
        from danvan_cli.errors import ConverterMissing

        raise ConverterMissing(
            "--pdf: không tìm thấy LibreOffice (lệnh soffice); cài libreoffice-writer-nogui hoặc chạy với --no-pdf"
        )
    want_pdf = bool(pdf) or (pdf is None and find_soffice() is not None)
    ensure_dir(out)
    try:
        with FileLock(str(out / LOCK), timeout=lock_wait):
            return _run_locked(
                ws,
                out,
                today=today,
                within=within,
                everything=everything,
                want_pdf=want_pdf,
                jobs=jobs,
                on_start=on_start,
                on_done=on_done,
            )
    except Timeout:
        raise ExportBusy(
            f"{display_path(out)}: một lần xuất khác đang chạy và chưa xong sau {lock_wait:g} giây; lần này dừng lại, không ghi gì"
        ) from None


def _remove_leftovers(out: Path) -> None:
    """Temporary files of a run that was killed mid-write (the finished files beside them are whole)."""
    for tmp in out.rglob(".*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass
class Staged:
    """A document rendered into a temporary file beside its final place, waiting to be installed."""

    key: str
    name: str
    inputs: dict[str, str]
    staged: Path
    final: Path


def _prepare_unit(args) -> tuple[list[Staged], Outcome]:
    """One unit's documents that need making, rendered and written aside (runs in a worker process).

    Nothing the manifest describes is touched here: the parent installs the staged files."""
    plans_dir, out, unit, today, within, everything, want_pdf, entries = args
    ws = Workspace(plans_dir)
    manifest = Manifest(out, entries)
    outcome = Outcome()
    staged: list[Staged] = []
    try:
        years = ws.years(unit)
    except DanvanError as exc:  # e.g. a unit folder that links out of the plans folder
        outcome.failed.append((unit, "\n".join(exc.lines()), exc.exit_code))
        return staged, outcome
    for year in years:
        try:
            for job in wanted_jobs(ws, unit, year, today=today, within=within, everything=everything, outcome=outcome):
                if manifest.fresh(job, out, want_pdf):
                    outcome.unchanged.append(job.name)
                    continue
                final = out / unit / str(year) / f"{job.stem}.docx"
                aside = final.with_name(f".{final.name}.{os.getpid()}.staged.tmp")
                try:
                    write_atomic(aside, job.render())
                    staged.append(Staged(job.key, job.name, job.inputs, aside, final))
                except DanvanError as exc:
                    outcome.failed.append((job.name, "\n".join(exc.lines()), exc.exit_code))
        except DanvanError as exc:
            outcome.failed.append((f"{unit}/{year}", "\n".join(exc.lines()), exc.exit_code))
    return staged, outcome


def _run_locked(ws, out, *, today, within, everything, want_pdf, jobs, on_start, on_done) -> Outcome:
    outcome = Outcome()
    _remove_leftovers(out)
    manifest = Manifest(out)
    units = ws.units()
    tasks = [
        (
            ws.plans_dir,
            out,
            u,
            today,
            within,
            everything,
            want_pdf,
            {k: v for k, v in manifest.entries.items() if k.startswith(u + "/")},
        )
        for u in units
    ]
    if jobs > 1 and len(tasks) >= 8:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_prepare_unit, tasks, chunksize=max(1, len(tasks) // (jobs * 8))))
    else:
        results = [_prepare_unit(t) for t in tasks]
    staged: list[Staged] = []
    for unit_staged, unit_outcome in results:
        staged += unit_staged
        outcome.unchanged += unit_outcome.unchanged
        outcome.skipped += unit_outcome.skipped
        outcome.failed += unit_outcome.failed
    on_start(len(staged))
    for start in range(0, len(staged), CHUNK):
        _install_chunk(staged[start : start + CHUNK], manifest, want_pdf, outcome, on_done)
    return outcome


def _install_chunk(chunk: list[Staged], manifest: Manifest, want_pdf: bool, outcome: Outcome, on_done) -> None:
    """Put staged documents in place (and their PDFs), keeping the manifest true at every step."""
    from danvan_cli.errors import ConverterMissing, OutputNotWritable
    from danvan_cli.output import docxs_to_pdfs, fsync_dir

    for doc in chunk:
        manifest.entries.pop(doc.key, None)
    manifest.save()  # nothing claimed for what is about to be replaced
    installed: list[Staged] = []
    for doc in chunk:
        try:
            os.replace(doc.staged, doc.final)
            fsync_dir(doc.final.parent)
            installed.append(doc)
        except OSError as exc:
            outcome.failed.append(
                (doc.name, str(OutputNotWritable(f"{display_path(doc.final)}: không ghi được tệp ({exc.strerror})")), 3)
            )
            on_done(doc.name)
    failed_pdf: dict[Path, str] = {}
    if want_pdf and installed:
        try:
            failed_pdf = dict(docxs_to_pdfs([(doc.final, doc.final.with_suffix(".pdf")) for doc in installed]))
        except ConverterMissing as exc:
            failed_pdf = {doc.final: exc.message for doc in installed}
    for doc in installed:
        files = {doc.final.name: sha256(doc.final)}
        if doc.final in failed_pdf:
            outcome.failed.append((doc.name, failed_pdf[doc.final], 3))
        else:
            if want_pdf:
                files[doc.final.with_suffix(".pdf").name] = sha256(doc.final.with_suffix(".pdf"))
            manifest.entries[doc.key] = {
                "inputs": doc.inputs,
                "files": files,
                "made": dt.datetime.now().isoformat(timespec="seconds"),
            }
            outcome.made.append(doc.name + (" + .pdf" if want_pdf else ""))
        on_done(doc.name)
    manifest.save()


def summary_lines(outcome: Outcome) -> list[str]:
    """What was made, what was skipped and why, what failed: for people and for the log."""
    if not outcome.made and not outcome.failed:
        skipped = (
            f" {len(outcome.skipped)} bỏ qua (chưa đến hạn hoặc không có chế độ báo cáo);" if outcome.skipped else ""
        )
        return [
            f"Không có gì thay đổi: {len(outcome.unchanged)} văn bản đã xuất vẫn đúng với dữ liệu;{skipped} không ghi tệp nào."
        ]
    lines = [
        f"Đã xuất {len(outcome.made)} văn bản; {len(outcome.unchanged)} không đổi; {len(outcome.skipped)} bỏ qua; {len(outcome.failed)} lỗi."
    ]
    lines += [f"  đã xuất: {name}" for name in outcome.made]
    lines += [f"  bỏ qua: {name}: {why}" for name, why in outcome.skipped]
    return lines


def failure_lines(outcome: Outcome) -> list[str]:
    return [
        f"LỖI {name}: {message}" if "\n" not in message else f"LỖI {name}:\n{message}"
        for name, message, _ in outcome.failed
    ]
