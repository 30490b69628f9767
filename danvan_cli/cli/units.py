"""A unit's data: `validate`, `new-plan`, `demo-units`."""

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli import common
from danvan_cli.cli.common import (
    OutOpt,
    PdfOpt,
    PlansDir,
    UnitOpt,
    YearOpt,
    app,
    err,
    out_dir,
    parse_date,
    print_warnings,
    report_written,
    run,
    workspace,
)
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import ProblemsFound, UsageProblem, display_path
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR


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

        ws = workspace(plans_dir)
        if path is not None:
            problems, warnings, files = check_file(path)
        else:
            units = [unit] if unit else ws.units()
            problems, warnings, files = check_units(ws, units, year)
            if not units and not problems:
                raise UsageProblem(f"chưa có đơn vị nào trong {display_path(ws.plans_dir)}")
        print_warnings(warnings)
        if problems:
            raise ProblemsFound(problems)
        print(f"Dữ liệu hợp lệ ({files} tệp đã kiểm tra).")

    run(action)


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
    quyen_han: Annotated[
        str | None,
        typer.Option(
            "--quyen-han",
            help="Thẩm quyền ký, các dòng cách nhau bằng ';', ví dụ \"TM. Ủy ban nhân dân; KT. Chủ tịch\" (mặc định: "
            "theo loại đơn vị và chức vụ, như Chủ tịch xã ký TM. Ủy ban nhân dân).",
        ),
    ] = None,
    ho_ten: Annotated[str | None, typer.Option("--ho-ten", help="Họ và tên người ký.")] = None,
    nhiem_ky: Annotated[
        str | None,
        typer.Option(
            "--nhiem-ky", help="Chi bộ, đảng ủy: ngày bắt đầu nhiệm kỳ cấp ủy (ngày bế mạc đại hội), ví dụ 20/08/2025."
        ),
    ] = None,
    loai: Annotated[
        str | None,
        typer.Option(
            "--loai",
            help="Loại đơn vị, chọn mẫu kế hoạch: truong-hoc, ubnd-xa, co-quan, dang (mặc định: đoán từ tên cơ quan).",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help="Không hỏi; dùng giá trị từ tùy chọn và mặc định. Không có --yes, lệnh hỏi trên màn hình, hoặc đọc "
            "các câu trả lời đưa vào (mỗi dòng một câu).",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè kế hoạch đã có.")] = False,
    out: OutOpt = None,
    pdf: PdfOpt = False,
) -> None:
    """Tạo kế hoạch năm mới từ mẫu có sẵn hoặc từ kế hoạch năm trước (--from), rồi dựng văn bản."""

    def action():
        from danvan_cli import asking, new_plan, scaffold
        from danvan_cli.loading import load_plan
        from danvan_cli.plan_document import make_plan

        ws = workspace(plans_dir)
        answers = scaffold.Answers(
            unit=unit,
            year=year,
            so=so,
            ngay=parse_date(ngay, "--ngay") if ngay else None,
            ten_co_quan=ten_co_quan,
            co_quan_chu_quan=co_quan_chu_quan,
            chu_viet_tat=chu_viet_tat,
            dia_danh=dia_danh,
            co_quan_cap_tren=co_quan_cap_tren,
            chuc_vu=chuc_vu,
            ho_ten=ho_ten,
            loai=loai,
            quyen_han=[line.strip() for line in quyen_han.split(";") if line.strip()]
            if quyen_han is not None
            else None,
            nhiem_ky=parse_date(nhiem_ky, "--nhiem-ky") if nhiem_ky else None,
        )
        # a person at the terminal is asked; answers piped in are read one a line (when they end, as with --yes)
        ask = None if yes else asking.rich_asker(piped=not common.interactive())
        created = new_plan.create_plan(ws, answers, from_dir=from_dir, force=force, ask=ask)
        for line in created.notes:
            err(line)
        for p in created.files:
            print(f"Đã ghi {display_path(p)}")
        loaded = load_plan(ws, created.unit, created.year)
        report_written(make_plan(loaded, out_dir(out, created.unit, created.year), pdf=bool(pdf)), ws.plans_dir)

    run(action)


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

        ws = workspace(plans_dir)
        names = make_demo_units(ws.plans_dir, count, year=year, entries_per_unit=entries, force=force)
        print(f"Đã tạo {len(names)} đơn vị thử trong {display_path(ws.plans_dir)} ({names[0]} … {names[-1]}).")

    run(action)
