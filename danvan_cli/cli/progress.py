"""The progress log and where the unit stands: `progress add`, `progress list`, `status`."""

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli import asked
from danvan_cli.cli.common import (
    AsOfOpt,
    InboxOpt,
    JsonOpt,
    PlansDir,
    UnitOpt,
    YearOpt,
    app,
    day_or_today,
    err,
    load,
    period_option,
    print_warnings,
    progress_app,
    run,
    workspace,
)
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import UsageProblem, display_path


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
    difficulty: Annotated[
        str | None,
        typer.Option("--kho-khan", "--difficulty", help="Khó khăn, vướng mắc gặp phải (báo cáo nêu ở phần hạn chế)."),
    ] = None,
    cause: Annotated[
        str | None,
        typer.Option("--nguyen-nhan", help="Nguyên nhân của khó khăn, hạn chế (báo cáo nêu ở phần nguyên nhân)."),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option("--dien-hinh", help="Điển hình, khen thưởng gắn với việc này (báo cáo nêu ở phần ưu điểm)."),
    ] = None,
    directing: Annotated[
        bool,
        typer.Option(
            "--chi-dao",
            help="Việc này là công tác lãnh đạo, chỉ đạo (họp triển khai, văn bản chỉ đạo): báo cáo nêu ở mục đó.",
        ),
    ] = False,
    new_figures: Annotated[
        bool,
        typer.Option("--moi", help="Nhận số liệu kế hoạch chưa khai báo (ghi dưới so_lieu_moi, kèm cảnh báo)."),
    ] = False,
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
        from danvan_cli import progress, progress_entry
        from danvan_cli.documents import issued_report_warnings
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
        ws = workspace(plans_dir)
        u = ws.pick_unit(unit)
        ws.require_unit(u)
        day = day_or_today(date, "--date")
        said = f"--date {date}" if date else f"hôm nay ({typed_date(day)}, vì không có --date)"
        loaded = load_plan(ws, u, progress.year_for_entry(ws, u, day, year, said=said))
        print_warnings(loaded.warnings)
        progress.check_reached(loaded, day)
        entry, warnings = progress_entry.entry_from_options(
            loaded.plan,
            task,
            asked.argument_text("nội dung việc đã làm", result),
            day=day,
            status=asked.status_value(status) if status else None,
            percent=percent,
            figures=asked.figures(figure or []),
            evidence=[asked.argument_text("--evidence", e) for e in evidence or []],
            difficulty=asked.optional_text("--kho-khan", difficulty),
            heading=asked.optional_text("--linh-vuc", heading),
            cause=asked.optional_text("--nguyen-nhan", cause),
            example=asked.optional_text("--dien-hinh", example),
            directing=directing,
            new_figures=new_figures,
            book=loaded.figure_book,
        )
        for line in warnings:
            err(line)
        path = progress_entry.append_entry(loaded, entry)
        where = progress.where_reported(loaded.calendar, day)
        what = entry["nhiem_vu"] or f"đầu mục “{entry['linh_vuc']}”"
        print(f"Đã ghi vào {display_path(path)}: {what}, ngày {typed_date(day)}; {where}.")
        for line in issued_report_warnings(loaded, day):
            err(line)

    run(action, asked.ENTRY_OPTIONS)


@progress_app.command(
    "list", cls=VnCommand, epilog="danvan progress list --period 6m\ndanvan progress list --task tuyen-truyen"
)
def progress_list_command(
    task: Annotated[str | None, typer.Option("--task", help="Chỉ các mục của một nhiệm vụ.")] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Chỉ các mục trong một kỳ: 6m, 9m, year, q1–q4, m1–m12.", callback=period_option),
    ] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
) -> None:
    """Liệt kê nhật ký tiến độ, theo nhiệm vụ hoặc theo kỳ."""

    def action():
        from danvan_cli import progress

        _, loaded = load(plans_dir, unit, year, period=period)
        log = progress.year_log(loaded)
        print_warnings(log.warnings)
        for line in progress.list_lines(loaded, log, task=task, period=period):
            print(line)

    run(action)


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
    as_json: JsonOpt = False,
    every_unit: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Một bảng cho mọi đơn vị báo cáo lên --unit (cơ quan cấp trên), đơn vị chưa báo cáo và muộn lên đầu.",
        ),
    ] = False,
    period: Annotated[
        str,
        typer.Option("--period", help="Với --all: kỳ báo cáo (6m, 9m, year, q1–q4, m1–m12).", callback=period_option),
    ] = "6m",
    units: Annotated[
        str | None, typer.Option("--units", help="Với --all: chỉ các đơn vị có tên khớp mẫu này, ví dụ mn-*.")
    ] = None,
    inbox: InboxOpt = None,
    exports: Annotated[
        Path | None,
        typer.Option(
            "--exports",
            help="Thư mục danvan export ghi văn bản (mặc định: exports cạnh thư mục kế hoạch); báo cáo đã xuất ở đó "
            "được tính là đã báo cáo.",
        ),
    ] = None,
    xlsx: Annotated[
        Path | None,
        typer.Option("--xlsx", help="Với --all: ghi thêm bảng Excel (.xlsx) vào tệp này, mỗi đơn vị một dòng."),
    ] = None,
) -> None:
    """Tình hình từng nhiệm vụ và các hạn báo cáo sắp tới (--all: của mọi đơn vị, cho cơ quan cấp trên)."""

    def action():
        from danvan_cli import status

        if every_unit:
            from danvan_cli.cli.office import office_status

            office_status(plans_dir, unit, year, as_of, period, units, inbox, as_json=as_json, xlsx=xlsx)
            return
        day = day_or_today(as_of, "--as-of")
        _, loaded = load(plans_dir, unit, year, day=day)
        summary = status.summarise(loaded, day, exports)
        print_warnings(summary.warnings)
        if as_json:
            print(status.to_json(summary))
        else:
            status.print_table(summary)

    run(action)
