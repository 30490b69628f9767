"""The seed's Kế hoạch through LibreOffice: positions on the real PDF (NĐ 30, Mẫu 1.4)."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEED_PLANS, temp_folder_of_its_own
from layout import check_common_layout

pytestmark = pytest.mark.soffice

PLAN_PDF = "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.pdf"


@pytest.fixture(scope="module")
def plan_made(tmp_path_factory, soffice):
    """`danvan plan --pdf` on a copy of the seed, run once for the module: its result and its output folder."""
    from typer.testing import CliRunner

    from danvan_cli.cli import app
    from danvan_cli.pdf import FONT_NOTE_MARK

    work = tmp_path_factory.mktemp("plan-pdf")
    shutil.copytree(SEED_PLANS, work / "plans", ignore=shutil.ignore_patterns(FONT_NOTE_MARK))
    args = ["plan", "--plans-dir", str(work / "plans"), "-o", str(work / "out"), "--pdf"]
    with temp_folder_of_its_own(tmp_path_factory):
        return CliRunner().invoke(app, args, catch_exceptions=False), work / "out"


@pytest.fixture(scope="module")
def plan_pdf(plan_made):
    result, out = plan_made
    assert result.exit_code == 0, result.stderr
    assert (out / PLAN_PDF).stat().st_size > 0
    return out / PLAN_PDF


def test_plan_layout(plan_pdf):
    check_common_layout(
        plan_pdf,
        type_name="KẾ HOẠCH",
        issuer="TRƯỜNG MẦM NON HÙNG AN",
        number="Số: 05/KH-MNHA",
        date_line="Hùng An, ngày 25 tháng 01 năm 2022",
        signer_title="HIỆU TRƯỞNG",
    )


def test_plan_pdf_has_every_task_in_order(plan_pdf):
    import pdfplumber

    with pdfplumber.open(str(plan_pdf)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    positions = [text.find(f"\n{i}. ") for i in range(1, 10)]
    assert all(p > 0 for p in positions) and positions == sorted(positions)


def test_pdf_cli_flag(plan_made):
    result, out = plan_made
    assert result.exit_code == 0, result.stderr
    assert (out / PLAN_PDF).read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_exits_3_and_keeps_the_docx(cli, plans, monkeypatch):
    monkeypatch.setattr("danvan_cli.pdf.find_soffice", lambda: None)
    out = plans.parent / "out"
    result = cli("plan", "--plans-dir", plans, "-o", out, "--pdf")
    assert result.exit_code == 3
    assert "LibreOffice" in result.stderr
    assert (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    assert not (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.pdf").exists()


def test_hanging_libreoffice_is_stopped(tmp_path, monkeypatch):
    from danvan_cli import pdf
    from danvan_cli.errors import ConversionFailed

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("DANVAN_SOFFICE", str(fake))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"x")
    with pytest.raises(ConversionFailed, match="sau 1 giây"):
        pdf.docx_to_pdf(docx, tmp_path / "a.pdf", timeout=1)
    assert not (tmp_path / "a.pdf").exists()
