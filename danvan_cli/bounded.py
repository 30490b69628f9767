"""Work on input from elsewhere, done in a child process that is stopped past a time and a memory limit.

A unit's own template (render.py) is code from elsewhere, and a Word file to import (importer.py) is a document
from anyone: whatever either holds, the command ends within the time, and a child that runs out of memory takes
nothing else with it. The same limits hold for both (DANVAN_RENDER_TIMEOUT sets the time).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from danvan_cli.errors import DanvanError, InternalFault, WorkPastLimit

SECONDS = float(os.environ.get("DANVAN_RENDER_TIMEOUT", "60"))
MEMORY = 2 * 1024**3  # address space of the child


def _in_child(conn, target: Callable, args: tuple, memory: int) -> None:
    """The child's side of `run`: the result, or what went wrong, sent back; nothing raised."""
    try:
        try:
            import resource  # noqa: PLC0415 (absent on Windows)

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):
            pass  # Windows has no such limit; the time limit still holds
        try:
            conn.send(("ok", target(*args)))
        except MemoryError:
            conn.send(("memory", None))
        except DanvanError as exc:
            conn.send(("error", exc))
        except BaseException as exc:
            conn.send(("fault", f"{type(exc).__name__}: {str(exc)[:300]}"))
    finally:
        conn.close()


def run(target: Callable[..., Any], *args: Any, seconds: float | None = None, memory: int | None = None) -> Any:
    """`target(*args)` in a child process: its result, or the DanvanError it raised; WorkPastLimit when it ran past
    `seconds` (default SECONDS) or out of `memory` bytes of address space (default MEMORY)."""

    seconds = SECONDS if seconds is None else seconds
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    mp = multiprocessing.get_context(method)
    receive, send = mp.Pipe(duplex=False)
    child = mp.Process(target=_in_child, args=(send, target, args, memory or MEMORY), daemon=True)  # type: ignore[attr-defined]
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise WorkPastLimit("time")
        try:
            kind, payload = receive.recv()
        except (EOFError, OSError):
            raise WorkPastLimit("died") from None
        child.join(10)  # it has answered: let it end by itself (its exit handlers run), killed only if it will not
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if kind == "ok":
        return payload
    if kind == "error":
        raise payload
    if kind == "memory":
        raise WorkPastLimit("memory")
    raise InternalFault.of(RuntimeError(payload))
