"""`danvan validate`: every file of a unit checked, every problem reported at once.

Each check runs on its own, so that one broken file does not hide the problems of the others; a
problem that is no `file:line:col` (a link, a file an editor renamed) is reported with its file.
Files are counted as they are read, so the count says what was really checked.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from danvan_cli.context import TEMPLATE_NAMES
from danvan_cli.errors import (
    DanvanError,
    FileNotFound,
    InputError,
    PlaceWarning,
    Problem,
    ValueNotAllowed,
    Warning_,
    WholeFileProblem,
    display_path,
)
from danvan_cli.files import present
from danvan_cli.loading import check_narrative, check_plan, load_narrative, load_plan, load_unit
from danvan_cli.models import Narrative, Plan, ProgressLog, Unit
from danvan_cli.periods import PERIODS
from danvan_cli.progress import out_of_reach, year_log
from danvan_cli.proofread import dates_of_other_years, proofread
from danvan_cli.register import load_register, term_of
from danvan_cli.render import render_docx, template_names, template_path
from danvan_cli.score import load_assessment
from danvan_cli.signers import collective_warnings
from danvan_cli.timeline import calendar_problems
from danvan_cli.validation import validate
from danvan_cli.vnformat import typed_date
from danvan_cli.workspace import (
    PLAN_FILE,
    PROGRESS_FILE,
    REPORTS_DIR,
    UNIT_FILE,
    Workspace,
    ignored_folders,
    misnamed,
    plan_year,
)
from danvan_cli.yamlsource import load

Found = tuple[list[Problem], list[Warning_], int]


@dataclass
class Findings:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    files: set[Path] = field(default_factory=set)
    renamed: set[Path] = field(default_factory=set)  # files said to stand under an editor's name

    def run(self, action, *reads: Path):
        """Run one check, keeping its problems instead of stopping at them; returns its result or None."""
        self.files.update(Path(r) for r in reads if present(r))
        try:
            return action()
        except InputError as exc:
            self.problems += exc.problems
        except FileNotFound as exc:
            if exc.missing is None or exc.missing not in self.renamed:  # a renamed plan is said once
                self.problems += [_whole_file(line) for line in exc.lines()]
        except DanvanError as exc:
            self.problems += [_whole_file(line) for line in exc.lines()]
        return None

    def misnamed(self, expected: Path) -> None:
        """A file that is missing but stands beside under an editor's name (plan.yaml.txt) is a problem:
        left so, it would be silently ignored."""
        if present(expected):
            return
        found = misnamed(expected)
        if found is not None:
            self.renamed.add(expected)
            why = "có lẽ Notepad đã thêm đuôi .txt" if found.name.endswith(".txt") else "tên tệp khác một chút"
            self.problems.append(
                Problem(display_path(found), 1, 1, f"có tệp {found.name}: {why}; hãy đổi tên thành {expected.name}")
            )

    def result(self) -> Found:
        # a unit's warnings come with each of its years: said once
        return sorted(set(self.problems)), list(dict.fromkeys(self.warnings)), len(self.files)


def _whole_file(message: str) -> Problem:
    """A problem of a whole file or folder (a link, a missing file): its message names it first."""
    return WholeFileProblem("", 0, 0, message)


def check_year(ws: Workspace, unit: str, year: int, found: Findings) -> None:
    """plan.yaml (with unit.yaml), progress.yaml, reports/*.yaml, the register and the scores of one year."""

    loaded = found.run(lambda: load_plan(ws, unit, year), ws.unit_file(unit), ws.plan_file(unit, year))
    reports = ws.reports_dir(unit, year)
    narratives = sorted(reports.iterdir()) if present(reports) and reports.is_dir() else []
    for path in narratives:
        if path.stem in PERIODS and path.suffix == ".yaml":
            continue
        period = path.name.split(".")[0]
        if period in PERIODS and path.name.endswith(".txt"):
            message = f"có tệp {path.name}: có lẽ Notepad đã thêm đuôi .txt; hãy đổi tên thành {period}.yaml"
        elif period in PERIODS:
            message = f"tên tệp '{path.name}' không phải một kỳ báo cáo; đổi tên thành {period}.yaml"
        else:
            kinds = ", ".join(p + ".yaml" for p in PERIODS)
            message = f"tên tệp '{path.name}' không phải một kỳ báo cáo; đặt tên theo kỳ: {kinds}"
        found.problems.append(Problem(display_path(path), 1, 1, message))
    found.misnamed(ws.progress_file(unit, year))
    found.run(lambda: load_register(ws.register_file(unit, year)), ws.register_file(unit, year))
    if loaded is None:
        for path in narratives:
            if path.stem in PERIODS and path.suffix == ".yaml":
                found.run(lambda path=path: load_narrative(path), path)
        return  # the log, the report dates and the scores are checked against a plan that loads
    found.warnings += loaded.warnings
    if loaded.plan_source is not None:
        found.warnings += proofread(loaded.plan_source) + dates_of_other_years(loaded.plan_source, year)
        found.warnings += _outside_terms(loaded)

    schedule = found.run(lambda: calendar_problems(loaded))
    if schedule is not None:
        found.problems += schedule[0]
        found.warnings += schedule[1]
    for path in (ws.self_assessment_file(unit, year), ws.profile_file(unit, year)):
        found.misnamed(path)
    for path in narratives:
        if path.stem in PERIODS and path.suffix == ".yaml":

            def narrative(path=path):
                text, source = load_narrative(path)
                check_narrative(text, source, loaded.calendar.period(path.stem))
                if source is not None:
                    found.warnings.extend(proofread(source))

            found.run(narrative, path)
    log = found.run(lambda: year_log(loaded), loaded.progress_file)
    found.problems += found.run(lambda: out_of_reach(loaded)) or []
    found.warnings += log.warnings if log else []
    if log is not None and log.source is not None:
        found.warnings += proofread(log.source)
    if present(loaded.self_assessment_file) and log is not None:  # scores cite the log: checked once it reads
        assessment = found.run(lambda: load_assessment(loaded, log), loaded.self_assessment_file)
        if assessment is not None:
            found.files.add(assessment.criteria_path)
            found.warnings += assessment.warnings
    check_templates(loaded.unit, ws.unit_dir(unit), found)


def _outside_terms(loaded) -> list[Warning_]:
    """A Party plan dated in no term declared: its --final would be refused (the Party numbers within a term)."""

    unit, plan, source = loaded.unit, loaded.plan, loaded.plan_source
    if unit.the_thuc != "dang" or not unit.nhiem_ky or plan is None or term_of(unit, plan.ngay) is not None:
        return []
    line, col = source.position(("ngay",))
    return [
        Warning_(
            source.shown,
            line,
            col,
            f"nhiệm kỳ: ngày ban hành {typed_date(plan.ngay)} không thuộc nhiệm kỳ nào khai báo trong unit.yaml "
            "(nhiem_ky): kế hoạch này sẽ không cấp được số; hãy kiểm tra ngày, hoặc khai báo nhiệm kỳ chứa ngày ấy",
        )
    ]


def check_templates(unit, unit_dir: Path, found: Findings) -> None:
    """A unit's own templates (mau:): they open, their Jinja tags parse, every name they use is one the document's
    data has (docs/templates.md lists them), and what they print where danvan fills them keeps the decree's
    formatting (`formatting_remarks`)."""

    for kind in TEMPLATE_NAMES:
        if not getattr(unit.mau, kind, None) if unit.mau else True:
            continue

        def check(kind=kind):
            path = template_path(kind, unit, unit_dir)
            found.files.add(path)
            unknown = sorted(template_names(path) - set(TEMPLATE_NAMES[kind]))
            if unknown:
                raise InputError(
                    [
                        Problem(
                            display_path(path),
                            1,
                            1,
                            f"mẫu dùng tên không có trong dữ liệu: {', '.join(unknown)}; các tên dùng được "
                            f"(docs/templates.md): {', '.join(TEMPLATE_NAMES[kind])}",
                        )
                    ]
                )
            remarks = formatting_remarks(path, kind, unit.the_thuc == "dang")
            if remarks:
                found.warnings.append(
                    PlaceWarning(
                        display_path(path),
                        1,
                        1,
                        f"mẫu riêng không giữ định dạng {'HD 36' if unit.the_thuc == 'dang' else 'NĐ 30'} của phần "
                        f"danvan điền: {'; '.join(remarks)}. Mẫu được lưu lại (nhất là bằng LibreOffice) hay mất định "
                        "dạng của dòng có thẻ {{ … }}: hãy định dạng lại các dòng ấy trong Word, hoặc chép lại từ mẫu "
                        "gốc trong thư mục templates",
                    )
                )

        found.run(check)


# What the decree asks of the parts of a document danvan fills, all bold (NĐ 30 Phụ lục I §II.5.b, §II.7; HD 36 for
# the Party's tên loại and trích yếu): its name in a message, its sizes in points (State, Party).
_TEXT_PROBE = "DANVAN-KIEM-TRA"
_FILLED_PARTS = {
    "ten_loai": ("tên loại", (13, 14), (15, 16)),
    "trich_yeu": ("trích yếu", (13, 14), (14, 15)),
    "chuc_vu": ("chức vụ người ký", (13, 14), (13, 15)),
    "ho_ten": ("họ tên người ký", (13, 14), (13, 15)),
}


def _probe_context(kind: str) -> dict:
    """A document's data with a marker where danvan fills the title and the signature, the rest the least it can
    be (for the names docs/templates.md lists): what a template prints there can then be found and read."""

    block = [{"kieu": "doan", "van_ban": "Nội dung."}]
    values: dict[str, object] = {}
    for name in TEMPLATE_NAMES[kind]:
        if name in ("noi_dung", "phan_dau", "phan_sau"):
            values[name] = block
        elif name.endswith("_dong") or name == "noi_nhan":
            values[name] = ["Dòng"]
        elif name in ("cham_diem", "phu_luc_diem"):
            values[name] = ""
        elif name == "bang_so_lieu":
            values[name] = {"tieu_de": "Bảng", "co_cung_ky": False, "dong": []}
        elif name == "phu_luc":
            values[name] = {"so": "", "tieu_de": "Phụ lục", "tieu_de_dong": ["Phụ lục"], "kem_theo": "(Kèm theo)",
                            "kem_theo_dong": ["(Kèm theo)"], "bang": [], "ghi_chu": []}  # fmt: skip
        else:
            values[name] = "Văn bản"
    values.update(
        {
            "ten_loai": "KẾ HOẠCH" if kind == "ke_hoach" else "BÁO CÁO",
            "trich_yeu": f"{_TEXT_PROBE}-TRICH-YEU",
            "trich_yeu_dong": [f"{_TEXT_PROBE}-TRICH-YEU"],
            "chuc_vu_ky": [f"{_TEXT_PROBE}-CHUC-VU"],
            "ho_ten_ky": f"{_TEXT_PROBE}-HO-TEN",
            "kinh_gui": "",
        }
    )
    return values


def formatting_remarks(path: Path, kind: str, party: bool) -> list[str]:
    """What a template prints where danvan fills the tên loại, trích yếu and signer, against the decree: each part
    bold and of its size (a template saved again in LibreOffice loses the bold of a line its tags stand in).
    Nothing for a template without these parts (the register's book)."""

    from docx import Document  # noqa: PLC0415 (docx is slow to import)

    if kind not in ("ke_hoach", "bao_cao", "bao_cao_tong_hop"):
        return []
    try:
        doc = Document(io.BytesIO(render_docx(path, _probe_context(kind))))
    except DanvanError:
        return []  # a template that fails on this sample data fails on the unit's own: said when it is used
    type_name = "KẾ HOẠCH" if kind == "ke_hoach" else "BÁO CÁO"
    found: dict[str, list] = {part: [] for part in _FILLED_PARTS}
    for paragraph in _paragraphs(doc):
        if paragraph.text.strip() == type_name and not found["ten_loai"]:  # (Word may split it into several runs)
            found["ten_loai"] = [(run, paragraph) for run in paragraph.runs if run.text.strip()]
        for run in paragraph.runs:
            for part, marker in (("trich_yeu", "TRICH-YEU"), ("chuc_vu", "CHUC-VU"), ("ho_ten", "HO-TEN")):
                if f"{_TEXT_PROBE}-{marker}" in run.text:
                    found[part].append((run, paragraph))
    remarks = []
    for part, (said, state_sizes, party_sizes) in _FILLED_PARTS.items():
        low, high = party_sizes if party else state_sizes
        if not found[part]:
            remarks.append(f"không in {said}")
            continue
        looks = [
            (_effective(doc, run, paragraph, "bold"), _effective(doc, run, paragraph, "size"))
            for run, paragraph in found[part]
        ]
        # (Word's own size where no style says one: 10 pt)
        sizes = sorted({size.pt if size is not None else 10.0 for _, size in looks})
        if not all(bold for bold, _ in looks):
            remarks.append(f"{said} in không đậm (phải đậm, cỡ {low}–{high})")
        elif not all(low <= points <= high for points in sizes):
            remarks.append(f"{said} cỡ chữ {', '.join(f'{p:g}' for p in sizes)} (phải {low}–{high})")
    return remarks


def _paragraphs(doc):
    """Every paragraph of the body, table cells included."""
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _effective(doc, run, paragraph, attr: str):
    """A run's bold or size as Word shows it: the run's own, else its character style's, else its paragraph style's
    (each with the styles it is based on), else the document's defaults."""
    value = getattr(run.font, attr)
    styles = [run.style, paragraph.style]
    for style in styles:
        while value is None and style is not None:
            value = getattr(style.font, attr)
            style = style.base_style
        if value is not None:
            return value
    from docx.oxml.ns import qn  # noqa: PLC0415 (docx is slow to import)

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return None
    if attr == "bold":
        b = rpr.find(qn("w:b"))
        return b is not None and b.get(qn("w:val"), "true") not in ("0", "false")
    sz = rpr.find(qn("w:sz"))
    from docx.shared import Pt  # noqa: PLC0415 (docx is slow to import)

    return Pt(int(sz.get(qn("w:val"))) / 2) if sz is not None else None


def check_units(ws: Workspace, units: list[str], year: int | None = None) -> Found:
    """Every year of every unit named (or one year of each); and in the plans folder, unit folders whose
    unit.yaml an editor renamed."""
    found = Findings()
    found.warnings += [PlaceWarning(display_path(folder), 1, 1, why) for folder, why in ignored_folders(ws)]
    for folder in sorted(ws.plans_dir.iterdir()) if ws.plans_dir.is_dir() else []:
        if folder.is_dir() and folder.name not in units and not present(folder / UNIT_FILE):
            found.misnamed(folder / UNIT_FILE)
    for unit in units:
        ws.require_unit(unit)
        found.misnamed(ws.unit_file(unit))
        years = [year] if year is not None else sorted({*ws.years(unit), *ws.score_years(unit)})
        for folder in ws.unit_dir(unit).iterdir():
            if (y := plan_year(folder.name)) and folder.is_dir() and y not in years and year is None:
                found.misnamed(ws.plan_file(unit, y))
        loaded_unit = found.run(lambda unit=unit: load_unit(ws, unit), ws.unit_file(unit))
        if loaded_unit is not None:
            found.warnings += loaded_unit[1].warnings + collective_warnings(*loaded_unit)
        for y in years:
            check_year(ws, unit, y, found)
    return found.result()


def check_file(path: Path) -> Found:
    """One file, its kind told by its name; a plan's progress log is checked against that plan when it loads."""

    if not present(path):
        hint = ""
        other = misnamed(path)
        if other is not None:
            hint = f"; có tệp {other.name}: hãy đổi tên thành {path.name}"
        raise ValueNotAllowed(f"không tìm thấy tệp {display_path(path)}{hint}")
    kinds: dict[str, type[BaseModel]] = {UNIT_FILE: Unit, PLAN_FILE: Plan, PROGRESS_FILE: ProgressLog}
    model = kinds.get(path.name) or (Narrative if path.parent.name == REPORTS_DIR and path.stem in PERIODS else None)
    if model is None:
        raise ValueNotAllowed(
            f"không biết kiểm tra tệp {display_path(path)}: chỉ kiểm tra được {', '.join(kinds)} và reports/<kỳ>.yaml"
        )
    found = Findings()

    def run():
        source = load(path, allow_empty=model is not Plan and model is not Unit)
        if source.data is None:
            return source
        result: Any = validate(source, model)
        year = path.parent.name
        if model is Plan and plan_year(year):
            problems = check_plan(result, source, int(year))
            if problems:
                raise InputError(problems)
        if model is ProgressLog and plan_year(year) and present(path.parent / PLAN_FILE):
            ws = Workspace(path.parent.parent.parent)
            year_log(load_plan(ws, path.parent.parent.name, int(year)))
        return source

    source = found.run(run, path)
    problems, _, files = found.result()
    return problems, source.warnings if source else [], files
