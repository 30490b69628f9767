"""Where things are: the plans folder's layout (docs/product.md) and the one way to turn a unit and a year into
paths inside it (`Workspace`), with the folders and misnamed files danvan does not read, said never silently.

    plans/<unit>/unit.yaml
    plans/<unit>/<year>/plan.yaml, progress.yaml, reports/<kỳ>.yaml, tinh-hinh.yaml, tu-cham.yaml, so-van-ban-di.yaml
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.errors import UnitNotChosen, UnitNotFound, ValueNotAllowed, display_path
from danvan_cli.files import inside, present
from danvan_cli.vnformat import FIRST_PLAN_YEAR, LAST_PLAN_YEAR, shorten, slug

UNIT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Names Windows keeps for devices: a folder so named cannot be opened there.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
UNIT_FILE = "unit.yaml"
PLAN_FILE = "plan.yaml"
PROGRESS_FILE = "progress.yaml"
REPORTS_DIR = "reports"
PROFILE_FILE = "tinh-hinh.yaml"
CRITERIA_FILE = "tieu-chi.yaml"  # the self-assessment's criteria, where tu-cham.yaml names no other
SELF_ASSESSMENT_FILE = "tu-cham.yaml"
REGISTER_FILE = "so-van-ban-di.yaml"
ROSTER_FILE = "don-vi.yaml"
OUTLINE_FILE = "de-cuong.yaml"  # the outline an office above sent, placed in the year folder
REGISTER_LOCK = "so-van-ban-di.lock"
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
    # Paths already checked by `inside`, in this run: a path is checked once where it is built, not on every use
    # (an office's consolidation builds each unit's paths a hundred times).
    _checked: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def unit_dir(self, unit: str) -> Path:
        if not valid_unit_name(unit):
            raise ValueNotAllowed(
                f"tên đơn vị '{shorten(repr(unit)[1:-1])}' không hợp lệ: chỉ gồm chữ thường không dấu, số và '-', "
                "ví dụ: mn-hung-an"
            )
        return self.inside(self.plans_dir / unit)

    def year_dir(self, unit: str, year: int) -> Path:
        found = self._checked.get((unit, year))
        if found is not None:
            return found
        if not FIRST_PLAN_YEAR <= year <= LAST_PLAN_YEAR:
            raise ValueNotAllowed(
                f"năm {year} không hợp lệ: năm kế hoạch từ {FIRST_PLAN_YEAR} đến {LAST_PLAN_YEAR}, ví dụ 2022"
            )
        found = self._checked[(unit, year)] = self.inside(self.unit_dir(unit) / str(year))
        return found

    # Every file of a unit and its years, by what it is (docs/product.md's layout, in one place).

    def unit_file(self, unit: str) -> Path:
        return self.unit_dir(unit) / UNIT_FILE

    def roster_file(self, office: str) -> Path:
        """An office's roster: the units that report to it (danh sách đơn vị)."""
        return self.unit_dir(office) / ROSTER_FILE

    def register_lock(self, unit: str) -> Path:
        """One lock per unit: a Party unit numbers across years, so two years' registers are taken together."""
        return self.unit_dir(unit) / REGISTER_LOCK

    def plan_file(self, unit: str, year: int) -> Path:
        return self.year_dir(unit, year) / PLAN_FILE

    def progress_file(self, unit: str, year: int) -> Path:
        return self.year_dir(unit, year) / PROGRESS_FILE

    def reports_dir(self, unit: str, year: int) -> Path:
        return self.inside(self.year_dir(unit, year) / REPORTS_DIR)

    def narrative_file(self, unit: str, year: int, period: str) -> Path:
        """reports/<kỳ>.yaml: one report's own words (reports/ must not be a link either)."""
        return self.inside(self.reports_dir(unit, year) / f"{period}.yaml")

    def profile_file(self, unit: str, year: int) -> Path:
        return self.year_dir(unit, year) / PROFILE_FILE

    def self_assessment_file(self, unit: str, year: int) -> Path:
        return self.year_dir(unit, year) / SELF_ASSESSMENT_FILE

    def outline_file(self, unit: str, year: int, period: str | None = None) -> Path:
        """de-cuong-<kỳ>.yaml for one period's report where it is there, else de-cuong.yaml (any period)."""
        if period is not None:
            own = self.year_dir(unit, year) / OUTLINE_FILE.replace(".yaml", f"-{period}.yaml")
            if own.exists() or own.is_symlink():
                return own
        return self.year_dir(unit, year) / OUTLINE_FILE

    def register_file(self, unit: str, year: int) -> Path:
        return self.year_dir(unit, year) / REGISTER_FILE

    def inside(self, path: Path) -> Path:
        """`path`, refused when it leads out of the plans folder or through a link inside it."""

        found = self._checked.get(path)
        if found is None:
            verified = path.parent if path.parent in self._checked else None  # then only the last step is new
            found = self._checked[path] = inside(self.plans_dir, path, verified)
        return found

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

    def pick_unit(self, unit: str | None) -> str:
        """The unit a command is for: the one named, else the only one with a plan (an office above may have
        none of its own), else the only one; several (or none) are a question for the user."""
        if unit:
            return unit
        units = [u for u in self.units() if self.years(u)] or self.units()
        if len(units) == 1:
            return units[0]
        if not units:
            raise UnitNotChosen(
                f"chưa có đơn vị nào trong {display_path(self.plans_dir)}; tạo bằng: danvan new-plan --unit <ten-don-vi>"
            )
        raise UnitNotChosen(f"có nhiều đơn vị, hãy chọn một: {', '.join(units)}", "don_vi")

    def pick_year(self, unit: str, year: int | None) -> int:
        """The year a command is for: the one named (a year no plan can have is the command line's mistake),
        else the unit's latest year with anything to report."""
        self.require_unit(unit)
        if year is not None:
            self.year_dir(unit, year)
            return year
        years = self.years(unit)
        if not years:
            raise ValueNotAllowed(f"đơn vị '{unit}' chưa có kế hoạch năm nào; tạo bằng: danvan new-plan --unit {unit}")
        return years[-1]

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

    def score_years(self, unit: str) -> list[int]:
        """The unit's years with a self-assessment (tu-cham.yaml), with or without a plan."""
        return self._year_folders(unit, (SELF_ASSESSMENT_FILE,))

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
