"""The command line's own words in the user's language: Usage, Options, `-h`, and usage errors.

Typer builds its Click commands anew on each run, after the language is chosen, so the help
texts are written in English where they are declared (a command's docstring, an option's `help`
and `metavar`) and translated here as each command is built: a help text needs only its msgid,
one a paragraph, in the catalogue (a test walks every command for them). Typer's and Click's own
words are translated here too: Typer looks up the few below with gettext, the rest are Click's.
"""

# No `from __future__ import annotations`: Typer would have to eval every annotation on each run.
import re
import sys
from typing import Any

import typer
from typer import _click as click  # the Click that Typer carries
from typer import core

from ..i18n import N_, _

# Typer's own words, which it passes through gettext: mercalc's catalogue answers instead.
TYPER_WORDS = (
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)
core._ = _

HELP_OPTION_NAMES = ["-h", "--help"]


def translated_help(text: str | None) -> str | None:
    """A help text in the user's language, a paragraph at a time (the msgid of a paragraph is
    its words on one line; Click wraps them again)."""
    if not text:
        return text
    return "\n\n".join(_(paragraph) for paragraph in help_paragraphs(text))


def help_paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text, each on one line: the msgids of its translation."""
    return [" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip()]


class Formatter(click.HelpFormatter):
    """Click's help formatter, saying "Usage:" in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class Context(click.Context):
    formatter_class = Formatter


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


class Command(core.TyperCommand):
    """A mercalc command: translated help, and `-h` (from the app's context settings)."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translate(self)
        for param in self.params:
            # mercalc says itself why a file cannot be read (`FILE: cannot be read: permission
            # denied`), never Typer's usage error "is not readable"
            info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
            if getattr(info, "readable", False):
                info.readable = False  # type: ignore[union-attr]

    def get_help_option(self, ctx: click.Context) -> Any:
        return _help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """`[OPTIONS] FILE`, `[FILE]`, `[FILE]...`: arguments by their metavariable."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or param.name.upper()
                name = name if param.required else f"[{name}]"
                pieces.append(name + ("..." if param.nargs != 1 else ""))
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Arguments by their metavariable alone (Typer would add a type name), then options."""
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                name = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
                arguments.append((name, record[1]))
            else:
                options.append(record)
        for heading, records in ((_("Arguments"), arguments), (_("Options"), options)):
            if records:
                with formatter.section(heading):
                    formatter.write_dl(records)


class Group(core.TyperGroup):
    """The `mercalc` command group: translated help, and usage errors in the user's language."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translate(self)
        self.subcommand_metavar = _("COMMAND [ARGS]...")

    def get_help_option(self, ctx: click.Context) -> Any:
        return _help_option(super().get_help_option(ctx))

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands in the order of a year's work (`new` first), then any others by name."""
        known = [name for name in YEAR_ORDER if name in self.commands]
        return known + sorted(name for name in self.commands if name not in YEAR_ORDER)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """A command that does not exist is a usage error in the user's language, with the
        commands it may be a slip for."""
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            no_such_command(ctx, name, self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Run; a usage error is shown as Click shows it, in the user's language (exit 2)."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except click.exceptions.ClickException as error:
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
    """The message of a Click error in the user's language."""
    exceptions = click.exceptions
    if isinstance(error, exceptions.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=_hint(error))
        return _("Missing option {name}.").format(name=_hint(error))
    if isinstance(error, exceptions.NoSuchOption):
        text = _("No such option: {name}").format(name=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + _("(Possible options: {options})").format(options=options)
        return text
    if isinstance(error, exceptions.BadOptionUsage):
        return _option_usage(error)
    if isinstance(error, exceptions.BadParameter):
        reason = _reason(error.message)
        if error.param is None and error.param_hint is None:
            return _("Invalid value: {reason}").format(reason=reason)
        return _("Invalid value for {name}: {reason}").format(name=_hint(error), reason=reason)
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
        return super().command(*args, cls=cls or Command, **kwargs)
