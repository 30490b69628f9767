"""`danvan demo-units`: realistic test units, never written over a real one."""

from __future__ import annotations

import shutil

# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def test_03_demo_units_never_write_over_an_existing_unit(danvan, plans):
    shutil.copytree(plans / "mn-hung-an", plans / "phong-gd-dt")
    before = (plans / "phong-gd-dt/unit.yaml").read_bytes()
    result = danvan("demo-units", "3", "--year", "2022")
    assert result.exit_code == 2 and "phong-gd-dt/unit.yaml" in result.stderr and "--force" in result.stderr
    assert (plans / "phong-gd-dt/unit.yaml").read_bytes() == before and not (plans / "don-vi-0001").exists()


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_14_demo_units_refuses_a_year_or_size_before_writing_anything(cli, tmp_path):
    for args in (["--year", "0"], ["--year", "3000"], ["--entries", "15000"]):
        result = cli("demo-units", "3", "--plans-dir", tmp_path / "dp", *args)
        assert result.exit_code == 2
        assert not (tmp_path / "dp").exists()
