"""Load and validate: from the files under plans/ to typed models, or every problem at once.

Layout (PRODUCT.md): plans/<unit>/unit.yaml and plans/<unit>/<year>/plan.yaml.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from danvan_cli.errors import (
    FileNotFound,
    FileUnreadable,
    InputError,
    Problem,
    UnitNotFound,
    UsageProblem,
    Warning_,
    display_path,
    reason,
)
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, shorten, slug, typed_date
from danvan_cli.yamlsource import Source, load

if TYPE_CHECKING:
    from pydantic import BaseModel

    from danvan_cli.models import Plan, Unit
    from danvan_cli.periods import YearCalendar

M = TypeVar("M", bound="BaseModel")

UNIT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Names Windows keeps for devices: a folder so named cannot be opened there.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
UNIT_FILE = "unit.yaml"
PLAN_FILE = "plan.yaml"
PROGRESS_FILE = "progress.yaml"
REPORTS_DIR = "reports"
YEAR_NAME = re.compile(r"[0-9]{4}")  # ASCII digits only: '²' and '٢٠٢٣' are digits to str.isdigit, not years


def plan_year(name: str) -> int | None:
    """The plan year a folder's name gives, or None."""
    if YEAR_NAME.fullmatch(name) and FIRST_PLAN_YEAR <= int(name) <= LAST_PLAN_YEAR:
        return int(name)
    return None


# ---------------------------------------------------------------- where things are


@dataclass(frozen=True)
class Workspace:
    """The plans folder, and the only way to turn a unit and year into paths inside it."""

    plans_dir: Path

    def unit_dir(self, unit: str) -> Path:
        if not valid_unit_name(unit):
            raise UsageProblem(
                f"tên đơn vị '{shorten(repr(unit)[1:-1])}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-', "
                "ví dụ: mn-hung-an"
            )
        return self.inside(self.plans_dir / unit)

    def year_dir(self, unit: str, year: int) -> Path:
        if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
            raise UsageProblem(
                f"năm {year} không hợp lệ: năm kế hoạch từ {FIRST_PLAN_YEAR} đến {LAST_PLAN_YEAR}, ví dụ 2022"
            )
        return self.inside(self.unit_dir(unit) / str(year))

    def inside(self, path: Path) -> Path:
        """`path`, refused when it leads out of the plans folder or through a link inside it."""
        from danvan_cli.files import inside

        return inside(self.plans_dir, path)

    def require_unit(self, unit: str) -> Path:
        """The unit's folder, or UnitNotFound naming the nearest unit that exists."""
        folder = self.unit_dir(unit)
        if not folder.is_dir():
            known = self.units()
            guess = difflib.get_close_matches(unit, known, n=1)
            hint = (
                f" Có phải ý bạn là '{guess[0]}'?"
                if guess
                else (f" Các đơn vị có: {', '.join(known)}." if known else "")
            )
            raise UnitNotFound(f"không có đơn vị '{unit}' trong {display_path(self.plans_dir)}.{hint}")
        return folder

    def units(self) -> list[str]:
        if not self.plans_dir.is_dir():
            return []
        return sorted(
            p.name
            for p in self.plans_dir.iterdir()
            if p.is_dir() and valid_unit_name(p.name) and present(p / UNIT_FILE)
        )

    def years(self, unit: str) -> list[int]:
        """The unit's years with anything to report: a plan, or (for a unit that answers requests without a
        plan of its own) report narratives or a progress log."""
        return self._year_folders(unit, (PLAN_FILE, REPORTS_DIR, PROGRESS_FILE))

    def plan_years(self, unit: str) -> list[int]:
        """The unit's years with a plan: those whose calendars follow one another."""
        return self._year_folders(unit, (PLAN_FILE,))

    def _year_folders(self, unit: str, holding: tuple[str, ...]) -> list[int]:
        d = self.unit_dir(unit)
        if not d.is_dir():
            return []
        return sorted(
            year
            for p in d.iterdir()
            if (year := plan_year(p.name)) is not None and p.is_dir() and any(present(p / name) for name in holding)
        )


# Folders a unit's folder may hold besides its years (its own templates, its register lock's neighbours).
UNIT_SUBFOLDERS = {"mau"}


def ignored_folders(ws: Workspace) -> list[tuple[Path, str]]:
    """Folders that hold a unit's or a year's files but that danvan does not read, with why: never silently.
    'MN-Hung-An' (a unit name must be lower case), '2023-copy' or '9999' (not a plan year)."""
    found: list[tuple[Path, str]] = []
    if not ws.plans_dir.is_dir():
        return found
    for folder in sorted(ws.plans_dir.iterdir()):
        if not folder.is_dir() or folder.is_symlink():
            continue
        if not valid_unit_name(folder.name):
            if present(folder / UNIT_FILE):
                found.append(
                    (
                        folder,
                        "tên thư mục đơn vị chỉ gồm chữ thường không dấu, số và '-'"
                        f" (ví dụ {slug(folder.name)}); danvan bỏ qua thư mục này",
                    )
                )
            continue
        for child in sorted(folder.iterdir()):
            if not child.is_dir() or child.is_symlink() or child.name in UNIT_SUBFOLDERS:
                continue
            holds = any(present(child / name) for name in (PLAN_FILE, PROGRESS_FILE, REPORTS_DIR))
            if YEAR_NAME.fullmatch(child.name) and plan_year(child.name) is None:
                found.append(
                    (
                        child,
                        f"năm {child.name} ngoài khoảng {FIRST_PLAN_YEAR}–{LAST_PLAN_YEAR}; danvan bỏ qua thư mục này",
                    )
                )
            elif not YEAR_NAME.fullmatch(child.name) and holds:
                found.append(
                    (
                        child,
                        "tên thư mục năm phải là bốn chữ số, ví dụ 2023; danvan bỏ qua thư mục này (nếu là bản sao "
                        "lưu, hãy để ngoài thư mục kế hoạch)",
                    )
                )
    return found


def valid_unit_name(name: str) -> bool:
    return bool(UNIT_NAME.fullmatch(name or "")) and name not in WINDOWS_RESERVED


def present(path: Path) -> bool:
    from danvan_cli.files import present

    return present(path)


# What a clerk's editor does to a file's name: Notepad adds .txt, Windows hides it, others capitalise.
def misnamed(path: Path) -> Path | None:
    """A file beside `path` that is most likely `path` under a name an editor gave it."""
    folder, name = path.parent, path.name
    stem = name.rsplit(".", 1)[0]
    candidates = [f"{name}.txt", f"{stem}.yml", f"{stem}.txt", f"{stem}.yml.txt", f"{name}.yaml"]
    try:
        here = {p.name: p for p in folder.iterdir()}
    except OSError:
        return None
    for candidate in candidates:
        if candidate in here:
            return here[candidate]
    lowered = {n.lower(): p for n, p in here.items()}
    return lowered.get(name.lower()) if name.lower() in lowered and name not in here else None


def misnamed_hint(path: Path) -> str:
    """' Có tệp plan.yaml.txt: …' when the file is missing but stands under an editor's name."""
    found = misnamed(path)
    if found is None:
        return ""
    why = "có lẽ Notepad đã thêm đuôi .txt" if found.name.endswith(".txt") else "tên tệp khác một chút"
    return f" Có tệp {found.name}: {why}; hãy đổi tên thành {path.name}."


def default_plans_dir() -> Path:
    return Path(os.environ.get("DANVAN_PLANS_DIR") or "plans")


# ---------------------------------------------------------------- validation messages


def _unwrap_model(annotation) -> Any:
    """The BaseModel class inside Optional[...] / list[...] / Union[...], if any."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: Any, loc: tuple) -> Any:
    """The model class that holds the key at the end of `loc`."""
    current = _unwrap_model(model.model_fields["root"].annotation) if "root" in model.model_fields else model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _unwrap_model(info.annotation) if info else None
    return current


def _data_loc(data: Any, loc: tuple) -> tuple:
    """Drop pydantic's union-member tags from an error location, keeping real keys and indexes."""
    out = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
            out.append(part)
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and not part.endswith("]")
            and part not in ("str", "int", "list", "date")
        ):
            out.append(part)  # a missing or unknown key: keep it to name it
            current = None
        else:
            current = None
    return tuple(out)


_DATE_REASONS = {
    "day value is outside expected range": "tháng này không có ngày đó",
    "month value is outside expected range": "tháng phải từ 1 đến 12",
    "input is too short": "thiếu ngày hoặc tháng",
    "invalid character in year": "năm phải có bốn chữ số",
}


def _describe(error: Any, model: Any, loc: tuple, raw_key: Any, raw_value: Any) -> str:
    """One validation error in Vietnamese: what is wrong and what is allowed. User text is echoed
    shortened, so that a message never replays a whole file (or a file a path pointed to)."""
    from danvan_cli.vnformat import number, shorten

    kind = error["type"]
    key = shorten(str(raw_key)) if loc else ""
    value = shorten(str(raw_value)) if isinstance(raw_value, (str, int, float)) else raw_value
    holder = _model_at(model, loc) if loc else model
    info = holder.model_fields.get(raw_key) if holder is not None and isinstance(raw_key, str) else None
    what = f" ({info.description})" if info and info.description else ""
    if kind in ("vn_number", "vn_date"):
        return f"{error['msg']}{what}"
    if kind == "missing":
        return f"thiếu khóa bắt buộc '{key}'{what}"
    if kind == "extra_forbidden":
        allowed = list(holder.model_fields) if holder is not None else []
        guess = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f"; có phải ý bạn là '{guess[0]}'?" if guess else ""
        listed = f"các khóa được phép: {', '.join(allowed)}"
        return f"khóa '{key}' không hợp lệ ở đây" + (f"{hint} {vn_upper_first(listed)}" if hint else f"; {listed}")
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        reason = str(error.get("ctx", {}).get("error", ""))
        reason_vi = next((vi for en, vi in _DATE_REASONS.items() if en in reason), "không đúng dạng")
        return f"ngày '{value}' không hợp lệ ({reason_vi}); viết ngày/tháng/năm (25/01/2022) hoặc năm-tháng-ngày (2022-01-25)"
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", "")).replace("' or '", "', '")
        return f"giá trị '{value}' không được phép; chỉ dùng một trong: {expected}"
    if kind == "string_pattern_mismatch":
        return f"'{value}' không đúng dạng{what}"
    if kind in ("string_too_long", "too_long"):
        most = error.get("ctx", {}).get("max_length")
        return f"'{key}' quá dài" + (f" (tối đa {most} ký tự)" if most else "") + what
    if kind in ("string_too_short", "too_short"):
        if isinstance(raw_key, int) and len(loc) >= 2:
            return f"mục thứ {raw_key + 1} của '{shorten(str(loc[-2]))}' để trống; hãy ghi nội dung hoặc xóa dòng này"
        return f"'{key}' không được để trống{what}"
    if kind == "string_type":
        if isinstance(value, list):
            return (
                f"cần một đoạn chữ, không phải danh sách{what}. Nếu muốn viết đoạn có gạch đầu dòng, "
                'hãy đặt trong ngoặc kép: - "- Nội dung"'
            )
        if isinstance(raw_value, dict):
            return (
                f"cần một đoạn chữ, không phải bảng khóa{what}. Đoạn văn kết thúc bằng dấu hai chấm, hoặc có ': ' ở "
                'giữa, phải đặt trong ngoặc kép: - "… như sau:"'
            )
        return f"cần một đoạn chữ, không phải {_kind_vi(raw_value)}{what}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"cần một số nguyên, không phải '{value}'{what}"
    if kind in ("float_parsing", "float_type"):
        return f"cần một con số (viết không có dấu ngoặc kép), không phải {_kind_vi(raw_value)}{what}"
    if kind == "list_type":
        return f"cần một danh sách (mỗi mục một dòng bắt đầu bằng '- '), không phải {_kind_vi(raw_value)}{what}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"cần một bảng khóa (các dòng dạng `khoa: giá trị`), không phải {_kind_vi(raw_value)}{what}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = " ".join(f"{ {'ge': '≥', 'le': '≤', 'gt': '>', 'lt': '<'}[k] } {number(v)}" for k, v in ctx.items())
        return f"giá trị {value} ngoài khoảng cho phép ({bound}){what}"
    if kind == "bool_parsing" or kind == "bool_type":
        return f"cần có (true) hoặc không (false), không phải '{value}'{what}"
    return f"giá trị không hợp lệ{what}: {error.get('msg', '')}"


def vn_upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kind_vi(value: Any) -> str:
    if value is None:
        return "ô trống"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return f"con số {value}"
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "bảng khóa"
    from danvan_cli.vnformat import shorten

    return f"'{shorten(value)}'"


def _value_at(data: Any, loc: tuple) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def validate(source: Source, model: type[M]) -> M:
    """The file's data as `model`, or InputError with one located problem per mistake."""
    from pydantic import ValidationError

    is_list = "root" in model.model_fields
    if is_list and not isinstance(source.data, list):
        raise InputError(
            [
                source.problem(
                    (), f"tệp cần là một danh sách (mỗi mục bắt đầu bằng '- '), không phải {_kind_vi(source.data)}"
                )
            ]
        )
    if not is_list and not isinstance(source.data, dict):
        raise InputError(
            [
                source.problem(
                    (), f"tệp cần là một bảng khóa (các dòng dạng `khoa: giá trị`), không phải {_kind_vi(source.data)}"
                )
            ]
        )
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        problems: dict[tuple, Problem] = {}
        for error in exc.errors():
            loc = _data_loc(source.data, tuple(error["loc"]))
            value = _value_at(source.data, loc)
            at_key = error["type"] == "extra_forbidden"
            key = loc[-1] if loc else ""
            if error["type"] == "missing":
                message = _describe(error, model, loc, key, value)
                problem = source.problem(loc[:-1], message)
            else:
                problem = source.problem(loc, _describe(error, model, loc, key, value), at_key=at_key)
            if loc in problems and error["type"] in ("string_type", "list_type"):
                # A Union[str, list[str]] failing both ways: say so once.
                problem = Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    f"cần một đoạn chữ hoặc một danh sách các đoạn, không phải {_kind_vi(value)}",
                )
            problems[loc] = problem
        raise InputError(list(problems.values())) from None


# ---------------------------------------------------------------- the unit and its plan


@dataclass
class LoadedPlan:
    """A unit and one of its years: the year's plan, or None for a unit that reports without a plan of its own."""

    unit_name: str
    year: int
    unit: Unit
    plan: Plan | None
    unit_source: Source
    plan_source: Source | None
    ws: Workspace
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def tasks(self) -> list:
        return self.plan.tasks if self.plan is not None else []

    def require_plan(self) -> Plan:
        """The plan, for what cannot be made without one (the Kế hoạch itself)."""
        if self.plan is None:
            path = self.year_dir / PLAN_FILE
            raise FileNotFound(
                f"{display_path(path)}: đơn vị '{self.unit_name}' chưa có kế hoạch năm {self.year}."
                f"{misnamed_hint(path) or ' Tạo kế hoạch bằng: danvan new-plan'}"
            )
        return self.plan

    @functools.cached_property
    def calendar(self) -> YearCalendar:
        """The year's reports on the calendar, starting where the plan year before ended."""
        from danvan_cli.timeline import year_calendar

        return year_calendar(self.ws, self.unit_name, self.year, self.plan)

    @property
    def unit_dir(self) -> Path:
        return self.unit_source.path.parent

    @property
    def year_dir(self) -> Path:
        return self.ws.year_dir(self.unit_name, self.year)


def _read(path: Path, what: str) -> Source:
    if not present(path):
        raise FileNotFound(f"{display_path(path)}: không tìm thấy tệp {what}.{misnamed_hint(path)}")
    try:
        return load(path)
    except OSError as exc:
        raise FileUnreadable(f"{display_path(path)}: không đọc được tệp {what} ({reason(exc)})") from None


def load_unit(ws: Workspace, unit_name: str) -> tuple[Unit, Source]:
    from danvan_cli.models import Unit

    source = _read(ws.unit_dir(unit_name) / UNIT_FILE, "thông tin đơn vị (unit.yaml)")
    unit = validate(source, Unit)
    problems = check_unit(unit, source)
    if problems:
        raise InputError(problems)
    source.warnings += signer_warnings(unit, source)
    return unit, source


# Titles that belong to one kind of document: a Party document is signed by the committee's people, a State one
# by the head of the body (NĐ 30 Điều 13; HD 36).
STATE_TITLES = ("hiệu trưởng", "phó hiệu trưởng", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc",
                "trưởng phòng", "phó trưởng phòng", "thủ trưởng")  # fmt: skip
PARTY_TITLES = ("bí thư", "phó bí thư", "ủy viên ban thường vụ", "chánh văn phòng đảng ủy")


def signer_warnings(unit: Unit, source: Source) -> list[Warning_]:
    """A signature that reads as the other kind of document's: a Chi bộ's plan signed by the Hiệu trưởng, a
    school's signed 'T/M CHI BỘ'. Possible on purpose, so a warning, never an error."""
    from danvan_cli.models import PARTY_AUTHORITIES, STATE_AUTHORITIES

    party = unit.the_thuc == "dang"
    title = unit.nguoi_ky.chuc_vu.casefold()
    lines = unit.nguoi_ky.authority
    line, col = source.position(("nguoi_ky", "chuc_vu"))
    if party and title in STATE_TITLES:
        why = f"'{unit.nguoi_ky.chuc_vu}' là chức vụ của chính quyền, nhưng văn bản dùng thể thức của Đảng (HD 36)"
    elif not party and (title in PARTY_TITLES or any(a.startswith(PARTY_AUTHORITIES) for a in lines)):
        why = f"người ký '{' / '.join([*lines, unit.nguoi_ky.chuc_vu])}' là của cấp ủy Đảng, nhưng đơn vị dùng thể thức nhà nước"
    elif party and any(a.startswith(STATE_AUTHORITIES) for a in lines):
        why = f"'{lines[0]}' là cách ghi thẩm quyền của văn bản nhà nước, nhưng đơn vị dùng thể thức của Đảng (T/M, K/T, T/L)"
    else:
        return []
    return [Warning_(source.shown, line, col, why + "; hãy kiểm tra the_thuc và nguoi_ky trong unit.yaml")]


def check_unit(unit: Unit, source: Source) -> list[Problem]:
    """What the types cannot say: terms that follow one another, figures to consolidate named once."""
    problems: list[Problem] = []
    terms = sorted(enumerate(unit.nhiem_ky), key=lambda t: t[1].tu)
    for (_, before), (i, after) in itertools.pairwise(terms):
        if before.den is not None and after.tu <= before.den:
            problems.append(
                source.problem(
                    ("nhiem_ky", i, "tu"),
                    f"nhiệm kỳ bắt đầu {typed_date(after.tu)} trùng với nhiệm kỳ trước (đến {typed_date(before.den)})",
                )
            )
    if unit.tong_hop is not None:
        names: dict[str, int] = {}
        for i, figure in enumerate(unit.tong_hop.so_lieu):
            key = " ".join(figure.ten.casefold().split())
            if key in names:
                problems.append(
                    source.problem(
                        ("tong_hop", "so_lieu", i, "ten"),
                        f"số liệu '{shorten(figure.ten)}' đã có ở mục {names[key] + 1} (khác nhau chỉ ở chữ hoa hay "
                        "dấu cách); mỗi số liệu ghi một lần",
                    )
                )
            names.setdefault(key, i)
    return problems


def check_plan(plan, source: Source, year: int) -> list[Problem]:
    """What the types cannot say: unique task ids, dates inside sense, the year of the folder."""
    problems: list[Problem] = []
    seen: dict[str, tuple] = {}
    for where, task in plan.located_tasks():
        loc = (*where, "ma")
        if task.ma in seen:
            first_line = source.position(seen[task.ma])[0]
            problems.append(
                source.problem(
                    loc,
                    f"mã nhiệm vụ '{task.ma}' bị trùng (đã dùng ở dòng {first_line}); mỗi nhiệm vụ cần một mã riêng",
                )
            )
        else:
            seen[task.ma] = loc
        if task.han and not year - 1 <= task.han.year <= year + 1:
            problems.append(
                source.problem(
                    (*where, "han"),
                    f"hạn {task.han.strftime('%d/%m/%Y')} quá xa năm kế hoạch {year}; hãy kiểm tra lại năm",
                )
            )
    if plan.ngay.year not in (year - 1, year):
        problems.append(
            source.problem(
                ("ngay",),
                f"ngày ban hành {plan.ngay.isoformat()} không thuộc năm kế hoạch {year} (hoặc cuối năm trước)",
            )
        )
    periods: dict[str, int] = {}
    for i, due in enumerate(plan.che_do_bao_cao):
        if due.ky in periods:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "ky"), f"kỳ báo cáo '{due.ky}' được khai báo hai lần; mỗi kỳ chỉ một lần"
                )
            )
        periods[due.ky] = i
        from danvan_cli.periods import label_with_year, nd09_window

        if not year - 1 <= due.han_nop.year <= year + 1:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "han_nop"), f"hạn nộp {due.han_nop.isoformat()} quá xa năm kế hoạch {year}"
                )
            )
        elif due.han_nop <= nd09_window(due.ky, year)[0]:
            problems.append(
                source.problem(
                    ("che_do_bao_cao", i, "han_nop"),
                    f"hạn nộp {typed_date(due.han_nop)} đến trước cả khi kỳ {label_with_year(due.ky, year)} bắt đầu "
                    f"(ngày {typed_date(nd09_window(due.ky, year)[0])}); hãy kiểm tra lại ngày",
                )
            )
        for key in ("tu_ngay", "den_ngay"):
            day = getattr(due, key)
            if day and not year - 1 <= day.year <= year + 1:
                problems.append(
                    source.problem(
                        ("che_do_bao_cao", i, key),
                        f"ngày {day.strftime('%d/%m/%Y')} quá xa năm kế hoạch {year}; hãy kiểm tra lại năm",
                    )
                )
        if due.tu_ngay and due.den_ngay and due.tu_ngay > due.den_ngay:
            problems.append(source.problem(("che_do_bao_cao", i, "tu_ngay"), "ngày đầu kỳ số liệu sau ngày cuối kỳ"))
    return problems


def load_plan(ws: Workspace, unit_name: str, year: int) -> LoadedPlan:
    """The unit and its plan for one year; every problem in both files at once."""
    from danvan_cli.models import Plan

    problems: list[Problem] = []
    unit: Unit | None = None
    plan: Plan | None = None
    unit_source = plan_source = None
    ws.require_unit(unit_name)
    try:
        unit, unit_source = load_unit(ws, unit_name)
    except InputError as exc:
        problems += exc.problems
    plan_path = ws.year_dir(unit_name, year) / PLAN_FILE
    if not present(plan_path) and year in ws.years(unit_name) and not misnamed_hint(plan_path):
        # a year of reports without a plan of the unit's own (answers to requests from above)
        if problems:
            raise InputError(problems)
        assert unit is not None and unit_source is not None
        return LoadedPlan(unit_name, year, unit, None, unit_source, None, ws, list(unit_source.warnings))
    if not present(plan_path):
        years = ws.plan_years(unit_name)
        hint = (
            f" Các năm có kế hoạch: {', '.join(map(str, years))}." if years else " Tạo kế hoạch bằng: danvan new-plan"
        )
        raise FileNotFound(
            f"{display_path(plan_path)}: chưa có kế hoạch năm {year} của đơn vị '{unit_name}'.{misnamed_hint(plan_path) or hint}"
        )
    try:
        plan_source = _read(plan_path, "kế hoạch (plan.yaml)")
        plan = validate(plan_source, Plan)
        problems += check_plan(plan, plan_source, year)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    assert unit is not None and plan is not None and unit_source is not None and plan_source is not None
    warnings = unit_source.warnings + plan_source.warnings
    return LoadedPlan(unit_name, year, unit, plan, unit_source, plan_source, ws, warnings)
