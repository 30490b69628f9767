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
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import display_path


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
) -> None:
    """Báo cáo tổng hợp của cơ quan cấp trên từ báo cáo của nhiều đơn vị (phụ lục theo từng đơn vị)."""

    def action():
        from danvan_cli import aggregate

        ws = workspace(plans_dir)
        day = day_or_today(as_of, "--as-of")
        office, chosen, why = aggregate.office_and_year(ws, unit, year, inbox, period=period, day=day)
        if why:
            err(why)
        c, written = aggregate.make_consolidated(
            ws,
            office,
            period,
            chosen,
            out_dir(out, office, chosen),
            as_of=day,
            only=units,
            jobs=jobs or aggregate.READ_JOBS,
            pdf=bool(pdf),
            inbox=inbox,
        )
        print(
            f"{len(c.units)} đơn vị: {len(c.units) - len(c.missing)} đã báo cáo, {len(c.late)} muộn, {len(c.missing)} chưa báo cáo."
        )
        if inbox is not None:
            print(f"{c.from_packages} đơn vị tổng hợp từ gói báo cáo trong {display_path(inbox)}.")
        for line in aggregate.inbox_lines(c):
            err(line)
        report_written(written, ws.plans_dir)

    run(action)
