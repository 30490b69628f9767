"""Rendering with a unit's own template (hostile or broken ones refused, naming the template), and any text
in any field rendered as written."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, examples, norm, use_unit_template
from helpers import EVIDENCE, UNIT_YAML, rebuilt_template, render_plan_and_report, with_tag, write_fields
from hypothesis import given, settings
from hypothesis import strategies as st

# ---------------------------------------------------------------- helpers of the tests below


def _unit_template(plans: Path, template: Path) -> None:
    use_unit_template(plans, template)


# Any Unicode scalar value: letters, combining marks, emoji, right-to-left marks, controls and XML's forbidden ones.
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60)


NASTY = st.sampled_from(
    ["]]>", "{{ 7*7 }}", "{% if x %}", "<w:t>", "&amp;", "\u202e", "e\u0301", "😀", "\x00", "\x0b", "\ufffe", "\u2028"]
)


FIELD_TEXT = st.lists(st.one_of(ANY_TEXT, NASTY), min_size=1, max_size=4).map("".join)


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def expected(text: str) -> str:
    """How a text must come out: NFC, XML-forbidden characters gone, whitespace as one space."""
    return norm(_XML_FORBIDDEN.sub("", unicodedata.normalize("NFC", re.sub("[\ud800-\udfff]", "", text))))


def in_report(text: str) -> str:
    from danvan_cli.drafting import curly_quotes

    return curly_quotes(expected(text))


FIELDS = st.fixed_dictionaries(
    dict.fromkeys(
        ("dia_danh", "ho_ten", "noi_nhan", "mo_dau", "ket_qua", "so_lieu", "minh_chung", "nguyen_nhan"), FIELD_TEXT
    )
)


def _own_template_remarks(cli, plans: Path) -> list[str]:
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if "mẫu riêng không giữ định dạng" in line]


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def test_zip_bomb_template(cli, plans, tmp_path):
    template = rebuilt_template(
        tmp_path, "bomb.docx", lambda name, data: b"\0" * (200 * 1024 * 1024) if name == "__extra__" else data
    )
    assert template.stat().st_size < 2 * 1024 * 1024  # small on disk, 200 MB unpacked
    _unit_template(plans, template)
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "bomb.docx" in result.stderr and "quá lớn" in result.stderr


def test_external_entities_in_template_xml(cli, plans, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT KHẨU", encoding="utf-8")

    def xxe(name, data):
        if name != "word/document.xml":
            return b"" if name == "__extra__" else data
        xml = data.decode("utf-8")
        xml = xml.replace("?>", f'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', 1)
        return xml.replace("{{ so_ky_hieu }}", "&xxe;", 1).encode("utf-8")

    _unit_template(plans, rebuilt_template(tmp_path, "xxe.docx", xxe))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "xxe.docx" in result.stderr and "ENTITY" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_template_that_is_not_a_docx(danvan, plans, tmp_path):
    fake = tmp_path / "mau.docx"
    fake.write_text("Đây là văn bản thường, không phải Word.", encoding="utf-8")
    _unit_template(plans, fake)
    result = danvan("plan", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "mau.docx" in result.stderr and "không phải tệp Word" in result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "{{ cycler.__init__.__globals__.os.system('id') }}",
        "{{ self.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
    ],
)
def test_sandbox_escapes_are_blocked(cli, plans, tmp_path, tag):
    def inject(name, data):
        if name == "word/document.xml":
            return data.replace(b"{{ so_ky_hieu }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
        return b"" if name == "__extra__" else data

    _unit_template(plans, rebuilt_template(tmp_path, "ssti.docx", inject))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.stdout
    assert "ssti.docx" in result.stderr and (
        "không an toàn" in result.stderr or "không có trong dữ liệu" in result.stderr
    )
    assert "uid=" not in result.stdout + result.stderr


def test_undefined_names_are_named_with_their_place(cli, plans, tmp_path):
    def inject(name, data):
        if name == "word/document.xml":
            return data.replace(b"{{ so_ky_hieu }}", b"{{ ten_truong }}", 1)
        return b"" if name == "__extra__" else data

    _unit_template(plans, rebuilt_template(tmp_path, "sai-ten.docx", inject))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "sai-ten.docx" in result.stderr and "mẫu dùng tên 'ten_truong' không có trong dữ liệu" in result.stderr
    assert re.search(r"ở đoạn \d+ của mẫu: “\{\{ ten_truong \}\}”", result.stderr)


@settings(max_examples=examples(150))
@given(fields=FIELDS)
def test_any_text_in_any_field_renders_as_written_or_is_refused_clearly(tmp_path_factory, fields):
    from docx import Document

    from danvan_cli.errors import InputError

    work = tmp_path_factory.mktemp("any-text")
    plans = work / "plans"
    shutil.copytree(ROOT / "plans", plans)
    write_fields(plans, fields)
    try:
        _loaded, plan_docx, report_docx = render_plan_and_report(plans, work / "out")
    except InputError as exc:
        # The only refusal allowed: a field left empty once its unprintable characters are gone.
        assert all(re.match(r".+\.yaml:\d+:\d+: ", line) for line in exc.lines())
        assert any(expected(v) == "" or expected(v).strip(" -;.") == "" for v in fields.values()), exc.lines()
        return
    plan_text = "\n".join(norm(p) for p in docx_paragraphs(plan_docx))
    report_text = "\n".join(norm(p) for p in docx_paragraphs(report_docx))
    Document(str(plan_docx)), Document(str(report_docx))  # python-docx reopens both
    assert expected(fields["mo_dau"]) in plan_text
    assert expected(fields["ho_ten"]) in plan_text and expected(fields["ho_ten"]) in report_text
    assert expected(fields["dia_danh"]) in plan_text
    assert expected(fields["noi_nhan"]).rstrip(";.") in plan_text
    # a report's running text takes curly quotes for straight ones, as the rest of the document has them
    assert in_report("Chi bộ " + fields["ket_qua"]).rstrip(" .;") in report_text  # a doer: kept as written
    assert in_report(EVIDENCE + fields["minh_chung"]).rstrip(" .;") in report_text  # a numbered document is cited
    assert in_report(fields["nguyen_nhan"]) in report_text


def test_removed_control_characters_are_warned_about_with_their_place(danvan, plans):
    write_fields(
        plans,
        {
            k: f"A\x01B {k}"
            for k in ("dia_danh", "ho_ten", "noi_nhan", "mo_dau", "ket_qua", "so_lieu", "minh_chung", "nguyen_nhan")
        },
    )
    result = danvan("report", "--period", "6m", "--as-of", "2022-06-01", "-o", plans.parent / "out")
    assert result.exit_code == 0, result.stderr
    warned = re.findall(
        r"^(\S+\.yaml):\d+:\d+: cảnh báo: đã bỏ ký tự điều khiển không in được trong '([^']+)'", result.stderr, re.M
    )
    assert {Path(p).name for p, _ in warned} == {"unit.yaml", "plan.yaml", "progress.yaml", "6m.yaml"}
    assert "AB ho_ten" in "\n".join(docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx"))


def test_08_a_template_path_out_of_the_plans_folder_tells_nothing_of_what_exists(danvan, plans):
    messages = []
    for target in ("../../../../../../etc/passwd", "../../../../../../etc/khong-co-tep-nay"):
        unit = plans / UNIT_YAML
        unit.write_text(
            unit.read_text(encoding="utf-8").split("mau:")[0] + f"mau:\n  ke_hoach: {target}\n", encoding="utf-8"
        )
        result = danvan("plan", "-o", plans.parent / "out")
        assert result.exit_code == 1
        messages.append(result.stderr.replace(Path(target).name, "…"))
    assert messages[0] == messages[1] and "nằm ngoài" in messages[0]


def test_09_a_template_part_that_is_not_utf8_is_refused(cli, plans, tmp_path):
    def utf16(name, data):
        if name == "word/document.xml":
            return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        return b"" if name == "__extra__" else data

    _unit_template(plans, rebuilt_template(tmp_path, "utf16.docx", utf16))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "utf16.docx" in result.stderr and "UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "tag, expect",
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "quá 3 giây"),
        ("{{ 'a' * 10**9 }}", "quá dài"),
        ("{{ 'a' * 10**7 * 10 }}", "quá dài"),
    ],
)
def test_13_a_template_that_runs_away_is_stopped(danvan, plans, tmp_path, monkeypatch, tag, expect):
    monkeypatch.setattr("danvan_cli.bounded.SECONDS", 3.0)
    _unit_template(plans, rebuilt_template(tmp_path, "vong-lap.docx", with_tag(tag)))
    result = danvan("plan", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "vong-lap.docx" in result.stderr and expect in result.stderr, result.stderr


@pytest.mark.parametrize(
    "tag",
    [
        "{{ 1/0 }}",
        "{{ 'a' + 1 }}",
        "{{ '%s' % (1, 2) }}",
        "{% for i in range(10**10) %}{% endfor %}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{{ " * 3000 + "x" + " }}" * 3000,
        "{% include '/etc/passwd' %}",
    ],
)
def test_17_a_template_that_fails_at_run_time_is_named(danvan, plans, tmp_path, tag):
    _unit_template(plans, rebuilt_template(tmp_path, "hong-luc-chay.docx", with_tag(tag)))
    result = danvan("plan", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "hong-luc-chay.docx" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


@pytest.mark.parametrize(
    "tag", ["{{ lipsum(200000) }}", "{{ 'x'|center(20000000) }}", "{{ '{:>20000000}'.format('x') }}"]
)
def test_21_a_template_cannot_build_a_huge_document(danvan, plans, tmp_path, tag):

    source = ROOT / "templates/ke-hoach.docx"
    made = tmp_path / "to.docx"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as w:
        for item in z.infolist():
            data = z.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ so_ky_hieu }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
            w.writestr(item, data)
    use_unit_template(plans, made)
    out = tmp_path / "out"
    result = danvan("plan", "-o", out)
    assert result.exit_code == 1 and "to.docx" in result.stderr
    assert not out.exists() or not list(out.glob("*.docx"))


# ---------------------------------------------------------------- a clerk's first week (issue 25)


def test_a_unit_template_saved_in_libreoffice_that_lost_the_bold_of_its_trich_yeu_is_said(
    cli, danvan, plans, tmp_path, soffice
):

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
    assert danvan("plan", "-o", out).exit_code == 0
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
