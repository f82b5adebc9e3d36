"""The entry point's answer to what goes wrong: a user's error is one line, an interrupt ends
the run as interrupted, and a defect says so in one line (a traceback only with --debug)."""

# No `from __future__ import annotations`: the same style as every module of the command line.
import sys

from .. import interrupts
from ..i18n import _
from ..io import stdout
from ..problems import readable_name, safe_text
from .common import EXIT_INTERNAL, app


def main() -> None:
    """Entry point: user errors are one line each; a traceback only with --debug."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write(_("mercalc: interrupted") + "\n")
        sys.exit(130)
    except stdout.StdoutError:  # Typer's own output (help, usage): answered by the entry point
        raise
    except Exception as error:
        if interrupts.received():  # Ctrl-C, wrapped in another error on its way out
            raise interrupts.Interrupted(interrupts.received()) from None
        if debug:
            raise
        message = _(
            "mercalc: internal error: {kind}: {error}\n"
            "Run the same command with --debug to see the traceback."
        )
        said = safe_text(readable_name(str(error), 400))  # a file's name of 5 000 characters
        sys.stderr.write(message.format(kind=type(error).__name__, error=said) + "\n")
        sys.exit(EXIT_INTERNAL)
