"""The command line: parse, call the library, print. No domain logic lives here.

Heavy modules (docx, jinja2, pydantic) are imported inside the commands so that
`danvan --help` stays quick.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.clivi import VnCommand, VnGroup
from danvan_cli.errors import DanvanError, UsageProblem, display_path, reason
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR

app = typer.Typer(
    cls=VnGroup,
    name="danvan",
    help="Lập kế hoạch và báo cáo định kỳ đúng thể thức Nghị định 30/2020/NĐ-CP.",
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rendering it with Rich would double the start-up time
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _period_option(value: str | None) -> str | None:
    """--period as a clerk types it ('6M', '6 tháng', 'nam', 'quy1', 'thang3'), or refused with the nearest."""
    if value is None:
        return None
    import difflib

    from danvan_cli.models import PERIODS
    from danvan_cli.periods import period_code

    code = period_code(value)
    if code is not None:
        return code
    close = difflib.get_close_matches(value.lower(), PERIODS, n=1, cutoff=0.4)
    hint = f"; có phải ý bạn là {close[0]}?" if close else ""
    raise typer.BadParameter(f"'{value}' không phải một kỳ báo cáo{hint} Các kỳ: {', '.join(PERIODS)}")


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
    int | None, typer.Option("--year", help="Năm kế hoạch, ví dụ 2022 (mặc định: năm mới nhất có kế hoạch).")
]
OutOpt = Annotated[
    Path | None, typer.Option("-o", "--out", help="Thư mục ghi văn bản (mặc định ./out/<đơn vị>/<năm>).")
]
PdfOpt = Annotated[bool, typer.Option("--pdf", help="Xuất thêm tệp PDF qua LibreOffice.")]


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")


class Terminated(BaseException):
    """SIGTERM: stop as Ctrl-C does, so that `finally` blocks (LibreOffice, locks, temporary files) run."""


def _run(action) -> None:
    """Run a command body; a DanvanError becomes its message on stderr and its exit code, never a traceback.

    Anything else is a fault of danvan's own: said plainly (with the traceback under DANVAN_DEBUG=1), exit 3."""
    try:
        action()
    except DanvanError as exc:
        for line in exc.lines():
            _err(line)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _err("đã dừng theo yêu cầu.")
        raise typer.Exit(130) from None
    except Terminated:
        _err("đã dừng (SIGTERM).")
        raise typer.Exit(143) from None
    except (typer.Exit, typer.Abort):
        raise
    except MemoryError:
        _err("lỗi: hết bộ nhớ; lệnh dừng lại, không tệp nào bị ghi dở.")
        raise typer.Exit(3) from None
    except BrokenPipeError:
        # whoever read the output went away (`danvan status --json | head`): nothing more to tell them
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(141) from None
    except OSError as exc:
        where = f" ({display_path(exc.filename)})" if getattr(exc, "filename", None) else ""
        _err(f"lỗi hệ thống{where}: {reason(exc)}; lệnh dừng lại, không tệp nào bị ghi dở.")
        raise typer.Exit(3) from None
    except Exception as exc:
        if os.environ.get("DANVAN_DEBUG") == "1":
            raise
        _err(
            f"lỗi không lường trước của danvan ({type(exc).__name__}: {str(exc)[:300]}). Không tệp nào bị ghi dở. "
            "Hãy báo lỗi này kèm lệnh đã chạy (chạy lại với DANVAN_DEBUG=1 để xem chi tiết)."
        )
        raise typer.Exit(3) from None


def _workspace(plans_dir: Path | None):
    from danvan_cli.loading import Workspace, default_plans_dir

    return Workspace(plans_dir or default_plans_dir())


def _pick_unit(ws, unit: str | None) -> str:
    if unit:
        return unit
    units = [u for u in ws.units() if ws.years(u)] or ws.units()  # an office above may have no plan of its own
    if len(units) == 1:
        return units[0]
    if not units:
        raise UsageProblem(
            f"chưa có đơn vị nào trong {display_path(ws.plans_dir)}; tạo bằng: danvan new-plan --unit <ten-don-vi>"
        )
    raise UsageProblem(f"có nhiều đơn vị; hãy chọn bằng --unit: {', '.join(units)}")


def _pick_year(ws, unit: str, year: int | None) -> int:
    ws.require_unit(unit)
    if year is not None:
        ws.year_dir(unit, year)  # a year no plan can have is the command line's mistake
        return year
    years = ws.years(unit)
    if not years:
        raise UsageProblem(f"đơn vị '{unit}' chưa có kế hoạch năm nào; tạo bằng: danvan new-plan --unit {unit}")
    return years[-1]


def _out_dir(out: Path | None, unit: str, year: int) -> Path:
    return out if out is not None else Path("out") / unit / str(year)


def _print_warnings(warnings) -> None:
    for w in warnings:
        _err(str(w))


def _report_written(written) -> None:
    print(f"Đã ghi {display_path(written.docx)}")
    if written.pdf:
        print(f"Đã ghi {display_path(written.pdf)}")
        _font_note()


def _font_note() -> None:
    """Once per run: the PDF's font is a metric twin where Times New Roman is missing."""
    from danvan_cli.pdf import font_note

    note = font_note()
    if note:
        _err(note)


FinalOpt = Annotated[
    bool,
    typer.Option(
        "--final", help="Ban hành chính thức: lấy số tiếp theo trong sổ văn bản đi (văn bản đã có số thì giữ số)."
    ),
]


@app.command(
    "plan",
    cls=VnCommand,
    epilog="danvan plan --unit mn-hung-an --year 2022 -o out --pdf\ndanvan plan --final   # ban hành: lấy số trong sổ văn bản đi",
)
def plan_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
    final: FinalOpt = False,
) -> None:
    """Dựng lại văn bản Kế hoạch (.docx, và PDF với --pdf) từ plan.yaml."""

    def action():
        from danvan_cli.documents import make_plan

        _, loaded = _load(plans_dir, unit, year)
        written = make_plan(loaded, _out_dir(out, loaded.unit_name, loaded.year), pdf=bool(pdf), final=final)
        for note in written.notes:
            _err(note)
        _report_written(written)

    _run(action)


@app.command("validate", cls=VnCommand, epilog="danvan validate\ndanvan validate plans/mn-hung-an/2022/progress.yaml")
def validate_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Một tệp cần kiểm tra (unit.yaml, plan.yaml, progress.yaml, reports/<kỳ>.yaml); bỏ trống để kiểm tra cả đơn vị."
        ),
    ] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
) -> None:
    """Kiểm tra dữ liệu và in mọi lỗi cùng lúc, dạng tệp:dòng:cột: lỗi."""

    def action():
        from danvan_cli.checks import check_file, check_units

        ws = _workspace(plans_dir)
        if path is not None:
            problems, warnings, files = check_file(path)
        else:
            units = [unit] if unit else ws.units()
            problems, warnings, files = check_units(ws, units, year)
            if not units and not problems:
                raise UsageProblem(f"chưa có đơn vị nào trong {display_path(ws.plans_dir)}")
        _print_warnings(warnings)
        for p in problems:
            _err(str(p))
        if problems:
            _err(f"Có {len(problems)} lỗi trong dữ liệu.")
            raise typer.Exit(1)
        print(f"Dữ liệu hợp lệ ({files} tệp đã kiểm tra).")

    _run(action)


@app.command(
    "new-plan",
    cls=VnCommand,
    epilog="danvan new-plan   # hỏi từng thông tin còn thiếu\ndanvan new-plan --from plans/mn-hung-an/2022 --yes   # chuyển kế hoạch năm trước sang năm mới",
)
def new_plan_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    from_dir: Annotated[
        Path | None, typer.Option("--from", help="Chuyển kế hoạch năm trước sang năm mới, ví dụ plans/mn-hung-an/2022.")
    ] = None,
    so: Annotated[int | None, typer.Option("--so", help="Số văn bản (bỏ trống: dự thảo chưa có số).")] = None,
    ngay: Annotated[
        str | None, typer.Option("--ngay", help="Ngày ban hành, ví dụ 25/01/2023 (mặc định: hôm nay).")
    ] = None,
    ten_co_quan: Annotated[
        str | None, typer.Option("--ten-co-quan", help="Tên cơ quan ban hành (khi tạo đơn vị mới).")
    ] = None,
    co_quan_chu_quan: Annotated[
        str | None, typer.Option("--co-quan-chu-quan", help="Tên cơ quan chủ quản trực tiếp.")
    ] = None,
    chu_viet_tat: Annotated[
        str | None, typer.Option("--chu-viet-tat", help="Chữ viết tắt của cơ quan, ví dụ MNHA.")
    ] = None,
    dia_danh: Annotated[str | None, typer.Option("--dia-danh", help="Địa danh ghi trước ngày tháng.")] = None,
    co_quan_cap_tren: Annotated[
        str | None, typer.Option("--co-quan-cap-tren", help="Cơ quan cấp trên nhận báo cáo.")
    ] = None,
    chuc_vu: Annotated[str | None, typer.Option("--chuc-vu", help="Chức vụ người ký, ví dụ Hiệu trưởng.")] = None,
    ho_ten: Annotated[str | None, typer.Option("--ho-ten", help="Họ và tên người ký.")] = None,
    loai: Annotated[
        str | None,
        typer.Option(
            "--loai",
            help="Loại đơn vị, chọn mẫu kế hoạch: truong-hoc, ubnd-xa, co-quan, dang (mặc định: đoán từ tên cơ quan).",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Không hỏi; dùng giá trị từ tùy chọn và mặc định.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè kế hoạch đã có.")] = False,
    out: OutOpt = None,
    pdf: PdfOpt = False,
) -> None:
    """Tạo kế hoạch năm mới từ mẫu có sẵn hoặc từ kế hoạch năm trước (--from), rồi dựng văn bản."""

    def action():
        from danvan_cli import scaffold
        from danvan_cli.documents import make_plan
        from danvan_cli.loading import load_plan

        ws = _workspace(plans_dir)
        answers = scaffold.Answers(
            unit=unit,
            year=year,
            so=so,
            ngay=_parse_date(ngay, "--ngay") if ngay else None,
            ten_co_quan=ten_co_quan,
            co_quan_chu_quan=co_quan_chu_quan,
            chu_viet_tat=chu_viet_tat,
            dia_danh=dia_danh,
            co_quan_cap_tren=co_quan_cap_tren,
            chuc_vu=chuc_vu,
            ho_ten=ho_ten,
            loai=loai,
        )
        ask = scaffold.rich_asker() if not yes and _interactive() else None
        created = scaffold.create_plan(ws, answers, from_dir=from_dir, force=force, ask=ask)
        for line in created.notes:
            _err(line)
        for p in created.files:
            print(f"Đã ghi {display_path(p)}")
        loaded = load_plan(ws, created.unit, created.year)
        _report_written(make_plan(loaded, _out_dir(out, created.unit, created.year), pdf=bool(pdf)))

    _run(action)


# ---------------------------------------------------------------- progress, status, report

progress_app = typer.Typer(
    cls=VnGroup,
    help="Ghi và xem nhật ký tiến độ (progress.yaml).",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(progress_app, name="progress")

PeriodOpt = Annotated[
    str,
    typer.Option(
        "--period",
        help="Kỳ báo cáo: 6m, 9m, year, q1–q4, m1–m12 (gõ được 6thang, nam, quy1, thang3…).",
        callback=_period_option,
    ),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Tính đến ngày, ví dụ 14/5/2022 (hoặc 2022-05-14); mặc định hôm nay.")
]
# A report is dated the day before it is due (or as its narrative says); made earlier, it is dated that day.
ReportAsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Làm báo cáo như vào ngày này, ví dụ 14/5/2022. Mặc định: báo cáo đề ngày trước hạn nộp một ngày (hoặc "
        "ngày ghi trong reports/<kỳ>.yaml), và là hôm nay nếu hôm nay còn sớm hơn; số liệu tính đến ngày đó.",
    ),
]


def _load(plans_dir, unit, year):
    from danvan_cli.loading import load_plan

    ws = _workspace(plans_dir)
    u = _pick_unit(ws, unit)
    y = _pick_year(ws, u, year)
    loaded = load_plan(ws, u, y)
    _print_warnings(loaded.warnings)
    return ws, loaded


def _today(as_of: str | None) -> dt.date:
    return _parse_date(as_of, "--as-of") if as_of else dt.date.today()


@progress_app.command(
    "add",
    cls=VnCommand,
    epilog='danvan progress add tuyen-truyen "Tuyên truyền tại hội nghị cha mẹ học sinh" --date 21/11/2022 --figure "số lượt người tham gia=1.200"\ndanvan progress add --linh-vuc "Công tác khác" "Dự hội nghị của xã" --date 02/12/2022',
)
def progress_add_command(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[MÃ_NHIỆM_VỤ] VIỆC_ĐÃ_LÀM",
            help="Mã nhiệm vụ trong kế hoạch (ví dụ tuyen-truyen) rồi việc đã làm; với --linh-vuc chỉ cần việc đã làm.",
            show_default=False,
        ),
    ],
    heading: Annotated[
        str | None,
        typer.Option(
            "--linh-vuc",
            help='Đầu mục tự do cho việc không thuộc nhiệm vụ nào của kế hoạch, ví dụ "Công tác tuyên truyền".',
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="Ngày thực hiện, ví dụ 21/11/2022 (hoặc 2022-11-21); mặc định hôm nay."),
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Trạng thái: chưa thực hiện, đang thực hiện, hoàn thành, tạm dừng.")
    ] = None,
    percent: Annotated[int | None, typer.Option("--percent", help="Mức độ hoàn thành (0–100).")] = None,
    figure: Annotated[
        list[str] | None,
        typer.Option("--figure", help='Số liệu dạng TÊN=SỐ, ví dụ "số buổi tuyên truyền=2"; lặp lại được.'),
    ] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Minh chứng (biên bản, công văn số…); lặp lại được.")
    ] = None,
    difficulty: Annotated[str | None, typer.Option("--difficulty", help="Khó khăn, vướng mắc.")] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Năm kế hoạch (mặc định: năm kế hoạch mà ngày thực hiện thuộc về)."),
    ] = None,
) -> None:
    """Ghi thêm một việc đã làm vào cuối nhật ký tiến độ (giữ nguyên mọi dòng đã có).

    Mục được ghi vào nhật ký của năm kế hoạch mà ngày thực hiện thuộc về, và lệnh cho biết báo cáo nào sẽ có mục này.
    """

    def action():
        from danvan_cli import progress
        from danvan_cli.loading import load_plan
        from danvan_cli.vnformat import typed_date

        wanted = 1 if heading is not None else 2
        if len(words) != wanted:
            raise UsageProblem(
                'cần mã nhiệm vụ và việc đã làm, ví dụ: danvan progress add tuyen-truyen "Tổ chức tuyên truyền …"'
                if heading is None
                else 'với --linh-vuc chỉ cần việc đã làm, ví dụ: danvan progress add --linh-vuc "Công tác tuyên truyền" '
                '"Tổ chức …" (không ghi mã nhiệm vụ)'
            )
        task, result = (None, words[0]) if heading is not None else (words[0], words[1])
        ws = _workspace(plans_dir)
        u = _pick_unit(ws, unit)
        ws.require_unit(u)
        day = _parse_date(date, "--date") if date else dt.date.today()
        said = f"--date {date}" if date else f"hôm nay ({typed_date(day)}, vì không có --date)"
        loaded = load_plan(ws, u, progress.year_for_entry(ws, u, day, year, said=said))
        _print_warnings(loaded.warnings)
        progress.check_reached(loaded, day)
        entry = progress.entry_from_options(
            loaded.plan,
            task,
            result,
            day=day,
            status=status,
            percent=percent,
            figures=figure or [],
            evidence=evidence or [],
            difficulty=difficulty,
            heading=heading,
        )
        path = progress.append_entry(loaded, entry)
        where = progress.where_reported(loaded.calendar, day)
        what = entry["nhiem_vu"] or f"đầu mục “{entry['linh_vuc']}”"
        print(f"Đã ghi vào {display_path(path)}: {what}, ngày {typed_date(day)}; {where}.")
        for line in progress.reach_warnings(loaded, day):
            _err(line)

    _run(action)


@progress_app.command(
    "list", cls=VnCommand, epilog="danvan progress list --period 6m\ndanvan progress list --task tuyen-truyen"
)
def progress_list_command(
    task: Annotated[str | None, typer.Option("--task", help="Chỉ các mục của một nhiệm vụ.")] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Chỉ các mục trong một kỳ: 6m, 9m, year, q1–q4, m1–m12.", callback=_period_option
        ),
    ] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
) -> None:
    """Liệt kê nhật ký tiến độ, theo nhiệm vụ hoặc theo kỳ."""

    def action():
        from danvan_cli import progress

        _, loaded = _load(plans_dir, unit, year)
        log = progress.year_log(loaded)
        _print_warnings(log.warnings)
        for line in progress.list_lines(loaded, log, task=task, period=period):
            print(line)

    _run(action)


@app.command(
    "status",
    cls=VnCommand,
    epilog="danvan status\ndanvan status --all --period 6m --unit phong-gd-dt   # cơ quan cấp trên: mọi đơn vị",
)
def status_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON cho các chương trình khác.")] = False,
    every_unit: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Một bảng cho mọi đơn vị báo cáo lên --unit (cơ quan cấp trên), đơn vị chưa báo cáo và muộn lên đầu.",
        ),
    ] = False,
    period: Annotated[
        str,
        typer.Option("--period", help="Với --all: kỳ báo cáo (6m, 9m, year, q1–q4, m1–m12).", callback=_period_option),
    ] = "6m",
    units: Annotated[
        str | None, typer.Option("--units", help="Với --all: chỉ các đơn vị có tên khớp mẫu này, ví dụ mn-*.")
    ] = None,
) -> None:
    """Tình hình từng nhiệm vụ và các hạn báo cáo sắp tới (--all: của mọi đơn vị, cho cơ quan cấp trên)."""

    def action():
        from danvan_cli import status

        if every_unit:
            from danvan_cli.aggregate import consolidate, latest_year

            ws = _workspace(plans_dir)
            office = _pick_office(ws, unit)
            chosen = year or latest_year(ws, office)
            if not year:
                _err(f"Năm báo cáo: {chosen} (năm mới nhất có dữ liệu của các đơn vị; chọn năm khác bằng --year).")
            c = consolidate(ws, office, period, chosen, as_of=_today(as_of), only=units, jobs=2)
            print(status.units_json(c) if as_json else "", end="")
            if not as_json:
                status.print_units(c)
            return
        _, loaded = _load(plans_dir, unit, year)
        summary = status.summarise(loaded, _today(as_of))
        _print_warnings(summary.warnings)
        if as_json:
            print(status.to_json(summary))
        else:
            status.print_table(summary)

    _run(action)


@app.command(
    "report",
    cls=VnCommand,
    epilog="danvan report --period 6m -o out --pdf\ndanvan report --period year --final   # ban hành báo cáo năm",
)
def report_command(
    period: PeriodOpt,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    as_of: ReportAsOfOpt = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
    final: FinalOpt = False,
    draft_ok: Annotated[
        bool,
        typer.Option(
            "--draft-ok", help="Với --final: vẫn cấp số khi toàn bộ phần lời là bản nháp dựng từ nhật ký (đã đọc lại)."
        ),
    ] = False,
) -> None:
    """Dựng Báo cáo kết quả của một kỳ từ nhật ký tiến độ và phần lời trong reports/<kỳ>.yaml."""

    def action():
        from danvan_cli.documents import make_report

        _, loaded = _load(plans_dir, unit, year)
        written = make_report(
            loaded,
            period,
            _out_dir(out, loaded.unit_name, loaded.year),
            as_of=_today(as_of),
            pdf=bool(pdf),
            final=final,
            draft_ok=draft_ok,
        )
        for note in written.notes:
            _err(note)
        _report_written(written)

    _run(action)


@app.command("score", cls=VnCommand, epilog="danvan score\ndanvan score --all --unit phong-van-hoa-xa-hoi --json")
def score_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON cho các chương trình khác.")] = False,
    all_units: Annotated[
        bool,
        typer.Option(
            "--all", help="Cơ quan cấp trên: điểm tự chấm, điểm thẩm định và xếp loại của mọi đơn vị gửi báo cáo lên."
        ),
    ] = False,
) -> None:
    """Bảng tự chấm điểm, xếp loại công tác dân vận theo bộ tiêu chí của tỉnh (tu-cham.yaml, tieu-chi.yaml)."""

    def action():
        from danvan_cli import score
        from danvan_cli.progress import year_log

        if all_units:
            from danvan_cli.aggregate import latest_year

            ws = _workspace(plans_dir)
            office = _pick_office(ws, unit)
            y = year if year is not None else latest_year(ws, office)
            scores = score.scores_of_units(ws, office, y)
            if as_json:
                print(score.units_json(scores))
            else:
                score.print_units(scores, f"Kết quả tự chấm điểm, xếp loại của các đơn vị, năm {y}")
            return
        _, loaded = _load(plans_dir, unit, year)
        assessment = score.load_assessment(loaded, year_log(loaded))
        if as_json:
            print(score.to_json(assessment))
        else:
            score.print_table(assessment, f"{loaded.unit.name}, năm {loaded.year}")

    _run(action)


@app.command(
    "register",
    cls=VnCommand,
    epilog="danvan register --year 2022\ndanvan register --year 2022 --docx --pdf   # sổ theo mẫu Phụ lục IV",
)
def register_command(
    year: Annotated[int | None, typer.Option("--year", help="Năm của sổ (mặc định: năm mới nhất có kế hoạch).")] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    docx: Annotated[bool, typer.Option("--docx", help="Ghi sổ thành tệp Word theo mẫu Phụ lục IV.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Với --docx: xuất thêm tệp PDF qua LibreOffice.")] = False,
    out: OutOpt = None,
) -> None:
    """In sổ đăng ký văn bản đi của đơn vị trong một năm (--docx: ghi thành tệp Word)."""

    def action():
        from danvan_cli import register

        ws = _workspace(plans_dir)
        u = _pick_unit(ws, unit)
        ws.require_unit(u)
        y = year or (ws.years(u) or [dt.date.today().year])[-1]
        if docx:
            _report_written(register.write_book(ws, u, y, _out_dir(out, u, y), pdf=pdf))
            return
        for line in register.listing(ws, u, y):
            print(line)

    _run(action)


def _pick_office(ws, unit: str | None) -> str:
    """The office above: --unit, or the only unit whose unit.yaml has tong_hop."""
    if unit:
        return unit
    from danvan_cli.loading import load_unit

    offices = []
    for u in ws.units():
        try:
            if load_unit(ws, u)[0].tong_hop is not None:
                offices.append(u)
        except DanvanError:
            continue
    if len(offices) == 1:
        return offices[0]
    raise UsageProblem(
        "hãy chọn cơ quan tổng hợp bằng --unit (đơn vị có phần tong_hop trong unit.yaml)"
        + (f": {', '.join(offices)}" if offices else "")
    )


@app.command("aggregate", cls=VnCommand, epilog="danvan aggregate --period 6m --year 2022 --unit phong-gd-dt --pdf")
def aggregate_command(
    period: PeriodOpt,
    year: Annotated[int, typer.Option("--year", help="Năm báo cáo.")],
    units: Annotated[
        str | None, typer.Option("--units", help="Chỉ các đơn vị có tên khớp mẫu này, ví dụ mn-*.")
    ] = None,
    plans_dir: PlansDir = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Cơ quan tổng hợp (đơn vị có phần tong_hop trong unit.yaml).")
    ] = None,
    as_of: ReportAsOfOpt = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
    jobs: Annotated[int, typer.Option("--jobs", min=1, help="Số tiến trình đọc dữ liệu song song.")] = 2,
) -> None:
    """Báo cáo tổng hợp của cơ quan cấp trên từ báo cáo của nhiều đơn vị (phụ lục theo từng đơn vị)."""

    def action():
        from danvan_cli import aggregate

        ws = _workspace(plans_dir)
        office = _pick_office(ws, unit)
        c, written = aggregate.make_consolidated(
            ws,
            office,
            period,
            year,
            _out_dir(out, office, year),
            as_of=_today(as_of),
            only=units,
            jobs=jobs,
            pdf=bool(pdf),
        )
        print(
            f"{len(c.units)} đơn vị: {len(c.units) - len(c.missing)} đã báo cáo, {len(c.late)} muộn, {len(c.missing)} chưa báo cáo."
        )
        _report_written(written)

    _run(action)


# ---------------------------------------------------------------- export and schedule


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

        ws = _workspace(plans_dir)
        day = _today(today)
        bar = None if quiet or not sys.stderr.isatty() else _progress_bar()
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
            _append_log(log, exc.lines(), ws.plans_dir)
            raise
        finally:
            if bar:
                bar.stop()
        summary, failures = export.summary_lines(outcome), export.failure_lines(outcome)
        _append_log(log, summary + failures, ws.plans_dir)
        for line in failures:
            _err(line)
        if not quiet:
            for line in summary:
                print(line)
            if any(made.endswith(".pdf") for made in outcome.made):
                _font_note()
        if outcome.exit_code:
            raise typer.Exit(outcome.exit_code)

    _run(action)


class _progress_bar:
    """A Rich progress bar on stderr, only for a person at a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, TaskID

        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        if total:
            self.progress.start()
            self.task = self.progress.add_task("Đang xuất", total=total)

    def advance(self, name: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, description=name)

    def stop(self) -> None:
        self.progress.stop()


def _append_log(log: Path | None, lines: list, plans_dir: Path) -> None:
    """The run's lines at the end of the log file; never inside the plans folder, never through a link or a FIFO."""
    from danvan_cli.files import append_text

    if log is None or not lines:
        return
    base, target = os.path.abspath(plans_dir), os.path.abspath(log)
    if target.startswith(base.rstrip(os.sep) + os.sep):
        _err(f"{display_path(log)}: tệp nhật ký nằm trong thư mục kế hoạch {display_path(plans_dir)}; không ghi vào đó")
        return
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        append_text(log, "".join(f"{stamp} {line}\n" for line in lines))
    except OSError as exc:
        _err(f"{display_path(log)}: không ghi được nhật ký ({reason(exc)})")
    except DanvanError as exc:
        for line in exc.lines():
            _err(line)


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
        from danvan_cli import schedule

        if install + remove + print_ > 1:
            raise UsageProblem("chỉ chọn một trong --print, --install, --remove")
        ws = _workspace(plans_dir)
        log_path = log or out / "danvan-export.log"
        if schedule.uses_task_scheduler():
            _windows_schedule(ws, out, log_path, at, install=install, remove=remove)
            return
        line = schedule.cron_line(ws.plans_dir, out, log_path, at)
        if remove:
            print(
                "Đã gỡ lịch xuất của danvan."
                if schedule.remove(ws.plans_dir)
                else "Không có lịch xuất nào của danvan để gỡ."
            )
        elif install:
            from danvan_cli.export import check_folders

            check_folders(ws, out)  # a line that could never succeed is not installed
            log_path = log or out / "danvan-export.log"
            if os.path.abspath(log_path).startswith(os.path.abspath(ws.plans_dir).rstrip(os.sep) + os.sep):
                raise UsageProblem(
                    f"--log {display_path(log_path)}: tệp nhật ký nằm trong thư mục kế hoạch; hãy chọn chỗ khác"
                )
            print(("Đã cài lịch: " if schedule.install(line, ws.plans_dir) else "Lịch đã có sẵn, không đổi: ") + line)
        else:
            print(line)

    _run(action)


def _windows_schedule(ws, out: Path, log_path: Path, at: str, *, install: bool, remove: bool) -> None:
    """`schedule` on Windows: the same daily export, through the Task Scheduler (schtasks)."""
    import subprocess

    from danvan_cli import schedule

    if remove:
        removed = schedule.remove_task(ws.plans_dir)
        print("Đã gỡ lịch xuất của danvan." if removed else "Không có lịch xuất nào của danvan để gỡ.")
        return
    command = schedule.schtasks_create(ws.plans_dir, out, log_path, at)
    if install:
        from danvan_cli.export import check_folders

        check_folders(ws, out)
        schedule.install_task(ws.plans_dir, out, log_path, at)
        name = schedule.task_name(ws.plans_dir)
        print(f"Đã cài lịch (Task Scheduler, tác vụ {name}): {subprocess.list2cmdline(command)}")
        return
    print(subprocess.list2cmdline(command))


@app.command(
    "demo-units",
    cls=VnCommand,
    epilog="danvan demo-units 50 --plans-dir /tmp/thu\ndanvan demo-units 15 --plans-dir /tmp/thu --year 2022",
)
def demo_units_command(
    count: Annotated[int, typer.Argument(min=1, max=100000, help="Số đơn vị thử cần tạo.")],
    year: Annotated[
        int, typer.Option("--year", min=FIRST_PLAN_YEAR, max=LAST_PLAN_YEAR, help="Năm kế hoạch của các đơn vị thử.")
    ] = 2026,
    entries: Annotated[
        int, typer.Option("--entries", min=0, max=5000, help="Số mục tiến độ mỗi đơn vị (tối đa 5.000).")
    ] = 12,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè các đơn vị thử đã có (don-vi-NNNN).")] = False,
    plans_dir: PlansDir = None,
) -> None:
    """Tạo N đơn vị thử (don-vi-0001…) với kế hoạch và nhật ký tiến độ, để thử ở quy mô lớn."""

    def action():
        from danvan_cli.demo import make_demo_units

        ws = _workspace(plans_dir)
        names = make_demo_units(ws.plans_dir, count, year=year, entries_per_unit=entries, force=force)
        print(f"Đã tạo {len(names)} đơn vị thử trong {display_path(ws.plans_dir)} ({names[0]} … {names[-1]}).")

    _run(action)


def _interactive() -> bool:
    """Ask questions only of a person at a terminal; scripts and cron get flags and defaults."""
    return sys.stdin.isatty()


def _parse_date(text: str, option: str) -> dt.date:
    """A date option as a clerk types it: 21/11/2022 or 2022-11-21."""
    from danvan_cli.vnformat import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageProblem(f"{option}: {exc}") from None


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> None:
    # Vietnamese must survive a pipe, a log file, cron's empty locale and Windows' code pages.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app(args=argv, prog_name="danvan")


if __name__ == "__main__":
    main()
