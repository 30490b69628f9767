"""Typer's own words in Vietnamese: its help's headings and marks, and its usage errors, whatever the locale.

Typer, as pinned, carries its own copy of Click. Some of its words go through gettext, others are plain
strings; neither follows the user's language reliably (cron and Windows have none). So the command line's
command and group classes (`VnCommand`, `VnGroup`) format the help themselves and catch the usage errors at
the top of the application, and every word they print comes from one catalog, `locale/vi.po` (kept compiled beside it, `vi.json`, by `make
catalog`), read only when one of those words is printed (a help page, a usage error): a command that runs never
reads it.
Nothing in the installed package is changed.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from danvan_cli.errors import Interrupted

CATALOG = Path(__file__).resolve().parent / "locale" / "vi.po"
# The catalog as read, beside it (`make catalog`): used only while it is of the vi.po that is there.
COMPILED = CATALOG.with_suffix(".json")


@functools.cache
def _catalog() -> dict[str, str]:
    """The catalog's msgid → msgstr, its translated entries only (a fuzzy one is not); a {name} in a msgid stands
    for any text. From the compiled copy when it was made from this very vi.po (its SHA-256), else read with
    Babel (about 30 ms): a help page stays as quick as a command, and an edited vi.po is never ignored."""
    raw = CATALOG.read_bytes()
    try:
        compiled = json.loads(COMPILED.read_text(encoding="utf-8"))
        if compiled["vi.po"] == hashlib.sha256(raw).hexdigest():
            return dict(compiled["messages"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return read_catalog(raw)


def read_catalog(raw: bytes) -> dict[str, str]:
    """vi.po's translated entries, read with Babel's reader (an entry wrapped over several lines is read whole)."""
    from babel.messages.pofile import read_po  # noqa: PLC0415 (babel is slow to import)

    catalog = read_po(io.BytesIO(raw), abort_invalid=True)
    return {
        message.id: message.string
        for message in catalog
        if isinstance(message.id, str)
        and message.id
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
    }


def compiled_catalog() -> str:
    """What COMPILED holds for the vi.po that is there (`make catalog` writes it; a test checks it is current)."""
    raw = CATALOG.read_bytes()
    data = {"vi.po": hashlib.sha256(raw).hexdigest(), "messages": read_catalog(raw)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """The msgids with {parts}, as patterns: compiled only when a text is not in the catalog as it is."""
    entries = []
    for msgid, msgstr in _catalog().items():
        if "{" in msgid:
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(msgid))
            entries.append((re.compile(pattern + r"\Z", re.S), msgstr))
    return entries


def tr(text: str) -> str:
    """`text` in Vietnamese where the catalog has it (its {parts} put back), else as it is."""
    exact = _catalog().get(text)
    if exact is not None and "{" not in text:
        return exact
    for pattern, translated in _patterns():
        found = pattern.match(text)
        if found:
            return translated.format(**found.groupdict())
    return text


def _extras(help_text: str) -> str:
    """'…  [default: 7; required]' with its marks in Vietnamese."""

    def bracket(m: re.Match[str]) -> str:
        return "[" + "; ".join(_range(tr(part.strip())) for part in m.group(1).split(";")) + "]"

    return re.sub(r"\[([^\[\]]*(?:default|required|env var|x>=|x<=|<=x)[^\[\]]*)\]", bracket, help_text)


def _metavars(text: str) -> str:
    return re.sub(r"<[\w ]+>", lambda m: tr(m.group(0)), text)


class _Vietnamese:
    """The help as Click lays it out, in Vietnamese; an epilog of examples printed line by line."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = [tr(piece) for piece in self.collect_usage_pieces(ctx)]  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=tr("Usage:") + " ")

    def format_options(self, ctx, formatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        # the help option's own words, translated here rather than where Click makes the option (every run)
        help_option = self.get_help_option(ctx)  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            names, text = record
            if param is help_option:
                text = tr(text)
            row = (_metavars(names), _extras(_metavars(text)))
            (arguments if param.param_type_name == "argument" else options).append(row)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(tr(title)):
                    formatter.write_dl(rows)
        if isinstance(self, TyperGroup):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            rows = [(name, cmd.get_short_help_str(limit=1000)) for name, cmd in commands if cmd and not cmd.hidden]
            if rows:
                with formatter.section(tr("Commands")):
                    formatter.write_dl(rows, col_max=20)

    def format_epilog(self, ctx, formatter) -> None:
        epilog = getattr(self, "epilog", None)
        if epilog:
            formatter.write_paragraph()
            formatter.write_text(tr("Examples:"))
            with formatter.indentation():
                for line in epilog.strip().splitlines():
                    formatter.write(f"{' ' * formatter.current_indent}{line.strip()}\n")


class VnCommand(_Vietnamese, TyperCommand):
    pass


class VnGroup(_Vietnamese, TyperGroup):
    """The application: usage errors are caught here and said in Vietnamese, with the command's usage and a hint."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:

        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except ClickException as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:  # Ctrl-C at one of Click's own prompts: stopped as Ctrl-C stops any command
            stopped = Interrupted()
            typer.echo(stopped.message, err=True)
            sys.exit(stopped.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(exc) -> str:
    """A usage error in Vietnamese: what is wrong, and the nearest right thing where there is one."""

    if isinstance(exc, NoSuchOption):
        text = tr(f"No such option: {exc.option_name}")
        if exc.possibilities:
            text += ". " + tr(f"Did you mean {', '.join(sorted(exc.possibilities))}?")
        return text
    if isinstance(exc, MissingParameter) and exc.param is not None and exc.ctx is not None:
        hint = exc.param.get_error_hint(exc.ctx)
        kind = {"option": "Missing option", "argument": "Missing argument"}.get(
            exc.param.param_type_name, "Missing parameter"
        )
        text = tr(f"{kind} {hint}.")
        help_text = getattr(exc.param, "help", None)
        return f"{text} ({help_text.rstrip('.')})" if help_text else text
    if isinstance(exc, BadParameter):
        named = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else exc.param_hint
        message = tr(_range(exc.message))
        return tr(f"Invalid value for {named}: {message}") if named else tr(f"Invalid value: {message}")
    message = exc.format_message()
    unknown = re.match(r"No such command '(.+)'\.", message)
    if unknown and exc.ctx is not None and isinstance(exc.ctx.command, TyperGroup):
        names = exc.ctx.command.list_commands(exc.ctx)
        close = difflib.get_close_matches(unknown.group(1), names, n=1)
        text = tr(f"No such command '{unknown.group(1)}'.")
        return text + (". " + tr(f"Did you mean '{close[0]}'?") if close else "")
    return tr(message)


def _range(message: str) -> str:
    """Click's '2000<=x<=2100' as a reader says it: 'từ 2000 đến 2100' ('x>=0': 'từ 0 trở lên')."""
    message = re.sub(r"(-?[\d.]+)<=x<=(-?[\d.]+)", r"từ \1 đến \2", message)
    message = re.sub(r"x>=(-?[\d.]+)", r"từ \1 trở lên", message)
    return re.sub(r"x<=(-?[\d.]+)", r"đến \1", message)


def show_usage_error(exc) -> None:
    """Click's layout (usage, a hint, the error) in Vietnamese, on stderr."""

    if isinstance(exc, NoArgsIsHelpError):
        typer.echo(exc.ctx.get_help(), err=True)
        return
    if isinstance(exc, UsageError) and exc.ctx is not None:
        typer.echo(exc.ctx.get_usage(), err=True)
        option = exc.ctx.help_option_names[0]
        typer.echo(tr(f"Try '{exc.ctx.command_path} {option}' for help."), err=True)
        typer.echo(err=True)
        typer.echo(tr(f"Error: {usage_message(exc)}"), err=True)
        return
    typer.echo(tr(f"Error: {tr(exc.format_message())}"), err=True)
