"""Write and export: atomic files on disk, and PDF through LibreOffice.

An existing good output is never left half-overwritten: every file is written to a temporary
file beside it, flushed to disk, then renamed over the old one.
"""

from __future__ import annotations

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
        _fsync_dir(path.parent)
    except OSError as exc:
        raise OutputNotWritable(f"{display_path(path)}: không ghi được tệp ({exc.strerror}); tệp cũ (nếu có) vẫn giữ nguyên") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


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


def _fsync_dir(folder: Path) -> None:
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
    """Convert with LibreOffice headless in its own throw-away profile, then move the PDF into place atomically."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            "không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Cài LibreOffice "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) hoặc bỏ tùy chọn --pdf; tệp .docx đã được ghi."
        )
    with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as tmp:
        work = Path(tmp)
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
            str(docx),
        ]
        try:
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
        except OSError as exc:
            raise ConverterMissing(f"không chạy được LibreOffice ({soffice}): {exc.strerror}") from None
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionFailed(
                f"{display_path(docx)}: LibreOffice không chuyển xong sang PDF sau {timeout:g} giây; đã dừng. Tệp .docx vẫn giữ nguyên."
            ) from None
        produced = outdir / (docx.stem + ".pdf")
        if proc.returncode != 0 or not produced.is_file():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"mã thoát {proc.returncode}"]
            raise ConversionFailed(f"{display_path(docx)}: LibreOffice không chuyển được sang PDF ({detail[0]}). Tệp .docx vẫn giữ nguyên.")
        write_atomic(pdf, produced.read_bytes())


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except OSError:
        pass
    proc.wait()
