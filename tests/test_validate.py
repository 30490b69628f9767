"""Bad input: each case ends in exit 1 and a `path:line:col: message` in Vietnamese, never a traceback."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, use_unit_template
from helpers import PLAN_YAML, UNIT_YAML, YEAR_DIR, edit, line_of, located, new_commune, unit_args


def check_fails(cli, plans, *expect: str):
    """Both `validate` and `plan` refuse, with the expected words in a located message."""
    for args in (
        ["validate", "--plans-dir", plans],
        ["plan", *unit_args(plans), "-o", plans.parent / "out"],
    ):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        found = located(result.stderr)
        assert found, result.stderr
        for word in expect:
            assert any(word in msg for *_, msg in found), (word, result.stderr)
    assert not (plans.parent / "out").exists() or not any((plans.parent / "out").iterdir())
    return found


def test_the_seed_is_valid(danvan):
    result = danvan("validate")
    assert result.exit_code == 0, result.stderr
    assert "Dữ liệu hợp lệ" in result.stdout


def test_yaml_syntax_error(cli, plans):
    edit(plans, PLAN_YAML, "trich_yeu: Triển khai", "trich_yeu: Triển khai: lỗi")
    (path, line, _col, _msg), *_ = check_fails(cli, plans, "lỗi cú pháp YAML", "ngoặc kép")
    assert path.endswith("plan.yaml") and line == line_of(plans, PLAN_YAML, "trich_yeu:")


def test_a_key_written_twice_is_refused_naming_both_lines(cli, plans):
    first = line_of(plans, UNIT_YAML, "dia_danh:")
    edit(plans, UNIT_YAML, "dia_danh: Hùng An", "dia_danh: Hùng An\ndia_danh: Kim Động")
    (path, line, col, _msg), *_ = check_fails(cli, plans, "khóa 'dia_danh' bị lặp lại", f"đã có ở dòng {first}")
    assert path.endswith("unit.yaml") and (line, col) == (first + 1, 1)


def test_a_merge_key_is_refused_not_silently_merged(cli, plans):
    edit(plans, UNIT_YAML, "nguoi_ky:", "mac_dinh: &ky\n  chuc_vu: Hiệu trưởng\nnguoi_ky:\n  <<: *ky")
    (_path, line, _col, _msg), *_ = check_fails(cli, plans, "không hỗ trợ khóa gộp '<<'")
    assert line == line_of(plans, UNIT_YAML, "<<: *ky")


@pytest.mark.parametrize(
    "value, expect",
    [
        ("!!python/object/apply:os.system ['echo pwned']", "thẻ YAML"),
        ("!ten-rieng Hùng An", "thẻ YAML !ten-rieng không được hỗ trợ"),
        ("!!set {a, b}", "thẻ YAML tag:yaml.org,2002:set không được hỗ trợ"),
        ("!!binary aGVsbG8=", "thẻ YAML tag:yaml.org,2002:binary không được hỗ trợ"),
    ],
)
def test_yaml_tags_are_refused_at_their_place(cli, plans, value, expect):
    edit(plans, UNIT_YAML, "dia_danh: Hùng An", f"dia_danh: {value}")
    (_path, line, col, _msg), *_ = check_fails(cli, plans, expect)
    assert (line, col) == (line_of(plans, UNIT_YAML, "dia_danh: !"), 11)


def test_nesting_deeper_than_100_levels_is_refused_and_100_is_read(cli, plans):
    def nested(levels: int) -> str:
        return "".join("  " * i + f"k{i}:\n" for i in range(levels - 1)) + "  " * (levels - 1) + "k: 1\n"

    (plans / PLAN_YAML).write_text(nested(101), encoding="utf-8")
    (_path, line, _col, _msg), *_ = check_fails(cli, plans, "dữ liệu lồng nhau quá 100 cấp")
    assert line == 101
    (plans / PLAN_YAML).write_text(nested(100), encoding="utf-8")
    result = cli("validate", "--plans-dir", plans)
    assert "lồng nhau" not in result.stderr and "khóa 'k0' không hợp lệ" in result.stderr  # read, then refused by name


def test_tab_used_for_indentation(cli, plans):
    edit(plans, UNIT_YAML, "  chuc_vu: Hiệu trưởng", "\tchuc_vu: Hiệu trưởng")
    (path, line, col, _msg), *_ = check_fails(cli, plans, "Tab")
    assert path.endswith("unit.yaml") and (line, col) == (line_of(plans, UNIT_YAML, "\tchuc_vu:"), 1)


def test_wrong_type(cli, plans):
    edit(plans, PLAN_YAML, "so: 5", "so: năm")
    (_path, line, col, _msg), *_ = check_fails(cli, plans, "'năm' không phải một con số", "số văn bản")
    assert (line, col) == (line_of(plans, PLAN_YAML, "so: năm"), 5)


def test_impossible_date(cli, plans):
    edit(plans, PLAN_YAML, "ngay: 2022-01-25", "ngay: 2022-02-30")
    (_path, line, col, _msg), *_ = check_fails(cli, plans, "2022-02-30", "tháng 2 năm 2022 chỉ có 28 ngày")
    assert (line, col) == (line_of(plans, PLAN_YAML, "ngay: 2022-02-30"), 7)


def test_missing_required_key(cli, plans):
    edit(plans, UNIT_YAML, "dia_danh: Hùng An\n", "")
    found = check_fails(cli, plans, "thiếu khóa bắt buộc 'dia_danh'")
    assert found[0][0].endswith("unit.yaml")


def test_misspelt_key_suggests_the_right_one(cli, plans):
    edit(plans, PLAN_YAML, "trich_yeu:", "trich_yue:")
    found = check_fails(cli, plans, "khóa 'trich_yue' không hợp lệ", "có phải ý bạn là 'trich_yeu'?")
    line = line_of(plans, PLAN_YAML, "trich_yue:")
    assert (line, 1) in [(ln, c) for _, ln, c, m in found if "trich_yue" in m]


def test_misspelt_nested_key(cli, plans):
    edit(plans, PLAN_YAML, "      - ma: dan-van-kheo", "      - mma: dan-van-kheo")
    found = check_fails(cli, plans, "khóa 'mma' không hợp lệ", "'ma'")
    assert any(line == line_of(plans, PLAN_YAML, "mma:") and col == 9 for _, line, col, _ in found)


def test_two_tasks_with_one_id(cli, plans):
    edit(plans, PLAN_YAML, "      - ma: dan-van-kheo", "      - ma: tuyen-truyen")
    first = line_of(plans, PLAN_YAML, "ma: tuyen-truyen")
    found = check_fails(cli, plans, "mã nhiệm vụ 'tuyen-truyen' bị trùng", f"dòng {first}")
    assert found[0][1] > first


def test_every_problem_at_once(danvan, plans):
    edit(plans, PLAN_YAML, "ngay: 2022-01-25", "ngay: 2022-13-01")
    edit(plans, PLAN_YAML, "trich_yeu:", "trich_yue:")
    edit(plans, UNIT_YAML, "chu_viet_tat: MNHA", "chu_viet_tat: mnha")
    result = danvan("validate")
    assert result.exit_code == 1
    messages = located(result.stderr)
    assert len(messages) >= 4  # bad date, unknown key, then the missing trich_yeu, lower-case abbreviation
    assert {Path(p).name for p, *_ in messages} == {"plan.yaml", "unit.yaml"}
    assert "Có " in result.stderr and "lỗi" in result.stderr


def test_empty_file(cli, plans):
    (plans / PLAN_YAML).write_text("", encoding="utf-8")
    check_fails(cli, plans, "tệp rỗng")


# Every encoding a clerk's file may come in, once: each refused with the encoding named and the place.
ENCODINGS = [
    # Windows-1258 stores tone marks as separate combining characters; its first non-UTF-8 byte is on line 1.
    ("Windows-1258", lambda t: unicodedata.normalize("NFD", t).encode("cp1258", "replace"), 1),
    ("UTF-16", lambda t: t.encode("utf-16"), None),  # Notepad's "Unicode", with its byte order mark
    ("UTF-16", lambda t: t.encode("utf-16-le"), None),  # and without
    ("TCVN3", lambda t: b"ten_co_quan: Tr\xad\xeang M\xc7m non\n", 1),  # "Trường Mầm non" in the .VnTime font
    ("VNI", lambda t: b"ten_co_quan: Tr\xf6\xf4\xf8ng Ma\xe0m non\n", 1),  # VNI-Times: marks after the letter
    ("Latin-1", lambda t: "tên: café crème".encode("latin-1"), 1),
    ("NUL", lambda t: t.replace("Hùng An", "H\x00ng An", 1).encode("utf-8"), None),
]


@pytest.mark.parametrize("named, encode, line", ENCODINGS, ids=[e[0] + str(i) for i, e in enumerate(ENCODINGS)])
def test_a_file_in_another_encoding_is_refused_naming_it(cli, plans, named, encode, line):
    text = (plans / UNIT_YAML).read_text(encoding="utf-8")
    (plans / UNIT_YAML).write_bytes(encode(text))
    found = check_fails(cli, plans, named)
    if line is not None:
        assert found[0][1] == line


def test_utf8_bom_and_crlf_are_accepted(danvan, plans):
    for rel in (PLAN_YAML, UNIT_YAML):
        text = (plans / rel).read_text(encoding="utf-8")
        (plans / rel).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = danvan("plan", "-o", plans.parent / "out")
    assert result.exit_code == 0, result.stderr


def test_decomposed_vietnamese_is_accepted_and_normalised(danvan, plans):

    text = (plans / UNIT_YAML).read_text(encoding="utf-8")
    (plans / UNIT_YAML).write_text(unicodedata.normalize("NFD", text), encoding="utf-8")
    result = danvan("plan", "-o", plans.parent / "out")
    assert result.exit_code == 0, result.stderr
    paragraphs = docx_paragraphs(next((plans.parent / "out").glob("*.docx")))
    assert "TRƯỜNG MẦM NON HÙNG AN" in paragraphs
    assert all(unicodedata.is_normalized("NFC", p) for p in paragraphs)


def test_unknown_unit_suggests_the_nearest(danvan):
    result = danvan("plan", "--unit", "mn-hung-ann")
    assert result.exit_code == 1
    assert "không có đơn vị 'mn-hung-ann'" in result.stderr and "mn-hung-an" in result.stderr


def test_unit_name_with_path_parts_is_refused(danvan):
    result = danvan("plan", "--unit", "../etc")
    assert result.exit_code == 2
    assert "không hợp lệ" in result.stderr


def test_validate_one_file(cli, plans):
    edit(plans, PLAN_YAML, "ky: year", "ky: nam")
    result = cli("validate", plans / PLAN_YAML)
    assert result.exit_code == 1
    ((_path, line, _col, msg),) = located(result.stderr)
    assert "'nam' không được phép" in msg and "'6m'" in msg and "'year'" in msg
    assert line == line_of(plans, PLAN_YAML, "ky: nam")


def test_validate_reads_the_log_and_narratives_too(cli, danvan, plans):
    year = plans / "mn-hung-an/2022"
    with open(year / "progress.yaml", "a", encoding="utf-8") as f:
        f.write("- nhiem_vu: tuyen-truyen\n  ngay: 2022-03-01\n  ket_qua: X\n  phan_tram: 120\n")
    (year / "reports/6thang.yaml").write_text("uu_diem: Tốt\n", encoding="utf-8")
    narrative = year / "reports/6m.yaml"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "ghi_chu: x\n", encoding="utf-8")
    result = danvan("validate")
    assert result.exit_code == 1
    found = located(result.stderr)
    by_file = {Path(p).name: m for p, _, _, m in found}
    assert "≤ 100" in by_file["progress.yaml"]
    assert "không phải một kỳ báo cáo" in by_file["6thang.yaml"] and "6m.yaml" in by_file["6thang.yaml"]
    assert "khóa 'ghi_chu' không hợp lệ" in by_file["6m.yaml"]
    one = cli("validate", year / "progress.yaml")
    assert one.exit_code == 1 and "≤ 100" in one.stderr


@pytest.mark.parametrize(
    "rel",
    [
        "mn-hung-an/2022/plan.yaml",
        "mn-hung-an/2022/progress.yaml",
        "mn-hung-an/unit.yaml",
        "mn-hung-an/2022/reports/6m.yaml",
    ],
)
def test_a_file_notepad_renamed_is_named_with_the_fix(danvan, plans, rel):
    """Notepad's 'Save as' adds .txt: the file would otherwise be silently ignored (or misreported)."""
    path = plans / rel
    path.rename(path.with_name(path.name + ".txt"))
    result = danvan("validate")
    assert result.exit_code == 1
    assert f"có tệp {path.name}.txt" in result.stderr.lower() and "Notepad" in result.stderr
    assert f"đổi tên thành {path.name}" in result.stderr


def test_commands_that_look_for_a_file_name_the_likely_mistake(cli, danvan, plans):
    log = plans / "mn-hung-an/2022/progress.yaml"
    log.rename(log.with_name("progress.yaml.txt"))
    for args in (["status"], ["report", "--period", "6m", "-o", plans.parent / "out"], ["progress", "list"]):
        result = cli(*args, "--plans-dir", plans)
        assert result.exit_code == 1 and "progress.yaml.txt" in result.stderr and "Notepad" in result.stderr, args
    plan = plans / "mn-hung-an/2022/plan.yaml"
    plan.rename(plan.with_name("plan.yaml.txt"))
    result = danvan("plan", "--year", "2022")
    assert result.exit_code == 1 and "plan.yaml.txt" in result.stderr


def test_validate_counts_the_files_it_really_read(danvan, plans):
    result = danvan("validate")
    # unit.yaml, plan.yaml, progress.yaml, reports/6m.yaml, tu-cham.yaml, tieu-chi.yaml
    assert result.exit_code == 0 and "(6 tệp đã kiểm tra)" in result.stdout
    (plans / "mn-hung-an/2022/reports/6m.yaml").unlink()
    assert "(5 tệp đã kiểm tra)" in danvan("validate").stdout


def test_validate_checks_a_units_own_template(danvan, plans, tmp_path):

    from danvan_cli.render import builtin_templates_dir

    template = tmp_path / "mau-rieng.docx"
    with zipfile.ZipFile(builtin_templates_dir() / "ke-hoach.docx") as zin, zipfile.ZipFile(template, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ so_ky_hieu }}", b"{{ ten_truong }}", 1)
            zout.writestr(item, data)
    use_unit_template(plans, template)
    result = danvan("validate")
    assert result.exit_code == 1
    assert "mau-rieng.docx" in result.stderr and "ten_truong" in result.stderr and "docs/templates.md" in result.stderr
    # a syntax error is named too
    own = plans / "mn-hung-an/mau/mau-rieng.docx"
    with zipfile.ZipFile(builtin_templates_dir() / "ke-hoach.docx") as zin, zipfile.ZipFile(own, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ so_ky_hieu }}", b"{% if %}", 1)
            zout.writestr(item, data)
    result = danvan("validate")
    assert result.exit_code == 1 and "cú pháp" in result.stderr


def test_the_template_reference_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("glossary", ROOT / "tools/glossary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs/templates.md").read_text(encoding="utf-8") == module.template_reference(), (
        "run: python tools/glossary.py"
    )


def test_the_reference_names_exactly_what_the_documents_give(plans):
    """docs/templates.md cannot drift from the contexts: the seed's documents give exactly the names listed."""

    from danvan_cli import context as ctx
    from danvan_cli.documents import gather_report
    from danvan_cli.loading import load_plan
    from danvan_cli.report import report_context
    from danvan_cli.workspace import Workspace

    loaded = load_plan(Workspace(plans), "mn-hung-an", 2022)
    assert set(ctx.plan_context(loaded.unit, loaded.plan)) == set(ctx.TEMPLATE_NAMES["ke_hoach"])
    inputs = gather_report(loaded, "6m", dt.date(2022, 5, 13))
    report, _ = report_context(loaded.unit, loaded.plan, inputs.narrative, inputs.data, face=inputs.face())
    assert set(report) | {"cham_diem"} == set(ctx.TEMPLATE_NAMES["bao_cao"])


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


@pytest.mark.parametrize(
    "rel, old, new",
    [
        (PLAN_YAML, "han_nop: 2022-05-15", "han_nop: 2022-05-15\n    tu_ngay: 0001-01-01"),
        (Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 0001-01-01"),
        (Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 2020-01-01"),
    ],
)
def test_20_dates_far_from_the_plan_year_are_refused_before_any_number_is_issued(danvan, plans, rel, old, new):
    edit(plans, rel, old, new)
    edit(plans, Path("mn-hung-an/2022/reports/6m.yaml"), "so: 18", "so:")
    validate = danvan("validate")
    assert validate.exit_code == 1 and located(validate.stderr)
    final = danvan("report", "--period", "6m", "-o", plans.parent / "out", "--final")
    assert final.exit_code == 1 and located(final.stderr)
    assert not (plans / "mn-hung-an/2022/so-van-ban-di.yaml").exists() and not (plans / "mn-hung-an/1").exists()


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


@pytest.mark.parametrize(
    "old, new, expect",
    [
        ("  chuc_vu: Hiệu trưởng", "  quyen_han: KT.\n  chuc_vu: Phó Hiệu trưởng", "cần ghi rõ"),
        ("luu: VT", 'luu: ""', "'luu' không được để trống"),
        ("chu_viet_tat: MNHA", "chu_viet_tat: " + "A" * 250, "'chu_viet_tat' quá dài (tối đa 20 ký tự)"),
    ],
)
def test_19_unit_text_that_would_print_wrong_is_refused(danvan, plans, old, new, expect):
    edit(plans, "mn-hung-an/unit.yaml", old, new)
    result = danvan("validate")
    assert result.exit_code == 1 and any(expect in m for *_, m in located(result.stderr)), result.stderr


@pytest.mark.parametrize(
    "old, new, expect",
    [
        ("  chuc_vu: Hiệu trưởng", "  quyen_han: T/M Chi bộ\n  chuc_vu: Bí thư", "là của cấp ủy Đảng"),
        ("luu: VT", "luu: VT\nthe_thuc: dang\nnhiem_ky:\n  - tu: 2020-08-20", "là chức vụ của chính quyền"),
    ],
)
def test_19_a_signature_of_the_other_kind_of_document_is_warned_about(danvan, plans, old, new, expect):
    edit(plans, "mn-hung-an/unit.yaml", old, new)
    result = danvan("validate")
    assert result.exit_code == 0
    assert any(
        p.endswith("unit.yaml") and "cảnh báo" in m and expect in m
        for p, _, _, m in located(result.stderr, warnings=True)
    )


def test_19_a_yearly_report_due_before_its_year_begins_is_refused(danvan, plans):
    edit(plans, YEAR_DIR / "plan.yaml", "han_nop: 2022-11-15", "han_nop: 2021-11-15")
    result = danvan("validate")
    assert result.exit_code == 1 and "đến trước cả khi kỳ năm 2022 bắt đầu" in result.stderr


# ---------------------------------------------------------------- a clerk's first week (issue 25)


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
