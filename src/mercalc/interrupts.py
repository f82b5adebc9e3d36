"""Ctrl-C (and SIGTERM, SIGHUP) during a run: an `Interrupted` exception, never lost.

The entry point installs the handler first thing. An interrupt is raised once, as an exception
that is not a KeyboardInterrupt (which Click would answer itself); later ones are ignored, so that
cleaning up is not cut short. Where Python cannot pass the exception on (in a finalizer, or in
compiled code that reports it as "Exception ignored" or folds it into an error of its own), it is
raised again a moment later, and in any case the run ends as interrupted.
"""

from __future__ import annotations

import signal
import sys

SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
# what the handler turns into an exception, SIGALRM for an interrupt raised again
HANDLED = (*SIGNALS, "SIGALRM")

_state = {"received": 0, "running": False}


class Interrupted(BaseException):
    """The run was interrupted by a signal."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number
        self.status = 128 + number  # the shell's status for a process ended by the signal


def _interrupted(number: int, _frame: object) -> None:
    ignore()  # one interrupt is enough: what it starts (cleaning up) is not cut short
    if not _state["received"]:
        _state["received"] = number
        try:
            import warnings

            warnings.simplefilter("ignore")  # what is cut short says nothing more: one line only
        except Exception:  # `warnings` half imported when the signal came: no matter
            pass
    raise Interrupted(_state["received"])


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt raised where Python can only print it: raised again, from the run's code."""
    if not isinstance(unraisable.exc_value, Interrupted):
        _previous_hook(unraisable)
        return
    if _state["running"] and hasattr(signal, "setitimer"):
        # raised from here it would be ignored again: a moment later, from the run's own code
        signal.signal(signal.SIGALRM, _interrupted)
        signal.setitimer(signal.ITIMER_REAL, 1 / 1000)  # seconds: a timer, never money


_previous_hook = sys.unraisablehook


def install() -> None:
    """Answer every interrupt signal that is not ignored (a background job's, `nohup`'s)."""
    _state.update(received=0, running=True)
    for name in SIGNALS:
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _interrupted)
    sys.unraisablehook = _unraisable


def ignore() -> None:
    """From here on interrupts are ignored (the run is over, or being cleaned up)."""
    for name in HANDLED:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def finish() -> int:
    """The run is over, nothing is left to interrupt: the signal that interrupted it, or 0."""
    ignore()
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)  # an interrupt still to come again: not now
    number = _state["received"]
    _state.update(received=0, running=False)
    return number


def received() -> int:
    """The signal that interrupted the run going on, or 0."""
    return _state["received"] if _state["running"] else 0
