"""The `mercalc` command (and `python -m mercalc`)."""

import gc


def run() -> None:
    """Start the CLI without the cyclic garbage collector: a short run that only allocates."""
    # It would otherwise run hundreds of times while Pydantic builds the validators (~6 % of a
    # run's time); the loader already pauses it for reading big plans.
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
