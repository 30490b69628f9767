"""`danvan import`: a Kế hoạch written in Word read back into unit.yaml and plan.yaml.

Round trips (danvan's own documents give back the same text and data), generated plans (Hypothesis), plans typed
by hand in Word three ways, and what must be refused or marked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEED_PLANS, docx_paragraphs

EXAMPLES = ROOT / "examples"


# ---------------------------------------------------------------- helpers


def render(cli, plans: Path, unit: str, year: int, out: Path) -> Path:
    result = cli("plan", "--plans-dir", plans, "--unit", unit, "--year", year, "-o", out)
    assert result.exit_code == 0, result.stderr
    (docx,) = out.glob("*.docx")
    return docx


def load_models(plans: Path, unit: str, year: int):
    from danvan_cli.models import Plan, Unit
    from danvan_cli.validation import validate
    from danvan_cli.yamlsource import load

    return (
        validate(load(plans / unit / "unit.yaml"), Unit),
        validate(load(plans / unit / str(year) / "plan.yaml"), Plan),
    )


def printed_unit(unit) -> dict:
    """What a plan prints of its unit. Names, authority lines and the signer's title are printed in capitals
    (compared in capitals: their case is recovered from the running text where it names them, not always);
    co_quan_cap_tren is printed only as the first line of Nơi nhận, so the recipients are compared as printed;
    xung_ho, nhiem_ky, mau, bao_cao and tong_hop are not printed in a plan."""
    from danvan_cli.vnformat import upper

    def name(text):
        return upper(" ".join((text or "").split())) or None

    return {
        "co_quan_chu_quan": name(unit.co_quan_chu_quan),
        "ten_co_quan": name(unit.ten_co_quan),
        "chu_viet_tat": unit.chu_viet_tat,
        "dia_danh": unit.dia_danh,
        "the_thuc": unit.the_thuc,
        "signer": unit.nguoi_ky.title_lines() + [unit.nguoi_ky.ho_ten],
        "recipients": ([unit.co_quan_cap_tren] if unit.co_quan_cap_tren else []) + list(unit.noi_nhan),
        "luu": unit.luu,
    }


def printed_plan(plan) -> dict:
    """What a plan prints of its own data. Not printed, so left out: a task's id (ma), ten_ngan, han and phu_trach;
    whether an item is a tracked task (nhiem_vu) or not (muc) — both print as 1., 2. … in order, so the items are
    compared in printed order; chu_de (the subject, used only in file names and reports); so_lieu. A heading of an
    item below 1. prints as its first paragraph, so it is compared as one. A part's heading prints in capitals."""
    from danvan_cli.vnformat import collapse_whitespace, upper

    def item(i, depth):
        texts = list(i.noi_dung)
        heading = i.tieu_de
        if heading and depth > 1:
            texts, heading = [heading, *texts], None
        return {
            "tieu_de": heading,
            "noi_dung": [collapse_whitespace(t) for t in texts],
            "muc": [item(c, depth + 1) for c in i.children],
        }

    def section(s):
        return {
            "tieu_de": s.tieu_de,
            "noi_dung": [collapse_whitespace(t) for t in s.noi_dung],
            "items": [item(i, 1) for i in s.items],
        }

    return {
        "so": plan.so,
        "ngay": plan.ngay,
        "trich_yeu": [collapse_whitespace(x) for x in plan.trich_yeu.split("\n")],
        "mo_dau": [collapse_whitespace(t) for t in plan.mo_dau],
        "muc": [section(s) for s in plan.muc],
        "phan": [
            {"tieu_de": upper(p.tieu_de), "noi_dung": p.noi_dung, "muc": [section(s) for s in p.muc]}
            for p in plan.phan
        ],
        "danh_so": plan.danh_so.model_dump() if plan.phan or plan.danh_so.diem != "chu_cai" else None,
        "ket_luan": [collapse_whitespace(t) for t in plan.ket_luan],
        "che_do_bao_cao": [(d.ky, d.han_nop) for d in plan.che_do_bao_cao],
    }


def round_trip(cli, tmp_path: Path, plans: Path, unit: str, year: int) -> tuple[list[str], list[str]]:
    """plan → import (into a fresh plans folder) → plan: both documents' paragraphs, and the data compared."""
    first = render(cli, plans, unit, year, tmp_path / "first")
    fresh = tmp_path / "fresh"
    result = cli("import", first, "--plans-dir", fresh, "--unit", unit, "--year", year)
    assert result.exit_code == 0, result.stderr
    assert "không xếp được" not in result.stderr, result.stderr
    second = render(cli, fresh, unit, year, tmp_path / "second")
    unit_a, plan_a = load_models(plans, unit, year)
    unit_b, plan_b = load_models(fresh, unit, year)
    assert printed_unit(unit_b) == printed_unit(unit_a)
    assert printed_plan(plan_b) == printed_plan(plan_a)
    return docx_paragraphs(first), docx_paragraphs(second)


def with_a_plan(tmp_path: Path, unit: str) -> tuple[Path, int]:
    """An example unit with a plan to render: its own, or — for the units whose example is a report — the seed's plan
    carried to its year (so that its letterhead, number, signer and format are read back too)."""
    from danvan_cli.scaffold import carry_over_text

    plans = tmp_path / "examples"
    shutil.copytree(EXAMPLES / unit, plans / unit)
    (year_dir,) = [p for p in (plans / unit).iterdir() if p.is_dir() and p.name.isdigit()]
    year = int(year_dir.name)
    if not (year_dir / "plan.yaml").exists():
        seed = (SEED_PLANS / "mn-hung-an/2022/plan.yaml").read_text(encoding="utf-8")
        text, _, _ = carry_over_text(seed, 2022, year, so=3, ngay=None)
        # the regime's sentence cites its dates as the schedule gives them
        text = text.replace("15/5/2022", f"15/5/{year}").replace("15/11/2022", f"15/11/{year}")
        (year_dir / "plan.yaml").write_text(text, encoding="utf-8")
    return plans, year


# ---------------------------------------------------------------- round trips


def test_the_seed_round_trips(cli, tmp_path):
    first, second = round_trip(cli, tmp_path, SEED_PLANS, "mn-hung-an", 2022)
    assert second == first
    _, plan = load_models(tmp_path / "fresh", "mn-hung-an", 2022)
    assert [(d.ky, str(d.han_nop)) for d in plan.che_do_bao_cao] == [("6m", "2022-05-15"), ("year", "2022-11-15")]
    assert [t.ma for t in plan.tasks][:3] == ["tuyen-truyen-pho", "quan-triet-trien", "ke-hoach-so"]


@pytest.mark.parametrize("unit", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_every_example_round_trips(cli, tmp_path, unit):
    plans, year = with_a_plan(tmp_path, unit)
    first, second = round_trip(cli, tmp_path, plans, unit, year)
    assert second == first
