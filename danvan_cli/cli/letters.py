"""The office's công văn to its units: `de-cuong` (the outline, and the letter that sends it), `don-doc` (the
reminder to units whose report is overdue or came late)."""

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    OFFICE_YEAR_HELP,
    InboxOpt,
    OutOpt,
    PdfOpt,
    PeriodOpt,
    PlansDir,
    app,
    day_or_today,
    err,
    font_note,
    out_dir,
    parse_date,
    period_option,
    run,
    workspace,
)
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import display_path

DraftingOpt = Annotated[
    str | None,
    typer.Option(
        "--ky-hieu",
        help="Chữ viết tắt tên đơn vị soạn thảo hoặc lĩnh vực, ghi sau chữ viết tắt của cơ quan trong ký hiệu công "
        "văn (NĐ 30), ví dụ VX: Số: …/VHXH-VX.",
    ),
]
LetterDateOpt = Annotated[
    str | None, typer.Option("--as-of", help="Ngày của công văn, ví dụ 04/5/2026 (mặc định hôm nay).")
]
OfficeOpt = Annotated[
    str | None, typer.Option("--unit", help="Cơ quan tổng hợp (đơn vị có phần tong_hop trong unit.yaml).")
]


def _print_written(written, what: str, plans_dir: Path) -> None:
    print(f"Đã ghi {display_path(written.docx)} ({what})")
    if written.pdf:
        print(f"Đã ghi {display_path(written.pdf)}")
        font_note(plans_dir)


@app.command(
    "de-cuong",
    cls=VnCommand,
    epilog="danvan de-cuong --unit phong-van-hoa-xa-hoi --period 6m --year 2026 --as-of 04/5/2026\n"
    "# ký công văn CV-…-de-cuong-….docx, gửi các đơn vị cùng tệp de-cuong-6m.yaml; đơn vị đặt tệp vào thư mục năm, "
    "hoặc: danvan report --period 6m --de-cuong de-cuong-6m.yaml",
)
def outline_command(
    plans_dir: PlansDir = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Cơ quan gửi đề cương (đơn vị có phần tong_hop trong unit.yaml).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Kỳ báo cáo của đề cương (bỏ trống: mọi kỳ).", callback=period_option),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="Năm báo cáo (bỏ trống: mọi năm).")] = None,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="Thư mục ghi đề cương và công văn (mặc định ./out/<cơ quan>/<năm>)."),
    ] = None,
    as_of: LetterDateOpt = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--han",
            help="Hạn gửi báo cáo ghi trong công văn, ví dụ 15/6/2026 (mặc định: hạn mà kế hoạch của phần lớn các đơn "
            "vị có thư mục ở đây đặt cho kỳ này, nếu không thì ngày sau kỳ số liệu theo NĐ 09/2019).",
        ),
    ] = None,
    drafting: DraftingOpt = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--kinh-gui",
            help="Nơi nhận ở dòng Kính gửi (ghi nhiều lần cho nhiều nơi); mặc định: các đơn vị gửi báo cáo lên có thư "
            "mục ở đây, gọi bằng tên đầy đủ, nếu không có thì nơi nhận trong unit.yaml của cơ quan.",
        ),
    ] = None,
    pdf: PdfOpt = False,
) -> None:
    """Ghi đề cương báo cáo (de-cuong.yaml) của cơ quan cấp trên từ khung báo cáo và danh mục số liệu tổng hợp, cùng
    công văn gửi đề cương (đề cương là Phụ lục của công văn) để lãnh đạo ký, gửi các đơn vị."""

    def action():
        from danvan_cli import aggregate, letters

        ws = workspace(plans_dir)
        day = day_or_today(as_of, "--as-of")
        due = parse_date(deadline, "--han") if deadline else None
        code = letters.drafting_option(drafting)
        office = aggregate.pick_office(ws, unit)
        folder = out_dir(out, office, year or day.year)
        outline_file, sent = letters.send_outline(
            ws, office, period, year, folder, day=day, due=due, drafting=code, to=to, pdf=bool(pdf)
        )
        print(f"Đã ghi {display_path(outline_file)} (đề cương gửi các đơn vị)")
        _print_written(sent.written, "công văn gửi đề cương: ký rồi gửi các đơn vị cùng tệp đề cương", ws.plans_dir)
        for line in sent.notes:
            err(line)

    run(action)


@app.command(
    "don-doc",
    cls=VnCommand,
    epilog="danvan don-doc --unit phong-van-hoa-xa-hoi --period 6m --year 2026\n"
    "danvan don-doc --period 6m --inbox hop-thu --han 20/6/2026   # theo các gói báo cáo đã nhận",
)
def reminder_command(
    period: PeriodOpt,
    year: Annotated[int | None, typer.Option("--year", help=OFFICE_YEAR_HELP)] = None,
    plans_dir: PlansDir = None,
    unit: OfficeOpt = None,
    as_of: LetterDateOpt = None,
    inbox: InboxOpt = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--han",
            help="Hạn mới để các đơn vị gửi báo cáo, ví dụ 20/6/2026 (mặc định 3 ngày làm việc sau ngày công văn).",
        ),
    ] = None,
    drafting: DraftingOpt = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
) -> None:
    """Soạn công văn đôn đốc các đơn vị quá hạn mà chưa gửi báo cáo (và các đơn vị gửi muộn), gọi từng đơn vị bằng
    tên đầy đủ, có thời hạn gửi báo cáo."""

    def action():
        from danvan_cli import aggregate, letters, reminders
        from danvan_cli.vnformat import typed_date

        ws = workspace(plans_dir)
        day = day_or_today(as_of, "--as-of")
        due = parse_date(deadline, "--han") if deadline else None
        code = letters.drafting_option(drafting)
        office, chosen, why = aggregate.office_and_year(ws, unit, year, inbox, period=period, day=day)
        if why:
            err(why)
        who, sent = reminders.draft_reminder(
            ws, office, period, chosen, out_dir(out, office, chosen), as_of=day, inbox=inbox, due=due,
            drafting=code, pdf=bool(pdf),
        )  # fmt: skip
        if sent.written is None:
            print(
                f"Đến ngày {typed_date(day)}, không có đơn vị nào quá hạn mà chưa gửi báo cáo, hay gửi muộn: không soạn "
                "công văn đôn đốc."
            )
        else:
            _print_written(
                sent.written,
                f"công văn đôn đốc: {len(who.overdue)} đơn vị chưa gửi báo cáo, {len(who.late)} đơn vị gửi muộn",
                ws.plans_dir,
            )
        for line in sent.notes:
            err(line)

    run(action)
