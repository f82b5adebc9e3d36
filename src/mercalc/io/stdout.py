"""stdout: the report as UTF-8 bytes, every byte of it written, or one line on stderr and exit 74.

Whatever the locale or PYTHONIOENCODING says, the bytes are UTF-8. A full disk, a closed or
read-only stdout or any other failure is a `StdoutError`; a reader that has gone (`| head`) is one
too, marked `gone`, and ends the run quietly. `Stdout` stands in for `sys.stdout` during a run, so
that what Typer prints itself (help, usage) goes the same way.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

from .writer import write_all

EXIT_IO_ERROR = 74  # sysexits EX_IOERR
EXIT_READER_GONE = 1


class StdoutError(Exception):
    """stdout cannot take the output, and why (`gone`: its reader has left, nothing to say)."""

    def __init__(self, message: str, *, gone: bool = False):
        super().__init__(message)
        self.gone = gone


def _failure(error: BaseException) -> StdoutError:
    if isinstance(error, BrokenPipeError):
        return StdoutError("", gone=True)
    if isinstance(error, OSError) and error.strerror:
        return StdoutError(error.strerror)
    return StdoutError(str(error) or type(error).__name__)


def _closed() -> StdoutError:
    from ..i18n import _

    return StdoutError(_("stdout is closed"))


def _send(fd: int, data: bytes) -> None:
    try:
        write_all(fd, data)
    except OSError as error:
        raise _failure(error) from None


class Stdout(io.TextIOBase):
    """`sys.stdout` for a run: each write goes straight to the descriptor as UTF-8, checked."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, fd: int | None):
        super().__init__()
        self.fd = fd  # None: stdout was closed when the run began

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click tells text streams from binary ones this way
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        write(text)
        return len(text)

    def flush(self) -> None:
        """Nothing is kept back: every write has gone out already."""

    def isatty(self) -> bool:
        return self.fd is not None and os.isatty(self.fd)

    def fileno(self) -> int:
        if self.fd is None:
            raise io.UnsupportedOperation("stdout is closed")
        return self.fd


def install() -> None:
    """Put a `Stdout` in place of `sys.stdout`; a closed descriptor 1 is held by /dev/null, so
    that no file opened later takes its number and receives the report."""
    if sys.stdout is not sys.__stdout__ or isinstance(sys.stdout, Stdout):
        return  # already in place, or stdout is taken by someone else (a test, a notebook)
    try:
        os.fstat(1)
        fd: int | None = 1
    except OSError:
        fd = None
        _hold(1)
    if not _open(2):
        _hold(2)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run
    elif sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(errors="backslashreplace")  # a message is never an error itself
    sys.stdout = Stdout(fd)


def _open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _hold(fd: int) -> None:
    held = os.open(os.devnull, os.O_RDWR)
    if held != fd:
        os.dup2(held, fd)
        os.close(held)


def write(text: str | bytes) -> None:
    """All of `text` on stdout as UTF-8 (bytes, such as a workbook, as they are), or a
    StdoutError."""
    data = text if isinstance(text, bytes) else text.encode("utf-8", "backslashreplace")
    stream = sys.stdout
    if isinstance(stream, Stdout):
        if stream.fd is None:
            raise _closed()
        _send(stream.fd, data)
        return
    if stream is None:
        raise _closed()
    try:
        stream.flush()  # what was written before goes first
        try:
            fd = stream.fileno()
        except (OSError, ValueError, AttributeError):  # a stream in memory (tests, a notebook)
            binary = getattr(stream, "buffer", None)
            if binary is None:
                stream.write(data.decode("utf-8", "replace"))
                stream.flush()
            else:
                binary.write(data)
                binary.flush()
            return
    except (OSError, ValueError) as error:
        raise _failure(error) from None
    _send(fd, data)


def say(line: str) -> None:
    """One line on stderr, if stderr can take it."""
    try:
        sys.stderr.write(f"{line}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def fail(error: StdoutError) -> int:
    """Say why stdout failed (nothing when its reader has gone); the run's exit status."""
    if error.gone:
        with contextlib.suppress(OSError):  # what is still buffered goes nowhere, not fail
            _hold(1)
        return EXIT_READER_GONE
    from ..i18n import _

    say(_("mercalc: cannot write the output: {reason}").format(reason=error))
    return EXIT_IO_ERROR
