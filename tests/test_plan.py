"""`danvan plan`: the seed's Kế hoạch, complete and laid out as NĐ 30 asks, and its failures."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_TEXT, docx_paragraphs, norm, use_unit_template
from helpers import PLAN_STEM, render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STEM = PLAN_STEM


def test_every_paragraph_of_the_seed_is_in_the_document(cli, plans):
    result, docx = render(cli, plans)
    assert result.exit_code == 0, result.stderr
    assert f"{STEM}.docx" in result.stdout
    rendered = [norm(p) for p in docx_paragraphs(docx)]
    seed = [norm(line) for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(seed) == 20
    missing = [p for p in seed if p not in rendered]
    assert missing == []


# The seed's text as the project was given it (sha256): the tests compare documents with this file, never an edit of it.
SEED_SHA256 = "8d37338bfbb9efa846dac8b6534a25b76723147cd954889653e359141483c5a0"


def test_the_seed_text_is_the_one_the_project_was_given():
    import hashlib

    assert hashlib.sha256(SEED_TEXT.read_bytes()).hexdigest() == SEED_SHA256


def test_header_title_and_signature_text(cli, plans):
    _, docx = render(cli, plans)
    paragraphs = [norm(p) for p in docx_paragraphs(docx)]
    for expected in [
        "PHÒNG GD&ĐT KIM ĐỘNG",
        "TRƯỜNG MẦM NON HÙNG AN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/KH-MNHA",
        "Hùng An, ngày 25 tháng 01 năm 2022",
        "KẾ HOẠCH",
        "Triển khai thực hiện công tác dân vận chính quyền năm 2022",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Phòng Giáo dục và Đào tạo Kim Động;",
        "- Lưu: VT.",
        "HIỆU TRƯỞNG",
        "Nguyễn Thị Thu Hà",
    ]:
        assert expected in paragraphs, expected
    # numbering is text, in plan order
    numbered = [p.split(".")[0] for p in paragraphs if re.match(r"^\d\. ", p)]
    assert numbered == [str(i) for i in range(1, 10)]
    # no Jinja tag survives rendering
    assert not any("{{" in p or "{%" in p for p in paragraphs)


def test_draft_number_leaves_a_blank(cli, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("so: 5", "so:"), encoding="utf-8")
    _, docx = render(cli, plans)
    number = next(p for p in docx_paragraphs(docx) if p.startswith("Số:"))
    assert re.fullmatch(r"Số: \s{6}/KH-MNHA", number), repr(number)


def test_page_setup_fonts_and_page_numbers(cli, plans):
    from docx import Document
    from docx.shared import Mm

    _, docx = render(cli, plans)
    doc = Document(str(docx))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    # page number: only from page 2 (a distinct, empty first-page header), a PAGE field centred
    assert section.different_first_page_header_footer
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    header_xml = section.header._element.xml
    assert 'w:instr="PAGE"' in header_xml and 'w:val="center"' in header_xml
    # Times New Roman everywhere, for every script, and black
    styles = zipfile.ZipFile(docx).read("word/styles.xml").decode("utf-8")
    fonts = re.findall(r"<w:rFonts ([^>]*)/>", styles)
    assert fonts and all(
        'w:ascii="Times New Roman"' in f and 'w:eastAsia="Times New Roman"' in f and 'w:cs="Times New Roman"' in f
        for f in fonts
    )
    assert "Theme" not in "".join(fonts)
    assert set(re.findall(r'<w:color w:val="([0-9A-Fa-f]+)"', styles)) <= {"000000"}
    # body: justified, first-line indent 1–1.27 cm, ≥ 6 pt before, line spacing single to 1.5
    normal = doc.styles["Normal"].paragraph_format
    assert str(normal.alignment).endswith("JUSTIFY (3)") or normal.alignment == 3
    assert 10 <= normal.first_line_indent.mm <= 12.8
    assert normal.space_before.pt >= 6
    assert 1.0 <= normal.line_spacing <= 1.5
    assert doc.styles["Normal"].font.size.pt in (13, 14)
    # header: a borderless table of fixed layout
    header_table = doc.tables[0]
    tbl_pr = header_table._tbl.tblPr.xml
    assert 'w:type="fixed"' in tbl_pr and 'w:val="nil"' in tbl_pr
    total = sum(c.width for c in header_table.rows[0].cells)
    assert abs(total - Mm(165)) < Mm(1)


def test_signature_row_is_kept_on_one_page(cli, plans):
    from docx import Document

    _, docx = render(cli, plans)
    doc = Document(str(docx))
    signature = doc.tables[-1]
    assert "w:cantSplit" in signature.rows[0]._tr.xml
    assert signature.cell(0, 0).paragraphs[0].text == "Nơi nhận:"
    run = signature.cell(0, 0).paragraphs[0].runs[0]
    assert run.bold and run.italic and run.font.size.pt == 12
    item = signature.cell(0, 0).paragraphs[1]
    assert item.style.font.size.pt == 11


def test_special_characters_render_as_written(cli, plans):
    path = plans / "mn-hung-an/2022/plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "trich_yeu: Triển khai thực hiện công tác dân vận chính quyền năm 2022",
        "trich_yeu: 'A & B <c> \"q\" {{ 7*7 }} {% if x %} ]]>'",
    )
    text = text.replace("mo_dau:\n", 'mo_dau:\n  - "Hết\\x01 \\x0bdòng"\n', 1)
    path.write_text(text, encoding="utf-8")
    result, docx = render(cli, plans)
    assert result.exit_code == 0, result.stderr
    paragraphs = docx_paragraphs(docx)
    assert 'A & B <c> "q" {{ 7*7 }} {% if x %} ]]>' in paragraphs
    assert "Hết dòng" in paragraphs
    # the removed characters are reported with the field and its place
    assert re.search(r"plan\.yaml:\d+:\d+: cảnh báo: đã bỏ ký tự điều khiển .*mo_dau\.0", result.stderr)
    # and python-docx reopens the file
    from docx import Document

    Document(str(docx))


def test_output_folder_that_cannot_be_written(cli, plans, tmp_path):
    if os.geteuid() == 0:
        # root ignores permission bits; a path under a regular file cannot be created by anyone
        blocker = tmp_path / "blocker"
        blocker.write_text("x", encoding="utf-8")
        out = blocker / "out"
    else:
        out = tmp_path / "ro"
        out.mkdir()
        out.chmod(0o500)
    result, docx = render(cli, plans, out)
    assert result.exit_code == 3, result.stderr
    assert "không" in result.stderr and "Traceback" not in result.stderr
    assert not docx.exists()


def test_failed_write_leaves_the_previous_output_whole(cli, plans, monkeypatch):
    result, docx = render(cli, plans)
    assert result.exit_code == 0
    before = docx.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result, _ = render(cli, plans)
    assert result.exit_code == 3
    assert "ổ đĩa đã đầy, ENOSPC" in result.stderr and "No space" not in result.stderr
    assert docx.read_bytes() == before
    assert [p.name for p in docx.parent.iterdir()] == [docx.name]  # no temporary file left


def test_missing_template_is_named(cli, plans):
    unit = plans / "mn-hung-an/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "mau:\n  ke_hoach: mau-rieng/khong-co.docx\n", encoding="utf-8")
    result, docx = render(cli, plans)
    assert result.exit_code == 1
    assert "khong-co.docx" in result.stderr and "không tìm thấy mẫu" in result.stderr
    assert not docx.exists()


def test_broken_template_is_named(cli, plans):
    (plans / "mn-hung-an/hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    unit = plans / "mn-hung-an/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "mau:\n  ke_hoach: hong.docx\n", encoding="utf-8")
    result, docx = render(cli, plans)
    assert result.exit_code == 1
    assert "hong.docx" in result.stderr and ".docx" in result.stderr
    assert not docx.exists()


def _template_with(tmp_path: Path, old: str, new: str) -> Path:
    from danvan_cli.render import builtin_templates_dir

    source = builtin_templates_dir() / "ke-hoach.docx"
    target = tmp_path / "custom.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)
    return target


@pytest.mark.parametrize(
    "tag, expect",
    [
        ("{{ ten_co_quan_sai }}", "ten_co_quan_sai"),
        ("{{ ''.__class__.__mro__ }}", "không an toàn"),
        ("{{ trich_yeu.__init__.__globals__ }}", "không an toàn"),
        ("{% if %}", "cú pháp"),
    ],
)
def test_a_unit_template_that_misbehaves_is_refused(cli, plans, tmp_path, tag, expect):
    use_unit_template(plans, _template_with(tmp_path, "{{ so_ky_hieu }}", tag))
    result, docx = render(cli, plans)
    assert result.exit_code == 1, result.stdout
    assert "custom.docx" in result.stderr and expect in result.stderr
    assert "Traceback" not in result.stderr
    assert not docx.exists()


def tool(name: str):
    """A developer script of tools/ loaded as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_templates_match_their_build_script(tmp_path):
    """templates/*.docx are what tools/build_templates.py makes (layout decisions live in one place)."""
    module = tool("build_templates")
    for built in module.main(tmp_path):
        committed = ROOT / "templates" / built.name
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            with zipfile.ZipFile(built) as a, zipfile.ZipFile(committed) as b:
                if part in a.namelist():
                    assert a.read(part) == b.read(part), f"{built.name}:{part} differs: run `make templates`"


def test_glossary_is_current():
    module = tool("glossary")
    assert (ROOT / "docs/glossary.md").read_text(encoding="utf-8") == module.glossary(), "run: python tools/glossary.py"


def test_a_document_of_one_unit_never_replaces_anothers(danvan, plans):
    """File names carry the unit's abbreviation; where two units share one, the second is refused, naming both."""
    import shutil

    shutil.copytree(plans / "mn-hung-an", plans / "mn-hung-an-2")
    unit = plans / "mn-hung-an-2/unit.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("Trường Mầm non Hùng An", "Trường Mầm non Hùng An 2"), encoding="utf-8"
    )
    out = plans.parent / "out"
    first = danvan("plan", "--unit", "mn-hung-an", "-o", out)
    assert first.exit_code == 0 and (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    before = (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").read_bytes()
    second = danvan("plan", "--unit", "mn-hung-an-2", "-o", out)
    assert second.exit_code == 1
    assert "'mn-hung-an'" in second.stderr and "'mn-hung-an-2'" in second.stderr and "-o" in second.stderr
    assert (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").read_bytes() == before
    # with its own abbreviation, the second unit's plan stands beside the first
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("chu_viet_tat: MNHA", "chu_viet_tat: MNHA2"), encoding="utf-8"
    )
    assert danvan("plan", "--unit", "mn-hung-an-2", "-o", out).exit_code == 0
    assert (out / "KH-MNHA2-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    # and the same unit may always replace its own document
    assert danvan("plan", "--unit", "mn-hung-an", "-o", out).exit_code == 0


def test_the_seed_plan_renders_exactly_as_before_the_outline_model(cli, plans):
    """Issue 19 made the body an outline of any depth; the seed's plan, written in the old keys, must come
    out paragraph for paragraph as it did (tests/data/seed-plan-paragraphs.txt, saved before the change). One line
    changed since, by issue 17: the rule under the Tiêu ngữ, as long as the motto at its 13 pt."""
    result, docx = render(cli, plans)
    assert result.exit_code == 0, result.stderr
    before = (ROOT / "tests/data/seed-plan-paragraphs.txt").read_text(encoding="utf-8").splitlines()
    assert docx_paragraphs(docx) == before
