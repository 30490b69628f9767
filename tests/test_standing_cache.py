"""What a consolidation remembers between runs (standing_cache): a unit whose files did not change is not read
again; a changed one always is; anything unusual is read afresh every time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

AS_OF = dt.date(2022, 6, 1)
OFFICE = "phong-gd-dt"


@pytest.fixture
def reads(monkeypatch):
    """The units read from their folders (not remembered), run after run."""
    from danvan_cli import unit_standings

    read: list[str] = []
    real = unit_standings.unit_standing

    def counting(ws, unit, *args):
        read.append(unit)
        return real(ws, unit, *args)

    monkeypatch.setattr(unit_standings, "unit_standing", counting)
    return read


def consolidated(units: Path):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    return consolidate(Workspace(units), OFFICE, "6m", 2022, as_of=AS_OF)


def totals(c) -> dict[str, object]:
    return {name: total.value for name, total in c.totals.items()}


def test_a_second_run_reads_no_unit_again_and_says_the_same(units, reads):
    first = consolidated(units)
    assert len(reads) == 15
    again = consolidated(units)
    assert len(reads) == 15  # nothing read the second time
    assert totals(again) == totals(first)
    assert [(u.unit, u.reported, u.done, u.figures) for u in again.units] == [
        (u.unit, u.reported, u.done, u.figures) for u in first.units
    ]


def test_a_changed_unit_is_read_again_and_its_new_figures_count(units, reads):
    first = consolidated(units)
    log = units / "don-vi-0002/2022/progress.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(
        text + '\n- nhiem_vu: tuyen-truyen\n  ngay: 2022-04-20\n  ket_qua: "Thêm một buổi"\n'
        '  so_lieu:\n    "số buổi tuyên truyền": 1000\n',
        encoding="utf-8",
    )
    reads.clear()
    again = consolidated(units)
    assert reads == ["don-vi-0002"]
    assert totals(again)["số buổi tuyên truyền"] == totals(first)["số buổi tuyên truyền"] + 1000


def test_a_file_changed_back_and_forth_is_never_served_stale(units, reads):
    """The key is the files' content, not their times: every version reads as itself."""
    log = units / "don-vi-0005/2022/progress.yaml"
    original = log.read_bytes()
    first = totals(consolidated(units))
    log.write_bytes(original + b"\n# ghi chu\n")
    assert totals(consolidated(units)) == first  # a comment changes no figure, but the unit was read again
    entry = '\n- nhiem_vu: tuyen-truyen\n  ngay: 2022-04-21\n  ket_qua: Thêm bảy buổi\n  so_lieu:\n    "số buổi tuyên truyền": 7\n'
    log.write_bytes(original + entry.encode("utf-8"))
    changed = totals(consolidated(units))
    assert changed["số buổi tuyên truyền"] == first["số buổi tuyên truyền"] + 7
    log.write_bytes(original)
    assert totals(consolidated(units)) == first


def test_a_unit_holding_a_link_is_read_every_time(units, reads):
    (units / "don-vi-0002/2022/ghi-chu.txt").symlink_to(units / "don-vi-0001/unit.yaml")
    consolidated(units)
    reads.clear()
    consolidated(units)
    assert reads == ["don-vi-0002"]


def test_a_torn_cache_file_is_as_if_there_were_none(units, reads, own_temp_folder):
    first = totals(consolidated(units))
    (cache,) = (own_temp_folder / "cache").rglob("*.pickle")
    assert cache.stat().st_mode & 0o077 == 0  # the units' names and figures are the user's alone
    cache.write_bytes(cache.read_bytes()[:-100])
    reads.clear()
    assert totals(consolidated(units)) == first
    assert len(reads) == 15


def test_another_date_of_data_is_its_own(units, reads):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    consolidated(units)
    reads.clear()
    consolidate(Workspace(units), OFFICE, "6m", 2022, as_of=dt.date(2022, 5, 1))
    assert len(reads) == 15


def test_without_a_cache_folder_every_unit_is_read(units, reads, monkeypatch):
    monkeypatch.setenv("DANVAN_NO_CACHE", "1")
    consolidated(units)
    consolidated(units)
    assert len(reads) == 30
