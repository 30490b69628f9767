"""yamlsource: its one writer of a clerk's YAML (import, progress add, the register, new-plan's key replacement)
writes what reads back as it was given with yamlsource's own loader, keeping the comments and order around it; and
YAML from anyone (files built to exhaust memory or time) is refused at its place, quickly."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import examples
from helpers import PLAN_YAML, edit, located
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_cli.vnformat import XML_FORBIDDEN, parse_number
from danvan_cli.yamlsource import parse_text
from danvan_cli.yamlwriter import block_lines, replace_key


def as_kept(text: str) -> str:
    """A text as a clerk's file keeps it once read (NFC, without what XML cannot hold) and as danvan writes it
    (spaces collapsed, no line breaks: the writer makes a text one line)."""
    return unicodedata.normalize("NFC", " ".join(XML_FORBIDDEN.sub("", text).split()))


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=160).map(as_kept)
NAME = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).map(as_kept).filter(bool)
NUMBER = st.one_of(st.integers(0, 10**15), st.decimals(0, 10**9, places=4, allow_nan=False, allow_infinity=False))
SCALAR = st.one_of(TEXT, NUMBER, st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), st.booleans(), st.none())
VALUE = st.one_of(SCALAR, st.lists(TEXT, max_size=3), st.dictionaries(NAME, NUMBER, max_size=3))
ENTRY = st.dictionaries(NAME, VALUE, min_size=1, max_size=6)


def head(indent: int) -> str:
    """A clerk's log as it was: a comment, an item with a comment of its own, its list at `indent`."""
    pad = " " * indent
    return f"# Nhật ký — dòng chú thích của người dùng\n{pad}- ket_qua: việc cũ  # ghi chú giữ nguyên\n{pad}  ngay: 2022-01-02\n"


def read_back(written, given):
    """What the loader gives for `given`, as `given` is: numbers and dates are read from the text written."""
    if isinstance(given, dict):
        return {k: read_back(written[k], v) for k, v in given.items()}
    if isinstance(given, list):
        return [read_back(w, v) for w, v in zip(written, given, strict=True)]
    if isinstance(given, bool) or given is None:
        return written
    if isinstance(given, (int, Decimal)):
        return parse_number(str(written)) if isinstance(written, str) else int(str(written))
    if isinstance(given, dt.date):
        return dt.date.fromisoformat(written)
    return written


@settings(max_examples=examples(150))
@given(entry=ENTRY, indent=st.sampled_from([0, 2, 4]))
def test_an_item_appended_reads_back_as_given_and_the_file_around_it_is_kept(entry, indent):
    before = head(indent)
    text = before + "\n".join(block_lines("-", indent, entry)) + "\n# dòng cuối của người dùng\n"
    data = parse_text(Path("progress.yaml"), text).data
    assert data[0] == {"ket_qua": "việc cũ", "ngay": "2022-01-02"}  # what was there, as it was
    assert len(data) == 2 and list(data[1]) == list(entry)  # one item more, its keys in their order
    assert read_back(data[1], entry) == entry
    assert text.startswith(before) and "# ghi chú giữ nguyên\n" in text


DOCUMENT = "# Kế hoạch\nso: 5 # số văn bản, bỏ trống khi là dự thảo\n# ngày ban hành\nngay: 2022-01-10\nten: Kế hoạch\n"


@settings(max_examples=examples(150))
@given(first=SCALAR, then=SCALAR)
def test_a_key_replaced_reads_back_as_given_and_every_other_line_is_kept(first, then):
    text = replace_key(replace_key(DOCUMENT, "so", first), "so", then)
    data = parse_text(Path("plan.yaml"), text).data
    assert list(data) == ["so", "ngay", "ten"] and data["ngay"] == "2022-01-10" and data["ten"] == "Kế hoạch"
    expected = None if then == "" else then
    assert read_back(data["so"], expected) == expected
    lines, before = text.splitlines(), DOCUMENT.splitlines()
    assert [lines[0], *lines[2:]] == [before[0], *before[2:]]
    assert lines[1].startswith("so:") and lines[1].endswith(" # số văn bản, bỏ trống khi là dự thảo")


def test_a_number_yaml_would_read_as_a_float_reaches_the_model_as_the_text_written():
    """`1.200` is one thousand two hundred to a Vietnamese clerk, 1.2 to YAML: the loader keeps the text (marked as
    a number), the model reads it; in a text field it stays as written."""
    from danvan_cli.models import ProgressLog
    from danvan_cli.validation import validate
    from danvan_cli.yamlsource import NumberText

    source = parse_text(Path("progress.yaml"), "- nhiem_vu: a\n  ngay: 2022-03-01\n  ket_qua: 1.10\n  so_lieu:\n"
                        "    số lượt: 1.200\n    số giờ: 1,5\n    số trang: 1.200,5\n")  # fmt: skip
    entry = source.data[0]
    assert entry["ket_qua"] == "1.10" and isinstance(entry["ket_qua"], NumberText)
    assert entry["so_lieu"]["số lượt"] == "1.200" and isinstance(entry["so_lieu"]["số lượt"], NumberText)
    (read,) = validate(source, ProgressLog).root
    assert read.ket_qua == "1.10"
    assert read.so_lieu == {"số lượt": 1200, "số giờ": Decimal("1.5"), "số trang": Decimal("1200.5")}


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


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
    (plans / PLAN_YAML).write_text(content, encoding="utf-8")
    peak_mb, cpu, code, stderr = validate_measured(plans, tmp_path)
    assert code == 1, stderr
    assert expect in stderr and located(stderr), stderr
    assert "Traceback" not in stderr
    assert peak_mb < 200, f"{name}: {peak_mb:.0f} MB"
    assert cpu < 15, f"{name}: {cpu} s of CPU"


def test_12_one_long_anchored_text_referenced_many_times_is_refused_quickly(plans, tmp_path):
    anchored = "a" * (2 * 1024 * 1024)
    text = f"so: 1\nghi_chu: &x {anchored}\n" + "".join(f"k{i}: *x\n" for i in range(45_000))
    (plans / PLAN_YAML).write_text(text[: 3 * 1024 * 1024 - 10], encoding="utf-8")
    peak_mb, cpu, code, stderr = validate_measured(plans, tmp_path)
    assert code == 1 and "bí danh" in stderr and located(stderr), stderr
    assert peak_mb < 300 and cpu < 15, (peak_mb, cpu)


def test_19_an_integer_of_thousands_of_digits_is_refused_with_its_place(danvan, plans):
    edit(plans, PLAN_YAML, "so: 5", "so: " + "9" * 5000)
    result = danvan("validate")
    assert result.exit_code == 1 and "dài quá" in result.stderr and located(result.stderr)
