"""What a failing command says: the exit code by whose mistake it was, Vietnamese for the machine's errors, and a
last message that is true to what is on disk."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import edit, located, made_plan, seed_copy

# ---------------------------------------------------------------- helpers of the tests below


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under `root` with its size and modification time (locks aside: empty, and not outputs; and a
    coverage run's own data)."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".lock") and not p.name.startswith(".coverage")
    }


def _whole(path: Path) -> bool:
    """A file as its kind must be: a .docx a whole zip, a package JSON, a YAML file YAML."""

    import yaml

    data = path.read_bytes()
    if path.suffix == ".docx":
        return zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    if path.name.endswith(".json"):
        return isinstance(json.loads(data), dict)
    return yaml.safe_load(data) is not None


def _fail_after(monkeypatch, writes: int, fault: BaseException) -> None:
    """The `writes`-th file the command puts in place is whole on disk, then `fault` strikes."""
    from danvan_cli import files

    real, count = files.note_written, []

    def note(path):
        real(path)
        count.append(path)
        if len(count) == writes:
            raise fault

    monkeypatch.setattr(files, "note_written", note)


COMMANDS = {
    "report": (["report", "--period", "6m", "--as-of", "2022-05-13", "-o", "{out}"], 2),
    "plan --final": (["plan", "--final", "-o", "{out}"], 2),
    "progress add": (["progress", "add", "tuyen-truyen", "Tuyên truyền", "--date", "2022-03-01"], 1),
    "import --force": (["import", "{docx}", "--unit", "mn-hung-an", "--force"], 2),
}


FAULTS = {
    "a fault of danvan's": RuntimeError("lỗi giả"),
    "the disk": OSError(28, "No space left on device"),
    "memory": MemoryError(),
}


# ---------------------------------------------------------------- hostile input and faults, first and second rounds (docs/reliability.md)


def test_24_exit_codes_say_whose_mistake_it_was(danvan, plans):
    # a report date in the data: the data's (1), with its place
    edit(plans, Path("mn-hung-an/2022/reports/6m.yaml"), "ngay: 2022-05-13", "ngay: 2021-12-01")
    bad_date = danvan("report", "--period", "6m", "-o", plans.parent / "out")
    assert bad_date.exit_code == 1 and located(bad_date.stderr)
    # a figure on the command line: the command line's (2), naming the option, no line of the log
    figure = danvan("progress", "add", "tuyen-truyen", "X", "--date", "2022-03-01", "--figure", "x=inf")
    assert figure.exit_code == 2 and "--figure" in figure.stderr and not located(figure.stderr)
    # a unit name with a newline makes no folder
    unit = danvan("new-plan", "--unit", "x\n", "--yes")
    assert unit.exit_code == 2 and not [p for p in plans.iterdir() if "\n" in p.name]


# ---------------------------------------------------------------- hostile input, third round (docs/reliability.md)


def test_18_system_errors_and_sandbox_refusals_are_said_in_vietnamese():
    from danvan_cli.errors import reason
    from danvan_cli.template_checks import _security_vi

    assert reason(OSError(28, "No space left on device")) == "ổ đĩa đã đầy, ENOSPC"
    assert reason(OSError(36, "File name too long")) == "tên tệp hoặc đường dẫn quá dài, ENAMETOOLONG"
    said = _security_vi("access to attribute '__class__' of 'str' object is unsafe.")
    assert said == "truy cập thuộc tính '__class__' của giá trị kiểu str, không an toàn"


def test_18_a_reader_that_goes_away_ends_the_output_quietly(plans, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "danvan_cli", "demo-units", "2", "--plans-dir", tmp_path / "dp"], cwd=tmp_path
    )
    proc.wait(timeout=60)
    reader = subprocess.Popen(
        [sys.executable, "-m", "danvan_cli", "progress", "list", "--plans-dir", plans, "--year", "2022"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
    )  # fmt: skip
    reader.stdout.close()  # the reader is gone before a line is written
    err = reader.stderr.read().decode("utf-8")
    reader.wait(timeout=60)
    assert reader.returncode in (0, 141) and "Broken pipe" not in err and "Traceback" not in err


# ---------------------------------------------------------------- hostile input, third campaign (issue 26, docs/reliability.md)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_last_message_says_truly_what_is_on_disk_after_a_failure_at_any_write(
    cli, tmp_path, monkeypatch, command, fault
):
    """A failure forced after each write (and before the first) of each command that writes more than one file: the
    message names exactly the files that changed on disk, each whole, and says nothing was written when nothing
    was ('Không tệp nào bị ghi dở' alone read as if the report's .docx, written before its package, were not there)."""
    import errno

    plans = seed_copy(tmp_path)
    docx = made_plan(cli, plans, tmp_path / "k") if command == "import --force" else None
    args, writes = COMMANDS[command]
    args = [a.format(out=tmp_path / "out", docx=docx) for a in args]
    for after in range(writes + 1):
        with monkeypatch.context() as m:
            before = _snapshot(tmp_path)
            if after == 0:  # the first write itself fails
                m.setattr(
                    "danvan_cli.files.make_dirs", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, ""))
                )
            else:
                _fail_after(m, after, FAULTS[fault])
            result = cli(*args, "--plans-dir", plans, fault_expected=True)
        changed = sorted(k for k, v in _snapshot(tmp_path).items() if before.get(k) != v)
        assert result.exit_code == 3, (command, after, result.stderr)
        last = result.stderr.strip().splitlines()[-1]
        if not changed:
            assert last == "Lệnh chưa ghi tệp nào.", (command, after, result.stderr)
            continue
        assert last.startswith("Trước khi lệnh dừng, đã ghi trọn: "), (command, after, result.stderr)
        named = last.split(": ", 1)[1].split("; ", 1)[0].split(", ")
        assert sorted(str((Path.cwd() / n).resolve().relative_to(tmp_path)) for n in named) == changed, last
        assert all(_whole(tmp_path / c) for c in changed)
