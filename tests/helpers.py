"""Helpers the test files share: the seed's files and the options that name its unit and year, running the commands
that make its documents, located messages, editing a file, the export folder's state, a unit of each kind."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

from conftest import SEED_PLANS, docx_paragraphs, norm, without_declared_figures

LOCATED = re.compile(r"^(?P<path>[^:\n]+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", re.M)


def located(stderr: str, *, warnings: bool = False) -> list[tuple[str, int, int, str]]:
    """Every `path:line:col: message` line of a command's error output: the errors, and with `warnings` the
    warnings too ('cảnh báo: …', such as the proofreading pass's) and the remarks on text kept as written
    ('giữ nguyên như đã viết …')."""
    found = [(m["path"], int(m["line"]), int(m["col"]), m["msg"]) for m in LOCATED.finditer(stderr)]
    return [f for f in found if warnings or not f[3].startswith(("cảnh báo:", "giữ nguyên"))]


def edit(plans: Path, rel: Path | str, old: str, new: str) -> None:
    """Replace the first `old` in a file under the plans folder, failing if it is not there."""
    path = plans / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(plans: Path, rel: Path | str, needle: str) -> int:
    lines = (plans / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def outputs(out: Path) -> dict[str, float]:
    """Every exported file (documents and manifest) with its modification time; the lock file is not an output."""
    return {
        str(p.relative_to(out)): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and p.name != ".danvan-export.lock"
    }


def manifest_is_true(out: Path) -> None:
    """Every file the export manifest records is on disk with the hash it records."""
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for key, entry in data["outputs"].items():
        folder = out / key.rsplit("/", 1)[0]
        for name, digest in entry["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, (key, name)


def package_of(inbox: Path, unit: str) -> Path:
    """The one report package (`*.danvan.json`) of `unit` in an office's inbox."""
    (found,) = [
        p for p in inbox.glob("*.danvan.json") if json.loads(p.read_text(encoding="utf-8"))["don_vi"]["ma"] == unit
    ]
    return found


def rewrite(path: Path, change) -> None:
    """Change a JSON file (a report package) as `change(data)` does, written back as danvan writes it."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# A school's Chi bộ, issuing in the Party's format (HD 36-HD/VPTW): the seed's unit.yaml for a Party body.
CHI_BO = """\
the_thuc: dang
co_quan_chu_quan: Đảng bộ xã Hùng An
ten_co_quan: Chi bộ Trường Mầm non Hùng An
chu_viet_tat: CB
dia_danh: Hùng An
co_quan_cap_tren: Đảng ủy xã Hùng An
nguoi_ky:
  quyen_han: T/M
  thay_cho: Chi bộ
  chuc_vu: Bí thư
  ho_ten: Nguyễn Thị Thu Hà
noi_nhan:
  - Các đảng viên trong chi bộ
luu: Chi bộ
"""


# ---------------------------------------------------------------- the seed, and the commands that make its documents

SEED_UNIT = "mn-hung-an"
SEED_YEAR = 2022
UNIT_YAML = Path("mn-hung-an/unit.yaml")
YEAR_DIR = Path("mn-hung-an/2022")
PLAN_YAML = YEAR_DIR / "plan.yaml"
LOG_YAML = YEAR_DIR / "progress.yaml"
PLAN_STEM = "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen"  # the seed's Kế hoạch, as `plan` names it


def unit_args(plans: Path, unit: str = SEED_UNIT, year: int | str = SEED_YEAR) -> tuple:
    """`--plans-dir PLANS --unit UNIT --year YEAR`: the options that name a unit's year (the seed's by default)."""
    return ("--plans-dir", plans, "--unit", unit, "--year", str(year))


def seed_copy(tmp_path: Path) -> Path:
    """A copy of the seed's plans folder in `tmp_path` (for a test that makes more than one, or no `plans`)."""
    plans = tmp_path / "plans"
    shutil.copytree(SEED_PLANS, plans)
    return plans


def render(cli, plans: Path, out: Path | None = None, *extra, unit: str = SEED_UNIT, year: int | str = SEED_YEAR):
    """`danvan plan` for a unit's year (the seed's by default) into `out` (<plans>/../out unless given): the result,
    and the Kế hoạch's .docx (the one made, else where the seed's would be)."""
    out = out or plans.parent / "out"
    result = cli("plan", *unit_args(plans, unit, year), "-o", out, *extra)
    made = list(out.glob("KH-*.docx")) if out.is_dir() else []
    return result, made[0] if len(made) == 1 else out / f"{PLAN_STEM}.docx"


def made_plan(cli, plans: Path, out: Path, unit: str = SEED_UNIT, year: int | str = SEED_YEAR) -> Path:
    """The one Kế hoạch `danvan plan` made for a unit's year (the seed's by default) in `out`; the command must succeed."""
    result = cli("plan", *unit_args(plans, unit, year), "-o", out)
    assert result.exit_code == 0, result.stderr
    (docx,) = out.glob("KH-*.docx")
    return docx


def report(cli, plans: Path, period: str = "6m", *extra, out: Path | None = None):
    """`danvan report` of the seed's year for `period` into `out` (<plans>/../out unless given): the result and the
    folder."""
    out = out or plans.parent / "out"
    return cli("report", *unit_args(plans), "--period", period, "-o", out, *extra), out


def progress_add(cli, plans: Path, *args):
    """`danvan progress add ARGS…` over `plans`, with nothing more given (unit, year and date as the command finds them)."""
    return cli("progress", "add", "--plans-dir", plans, *args)


def set_schedule(plans: Path, items: str) -> None:
    """Replace the seed plan's reporting schedule (`che_do_bao_cao`) with `items`."""
    plan = plans / PLAN_YAML
    text = plan.read_text(encoding="utf-8")
    start = text.index("che_do_bao_cao:")
    end = re.search(r"^\S", text[start + len("che_do_bao_cao:") :], re.M)
    stop = start + len("che_do_bao_cao:") + (end.start() if end else len(text))
    plan.write_text(text[:start] + "che_do_bao_cao:\n" + items + text[stop:], encoding="utf-8")


def figures_rows(docx: Path) -> tuple[dict[str, list[str]], list[str]]:
    """A report's figures table: name → the other cells of its row, and the header."""
    from docx import Document

    for table in Document(str(docx)).tables[1:-1]:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["TT", "Số liệu"]:
            return {row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[1:]}, header
    return {}, []


# ---------------------------------------------------------------- the office above: a commune's Phòng Văn hóa - Xã hội (2026)

OFFICE = "phong-van-hoa-xa-hoi"  # a commune's Phòng Văn hóa - Xã hội, after 1 July 2025
AS_OF = dt.date(2026, 7, 20)


def consolidated(office: Path, inbox: Path):
    """The office's 6-month consolidation of 2026 from its inbox, made in this process."""
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    return consolidate(Workspace(office), OFFICE, "6m", 2026, as_of=AS_OF, inbox=inbox)


def document(cli, office: Path, inbox: Path, *extra: str) -> tuple:
    """`danvan aggregate` of the office's 6-month report of 2026 from its inbox; the command must succeed: the result,
    the document's paragraphs (NFC, single spaces) and the .docx."""
    out = office.parent / "out"
    result = cli(
        "aggregate", "--plans-dir", office, "--unit", OFFICE, "--period", "6m", "--year", "2026", "--inbox", inbox,
        "--as-of", "2026-07-25", "-o", out, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (docx,) = out.glob("BC-TH-*.docx")
    return result, [norm(p) for p in docx_paragraphs(docx)], docx


# ---------------------------------------------------------------- templates from elsewhere


def rebuilt_template(tmp_path: Path, name: str, change) -> Path:
    """The built-in Kế hoạch template with each part passed through `change(part name, bytes)`; what it gives for
    `__extra__` (if anything) is added as a picture."""
    from danvan_cli.render import builtin_templates_dir

    target = tmp_path / name
    with (
        zipfile.ZipFile(builtin_templates_dir() / "ke-hoach.docx") as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))
        extra = change("__extra__", b"")
        if extra:
            zout.writestr("word/media/bomb.bin", extra)
    return target


def with_tag(tag: str):
    """A `change` for `rebuilt_template`: `tag` in place of the document's number."""

    def change(name, data):
        if name == "word/document.xml":
            return data.replace(b"{{ so_ky_hieu }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
        return b"" if name == "__extra__" else data

    return change


# ---------------------------------------------------------------- any text in any field

# Evidence is cited in a report when it is a numbered document (a photo or a list stays in the unit's file).
EVIDENCE = "Công văn số 12/MNHA "


def write_fields(plans: Path, fields: dict[str, str]) -> None:
    """Put each text of `fields` where a clerk would type it: the unit's place, signer and a recipient, a plan
    paragraph, a log entry's result, figure name and evidence, a narrative paragraph."""
    from danvan_cli.yamlsource import quote

    without_declared_figures(plans)  # the figure's name is any text

    unit = plans / UNIT_YAML
    text = unit.read_text(encoding="utf-8")
    text = text.replace("dia_danh: Hùng An", f"dia_danh: {quote(fields['dia_danh'])}")
    text = text.replace("  ho_ten: Nguyễn Thị Thu Hà", f"  ho_ten: {quote(fields['ho_ten'])}")
    text = text.replace("  - Chi bộ nhà trường", f"  - {quote(fields['noi_nhan'])}")
    unit.write_text(text, encoding="utf-8")
    plan = plans / PLAN_YAML
    text = plan.read_text(encoding="utf-8")
    text = text.replace("mo_dau:\n", f"mo_dau:\n  - {quote(fields['mo_dau'])}\n", 1)
    plan.write_text(text, encoding="utf-8")
    log = plans / LOG_YAML
    log.write_text(
        log.read_text(encoding="utf-8")
        + f"\n- nhiem_vu: chuong-trinh-phoi-hop\n  ngay: 2022-03-02\n  ket_qua: {quote('Chi bộ ' + fields['ket_qua'])}\n"
        + f"  so_lieu:\n    {quote('Số ' + fields['so_lieu'])}: 3\n  minh_chung:\n    - {quote(EVIDENCE + fields['minh_chung'])}\n",
        encoding="utf-8",
    )
    narrative = plans / "mn-hung-an/2022/reports/6m.yaml"
    narrative.write_text(
        narrative.read_text(encoding="utf-8") + f"nguyen_nhan:\n  - {quote(fields['nguyen_nhan'])}\n", encoding="utf-8"
    )


def render_plan_and_report(plans: Path, out: Path):
    """The seed's Kế hoạch and 6-month Báo cáo, made in this process: the loaded year and both .docx."""
    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.plan_document import make_plan
    from danvan_cli.workspace import Workspace

    ws = Workspace(plans)
    loaded = load_plan(ws, "mn-hung-an", 2022)
    plan = make_plan(loaded, out)
    made = make_report(loaded, "6m", out, as_of=dt.date(2022, 6, 1))
    return loaded, plan.docx, made.docx


# ---------------------------------------------------------------- a commune's first plan (2026)

COMMUNE_ANSWERS = [
    "--ten-co-quan", "Ủy ban nhân dân xã Tân Phú", "--chu-viet-tat", "UBND", "--dia-danh", "Tân Phú",
    "--co-quan-cap-tren", "Ban Dân vận Đảng ủy xã Tân Phú", "--chuc-vu", "Chủ tịch", "--ho-ten", "Nguyễn Văn An",
]  # fmt: skip


def commune_args(plans: Path, year: int = 2026) -> tuple:
    """new-plan for a commune's first plan, every answer but the unit's details given; its document in <plans>/../o."""
    out = plans.parent / "o" if plans.name == "plans" else plans / "o"
    return ("new-plan", *unit_args(plans, "ubnd-xa-tan-phu", year), "--yes", "-o", out)


def new_commune(cli, plans: Path, year: int = 2026, *extra: str):
    """A commune's first plan, made by new-plan with every answer given; the command must succeed."""
    result = cli(*commune_args(plans, year), "--ngay", f"08/01/{year}", *COMMUNE_ANSWERS, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def signature(out: Path) -> list[str]:
    """The capitalised lines above the signature, as printed (the right cell of the signature table)."""
    from docx import Document

    doc = Document(str(next(out.glob("KH-*.docx"))))
    cell = doc.tables[-1].rows[0].cells[1]
    return [p.text for p in cell.paragraphs if p.text.strip()][:-1]
