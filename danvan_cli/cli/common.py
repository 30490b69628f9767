"""What every command shares: the application, its options, and `run` (any failure: its message and exit code).

No `from __future__ import annotations` here or in the command modules: Typer reads every command's
annotations at start-up, and real objects cost nothing to read where strings must be evaluated."""

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.asked import period_option, phrased, said
from danvan_cli.clivi import VnGroup
from danvan_cli.errors import InternalFault, OutputClosed, UsageProblem, as_error, display_path, written_note
from danvan_cli.files import WRITTEN


class _Danvan(VnGroup):
    """The commands in the order a clerk meets them in a year, in `danvan --help`."""

    ORDER = ("new-plan", "import", "validate", "plan", "progress", "status", "report", "register", "score",
             "de-cuong", "don-doc", "aggregate", "export", "schedule", "demo-units")  # fmt: skip

    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: self.ORDER.index(n) if n in self.ORDER else len(self.ORDER))


app = typer.Typer(
    cls=_Danvan,
    name="danvan",
    help="Lập kế hoạch và báo cáo định kỳ đúng thể thức Nghị định 30/2020/NĐ-CP.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rendering it with Rich would double the start-up time
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

progress_app = typer.Typer(
    cls=VnGroup,
    help="Ghi và xem nhật ký tiến độ (progress.yaml).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(progress_app, name="progress")


def _show_version(value: bool) -> None:
    if value:
        from danvan_cli import __version__

        print(f"danvan {__version__}")
        raise typer.Exit()


@app.callback()
def _application(
    version: Annotated[
        bool | None,
        typer.Option("--version", help="Hiện phiên bản rồi thoát.", callback=_show_version, is_eager=True),
    ] = None,
) -> None:
    """Lập kế hoạch và báo cáo định kỳ đúng thể thức Nghị định 30/2020/NĐ-CP."""


# ---------------------------------------------------------------- options shared by several commands

PlansDir = Annotated[
    Path | None,
    typer.Option(
        "--plans-dir",
        envvar="DANVAN_PLANS_DIR",
        help="Thư mục chứa dữ liệu kế hoạch (mặc định ./plans).",
        show_default=False,
    ),
]
UnitOpt = Annotated[
    str | None, typer.Option("--unit", help="Tên thư mục đơn vị, ví dụ mn-hung-an (bỏ trống nếu chỉ có một đơn vị).")
]
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="Năm kế hoạch, ví dụ 2022 (mặc định: năm của báo cáo đang làm — báo cáo đến hạn hoặc quá hạn mà chưa "
        "ban hành, nếu không thì năm có kỳ số liệu chứa hôm nay; danvan nói năm đã chọn).",
    ),
]
OutOpt = Annotated[
    Path | None, typer.Option("-o", "--out", help="Thư mục ghi văn bản (mặc định ./out/<đơn vị>/<năm>).")
]
PdfOpt = Annotated[bool, typer.Option("--pdf", help="Xuất thêm tệp PDF qua LibreOffice.")]
FinalOpt = Annotated[
    bool,
    typer.Option(
        "--final", help="Ban hành chính thức: lấy số tiếp theo trong sổ văn bản đi (văn bản đã có số thì giữ số)."
    ),
]
PeriodOpt = Annotated[
    str,
    typer.Option(
        "--period",
        help="Kỳ báo cáo: 6m, 9m, year, q1–q4, m1–m12 (gõ được 6thang, nam, quy1, thang3…).",
        callback=period_option,
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Tính đến ngày, ví dụ 14/5/2022 (hoặc 2022-05-14); mặc định hôm nay.")
]
# A report is dated the day it is made (never backdated to its deadline), unless a date is given or it was issued.
ReportAsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Làm báo cáo như vào ngày này, ví dụ 14/5/2022 (mặc định hôm nay). Báo cáo đề ngày làm báo cáo, trừ khi "
        "đã ban hành (giữ ngày trong sổ văn bản đi) hoặc có ngày ghi trong reports/<kỳ>.yaml; số liệu tính đến ngày "
        "đó, không quá ngày cuối kỳ số liệu.",
    ),
]
# aggregate, status --all, score --all: one rule for the office's year (aggregate.office_and_year)
OFFICE_YEAR_HELP = (
    "Năm báo cáo (mặc định: năm gần nhất có dữ liệu của các đơn vị mà kỳ báo cáo đã bắt đầu; danvan nói năm đã chọn)."
)
InboxOpt = Annotated[
    Path | None,
    typer.Option(
        "--inbox",
        help="Thư mục chứa các gói báo cáo (.danvan.json) đơn vị gửi lên; tổng hợp cùng với các đơn vị có thư mục "
        "dữ liệu ở đây.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="In dạng JSON cho các chương trình khác.")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", min=1, help="Số tiến trình đọc dữ liệu song song (mặc định 2).")]


# ---------------------------------------------------------------- running a command


def run(action: Callable[[], None], options: dict[str, str] | None = None) -> None:
    """Run a command body: any failure becomes its Vietnamese message (and what is on disk) on stderr and the exit
    code its error class gives (errors.as_error), never a traceback; DANVAN_DEBUG=1 shows danvan's own faults. What
    the library refuses is the command line's mistake, naming the option (`options`: the command's own, cli/asked)."""
    WRITTEN.clear()
    try:
        action()
    except (typer.Exit, typer.Abort):
        raise
    except BaseException as exc:
        error = as_error(exc)
        if error is None:
            raise
        error = phrased(error, options)
        if isinstance(error, InternalFault) and os.environ.get("DANVAN_DEBUG") == "1":
            raise
        if isinstance(error, OutputClosed):
            _silence_stdout()
        for line in [*error.lines(), *written_note(error, WRITTEN)]:
            err(line)
        raise typer.Exit(error.exit_code) from None


def _silence_stdout() -> None:
    """The reader of our output went away: what is still buffered goes nowhere, not into a second error."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def err(line: str) -> None:
    sys.stderr.write(said(line) + "\n")


def print_warnings(warnings) -> None:
    sys.stderr.writelines(f"{w}\n" for w in warnings)


def workspace(plans_dir: Path | None):
    from danvan_cli.workspace import Workspace, default_plans_dir

    return Workspace(plans_dir or default_plans_dir())


def load(plans_dir, unit: str | None, year: int | None, *, period=None, day=None, newest: bool = False):
    """The unit and year the options name (or the only unit; without --year, its latest year with `newest`, else the
    year of the report most likely being worked on, said), loaded; warnings printed."""
    from danvan_cli.loading import load_plan
    from danvan_cli.timeline import chosen_year

    ws = workspace(plans_dir)
    u = ws.pick_unit(unit)
    y, why = chosen_year(ws, u, year, period=period, day=day or dt.date.today(), newest=newest)
    if why:
        err(why)
    loaded = load_plan(ws, u, y)
    print_warnings(loaded.warnings)
    return ws, loaded


def out_dir(out: Path | None, unit: str, year: int) -> Path:
    return out if out is not None else Path("out") / unit / str(year)


def report_written(written, plans_dir: Path) -> None:
    print(f"Đã ghi {display_path(written.docx)}")
    if written.pdf:
        print(f"Đã ghi {display_path(written.pdf)}")
        font_note(plans_dir)
    if getattr(written, "package", None):
        print(f"Đã ghi {display_path(written.package)} (gói số liệu gửi kèm báo cáo cho cơ quan cấp trên)")


def font_note(plans_dir: Path) -> None:
    """Once per plans folder: the PDF's font is a metric twin where Times New Roman is missing."""
    from danvan_cli.pdf import font_note_once

    note = font_note_once(plans_dir)
    if note:
        err(note)


def interactive() -> bool:
    """Ask questions only of a person at a terminal; scripts and cron get flags and defaults."""
    return sys.stdin.isatty()


def parse_date(text: str, option: str) -> dt.date:
    """A date option as a clerk types it: 21/11/2022 or 2022-11-21."""
    from danvan_cli.vnformat import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def day_or_today(text: str | None, option: str) -> dt.date:
    return parse_date(text, option) if text else dt.date.today()
