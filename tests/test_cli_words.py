"""Every word the command line itself prints is Vietnamese: each kind of command-line mistake, and every --help.

Typer (and its copy of Click) print their own words; danvan_cli/clivi.py says them in Vietnamese from one
catalog. This fails on any of the framework's English words reaching the user."""

from __future__ import annotations

import re

import pytest

FRAMEWORK_ENGLISH = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Error|Missing|Invalid value|No such|required|default:|env var|Show this"
    r"|Try '|Possible|unexpected|requires|not a valid|not in the range|Aborted|TEXT|INTEGER|PATH|BOOLEAN|FLOAT"
    r"|COMMAND|ARGS|OPTIONS|range)\b|<str>|<int>|<path>|<float>|x>=|<=x"
)

MISTAKES = [
    (["reprot"], "không có lệnh 'reprot'. Có phải ý bạn là 'report'?"),
    (["report"], "thiếu tùy chọn '--period'"),
    (["report", "--period"], "tùy chọn '--period' cần một giá trị"),
    (["report", "--bogus"], "không có tùy chọn --bogus"),
    (["report", "--period", "6m", "--year", "hai"], "'hai' không phải một số nguyên"),
    (["demo-units", "3", "--year", "0"], "nằm ngoài khoảng cho phép (từ 2000 đến 2100)"),
    (["demo-units"], "thiếu đối số"),
    (["status", "thừa"], "thừa đối số: thừa"),
    (["progress"], "Lệnh:"),
    (["progress", "ad"], "không có lệnh 'ad'. Có phải ý bạn là 'add'?"),
    (["report", "--period", "h1"], "'h1' không phải một kỳ báo cáo"),
    (["--pdf"], "không có tùy chọn --pdf"),
]


@pytest.mark.parametrize("args, expect", MISTAKES)
def test_each_kind_of_command_line_mistake_is_said_in_vietnamese(cli, args, expect):
    result = cli(*args)
    shown = result.stdout + result.stderr
    assert result.exit_code == 2 or args == ["progress"], shown
    assert expect in shown, shown
    assert not FRAMEWORK_ENGLISH.search(shown), FRAMEWORK_ENGLISH.search(shown)


def _commands():
    from typer.main import get_command

    from danvan_cli.cli import app

    root = get_command(app)
    found = [[]]
    for name, command in root.commands.items():
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "danvan")
def test_every_help_is_vietnamese_with_examples(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("Cách dùng: danvan") and "Tùy chọn:" in text
    assert not FRAMEWORK_ENGLISH.search(text), FRAMEWORK_ENGLISH.search(text)
    if path and path != ["progress"]:
        assert "Ví dụ:" in text and "  danvan " in text.split("Ví dụ:")[1]  # one or two real examples
    if not path:  # the command list is never cut short
        listed = text.split("Lệnh:")[1]
        assert "..." not in listed  # Click's mark of a description cut short


def test_version(cli):
    from danvan_cli import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"danvan {__version__}"


def test_every_catalog_entry_is_translated_with_its_parts():
    from babel.messages.pofile import read_po

    from danvan_cli.clivi import CATALOG

    with CATALOG.open("rb") as po:
        catalog = read_po(po, abort_invalid=True)
    entries = [m for m in catalog if m.id]
    assert len(entries) > 40
    for message in entries:
        assert isinstance(message.string, str) and message.string.strip(), f"not translated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        # every {part} the translation puts back is one the English text has
        assert set(re.findall(r"\{(\w+)\}", message.string)) <= set(re.findall(r"\{(\w+)\}", message.id)), message.id


def test_an_entry_wrapped_over_several_lines_is_read_whole(tmp_path, monkeypatch):
    from danvan_cli import clivi

    po = tmp_path / "vi.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid ""\n"Got unexpected extra "\n"arguments ({args})"\n'
        'msgstr ""\n"thừa đối số: "\n"{args}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(clivi, "CATALOG", po)
    clivi._catalog.cache_clear()
    clivi._patterns.cache_clear()
    try:
        assert clivi.tr("Got unexpected extra arguments (a b)") == "thừa đối số: a b"
    finally:
        clivi._catalog.cache_clear()
        clivi._patterns.cache_clear()


def test_a_command_that_runs_never_reads_the_catalog(plans):
    """The catalog is read for a help page or a usage error only, and from its compiled copy: `danvan --help`
    pays neither for Babel's reader nor for the catalog when a command is at work."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom danvan_cli.cli import main\nfrom danvan_cli import clivi\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "read = 'catalog read' if clivi._catalog.cache_info().currsize else 'catalog not read'\n"
        "babel = 'with Babel' if 'babel.messages' in sys.modules else 'without Babel'\n"
        "print(read, babel, code, file=sys.stderr)\n"
    )
    for args, expect in (
        (["status", "--plans-dir", str(plans), "--as-of", "2022-05-13"], "catalog not read without Babel 0"),
        (["status", "--help"], "catalog read without Babel 0"),
        (["status", "--bogus"], "catalog read without Babel 2"),
    ):
        run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, encoding="utf-8")
        assert run.stderr.strip().endswith(expect), run.stderr


def test_the_compiled_catalog_is_the_catalog():
    """vi.json is vi.po as Babel reads it (`make catalog` after editing vi.po); were it not, vi.po would be read."""
    from danvan_cli.clivi import COMPILED, compiled_catalog

    assert COMPILED.read_text(encoding="utf-8") == compiled_catalog(), "run: make catalog"
