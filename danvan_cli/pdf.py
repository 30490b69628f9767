"""LibreOffice: found where it is installed, run headless with its own profile and a timeout, in a work folder
the next run cleans up if this one is killed. PDF export uses it; so does `import` for a .doc or .odt."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from danvan_cli.errors import ConversionFailed, ConverterMissing, DanvanError, display_path, reason
from danvan_cli.files import process_alive, write_atomic

SOFFICE_TIMEOUT = float(os.environ.get("DANVAN_SOFFICE_TIMEOUT", "120"))


def find_soffice() -> str | None:
    """LibreOffice's command: $DANVAN_SOFFICE, then PATH, then the usual install places (cron has a short PATH)."""
    candidates = [os.environ.get("DANVAN_SOFFICE"), shutil.which("soffice"), shutil.which("libreoffice")]
    candidates += [
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    ]
    # Windows: LibreOffice installs under Program Files (or Program Files (x86) for the 32-bit build).
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432"):
        if os.environ.get(variable):
            candidates.append(str(Path(os.environ[variable]) / "LibreOffice" / "program" / "soffice.exe"))
    candidates += [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    ]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            return c
    return None


def font_note() -> str | None:
    """Where Times New Roman is not installed, LibreOffice sets the PDF in a font of the same metrics (Liberation
    Serif): the lines and pages fall as in Word, the letters look a little different. Said once per plans folder
    (`font_note_once`), so the clerk knows why, and how to have the real font. None where the font is there (or the system cannot tell)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(
            [fc_match, "-f", "%{family}", "Times New Roman"], capture_output=True, timeout=10, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    if "times new roman" in found.lower():
        return None
    twin = found.split(",")[0].strip() or "một phông khác"
    return (
        f"Lưu ý: máy không có phông Times New Roman; tệp PDF dùng {twin}, cùng kích thước chữ nên dòng và trang "
        "như trong Word. Muốn PDF đúng phông: cài Times New Roman (trên Debian/Ubuntu: gói ttf-mscorefonts-installer; "
        "trên Windows có sẵn). Tệp .docx không đổi."
    )


# Where a plans folder remembers that the clerk was told about the font (once per plans folder, never elsewhere:
# two plans folders, or two tests, never share it).
FONT_NOTE_MARK = ".danvan-da-bao-phong-chu"


def font_note_once(plans_dir: Path) -> str | None:
    """The font note, the first time a PDF is made from this plans folder; None afterwards (and where the font is
    there). A folder that cannot keep the mark is told every time rather than never."""
    note = font_note()
    if note is None:
        return None
    mark = Path(plans_dir) / FONT_NOTE_MARK
    if mark.is_file():
        return None

    with contextlib.suppress(OSError, DanvanError):
        write_atomic(
            mark,
            f"danvan đã báo ngày {dt.date.today().isoformat()}: máy không có phông Times New Roman, PDF dùng phông "
            "cùng kích thước chữ. Xóa tệp này để được báo lại.\n".encode(),
            root=Path(plans_dir),
        )
    return note


def docx_to_pdf(docx: Path, pdf: Path, *, timeout: float = SOFFICE_TIMEOUT) -> None:
    """Convert one document; ConversionFailed names it and the .docx stays as it is."""
    failures = docxs_to_pdfs([(docx, pdf)], timeout=timeout)
    if failures:
        raise ConversionFailed(failures[0][1])


WORK_PREFIX = "danvan-pdf-"


def is_pdf(data: bytes) -> bool:
    """A whole PDF with at least one page: header, end marker, a page object. A converter that wrote
    anything else (a crash, garbage) must not replace a good PDF."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:] and re.search(rb"/Type\s*/Page\b", data) is not None


def remove_stale_work(temp_root: Path | None = None) -> None:
    """Work folders of runs that were killed (their pid is gone), and the LibreOffice each left running."""

    root = temp_root or Path(tempfile.gettempdir())
    for folder in root.glob(f"{WORK_PREFIX}*-*"):
        found = re.fullmatch(rf"{WORK_PREFIX}(\d+)-.*", folder.name)
        if not found or process_alive(int(found.group(1))) or not folder.is_dir() or folder.is_symlink():
            continue
        with contextlib.suppress(OSError, ValueError):
            group = int((folder / "soffice.pid").read_text(encoding="utf-8"))
            if _is_libreoffice(group):
                os.killpg(group, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


def _is_libreoffice(pid: int) -> bool:
    """Whether `pid` is a LibreOffice process still (Linux tells by /proc; elsewhere nothing is killed)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"soffice" in command or b"oosplash" in command


def docxs_to_pdfs(pairs: list[tuple[Path, Path]], *, timeout: float = SOFFICE_TIMEOUT) -> list[tuple[Path, str]]:
    """Convert many documents with one LibreOffice start (headless, its own throw-away profile, a timeout
    per document); each PDF is checked, then moved into place atomically. Returns (docx, message) for
    each failure. If danvan itself is stopped meanwhile, LibreOffice is stopped with it; if danvan is
    killed outright, the next conversion removes what was left."""
    soffice = find_soffice()
    if soffice is None:
        raise ConverterMissing(
            "không tìm thấy LibreOffice (lệnh soffice) để xuất PDF. Cài LibreOffice "
            "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui) hoặc bỏ tùy chọn --pdf; tệp .docx đã được ghi."
        )
    if not pairs:
        return []
    with work_folder() as work:
        return _convert(soffice, work, pairs, timeout)


@contextlib.contextmanager
def work_folder():
    """A throw-away folder for one LibreOffice run, named by this process so that, if danvan is killed, the next
    run removes it and stops the LibreOffice it left (remove_stale_work)."""
    remove_stale_work()
    work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{os.getpid()}-"))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_libreoffice(
    soffice: str, work: Path, convert_to: str, inputs: list[Path], limit: float
) -> tuple[Path, str, bool]:
    """One headless LibreOffice run converting `inputs` to `convert_to` into `work`/out, with its own profile;
    returns the output folder, what went wrong if anything (stderr's last line, or the time limit), and whether
    it was stopped at the time limit. If danvan itself is stopped meanwhile, LibreOffice is stopped with it."""
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
        convert_to,
        "--outdir",
        str(outdir),
        *[str(path) for path in inputs],
    ]
    proc = None
    try:
        with _signals_held() as held:
            try:
                proc = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
                )
            except OSError as exc:
                raise ConverterMissing(f"không chạy được LibreOffice ({soffice}): {reason(exc)}") from None
            (work / "soffice.pid").write_text(str(proc.pid), encoding="utf-8")
        for signum in held:  # a stop that came while LibreOffice was starting: now it stops LibreOffice too
            signal.raise_signal(signum)
        _, err = proc.communicate(timeout=limit)
        detail = (err.decode("utf-8", "replace").strip().splitlines() or [f"mã thoát {proc.returncode}"])[-1]
    except subprocess.TimeoutExpired:
        assert proc is not None
        _kill_group(proc)
        return outdir, f"LibreOffice không chuyển xong sau {limit:g} giây; đã dừng", True
    except BaseException:  # danvan stopped (Ctrl-C, SIGTERM): LibreOffice goes with it
        if proc is not None:
            _kill_group(proc)
        raise
    return outdir, detail, False


@contextlib.contextmanager
def _signals_held():
    """SIGTERM and Ctrl-C held back while LibreOffice starts and its pid is written down: one that came in between
    used to stop danvan before it knew LibreOffice's pid, leaving LibreOffice running (the parallel runs of the
    test suite on one core caught it). What was held is raised just after, where LibreOffice is stopped with it."""
    held: list[int] = []
    try:
        previous = {
            s: signal.signal(s, lambda signum, _frame: held.append(signum)) for s in (signal.SIGTERM, signal.SIGINT)
        }
    except ValueError:  # not the main thread, where signals are not handled anyway
        yield held
        return
    try:
        yield held
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


def _convert(soffice: str, work: Path, pairs: list[tuple[Path, Path]], timeout: float) -> list[tuple[Path, str]]:
    # Inputs get unique names: two units' documents may share a file name.
    staged = []
    for i, (docx, pdf) in enumerate(pairs):
        link = work / "in" / f"{i:05d}.docx"
        link.parent.mkdir(exist_ok=True)
        shutil.copyfile(docx, link)
        staged.append((docx, pdf, link))
    limit = timeout + 10 * (len(pairs) - 1)  # one start, then a few seconds per further document
    outdir, detail, _ = run_libreoffice(soffice, work, "pdf", [link for _, _, link in staged], limit)
    failures = []
    for docx, pdf, link in staged:
        produced = outdir / (link.stem + ".pdf")
        data = produced.read_bytes() if produced.is_file() else b""
        if is_pdf(data):
            write_atomic(pdf, data)
        else:
            why = detail if not data else "LibreOffice ghi ra một tệp không phải PDF"
            failures.append(
                (docx, f"{display_path(docx)}: không chuyển được sang PDF ({why}). Tệp .docx vẫn giữ nguyên.")
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
