"""A progress bar on stderr for the commands that work through many units or documents (export, aggregate,
status --all), shown only to a person at a terminal."""

from __future__ import annotations


class ProgressBar:
    """A Rich progress bar on stderr, for a person at a terminal waiting on many units or documents."""

    def __init__(self, description: str) -> None:
        from rich.console import Console
        from rich.progress import Progress, TaskID

        self.description = description
        self.progress = Progress(console=Console(stderr=True), transient=True)
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        if total and self.task is None:
            self.progress.start()
            self.task = self.progress.add_task(self.description, total=total)

    def advance(self, name: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, description=name)

    def step(self, done: int, total: int) -> None:
        """(done, total) as a long reading reports it."""
        self.start(total)
        if self.task is not None:
            self.progress.update(self.task, completed=done)

    def stop(self) -> None:
        self.progress.stop()


def progress_bar(description: str, *, quiet: bool = False) -> ProgressBar | None:
    """A progress bar where someone watches (a terminal), never in cron's mail or a pipe."""
    import sys

    return None if quiet or not sys.stderr.isatty() else ProgressBar(description)


def with_progress(description: str, work):
    """`work(progress)` with a bar shown while it runs (progress: None where nobody watches)."""
    bar = progress_bar(description)
    try:
        return work(bar.step if bar else None)
    finally:
        if bar:
            bar.stop()
