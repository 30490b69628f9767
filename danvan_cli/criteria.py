"""The province's criteria (tieu-chi.yaml): checked, their bands, how a document cites them, where the year's file is,
and the warnings while a sample's criteria or criteria not yet in force are used."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from danvan_cli.errors import (
    InputError,
    Problem,
    UnsafePath,
    Warning_,
    display_path,
)
from danvan_cli.files import present
from danvan_cli.loading import LoadedPlan
from danvan_cli.models import Criteria
from danvan_cli.vnformat import Number, number, short_date


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


NO_BANDS = "bộ tiêu chí chưa quy định mức xếp loại"


def criteria_citation(criteria: Criteria) -> str:
    """How the criteria are cited wherever scores are shown: their name and the document that issued them, who they
    apply to, from when, and what they replace."""

    parts = [f"Theo {criteria.ten}" + (f" ({criteria.can_cu})" if criteria.can_cu else "")]
    if criteria.doi_tuong:
        parts.append(f"đối tượng áp dụng: {criteria.doi_tuong}")
    if criteria.hieu_luc:
        parts.append(f"áp dụng từ ngày {short_date(criteria.hieu_luc)}")
    if criteria.thay_the:
        parts.append(f"thay thế {criteria.thay_the}")
    return "; ".join(parts)


def criteria_file(loaded: LoadedPlan, written: str, source) -> Path:
    """The criteria file tu-cham.yaml names: a path from the year's folder that stays inside the plans folder
    (a province's criteria may be shared there) and passes through no link. Checked before anything is read,
    so that no file elsewhere is ever opened or shown."""

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


def in_force_warnings(criteria: Criteria, source, year: int) -> list:
    """Criteria that take effect after the year assessed ends are another year's: said, never silently used."""

    if criteria.hieu_luc is None or criteria.hieu_luc <= dt.date(year, 12, 31):
        return []
    line, col = source.position(("hieu_luc",))
    return [
        Warning_(
            source.shown,
            line,
            col,
            f"bộ tiêu chí áp dụng từ ngày {short_date(criteria.hieu_luc)}, sau năm {year} được đánh giá: hãy kiểm tra "
            f"đây có đúng bộ tiêu chí của năm {year} không",
        )
    ]


def sample_warnings(criteria: Criteria, source) -> list:
    """A sample's criteria in use (vi_du: true): the yearly report's Phụ lục would print its name and basis as the
    unit's ("… của UBND tỉnh Hưng Yên" in another province's commune)."""

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
