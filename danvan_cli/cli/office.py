"""The office above: `aggregate`."""

from typing import Annotated

import typer

from danvan_cli.cli.common import (
    OFFICE_YEAR_HELP,
    InboxOpt,
    JobsOpt,
    OutOpt,
    PdfOpt,
    PeriodOpt,
    PlansDir,
    ReportAsOfOpt,
    app,
    day_or_today,
    err,
    out_dir,
    report_written,
    run,
    workspace,
)
from danvan_cli.cli.progress_bar import with_progress
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import RosterMissing, display_path


@app.command(
    "aggregate",
    cls=VnCommand,
    epilog="danvan aggregate --period 6m --year 2022 --unit phong-gd-dt --pdf\n"
    "danvan aggregate --period 6m --year 2022 --inbox hop-thu   # từ các gói báo cáo đơn vị gửi lên",
)
def aggregate_command(
    period: PeriodOpt,
    year: Annotated[int | None, typer.Option("--year", help=OFFICE_YEAR_HELP)] = None,
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
    jobs: JobsOpt = None,
    inbox: InboxOpt = None,
    xlsx: Annotated[
        bool,
        typer.Option("--xlsx", help="Ghi thêm bảng số liệu Excel (.xlsx) cạnh báo cáo: mỗi đơn vị một dòng."),
    ] = False,
) -> None:
    """Báo cáo tổng hợp của cơ quan cấp trên từ báo cáo của nhiều đơn vị (phụ lục theo từng đơn vị)."""

    def action():
        from danvan_cli import aggregate
        from danvan_cli.unit_standings import READ_JOBS

        ws = workspace(plans_dir)
        day = day_or_today(as_of, "--as-of")
        office, chosen, why = aggregate.office_and_year(ws, unit, year, inbox, period=period, day=day)
        if why:
            err(why)
        from danvan_cli.office_report import make_consolidated

        c, written, text = with_progress(
            "Đang đọc báo cáo của các đơn vị",
            lambda step: make_consolidated(
                ws,
                office,
                period,
                chosen,
                out_dir(out, office, chosen),
                as_of=day,
                only=units,
                jobs=jobs or READ_JOBS,
                pdf=bool(pdf),
                inbox=inbox,
                progress=step,
            ),
        )
        print(
            f"{len(c.units)} đơn vị: {len(c.units) - len(c.missing)} đã báo cáo, {len(c.late)} muộn, {len(c.missing)} chưa báo cáo."
        )
        if inbox is not None:
            print(f"{c.from_packages} đơn vị tổng hợp từ gói báo cáo trong {display_path(inbox)}.")
        for line in aggregate.inbox_lines(c):
            err(line)
        if text.asked:
            listed = "; ".join(q.text for q in text.asked)
            narrative = display_path(ws.narrative_file(office, chosen, period))
            err(f"{narrative}: còn phần chỉ cơ quan viết được, báo cáo chưa có: {listed}")
        report_written(written, ws.plans_dir)
        if xlsx:
            from danvan_cli.workbook import write_workbook

            write_workbook(c, written.docx.with_suffix(".xlsx"))
            print(f"Đã ghi {display_path(written.docx.with_suffix('.xlsx'))}")

    run(action)


@app.command(
    "danh-sach",
    cls=VnCommand,
    epilog="danvan danh-sach --unit phong-van-hoa-xa-hoi          # xem danh sách đơn vị\n"
    "danvan danh-sach --unit phong-van-hoa-xa-hoi --tao    # ghi danh sách từ các thư mục đơn vị có ở đây",
)
def roster_command(
    plans_dir: PlansDir = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Cơ quan tổng hợp (đơn vị có phần tong_hop trong unit.yaml).")
    ] = None,
    make: Annotated[
        bool,
        typer.Option(
            "--tao", help="Ghi don-vi.yaml từ các thư mục đơn vị khớp tong_hop.don_vi (đọc tên đầy đủ trong unit.yaml)."
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Với --tao: ghi lại khi đã có (giữ bản sao tệp cũ).")] = False,
) -> None:
    """Danh sách đơn vị báo cáo lên cơ quan (don-vi.yaml): báo cáo tổng hợp đếm và gọi tên đơn vị theo danh sách này."""

    def action():
        from danvan_cli import aggregate, roster

        ws = workspace(plans_dir)
        office = aggregate.pick_office(ws, unit)
        if make:
            count, unread = roster.write_roster(ws, office, force=force)
            for line in unread:
                err(f"không đọc được unit.yaml của đơn vị {line}; chưa đưa vào danh sách")
            print(f"Đã ghi {display_path(ws.roster_file(office))} ({count} đơn vị); hãy đọc lại tên các đơn vị.")
            return
        found = roster.load_roster(ws, office)
        if found is None:
            raise RosterMissing(
                f"{display_path(ws.roster_file(office))}: chưa có danh sách đơn vị; tạo bằng: "
                f"danvan danh-sach --unit {office} --tao"
            )
        for i, u in enumerate(found.don_vi, start=1):
            since = f", từ {u.tu_ngay:%d/%m/%Y}" if u.tu_ngay else ""
            until = f", đến {u.den_ngay:%d/%m/%Y}" if u.den_ngay else ""
            print(f"{i:>3}. {u.ten} ({u.ma}{since}{until})")

    run(action)


def office_status(plans_dir, unit, year, as_of, period, units, inbox, *, as_json: bool, xlsx) -> None:
    """`status --all`: every unit of the office's roster for the period, the missing and late first."""
    from danvan_cli import status
    from danvan_cli.aggregate import consolidate, inbox_lines, office_and_year
    from danvan_cli.unit_standings import READ_JOBS

    ws = workspace(plans_dir)
    day = day_or_today(as_of, "--as-of")
    office, chosen, why = office_and_year(ws, unit, year, inbox, period=period, day=day)
    if why:
        err(why)
    c = with_progress(
        "Đang đọc dữ liệu của các đơn vị",
        lambda step: consolidate(
            ws, office, period, chosen, as_of=day, only=units, jobs=READ_JOBS, inbox=inbox, progress=step
        ),
    )
    for line in inbox_lines(c):
        err(line)
    if xlsx is not None:
        from danvan_cli.workbook import write_workbook

        write_workbook(c, xlsx)
        err(f"Đã ghi {display_path(xlsx)}")
    if as_json:
        print(status.units_json(c), end="")
    else:
        status.print_units(c)
