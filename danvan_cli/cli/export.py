"""Documents on schedule: `export` (for cron and the Task Scheduler) and `schedule`."""

import os
from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import PlansDir, app, day_or_today, err, font_note, run, workspace
from danvan_cli.cli.progress_bar import progress_bar
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import DanvanError, UsageProblem


@app.command(
    "export", cls=VnCommand, epilog="danvan export   # các báo cáo đến hạn\ndanvan export --all --no-pdf -o exports"
)
def export_command(
    everything: Annotated[
        bool,
        typer.Option(
            "--all/--due", help="--due (mặc định): các báo cáo đến hạn; --all: mọi kế hoạch và báo cáo có dữ liệu."
        ),
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Chạy như thể hôm nay là ngày này, ví dụ 14/5/2022.")
    ] = None,
    within: Annotated[
        int, typer.Option("--within", min=0, help="Xuất báo cáo có hạn nộp trong số ngày này tới (mặc định 7).")
    ] = 7,
    out: Annotated[Path, typer.Option("-o", "--out", help="Thư mục xuất (mặc định ./exports).")] = Path("exports"),
    pdf: Annotated[
        bool | None,
        typer.Option(
            "--pdf/--no-pdf", help="Có xuất PDF không (mặc định: có, khi máy có LibreOffice).", show_default=False
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không in gì khi mọi việc ổn (dùng cho cron).")] = False,
    log: Annotated[Path | None, typer.Option("--log", help="Ghi thêm kết quả vào tệp nhật ký này.")] = None,
    wait: Annotated[
        float, typer.Option("--wait", min=0, help="Chờ tối đa bao nhiêu giây khi một lần xuất khác đang chạy.")
    ] = 60.0,
    jobs: Annotated[
        int, typer.Option("--jobs", min=0, help="Số tiến trình dựng văn bản song song (0: theo số lõi CPU).")
    ] = 0,
    plans_dir: PlansDir = None,
) -> None:
    """Xuất các văn bản đến hạn (cho cron): chỉ ghi lại văn bản có dữ liệu thay đổi."""

    def action():
        from danvan_cli import export

        ws = workspace(plans_dir)
        day = day_or_today(today, "--today")
        bar = progress_bar("Đang xuất", quiet=quiet)
        try:
            outcome = export.run_export(
                ws,
                out,
                today=day,
                within=within,
                everything=everything,
                pdf=pdf,
                lock_wait=wait,
                jobs=jobs or os.cpu_count() or 1,
                on_start=bar.start if bar else (lambda total: None),
                on_done=bar.advance if bar else (lambda name: None),
            )
        except DanvanError as exc:
            for line in export.append_run_log(log, exc.lines(), ws.plans_dir):
                err(line)
            raise
        finally:
            if bar:
                bar.stop()
        summary, failures = export.summary_lines(outcome), export.failure_lines(outcome)
        for line in export.append_run_log(log, summary + failures, ws.plans_dir) + failures:
            err(line)
        if not quiet:
            for line in summary:
                print(line)
            if any(made.endswith(".pdf") for made in outcome.made):
                font_note(ws.plans_dir)
        if outcome.exit_code:
            raise typer.Exit(outcome.exit_code)

    run(action)


@app.command("schedule", cls=VnCommand, epilog='danvan schedule --print\ndanvan schedule --install --at "30 5 * * *"')
def schedule_command(
    install: Annotated[
        bool, typer.Option("--install", help="Cài dòng lịch vào crontab (giữ nguyên các dòng khác).")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Gỡ dòng lịch của danvan khỏi crontab.")] = False,
    print_: Annotated[bool, typer.Option("--print", help="In dòng lịch (mặc định).")] = False,
    at: Annotated[
        str, typer.Option("--at", help='Lịch cron 5 trường (mặc định "30 5 * * *": 5 giờ 30 mỗi sáng).')
    ] = "30 5 * * *",
    out: Annotated[Path, typer.Option("-o", "--out", help="Thư mục xuất (mặc định ./exports).")] = Path("exports"),
    log: Annotated[
        Path | None, typer.Option("--log", help="Tệp nhật ký (mặc định <thư mục xuất>/danvan-export.log).")
    ] = None,
    plans_dir: PlansDir = None,
) -> None:
    """In, cài hoặc gỡ lịch chạy `danvan export` hằng ngày: bằng cron (Linux, macOS) hoặc Task Scheduler (Windows)."""

    def action():
        from danvan_cli.scheduler import Job, for_this_machine

        if install + remove + print_ > 1:
            raise UsageProblem("chỉ chọn một trong --print, --install, --remove")
        ws = workspace(plans_dir)
        scheduler = for_this_machine()
        if remove:
            removed = scheduler.remove(ws.plans_dir)
            print("Đã gỡ lịch xuất của danvan." if removed else "Không có lịch xuất nào của danvan để gỡ.")
            return
        job = Job(ws.plans_dir, out, log or out / "danvan-export.log", at)
        line = scheduler.entry(job)
        if not install:
            print(line)
            return
        scheduler.check_installable(ws, job)
        place = f" ({scheduler.place(ws.plans_dir)})" if scheduler.place(ws.plans_dir) else ""
        installed = scheduler.install(job)
        print((f"Đã cài lịch{place}: " if installed else "Lịch đã có sẵn, không đổi: ") + line)

    run(action)
