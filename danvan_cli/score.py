"""Year-end self-assessment (chấm điểm, xếp loại) against a province's criteria, which are data.

plans/<unit>/<year>/tu-cham.yaml holds the unit's scores and names its criteria file (by default
tieu-chi.yaml beside it; a shared one may be pointed to). Everything that would make the arithmetic
wrong is refused with its place: a score above its maximum, a criterion scored twice or unknown,
maxima that do not add up to the total, bands with gaps or overlaps, a cited progress entry that
does not exist.
"""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_cli.errors import FileNotFound, InputError, Problem, display_path
from danvan_cli.loading import validate
from danvan_cli.vnformat import json_value, number

if TYPE_CHECKING:
    from danvan_cli.loading import LoadedPlan
    from danvan_cli.models import Criteria, Score
    from danvan_cli.vnformat import Number

SELF_FILE = "tu-cham.yaml"


def _points(value) -> str:
    return number(value)


def check_criteria(criteria, source) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, tuple] = {}
    total = 0.0
    for gi, group in enumerate(criteria.nhom):
        for ci, c in enumerate(group.tieu_chi):
            loc = ("nhom", gi, "tieu_chi", ci, "ma")
            if c.ma in seen:
                problems.append(
                    source.problem(
                        loc, f"mã tiêu chí '{c.ma}' bị trùng (đã có ở dòng {source.position(seen[c.ma])[0]})"
                    )
                )
            seen[c.ma] = loc
            total += c.diem_toi_da
    if abs(total - criteria.tong_diem) > 1e-9:
        problems.append(
            source.problem(
                ("tong_diem",),
                f"các điểm tối đa cộng lại được {_points(total)}, khác tổng điểm {_points(criteria.tong_diem)}",
            )
        )
    bands = sorted(enumerate(criteria.xep_loai), key=lambda ib: ib[1].tu)
    for i, band in bands:
        if band.den <= band.tu:
            problems.append(
                source.problem(
                    ("xep_loai", i, "den"),
                    f"mức '{band.nhan}': 'den' ({_points(band.den)}) phải lớn hơn 'tu' ({_points(band.tu)})",
                )
            )
    if bands and bands[0][1].tu != 0:
        i, band = bands[0]
        problems.append(
            source.problem(
                ("xep_loai", i, "tu"),
                f"các mức xếp loại phải bắt đầu từ 0 điểm; mức thấp nhất '{band.nhan}' bắt đầu từ {_points(band.tu)}",
            )
        )
    if bands and bands[-1][1].den != criteria.tong_diem:
        i, band = bands[-1]
        problems.append(
            source.problem(
                ("xep_loai", i, "den"),
                f"mức cao nhất '{band.nhan}' phải đến {_points(criteria.tong_diem)} điểm, không phải {_points(band.den)}",
            )
        )
    for (_, low), (j, high) in itertools.pairwise(bands):
        if high.tu > low.den:
            problems.append(
                source.problem(
                    ("xep_loai", j, "tu"),
                    f"các mức xếp loại để hở từ {_points(low.den)} đến {_points(high.tu)} điểm (giữa '{low.nhan}' và '{high.nhan}')",
                )
            )
        elif high.tu < low.den:
            problems.append(
                source.problem(
                    ("xep_loai", j, "tu"),
                    f"mức '{high.nhan}' (từ {_points(high.tu)}) chồng lên mức '{low.nhan}' (đến dưới {_points(low.den)})",
                )
            )
    return problems


def band_of(criteria, points: Number) -> str | None:
    for band in criteria.xep_loai:
        top = band.den == criteria.tong_diem
        if band.tu <= points < band.den or (top and points == band.den):
            return band.nhan
    return None


@dataclass
class Assessment:
    criteria: Criteria
    scores: dict[str, Score]  # criterion id → own or the level above's score
    criteria_path: Path

    def group_rows(self):
        for group in self.criteria.nhom:
            rows = [(c, self.scores.get(c.ma)) for c in group.tieu_chi]
            yield group, rows, sum(c.diem_toi_da for c in group.tieu_chi), sum(s.diem for _, s in rows if s)

    @property
    def total(self) -> Number:
        return sum(s.diem for s in self.scores.values())

    @property
    def unscored(self) -> Number:
        """Points of criteria nobody has scored yet (typically the level above's part)."""
        return sum(c.diem_toi_da for g in self.criteria.nhom for c in g.tieu_chi if c.ma not in self.scores)

    @property
    def band(self) -> str | None:
        return band_of(self.criteria, self.total) if not self.unscored else None

    @property
    def band_range(self) -> tuple[str | None, str | None]:
        """The band with the points so far, and with every unscored criterion at its maximum."""
        return band_of(self.criteria, self.total), band_of(self.criteria, self.total + self.unscored)


def criteria_file(loaded: LoadedPlan, written: str, source) -> Path:
    """The criteria file tu-cham.yaml names: a path from the year's folder that stays inside the plans folder
    (a province's criteria may be shared there) and passes through no link. Checked before anything is read,
    so that no file elsewhere is ever opened or shown."""
    from danvan_cli.files import UnsafePath, present

    path = loaded.year_dir / written
    if Path(written).is_absolute() or ":" in written:
        raise InputError(
            [
                source.problem(
                    ("tieu_chi",), "tệp bộ tiêu chí phải là đường dẫn tính từ thư mục năm, ví dụ tieu-chi.yaml"
                )
            ]
        )
    try:
        loaded.ws.inside(path)
    except UnsafePath:
        raise InputError(
            [
                source.problem(
                    ("tieu_chi",),
                    "tệp bộ tiêu chí phải nằm trong thư mục kế hoạch (của đơn vị, hoặc thư mục dùng chung trong đó) "
                    "và không qua liên kết",
                )
            ]
        ) from None
    if not present(path):
        raise InputError([source.problem(("tieu_chi",), f"không tìm thấy tệp bộ tiêu chí {display_path(path)}")])
    return path


def load_assessment(loaded: LoadedPlan, log) -> Assessment:
    from danvan_cli.files import present
    from danvan_cli.models import Criteria, SelfAssessment
    from danvan_cli.yamlsource import load

    self_path = loaded.year_dir / SELF_FILE
    if not present(self_path):
        from danvan_cli.loading import misnamed_hint

        raise FileNotFound(
            f"{display_path(self_path)}: chưa có bảng tự chấm điểm của năm này."
            + (
                misnamed_hint(self_path)
                or " Tạo tệp theo mẫu tu-cham.yaml của năm trước (khóa tieu_chi: tệp bộ tiêu chí; diem: mỗi tiêu chí "
                "một mục ma, diem, minh_chung)"
            )
        )
    self_source = load(self_path)
    assessment = validate(self_source, SelfAssessment)
    criteria_path = criteria_file(loaded, assessment.tieu_chi, self_source)
    criteria_source = load(criteria_path)
    criteria = validate(criteria_source, Criteria)
    problems = check_criteria(criteria, criteria_source)
    if problems:
        raise InputError(problems)

    groups = {c.ma: g for g in criteria.nhom for c in g.tieu_chi}
    maxima = {c.ma: c.diem_toi_da for g in criteria.nhom for c in g.tieu_chi}
    known_entries = {f"{e.nhiem_vu}@{e.ngay.isoformat()}" for e in log.entries}
    scores: dict[str, Score] = {}
    where: dict[str, tuple] = {}
    for part, own in (("diem", True), ("cap_tren", False)):
        for i, score in enumerate(getattr(assessment, part)):
            loc = (part, i)
            if score.ma not in maxima:
                close = difflib.get_close_matches(score.ma, list(maxima), n=3)
                hint = f"; có phải: {', '.join(close)}?" if close else ""
                problems.append(self_source.problem(loc + ("ma",), f"bộ tiêu chí không có tiêu chí '{score.ma}'{hint}"))
                continue
            if score.ma in where:
                problems.append(
                    self_source.problem(
                        loc + ("ma",),
                        f"tiêu chí '{score.ma}' đã được chấm ở dòng {self_source.position(where[score.ma])[0]}; mỗi tiêu chí chỉ chấm một lần",
                    )
                )
                continue
            if score.diem > maxima[score.ma]:
                problems.append(
                    self_source.problem(
                        loc + ("diem",),
                        f"tiêu chí '{score.ma}' chấm {_points(score.diem)} điểm, quá điểm tối đa {_points(maxima[score.ma])}",
                    )
                )
            if own and groups[score.ma].cap_tren_cham:
                problems.append(
                    self_source.problem(
                        loc + ("ma",),
                        f"tiêu chí '{score.ma}' thuộc nhóm do cấp trên chấm; ghi điểm này trong phần cap_tren",
                    )
                )
            for j, ref in enumerate(score.tien_do):
                if ref not in known_entries:
                    problems.append(
                        self_source.problem(
                            loc + ("tien_do", j),
                            f"nhật ký tiến độ không có mục '{ref}' (dạng đúng: <mã nhiệm vụ>@<YYYY-MM-DD>)",
                        )
                    )
            where[score.ma] = loc + ("ma",)
            scores[score.ma] = score
    if problems:
        raise InputError(problems)
    return Assessment(criteria, scores, criteria_path)


def table_rows(a: Assessment) -> list[dict]:
    """Rows of the score table (groups, their criteria, the total), as text, for the terminal and the report's appendix."""
    rows = []
    for group, criteria, maximum, got in a.group_rows():
        upper = " (cấp trên chấm)" if group.cap_tren_cham else ""
        rows.append(
            {
                "ma": group.ma,
                "ten": f"{group.ten}{upper}",
                "toi_da": _points(maximum),
                "diem": _points(got),
                "nhom": True,
            }
        )
        for c, s in criteria:
            rows.append(
                {
                    "ma": c.ma,
                    "ten": c.ten,
                    "toi_da": _points(c.diem_toi_da),
                    "diem": _points(s.diem) if s else "–",
                    "nhom": False,
                }
            )
    rows.append(
        {"ma": "", "ten": "TỔNG CỘNG", "toi_da": _points(a.criteria.tong_diem), "diem": _points(a.total), "nhom": True}
    )
    return rows


def band_text(a: Assessment) -> str:
    if a.band:
        return f"Tổng điểm {_points(a.total)}/{_points(a.criteria.tong_diem)}; xếp loại: {a.band}."
    low, high = a.band_range
    span = low if low == high else f"từ {low} đến {high}"
    return f"Tổng điểm tự chấm {_points(a.total)}; còn {_points(a.unscored)} điểm do cấp trên chấm; xếp loại dự kiến {span}."


def to_json(a: Assessment) -> str:
    import json

    return json.dumps(
        {"rows": table_rows(a), "total": a.total, "unscored": a.unscored, "band": a.band, "summary": band_text(a)},
        ensure_ascii=False,
        indent=2,
        default=json_value,
    )


def print_table(a: Assessment, whose: str, file=None) -> None:
    """`danvan score`: a Rich table on a terminal, the same without colours otherwise."""
    import sys

    from rich.console import Console
    from rich.markup import escape  # user text is never Rich markup
    from rich.table import Table

    out = file or sys.stdout
    console = Console(file=out, width=None if out.isatty() else 120, highlight=False)
    table = Table(title=escape(f"{a.criteria.ten} — {whose}"))
    for name, kw in (
        ("Mã", {}),
        ("Tiêu chí", {"max_width": 70}),
        ("Tối đa", {"justify": "right"}),
        ("Điểm", {"justify": "right"}),
    ):
        table.add_column(name, **kw)
    for r in table_rows(a):
        table.add_row(escape(r["ma"]), escape(r["ten"]), r["toi_da"], r["diem"], style="bold" if r["nhom"] else None)
    console.print(table)
    console.print(escape(band_text(a)))
