"""`score --all`: the office's view of its units' self-assessments, self and appraised totals side by side, bands
counted, how the appraisal went."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from danvan_cli.criteria import _points, criteria_citation
from danvan_cli.errors import (
    DanvanError,
)
from danvan_cli.files import present
from danvan_cli.loading import LoadedPlan
from danvan_cli.score import load_assessment
from danvan_cli.vnformat import Number, json_value


@dataclass
class UnitScore:
    """One unit's assessment as the office above sees it: its self total, the appraised total, its band."""

    unit: str
    name: str
    own_total: Number | None = None  # the self total: the unit's own points on the criteria it scores
    total: Number | None = None  # the total that counts: the appraised total where the level above scored
    appraised: bool = False  # the level above has given points (`total` is then its appraised total)
    band: str | None = None  # None: not final yet (the level above has criteria still to score)
    not_rated: str | None = None
    problem: str | None = None  # no self-assessment, or one that does not read
    own_maximum: Number | None = None  # the points of the criteria the unit scores
    maximum: Number | None = None  # the criteria's total points
    appraised_own: Number | None = None  # the appraised points on the unit's own criteria (to compare with its own)
    pending: str | None = None  # why there is no band yet
    criteria: str | None = None  # the criteria as cited (criteria_citation)


def unit_score(loaded: LoadedPlan, log) -> UnitScore:
    """The unit's scores, or why there are none (a missing tu-cham.yaml is 'chưa tự chấm', not an error)."""

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
    result.band, result.not_rated, result.pending = a.band, a.not_rated, a.pending
    result.own_maximum, result.maximum = a.self_maximum, a.criteria.tong_diem
    result.criteria = criteria_citation(a.criteria)
    if a.appraised:
        result.appraised_own = sum(s.diem or 0 for ma, s in a.scores.items() if ma in a.own)
    return result


def band_counts(scores: list[UnitScore]) -> dict[str, int]:
    """How many units in each band, in the order first met; those without a band under their reason."""
    counts: dict[str, int] = {}
    for s in scores:
        key = s.band or ("chưa xếp loại" if s.problem is None else s.problem.split(" (")[0])
        counts[key] = counts.get(key, 0) + 1
    return counts


def units_json(scores: list[UnitScore]) -> str:

    return json.dumps(
        {
            "units": [
                {
                    "unit": s.unit,
                    "name": s.name,
                    "own_total": s.own_total,
                    "own_maximum": s.own_maximum,
                    "appraised": s.appraised,
                    "appraised_total": s.total if s.appraised else None,
                    "appraised_own": s.appraised_own,
                    "total": s.total,
                    "maximum": s.maximum,
                    "band": s.band,
                    "pending": s.pending,
                    "not_rated": s.not_rated,
                    "problem": s.problem,
                    "criteria": s.criteria,
                }
                for s in scores
            ],
            "bands": band_counts(scores),
            "comparison": comparison_text(scores),
        },
        ensure_ascii=False,
        indent=2,
        default=json_value,
    )


def units_rows(scores: list[UnitScore]) -> list[dict]:
    """Rows of the table of every unit's scores, as text: the self total and the appraised total side by side, and
    the band (by the appraisal)."""
    return [
        {
            "tt": str(i),
            "don_vi": s.name,
            "tu_cham": _points(s.own_total) if s.own_total is not None else "",
            "tham_dinh": _points(s.total) if s.appraised and s.total is not None else "",
            "xep_loai": s.band or s.problem or s.pending or "chưa đủ điểm cấp trên chấm",
        }
        for i, s in enumerate(scores, start=1)
    ]


def comparison_text(scores: list[UnitScore]) -> str:
    """How the level above's appraisal compares with the units' own scores, on the criteria the units scored
    themselves: '… điểm thẩm định thấp hơn điểm tự chấm ở 3 đơn vị, cao hơn ở 1, bằng ở 1.' Empty when no unit
    has been appraised."""
    compared = [s for s in scores if s.appraised_own is not None and s.own_total is not None]
    if not compared:
        return ""
    lower = sum(s.appraised_own < s.own_total for s in compared)  # type: ignore[operator]
    higher = sum(s.appraised_own > s.own_total for s in compared)  # type: ignore[operator]
    same = len(compared) - lower - higher
    said = [f"{label} ở {n} đơn vị" for label, n in (("thấp hơn", lower), ("cao hơn", higher), ("bằng", same)) if n]
    return (
        f"Cấp trên đã thẩm định {len(compared)} đơn vị; trên các tiêu chí đơn vị tự chấm, điểm thẩm định "
        + ", ".join(said)
        + " so với điểm tự chấm."
    )


def criteria_text(scores: list[UnitScore]) -> str:
    """The criteria the units were scored against, as cited (one line each, in the order first met)."""
    return "\n".join(dict.fromkeys(s.criteria + "." for s in scores if s.criteria))


def counts_text(scores: list[UnitScore]) -> str:
    return "Số đơn vị theo mức xếp loại: " + "; ".join(f"{band}: {n}" for band, n in band_counts(scores).items()) + "."


def print_units(scores: list[UnitScore], title: str, file=None) -> None:

    from rich.console import Console  # noqa: PLC0415 (rich only when printing)
    from rich.markup import escape  # noqa: PLC0415 (rich only when printing)
    from rich.table import Table  # noqa: PLC0415 (rich only when printing)

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
    for line in [criteria_text(scores), counts_text(scores), comparison_text(scores)]:
        if line:
            console.print(escape(line))
