"""Every failure a user can meet has its own type under `DanvanError`.

The CLI turns any exception into one of these (`as_error`), prints its Vietnamese
message and exits with its class's `exit_code`: 1 for the user's data or templates,
2 for the command line, 3 for the machine (disk, permissions, LibreOffice) or a
fault of danvan's own, 128 + the signal for a stop.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"

    def __lt__(self, other: Problem) -> bool:
        # By place, whatever the kind: a problem of a whole file sorts among the located ones (a dataclass's own
        # ordering refuses to compare two kinds, and validate then ended in a TypeError).
        return (self.path, self.line, self.col, self.message) < (other.path, other.line, other.col, other.message)


class Warning_(Problem):
    """Something fixed on the way in (e.g. a control character removed); printed, never fatal."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: cảnh báo: {self.message}"


class Kept(Warning_):
    """A remark on text the clerk marked as kept as written ("# giữ nguyên: …"): said as such, never a warning."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class PlaceWarning(Warning_):
    """A warning about a whole folder or file, which has no line to point at."""

    def __str__(self) -> str:
        return f"{self.path}: cảnh báo: {self.message}"


class WholeFileProblem(Problem):
    """A problem of a whole file or folder (a link, a file an editor renamed); its message names the place."""

    def __str__(self) -> str:
        return self.message


class Note(str):
    """A line a command says on the terminal, with `about` (as DanvanError's): what the user could change, for the
    CLI to say how."""

    about: str | None

    def __new__(cls, text: str, about: str | None = None) -> Note:
        note = super().__new__(cls, text)
        note.about = about
        return note


def display_path(path: Path | str) -> str:
    """A path as the user best recognises it: relative to the working folder when inside it."""

    absolute = os.path.abspath(path)  # not resolve(): a link is shown as the link the user made
    try:
        return str(Path(absolute).relative_to(os.path.abspath(Path.cwd())))
    except (ValueError, OSError):
        return absolute


class DanvanError(Exception):
    """The base of every failure a user can meet; its class alone decides the exit code. `about` is the library's
    name for what the user could change (a value given, a file to keep), for the CLI to say how (cli/asked.py): the
    library never names a command-line option."""

    exit_code = 1

    def __init__(self, message: str, about: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.about = about

    def lines(self) -> list[str]:
        return [self.message]

    def __reduce__(self):
        """Sent whole from a child process (bounded.py): rebuilt as it was, whatever its constructor takes."""
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[DanvanError], args: tuple, state: dict) -> DanvanError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


# ---------------------------------------------------------------- exit 1: the user's data, files or templates


class InputError(DanvanError):
    """The user's data is wrong; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ProblemsFound(InputError):
    """`validate`'s finding: every problem in the data, then how many there are."""

    def lines(self) -> list[str]:
        return super().lines() + [f"Có {len(self.problems)} lỗi trong dữ liệu."]


class UnitNotFound(DanvanError):
    """No unit of that name in the plans folder."""


class FileNotFound(DanvanError):
    """A file the command needs is not there (the message says what to create, or what it is misnamed as)."""

    def __init__(self, message: str, missing: Path | None = None) -> None:
        super().__init__(message)
        self.missing = missing  # the file, where one mistake may be met twice (validate says it once)


class TemplateProblem(DanvanError):
    """A template is missing, is not a .docx, or fails to render."""


class UnsafePath(DanvanError):
    """A link, or a path leading out of the folder it must stay in."""


class ReadOnlyFile(DanvanError):
    """The file to be replaced is marked read-only: its owner meant it to stay as it is."""


class AlreadyThere(DanvanError):
    """A file that must be new already exists (another run made it first)."""


class PlanExists(DanvanError):
    """new-plan over a year that has a plan, without --force."""


class ScoresExist(DanvanError):
    """`score --tao` where the year already has its self-assessment (or another criteria file): never replaced."""


class PlanAfterReport(DanvanError):
    """A report that would cite its unit's plan, issued after the report's date."""


class WizardStopped(DanvanError):
    """The person at the terminal ended the questions (Ctrl-D) before the plan could be made."""


class UnknownTask(DanvanError):
    """A task id the plan does not have."""


class NoReportShowsIt(DanvanError):
    """The plan's schedule leaves the day out: the entry would reach no report."""


class NumberTaken(DanvanError):
    """The number a document asks for is another document's in the register."""


class NoTermDeclared(DanvanError):
    """A Party unit issues by term, and its terms are not declared."""


class DocumentOfAnotherUnit(DanvanError):
    """The output file holds another unit's document (same abbreviation, year and subject)."""


class ExampleText(DanvanError):
    """--final on a document that still prints a sample value marked '(ví dụ)'."""


class DraftOnlyReport(DanvanError):
    """--final on a report nobody wrote a word of: an official number must not go to a machine draft."""


class NothingToConsolidate(DanvanError):
    """No unit reports to the office: an empty consolidated report would replace a real one."""


class RosterMissing(DanvanError):
    """An office consolidating what its units sent, without the roster that says who they are."""


class PackageContradicts(DanvanError):
    """A report package whose figures or dates contradict each other: nothing of it is summed."""


class NewerFormat(DanvanError):
    """An outline or a report package written by a newer danvan than this one reads."""


class PackageRefused(DanvanError):
    """A report package that cannot be received: not JSON, not a package, too large, or not as its schema says."""


class PackagePastLimit(DanvanError):
    """A report whose package (.danvan.json) would go past a limit of its format: refused before anything is
    written."""


class OutlineMismatch(DanvanError):
    """The outline named on the command line is for another period or year than the report asked for."""


class NotAPlan(DanvanError):
    """`import` of a file that is no Kế hoạch (a Báo cáo, a Quyết định, a letter), or one whose parts cannot be found."""


class UnreadableDocument(DanvanError):
    """`import` of a file that is no Word document, is damaged, or is too large once unpacked (a zip bomb)."""


class WorkPastLimit(DanvanError):
    """Work done in a bounded child process (bounded.py) went past its time (`kind` 'time') or memory ('memory'),
    or the child was killed ('died'); the caller says it of the input concerned (a template, a Word file)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"công việc vượt giới hạn ({kind}) nên đã dừng")
        self.kind = kind


class EntriesWouldBeOrphaned(DanvanError):
    """`import --force` of a plan whose tasks would no longer include some the year's progress log refers to."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.said = lines

    def lines(self) -> list[str]:
        return list(self.said)


class DocumentPastLimit(DanvanError):
    """`import` of a well-formed Word file that goes past a limit danvan reads within (one text of over 10 MB,
    nesting past 256 levels, more time or memory than a plan could need): the limit is named, not damage."""


class NothingToExport(DanvanError):
    """The plans folder is missing or holds no unit: a mistyped crontab line must not 'succeed' every morning."""


# ---------------------------------------------------------------- what was asked for: exit 2 from a command


class RequestRefused(DanvanError):
    """What a command asked of the library cannot be, said in domain terms (a day after today, a period that does
    not exist, a year no plan can have). The library never names a command-line option: `about` is its own name
    for the value at fault ('ngay', 'so_lieu', …), and the CLI, which knows the option that carried it, says so
    and exits 2 (cli/asked.py)."""


class UnknownPeriod(RequestRefused):
    """A report period that does not exist."""


class DateOutOfRange(RequestRefused):
    """A date the plan's year, the report's period or today does not allow."""


class ValueNotAllowed(RequestRefused):
    """A value outside what is allowed (a percent above 100, a status, a unit's name, a year, a schedule)."""


class UnitNotChosen(RequestRefused):
    """Several units (or none) and none named: a question for the user."""


class AnswersMissing(RequestRefused):
    """A new unit's details still needed (`missing`, as unit.yaml names them) and no one to ask."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


class FigureNotDeclared(RequestRefused):
    """A figure the plan does not declare, recorded without saying it is a new one."""


# ---------------------------------------------------------------- exit 2: the command line


class UsageProblem(DanvanError):
    """The command line asks for something impossible (exit 2, like a bad option)."""

    exit_code = 2


# ---------------------------------------------------------------- exit 3: the machine, or danvan itself


class EnvironmentFailure(DanvanError):
    """The machine failed us: disk, permissions, LibreOffice."""

    exit_code = 3


class OutputNotWritable(EnvironmentFailure):
    """An output file or folder cannot be written."""


class FileUnreadable(EnvironmentFailure):
    """A file is there but the system will not let us read it (permissions, I/O)."""


class ConverterMissing(EnvironmentFailure):
    """No LibreOffice to make the PDF."""


class ConversionFailed(EnvironmentFailure):
    """LibreOffice ran and gave no PDF."""


class ExportBusy(EnvironmentFailure):
    """Another export holds the export folder's lock for longer than --wait."""


class WorkerDied(EnvironmentFailure):
    """A worker process making a unit's documents was killed (out of memory, a signal)."""


class SystemFailure(EnvironmentFailure):
    """An operating-system error no other check caught (a disk that fails, a file that vanished)."""

    @classmethod
    def of(cls, exc: OSError) -> SystemFailure:
        where = f" ({display_path(exc.filename)})" if getattr(exc, "filename", None) else ""
        return cls(f"lỗi hệ thống{where}: {reason(exc)}; lệnh dừng lại.")


class OutOfMemory(EnvironmentFailure):
    def __init__(self) -> None:
        super().__init__("lỗi: hết bộ nhớ; lệnh dừng lại.")


class InternalFault(DanvanError):
    """A fault of danvan's own: said plainly, with what to send in a bug report."""

    exit_code = 3

    @classmethod
    def of(cls, exc: BaseException) -> InternalFault:
        return cls(
            f"lỗi không lường trước của danvan ({type(exc).__name__}: {str(exc)[:300]}). "
            "Hãy báo lỗi này kèm lệnh đã chạy (chạy lại với DANVAN_DEBUG=1 để xem chi tiết)."
        )


# ---------------------------------------------------------------- stops: the shell's conventions (128 + signal)


class Terminated(BaseException):
    """SIGTERM, raised by the signal handler: it unwinds as Ctrl-C does, so that `finally` blocks (LibreOffice,
    locks, temporary files) run; a BaseException so that no `except Exception` swallows it."""


class Interrupted(DanvanError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("đã dừng theo yêu cầu.")


class Stopped(DanvanError):
    exit_code = 143

    def __init__(self) -> None:
        super().__init__("đã dừng (SIGTERM).")


class OutputClosed(DanvanError):
    """Whoever read the output went away (`danvan status --json | head`): nothing more to tell them."""

    exit_code = 141

    def __init__(self) -> None:
        super().__init__("")

    def lines(self) -> list[str]:
        return []


def as_error(exc: BaseException) -> DanvanError | None:
    """Any exception as the DanvanError the user is told of; None for what is not a failure (SystemExit)."""
    if isinstance(exc, DanvanError):
        return exc
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted()
    if isinstance(exc, Terminated):
        return Stopped()
    if isinstance(exc, MemoryError):
        return OutOfMemory()
    if isinstance(exc, BrokenPipeError):
        return OutputClosed()
    if isinstance(exc, OSError):
        return SystemFailure.of(exc)
    if isinstance(exc, Exception):
        return InternalFault.of(exc)
    return None


def written_note(error: DanvanError, written: list[Path]) -> list[str]:
    """The last line of a failed command: what it leaves on disk, truly. The files it wrote whole (every write is
    atomic, so none is half written), or, for a failure of the machine or of danvan, that it wrote none."""
    if isinstance(error, OutputClosed):
        return []
    names = list(dict.fromkeys(display_path(p) for p in written))
    if names:
        more = f" và {len(names) - 5} tệp khác" if len(names) > 5 else ""
        return [
            f"Trước khi lệnh dừng, đã ghi trọn: {', '.join(names[:5])}{more}; các tệp khác của lệnh chưa được ghi, "
            "không tệp nào bị ghi dở."
        ]
    return ["Lệnh chưa ghi tệp nào."] if error.exit_code >= 3 else []


# What the system said, in Vietnamese: the English strerror of the C library must not reach the user.
_REASONS = {
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã hết hạn mức dung lượng của người dùng",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "ELOOP": "quá nhiều liên kết (symlink) lồng nhau",
    "EACCES": "không có quyền truy cập",
    "EPERM": "thao tác không được phép",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "ENOENT": "không có tệp hoặc thư mục này",
    "EEXIST": "đã có tệp mang tên này",
    "EISDIR": "đây là một thư mục",
    "ENOTDIR": "một phần của đường dẫn không phải thư mục",
    "EIO": "lỗi đọc ghi của ổ đĩa",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "ENFILE": "hệ thống mở quá nhiều tệp cùng lúc",
    "ETXTBSY": "tệp đang được chương trình khác dùng",
    "EBUSY": "tệp hoặc thiết bị đang bận",
    "EXDEV": "không chuyển được tệp sang ổ đĩa khác",
    "EFBIG": "tệp quá lớn",
    "ENXIO": "không có thiết bị hoặc bên đọc của đường ống",
    "EAGAIN": "tài nguyên tạm thời không sẵn sàng",
    "EPIPE": "đầu kia của đường ống đã đóng",
    "ENOMEM": "hết bộ nhớ",
    "EINVAL": "tham số không hợp lệ với hệ thống",
    "ENOEXEC": "tệp không chạy được",
}


def reason(exc: OSError) -> str:
    """The system's reason for `exc` in Vietnamese, with its code for whoever must look it up ('ổ đĩa đã đầy, ENOSPC')."""

    code = errno.errorcode.get(exc.errno or 0, "")
    text = _REASONS.get(code)
    if text:
        return f"{text}, {code}"
    return f"lỗi hệ thống {code or exc.errno or type(exc).__name__}"
