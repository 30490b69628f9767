"""Starting from the unit's own Word file: `import`."""

from pathlib import Path
from typing import Annotated

import typer

from danvan_cli.cli.common import PlansDir, app, err, run, workspace
from danvan_cli.clivi import VnCommand
from danvan_cli.errors import display_path


@app.command(
    "import",
    cls=VnCommand,
    epilog='danvan import "Ke hoach dan van 2024.docx"   # đơn vị và năm đọc từ văn bản\n'
    "danvan import ke-hoach-2024.doc --unit th-xuan-phuong --year 2024 --force",
)
def import_command(
    path: Annotated[Path, typer.Argument(help="Tệp kế hoạch bằng Word: .docx, hoặc .doc, .odt (cần LibreOffice).")],
    plans_dir: PlansDir = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="Tên thư mục đơn vị, ví dụ th-xuan-phuong (mặc định: đặt theo tên cơ quan)."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Năm kế hoạch (mặc định: năm ghi trong trích yếu, hoặc năm ban hành).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Ghi đè plan.yaml đã có (bản cũ được giữ lại: plan.yaml.bak…).")
    ] = False,
) -> None:
    """Đọc kế hoạch đơn vị đã soạn bằng Word, ghi ra unit.yaml (đơn vị mới) và plan.yaml có chú thích."""

    def action():
        from danvan_cli.importer import import_plan

        result = import_plan(workspace(plans_dir), path, unit=unit, year=year, force=force)
        for placed in result.unplaced:
            err(
                f"{display_path(path)}: đoạn {placed.number}: không xếp được vào kế hoạch, giữ nguyên là đoạn văn "
                f"({placed.where}): “{placed.text[:70]}”"
            )
        for line in result.notes:
            err(line)
        for written in result.files:
            print(f"Đã ghi {display_path(written)}")
        if result.tasks:
            kept = sum(1 for _, _, same in result.tasks if same)
            print(
                "Mã các nhiệm vụ (dùng khi ghi tiến độ: danvan progress add <mã> …; danvan status cũng in): "
                + ", ".join(ma for ma, _, _ in result.tasks)
                + (f" ({kept} mã giữ như kế hoạch trước)" if kept else "")
            )
        print(
            f"Hãy đọc lại các tệp trên, rồi: danvan validate --unit {result.unit}; "
            f"danvan plan --unit {result.unit} --year {result.year}"
        )

    run(action)
