"""Every failure a user can meet has its own type under `DanvanError`.

The CLI catches `DanvanError`, prints its Vietnamese message and exits with its
`exit_code`: 1 for the user's data or templates, 2 for the command line, 3 for
the environment (disk, permissions, LibreOffice).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one input file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class Warning_(Problem):
    """Something fixed on the way in (e.g. a control character removed); printed, never fatal."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: cảnh báo: {self.message}"


class PlaceWarning(Warning_):
    """A warning about a whole folder or file, which has no line to point at."""

    def __str__(self) -> str:
        return f"{self.path}: cảnh báo: {self.message}"


class WholeFileProblem(Problem):
    """A problem of a whole file or folder (a link, a file an editor renamed); its message names the place."""

    def __str__(self) -> str:
        return self.message


def display_path(path: Path | str) -> str:
    """A path as the user best recognises it: relative to the working folder when inside it."""
    import os

    absolute = os.path.abspath(path)  # not resolve(): a link is shown as the link the user made
    try:
        return str(Path(absolute).relative_to(os.path.abspath(Path.cwd())))
    except (ValueError, OSError):
        return absolute


class DanvanError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        return [self.message]


class InputError(DanvanError):
    """The user's data is wrong; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UnitNotFound(DanvanError):
    """No unit of that name in the plans folder."""

    exit_code = 1


class FileNotFound(DanvanError):
    """A file the command needs is not there (the message says what to create, or what it is misnamed as)."""

    exit_code = 1


class TemplateProblem(DanvanError):
    """A template is missing, is not a .docx, or fails to render."""

    exit_code = 1


class UsageProblem(DanvanError):
    """The command line asks for something impossible (exit 2, like a bad option)."""

    exit_code = 2


class EnvironmentFailure(DanvanError):
    """The machine failed us: disk, permissions, LibreOffice."""

    exit_code = 3


class OutputNotWritable(EnvironmentFailure):
    pass


class FileUnreadable(EnvironmentFailure):
    """A file is there but the system will not let us read it (permissions, I/O)."""


class ConverterMissing(EnvironmentFailure):
    pass


class ConversionFailed(EnvironmentFailure):
    pass


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
    import errno

    code = errno.errorcode.get(exc.errno or 0, "")
    text = _REASONS.get(code)
    if text:
        return f"{text}, {code}"
    return f"lỗi hệ thống {code or exc.errno or type(exc).__name__}"
