"""Reading files: bytes → text → TOML with exact decimals, or a PlanError saying plainly why not."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import N_, _
from ..problems import PlanError, Problem

MAX_SIZE = 100 * 2**20  # a plan of a million lines is about 50 MiB


def read_text(path: Path) -> str:
    """The file as text, or a PlanError saying plainly why it cannot be read."""
    name = str(path)
    try:
        data = _read_regular(path, name)
    except FileNotFoundError:
        raise PlanError([Problem(name, not_found(path))]) from None
    except IsADirectoryError:
        raise PlanError([Problem(name, _("is a directory, not a plan file"))]) from None
    except OSError as error:
        raise PlanError([Problem(name, unreadable(error))]) from None
    return decoded(data, name)


def decoded(data: bytes, name: str) -> str:
    """A file's bytes as text (UTF-8, a byte order mark dropped), or a PlanError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = _("is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8").format(byte=byte)
        raise PlanError([Problem(name, message, line)]) from None


def unreadable(error: OSError) -> str:
    """Why a file cannot be read, in one line: permission, a link that loops, a name too long."""
    import errno

    if isinstance(error, PermissionError):
        return _("cannot be read: permission denied")
    if error.errno == errno.ELOOP:
        return _("is a symbolic link that loops: it never reaches a file")
    if error.errno == errno.ENAMETOOLONG:
        return _("the file name is too long for the file system")
    return _("cannot be read: {reason}").format(reason=error.strerror or error)


def not_found(path: Path) -> str:
    """ "no such file", or for a link whose file is gone, where it points."""
    import os

    if not os.path.islink(path):
        return _("no such file")
    return _("is a dangling link: {target} does not exist").format(target=os.readlink(path))


def _read_regular(path: Path, name: str) -> bytes:
    """A regular file's bytes, up to MAX_SIZE: a device or a FIFO is never read (it may never
    end), nor a file larger than any plan."""
    import os
    import stat

    # O_NONBLOCK: opening a FIFO does not wait for a writer (a regular file reads as ever)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            message = _("is not a regular file (a device, a FIFO or a socket): give a plan file")
            raise PlanError([Problem(name, message)])
        data = stream.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        message = _("is larger than {size} MiB: too large for a plan").format(size=MAX_SIZE >> 20)
        raise PlanError([Problem(name, message)])
    return data


# The sizes of plan that toml_rs reads (io/fasttoml.py): loading it takes some 15 ms more than
# tomli, which reads 256 KiB (13k lines) in about 40 ms.
PLAIN_FLOOR = 256 * 2**10


def parse_toml(
    text: str, name: str, settle: Callable[[dict[str, Any]], None] | None = None
) -> dict[str, Any]:
    """TOML with every decimal exact (parse_float=Decimal: never a float in accounting).

    A plain plan is read by toml_rs where that is safe (io/fasttoml.py), a chunk at a time,
    `settle` given the document as read so far after each; any other, and one toml_rs refuses,
    by tomli, the parser the standard library's tomllib was made from, whose reasons the
    messages below translate.
    """
    if len(text) > PLAIN_FLOOR:
        from .fasttoml import read_plain

        plain = read_plain(text, settle)
        if plain is not None:
            return plain
    import tomli

    try:
        return tomli.loads(text, parse_float=Decimal)
    except RecursionError:
        raise PlanError([Problem(name, _("not valid TOML: nested too deeply"), 1)]) from None
    except tomli.TOMLDecodeError as error:
        message = _number_as_written(text, error.lineno, error.colno)
        if message is None:
            message = _("not valid TOML: {reason} (column {column})").format(
                reason=_toml_reason(error.msg), column=error.colno
            )
        raise PlanError([Problem(name, message, error.lineno)]) from None
    except ValueError:  # an integer of more digits than Python converts (4 300)
        raise PlanError([_too_long_integer(text, name)]) from None


# A number as people write it, not as TOML does: a decimal comma (`1,25`), spaces between groups
# of thousands (`12 730`, also a no-break or a thin space), or both (`12 730,50`).
_WRITTEN_NUMBER = (
    r"[-+]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]+)?(?![0-9])|[-+]?[0-9]+,[0-9]+"
)


def _number_as_written(text: str, line: int, column: int) -> str | None:
    """Where TOML stops at a number written as people write it, what to write instead: a
    decimal point, no spaces; for a rate, a percentage in quotes or the fraction."""
    import re

    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    row = lines[line - 1]
    # the number the error stands in or just after (`{ 2024 = 2,5 }` stops at the brace)
    numbers = [m for m in re.finditer(_WRITTEN_NUMBER, row) if m.start() < column]
    for match in reversed(numbers):
        before = row[: match.start()]
        if not re.search(r"=[ \t]*$", before) or before.count('"') % 2:
            continue  # not a value, or within a string
        written = match.group()
        number = re.sub(r"[ \u00a0\u202f]", "", written).replace(",", ".")
        where = _("not valid TOML: {written} is not a number (column {column})").format(
            written=written, column=match.start() + 1
        )
        if "," in written and re.search(r"rates?\b", before):
            fix = _('write "{percent} %" (a percentage, in quotes) or {fraction}').format(
                percent=written, fraction=format(Decimal(number).scaleb(-2), "f")
            )
        elif "," in written:
            fix = _("write {number} (a decimal point, not a comma)").format(number=number)
        else:
            fix = _("write {number} (no spaces between the digits)").format(number=number)
        return f"{where}: {fix}"
    return None


def _too_long_integer(text: str, name: str) -> Problem:
    """Where the integer too long to read stands: its line, and the key it is the value of."""
    import re

    from .tomlpos import key_lines

    match = re.search(r"[0-9](?:_?[0-9]){4000,}", text)
    if match is None:  # pragma: no cover - tomli converts no other text to int
        return Problem(name, _("holds an integer too long to be read"), 1)
    digits = match.group().replace("_", "")
    line = text.count("\n", 0, match.start()) + 1
    paths = [path for path, at in key_lines(text).items() if at == line]
    path = max(paths, key=len) if paths else ()
    message = _("is a whole number of {count} digits: far too large").format(count=len(digits))
    return Problem(name, message, line, path)


# tomli's reasons, in its own English words; `{...}` stands for the key or character it names.
_TOML_REASONS = (
    N_("Invalid value"),
    N_("Invalid statement"),
    N_("Expected newline or end of document after a statement"),
    N_("Expected ']' at the end of a table declaration"),
    N_("Expected ']]' at the end of an array declaration"),
    N_("Expected '=' after a key in a key/value pair"),
    N_("Invalid initial character for a key part"),
    N_("Unclosed array"),
    N_("Unclosed inline table"),
    N_("Unterminated string"),
    N_("Unescaped '\\' in a string"),
    N_("Invalid hex value"),
    N_("Escaped character is not a Unicode scalar value"),
    N_("Invalid date or datetime"),
    N_("Cannot overwrite a value"),
    N_("Cannot declare {key} twice"),
    N_("Duplicate inline table key {key}"),
    N_("Cannot mutate immutable namespace {key}"),
    N_("Cannot redefine namespace {key}"),
    N_("Found invalid character {character}"),
    N_("Illegal character {character}"),
    N_("Expected {text}"),
)


def _toml_reason(reason: str) -> str:
    """tomli's reason in the user's language (as it is where no template matches)."""
    for template in _TOML_REASONS:
        head, brace, rest = template.partition("{")
        if not brace:
            if reason == template:
                return _(template)
            continue
        name, _end, tail = rest.partition("}")
        if reason.startswith(head) and reason.endswith(tail) and len(reason) > len(head + tail):
            return _(template).format(**{name: reason[len(head) : len(reason) - len(tail)]})
    return reason


_HEADER = r"\[\[?[ \t]*(?:\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*[\].]"


def first_table(path: Path, limit: int = 1 << 20) -> str | None:
    """The name of the first table of a TOML file (`plan` for `[plan]`), or None: a quick look
    at the beginning of a regular file, for files that must not be written over."""
    import os
    import re
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would wait for a writer
            return None
        with open(path, "rb") as stream:
            head = stream.read(limit)
    except (OSError, ValueError):
        return None
    for raw in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        line = raw.decode("utf-8", "replace").strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(_HEADER, line)
        if match is None:
            if "=" in line:  # a key of the root table, before any table
                continue
            return None
        return next(name for name in match.groups() if name is not None)
    return None
