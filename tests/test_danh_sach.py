"""`danvan danh-sach`: the office's roster, written from its folders, and every count against it."""

from __future__ import annotations

from helpers import OFFICE, consolidated, document

# ---------------------------------------------------------------- the roster


def test_the_roster_is_written_from_the_folders_and_counts_every_unit(cli, sent):
    office, inbox, _, _units, plans = sent
    made = cli("danh-sach", "--plans-dir", plans, "--unit", OFFICE, "--tao")
    assert made.exit_code == 1 and "danh sách đơn vị đã có, không ghi đè" in made.stderr  # demo-units wrote one
    made = cli("danh-sach", "--plans-dir", plans, "--unit", OFFICE, "--tao", "--force")
    assert made.exit_code == 0 and "(6 đơn vị)" in made.stdout, made.stderr
    assert (plans / OFFICE / "don-vi.yaml.bak").exists()  # the one it replaced is kept
    shown = cli("danh-sach", "--plans-dir", plans, "--unit", OFFICE)
    assert "1. Trường Tiểu học Ngọc Thanh số 1 (don-vi-0001)" in shown.stdout
    # two of six units sent their packages: the report counts against the roster and names the others in full
    _, paragraphs, _ = document(cli, office, inbox)
    sentence = next(p for p in paragraphs if p.startswith("Đến ngày"))
    assert sentence.startswith("Đến ngày 25/7/2026, có 02/06 đơn vị gửi báo cáo 6 tháng đầu năm 2026")
    assert "Trường Mầm non Vĩnh Xá số 3" in sentence and "don-vi-" not in "\n".join(paragraphs)
    assert "đã báo cáo đầy đủ" not in "\n".join(paragraphs)


def test_an_inbox_is_not_consolidated_without_a_roster(cli, sent):
    office, inbox, *_ = sent
    (office / OFFICE / "don-vi.yaml").unlink()
    result = cli("aggregate", "--plans-dir", office, "--unit", OFFICE, "--period", "6m", "--year", "2026",
                 "--inbox", inbox, "-o", office.parent / "out")  # fmt: skip
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"danvan danh-sach --unit {OFFICE} --tao" in result.stderr
    assert not (office.parent / "out").exists()


def test_a_unit_that_joined_after_the_window_is_not_counted(sent):
    office, inbox, *_ = sent
    roster = office / OFFICE / "don-vi.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8") + "  - ma: th-moi\n    ten: Trường Tiểu học Mới\n    tu_ngay: 01/9/2026\n",
        encoding="utf-8",
    )
    c = consolidated(office, inbox)
    assert len(c.units) == 6 and "th-moi" not in {u.unit for u in c.units}
