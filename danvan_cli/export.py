"""Scheduled export (`danvan export`, run by cron): every document that is due, made once per change.

For each unit and year under the plans folder it decides which documents are wanted (the reports
whose due date is near or past, or with --all every plan and report), and makes only those whose
inputs changed since the manifest last recorded them. The manifest in the export folder is true at
every moment: an output's entry is removed before its files are replaced and written back only
once they are whole, so a run killed anywhere leaves at worst a document to be made again.

One unit's failure (a broken file, a crashing template) never stops the others: it is reported in
the summary, the log and the exit code, and every other unit is exported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from danvan_cli import __version__
from danvan_cli.documents import later_plan, render_report
from danvan_cli.errors import (
    ConversionFailed,
    ConverterMissing,
    DanvanError,
    EnvironmentFailure,
    ExportBusy,
    InternalFault,
    NothingToExport,
    OutputNotWritable,
    ValueNotAllowed,
    WorkerDied,
    as_error,
    display_path,
    reason,
)
from danvan_cli.files import (
    append_text,
    fsync_dir,
    make_dirs,
    note_written,
    remove_leftovers,
)
from danvan_cli.loading import load_plan, misnamed_hint
from danvan_cli.manifest import MANIFEST, SAVE_EVERY, Manifest, sha256
from danvan_cli.package import ReportPackage, check_before_writing, package_data, package_name, write_package
from danvan_cli.pdf import docxs_to_pdfs, find_soffice
from danvan_cli.periods import PERIODS
from danvan_cli.plan_document import plan_stem, render_plan
from danvan_cli.report_inputs import gather_report, load_logs, plan_fingerprint
from danvan_cli.vnformat import typed_date
from danvan_cli.workspace import Workspace, ignored_folders

LOCK = ".danvan-export.lock"
CHUNK = 20  # documents rendered, converted and recorded together


@dataclass
class Job:
    """One document to consider: the plan of a year, or one of its reports."""

    unit: str
    year: int
    period: str | None  # None for the Kế hoạch
    stem: str
    inputs: dict[str, str]  # what the document is made from, hashed
    render: Callable[[], bytes]
    package: Callable[[], ReportPackage] | None = None  # a report's data package (without its documents' hashes)

    @property
    def package_name(self) -> str | None:

        return package_name(self.stem) if self.package is not None else None

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
    ignored: list[tuple[str, str]] = field(default_factory=list)  # folders holding data that danvan does not read
    failed: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return max((code for *_, code in self.failed), default=0)

    def fail(self, name: str, exc: BaseException) -> None:
        """One document or unit that could not be made, with the reason and exit code its error gives (a fault of
        danvan's own too: reported for this unit, never a stop for the others)."""
        error = as_error(exc) or InternalFault.of(exc)
        self.failed.append((name, "\n".join(error.lines()), error.exit_code))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _with_version(inputs: dict[str, str]) -> dict[str, str]:
    return {**inputs, "danvan": __version__}  # a new danvan may lay documents out differently


# ---------------------------------------------------------------- what is wanted


def wanted_jobs(
    ws: Workspace, unit: str, year: int, *, today: dt.date, within: int, everything: bool, outcome: Outcome
) -> list[Job]:
    """The documents of one unit's year that this run should have exported."""

    loaded = load_plan(ws, unit, year)
    if loaded.plan is None and not misnamed_hint(ws.plan_file(unit, year)):
        # a year folder without a plan (an office's consolidated report, a unit answering a request): nothing
        # export makes on schedule, said as a skip rather than a failure in every night's mail
        outcome.skipped.append((f"{unit}/{year}", "chưa có kế hoạch năm này (plan.yaml), không có văn bản theo lịch"))
        return []
    jobs: list[Job] = []
    if everything:
        jobs.append(
            Job(
                unit,
                year,
                None,
                plan_stem(loaded),
                _with_version(plan_fingerprint(loaded)),
                functools.partial(render_plan, loaded),
            )
        )
    periods: list[str] = [d.ky for d in loaded.calendar.schedule]
    if everything:
        written = sorted(p.stem for p in loaded.ws.reports_dir(unit, year).glob("*.yaml") if p.stem in PERIODS)
        periods += [p for p in written if p not in periods]
    elif not periods:
        outcome.skipped.append((f"{unit}/{year}", "kế hoạch chưa khai báo chế độ báo cáo (che_do_bao_cao)"))
    logs = None  # read once, for every report of this unit's year that is wanted
    for code in periods:
        period = loaded.calendar.period(code)
        label = f"{unit}/{year} báo cáo {period.title}"
        if period.start > today:
            outcome.skipped.append((label, f"kỳ báo cáo chưa bắt đầu (từ {typed_date(period.start)})"))
            continue
        if not everything and period.due and (period.due - today).days > within:
            outcome.skipped.append(
                (label, f"chưa đến hạn (hạn {typed_date(period.due)}, còn {(period.due - today).days} ngày)")
            )
            continue
        logs = logs or load_logs(loaded, [])
        inputs = gather_report(loaded, code, today, logs=logs)
        why = later_plan(inputs)
        if why is not None:  # a report never cites a plan issued after it
            outcome.skipped.append((label, f"{why}: chưa làm"))
            continue
        jobs.append(
            Job(
                unit,
                year,
                code,
                inputs.stem,
                _with_version(inputs.fingerprint()),
                functools.partial(render_report, inputs),
                functools.partial(_package_of, inputs),
            )
        )
    return jobs


def _package_of(inputs) -> ReportPackage:
    """The package of the report `render_report(inputs)` makes: the same face, the same data."""

    return package_data(inputs, inputs.numbered_face())


# ---------------------------------------------------------------- the run


def check_folders(ws: Workspace, out: Path) -> None:
    """Refuse, before anything is written: a plans folder with no unit (a mistyped crontab line would
    otherwise 'succeed' every morning), and an export folder inside the plans folder."""
    if not ws.plans_dir.is_dir():
        raise NothingToExport(f"{display_path(ws.plans_dir)}: không có thư mục kế hoạch này; không xuất gì")
    if not ws.units():
        raise NothingToExport(
            f"{display_path(ws.plans_dir)}: thư mục kế hoạch không có đơn vị nào (thư mục có unit.yaml)"
        )
    plans, target = os.path.abspath(ws.plans_dir), os.path.abspath(out)
    if target == plans or target.startswith(plans.rstrip(os.sep) + os.sep):
        raise ValueNotAllowed(
            f"{display_path(out)}: thư mục xuất nằm trong thư mục kế hoạch; hãy xuất ra thư mục khác, ví dụ ./exports",
            "thu_muc_xuat",
        )


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

    check_folders(ws, out)
    if pdf and find_soffice() is None:
        raise ConverterMissing(
            "không tìm thấy LibreOffice (lệnh soffice) để làm PDF; cài libreoffice-writer-nogui hoặc xuất không có PDF"
        )
    want_pdf = bool(pdf) or (pdf is None and find_soffice() is not None)
    make_dirs(out)
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
    except OSError as exc:
        raise EnvironmentFailure(
            f"{display_path(out / LOCK)}: không tạo được khóa của lần xuất ({reason(exc)}); không ghi gì"
        ) from None


@dataclass
class Staged:
    """A document rendered into a temporary file beside its final place, waiting to be installed."""

    key: str
    name: str
    inputs: dict[str, str]
    staged: Path
    final: Path
    package: ReportPackage | None = None  # installed beside `final` once its documents are in place
    digest: str = ""  # the staged bytes' SHA-256, recorded once they are in place


def _stage(final: Path, data: bytes) -> Path:
    """Write `data` beside `final` under a name danvan knows as its own (and as this process's)."""

    aside = final.with_name(f".{final.name}.danvan-{os.getpid()}-staged.tmp")
    try:
        with open(aside, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            aside.unlink()
        raise OutputNotWritable(f"{display_path(final)}: không ghi được tệp ({reason(exc)})") from None
    return aside


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
    except Exception as exc:  # e.g. a unit folder that is a link
        outcome.fail(unit, exc)
        return staged, outcome
    for year in years:
        try:
            wanted = wanted_jobs(ws, unit, year, today=today, within=within, everything=everything, outcome=outcome)
        except Exception as exc:
            outcome.fail(f"{unit}/{year}", exc)
            continue
        for job in wanted:
            try:
                folder = out / unit / str(year)
                make_dirs(folder, root=out)
                remove_leftovers(folder, {f"{job.stem}.docx", f"{job.stem}.pdf", job.package_name or ""})
                if manifest.fresh(job, out, want_pdf):
                    outcome.unchanged.append(job.name)
                    continue
                final = folder / f"{job.stem}.docx"
                package = job.package() if job.package is not None else None
                if package is not None:
                    check_before_writing(package, job.stem)
                data = job.render()
                staged.append(Staged(job.key, job.name, job.inputs, _stage(final, data), final, package, _digest(data)))
            except Exception as exc:
                outcome.fail(job.name, exc)
    return staged, outcome


def _prepare_all(tasks: list[tuple], jobs: int) -> Iterator[tuple[list[Staged], Outcome]]:
    """Every unit prepared, in order, in worker processes when there are many (each unit's result given as soon
    as it and those before it are ready, so that they are installed while the next are made); a worker that dies
    is reported for its units, and the others go on."""
    if jobs <= 1 or len(tasks) < 8:
        yield from (_prepare_unit(t) for t in tasks)
        return

    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        futures = [(t[2], pool.submit(_prepare_unit, t)) for t in tasks]
        for unit, future in futures:
            try:
                yield future.result()
            except BrokenProcessPool:
                failed = Outcome()
                failed.fail(unit, WorkerDied("tiến trình dựng văn bản của đơn vị bị dừng đột ngột; không xuất được"))
                yield [], failed
            except Exception as exc:
                failed = Outcome()
                failed.fail(unit, exc)
                yield [], failed
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a run stopped early waits for no unit not yet begun


def _run_locked(ws, out, *, today, within, everything, want_pdf, jobs, on_start, on_done) -> Outcome:

    outcome = Outcome(ignored=[(display_path(folder), why) for folder, why in ignored_folders(ws)])
    remove_leftovers(out, {MANIFEST})
    manifest = Manifest(out)
    by_unit = manifest.by_unit()
    units = ws.units()
    tasks = [(ws.plans_dir, out, u, today, within, everything, want_pdf, by_unit.get(u, {})) for u in units]
    on_start(len(tasks))
    waiting: list[Staged] = []  # staged and not yet installed: what a failure leaves of them is removed
    staged_any = False
    try:
        for unit, (unit_staged, unit_outcome) in zip(units, _prepare_all(tasks, jobs), strict=True):
            staged_any = staged_any or bool(unit_staged)
            waiting += unit_staged
            outcome.unchanged += unit_outcome.unchanged
            outcome.skipped += unit_outcome.skipped
            outcome.failed += unit_outcome.failed
            while len(waiting) >= CHUNK:
                _install_chunk(waiting[:CHUNK], manifest, want_pdf, outcome)
                del waiting[:CHUNK]
            on_done(unit)
        if waiting:
            _install_chunk(waiting, manifest, want_pdf, outcome)
    finally:
        if manifest.unsaved or (staged_any and not os.path.lexists(manifest.path)):  # recorded since the last save
            manifest.save()
        for doc in waiting:  # what a failure left staged is removed, never left to look like an output
            with contextlib.suppress(OSError):
                doc.staged.unlink()
    return outcome


def _install_chunk(chunk: list[Staged], manifest: Manifest, want_pdf: bool, outcome: Outcome) -> None:
    """Put staged documents in place (and their PDFs), keeping the manifest true at every step."""

    replaced = [manifest.entries.pop(doc.key) for doc in chunk if doc.key in manifest.entries]
    if replaced:
        manifest.save()  # nothing claimed for what is about to be replaced
    installed: list[Staged] = []
    for doc in chunk:
        try:
            if doc.final.is_symlink():
                raise OSError(0, "ở đây là một liên kết (symlink); danvan không ghi qua liên kết")
            os.replace(doc.staged, doc.final)
            note_written(doc.final)
            installed.append(doc)
        except OSError as exc:
            with contextlib.suppress(OSError):
                doc.staged.unlink()  # never left to look like an output
            outcome.fail(doc.name, OutputNotWritable(f"{display_path(doc.final)}: không ghi được tệp ({reason(exc)})"))
    for folder in {doc.final.parent for doc in installed}:  # each renaming made durable before it is recorded
        fsync_dir(folder)
    failed_pdf: dict[Path, DanvanError] = {}
    if want_pdf and installed:
        try:
            failed_pdf = {
                docx: ConversionFailed(why)
                for docx, why in docxs_to_pdfs([(doc.final, doc.final.with_suffix(".pdf")) for doc in installed])
            }
        except ConverterMissing as exc:
            failed_pdf = {doc.final: exc for doc in installed}
    for doc in installed:
        files = {doc.final.name: doc.digest}
        if doc.final in failed_pdf:
            outcome.fail(doc.name, failed_pdf[doc.final])
        else:
            if want_pdf:
                files[doc.final.with_suffix(".pdf").name] = sha256(doc.final.with_suffix(".pdf"))
            if doc.package is not None:
                try:
                    files.update(_install_package(doc, want_pdf))
                except Exception as exc:  # one document's package: reported for it, never a stop for the others
                    outcome.fail(doc.name, exc)
                    continue
            manifest.unsaved = True
            manifest.entries[doc.key] = {
                "inputs": doc.inputs,
                "files": files,
                "made": dt.datetime.now().isoformat(timespec="seconds"),
            }
            outcome.made.append(doc.name + (" + .pdf" if want_pdf else ""))
    # What is recorded is saved every few seconds (and at the end of the run): a run stopped in between leaves
    # documents the manifest does not name, which the next run makes again; it never names what is not there.
    if time.monotonic() - manifest.saved_at > SAVE_EVERY:
        manifest.save()


def _install_package(doc: Staged, want_pdf: bool) -> dict[str, str]:
    """The report's package beside its documents, naming them with their hashes; its own entry for the manifest."""

    assert doc.package is not None
    path = write_package(doc.package, doc.final, doc.final.with_suffix(".pdf") if want_pdf else None)
    return {path.name: sha256(path)}


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
    """What went wrong, and data left unread: said even under --quiet (cron mails it)."""
    return [
        f"LỖI {name}: {message}" if "\n" not in message else f"LỖI {name}:\n{message}"
        for name, message, _ in outcome.failed
    ] + [f"CẢNH BÁO {name}: {why}" for name, why in outcome.ignored]


def log_inside_plans(log: Path, plans_dir: Path) -> bool:
    """A run log must never be written among the user's data (the plans folder)."""
    base, target = os.path.abspath(plans_dir), os.path.abspath(log)
    return target.startswith(base.rstrip(os.sep) + os.sep)


def append_run_log(log: Path | None, lines: list[str], plans_dir: Path, now: dt.datetime | None = None) -> list[str]:
    """The run's lines, time-stamped, at the end of the log file (never inside the plans folder, never through a
    link or a FIFO: files.append_text). Returns what could not be done, for the terminal; a log that cannot be
    written never stops the export itself."""

    if log is None or not lines:
        return []
    if log_inside_plans(log, plans_dir):
        return [
            f"{display_path(log)}: tệp nhật ký nằm trong thư mục kế hoạch {display_path(plans_dir)}; không ghi vào đó"
        ]
    stamp = (now or dt.datetime.now()).isoformat(timespec="seconds")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        append_text(log, "".join(f"{stamp} {line}\n" for line in lines))
    except OSError as exc:
        return [f"{display_path(log)}: không ghi được nhật ký ({reason(exc)})"]
    except DanvanError as exc:
        return exc.lines()
    return []
