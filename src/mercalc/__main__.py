"""The `mercalc` command (and `python -m mercalc`)."""

import _signal

# Ctrl-C from the first moment this module runs: the C module takes a handler at once (the
# `signal` module would import enum first), and the signal is kept until `run` answers it.
_early: list[int] = []


def _keep(number: int, _frame: object) -> None:
    _early.append(number)


for _number in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
    if _signal.getsignal(_number) is not _signal.SIG_IGN:  # nohup's and a background job's stay
        _signal.signal(_number, _keep)

import gc  # noqa: E402
import sys  # noqa: E402

from . import interrupts  # noqa: E402


def run() -> None:
    """Start the CLI: an interrupt ends it with one line and status 130, output that cannot be
    written with one line and status 74, never a traceback."""
    try:
        interrupts.install()  # first thing: from here on, an interrupt is answered below
        if _early:  # one that came while this module was being imported
            raise interrupts.Interrupted(_early[0])
        try:
            status = _run()
        finally:
            number = interrupts.finish()
        if number:  # one that could not be raised before the run was over
            raise interrupts.Interrupted(number)
    except interrupts.Interrupted as interrupt:
        from .i18n import _
        from .io.stdout import say

        say(_("mercalc: interrupted"))
        status = interrupt.status
    # The run is over and its output written: what it made is left for the process's end to take
    # back, not freed object by object in the collector's last pass at exit (40-70 ms of each run
    # of a command, more than the collector took in the whole run before it was turned off).
    gc.freeze()
    if status:
        sys.exit(status)


def _run() -> int | str | None:
    """The run's exit status."""
    from .io import stdout

    before = sys.stdout
    try:
        try:
            stdout.install()
            _answer(sys.argv[1:])
        finally:
            sys.stdout = before
    except stdout.StdoutError as error:
        return stdout.fail(error)
    except SystemExit as exit_:
        return exit_.code
    return 0


def _answer(arguments: list[str]) -> None:
    """`--version` and plain `--help` without Typer; everything else through it."""
    from .io import stdout

    if "--version" in arguments:  # anywhere: `mercalc budget --version` too
        from . import __version__

        stdout.write(f"mercalc {__version__}\n")
        return
    if arguments in (["--help"], ["-h"]):
        from .cli import _help

        if _help.wide_enough():
            stdout.write(_help.text())
            return
    # The collector would otherwise run hundreds of times while Pydantic builds the validators
    # and a plan's records are made (~6 % of a run's time): off for the whole run, here only.
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
