"""The office above: `aggregate`."""

from typing import Annotated

import typer

from danvan_cli.cli.common import (
    JobsOpt,
    OutOpt,
    PdfOpt,
    PeriodOpt,
    PlansDir,
    ReportAsOfOpt,
    app,
    day_or_today,
    out_dir,
    report_written,
    run,
    workspace,
)
from danvan_cli.clivi import VnCommand


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
    jobs: JobsOpt = None,
) -> None:
    """Báo cáo tổng hợp của cơ quan cấp trên từ báo cáo của nhiều đơn vị (phụ lục theo từng đơn vị)."""

    def action():
        from danvan_cli import aggregate

        ws = workspace(plans_dir)
        office = aggregate.pick_office(ws, unit)
        c, written = aggregate.make_consolidated(
            ws,
            office,
            period,
            year,
            out_dir(out, office, year),
            as_of=day_or_today(as_of, "--as-of"),
            only=units,
            jobs=jobs or aggregate.READ_JOBS,
            pdf=bool(pdf),
        )
        print(
            f"{len(c.units)} đơn vị: {len(c.units) - len(c.missing)} đã báo cáo, {len(c.late)} muộn, {len(c.missing)} chưa báo cáo."
        )
        report_written(written)

    run(action)
