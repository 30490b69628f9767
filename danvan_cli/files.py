"""Every read and write of a file on disk, by one set of rules.

* Inside the plans folder and the export folder no symbolic link is followed: a link where a folder or a
  file should be is refused, naming it. A link could carry a write out of the folder, make danvan replace a
  shared file by a private copy, or hand over a file the user never meant to.
* Only regular files are read. A FIFO, a device or a folder where a file should be is refused: reading one
  would hang, never end or fail obscurely. At most MAX_FILE_BYTES are read.
* Every write goes to a temporary file beside the target, named `.<name>.danvan-<pid>-<random>.tmp`,
  is flushed to disk and renamed over the target; then the folder is synced. An existing good file is
  never left half-overwritten, and the leftover of a killed process is known by its name and its dead pid.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from danvan_cli.errors import (
    AlreadyThere,
    InputError,
    OutputNotWritable,
    Problem,
    ReadOnlyFile,
    UnsafePath,
    display_path,
    reason,
)

# A unit's files are small (a log of 5,000 entries is 1.4 MB; 3 MB holds about 10,000); larger is refused unread.
MAX_FILE_BYTES = 3 * 1024 * 1024
# Every file this command has put in place, in order: a command that fails says which (a failure after a report's
# .docx and before its package must not read as if nothing had been written). The CLI empties it per command.
WRITTEN: list[Path] = []


def note_written(path: Path) -> None:
    WRITTEN.append(Path(path))


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.danvan-(?P<pid>\d+)-[^.]+\.tmp$")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISFIFO(mode):
        return "một đường ống (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    if stat.S_ISSOCK(mode):
        return "một socket"
    if stat.S_ISLNK(mode):
        return "một liên kết (symlink)"
    return "không phải tệp thường"


def inside(root: Path, path: Path, verified: Path | None = None) -> Path:
    """`path`, which must lie inside `root` (as written, `..` resolved) with no link below `root`.

    Components that do not exist yet are fine: they will be made as folders by `make_dirs`. `verified`: a folder
    between them already checked in this run, so only the steps below it are looked at."""
    base = os.path.abspath(root)
    target = os.path.abspath(path)
    if target != base and not target.startswith(base.rstrip(os.sep) + os.sep):
        raise UnsafePath(f"{display_path(path)}: nằm ngoài thư mục {display_path(root)}; danvan không đọc hay ghi ở đó")
    current = base if verified is None else os.path.abspath(verified)
    if target != current and not target.startswith(current.rstrip(os.sep) + os.sep):
        current = base  # `verified` is not on the way to `path`: every step is looked at
    for part in Path(os.path.relpath(target, current)).parts if target != current else ():
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            break
        except OSError:
            break  # unreadable: the read or write that follows reports it
        if stat.S_ISLNK(mode):
            raise UnsafePath(
                f"{display_path(current)}: là một liên kết (symlink); danvan không đọc hay ghi qua liên kết "
                f"trong thư mục {display_path(root)} — hãy thay liên kết bằng thư mục hoặc tệp thật"
            )
    return path


def present(path: Path) -> bool:
    """Whether anything stands at `path` (a link or a FIFO too: reading it is then refused with its reason)."""
    return os.path.lexists(path)


def _not_a_file(path: Path, what: str) -> InputError:
    return InputError(
        [Problem(display_path(path), 1, 1, f"ở đây cần một tệp thường, nhưng đây là {what}; danvan không đọc nó")]
    )


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, refused unread when it is a link, not a regular file, or larger than `limit`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_file(path, _kind(mode))
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_a_file(path, _kind(stat.S_IFLNK)) from None
        raise
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise _not_a_file(path, _kind(st.st_mode))
        if st.st_size > limit:
            raise _too_big(path, st.st_size, limit)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise _too_big(path, len(data), limit)
    return data


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return InputError(
        [
            Problem(
                display_path(path),
                1,
                1,
                f"tệp quá lớn ({size / 1048576:.1f} MB; tối đa {limit / 1048576:g} MB); không đọc tệp này",
            )
        ]
    )


def make_dirs(folder: Path, root: Path | None = None) -> None:
    """Create `folder` and its parents; below `root`, refuse any that is a link."""
    if root is not None:
        inside(root, folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputNotWritable(
            f"{display_path(folder)}: đã có một tệp mang tên thư mục này; không tạo được thư mục"
        ) from None
    except OSError as exc:
        raise OutputNotWritable(f"{display_path(folder)}: không tạo được thư mục ({reason(exc)})") from None


def write_atomic(path: Path, data: bytes, *, root: Path | None = None, new_only: bool = False) -> None:
    """Temp file in the same folder, fsync, rename; on any failure the old file stays as it was.

    Below `root`, no folder on the way may be a link; the target itself is never a link, a non-file or a file
    marked read-only. With `new_only`, the file is put in place only if none is there, in one step (a link
    that fails when the name is taken), so that two runs can never both believe they made it."""
    make_dirs(path.parent, root)
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UnsafePath(
            f"{display_path(path)}: ở đây là {_kind(st.st_mode)}, không phải tệp thường; danvan không ghi đè lên nó"
        )
    if st is not None and new_only:
        raise AlreadyThere(f"{display_path(path)}: đã có tệp này; danvan không ghi đè")
    if st is not None and not st.st_mode & 0o222:
        raise ReadOnlyFile(
            f"{display_path(path)}: tệp đang đặt chỉ đọc; danvan không ghi đè. Bỏ thuộc tính chỉ đọc nếu muốn ghi"
        )
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.danvan-{os.getpid()}-", suffix=".tmp")
        os.chmod(tmp, _file_mode(path))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if new_only:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise AlreadyThere(f"{display_path(path)}: đã có tệp này; danvan không ghi đè") from None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                # a file system without hard links: the name is claimed by an exclusive create first
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                os.replace(tmp, path)
                tmp = None
        else:
            os.replace(tmp, path)
            tmp = None
        fsync_dir(path.parent)
        note_written(path)
    except FileExistsError:
        raise AlreadyThere(f"{display_path(path)}: đã có tệp này; danvan không ghi đè") from None
    except OSError as exc:
        raise OutputNotWritable(
            f"{display_path(path)}: không ghi được tệp ({reason(exc)}); tệp cũ (nếu có) vẫn giữ nguyên"
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def append_text(path: Path, text: str) -> None:
    """Add `text` at the end of a log file, made if absent; refused when a link, a FIFO or any non-file stands
    there (opening one would follow it out of the folder, or wait forever for a reader)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UnsafePath(f"{display_path(path)}: ở đây là {_kind(st.st_mode)}, không phải tệp thường; không ghi vào")
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO):
            raise UnsafePath(f"{display_path(path)}: không phải tệp thường; không ghi vào") from None
        raise OutputNotWritable(f"{display_path(path)}: không ghi được ({reason(exc)})") from None
    with os.fdopen(fd, "ab") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise UnsafePath(f"{display_path(path)}: không phải tệp thường; không ghi vào")
        f.write(text.encode("utf-8"))
    note_written(path)


def write_text_atomic(path: Path, text: str, *, root: Path | None = None, new_only: bool = False) -> None:
    write_atomic(path, text.encode("utf-8"), root=root, new_only=new_only)


def _file_mode(path: Path) -> int:
    """The mode the old file had, or what a plain open() would give (mkstemp's 0600 would hide outputs)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def fsync_dir(folder: Path) -> None:
    if sys.platform.startswith("win"):
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def keep_backup(path: Path) -> Path:
    """A copy of `path`'s bytes beside it, under the first free name of plan.yaml.bak, plan.yaml.bak2, …:
    a backup is never overwritten, so every earlier version stays."""
    data = read_bytes(path)
    for n in range(1, 10_000):
        target = path.with_name(f"{path.name}.bak" if n == 1 else f"{path.name}.bak{n}")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), _file_mode(path))
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputNotWritable(f"{display_path(target)}: không ghi được bản sao lưu ({reason(exc)})") from None
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        fsync_dir(path.parent)
        note_written(target)
        return target
    raise OutputNotWritable(f"{display_path(path)}: đã có quá nhiều bản sao lưu bên cạnh; hãy dọn bớt")


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a system that cannot tell: leave its files alone
    return True


def remove_leftovers(folder: Path, names: set[str]) -> int:
    """Remove the temporary files a killed danvan left beside the files `names` in `folder`:
    only those it named itself (`.<name>.danvan-<pid>-….tmp`), for those names, of a process no longer alive."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if not found or found["name"] not in names or process_alive(int(found["pid"])):
            continue
        if entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed
