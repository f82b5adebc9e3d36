"""The command line's own words in the user's language: Usage, Options, `-h`, and usage errors.

Typer builds its Click commands anew on each run, after the language is chosen, so the help
texts are written in English where they are declared (a command's docstring, an option's `help`
and `metavar`) and translated here as each command is built: a help text needs only its msgid,
one a paragraph, in the catalogue (a test walks every command for them). Typer's and Click's own
words are written here too, through their public API alone: the commands' methods that write the
help and the errors' public attributes (Typer carries its own Click, whose modules are private).
"""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import inspect
import re
import sys
import typing
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import ParameterInfo

from ..i18n import _

HELP_OPTION_NAMES = ["-h", "--help"]


class HelpFormatter(Protocol):
    """What the help is written with (Click's formatter, as its methods are documented)."""

    width: int

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None: ...

    def section(self, name: str) -> AbstractContextManager[None]: ...

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None: ...


def translated_help(text: str | None) -> str | None:
    """A help text in the user's language, a paragraph at a time (the msgid of a paragraph is
    its words on one line; Click wraps them again)."""
    if not text:
        return text
    return "\n\n".join(_(paragraph) for paragraph in help_paragraphs(text))


def help_paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text, each on one line: the msgids of its translation."""
    return [" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip()]


def _translate(command: Any) -> None:
    """A command's help, its parameters' help and metavariables in the user's language."""
    command.help = translated_help(command.help)
    command.short_help = translated_help(command.short_help)
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = _("[OPTIONS]")
    for param in command.params:
        param.help = translated_help(param.help)
        metavar = param.metavar  # FILE, YEAR, NAME=PCT: a msgid each
        if metavar:
            param.metavar = _(metavar)


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


def write_usage(command: Any, ctx: typer.Context, formatter: HelpFormatter) -> None:
    """The usage line, "Usage:" in the user's language."""
    pieces = " ".join(command.collect_usage_pieces(ctx))
    formatter.write_usage(ctx.command_path, pieces, prefix=_("Usage: "))


def write_parameters(command: Any, ctx: typer.Context, formatter: HelpFormatter) -> None:
    """Arguments by their metavariable alone (Typer would add a type name), then options, each
    with its `[default: X]` and `[required]` in the user's language."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record[0], translated_extras(record[1])
        if param.param_type_name == "argument":
            names = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
            arguments.append((names, help_text))
        else:
            options.append((names, help_text))
    for heading, records in ((_("Arguments"), arguments), (_("Options"), options)):
        if records:
            with formatter.section(heading):
                formatter.write_dl(records)


def translated_extras(text: str) -> str:
    """A help text's closing `[default: X; required]`, as Typer adds it, in the user's language."""
    extras = re.fullmatch(r"(?:(.*)  )?\[([^\]]*)\]", text, re.S)
    if extras is None:
        return text
    parts = extras[2].split("; ")
    translated = [_extra(part) for part in parts]
    if translated == parts:
        return text
    before = "" if extras[1] is None else f"{extras[1]}  "
    return f"{before}[{'; '.join(translated)}]"


def _extra(part: str) -> str:
    if part == "required":
        return _("required")
    if part.startswith("default: "):
        return _("default: {default}").format(default=part.removeprefix("default: "))
    return part


# Click's methods are typed with Click's Context, private where Typer carries Click: these take
# the public `typer.Context` (its subclass), which each of mercalc's contexts is (`context_class`),
# hence `ignore[override]` on each.


class Command(TyperCommand):
    """A mercalc command: translated help, and `-h` (from the app's context settings)."""

    context_class = typer.Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translate(self)

    def get_help_option(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        return _help_option(super().get_help_option(ctx))

    def format_usage(self, ctx: typer.Context, formatter: HelpFormatter) -> None:  # type: ignore[override]
        write_usage(self, ctx, formatter)

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """`[OPTIONS] FILE`, `[FILE]`, `[FILE]...`: arguments by their metavariable."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or param.name.upper()
                name = name if param.required else f"[{name}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: typer.Context, formatter: HelpFormatter) -> None:  # type: ignore[override]
        write_parameters(self, ctx, formatter)


class Group(TyperGroup):
    """The `mercalc` command group: translated help, and usage errors in the user's language."""

    context_class = typer.Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translate(self)
        self.subcommand_metavar = _("COMMAND [ARGS]...")

    def get_help_option(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        return _help_option(super().get_help_option(ctx))

    def format_usage(self, ctx: typer.Context, formatter: HelpFormatter) -> None:  # type: ignore[override]
        write_usage(self, ctx, formatter)

    def format_options(self, ctx: typer.Context, formatter: HelpFormatter) -> None:  # type: ignore[override]
        write_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: typer.Context, formatter: HelpFormatter) -> None:  # type: ignore[override]
        """The commands, each with the start of its help that fits the line."""
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, command) for name, command in commands if command and not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in shown)
        rows = [(name, command.get_short_help_str(limit)) for name, command in shown]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """`mercalc` alone: its help, as a usage error says it (on stderr, exit 2), never the help
        inside an "Error:" line."""
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            sys.stderr.write(ctx.get_help() + "\n")
            raise typer.Exit(2)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        """The commands in the order of a year's work (`new` first), then any others by name."""
        known = [name for name in YEAR_ORDER if name in self.commands]
        return known + sorted(name for name in self.commands if name not in YEAR_ORDER)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """A command that does not exist is a usage error in the user's language, with the
        commands it may be a slip for (a name like an option is the parser's to refuse)."""
        name = args[0] if args else ""
        unknown = name and (name == "-" or not name.startswith("-"))
        if unknown and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            no_such_command(ctx, name, self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; a usage error is shown as Click shows it, in the user's language (exit 2)."""
        given = (args, prog_name, complete_var, False, windows_expand_args)
        if not standalone_mode:
            return super().main(*given, **extra)
        try:
            code = super().main(*given, **extra)
        except typer.TyperException as error:  # each of Click's errors (Typer's public base)
            show_error(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.stderr.write(_("Aborted!") + "\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


# `mercalc --help` lists the commands in the order of a year's work: next year's plan, its
# budget and balance, capital costs, who pays what, goals, a check, then the follow-up and the
# document; commands not named here follow by name.
YEAR_ORDER = (
    "new",
    "budget",
    "balance",
    "capital",
    "members",
    "goals",
    "check",
    "diff",
    "follow-up",
    "report",
)


def no_such_command(ctx: Any, name: str, commands: list[str]) -> None:
    """Usage, where to find help and the error, as Click shows a usage error; exit 2."""
    from difflib import get_close_matches

    hint = _("Try '{command} {option}' for help.")
    message = _("No such command {name!r}.").format(name=name)
    matches = get_close_matches(name, commands)
    if matches:
        suggestions = ", ".join(repr(match) for match in matches)
        message += " " + _("Did you mean {suggestions}?").format(suggestions=suggestions)
    lines = [ctx.get_usage(), hint.format(command=ctx.command_path, option=HELP_OPTION_NAMES[-1])]
    sys.stderr.write("\n".join([*lines, "", _("Error: {message}").format(message=message)]) + "\n")
    raise typer.Exit(2)


def show_error(error: Any) -> None:
    """A usage error as Click writes it (usage, where to find help, the error), translated."""
    lines = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.")
            lines.append(hint.format(command=ctx.command_path, option=HELP_OPTION_NAMES[-1]))
        lines.append("")
    lines.append(_("Error: {message}").format(message=error_message(error)))
    sys.stderr.write("\n".join(lines) + "\n")


def _hint(error: Any) -> str:
    """The parameter an error is about, as Click names it: `'--year' / '-y'`, `'FILE'`."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(repr(part) for part in hint)
    return hint or ""


def error_message(error: Any) -> str:
    """The message of a Click error in the user's language. Its kind is told by what it carries
    (Click's error classes are public in Click, private in the Click that Typer carries): a
    missing parameter its `param_type`, an unknown option its `possibilities`, an option used
    wrongly its `option_name`; each of these but the last is a `typer.BadParameter`."""
    if isinstance(error, typer.BadParameter) and hasattr(error, "param_type"):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=_hint(error))
        return _("Missing option {name}.").format(name=_hint(error))
    if hasattr(error, "possibilities"):
        text = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + _("(Possible options: {options})").format(options=options)
        return text
    if hasattr(error, "option_name"):
        return _option_usage(error)
    if isinstance(error, typer.BadParameter):
        reason = _reason(error.message)
        if error.param is None and error.param_hint is None:
            return _("Invalid value: {reason}").format(reason=reason)
        return _("Invalid value for {name}: {reason}").format(name=_hint(error), reason=reason)
    return _usage_error(error)


def _usage_error(error: Any) -> str:
    """A usage error about the command line as a whole: a command or arguments too few or many."""
    if error.message == "Missing command.":  # Typer's words, in English: `mercalc --`
        return _("Missing command.")
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", error.message, re.S)
    if extra:
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=extra[1])
    return error.format_message()


def _option_usage(error: Any) -> str:
    name = repr(error.option_name)
    if error.message.endswith(" requires an argument."):
        return _("Option {name} requires an argument.").format(name=name)
    if error.message.endswith(" does not take a value."):
        return _("Option {name} does not take a value.").format(name=name)
    return error.format_message()


def _reason(message: str) -> str:
    """Why a value is refused: Typer's "is not one of" for a choice, else as given (a parser of
    mercalc's gives its reason translated already)."""
    choice = re.fullmatch(r"(?:Value error, )?(.*) is not one of (.*)\.", message, re.S)
    if choice:
        return _("{value} is not one of {choices}.").format(value=choice[1], choices=choice[2])
    return message


class Typer(typer.Typer):
    """A Typer app whose commands are mercalc's `Command`s."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        register = super().command(*args, cls=cls or Command, **kwargs)

        def decorator(function: Callable[..., Any]) -> Any:
            leave_reading_to_mercalc(function)
            return register(function)

        return decorator


def leave_reading_to_mercalc(function: Callable[..., Any]) -> None:
    """mercalc says itself why a file cannot be read (`FILE: cannot be read: permission
    denied`), never Typer's usage error "is not readable": `readable=False` on each of the
    command's `typer.Argument`s and `typer.Option`s, however they were declared."""
    for parameter in inspect.signature(function).parameters.values():
        for info in (*typing.get_args(parameter.annotation), parameter.default):
            if isinstance(info, ParameterInfo):
                info.readable = False
