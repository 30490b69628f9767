"""Hardening: hostile files, hostile templates, any Unicode in any field, and faults in the middle of writing.

Each case ends in a clear `path:line:col` error with exit 1 (or exit 3 for the machine's faults), or a
correct document; none in a traceback, a half-written file, or a lost line.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, docx_paragraphs, norm, use_unit_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate import located

PLAN = Path("mn-hung-an/2022/plan.yaml")
UNIT = Path("mn-hung-an/unit.yaml")
LOG = Path("mn-hung-an/2022/progress.yaml")

# Peak memory and time of one `danvan validate` in its own process.
_PROBE = (
    "import resource,subprocess,sys,time; t=time.perf_counter(); "
    "r=subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, round(time.perf_counter()-t, 2), r.returncode); "
    "sys.stderr.write(r.stderr)"
)


def validate_measured(plans: Path, tmp_path: Path) -> tuple[float, float, int, str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, sys.executable, "-m", "danvan_cli", "validate", "--plans-dir", str(plans)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    peak_kb, seconds, code = out.stdout.split()
    return int(peak_kb) / 1024, float(seconds), int(code), out.stderr


# ---------------------------------------------------------------- files built to exhaust memory or time


def billion_laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text


@pytest.mark.parametrize(
    "name, content, expect",
    [
        ("billion laughs", billion_laughs(), "bí danh"),
        ("50 MB file", "so: 1\nghi_chu: " + "x" * (50 * 1024 * 1024) + "\n", "tệp quá lớn"),
        ("10,000-level flow nesting", "so: " + "[" * 10000 + "]" * 10000 + "\n", "lồng nhau quá sâu"),
        ("10,000-level block nesting", "".join(" " * i + f"k{i}:\n" for i in range(10000)), "tệp quá lớn"),
        ("1,000-level block nesting", "".join(" " * i + f"k{i}:\n" for i in range(1000)), "lồng nhau quá sâu"),
    ],
)
def test_hostile_yaml_is_refused_quickly_and_within_memory(plans, tmp_path, name, content, expect):
    (plans / PLAN).write_text(content, encoding="utf-8")
    peak_mb, seconds, code, stderr = validate_measured(plans, tmp_path)
    assert code == 1, stderr
    assert expect in stderr and located(stderr), stderr
    assert "Traceback" not in stderr
    assert peak_mb < 200, f"{name}: {peak_mb:.0f} MB"
    assert seconds < 10, f"{name}: {seconds} s"


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encode, expect",
    [
        (lambda t: t.encode("utf-16"), "UTF-16"),
        (lambda t: t.encode("utf-16-le"), "UTF-16"),
        (lambda t: unicodedata.normalize("NFD", t).encode("cp1258", "replace"), "Windows-1258"),
        (lambda t: "tên: café crème".encode("latin-1"), "Latin-1"),
        (lambda t: t.replace("Hùng An", "H\x00ng An", 1).encode("utf-8"), "NUL"),
    ],
)
def test_wrong_encodings_are_refused_naming_the_likely_one(cli, plans, encode, expect):
    text = (plans / UNIT).read_text(encoding="utf-8")
    (plans / UNIT).write_bytes(encode(text))
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 1
    assert expect in result.stderr and located(result.stderr)


# ---------------------------------------------------------------- templates from elsewhere


def _unit_template(plans: Path, template: Path) -> None:
    use_unit_template(plans, template)


def _rebuilt(tmp_path: Path, name: str, change) -> Path:
    from danvan_cli.render import builtin_templates_dir

    target = tmp_path / name
    with (
        zipfile.ZipFile(builtin_templates_dir() / "ke-hoach.docx") as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))
        extra = change("__extra__", b"")
        if extra:
            zout.writestr("word/media/bomb.bin", extra)
    return target


def test_zip_bomb_template(cli, plans, tmp_path):
    template = _rebuilt(
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
        return xml.replace("{{ ten_co_quan }}", "&xxe;", 1).encode("utf-8")

    _unit_template(plans, _rebuilt(tmp_path, "xxe.docx", xxe))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "xxe.docx" in result.stderr and "ENTITY" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_template_that_is_not_a_docx(cli, plans, tmp_path):
    fake = tmp_path / "mau.docx"
    fake.write_text("Đây là văn bản thường, không phải Word.", encoding="utf-8")
    _unit_template(plans, fake)
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
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
            return data.replace(b"{{ ten_co_quan }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
        return b"" if name == "__extra__" else data

    _unit_template(plans, _rebuilt(tmp_path, "ssti.docx", inject))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.stdout
    assert "ssti.docx" in result.stderr and (
        "không an toàn" in result.stderr or "không có trong dữ liệu" in result.stderr
    )
    assert "uid=" not in result.stdout + result.stderr


def test_undefined_names_are_named_with_their_place(cli, plans, tmp_path):
    def inject(name, data):
        if name == "word/document.xml":
            return data.replace(b"{{ ten_co_quan }}", b"{{ ten_truong }}", 1)
        return b"" if name == "__extra__" else data

    _unit_template(plans, _rebuilt(tmp_path, "sai-ten.docx", inject))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "sai-ten.docx" in result.stderr and "mẫu dùng tên 'ten_truong' không có trong dữ liệu" in result.stderr
    assert re.search(r"ở đoạn \d+ của mẫu: “\{\{ ten_truong \}\}”", result.stderr)


# ---------------------------------------------------------------- paths


@pytest.mark.parametrize("name", ["..", "../etc", "/etc", "mn:hung", "mn<an>", "MN-HUNG-AN", "con"])
def test_unit_names_that_are_not_plain_folder_names(cli, plans, name):
    result = cli("plan", "--plans-dir", plans, "--unit", name)
    assert result.exit_code in (1, 2)
    assert "Traceback" not in result.stderr and result.stderr


def test_a_link_out_of_the_plans_folder_is_never_followed(cli, plans, tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(plans / "mn-hung-an", outside)
    (plans / "lien-ket").symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    result = cli(
        "progress",
        "add",
        "tuyen-truyen",
        "X",
        "--date",
        "2022-03-01",
        "--plans-dir",
        plans,
        "--unit",
        "lien-ket",
        "--year",
        "2022",
    )
    assert result.exit_code == 1 and "là một liên kết (symlink)" in result.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
    export = cli("export", "--plans-dir", plans, "-o", tmp_path / "exports", "--all", "--no-pdf", "--quiet")
    assert export.exit_code == 1 and "lien-ket" in export.stderr  # refused, and the real unit still exported
    assert (tmp_path / "exports/mn-hung-an/2022/KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()


# ---------------------------------------------------------------- any text in any field (property-based)

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


def _write_fields(plans: Path, fields: dict[str, str]) -> None:
    from danvan_cli.yamlsource import quote

    unit = plans / UNIT
    text = unit.read_text(encoding="utf-8")
    text = text.replace("dia_danh: Hùng An", f"dia_danh: {quote(fields['dia_danh'])}")
    text = text.replace("  ho_ten: Nguyễn Thị Thu Hà", f"  ho_ten: {quote(fields['ho_ten'])}")
    text = text.replace("  - Chi bộ nhà trường", f"  - {quote(fields['noi_nhan'])}")
    unit.write_text(text, encoding="utf-8")
    plan = plans / PLAN
    text = plan.read_text(encoding="utf-8")
    text = text.replace("mo_dau:\n", f"mo_dau:\n  - {quote(fields['mo_dau'])}\n", 1)
    plan.write_text(text, encoding="utf-8")
    log = plans / LOG
    log.write_text(
        log.read_text(encoding="utf-8")
        + f"\n- nhiem_vu: chuong-trinh-phoi-hop\n  ngay: 2022-03-02\n  ket_qua: {quote('Kết quả ' + fields['ket_qua'])}\n"
        + f"  so_lieu:\n    {quote('Số ' + fields['so_lieu'])}: 3\n  minh_chung:\n    - {quote(fields['minh_chung'])}\n",
        encoding="utf-8",
    )
    narrative = plans / "mn-hung-an/2022/reports/6m.yaml"
    narrative.write_text(
        narrative.read_text(encoding="utf-8") + f"nguyen_nhan:\n  - {quote(fields['nguyen_nhan'])}\n", encoding="utf-8"
    )


FIELDS = st.fixed_dictionaries(
    dict.fromkeys(
        ("dia_danh", "ho_ten", "noi_nhan", "mo_dau", "ket_qua", "so_lieu", "minh_chung", "nguyen_nhan"), FIELD_TEXT
    )
)


def _render_all(plans: Path, out: Path):
    import datetime as dt

    from danvan_cli.documents import make_plan, make_report
    from danvan_cli.loading import Workspace, load_plan

    ws = Workspace(plans)
    loaded = load_plan(ws, "mn-hung-an", 2022)
    plan = make_plan(loaded, out)
    report = make_report(loaded, "6m", out, as_of=dt.date(2022, 6, 1))
    return loaded, plan.docx, report.docx


@settings(
    max_examples=int(os.environ.get("DANVAN_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=FIELDS)
def test_any_text_in_any_field_renders_as_written_or_is_refused_clearly(tmp_path_factory, fields):
    from docx import Document

    from danvan_cli.errors import InputError

    work = tmp_path_factory.mktemp("any-text")
    plans = work / "plans"
    shutil.copytree(ROOT / "plans", plans)
    _write_fields(plans, fields)
    try:
        _loaded, plan_docx, report_docx = _render_all(plans, work / "out")
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
    assert expected("Kết quả " + fields["ket_qua"]).rstrip(".;") in report_text
    assert expected(fields["minh_chung"]) in report_text
    assert expected(fields["nguyen_nhan"]) in report_text


def test_removed_control_characters_are_warned_about_with_their_place(cli, plans):
    _write_fields(
        plans,
        {
            k: f"A\x01B {k}"
            for k in ("dia_danh", "ho_ten", "noi_nhan", "mo_dau", "ket_qua", "so_lieu", "minh_chung", "nguyen_nhan")
        },
    )
    result = cli("report", "--plans-dir", plans, "--period", "6m", "--as-of", "2022-06-01", "-o", plans.parent / "out")
    assert result.exit_code == 0, result.stderr
    warned = re.findall(
        r"^(\S+\.yaml):\d+:\d+: cảnh báo: đã bỏ ký tự điều khiển không in được trong '([^']+)'", result.stderr, re.M
    )
    assert {Path(p).name for p, _ in warned} == {"unit.yaml", "plan.yaml", "progress.yaml", "6m.yaml"}
    assert "AB ho_ten" in "\n".join(docx_paragraphs(plans.parent / "out/BC-MNHA-2022-6-thang-dau-nam.docx"))


NASTY_SAMPLE = [
    "]]> & <w:t> {{ 7*7 }} {% raw %}",
    "Trường e\u0301 NFD: " + unicodedata.normalize("NFD", "Hùng An"),
    "😀👩‍👩‍👧 emoji",
    "עברית \u202eRTL\u202c العربية",
    "A\x0bB\x01C",
]


@pytest.mark.soffice
def test_libreoffice_converts_documents_full_of_hostile_text(plans, tmp_path, soffice):
    import pdfplumber

    from danvan_cli.pdf import docxs_to_pdfs

    fields = dict(
        zip(
            ("dia_danh", "ho_ten", "noi_nhan", "mo_dau", "ket_qua", "so_lieu", "minh_chung", "nguyen_nhan"),
            NASTY_SAMPLE * 2,
            strict=False,
        )
    )
    _write_fields(plans, fields)
    _, plan_docx, report_docx = _render_all(plans, tmp_path / "out")
    failures = docxs_to_pdfs(
        [(plan_docx, plan_docx.with_suffix(".pdf")), (report_docx, report_docx.with_suffix(".pdf"))]
    )
    assert failures == []
    with pdfplumber.open(str(report_docx.with_suffix(".pdf"))) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "]]> & <w:t> {{ 7*7 }} {% raw %}" in text
    assert "Trường é NFD: Hùng An" in text


# ---------------------------------------------------------------- faults


def test_libreoffice_crashing_exits_3_and_keeps_the_docx(cli, plans, tmp_path, monkeypatch):
    crash = tmp_path / "soffice"
    crash.write_text("#!/bin/sh\necho 'soffice.bin: Segmentation fault' >&2\nkill -SEGV $$\n", encoding="utf-8")
    crash.chmod(0o755)
    monkeypatch.setenv("DANVAN_SOFFICE", str(crash))
    out = tmp_path / "out"
    result = cli("plan", "--plans-dir", plans, "-o", out, "--pdf")
    assert result.exit_code == 3
    assert (
        "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx" in result.stderr
        and "không chuyển được sang PDF" in result.stderr
    )
    assert (out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    assert not list(out.glob("*.pdf")) and not list(out.glob(".*.tmp"))


def test_export_while_progress_is_added(plans, tmp_path):
    """An export and ten `progress add` at once: every entry lands, the export reads whole files."""
    add = [
        sys.executable,
        "-m",
        "danvan_cli",
        "progress",
        "add",
        "tuyen-truyen",
        "--date",
        "2022-11-02",
        "--plans-dir",
        str(plans),
    ]
    export = [
        sys.executable,
        "-m",
        "danvan_cli",
        "export",
        "--all",
        "--no-pdf",
        "--plans-dir",
        str(plans),
        "-o",
        str(tmp_path / "exports"),
    ]
    before = (plans / LOG).read_bytes()
    procs = [subprocess.Popen(export, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)]
    procs += [
        subprocess.Popen(
            add[:6] + [f"Việc song song {i}"] + add[6:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
        )
        for i in range(10)
    ]
    results = [(p.wait(timeout=180), p.stderr.read().decode("utf-8")) for p in procs]
    assert all(code == 0 for code, _ in results), results
    text = (plans / LOG).read_bytes()
    assert text.startswith(before)
    from danvan_cli.yamlsource import load

    assert sorted(e["ket_qua"] for e in load(plans / LOG).data if e["ket_qua"].startswith("Việc song song")) == sorted(
        f"Việc song song {i}" for i in range(10)
    )


def test_progress_add_killed_at_any_moment_loses_nothing(plans, tmp_path):
    from danvan_cli.yamlsource import load

    command = [
        sys.executable,
        "-m",
        "danvan_cli",
        "progress",
        "add",
        "tuyen-truyen",
        "Việc bị ngắt",
        "--date",
        "2022-11-03",
        "--plans-dir",
        str(plans),
    ]
    original = (plans / LOG).read_bytes()
    landed = 0
    for i in range(12):
        before = (plans / LOG).read_bytes()
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path, start_new_session=True
        )
        time.sleep(0.05 + 0.06 * i)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = (plans / LOG).read_bytes()
        assert after == before or after.startswith(before)  # never a partial rewrite
        entries = load(plans / LOG).data  # always valid YAML
        landed += after != before
        assert len(entries) == len(load_bytes(original)) + landed


def load_bytes(data: bytes):
    import yaml

    return yaml.safe_load(io.BytesIO(data))


def test_disk_full_during_an_export_keeps_the_previous_exports_and_a_true_manifest(cli, plans, monkeypatch):
    from test_export import manifest_is_true, outputs

    out = plans.parent / "exports"
    first = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert first.exit_code == 0, first.stderr
    before = {name: (out / name).read_bytes() for name in outputs(out) if name.endswith(".docx")}
    log = plans / LOG
    log.write_text(
        log.read_text(encoding="utf-8").replace("số lượt người tham gia: 156", "số lượt người tham gia: 157"),
        encoding="utf-8",
    )

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    monkeypatch.undo()
    assert result.exit_code == 3 and "No space left on device" in result.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    manifest_is_true(out)
    assert not list(out.rglob(".*.tmp"))
    again = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert again.exit_code == 0 and "Đã xuất 1 văn bản" in again.stdout
