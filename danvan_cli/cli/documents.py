"""The documents: `plan`, `report`, `register`, `score`."""

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import (
    FinalOpt,
    JsonOpt,
    OutOpt,
    PdfOpt,
    PeriodOpt,
    PlansDir,
    ReportAsOfOpt,
    UnitOpt,
    YearOpt,
    app,
    day_or_today,
    err,
    load,
    out_dir,
    parse_date,
    print_warnings,
    report_written,
    run,
    workspace,
)
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import display_path


@app.command(
    "plan",
    cls=VnCommand,
    epilog="danvan plan --unit mn-hung-an --year 2022 -o out --pdf\ndanvan plan --final   # ban hành: lấy số trong sổ văn bản đi",
)
def plan_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Năm kế hoạch, ví dụ 2022 (mặc định: năm mới nhất có kế hoạch).")
    ] = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
    final: FinalOpt = False,
) -> None:
    """Dựng lại văn bản Kế hoạch (.docx, và PDF với --pdf) từ plan.yaml."""

    def action():
        from danvan_cli.plan_document import make_plan

        ws, loaded = load(plans_dir, unit, year, newest=True)  # the plan being made is the newest
        written = make_plan(loaded, out_dir(out, loaded.unit_name, loaded.year), pdf=bool(pdf), final=final)
        for note in written.notes:
            err(note)
        report_written(written, ws.plans_dir)

    run(action)


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
    ngay: Annotated[
        str | None,
        typer.Option(
            "--ngay",
            help="Ngày của báo cáo, ví dụ 14/11/2026 (mặc định: ngày làm báo cáo). Ngày trước ngày lấy số (--final) "
            "thì danvan cảnh báo văn bản đề lùi ngày.",
        ),
    ] = None,
    out: OutOpt = None,
    pdf: PdfOpt = False,
    final: FinalOpt = False,
    draft_ok: Annotated[
        bool,
        typer.Option(
            "--draft-ok", help="Với --final: vẫn cấp số khi toàn bộ phần lời là bản nháp dựng từ nhật ký (đã đọc lại)."
        ),
    ] = False,
    de_cuong: Annotated[
        Path | None,
        typer.Option(
            "--de-cuong",
            help="Dựng báo cáo theo đề cương cơ quan cấp trên gửi (tệp de-cuong.yaml); mặc định dùng de-cuong.yaml "
            "trong thư mục năm nếu có.",
        ),
    ] = None,
    ask: Annotated[
        bool,
        typer.Option(
            "--hoi",
            help="Hỏi lần lượt những phần chỉ đơn vị viết được (nguyên nhân, bài học, kiến nghị…) và ghi câu trả lời "
            "vào reports/<kỳ>.yaml trước khi dựng báo cáo.",
        ),
    ] = False,
) -> None:
    """Dựng Báo cáo kết quả của một kỳ từ nhật ký tiến độ và phần lời trong reports/<kỳ>.yaml, kèm gói số liệu
    (.danvan.json) để gửi cơ quan cấp trên. Phần dựng được từ dữ liệu được viết sẵn thành bản nháp trong
    reports/<kỳ>.yaml; phần chỉ đơn vị biết được hỏi ở đó (hoặc bằng --hoi)."""

    def action():
        from danvan_cli.documents import answer_questions, make_report

        day = day_or_today(as_of, "--as-of")
        ws, loaded = load(plans_dir, unit, year, period=period, day=day)
        if ask:
            answered = answer_questions(loaded, period, day, ask_in_terminal, outline_file=de_cuong)
            err(f"Đã ghi {len(answered)} câu trả lời vào {display_path(loaded.narrative_file(period))}.")
        written = make_report(
            loaded,
            period,
            out_dir(out, loaded.unit_name, loaded.year),
            as_of=day,
            pdf=bool(pdf),
            final=final,
            draft_ok=draft_ok,
            outline_file=de_cuong,
            date=parse_date(ngay, "--ngay") if ngay else None,
        )
        for note in written.notes:
            err(note)
        report_written(written, ws.plans_dir)

    run(action)


def ask_in_terminal(question) -> list[str]:
    """One question on the terminal (stderr), its answer read from standard input: one idea a line, an empty line
    to end (an empty first line leaves the part for later)."""
    import sys

    mark = "bắt buộc trước khi ban hành" if question.required else "Enter để bỏ qua"
    err(f"\n{question.text} ({mark}; mỗi ý một dòng, dòng trống để kết thúc)")
    lines: list[str] = []
    while True:
        line = sys.stdin.readline()
        if not line or not line.strip():
            return lines
        lines.append(line.strip())


@app.command(
    "register",
    cls=VnCommand,
    epilog="danvan register --year 2022\ndanvan register --year 2022 --docx --pdf   # sổ theo mẫu Phụ lục IV",
)
def register_command(
    year: Annotated[
        int | None, typer.Option("--year", help="Năm của sổ (mặc định: năm nay, hoặc năm gần nhất trước đó có sổ).")
    ] = None,
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    docx: Annotated[bool, typer.Option("--docx", help="Ghi sổ thành tệp Word theo mẫu Phụ lục IV.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Với --docx: xuất thêm tệp PDF qua LibreOffice.")] = False,
    out: OutOpt = None,
) -> None:
    """In sổ đăng ký văn bản đi của đơn vị trong một năm (--docx: ghi thành tệp Word)."""

    def action():
        from danvan_cli import register
        from danvan_cli.documents import make_register_book

        ws = workspace(plans_dir)
        u = ws.pick_unit(unit)
        y = register.book_year(ws, u, year)
        if docx:
            report_written(make_register_book(ws, u, y, out_dir(out, u, y), pdf=pdf), ws.plans_dir)
            return
        for line in register.listing(ws, u, y):
            print(line)

    run(action)


@app.command("score", cls=VnCommand, epilog="danvan score\ndanvan score --all --unit phong-van-hoa-xa-hoi --json")
def score_command(
    plans_dir: PlansDir = None,
    unit: UnitOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    all_units: Annotated[
        bool,
        typer.Option(
            "--all", help="Cơ quan cấp trên: điểm tự chấm, điểm thẩm định và xếp loại của mọi đơn vị gửi báo cáo lên."
        ),
    ] = False,
    make: Annotated[
        bool,
        typer.Option(
            "--tao",
            help="Tạo bảng tự chấm (tu-cham.yaml) để điền điểm, từ bộ tiêu chí đơn vị được giao: tieu-chi.yaml trong "
            "thư mục năm, hoặc --tieu-chi; chưa có thì từ một bộ tiêu chí mẫu không của tỉnh nào.",
        ),
    ] = False,
    criteria: Annotated[
        Path | None,
        typer.Option("--tieu-chi", help="Với --tao: tệp bộ tiêu chí đơn vị được giao (chép vào thư mục năm)."),
    ] = None,
) -> None:
    """Bảng tự chấm điểm, xếp loại công tác dân vận theo bộ tiêu chí của tỉnh (tu-cham.yaml, tieu-chi.yaml)."""

    def action():
        from danvan_cli import score

        if all_units:
            from danvan_cli import score_units
            from danvan_cli.aggregate import office_and_year, scores_of_units

            ws = workspace(plans_dir)
            office, y, why = office_and_year(ws, unit, year)
            if why:
                err(why)
            scores = scores_of_units(ws, office, y)
            if as_json:
                print(score_units.units_json(scores))
            else:
                score_units.print_units(scores, f"Kết quả tự chấm điểm, xếp loại của các đơn vị, năm {y}")
            return
        from danvan_cli.progress import year_log

        loaded, why = score.unit_to_score(workspace(plans_dir), unit, year)
        if why:
            err(why)
        print_warnings(loaded.warnings)
        if make or criteria is not None:
            files, notes = score.write_self_assessment(loaded, criteria)
            for line in notes:
                err(line)
            for path in files:
                print(f"Đã ghi {display_path(path)}")
            return
        assessment = score.load_assessment(loaded, year_log(loaded))
        print_warnings(assessment.warnings)
        if as_json:
            print(score.to_json(assessment))
        else:
            score.print_table(assessment, f"{loaded.unit.name}, năm {loaded.year}")

    run(action)
