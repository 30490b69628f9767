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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from danvan_cli.errors import FileNotFound, InputError, Problem, display_path
from danvan_cli.validation import validate
from danvan_cli.vnformat import json_value, number

if TYPE_CHECKING:
    from danvan_cli.loading import LoadedPlan
    from danvan_cli.models import Criteria, Score
    from danvan_cli.vnformat import Number


def _points(value) -> str:
    return number(value)


def check_criteria(criteria, source) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, tuple] = {}
    total: Number = 0
    for gi, group in enumerate(criteria.groups):
        for ci, c in enumerate(group.tieu_chi):
            loc = ("tieu_chi", ci, "ma") if criteria.flat else ("nhom", gi, "tieu_chi", ci, "ma")
            if c.ma in seen:
                problems.append(
                    source.problem(
                        loc, f"mã tiêu chí '{c.ma}' bị trùng (đã có ở dòng {source.position(seen[c.ma])[0]})"
                    )
                )
            seen[c.ma] = loc
            total += c.diem_toi_da
    if total != criteria.tong_diem:
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


NOT_RATED = "Không đủ điều kiện xếp loại"


@dataclass
class Assessment:
    """A unit's scores against its criteria: its own, and the level above's (for the criteria only it scores, and
    the unit's criteria it appraised again). A criterion counts at its appraised score where there is one."""

    criteria: Criteria
    own: dict[str, Score]  # criterion id → the unit's score
    above: dict[str, Score]  # criterion id → the level above's score (its own criteria, or an appraisal)
    criteria_path: Path
    not_rated: str | None = None  # why the unit cannot be rated, whatever its points
    warnings: list = field(default_factory=list)  # a sample's criteria in use

    @property
    def scores(self) -> dict[str, Score]:
        return {**self.own, **self.above}

    @property
    def appraised(self) -> bool:
        """Whether the level above re-scored any criterion the unit scored (a second column is then shown)."""
        return any(ma in self.own for ma in self.above)

    def group_rows(self):
        for group in self.criteria.groups:
            rows = [(c, self.own.get(c.ma), self.scores.get(c.ma)) for c in group.tieu_chi]
            yield (
                group,
                rows,
                sum(c.diem_toi_da for c in group.tieu_chi),
                sum(s.diem or 0 for _, s, _ in rows if s),
                sum(s.diem or 0 for _, _, s in rows if s),
            )

    @property
    def own_total(self) -> Number:
        """The unit's own points, with the level above's where it scores alone."""
        return sum(s.diem or 0 for ma, s in self.scores.items() if ma not in self.own) + sum(
            s.diem or 0 for s in self.own.values()
        )

    @property
    def total(self) -> Number:
        return sum(s.diem or 0 for s in self.scores.values())

    @property
    def unscored(self) -> Number:
        """Points of criteria nobody has scored yet (typically the level above's part)."""
        return sum(c.diem_toi_da for g in self.criteria.groups for c in g.tieu_chi if c.ma not in self.scores)

    @property
    def band(self) -> str | None:
        if self.not_rated:
            return NOT_RATED
        return band_of(self.criteria, self.total) if not self.unscored else None

    @property
    def band_range(self) -> tuple[str | None, str | None]:
        """The band with the points so far, and with every unscored criterion at its maximum."""
        return band_of(self.criteria, self.total), band_of(self.criteria, self.total + self.unscored)


def criteria_file(loaded: LoadedPlan, written: str, source) -> Path:
    """The criteria file tu-cham.yaml names: a path from the year's folder that stays inside the plans folder
    (a province's criteria may be shared there) and passes through no link. Checked before anything is read,
    so that no file elsewhere is ever opened or shown."""
    from danvan_cli.errors import UnsafePath
    from danvan_cli.files import present

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

    self_path = loaded.self_assessment_file
    if not present(self_path):
        from danvan_cli.workspace import misnamed_hint

        raise FileNotFound(
            f"{display_path(self_path)}: chưa có bảng tự chấm điểm của năm này."
            + (
                misnamed_hint(self_path)
                or " Tạo bằng: danvan score --tao (từ bộ tiêu chí đơn vị được giao: tieu-chi.yaml trong thư mục năm, "
                "hoặc --tieu-chi <tệp>; chưa có thì từ một bộ tiêu chí mẫu)"
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

    groups = {c.ma: g for g in criteria.groups for c in g.tieu_chi}
    maxima = {c.ma: c.diem_toi_da for g in criteria.groups for c in g.tieu_chi}
    known_entries = {f"{e.nhiem_vu}@{e.ngay.isoformat()}" for e in log.entries}
    scored: dict[bool, dict[str, Score]] = {True: {}, False: {}}
    for part, own in (("diem", True), ("cap_tren", False)):
        where: dict[str, tuple] = {}
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
                        f"tiêu chí '{score.ma}' đã được chấm ở dòng {self_source.position(where[score.ma])[0]}; mỗi tiêu chí "
                        "chỉ chấm một lần trong mỗi phần (diem của đơn vị, cap_tren của cấp trên)",
                    )
                )
                continue
            if score.diem is None:  # listed, not scored yet (as `score --tao` writes every criterion)
                where[score.ma] = loc + ("ma",)
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
            scored[own][score.ma] = score
    if problems:
        raise InputError(problems)
    return Assessment(
        criteria,
        scored[True],
        scored[False],
        criteria_path,
        assessment.khong_xep_loai,
        sample_warnings(criteria, criteria_source),
    )


def sample_warnings(criteria: Criteria, source) -> list:
    """A sample's criteria in use (vi_du: true): the yearly report's Phụ lục would print its name and basis as the
    unit's ("… của UBND tỉnh Hưng Yên" in another province's commune)."""
    from danvan_cli.errors import Warning_

    if not criteria.vi_du:
        return []
    line, col = source.position(("vi_du",))
    basis = f" ({criteria.can_cu})" if criteria.can_cu else ""
    return [
        Warning_(
            source.shown,
            line,
            col,
            f"bộ tiêu chí còn là mẫu (vi_du: true): Phụ lục của báo cáo năm sẽ in “Theo {criteria.ten}{basis}” như "
            "của đơn vị. Hãy thay bằng nhóm, tiêu chí, điểm, mức xếp loại và căn cứ của bộ tiêu chí đơn vị được giao, "
            "rồi xóa dòng vi_du",
        )
    ]


# ---------------------------------------------------------------- score --tao: the self-assessment file, to fill


def write_self_assessment(loaded: LoadedPlan, criteria_given: Path | None = None) -> tuple[list[Path], list[str]]:
    """tu-cham.yaml for the year, listing every criterion the unit scores (its points blank, to fill) from the
    criteria the unit is given: `criteria_given` (copied into the year folder as tieu-chi.yaml), else the year
    folder's tieu-chi.yaml, else danvan's neutral sample (written there, marked vi_du). The files written, and notes.
    A tu-cham.yaml already there is never replaced."""
    from danvan_cli.errors import AlreadyThere, ScoresExist
    from danvan_cli.files import present, read_bytes, write_atomic, write_text_atomic
    from danvan_cli.models import Criteria
    from danvan_cli.workspace import CRITERIA_FILE
    from danvan_cli.yamlsource import load, parse_text

    target = loaded.self_assessment_file
    if present(target):
        raise ScoresExist(f"{display_path(target)}: đã có bảng tự chấm điểm của năm này; không ghi đè")
    written: list[Path] = []
    notes: list[str] = []
    criteria_path = loaded.year_dir / CRITERIA_FILE
    if criteria_given is not None:
        criteria = validate(load(criteria_given), Criteria)
        data = read_bytes(criteria_given)
        if present(criteria_path) and read_bytes(criteria_path) != data:
            raise ScoresExist(
                f"{display_path(criteria_path)}: năm này đã có bộ tiêu chí khác {display_path(criteria_given)}; "
                "không ghi đè. Hãy bỏ --tieu-chi, hoặc dời tệp cũ đi"
            )
        if not present(criteria_path):
            write_atomic(criteria_path, data, root=loaded.ws.plans_dir)
            written.append(criteria_path)
    elif present(criteria_path):
        criteria = validate(load(criteria_path), Criteria)
    else:
        from danvan_cli.scaffold import BUILTIN

        text = (BUILTIN / CRITERIA_FILE).read_text(encoding="utf-8")
        write_text_atomic(criteria_path, text, root=loaded.ws.plans_dir)
        written.append(criteria_path)
        criteria = validate(parse_text(criteria_path, text), Criteria)
        notes.append(
            f"Chưa có bộ tiêu chí: đã ghi {display_path(criteria_path)} là bộ tiêu chí MẪU (không của tỉnh nào). Hãy "
            "chép tiêu chí của văn bản đơn vị được giao vào đó (hoặc: danvan score --tao --tieu-chi <tệp>), rồi xóa "
            "dòng vi_du."
        )
    problems = check_criteria(criteria, load(criteria_path))
    if problems:
        raise InputError(problems)
    text = _self_assessment_text(loaded, criteria)
    try:
        write_text_atomic(target, text, root=loaded.ws.plans_dir, new_only=True)
    except AlreadyThere:
        raise ScoresExist(f"{display_path(target)}: một lệnh khác vừa tạo bảng tự chấm; không ghi đè") from None
    written.append(target)
    return written, notes


def _self_assessment_text(loaded: LoadedPlan, criteria: Criteria) -> str:
    from danvan_cli.yamlsource import quote

    lines = [
        f"# Bảng tự chấm điểm năm {loaded.year} của {loaded.unit.name}, tạo bởi danvan score --tao từ bộ tiêu chí",
        f"# “{criteria.ten}”. Điền điểm (diem) và minh chứng cho từng tiêu chí; bỏ trống là chưa chấm. Minh chứng có",
        "# thể dẫn các mục của nhật ký tiến độ: tien_do: [<mã nhiệm vụ>@<YYYY-MM-DD>].",
        "# Tệp bộ tiêu chí (đường dẫn tính từ thư mục này).",
        "tieu_chi: tieu-chi.yaml",
        "# Điểm đơn vị tự chấm, mỗi tiêu chí một mục.",
        "diem:",
    ]
    above = []
    for group in criteria.groups:
        for c in group.tieu_chi:
            if group.cap_tren_cham:
                above.append(c)
                continue
            lines += [
                f"  # {c.ma}. {c.ten} (tối đa {_points(c.diem_toi_da)} điểm)",
                f"  - ma: {quote(c.ma)}",
                "    diem:",
                "    minh_chung: []",
            ]
    lines.append("# Điểm cấp trên chấm (ghi khi đã có kết quả), mỗi tiêu chí một mục: ma, diem.")
    lines += [f"#   {c.ma}. {c.ten} (tối đa {_points(c.diem_toi_da)} điểm)" for c in above]
    lines.append("cap_tren: []")
    return "\n".join(lines) + "\n"


def table_rows(a: Assessment) -> list[dict]:
    """Rows of the score table (groups, their criteria, the total), as text, for the terminal and the report's
    appendix: the unit's score, and the level above's appraisal where it re-scored."""
    rows = []
    for group, criteria, maximum, own, final in a.group_rows():
        if not a.criteria.flat:
            upper = " (cấp trên chấm)" if group.cap_tren_cham else ""
            rows.append(
                {
                    "ma": group.ma,
                    "ten": f"{group.ten}{upper}",
                    "toi_da": _points(maximum),
                    "diem": _points(own if not group.cap_tren_cham else final),
                    "tham_dinh": _points(final) if a.appraised else "",
                    "nhom": True,
                }
            )
        for c, mine, counted in criteria:
            rows.append(
                {
                    "ma": c.ma,
                    "ten": c.ten,
                    "toi_da": _points(c.diem_toi_da),
                    "diem": _points((mine or counted).diem) if (mine or counted) else "–",
                    "tham_dinh": (_points(counted.diem) if counted else "–") if a.appraised else "",
                    "nhom": False,
                }
            )
    rows.append(
        {
            "ma": "",
            "ten": "TỔNG CỘNG",
            "toi_da": _points(a.criteria.tong_diem),
            "diem": _points(a.own_total),
            "tham_dinh": _points(a.total) if a.appraised else "",
            "nhom": True,
        }
    )
    return rows


def band_text(a: Assessment) -> str:
    points = f"Tổng điểm tự chấm {_points(a.own_total)}" + (
        f", điểm thẩm định {_points(a.total)}" if a.appraised else ""
    )
    if a.not_rated:
        return f"{points}/{_points(a.criteria.tong_diem)}; {NOT_RATED.lower()}: {a.not_rated.rstrip('.')}."
    if a.band:
        return f"{points}/{_points(a.criteria.tong_diem)}; xếp loại: {a.band}."
    low, high = a.band_range
    span = low if low == high else f"từ {low} đến {high}"
    return f"{points}; còn {_points(a.unscored)} điểm do cấp trên chấm; xếp loại dự kiến {span}."


def to_json(a: Assessment) -> str:
    import json

    return json.dumps(
        {
            "rows": table_rows(a),
            "own_total": a.own_total,
            "total": a.total,
            "appraised": a.appraised,
            "unscored": a.unscored,
            "band": a.band,
            "not_rated": a.not_rated,
            "summary": band_text(a),
        },
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
    columns: list[tuple[str, dict]] = [
        ("Mã", {}),
        ("Tiêu chí", {"max_width": 70}),
        ("Tối đa", {"justify": "right"}),
        ("Tự chấm", {"justify": "right"}),
    ]
    if a.appraised:
        columns.append(("Thẩm định", {"justify": "right"}))
    for name, kw in columns:
        table.add_column(name, **kw)
    for r in table_rows(a):
        cells = [escape(r["ma"]), escape(r["ten"]), r["toi_da"], r["diem"]] + ([r["tham_dinh"]] if a.appraised else [])
        table.add_row(*cells, style="bold" if r["nhom"] else None)
    console.print(table)
    console.print(escape(band_text(a)))


# ---------------------------------------------------------------- the office above: every unit's scores


@dataclass
class UnitScore:
    """One unit's assessment as the office above sees it: its own total, the appraised total, its band."""

    unit: str
    name: str
    own_total: Number | None = None
    total: Number | None = None
    appraised: bool = False
    band: str | None = None  # None: not final yet (the level above has criteria still to score)
    not_rated: str | None = None
    problem: str | None = None  # no self-assessment, or one that does not read


def unit_score(loaded: LoadedPlan, log) -> UnitScore:
    """The unit's scores, or why there are none (a missing tu-cham.yaml is 'chưa tự chấm', not an error)."""
    from danvan_cli.errors import DanvanError
    from danvan_cli.files import present

    result = UnitScore(loaded.unit_name, loaded.unit.name)
    if not present(loaded.self_assessment_file):
        result.problem = "chưa tự chấm"
        return result
    try:
        a = load_assessment(loaded, log)
    except DanvanError as exc:
        result.problem = f"bảng tự chấm có lỗi ({exc.lines()[0]})"
        return result
    result.own_total, result.total, result.appraised = a.own_total, a.total, a.appraised
    result.band, result.not_rated = a.band, a.not_rated
    return result


def band_counts(scores: list[UnitScore]) -> dict[str, int]:
    """How many units in each band, in the order first met; those without a band under their reason."""
    counts: dict[str, int] = {}
    for s in scores:
        key = s.band or ("chưa xếp loại" if s.problem is None else s.problem.split(" (")[0])
        counts[key] = counts.get(key, 0) + 1
    return counts


def units_json(scores: list[UnitScore]) -> str:
    import json

    return json.dumps(
        {
            "units": [
                {
                    "unit": s.unit,
                    "name": s.name,
                    "own_total": s.own_total,
                    "total": s.total,
                    "appraised": s.appraised,
                    "band": s.band,
                    "not_rated": s.not_rated,
                    "problem": s.problem,
                }
                for s in scores
            ],
            "bands": band_counts(scores),
        },
        ensure_ascii=False,
        indent=2,
        default=json_value,
    )


def units_rows(scores: list[UnitScore]) -> list[dict]:
    """Rows of the table of every unit's scores, as text."""
    return [
        {
            "tt": str(i),
            "don_vi": s.name,
            "tu_cham": _points(s.own_total) if s.own_total is not None else "",
            "tham_dinh": _points(s.total) if s.appraised and s.total is not None else "",
            "xep_loai": s.band or s.problem or "chưa đủ điểm cấp trên chấm",
        }
        for i, s in enumerate(scores, start=1)
    ]


def counts_text(scores: list[UnitScore]) -> str:
    return "Số đơn vị theo mức xếp loại: " + "; ".join(f"{band}: {n}" for band, n in band_counts(scores).items()) + "."


def print_units(scores: list[UnitScore], title: str, file=None) -> None:
    import sys

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    out = file or sys.stdout
    console = Console(file=out, width=None if out.isatty() else 120, highlight=False)
    table = Table(title=escape(title))
    table.add_column("TT", justify="right")
    table.add_column("Đơn vị")
    table.add_column("Tự chấm", justify="right")
    table.add_column("Thẩm định", justify="right")
    table.add_column("Xếp loại")
    for r in units_rows(scores):
        table.add_row(r["tt"], escape(r["don_vi"]), r["tu_cham"], r["tham_dinh"], escape(r["xep_loai"]))
    console.print(table)
    console.print(escape(counts_text(scores)))
