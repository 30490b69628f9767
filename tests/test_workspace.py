"""Where a unit's files are: unit and year folder names danvan reads, and those it names instead of reading."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import YEAR_DIR

# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


@pytest.mark.parametrize("name", ["..", "../etc", "/etc", "mn:hung", "mn<an>", "MN-HUNG-AN", "con"])
def test_unit_names_that_are_not_plain_folder_names(danvan, name):
    result = danvan("plan", "--unit", name)
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr and result.stderr


@pytest.mark.parametrize("name", ["²", "٢٠٢٣", "2O22"])
def test_18_a_folder_that_only_looks_like_a_year_is_not_one(cli, danvan, plans, name):
    shutil.copytree(plans / "mn-hung-an/2022", plans / "mn-hung-an" / name)
    for args in (["validate"], ["status"], ["plan", "-o", plans.parent / "out"]):
        assert cli(*args, "--plans-dir", plans).exit_code == 0, args
    assert danvan("export", "-o", plans.parent / "exports", "--no-pdf").exit_code == 0


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_10_folders_danvan_does_not_read_are_named(cli, danvan, plans):
    shutil.copytree(plans / "mn-hung-an", plans / "MN-Hung-An")
    shutil.copytree(plans / YEAR_DIR, plans / "mn-hung-an/2023-copy")
    shutil.copytree(plans / YEAR_DIR, plans / "mn-hung-an/9999")
    result = danvan("validate")
    assert result.exit_code == 0
    for folder in ("MN-Hung-An", "2023-copy", "9999"):
        assert re.search(rf"{re.escape(folder)}: cảnh báo: .*danvan bỏ qua thư mục này", result.stderr), folder
    # the stray year is no year: every command still serves 2022
    assert danvan("status", "--unit", "mn-hung-an", "--as-of", "2022-06-01").exit_code == 0
    exported = cli("export", "--all", "--no-pdf", "-o", plans.parent / "ex", "--plans-dir", plans, "--quiet")
    assert exported.exit_code == 0 and exported.stderr.count("CẢNH BÁO") == 3
