"""The command line: parse, call the library, print. No domain logic lives here.

One module per command group (as the tests are: tests/test_<group>.py):

    common      the application, shared options, `run` (any failure → its message and exit code)
    documents   plan, report, register, score
    units       validate, new-plan, demo-units
    importing   import (a plan written in Word)
    progress    progress add, progress list, status
    office      aggregate
    letters     de-cuong, don-doc (the office's công văn to its units)
    export      export, schedule

Heavy modules (docx, jinja2, pydantic) are imported inside the commands, so that `danvan --help`
stays quick.
"""

import sys

from danvan_cli.cli import documents, export, importing, letters, office, progress, units  # noqa: F401  (each registers its commands)
from danvan_cli.cli.common import app
from danvan_cli.errors import Terminated

__all__ = ["app", "main"]


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> None:
    # Vietnamese must survive a pipe, a log file, cron's empty locale and Windows' code pages.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app(args=argv, prog_name="danvan")
