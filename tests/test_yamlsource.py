"""yamlsource's one writer of a clerk's YAML (import, progress add, the register, new-plan's key replacement):
whatever it writes reads back as it was given with yamlsource's own loader, and the comments and order around it
are kept."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

from conftest import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan_cli.vnformat import XML_FORBIDDEN, parse_number
from danvan_cli.yamlsource import block_lines, parse_text, replace_key


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
