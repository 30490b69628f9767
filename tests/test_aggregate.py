"""For the office above: `danvan aggregate` and `danvan status --all` over generated units."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import docx_paragraphs

AS_OF = dt.date(2022, 6, 1)


def own_report_figures(plans: Path, unit: str) -> dict[str, float]:
    """The 'Kỳ này' column of the unit's own 6-month report, read back from its .docx."""
    from docx import Document

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.workspace import Workspace

    ws = Workspace(plans)
    written = make_report(load_plan(ws, unit, 2022), "6m", plans.parent / "own" / unit, as_of=AS_OF)
    for table in Document(str(written.docx)).tables[1:-1]:
        heads = [c.text for c in table.rows[0].cells]
        if heads[:2] == ["TT", "Số liệu"]:
            now = heads.index("Kỳ này")
            return {  # a table cell starts with a capital: the name as the unit wrote it starts in lower case
                row.cells[1].text[:1].lower() + row.cells[1].text[1:]: int(row.cells[now].text.replace(".", ""))
                for row in table.rows[1:]
            }
    return {}


def test_totals_equal_the_sum_of_the_units_own_reports(units):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.demo import MEASURES
    from danvan_cli.workspace import Workspace

    c = consolidate(Workspace(units), "phong-gd-dt", "6m", 2022, as_of=AS_OF)
    assert len(c.units) == 15
    expected = dict.fromkeys(MEASURES, 0)
    unlisted = []
    for u in c.units:
        if not u.reported:  # a unit that has not reported adds nothing, whatever its log holds
            assert own_report_figures(units, u.unit), u.unit
            continue
        for name, value in own_report_figures(units, u.unit).items():
            if name in expected:
                expected[name] += value
            else:
                unlisted.append((u.name, name, value))
    assert {name: t.value for name, t in c.totals.items()} == expected and sum(expected.values()) > 0
    assert len(c.reporting) == 13  # units 7 and 14 have not reported
    # the unit that wrote "số buổi TT" is listed by its name, not summed
    assert (
        unlisted
        and [(u, name, value) for u, name, value, _ in c.undeclared] == unlisted
        and {u for u, *_ in unlisted} == {"Trường Trung học cơ sở Ngọc Thanh số 11"}
    )
    # the unit that recorded nothing is there, with nothing
    empty = next(u for u in c.units if u.unit == "don-vi-0003")
    assert empty.figures == {} and empty.reported


def test_reported_late_and_missing(units):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.workspace import Workspace

    c = consolidate(Workspace(units), "phong-gd-dt", "6m", 2022, as_of=AS_OF)
    assert [u.unit for u in c.missing] == ["don-vi-0007", "don-vi-0014"]
    assert [u.unit for u in c.late] == ["don-vi-0005", "don-vi-0010", "don-vi-0015"]
    assert [u.unit for u in c.units[:5]] == ["don-vi-0007", "don-vi-0014", "don-vi-0005", "don-vi-0010", "don-vi-0015"]


def test_aggregate_document(cli, units):
    from conftest import norm

    out = units.parent / "out"
    result = cli(
        "aggregate", "--plans-dir", units, "--period", "6m", "--year", "2022", "--as-of", "2022-06-01", "-o", out
    )
    assert result.exit_code == 0, result.stderr
    assert "15 đơn vị: 13 đã báo cáo, 3 muộn, 2 chưa báo cáo." in result.stdout
    paragraphs = [norm(p) for p in docx_paragraphs(out / "BC-TH-PGDDT-2022-6-thang-dau-nam.docx")]
    assert "Tổng hợp kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2022" in paragraphs
    # who reported, against the roster, in one sentence; the missing named in full
    assert (
        "Đến ngày 01/6/2022, có 13/15 đơn vị gửi báo cáo 6 tháng đầu năm 2022 (03 đơn vị gửi sau hạn); Trường "
        "Tiểu học Mai Động số 7 và Trường Trung học cơ sở Phạm Ngũ Lão số 14 chưa gửi báo cáo."
    ) in paragraphs
    # a figure outside the office's list is named with its unit's name, never its folder, and not added
    assert "- Trường Trung học cơ sở Ngọc Thanh số 11: số buổi TT 2 buổi." in paragraphs
    assert not [p for p in paragraphs if "don-vi-" in p or "=" in p]
    assert "Phụ lục" in paragraphs and any(p.startswith("(Kèm theo Báo cáo số") for p in paragraphs)


def test_same_period_last_year_in_the_totals(units):
    from danvan_cli.aggregate import consolidate
    from danvan_cli.demo import make_demo_units
    from danvan_cli.workspace import Workspace

    make_demo_units(units.parent / "last", 15, year=2021, seed=7)
    for unit in (units.parent / "last").glob("don-vi-*"):
        (unit / "2021").rename(units / unit.name / "2021")
    c = consolidate(Workspace(units), "phong-gd-dt", "6m", 2022, as_of=AS_OF)
    assert c.has_last_year and sum(t.last_year or 0 for t in c.totals.values()) > 0


def test_an_office_without_tong_hop(danvan):
    result = danvan("aggregate", "--unit", "mn-hung-an", "--period", "6m", "--year", "2022")
    assert result.exit_code == 2 and "tong_hop" in result.stderr


@pytest.mark.soffice
def test_consolidated_report_layout_with_a_landscape_appendix(units, soffice, cli):
    import pdfplumber
    from layout import PT_PER_MM, check_common_layout, mm

    from danvan_cli.demo import make_demo_units

    make_demo_units(units, 40, year=2022, force=True)  # enough rows for the appendix to run over two pages
    narrative = units / "phong-gd-dt/2022/reports/6m.yaml"
    narrative.parent.mkdir(parents=True)
    narrative.write_text("so: 12\n", encoding="utf-8")
    out = units.parent / "out"
    result = cli(
        "aggregate",
        "--plans-dir",
        units,
        "--period",
        "6m",
        "--year",
        "2022",
        "--as-of",
        "2022-06-01",
        "-o",
        out,
        "--pdf",
    )
    assert result.exit_code == 0, result.stderr
    pdf_path = out / "BC-TH-PGDDT-2022-6-thang-dau-nam.pdf"
    check_common_layout(
        pdf_path,
        type_name="BÁO CÁO",
        issuer="VÀ ĐÀO TẠO KIM ĐỘNG",  # named in full, broken where a clerk breaks it
        number="Số: 12/BC-PGDĐT",
        date_line="Kim Động, ngày 01 tháng 6 năm 2022",
        signer_title="TRƯỞNG PHÒNG",
    )
    with pdfplumber.open(str(pdf_path)) as pdf:
        first_appendix = next(
            i for i, p in enumerate(pdf.pages) if p.search("Phụ lục", regex=False) and p.width > p.height
        )
        appendix = pdf.pages[first_appendix:]
        assert len(appendix) >= 2 and all(p.width > p.height for p in appendix)  # landscape
        assert all(p.width < p.height for p in pdf.pages[:first_appendix])  # the report itself portrait

        def top(page):
            return [w["text"] for w in page.extract_words() if w["bottom"] < 20 * PT_PER_MM]

        assert top(appendix[0]) == []  # its own numbering: none on its first page …
        assert top(appendix[1]) == ["2"]  # … and 2 on its second
        number = next(w for w in appendix[1].extract_words() if w["bottom"] < 20 * PT_PER_MM)
        assert abs(mm((number["x0"] + number["x1"]) / 2) - (30 + (297 - 45) / 2)) < 3
        assert appendix[0].search("(Kèm theo Báo cáo số", regex=False)


def test_a_unit_that_has_not_reported_adds_nothing_and_shows_nothing(cli, units):
    from docx import Document

    out = units.parent / "out"
    cli("aggregate", "--plans-dir", units, "--period", "6m", "--year", "2022", "--as-of", "2022-06-01", "-o", out)
    path = out / "BC-TH-PGDDT-2022-6-thang-dau-nam.docx"
    text = "\n".join(docx_paragraphs(path))
    assert "từ báo cáo của 13/15 đơn vị" in text and "Số buổi tuyên truyền (08/13 đơn vị)" in text  # over how many
    # the Phụ lục: a matrix, one row per unit and one column per figure, continued in a second table
    tables = [t for t in Document(str(path)).tables if [c.text for c in t.rows[0].cells[:2]] == ["TT", "Đơn vị"]]
    assert len(tables) == 2
    heads = [c.text for t in tables for c in t.rows[0].cells[2:]]
    assert heads[:3] == ["Ngày báo cáo", "Nhiệm vụ hoàn thành", "Nhiệm vụ chậm"]
    assert "Số buổi tuyên truyền (buổi)" in heads and len(tables[0].rows[0].cells) == 9  # 7 columns, then on
    for table in tables:
        assert [c.text for c in table.rows[-1].cells][1] == "Tổng cộng" and len(table.rows) == 15 + 2
        assert [c.text for c in table.rows[1].cells[1:2]] != ["Tổng cộng"]
    rows = [{row.cells[1].text: [c.text for c in row.cells[2:]] for row in table.rows[1:-1]} for table in tables]
    missing = [next(cells for name, cells in r.items() if name.endswith("số 7")) for r in rows]
    assert missing[0][0] == "chưa báo cáo" and not any(missing[0][1:]) and not any(missing[1])  # row present, empty
    assert rows[0]["Trường Tiểu học Mai Động số 7"] == missing[0]
    assert not [p for p in docx_paragraphs(path) if "don-vi-" in p]  # units by name, never by folder


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_16_an_aggregate_of_no_unit_never_replaces_a_real_one(cli, tmp_path):
    plans = tmp_path / "dp"
    assert cli("demo-units", "3", "--plans-dir", plans, "--year", "2022").exit_code == 0
    out = tmp_path / "agg"
    run = ("aggregate", "--plans-dir", plans, "--period", "6m", "--year", "2022", "-o", out)
    assert cli(*run).exit_code == 0
    made = next(out.glob("*.docx"))
    before = made.read_bytes()
    result = cli(*run, "--units", "zzz*")
    assert result.exit_code == 1 and "không có đơn vị nào khớp mẫu tên 'zzz*'" in result.stderr
    assert made.read_bytes() == before
