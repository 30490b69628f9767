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
from conftest import ROOT, docx_paragraphs, examples, norm, use_unit_template
from helpers import edit, located
from hypothesis import given, settings
from hypothesis import strategies as st

PLAN = Path("mn-hung-an/2022/plan.yaml")
UNIT = Path("mn-hung-an/unit.yaml")
LOG = Path("mn-hung-an/2022/progress.yaml")
# What a fault of danvan's own prints: no input in this file may reach it (each has its own message).
NOT_HANDLED = ("Traceback", "lỗi không lường trước")


@pytest.fixture
def cli(cli):
    """The command line as conftest runs it, asserting for every command of this file that it ended in a
    message of its own: never a traceback, never danvan's last-resort 'unexpected error'."""

    def run(*args, **kwargs):
        result = cli(*args, **kwargs)
        assert not any(mark in result.stderr for mark in NOT_HANDLED), result.stderr
        return result

    return run


def danvan(*args, cwd: Path, env: dict | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`danvan ARGS…` in its own process (signals, FIFOs, hangs), asserting it printed no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "danvan_cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        **kwargs,
    )
    assert not any(mark in result.stderr for mark in NOT_HANDLED), result.stderr
    return result


# Peak memory and CPU time of one `danvan validate` in its own process, which may use at most 60 s of CPU (a
# regression fails the test; it never hangs it). CPU time, not the wall clock: the machine's other work does not
# count (a test never asserts wall-clock time; bench/ measures speed).
_PROBE = (
    "import resource,subprocess,sys; "
    "cap=lambda: resource.setrlimit(resource.RLIMIT_CPU, (60, 60)); "
    "r=subprocess.run(sys.argv[1:], capture_output=True, text=True, preexec_fn=cap); "
    "u=resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, round(u.ru_utime + u.ru_stime, 2), r.returncode); "
    "sys.stderr.write(r.stderr)"
)


def validate_measured(plans: Path, tmp_path: Path) -> tuple[float, float, int, str]:
    """(peak MB, CPU seconds, exit code, stderr) of `danvan validate` over `plans`."""
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
    """Bounded work: memory, and CPU time (2 s here for the worst; the bound leaves room for a slow machine)."""
    (plans / PLAN).write_text(content, encoding="utf-8")
    peak_mb, cpu, code, stderr = validate_measured(plans, tmp_path)
    assert code == 1, stderr
    assert expect in stderr and located(stderr), stderr
    assert "Traceback" not in stderr
    assert peak_mb < 200, f"{name}: {peak_mb:.0f} MB"
    assert cpu < 15, f"{name}: {cpu} s of CPU"


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
        return xml.replace("{{ so_ky_hieu }}", "&xxe;", 1).encode("utf-8")

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
            return data.replace(b"{{ so_ky_hieu }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
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
            return data.replace(b"{{ so_ky_hieu }}", b"{{ ten_truong }}", 1)
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


# Evidence is cited in a report when it is a numbered document (a photo or a list stays in the unit's file).
EVIDENCE = "Công văn số 12/MNHA "


def in_report(text: str) -> str:
    from danvan_cli.drafting import curly_quotes

    return curly_quotes(expected(text))


def _write_fields(plans: Path, fields: dict[str, str]) -> None:
    from conftest import without_declared_figures

    from danvan_cli.yamlsource import quote

    without_declared_figures(plans)  # the figure's name is any text

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
        + f"\n- nhiem_vu: chuong-trinh-phoi-hop\n  ngay: 2022-03-02\n  ket_qua: {quote('Chi bộ ' + fields['ket_qua'])}\n"
        + f"  so_lieu:\n    {quote('Số ' + fields['so_lieu'])}: 3\n  minh_chung:\n    - {quote(EVIDENCE + fields['minh_chung'])}\n",
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

    from danvan_cli.documents import make_report
    from danvan_cli.loading import load_plan
    from danvan_cli.plan_document import make_plan
    from danvan_cli.workspace import Workspace

    ws = Workspace(plans)
    loaded = load_plan(ws, "mn-hung-an", 2022)
    plan = make_plan(loaded, out)
    report = make_report(loaded, "6m", out, as_of=dt.date(2022, 6, 1))
    return loaded, plan.docx, report.docx


@settings(max_examples=examples(150))
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
    # a report's running text takes curly quotes for straight ones, as the rest of the document has them
    assert in_report("Chi bộ " + fields["ket_qua"]).rstrip(" .;") in report_text  # a doer: kept as written
    assert in_report(EVIDENCE + fields["minh_chung"]).rstrip(" .;") in report_text  # a numbered document is cited
    assert in_report(fields["nguyen_nhan"]) in report_text


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


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
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


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
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
    from helpers import manifest_is_true, outputs

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
    assert result.exit_code == 3 and "ổ đĩa đã đầy, ENOSPC" in result.stderr
    assert {name: (out / name).read_bytes() for name in before} == before
    manifest_is_true(out)
    assert not list(out.rglob(".*.tmp"))
    again = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--today", "2022-12-20")
    assert again.exit_code == 0 and "Đã xuất 1 văn bản" in again.stdout


# ================================================================ second round: 24 cases that got through
# Each numbered as in the campaign's list; docs/reliability.md gives the rule each one breaks.


# ---------------------------------------------------------------- data loss


def test_01_export_removes_only_its_own_leftovers_only_where_it_writes(cli, plans, tmp_path):
    out = tmp_path / "exports"
    folder = out / "mn-hung-an/2022"
    folder.mkdir(parents=True)
    mine = [out / ".ghi-chu-rieng.tmp", folder / ".ban-nhap.tmp", folder / ".progress.yaml.danvan-1-x.tmp"]
    for path in mine:
        path.write_text("của người dùng", encoding="utf-8")
    dead = folder / ".BC-MNHA-2022-nam.docx.danvan-999999-abcd.tmp"  # a killed danvan's (pid 999999 is gone)
    dead.write_bytes(b"do dang")
    assert cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all").exit_code == 0
    assert all(p.read_text(encoding="utf-8") == "của người dùng" for p in mine)
    assert not dead.exists()


def test_02_new_plan_force_twice_keeps_every_earlier_version(cli, plans):
    original = (plans / PLAN).read_bytes()
    for _ in range(2):
        result = cli("new-plan", "--plans-dir", plans, "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
        assert result.exit_code == 0, result.stderr
    year = plans / "mn-hung-an/2022"
    assert (year / "plan.yaml.bak").read_bytes() == original  # the user's own plan, never overwritten
    assert (year / "plan.yaml.bak2").exists() and "plan.yaml.bak2" in result.stderr


def test_03_demo_units_never_write_over_an_existing_unit(cli, plans):
    shutil.copytree(plans / "mn-hung-an", plans / "phong-gd-dt")
    before = (plans / "phong-gd-dt/unit.yaml").read_bytes()
    result = cli("demo-units", "3", "--plans-dir", plans, "--year", "2022")
    assert result.exit_code == 2 and "phong-gd-dt/unit.yaml" in result.stderr and "--force" in result.stderr
    assert (plans / "phong-gd-dt/unit.yaml").read_bytes() == before and not (plans / "don-vi-0001").exists()


@pytest.mark.slow  # processes racing (or killed) at once: .ci/run runs it
def test_04_parallel_installs_all_reach_the_crontab(tmp_path, fake_crontab):
    folders = [tmp_path / f"plans{i}" for i in range(10)]
    for folder in folders:
        shutil.copytree(ROOT / "plans", folder)  # a folder with a unit: a line that can succeed
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "danvan_cli", "schedule", "--install", "--plans-dir", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        for folder in folders
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0 and "Traceback" not in err, err
    table = fake_crontab.read_text(encoding="utf-8").splitlines()
    assert sorted(line.rsplit("plans=", 1)[1] for line in table) == sorted(str(f.resolve()) for f in folders)


# ---------------------------------------------------------------- command execution through the crontab


def test_05_a_path_with_a_newline_never_reaches_the_crontab(cli, tmp_path, fake_crontab):
    hostile = tmp_path / "x\n* * * * * touch ~/pwned #"
    hostile.mkdir(parents=True)
    fake_crontab.write_text("0 2 * * * /usr/bin/backup\n", encoding="utf-8")
    for args in (["--plans-dir", hostile], ["-o", hostile], ["--log", hostile / "log"]):
        result = cli("schedule", "--install", *args)
        assert result.exit_code == 2 and "ký tự điều khiển" in result.stderr, args
    assert fake_crontab.read_text(encoding="utf-8") == "0 2 * * * /usr/bin/backup\n"


def test_24_remove_takes_only_whole_lines_danvan_wrote(cli, plans, fake_crontab):
    mark = f"# danvan-export plans={plans.resolve()}"
    users = f"15 3 * * * /home/me/sao-luu.sh {mark}\n"  # the user's own line, ending in the same words
    fake_crontab.write_text(users, encoding="utf-8")
    assert cli("schedule", "--install", "--plans-dir", plans).exit_code == 0
    assert cli("schedule", "--remove", "--plans-dir", plans).exit_code == 0
    assert fake_crontab.read_text(encoding="utf-8") == users


# ---------------------------------------------------------------- reading or writing outside the plans folder


@pytest.mark.parametrize("criteria", ["/etc/passwd", "../../../../../../etc/passwd", "../../khac/tieu-chi.yaml"])
def test_06_the_criteria_file_stays_inside_the_plans_folder_and_is_never_echoed(cli, plans, tmp_path, criteria):
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac/tieu-chi.yaml").write_text("root:x:0:0: bi mat\n", encoding="utf-8")
    path = plans / "mn-hung-an/2022/tu-cham.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("tieu_chi: tieu-chi.yaml", f"tieu_chi: {criteria}"), encoding="utf-8"
    )
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 1 and "root:" not in result.stderr and "bi mat" not in result.stderr
    ((_where, _, _, message),) = [p for p in located(result.stderr) if p[0].endswith("tu-cham.yaml")]
    assert "bộ tiêu chí" in message


def test_07_final_never_writes_through_a_linked_year_folder(cli, plans, tmp_path):
    outside = tmp_path / "ngoai"
    shutil.move(plans / "mn-hung-an/2022", outside)
    (plans / "mn-hung-an/2022").symlink_to(outside, target_is_directory=True)
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out", "--final")
    assert result.exit_code == 1 and "liên kết" in result.stderr
    assert not (outside / "so-van-ban-di.yaml").exists()
    assert cli("validate", "--plans-dir", plans).exit_code == 1


@pytest.mark.parametrize("linked", ["mn-hung-an/unit.yaml", "mn-hung-an/2022/reports", "mn-hung-an/2022/progress.yaml"])
def test_08_a_linked_file_or_folder_inside_the_plans_folder_is_refused(cli, plans, tmp_path, linked):
    shared = tmp_path / "chung" / Path(linked).name
    shared.parent.mkdir()
    shutil.move(plans / linked, shared)
    (plans / linked).symlink_to(shared, target_is_directory=shared.is_dir())
    before = {p: p.read_bytes() for p in shared.parent.rglob("*") if p.is_file()}
    for args in (["validate"], ["report", "--period", "6m", "-o", tmp_path / "out"]):
        result = cli(*args, "--plans-dir", plans)
        assert result.exit_code == 1 and "liên kết" in result.stderr, (args, result.stderr)
    add = cli("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans)
    if not linked.endswith("reports"):  # (progress add reads no report narrative)
        assert add.exit_code == 1 and "liên kết" in add.stderr
    assert (plans / linked).is_symlink()  # never replaced by a private copy
    assert {p: p.read_bytes() for p in shared.parent.rglob("*") if p.is_file()} == before


def test_08_export_never_writes_through_a_link_inside_the_export_folder(cli, plans, tmp_path):
    out = tmp_path / "exports"
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    out.mkdir()
    (out / "mn-hung-an").symlink_to(elsewhere, target_is_directory=True)
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all")
    assert result.exit_code == 1 and "liên kết" in result.stderr
    assert not list(elsewhere.rglob("*"))


def test_08_a_template_path_out_of_the_plans_folder_tells_nothing_of_what_exists(cli, plans):
    messages = []
    for target in ("../../../../../../etc/passwd", "../../../../../../etc/khong-co-tep-nay"):
        unit = plans / UNIT
        unit.write_text(
            unit.read_text(encoding="utf-8").split("mau:")[0] + f"mau:\n  ke_hoach: {target}\n", encoding="utf-8"
        )
        result = cli("plan", "--plans-dir", plans, "-o", plans.parent / "out")
        assert result.exit_code == 1
        messages.append(result.stderr.replace(Path(target).name, "…"))
    assert messages[0] == messages[1] and "nằm ngoài" in messages[0]


# ---------------------------------------------------------------- corrupt output reported as success


def test_09_a_template_part_that_is_not_utf8_is_refused(cli, plans, tmp_path):
    def utf16(name, data):
        if name == "word/document.xml":
            return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        return b"" if name == "__extra__" else data

    _unit_template(plans, _rebuilt(tmp_path, "utf16.docx", utf16))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "utf16.docx" in result.stderr and "UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o755)
    return script


def test_10_a_converter_that_writes_garbage_never_replaces_a_good_pdf(cli, plans, tmp_path, monkeypatch):
    out = tmp_path / "out"
    garbage = _fake_soffice(
        tmp_path,
        'while [ "$1" != "--outdir" ]; do shift; done; outdir="$2"; shift 2\n'
        'mkdir -p "$outdir"; for f in "$@"; do printf "%%PDF-1.4 rac" > "$outdir/$(basename "$f" .docx).pdf"; done\n',
    )
    good = out / "KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.pdf"
    out.mkdir()
    good.write_bytes(b"%PDF-1.7 the good one")
    monkeypatch.setenv("DANVAN_SOFFICE", str(garbage))
    result = cli("plan", "--plans-dir", plans, "-o", out, "--pdf")
    assert result.exit_code == 3 and "không phải PDF" in result.stderr
    assert good.read_bytes() == b"%PDF-1.7 the good one"
    export = cli("export", "--plans-dir", plans, "-o", tmp_path / "exports", "--pdf", "--all")
    assert export.exit_code == 3 and not list((tmp_path / "exports").rglob("*.pdf"))
    manifest = (tmp_path / "exports/manifest.json").read_text(encoding="utf-8")
    assert ".pdf" not in manifest


# ---------------------------------------------------------------- hangs and unbounded memory


def test_12_one_long_anchored_text_referenced_many_times_is_refused_quickly(plans, tmp_path):
    anchored = "a" * (2 * 1024 * 1024)
    text = f"so: 1\nghi_chu: &x {anchored}\n" + "".join(f"k{i}: *x\n" for i in range(45_000))
    (plans / PLAN).write_text(text[: 3 * 1024 * 1024 - 10], encoding="utf-8")
    peak_mb, cpu, code, stderr = validate_measured(plans, tmp_path)
    assert code == 1 and "bí danh" in stderr and located(stderr), stderr
    assert peak_mb < 300 and cpu < 15, (peak_mb, cpu)


@pytest.mark.parametrize(
    "tag, expect",
    [
        ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}", "quá 3 giây"),
        ("{{ 'a' * 10**9 }}", "quá dài"),
        ("{{ 'a' * 10**7 * 10 }}", "quá dài"),
    ],
)
def test_13_a_template_that_runs_away_is_stopped(cli, plans, tmp_path, monkeypatch, tag, expect):
    monkeypatch.setattr("danvan_cli.bounded.SECONDS", 3.0)
    _unit_template(plans, _rebuilt(tmp_path, "vong-lap.docx", _with_tag(tag)))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "vong-lap.docx" in result.stderr and expect in result.stderr, result.stderr


def _with_tag(tag: str):
    def change(name, data):
        if name == "word/document.xml":
            return data.replace(b"{{ so_ky_hieu }}", tag.replace("'", "&apos;").encode("utf-8"), 1)
        return b"" if name == "__extra__" else data

    return change


@pytest.mark.parametrize("where", ["progress.yaml", "so-van-ban-di.yaml"])
def test_14_a_fifo_where_a_file_belongs_is_refused_not_waited_on(plans, tmp_path, where):
    fifo = plans / "mn-hung-an/2022" / where
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    readers = {  # the commands that read the file, each refusing it at once instead of waiting on it
        "progress.yaml": [["progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01"], ["status"], ["validate"]],
        "so-van-ban-di.yaml": [["plan", "--final", "-o", tmp_path / "out"], ["register"], ["validate"]],
    }
    for args in readers[where]:
        result = danvan(*args, "--plans-dir", plans, cwd=tmp_path, timeout=60)
        assert result.returncode == 1 and "FIFO" in result.stderr, (args, result.stderr)


def test_15_a_crontab_command_that_never_returns_is_given_up_on(cli, plans, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "crontab").write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    (bin_dir / "crontab").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("danvan_cli.schedule.CRONTAB_TIMEOUT", 1.0)
    result = cli("schedule", "--install", "--plans-dir", plans)
    assert result.exit_code == 3 and "không trả lời" in result.stderr


def test_16_leftovers_of_a_killed_conversion_are_removed_and_libreoffice_goes_with_danvan(plans, tmp_path):
    import time

    temp = tmp_path / "tmp"
    temp.mkdir()
    stale = temp / "danvan-pdf-999999-abc"  # a run killed outright left this (pid 999999 is gone)
    (stale / "profile").mkdir(parents=True)
    (stale / "profile" / "ballast").write_bytes(b"0" * 1024)
    pid_file = tmp_path / "soffice.pid"
    hanging = _fake_soffice(tmp_path, f"echo $$ > {pid_file}\nsleep 300\n")
    env = {"DANVAN_SOFFICE": str(hanging), "TMPDIR": str(temp)}
    run = subprocess.Popen(
        [sys.executable, "-m", "danvan_cli", "plan", "--pdf", "--plans-dir", str(plans), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **env},
    )
    for _ in range(2400):  # until LibreOffice has started (a busy machine may take long: no time is asserted)
        if (pid_file.exists() and pid_file.read_text().strip()) or run.poll() is not None:
            break
        time.sleep(0.05)
    soffice_pid = int(pid_file.read_text())
    assert not stale.exists()  # removed before this conversion started
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=30)
    assert run.returncode == 143 and "Traceback" not in err, err
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(soffice_pid, 0)
    assert not list(temp.glob("danvan-pdf-*"))


# ---------------------------------------------------------------- tracebacks instead of messages


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
def test_17_a_template_that_fails_at_run_time_is_named(cli, plans, tmp_path, tag):
    _unit_template(plans, _rebuilt(tmp_path, "hong-luc-chay.docx", _with_tag(tag)))
    result = cli("plan", "--plans-dir", plans, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "hong-luc-chay.docx" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_17_one_units_bad_template_never_stops_the_others(cli, plans, tmp_path):
    shutil.copytree(plans / "mn-hung-an", plans / "mn-khac")
    unit = plans / "mn-khac/unit.yaml"
    unit.write_text(
        unit.read_text(encoding="utf-8").replace("chu_viet_tat: MNHA", "chu_viet_tat: MNK"), encoding="utf-8"
    )
    template = _rebuilt(tmp_path, "hong.docx", _with_tag("{{ 1/0 }}"))
    use_unit_template(plans, template, unit="mn-khac")
    out, log = tmp_path / "exports", tmp_path / "export.log"
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all", "--quiet", "--log", log)
    assert result.exit_code == 1 and "mn-khac" in result.stderr and "hong.docx" in result.stderr
    assert (out / "mn-hung-an/2022/KH-MNHA-2022-cong-tac-dan-van-chinh-quyen.docx").exists()
    assert "hong.docx" in log.read_text(encoding="utf-8")
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("name", ["²", "٢٠٢٣", "2O22"])
def test_18_a_folder_that_only_looks_like_a_year_is_not_one(cli, plans, name):
    shutil.copytree(plans / "mn-hung-an/2022", plans / "mn-hung-an" / name)
    for args in (["validate"], ["status"], ["plan", "-o", plans.parent / "out"]):
        assert cli(*args, "--plans-dir", plans).exit_code == 0, args
    assert cli("export", "--plans-dir", plans, "-o", plans.parent / "exports", "--no-pdf").exit_code == 0


def test_19_an_integer_of_thousands_of_digits_is_refused_with_its_place(cli, plans):
    edit(plans, PLAN, "so: 5", "so: " + "9" * 5000)
    result = cli("validate", "--plans-dir", plans)
    assert result.exit_code == 1 and "dài quá" in result.stderr and located(result.stderr)


@pytest.mark.parametrize(
    "rel, old, new",
    [
        (PLAN, "han_nop: 2022-05-15", "han_nop: 2022-05-15\n    tu_ngay: 0001-01-01"),
        (Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 0001-01-01"),
        (Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 2020-01-01"),
    ],
)
def test_20_dates_far_from_the_plan_year_are_refused_before_any_number_is_issued(cli, plans, rel, old, new):
    edit(plans, rel, old, new)
    edit(plans, Path("mn-hung-an/2022/reports/6m.yaml"), "so: 18", "so:")
    validate = cli("validate", "--plans-dir", plans)
    assert validate.exit_code == 1 and located(validate.stderr)
    final = cli("report", "--plans-dir", plans, "--period", "6m", "-o", plans.parent / "out", "--final")
    assert final.exit_code == 1 and located(final.stderr)
    assert not (plans / "mn-hung-an/2022/so-van-ban-di.yaml").exists() and not (plans / "mn-hung-an/1").exists()


def test_21_a_crontab_with_bytes_that_are_not_utf8_is_kept_as_it_is(cli, plans, fake_crontab):
    theirs = b"# ghi ch\xfa c\xfea m\xe1y\n0 2 * * * /usr/bin/backup\n"
    fake_crontab.write_bytes(theirs)
    assert cli("schedule", "--install", "--plans-dir", plans).exit_code == 0
    assert fake_crontab.read_bytes().startswith(theirs)
    assert cli("schedule", "--remove", "--plans-dir", plans).exit_code == 0
    assert fake_crontab.read_bytes() == theirs


def test_22_a_lock_that_cannot_be_made_is_the_machines_fault(cli, plans, monkeypatch):
    """A read-only plans folder: the lock cannot be created (root ignores modes, so the refusal is injected)."""
    import filelock

    def refused(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    add = cli("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans)
    assert add.exit_code == 3 and "khóa" in add.stderr and "không có quyền truy cập, EACCES" in add.stderr
    final = cli("plan", "--plans-dir", plans, "-o", plans.parent / "out", "--final")
    assert final.exit_code == 3 and "khóa" in final.stderr


@pytest.mark.parametrize("what", ["progress.yaml", "so-van-ban-di.yaml", "progress.yaml.lock", "so-van-ban-di.lock"])
def test_23_a_folder_where_a_file_belongs(cli, plans, what):
    folder = (plans / "mn-hung-an" / what) if what == "so-van-ban-di.lock" else (plans / "mn-hung-an/2022" / what)
    if folder.exists():
        folder.unlink()
    folder.mkdir()
    add = cli("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans)
    final = cli("plan", "--plans-dir", plans, "-o", plans.parent / "out", "--final")
    if what == "progress.yaml":
        assert add.exit_code == 1 and "thư mục" in add.stderr
    if what == "progress.yaml.lock":
        assert add.exit_code == 3 and "khóa" in add.stderr
    if what == "so-van-ban-di.yaml":
        assert final.exit_code == 1 and "thư mục" in final.stderr
    if what == "so-van-ban-di.lock":
        assert final.exit_code == 3 and "khóa" in final.stderr


def test_23_a_manifest_of_another_shape_or_a_folder_in_its_place(cli, plans, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "manifest.json").write_text('{"outputs": [1, 2, 3]}', encoding="utf-8")
    assert cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all").exit_code == 0
    assert cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all").stdout.startswith("Không có gì thay đổi")
    (out / "manifest.json").unlink()
    (out / "manifest.json").mkdir()
    result = cli("export", "--plans-dir", plans, "-o", out, "--no-pdf", "--all")
    assert result.exit_code == 3 and "manifest.json" in result.stderr


def test_23_new_plan_on_files_that_are_not_utf8(cli, plans):
    latin = (plans / PLAN).read_text(encoding="utf-8").encode("cp1258", "replace")
    (plans / PLAN).write_bytes(latin)
    (plans / "mn-hung-an/2022/tieu-chi.yaml").write_bytes("ten: Bộ tiêu chí".encode("cp1258", "replace"))
    carried = cli("new-plan", "--plans-dir", plans, "--from", plans / "mn-hung-an/2022", "--yes")
    assert carried.exit_code == 1 and "UTF-8" in carried.stderr
    forced = cli("new-plan", "--plans-dir", plans, "--unit", "mn-hung-an", "--year", "2022", "--yes", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert (plans / "mn-hung-an/2022/plan.yaml.bak").read_bytes() == latin  # the user's bytes, as they were


def test_24_exit_codes_say_whose_mistake_it_was(cli, plans):
    # a report date in the data: the data's (1), with its place
    edit(plans, Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 2021-12-01")
    bad_date = cli("report", "--plans-dir", plans, "--period", "6m", "-o", plans.parent / "out")
    assert bad_date.exit_code == 1 and located(bad_date.stderr)
    # a figure on the command line: the command line's (2), naming the option, no line of the log
    figure = cli(
        "progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans, "--figure", "x=inf"
    )
    assert figure.exit_code == 2 and "--figure" in figure.stderr and not located(figure.stderr)
    # a unit name with a newline makes no folder
    unit = cli("new-plan", "--plans-dir", plans, "--unit", "x\n", "--yes")
    assert unit.exit_code == 2 and not [p for p in plans.iterdir() if "\n" in p.name]


def test_24_a_log_ending_in_a_document_end_marker_is_refused_at_that_line(cli, plans):
    log = plans / LOG
    log.write_text(log.read_text(encoding="utf-8") + "...\n", encoding="utf-8")
    marker_line = log.read_text(encoding="utf-8").count("\n")
    for result in (
        cli("validate", "--plans-dir", plans),
        cli("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--plans-dir", plans),
    ):
        assert result.exit_code == 1
        assert [(ln, "'...'" in m) for p, ln, _, m in located(result.stderr) if p.endswith("progress.yaml")] == [
            (marker_line, True)
        ]
