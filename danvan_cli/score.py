"""Year-end self-assessment (chấm điểm, xếp loại) against a province's criteria, which are data.

plans/<unit>/<year>/tu-cham.yaml holds the unit's scores and names its criteria file (by default
tieu-chi.yaml beside it; a shared one may be pointed to). Everything that would make the arithmetic
wrong is refused with its place: a score above its maximum, a criterion scored twice or unknown,
maxima that do not add up to the total, bands with gaps or overlaps, a cited progress entry that
does not exist."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from danvan_cli.criteria import (
    NO_BANDS,
    NOT_RATED,
    _points,
    band_of,
    check_criteria,
    criteria_citation,
    criteria_file,
    in_force_warnings,
    sample_warnings,
)
from danvan_cli.errors import (
    AlreadyThere,
    FileNotFound,
    InputError,
    Note,
    ScoresExist,
    display_path,
)
from danvan_cli.files import present, read_bytes, write_atomic, write_text_atomic
from danvan_cli.loading import LoadedPlan, load_plan
from danvan_cli.models import Criteria, Score, SelfAssessment
from danvan_cli.scaffold import BUILTIN
from danvan_cli.timeline import chosen_year
from danvan_cli.validation import validate
from danvan_cli.vnformat import Number, json_value
from danvan_cli.workspace import CRITERIA_FILE, misnamed_hint
from danvan_cli.yamlsource import load, parse_text, quote


@dataclass
class Assessment:
    """A unit's scores against its criteria, kept apart: the unit's own (on the criteria it scores) and the level
    above's (on its own criteria, and on the unit's criteria it appraised again). Once the level above has given
    any points, its total is the appraised total: each criterion at the level above's score where it gave one, at
    the unit's where it accepted it; the band follows it."""

    criteria: Criteria
    own: dict[str, Score]  # criterion id → the unit's score
    above: dict[str, Score]  # criterion id → the level above's score (its own criteria, or an appraisal)
    criteria_path: Path
    not_rated: str | None = None  # why the unit cannot be rated, whatever its points
    warnings: list = field(default_factory=list)  # a sample's criteria in use, criteria not in force

    @property
    def scores(self) -> dict[str, Score]:
        """Every criterion as it counts: the level above's score where it gave one, else the unit's."""
        return {**self.own, **self.above}

    @property
    def appraised(self) -> bool:
        """Whether the level above has given any points: its total is then shown beside the unit's."""
        return bool(self.above)

    def group_rows(self):
        """Each group with its rows (criterion, the unit's score, the score that counts), its maximum, the unit's
        points and the points that count."""
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
    def self_maximum(self) -> Number:
        """The points of the criteria the unit scores itself (the total less the level above's own criteria)."""
        return sum(c.diem_toi_da for g in self.criteria.groups if not g.cap_tren_cham for c in g.tieu_chi)

    @property
    def own_total(self) -> Number:
        """The self total: the points the unit gave itself, on the criteria it scores; never the level above's."""
        return sum(s.diem or 0 for s in self.own.values())

    @property
    def total(self) -> Number:
        """The total that counts: the appraised total once the level above has given points, else the unit's."""
        return sum(s.diem or 0 for s in self.scores.values())

    @property
    def appraised_total(self) -> Number | None:
        return self.total if self.appraised else None

    def _unscored(self, by_above: bool) -> Number:
        return sum(
            c.diem_toi_da
            for g in self.criteria.groups
            if g.cap_tren_cham == by_above
            for c in g.tieu_chi
            if c.ma not in self.scores
        )

    @property
    def unscored(self) -> Number:
        """Points of criteria nobody has scored yet (typically the level above's part)."""
        return self._unscored(False) + self._unscored(True)

    @property
    def band(self) -> str | None:
        """The band, by the total that counts; None while points are missing, or where the criteria set no bands."""
        if self.not_rated:
            return NOT_RATED
        if not self.criteria.xep_loai or self.unscored:
            return None
        return band_of(self.criteria, self.total)

    @property
    def band_range(self) -> tuple[str | None, str | None]:
        """The band with the points so far, and with every unscored criterion at its maximum."""
        return band_of(self.criteria, self.total), band_of(self.criteria, self.total + self.unscored)

    @property
    def pending(self) -> str | None:
        """Why there is no band yet (None when there is one, or the unit is not rated)."""
        if self.not_rated or self.band:
            return None
        missing = []
        if self._unscored(False):
            missing.append(f"còn {_points(self._unscored(False))} điểm đơn vị chưa tự chấm")
        if self._unscored(True):
            missing.append(f"còn {_points(self._unscored(True))} điểm do cấp trên chấm")
        if not self.criteria.xep_loai:
            missing.append(NO_BANDS)
        return "; ".join(missing) or None


def load_assessment(loaded: LoadedPlan, log) -> Assessment:

    self_path = loaded.self_assessment_file
    if not present(self_path):
        raise FileNotFound(
            f"{display_path(self_path)}: chưa có bảng tự chấm điểm của năm này."
            + (
                misnamed_hint(self_path)
                or " Tạo bằng: danvan score --tao (từ bộ tiêu chí đơn vị được giao: tieu-chi.yaml trong thư mục năm, "
                "hoặc: danvan score --tao --tieu-chi <tệp>; chưa có thì từ một bộ tiêu chí mẫu)"
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
        sample_warnings(criteria, criteria_source) + in_force_warnings(criteria, criteria_source, loaded.year),
    )


def unit_to_score(ws, unit: str | None, year: int | None, day=None) -> tuple[LoadedPlan, str | None]:
    """The unit and year `score` works on, loaded with its plan or without one (the self-assessment needs none),
    and what to say of the year chosen."""

    name = ws.pick_unit(unit)
    chosen, why = year_to_score(ws, name, year, day or dt.date.today())
    return load_plan(ws, name, chosen, plan_optional=True), why


def year_to_score(ws, unit: str, year: int | None, day) -> tuple[int, str | None]:
    """The year `score` works on, and what to say of the choice: the one named; else as every command of a unit
    chooses (timeline.chosen_year, by its yearly report); a unit that has no year but those of its self-assessment
    (no plan, no report) takes the latest of them."""

    if year is None and not ws.years(unit):
        scored = ws.score_years(unit)
        if scored:
            chosen = scored[-1]
            return chosen, (
                Note(
                    f"Năm tự chấm: {chosen} (năm mới nhất có bảng tự chấm điểm; đơn vị chưa có kế hoạch năm nào).",
                    "nam_da_chon",
                )
                if len(scored) > 1
                else None
            )
    return chosen_year(ws, unit, year, period="year", day=day)


def write_self_assessment(loaded: LoadedPlan, criteria_given: Path | None = None) -> tuple[list[Path], list[str]]:
    """tu-cham.yaml for the year, listing every criterion the unit scores (its points blank, to fill) from the
    criteria the unit is given: `criteria_given` (copied into the year folder as tieu-chi.yaml), else the year
    folder's tieu-chi.yaml, else danvan's neutral sample (written there, marked vi_du). The files written, and notes.
    A tu-cham.yaml already there is never replaced."""

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
                "không ghi đè. Hãy dời tệp cũ đi",
                "tieu_chi_da_co",
            )
        if not present(criteria_path):
            write_atomic(criteria_path, data, root=loaded.ws.plans_dir)
            written.append(criteria_path)
    elif present(criteria_path):
        criteria = validate(load(criteria_path), Criteria)
    else:
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
    appendix: the unit's own score ('–' where it does not score), and beside it, once the level above has given
    points, the score that counts (the level above's, or the unit's it accepted)."""
    rows = []
    for group, criteria, maximum, own, counted_sum in a.group_rows():
        if not a.criteria.flat:
            upper = " (cấp trên chấm)" if group.cap_tren_cham else ""
            rows.append(
                {
                    "ma": group.ma,
                    "ten": f"{group.ten}{upper}",
                    "toi_da": _points(maximum),
                    "diem": "–" if group.cap_tren_cham else _points(own),
                    "tham_dinh": _points(counted_sum) if a.appraised else "",
                    "nhom": True,
                }
            )
        for c, mine, counted in criteria:
            rows.append(
                {
                    "ma": c.ma,
                    "ten": c.ten,
                    "toi_da": _points(c.diem_toi_da),
                    "diem": _points(mine.diem) if mine is not None and mine.diem is not None else "–",
                    "tham_dinh": (_points(counted.diem) if counted is not None and counted.diem is not None else "–")
                    if a.appraised
                    else "",
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
    """The result in one sentence, the same in the body, the Phụ lục and on the terminal: the unit's own total over
    the points it scores, the level above's appraised total beside it, and the band (by the appraisal)."""
    points = f"Tổng điểm tự chấm {_points(a.own_total)}/{_points(a.self_maximum)}"
    if a.appraised:
        points += f", điểm thẩm định {_points(a.total)}/{_points(a.criteria.tong_diem)}"
    if a.not_rated:
        return f"{points}; {NOT_RATED.lower()}: {a.not_rated.rstrip('.')}."
    if a.band:
        return f"{points}; xếp loại: {a.band}."
    said = [points, a.pending or ""]
    if a.unscored and a.criteria.xep_loai:
        low, high = a.band_range
        said.append(f"xếp loại dự kiến {low if low == high else f'từ {low} đến {high}'}")
    return "; ".join(p for p in said if p) + "."


def to_json(a: Assessment) -> str:

    return json.dumps(
        {
            "criteria": criteria_citation(a.criteria),
            "rows": table_rows(a),
            "own_total": a.own_total,
            "own_maximum": a.self_maximum,
            "appraised": a.appraised,
            "appraised_total": a.appraised_total,
            "total": a.total,
            "maximum": a.criteria.tong_diem,
            "unscored": a.unscored,
            "band": a.band,
            "pending": a.pending,
            "not_rated": a.not_rated,
            "summary": band_text(a),
        },
        ensure_ascii=False,
        indent=2,
        default=json_value,
    )


def print_table(a: Assessment, whose: str, file=None) -> None:
    """`danvan score`: a Rich table on a terminal, the same without colours otherwise."""

    from rich.console import Console  # noqa: PLC0415 (rich only when printing)
    from rich.markup import escape  # noqa: PLC0415 (rich only when printing); user text is never Rich markup
    from rich.table import Table  # noqa: PLC0415 (rich only when printing)

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
    console.print(escape(criteria_citation(a.criteria) + "."))
    console.print(escape(band_text(a)))
