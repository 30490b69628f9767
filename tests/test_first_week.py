"""A clerk's first week (issue 25): the traps a new user falls into, each said at the moment it can be avoided.

Who signs, which year and date a command works on, what counts as sent, and the first use of new-plan,
validate, score and the PDF; every test runs the commands as the clerk does and reads what they read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import located

COMMUNE = [
    "--ten-co-quan", "Ủy ban nhân dân xã Tân Phú", "--chu-viet-tat", "UBND", "--dia-danh", "Tân Phú",
    "--co-quan-cap-tren", "Ban Dân vận Đảng ủy xã Tân Phú", "--chuc-vu", "Chủ tịch", "--ho-ten", "Nguyễn Văn An",
]  # fmt: skip


def commune_args(plans: Path, year: int = 2026) -> tuple:
    """new-plan for a commune's first plan, every answer but the unit's details given; its document in <plans>/../o."""
    out = plans.parent / "o" if plans.name == "plans" else plans / "o"
    return ("new-plan", "--plans-dir", plans, "--unit", "ubnd-xa-tan-phu", "--year", str(year), "--yes", "-o", out)


def new_commune(cli, plans: Path, year: int = 2026, *extra: str):
    result = cli(*commune_args(plans, year), "--ngay", f"08/01/{year}", *COMMUNE, *extra)
    assert result.exit_code == 0, result.stderr
    return result


# ---------------------------------------------------------------- first use: validate


def test_a_plan_saved_as_txt_in_a_unit_with_two_years_is_explained_not_a_traceback(cli, tmp_path):
    plans = tmp_path / "plans"
    new_commune(cli, plans)
    assert cli("new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--yes").exit_code == 0
    # an entry after 2026's last report, carried into 2027's log
    added = cli("progress", "add", "tuyen-truyen", "Tuyên truyền", "--date", "2026-12-01", "--plans-dir", plans)
    assert added.exit_code == 0, added.stderr
    plan = plans / "ubnd-xa-tan-phu/2026/plan.yaml"
    plan.rename(plan.with_name("plan.yaml.txt"))
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and "TypeError" not in result.stderr
    # the one mistake, said once, with its fix; not a false alarm about 2027's dates that follow from it
    assert "2026/plan.yaml" in result.stderr and "hãy đổi tên thành plan.yaml" in result.stderr
    assert "Có 1 lỗi trong dữ liệu." in result.stderr
    assert not [p for p in located(result.stderr) if p[0].endswith("progress.yaml")]


# ---------------------------------------------------------------- first use: the PDF's font


def test_the_font_notice_is_said_once_per_plans_folder(cli, plans, tmp_path, soffice):
    import shutil
    import subprocess

    from danvan_cli.pdf import FONT_NOTE_MARK

    family = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"], capture_output=True, text=True).stdout
    notice = "máy không có phông Times New Roman"
    out = tmp_path / "out"
    said = []
    for args in (["plan"], ["report", "--period", "6m"], ["plan"]):
        result = cli(*args, "--plans-dir", plans, "-o", out, "--pdf")
        assert result.exit_code == 0, result.stderr
        said.append(result.stderr.count(notice))
    other = tmp_path / "other-plans"
    shutil.copytree(plans, other, ignore=shutil.ignore_patterns(FONT_NOTE_MARK))
    result = cli("plan", "--plans-dir", other, "-o", tmp_path / "out2", "--pdf")
    said.append(result.stderr.count(notice))
    if "Times New Roman" in family:
        assert said == [0, 0, 0, 0]
    else:  # the first PDF of each plans folder says it, with how to have the real font; the others do not
        assert said == [1, 0, 0, 1]


# ---------------------------------------------------------------- which year, which date: a plan carried over


def test_a_carried_plan_moves_its_own_dates_and_validate_names_the_others_until_changed_or_marked(cli, tmp_path):
    from helpers import edit

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    edit(
        plans,
        "ubnd-xa-tan-phu/2026/plan.yaml",
        "Kế hoạch số …/KH-… ngày …/…/2026",
        "Kế hoạch số 12/KH-UBND ngày 06/01/2026",
    )
    carried = cli("new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--yes")
    assert carried.exit_code == 0, carried.stderr
    new = plans / "ubnd-xa-tan-phu/2027/plan.yaml"
    text = new.read_text(encoding="utf-8")
    # the dates the plan owns (its report deadlines, written in its words too) are the new year's …
    assert "báo cáo 6 tháng (trước ngày 15/5/2027) và báo cáo năm (trước ngày 15/11/2027)" in " ".join(text.split())
    assert "2026-05-15" not in text and "15/5/2026" not in text
    # … the date of the document it cites is not made up: left, and named by line
    assert "Kế hoạch số 12/KH-UBND ngày 06/01/2026" in text
    cited = next(i for i, line in enumerate(text.splitlines(), 1) if "06/01/2026" in line)
    assert f"dòng {cited} " in carried.stderr and "# giữ nguyên" in carried.stderr

    def remarks():
        result = cli("validate", "--plans-dir", plans)
        assert result.exit_code == 0, result.stderr
        return [(p, m) for p, _, _, m in located(result.stderr, warnings=True) if p.endswith("2027/plan.yaml")]

    (said,) = [m for _, m in remarks() if "06/01/2026" in m]
    assert said.startswith("cảnh báo: ngày của năm khác: 06/01/2026 là ngày của năm 2026, không phải năm kế hoạch 2027")
    # validate says it again on every run, until the clerk marks it as meant …
    assert [m for _, m in remarks() if "06/01/2026" in m] == [said]
    edit(
        plans,
        "ubnd-xa-tan-phu/2027/plan.yaml",
        "mo_dau:\n",
        "mo_dau:\n  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n",
    )
    (kept,) = [m for _, m in remarks() if "06/01/2026" in m]
    assert kept.startswith("giữ nguyên như đã viết (kế hoạch của huyện ban hành năm 2026): 06/01/2026")
    # … or changes it
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "  # giữ nguyên: kế hoạch của huyện ban hành năm 2026\n", "")
    edit(plans, "ubnd-xa-tan-phu/2027/plan.yaml", "ngày 06/01/2026", "ngày 06/01/2027")
    assert remarks() == []


# ---------------------------------------------------------------- who signs


def signature(out: Path) -> list[str]:
    """The capitalised lines above the signature, as printed (the right cell of the signature table)."""
    from docx import Document

    doc = Document(str(next(out.glob("KH-*.docx"))))
    cell = doc.tables[-1].rows[0].cells[1]
    return [p.text for p in cell.paragraphs if p.text.strip()][:-1]


def test_a_commune_signs_for_its_ubnd_as_the_decree_shows(cli, tmp_path):
    plans = tmp_path / "plans"
    result = new_commune(cli, plans)
    assert signature(tmp_path / "o") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    unit = (plans / "ubnd-xa-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert "Hiệu trưởng" not in unit  # the model's comment speaks of the commune's own signers
    assert "khi Phó Chủ tịch ký: quyen_han: [TM. Ủy ban nhân dân, KT. Chủ tịch]" in unit
    assert "Chưa rõ" not in result.stderr
    checked = cli("validate", "--plans-dir", plans)
    assert not [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("unit.yaml")]
    # the deputy signs for the Chủ tịch, for the Ủy ban
    deputy = tmp_path / "deputy"
    flags = [v if v != "Chủ tịch" else "Phó Chủ tịch" for v in COMMUNE]
    assert cli(*commune_args(deputy), *flags).exit_code == 0
    assert signature(deputy / "o") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_validate_warns_when_a_collective_bodys_document_is_signed_without_tm(cli, tmp_path):
    from helpers import CHI_BO, edit

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    edit(plans, "ubnd-xa-tan-phu/unit.yaml", '  quyen_han:\n    - "TM. Ủy ban nhân dân"\n', "")
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 0
    (said,) = [m for p, _, _, m in located(result.stderr, warnings=True) if p.endswith("unit.yaml")]
    assert said.startswith("cảnh báo: người ký: Ủy ban nhân dân xã Tân Phú làm việc theo chế độ tập thể")
    assert "“TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH”" in said and "quyen_han: [TM. Ủy ban nhân dân]" in said
    # a Chi bộ's Bí thư signing alone, and with no term declared: both said before the first --final
    chi_bo = tmp_path / "chi-bo"
    (chi_bo / "chi-bo-mn/2022").mkdir(parents=True)
    unit = CHI_BO.replace("  quyen_han: T/M\n  thay_cho: Chi bộ\n", "")
    (chi_bo / "chi-bo-mn/unit.yaml").write_text(unit, encoding="utf-8")
    plan = (Path(__file__).parent.parent / "plans/mn-hung-an/2022/plan.yaml").read_text(encoding="utf-8")
    (chi_bo / "chi-bo-mn/2022/plan.yaml").write_text(plan, encoding="utf-8")
    result = cli("validate", "--plans-dir", chi_bo)
    said = [m for p, _, _, m in located(result.stderr, warnings=True) if p.endswith("unit.yaml")]
    assert any("“T/M CHI BỘ / BÍ THƯ”" in m for m in said), said
    assert any("chưa khai báo nhiem_ky" in m for m in said), said


def test_new_plan_asks_in_what_capacity_a_title_it_cannot_place_signs(cli, tmp_path):
    plans = tmp_path / "plans"
    answers = [
        "ubnd-xa-tan-phu", "2026", "Ủy ban nhân dân xã Tân Phú", "", "UBND", "Tân Phú", "",
        "Chánh Văn phòng",  # not the head: in what capacity?
        "Thay mặt Ủy ban",  # not a capacity: asked again
        "TL. Chủ tịch",
        "Trần Văn Bình", "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())  # (the questions wrap at the terminal's width)
    assert "Chánh Văn phòng ký với thẩm quyền nào?" in out
    assert "phải bắt đầu bằng một trong: TM., KT., TL., TUQ., Q." in out
    assert signature(tmp_path / "o") == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]
    # with --yes nobody can say: the note tells where to write it
    other = tmp_path / "other"
    flags = [v if v != "Chủ tịch" else "Chánh Văn phòng" for v in COMMUNE]
    said = cli(*commune_args(other), *flags)
    assert said.exit_code == 0 and "Chưa rõ 'Chánh Văn phòng' ký với thẩm quyền nào" in said.stderr
    assert "--quyen-han" in said.stderr


def test_a_new_chi_bo_declares_its_term_and_its_first_final_is_numbered(cli, tmp_path):
    plans = tmp_path / "plans"
    chi_bo = [
        "--unit", "chi-bo-th-tan-phu", "--year", "2026", "--ten-co-quan", "Chi bộ Trường Tiểu học Tân Phú",
        "--co-quan-chu-quan", "Đảng bộ xã Tân Phú", "--chu-viet-tat", "CB", "--dia-danh", "Tân Phú",
        "--co-quan-cap-tren", "Đảng ủy xã Tân Phú", "--chuc-vu", "Bí thư", "--ho-ten", "Võ Thị Hạnh",
    ]  # fmt: skip
    refused = cli("new-plan", "--plans-dir", plans, "--yes", *chi_bo)
    assert refused.exit_code == 2 and "--nhiem-ky" in refused.stderr
    assert not (plans / "chi-bo-th-tan-phu").exists()
    made = cli("new-plan", "--plans-dir", plans, "--yes", "--nhiem-ky", "20/08/2025", "-o", tmp_path / "o", *chi_bo)
    assert made.exit_code == 0, made.stderr
    assert "nhiem_ky:\n" in (plans / "chi-bo-th-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert signature(tmp_path / "o") == ["T/M CHI BỘ", "BÍ THƯ"]
    checked = cli("validate", "--plans-dir", plans)
    assert not [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("unit.yaml")]
    final = cli("plan", "--plans-dir", plans, "--final", "-o", tmp_path / "o")
    assert final.exit_code == 0, final.stderr
    assert "Đã cấp số 01-KH/CB" in final.stderr
    # a plan dated before the term declared would be refused its number: validate says so first
    from helpers import edit

    edit(plans, "chi-bo-th-tan-phu/unit.yaml", "- tu: 2025-08-20", "- tu: 2030-08-20")
    said = [m for p, _, _, m in located(cli("validate", "--plans-dir", plans).stderr, warnings=True)]
    assert any(m.startswith("cảnh báo: nhiệm kỳ: ngày ban hành") and "không thuộc nhiệm kỳ nào" in m for m in said)
    edit(plans, "chi-bo-th-tan-phu/unit.yaml", "- tu: 2030-08-20", "- tu: 2025-08-20")
    # asked at the terminal (or piped in) too, checked as typed
    asked = tmp_path / "asked"
    answers = ["chi-bo-th-tan-phu", "2026", "Chi bộ Trường Tiểu học Tân Phú", "Đảng bộ xã Tân Phú", "CB", "Tân Phú",
               "Đảng ủy xã Tân Phú", "", "Võ Thị Hạnh", "tháng 8", "20/08/2025", "", ""]  # fmt: skip
    result = cli("new-plan", "--plans-dir", asked, "-o", asked / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    assert "Ngày bắt đầu nhiệm kỳ cấp ủy" in out and "'tháng 8' không phải một ngày" in out
    assert "- tu: 2025-08-20" in (asked / "chi-bo-th-tan-phu/unit.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- first use: new-plan's questions


def test_new_plan_checks_each_answer_as_it_is_typed(cli, tmp_path):
    plans = tmp_path / "plans"
    answers = ["ubnd-xa-tan-phu", "2026", "Ủy ban nhân dân xã Tân Phú", "", "Tân Phú", "UBND", "Tân Phú", "",
               "", "Nguyễn Văn An", "", ""]  # fmt: skip
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    # refused at once, with what is allowed, and asked again before the next question …
    refused = out.index("'TÂN PHÚ' không đúng dạng")
    assert "chữ in hoa và số" in out[refused:] and refused < out.index("Địa danh ghi trước ngày tháng")
    # … and no answer is lost: the unit is made with every one of them
    unit = (plans / "ubnd-xa-tan-phu/unit.yaml").read_text(encoding="utf-8")
    assert 'chu_viet_tat: "UBND"' in unit and 'dia_danh: "Tân Phú"' in unit and "Nguyễn Văn An" in unit
    # given as an option, it is the command line's mistake, named by its option, before anything is written
    wrong = [v if v != "UBND" else "Tân Phú" for v in COMMUNE]
    flagged = cli(
        "new-plan", "--plans-dir", tmp_path / "p2", "--unit", "ubnd-xa-tan-phu", "--year", "2026", "--yes", *wrong
    )
    assert flagged.exit_code == 2 and flagged.stderr.startswith("--chu-viet-tat 'Tân Phú': ")
    assert "unit.yaml" not in flagged.stderr and not (tmp_path / "p2").exists()


def test_new_plan_reads_answers_piped_in_and_says_how_to_give_them_as_options(cli, tmp_path):
    plans = tmp_path / "plans"
    # (the cli fixture's input is not a terminal: as `… | danvan new-plan`)
    answers = ["mn-moi", "2027", "Trường Mầm non Mới", "", "MNM", "Xã Mới", "", "", "Phạm Thị Lan", "", ""]
    result = cli("new-plan", "--plans-dir", plans, "-o", tmp_path / "o", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (
        "Chức vụ người ký (ví dụ: Hiệu trưởng; Phó Hiệu trưởng khi cấp phó ký thay) (Hiệu trưởng): Hiệu trưởng"
        in " ".join(result.stdout.split())
    )
    assert (plans / "mn-moi/2027/plan.yaml").exists()
    # answers that stop half-way: the rest are the options' (none here), named in one line with how to give them
    stopped = cli("new-plan", "--plans-dir", tmp_path / "p2", input="mn-moi\n2027\nTrường Mầm non Mới\n")
    assert stopped.exit_code == 2
    assert "cần thêm: --chu-viet-tat, --dia-danh, --chuc-vu, --ho-ten" in stopped.stderr
    assert "đưa các câu trả lời vào, mỗi dòng một câu" in stopped.stderr
    # nothing piped in, every option given: made as with --yes
    quiet = cli("new-plan", "--plans-dir", tmp_path / "p3", "--unit", "ubnd-xa-tan-phu", "--year", "2026", *COMMUNE)
    assert quiet.exit_code == 0, quiet.stderr


# ---------------------------------------------------------------- what was sent


def test_status_counts_a_report_issued_or_exported_as_reported_with_its_number_and_date(cli, tmp_path):
    import json

    plans = tmp_path / "plans"  # (the cli fixture works in tmp_path: exports/ is beside plans/, as export writes it)
    new_commune(cli, plans)
    added = cli(
        "progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans
    )
    assert added.exit_code == 0, added.stderr
    issued = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-05-10")
    assert issued.exit_code == 0 and "Đã cấp số 01/BC-UBND" in issued.stderr, issued.stderr
    result = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "6 tháng đầu năm 2026: đã báo cáo: số 01/BC-UBND ngày 10/05/2026" in result.stdout
    assert "quá hạn 201 ngày" not in result.stdout
    data = json.loads(cli("status", "--plans-dir", plans, "--as-of", "2026-12-02", "--json").stdout)
    six = data["reports"][0]
    assert six["reported"] is True and six["reported_as"] == "issued" and six["number"] == "01/BC-UBND"
    assert six["report_date"] == "2026-05-10" and six["overdue"] is False
    # before it was issued, it was not reported
    before = json.loads(cli("status", "--plans-dir", plans, "--as-of", "2026-05-09", "--json").stdout)
    assert before["reports"][0]["reported"] is False
    # the yearly report made by the scheduled export (a draft, no number yet) counts as made too
    exported = cli("export", "--plans-dir", plans, "--today", "2026-11-10", "--no-pdf")
    assert exported.exit_code == 0, exported.stderr
    result = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "năm 2026: đã xuất (danvan export), chưa có số ngày 10/11/2026" in result.stdout
    assert "đã quá hạn" not in result.stdout.split("Các kỳ báo cáo:")[1]


# ---------------------------------------------------------------- which date


def date_line(path: Path) -> str:
    from conftest import docx_paragraphs

    return next(p for p in docx_paragraphs(path) if p.startswith("Tân Phú, ngày"))


def test_a_report_issued_after_its_deadline_is_dated_the_day_it_is_made_unless_a_date_is_given(cli, tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    new_commune(cli, plans)
    cli("progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans)
    late = cli("report", "--plans-dir", plans, "--period", "year", "--final", "--draft-ok", "--as-of", "2026-12-02",
               "-o", out)  # fmt: skip
    assert late.exit_code == 0, late.stderr
    docx = out / "BC-UBND-2026-nam.docx"
    assert date_line(docx) == "Tân Phú, ngày 02 tháng 12 năm 2026"  # not 14/11, the day before the deadline
    assert "- so: 1\n  ky_hieu: BC-UBND\n  ngay: 2026-12-02" in (
        plans / "ubnd-xa-tan-phu/2026/so-van-ban-di.yaml"
    ).read_text(encoding="utf-8")
    assert "đề lùi ngày" not in late.stderr
    # made again later (not issued again), it keeps the date it was issued with
    again = cli("report", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-20", "-o", out)
    assert again.exit_code == 0 and date_line(docx) == "Tân Phú, ngày 02 tháng 12 năm 2026"
    # a date the clerk gives is the document's, and a date before the day its number is taken is said
    given = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-12-02",
                "--ngay", "14/05/2026", "-o", out)  # fmt: skip
    assert given.exit_code == 0, given.stderr
    assert date_line(out / "BC-UBND-2026-6-thang-dau-nam.docx") == "Tân Phú, ngày 14 tháng 5 năm 2026"
    assert (
        "cảnh báo: văn bản số 02/BC-UBND đề ngày 14/05/2026, trước ngày lấy số (02/12/2026): văn bản đề lùi ngày"
        in given.stderr
    )
    # a date before the report's data begins is no date for it
    wrong = cli("report", "--plans-dir", plans, "--period", "6m", "--ngay", "01/12/2025", "-o", out)
    assert wrong.exit_code == 2 and wrong.stderr.startswith("--ngay 01/12/2025: ")
    # a plan numbered after the date it gives is said too
    plan = cli("plan", "--plans-dir", plans, "--final", "-o", out)
    assert "đề ngày 08/01/2026, trước ngày lấy số" in plan.stderr


def test_no_report_cites_a_plan_dated_after_it_not_even_from_export_all(cli, tmp_path):
    plans = tmp_path / "plans"
    new_commune(cli, plans)
    made = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--ngay", "15/01/2027", "--yes"
    )
    assert made.exit_code == 0, made.stderr
    exported = cli("export", "--plans-dir", plans, "--all", "--no-pdf", "--today", "2026-12-02", "-o", tmp_path / "ex")
    assert exported.exit_code == 0, exported.stderr
    assert not list((tmp_path / "ex/ubnd-xa-tan-phu/2027").glob("BC-*"))
    assert "báo cáo năm 2027: sẽ dẫn kế hoạch năm 2027 ban hành ngày 15/01/2027, sau ngày báo cáo (02/12/2026)" in (
        exported.stdout
    )
    asked = cli("report", "--plans-dir", plans, "--year", "2027", "--period", "year", "--as-of", "2026-12-02")
    assert asked.exit_code == 1 and "sau ngày báo cáo (02/12/2026); chưa làm báo cáo này" in asked.stderr


# ---------------------------------------------------------------- which year


def test_without_year_commands_work_on_the_report_being_finished_and_say_so(cli, tmp_path):
    plans, out = tmp_path / "plans", tmp_path / "out"
    new_commune(cli, plans)
    cli("progress", "add", "tuyen-truyen", "Tuyên truyền tại các thôn", "--date", "2026-03-10", "--plans-dir", plans)
    six = cli("report", "--plans-dir", plans, "--period", "6m", "--final", "--draft-ok", "--as-of", "2026-05-10")
    assert six.exit_code == 0, six.stderr
    made = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "ubnd-xa-tan-phu/2026", "--ngay", "15/01/2027", "--yes"
    )
    assert made.exit_code == 0, made.stderr
    # 02/12/2026: 2027's data has begun, but 2026's yearly report is overdue and not issued: that is the one
    said = "Năm kế hoạch: 2026 (báo cáo năm 2026 đã quá hạn 15/11/2026 mà chưa ban hành). Chọn năm khác bằng --year."
    status = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert said in status.stderr and "kế hoạch năm 2026" in status.stdout
    assert "Năm kế hoạch: 20" in cli("score", "--plans-dir", plans).stderr  # (score works on today: its year is said)
    final = cli("report", "--plans-dir", plans, "--period", "year", "--final", "--draft-ok", "--as-of", "2026-12-02",
                "-o", out)  # fmt: skip
    assert final.exit_code == 0, final.stderr
    assert said in final.stderr and (out / "BC-UBND-2026-nam.docx").exists()
    assert "Đã cấp số 02/BC-UBND (sổ văn bản đi năm 2026)" in final.stderr
    # issued: the next report worked on is 2027's, whose data holds the day
    status = cli("status", "--plans-dir", plans, "--as-of", "2026-12-02")
    assert "Năm kế hoạch: 2027 (năm có kỳ số liệu chứa ngày 02/12/2026" in status.stderr
    assert "kế hoạch năm 2027" in status.stdout
    # the register shown is this calendar year's, not next year's empty book
    from danvan_cli.register import book_year
    from danvan_cli.workspace import Workspace

    assert book_year(Workspace(plans), "ubnd-xa-tan-phu", None, today=dt.date(2026, 12, 2)) == 2026


def test_aggregate_status_all_and_score_all_choose_the_year_by_one_rule_and_say_it(cli, tmp_path):
    plans = tmp_path / "plans"
    assert cli("demo-units", "3", "--plans-dir", plans, "--year", "2026").exit_code == 0
    carried = cli(
        "new-plan", "--plans-dir", plans, "--from", plans / "don-vi-0001/2026", "--ngay", "20/12/2026", "--yes"
    )
    assert carried.exit_code == 0, carried.stderr  # one unit has made next year's plan in December
    said = "Năm báo cáo: 2026 (năm gần nhất có dữ liệu của các đơn vị mà kỳ báo cáo năm 2026 đã bắt đầu"
    made = cli("aggregate", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-02", "-o", tmp_path / "o")
    assert made.exit_code == 0, made.stderr  # --year is no longer required
    assert said in made.stderr and list((tmp_path / "o").glob("BC-*-2026-*.docx"))
    listed = cli("status", "--all", "--plans-dir", plans, "--period", "year", "--as-of", "2026-12-02")
    assert listed.exit_code == 0 and said in listed.stderr
    scored = cli("score", "--all", "--plans-dir", plans)
    assert scored.exit_code == 0 and "Năm báo cáo: " in scored.stderr and "Chọn năm khác bằng --year." in scored.stderr


# ---------------------------------------------------------------- first use: the self-assessment


def test_a_new_unit_makes_its_self_assessment_from_the_criteria_it_is_given_never_another_provinces(cli, tmp_path):
    import json
    import shutil

    from conftest import SEED_PLANS, docx_paragraphs
    from helpers import edit

    plans = tmp_path / "plans"
    new_commune(cli, plans)
    year = plans / "ubnd-xa-tan-phu/2026"
    missing = cli("score", "--plans-dir", plans)
    assert missing.exit_code == 1 and "danvan score --tao" in missing.stderr and "năm trước" not in missing.stderr
    # no criteria given yet: a neutral sample, said to be one, naming no province
    made = cli("score", "--plans-dir", plans, "--tao")
    assert made.exit_code == 0, made.stderr
    assert "bộ tiêu chí MẪU (không của tỉnh nào)" in made.stderr
    sample = (year / "tieu-chi.yaml").read_text(encoding="utf-8")
    assert "vi_du: true" in sample and "Hưng Yên" not in sample and "02/2020" not in sample
    scores = (year / "tu-cham.yaml").read_text(encoding="utf-8")
    assert '  - ma: "2.3"\n    diem:\n' in scores and "# 2.3. Phong trào thi đua" in scores
    assert '  - ma: "3.1"' not in scores  # the level above scores its own group
    table = cli("score", "--plans-dir", plans, "--json")
    assert table.exit_code == 0, table.stderr
    assert json.loads(table.stdout)["own_total"] == 0 and "bộ tiêu chí còn là mẫu" in table.stderr
    checked = cli("validate", "--plans-dir", plans)
    assert any("bộ tiêu chí còn là mẫu (vi_du: true)" in m for p, _, _, m in located(checked.stderr, warnings=True))
    edit(plans, "ubnd-xa-tan-phu/2026/tu-cham.yaml", '  - ma: "1.1"\n    diem:\n', '  - ma: "1.1"\n    diem: 9\n')
    assert json.loads(cli("score", "--plans-dir", plans, "--json").stdout)["own_total"] == 9
    out = tmp_path / "out"
    cli("report", "--plans-dir", plans, "--period", "year", "--as-of", "2026-11-14", "-o", out)
    basis = next(p for p in docx_paragraphs(out / "BC-UBND-2026-nam.docx") if p.startswith("Theo "))
    assert basis == "Theo Tiêu chí đánh giá, xếp loại công tác dân vận"  # no province, no decision number
    again = cli("score", "--plans-dir", plans, "--tao")
    assert again.exit_code == 1 and "không ghi đè" in again.stderr
    assert "diem: 9" in (year / "tu-cham.yaml").read_text(encoding="utf-8")
    # the criteria the unit is given: copied in, and no warning
    other = tmp_path / "other"
    new_commune(cli, other)
    given = tmp_path / "tieu-chi-dong-nai.yaml"
    given.write_text(sample.replace("vi_du: true\n", "").replace("can_cu:", "can_cu: Quyết định số 05/2025/QĐ-UBND"),
                     encoding="utf-8")  # fmt: skip
    assert cli("score", "--plans-dir", other, "--tao", "--tieu-chi", given).exit_code == 0
    assert (other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml").read_bytes() == given.read_bytes()
    checked = cli("validate", "--plans-dir", other)
    assert not any("mẫu" in m for p, _, _, m in located(checked.stderr, warnings=True))
    # the seed's sample copied into another province's commune is said, with what its Phụ lục would print
    (other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml").unlink()
    shutil.copy(SEED_PLANS / "mn-hung-an/2022/tieu-chi.yaml", other / "ubnd-xa-tan-phu/2026/tieu-chi.yaml")
    checked = cli("validate", "--plans-dir", other)
    (said,) = [m for p, _, _, m in located(checked.stderr, warnings=True) if p.endswith("tieu-chi.yaml")]
    assert "bộ tiêu chí còn là mẫu" in said and "tỉnh Hưng Yên" in said


# ---------------------------------------------------------------- first use: a unit's own template


def _own_template_remarks(cli, plans: Path) -> list[str]:
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if "mẫu riêng không giữ định dạng" in line]


def test_a_unit_template_saved_in_libreoffice_that_lost_the_bold_of_its_trich_yeu_is_said(
    cli, plans, tmp_path, soffice
):
    import subprocess

    from conftest import ROOT, use_unit_template

    work = tmp_path / "lo"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(work), str(ROOT / "templates/ke-hoach.docx")],
        check=True, capture_output=True, timeout=120, env={**__import__("os").environ, "HOME": str(work)},
    )  # fmt: skip
    use_unit_template(plans, work / "ke-hoach.docx")
    (said,) = _own_template_remarks(cli, plans)
    assert said.startswith("plans/mn-hung-an/mau/ke-hoach.docx: cảnh báo: mẫu riêng không giữ định dạng NĐ 30")
    assert "trích yếu in không đậm (phải đậm, cỡ 13–14)" in said
    # and the document made from it does lose it: what validate says is what the clerk would print
    out = tmp_path / "out"
    assert cli("plan", "--plans-dir", plans, "-o", out).exit_code == 0
    from docx import Document

    doc = Document(str(next(out.glob("KH-*.docx"))))
    title = next(p for p in doc.paragraphs if p.text.startswith("Triển khai thực hiện"))
    assert not any(r.font.bold for r in title.runs if r.text.strip()) and not title.style.font.bold


def test_a_unit_templates_signer_and_title_formatting_is_checked_and_the_builtin_ones_pass(cli, plans, tmp_path):
    import shutil

    from conftest import ROOT, use_unit_template
    from docx import Document

    own = use_unit_template(plans, ROOT / "templates/bao-cao.docx", kind="bao_cao")
    shutil.copy(ROOT / "templates/bao-cao-tong-hop.docx", plans / "mn-hung-an/mau")
    unit = plans / "mn-hung-an/unit.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8") + "  bao_cao_tong_hop: mau/bao-cao-tong-hop.docx\n", encoding="utf-8"
    )
    assert _own_template_remarks(cli, plans) == []  # the built-in templates as the unit's own: nothing to say
    doc = Document(str(own))
    for paragraph in [p for t in doc.tables for c in t._cells for p in c.paragraphs] + list(doc.paragraphs):
        for run in paragraph.runs:
            if "ho_ten_ky" in run.text:
                run.font.bold = False
            if run.text == "BÁO CÁO":
                run.font.size = __import__("docx").shared.Pt(11)
    doc.save(str(own))
    (said,) = _own_template_remarks(cli, plans)
    assert "họ tên người ký in không đậm" in said and "tên loại cỡ chữ 11 (phải 13–14)" in said
    assert "trích yếu" not in said and "chức vụ" not in said
