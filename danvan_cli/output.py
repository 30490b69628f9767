"""Write and export: atomic files on disk, and PDF through LibreOffice.

An existing good output is never left half-overwritten: every file is written to a temporary
file beside it, flushed to disk, then renamed over the old one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from danvan_cli.errors import ConversionFailed, ConverterMissing, OutputNotWritable, display_path

SOFFICE_TIMEOUT = float(os.environ.get("DANVAN_SOFFICE_TIMEOUT", "120"))


def ensure_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritable(f"{display_path(folder)}: không tạo được thư mục đầu ra ({exc.strerror})") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename; on any failure the old file stays as it was."""
    ensure_dir(path.parent)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise OutputNotWritable(
            f"{display_path(path)}: không ghi được tệp ({exc.strerror}); tệp cũ (nếu có) vẫn giữ nguyên"
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _file_mode(path: Path) -> int:
    """The mode the old file had, or what a plain open() would give (mkstemp's 0600 would hide outputs)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def fsync_dir(folder: Path) -> None:
    if sys.platform.startswith("win"):
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def find_soffice() -> str | None:
    """LibreOffice's command: $DANVAN_SOFFICE, then PATH, then the usual install places (cron has a short PATH)."""
    candidates = [os.environ.get("DANVAN_SOFFICE"), shutil.which("soffice"), shutil.which("libreoffice")]
    candidates += [
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float = SOFFICE_TIMEOUT) -> None:
    """Convert one document; ConversionFailed names it and the .docx stays as it is."""
    failures = docxs_to_pdfs([(docx, pdf)], timeout=timeout)
    if failures:
        raise ConversionFailed(failures[0][1])


def docxs_to_pdfs(pairs: list[tuple[Path, Path]], *, timeout: float = SOFFICE_TIMEOUT) -> list[tuple[Path, str]]:
    """Convert many documents with one LibreOffice start (headless, its own throw-away profile, a timeout
    per document); each PDF is moved into place atomically. Returns (docx, message) for each failure."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            "không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Cài LibreOffice "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) hoặc bỏ tùy chọn --pdf; tệp .docx đã được ghi."
        )
    if not pairs:
        return []
    with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as tmp:
        work = Path(tmp)
        # Inputs get unique names: two units' documents may share a file name.
        staged = []
        for i, (docx, pdf) in enumerate(pairs):
            link = work / "in" / f"{i:05d}.docx"
            link.parent.mkdir(exist_ok=True)
            shutil.copyfile(docx, link)
            staged.append((docx, pdf, link))
        outdir = work / "out"
        env = dict(os.environ)
        env["HOME"] = str(work)  # LibreOffice writes under HOME even with its own profile; cron may have none
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *[str(link) for _, _, link in staged],
        ]
        limit = timeout + 10 * (len(pairs) - 1)  # one start, then a few seconds per further document
        try:
            proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
            )
        except OSError as exc:
            raise ConverterMissing(f"không chạy được LibreOffice ({soffice}): {exc.strerror}") from None
        try:
            _, err = proc.communicate(timeout=limit)
            detail = (err.decode("utf-8", "replace").strip().splitlines() or [f"mã thoát {proc.returncode}"])[-1]
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            detail = f"LibreOffice không chuyển xong sau {limit:g} giây; đã dừng"
        failures = []
        for docx, pdf, link in staged:
            produced = outdir / (link.stem + ".pdf")
            if produced.is_file() and produced.stat().st_size > 0:
                write_atomic(pdf, produced.read_bytes())
            else:
                failures.append(
                    (docx, f"{display_path(docx)}: không chuyển được sang PDF ({detail}). Tệp .docx vẫn giữ nguyên.")
                )
        return failures


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.wait()
