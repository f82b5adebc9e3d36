"""The `mercalc` command (and `python -m mercalc`)."""

import gc
import sys


def run() -> None:
    """Start the CLI without the cyclic garbage collector: a short run that only allocates."""
    arguments = sys.argv[1:]
    if "--version" in arguments:  # anywhere: `mercalc budget --version` too
        from . import __version__

        sys.stdout.write(f"mercalc {__version__}\n")
        return
    if arguments in (["--help"], ["-h"]):
        from .cli import _help

        if _help.wide_enough():
            sys.stdout.write(_help.text())
            return
    # It would otherwise run hundreds of times while Pydantic builds the validators (~6 % of a
    # run's time); the loader already pauses it for reading big plans.
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
