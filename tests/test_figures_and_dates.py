"""Figures and dates as a Vietnamese clerk types them: read as meant, or refused with the place and the fix.

`1.200` is one thousand two hundred, `1,5` one and a half; `1.5` could be either and is refused, naming
both readings. Whole numbers stay whole. `21/11/2022` is 21 November, on the command line and in YAML.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import docx_paragraphs, without_declared_figures
from helpers import LOG_YAML, edit, line_of, located


@pytest.fixture(autouse=True)
def any_figure_name(request):
    """These tests are about how numbers are read; the names they use are not declared in the seed's plan."""
    if "plans" in request.fixturenames:
        without_declared_figures(request.getfixturevalue("plans"))


def append(plans: Path, text: str) -> int:
    """Add entries at the end of the seed's log; returns the line the first added entry starts on."""
    path = plans / LOG_YAML
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def figures_of_last_entry(plans: Path) -> dict:
    from danvan_cli.loading import load_plan
    from danvan_cli.progress import year_log
    from danvan_cli.workspace import Workspace

    return year_log(load_plan(Workspace(plans), "mn-hung-an", 2022)).entries[-1].so_lieu


@pytest.mark.parametrize(
    "written, meant",
    [
        ("1.200", 1200),  # as documents print it (YAML alone would read 1.2)
        ("12.500.000", 12_500_000),
        ('"1 200"', 1200),
        ('"1,5"', Decimal("1.5")),  # exact: never a binary float
        ("1,5", Decimal("1.5")),
        ('"2,675"', Decimal("2.675")),
        ("1200", 1200),
        ("0", 0),
    ],
)
def test_figures_in_yaml_are_read_as_printed(plans, written, meant):
    # an amount (a measured quantity may have decimals; a count may not, see test_report_figures.py)
    append(plans, f"- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  so_lieu:\n    số giờ: {written}\n")
    value = figures_of_last_entry(plans)["số giờ"]
    assert value == meant and type(value) is type(meant)


@pytest.mark.parametrize(
    "written, expect",
    [
        ("1.5", ["15 hay 1,5"]),
        ("1.20", ["120 hay 1,2"]),
        ('"1,200.5"', ["1.200,5"]),
        (".inf", ["không phải một con số"]),
        ("1.0e+308", ["không phải một con số"]),
        ("true", ["đúng/sai"]),
        ("-3", ["≥ 0"]),
        ("9" * 40, ["dài quá 30 ký tự"]),
        ("9" * 5000, ["dài quá 30 ký tự"]),  # past Python's own limit for turning text into an integer
        ("1.000.000.000.000.000.000", ["≤ 1.000.000.000.000.000"]),
    ],
)
def test_a_figure_that_fits_no_reading_is_refused_with_its_place(danvan, plans, written, expect):
    line = append(
        plans, f"- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  so_lieu:\n    số buổi: {written}\n"
    )
    result = danvan("validate")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    ((_, ln, col, msg),) = located(result.stderr)
    assert (ln, col) == (line + 4, 14)
    for word in expect:
        assert word in msg, msg


def test_progress_add_reads_figures_as_printed_and_writes_what_reads_back(danvan, plans):
    result = danvan(
        "progress", "add", "tuyen-truyen", "Hội nghị", "--date", "2022-03-01", "--figure", "số lượt người tham gia=1.200", "--figure", "số giờ=1,5", "--figure", "số buổi=2",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = (plans / LOG_YAML).read_text(encoding="utf-8")
    assert "    số lượt người tham gia: 1200\n" in text and '    số giờ: "1,5"\n' in text  # plain where it reads back
    assert figures_of_last_entry(plans) == {"số lượt người tham gia": 1200, "số giờ": Decimal("1.5"), "số buổi": 2}


@pytest.mark.parametrize(
    "figure, expect",
    [
        ("số buổi=1.5", "15 hay 1,5"),
        ("số buổi=inf", "không phải một con số"),
        ("số buổi=-2", "từ 0"),
        ("số buổi", "TÊN=SỐ"),
    ],
)
def test_progress_add_refuses_a_figure_on_the_command_line(danvan, plans, figure, expect):
    before = (plans / LOG_YAML).read_bytes()
    result = danvan("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--figure", figure)
    assert result.exit_code == 2 and expect in result.stderr and "--figure" in result.stderr
    assert not located(result.stderr)  # the command line's mistake, not a line of the log
    assert (plans / LOG_YAML).read_bytes() == before


def test_whole_numbers_stay_whole_in_json_tables_and_documents(cli, plans):
    def people() -> int:
        data = json.loads(cli("status", "--plans-dir", plans, "--as-of", "2022-05-13", "--json").stdout)
        return next(t["figures"] for t in data["tasks"] if t["id"] == "tuyen-truyen")["số lượt người tham gia"]

    before = people()
    cli(
        "progress", "add", "tuyen-truyen", "Hội nghị", "--date", "2022-03-01", "--plans-dir", plans,
        "--figure", "số lượt người tham gia=1.200",
    )  # fmt: skip
    assert before == 242 and people() == 1442  # never 243,2
    raw = cli("status", "--plans-dir", plans, "--as-of", "2022-05-13", "--json").stdout
    assert '"số lượt người tham gia": 1442' in raw and "1442.0" not in raw
    table = cli("status", "--plans-dir", plans, "--as-of", "2022-05-13").stdout
    assert "1.442" in table
    out = plans.parent / "out"
    cli("report", "--plans-dir", plans, "--period", "6m", "-o", out, "--as-of", "2022-05-13")
    text = "\n".join(docx_paragraphs(out / "BC-MNHA-2022-6-thang-dau-nam.docx"))
    assert "với 1.200 lượt người tham gia" in text and ",0" not in text  # in the sentence of its activity
    assert "Kết quả:" not in text


def test_a_document_number_written_with_a_leading_zero_is_decimal(plans):
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    edit(plans, "mn-hung-an/2022/plan.yaml", "so: 5", "so: 010")  # YAML 1.1 alone would read 8 (octal)
    assert load_plan(Workspace(plans), "mn-hung-an", 2022).plan.so == 10


def test_a_percentage_is_never_a_boolean(danvan, plans):
    line = append(plans, "- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  phan_tram: true\n")
    result = danvan("validate")
    assert result.exit_code == 1
    assert [(ln, "đúng/sai" in msg) for _, ln, _, msg in located(result.stderr)] == [(line + 3, True)]


def test_a_number_in_a_text_field_is_kept_as_written(plans):
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    edit(plans, "mn-hung-an/2022/plan.yaml", "chu_de: công tác dân vận chính quyền", "chu_de: 1.10")
    assert load_plan(Workspace(plans), "mn-hung-an", 2022).plan.chu_de == "1.10"  # not 1.1


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("typed", ["21/11/2022", "21-11-2022", "21.11.2022", "2022-11-21"])
def test_dates_on_the_command_line_as_a_clerk_types_them(cli, plans, typed):
    result = cli("progress", "add", "tuyen-truyen", "X", "--date", typed, "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    assert "ngày 21/11/2022" in result.stdout


def test_as_of_and_today_take_vietnamese_dates(danvan, plans):
    status = danvan("status", "--as-of", "13/5/2022", "--json")
    assert json.loads(status.stdout)["as_of"] == "2022-05-13"
    export = danvan("export", "-o", plans.parent / "exports", "--no-pdf", "--today", "15/05/2022")
    assert export.exit_code == 0 and "BC-MNHA-2022-6-thang-dau-nam" in export.stdout


def test_an_impossible_date_is_explained_and_no_impossible_date_is_suggested(danvan):
    result = danvan("progress", "add", "tuyen-truyen", "X", "--date", "31/02/2022")
    assert result.exit_code == 2
    assert "tháng 2 năm 2022 chỉ có 28 ngày" in result.stderr and "2022-02-31" not in result.stderr


def test_dates_in_yaml_as_a_clerk_types_them(danvan, plans):
    edit(plans, "mn-hung-an/2022/plan.yaml", "ngay: 2022-01-25", "ngay: 25/01/2022")
    result = danvan("validate")
    assert result.exit_code == 0, result.stderr
    edit(plans, "mn-hung-an/2022/plan.yaml", "ngay: 25/01/2022", "ngay: 30/02/2022")
    result = danvan("validate")
    ((_, ln, _, msg),) = located(result.stderr)
    assert ln == line_of(plans, "mn-hung-an/2022/plan.yaml", "ngay: 30/02/2022") and "chỉ có 28 ngày" in msg
    assert "2022-02-30" not in msg
