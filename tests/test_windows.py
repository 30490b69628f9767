"""What Windows users meet, checked where it can be from Linux: LibreOffice under Program Files, files edited
with Windows' line endings and code pages, the progress log appended to in the file's own line endings."""

from __future__ import annotations

from pathlib import Path

from helpers import located


def test_libreoffice_is_found_under_program_files(tmp_path, monkeypatch):
    from danvan_cli.pdf import find_soffice

    program = tmp_path / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    exe = program / "soffice.exe"
    exe.write_text("", encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("DANVAN_SOFFICE", raising=False)
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    import shutil

    if shutil.which("soffice") is None and not Path("/usr/bin/soffice").exists():
        assert find_soffice() == str(exe)
    else:  # this machine has its own LibreOffice, found first: the Windows place is still among the candidates
        monkeypatch.setattr("danvan_cli.pdf.Path.is_file", lambda p: str(p) == str(exe))
        assert find_soffice() == str(exe)


def test_files_saved_by_windows_editors_read_as_written(danvan, plans):
    """CRLF line endings, a BOM (Notepad), and a log in UTF-16 (an editor's 'Unicode'): read, or refused with the
    fix, never misread."""
    log = plans / "mn-hung-an/2022/progress.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert danvan("validate").exit_code == 0
    added = danvan("progress", "add", "tuyen-truyen", "Việc mới", "--date", "02/03/2022")
    assert added.exit_code == 0, added.stderr
    raw = log.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")  # its own line endings kept
    log.write_bytes(text.encode("utf-16"))
    result = danvan("validate")
    assert result.exit_code == 0 or any(p.endswith("progress.yaml") for p, *_ in located(result.stderr))
