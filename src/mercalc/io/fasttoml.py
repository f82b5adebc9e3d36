"""A plain plan read by toml_rs (Rust), a chunk of entries at a time, where that is safe; None
where tomli is to read it, and to name any problem (io/files.py).

toml_rs reads a plan in about a fifth of tomli's CPU time. Two things of it are guarded here:
- it recurses on arrays and inline tables, and a few thousand levels overflow its stack (a
  crash, not an error), even past an error it has already found: it reads only text whose
  nesting a scan shows shallow, the scan taking strings and comments as every reader does where
  nothing could read otherwise (no backslash, no control character, no run of four quotes);
  a dotted key of some thousand parts, which toml_rs reads and tomli refuses as too deep, is
  left to tomli by the same scan;
- its memory grows faster than the text, with more time in the kernel than tomli needs in all
  for a plan of some MiB: a plan is read a chunk of about 256 KiB at a time, cut before an
  entry's `[[cost]]`-style header, and the chunks' entries joined, only where the join is what
  reading the whole would give (else tomli reads the whole). After each chunk the reader may
  make the entries read so far into records (the loader does), so that a long plan's tables
  never all stand at once.
Which sizes of plan come here at all is io/files.py's to say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from typing import Any

CHUNK = 256 * 2**10
# toml_rs's memory grows faster than the text: a plan of large tables with no entries to cut
# at (one array of a million numbers, say) is left to tomli
MAX_CHUNK = 8 * 2**20
MAX_DEPTH = 64

_STRINGS_AND_COMMENTS = re.compile(
    rb'"""[\s\S]*?"""|' + rb"'''[\s\S]*?'''|" + rb'"[^"\n]*"|' + rb"'[^'\n]*'|#[^\n]*"
)
_ONE_LINE_STRINGS_AND_COMMENTS = re.compile(rb'"[^"\n]*"|' + rb"'[^'\n]*'|#[^\n]*")
_CONTROL = bytes(byte for byte in [*range(32), 127] if byte not in b"\t\n\r")
_NOT_CONTROL = bytes(byte for byte in range(256) if byte not in _CONTROL)
_NOT_BRACKET = bytes(byte for byte in range(256) if byte not in b"[]{}")
_NOT_MARK = bytes(byte for byte in range(256) if byte not in b"[]{}\"'#\n")
_DIGITS = bytes.maketrans(b"0123456789_", b"0" * 11)
_LONG_INTEGER = b"0" * 4000  # Python converts no longer integer: tomli names it
# a line of MAX_DEPTH dots, the most a dotted key (`a.b.c = 1`, `[a.b.c]`) may nest tables
_MANY_DOTS = re.compile(rb"\.(?:[^.\n]*\.){%d}" % (MAX_DEPTH - 1))
_ENTRY_HEADER = re.compile(r"^\[\[[A-Za-z0-9_-]+\]\][ \t]*\r?$", re.M)


def read_plain(
    text: str, settle: Callable[[dict[str, Any]], None] | None = None
) -> dict[str, Any] | None:
    """The TOML document read by toml_rs, or None where tomli is to read it. `settle` is given
    the document as read so far after each chunk: every entry in it is whole by then."""
    if "\ufeff" in text:  # toml_rs passes over a byte order mark that tomli refuses
        return None
    spans = list(pairwise(_cuts(text)))
    if any(end - start > MAX_CHUNK for start, end in spans):
        return None
    if not shallow(text.encode("utf-8", "surrogatepass")):
        return None
    try:
        import toml_rs
    except ImportError:  # a platform without its wheel
        return None
    whole: dict[str, Any] = {}
    static: set[str] = set()
    for start, end in spans:
        chunk = text[start:end]
        try:
            part = toml_rs.loads(chunk, parse_float=Decimal)
        except Exception:  # tomli reads the whole again and names the problem
            return None
        if start == 0:
            whole, static = part, _keys_set(chunk)
        elif not _joined(whole, part, chunk, static):
            return None
        if settle is not None:
            settle(whole)
    return whole


def shallow(data: bytes) -> bool:
    """Whether the TOML's arrays and inline tables nest at most MAX_DEPTH deep, and no line
    has as many dots (a dotted key's tables), where its strings and comments are read alike
    by any reader."""
    if b"\\" in data or b'""""' in data or b"''''" in data:
        return False
    if data.translate(None, _NOT_CONTROL) or data.count(b"\r") != data.count(b"\r\n"):
        return False
    if _LONG_INTEGER in data.translate(_DIGITS):
        return False
    if _MANY_DOTS.search(data):  # a dotted key of a thousand parts is too deep for tomli
        return False
    bare = _bare(data)
    if b'"' in bare or b"'" in bare:  # a string not closed
        return False
    brackets = bare.translate(None, _NOT_BRACKET)
    for depth in range(MAX_DEPTH + 1):  # each round takes away the innermost pairs, one level
        # only a pair of one kind: toml_rs may pass over a `]` that does not close a `{`; a pair
        # is marked, not taken away, so that the pair around it waits for the next round
        inner = brackets.replace(b"[]", b"\0").replace(b"{}", b"\0").translate(None, b"\0")
        if inner == brackets:  # nothing left is a pair: count every opening one as a level
            return depth + inner.count(b"[") + inner.count(b"{") <= MAX_DEPTH
        brackets = inner
    return False


def _bare(data: bytes) -> bytes:
    """The text's quotes, comment signs, line ends and brackets outside its strings and
    comments (and of a string not closed, its opening quote)."""
    # After the line of the last multi-line string, only the marks themselves are read: every
    # other character is one of a run that a pattern of a one-line string or a comment takes,
    # so the same strings and comments are taken away, at a fraction of the cost.
    last = max(data.rfind(b'"""'), data.rfind(b"'''"))
    end = data.find(b"\n", last) + 1 if last >= 0 else 0
    if last >= 0 and end == 0:
        end = len(data)
    head = _STRINGS_AND_COMMENTS.sub(b"", data[:end])
    return head + _ONE_LINE_STRINGS_AND_COMMENTS.sub(b"", data[end:].translate(None, _NOT_MARK))


def _cuts(text: str) -> list[int]:
    """Where the chunks begin (and the end): at an entry's header about every CHUNK
    characters. A header line may stand within a multi-line string: the chunk before such a
    cut then ends within that string, an error, and tomli reads the whole; the chunks are read
    in order, so the one that would begin within the string is never read."""
    cuts = [0]
    position = CHUNK
    while position < len(text):
        header = _ENTRY_HEADER.search(text, position)
        if header is None:
            break
        cuts.append(header.start())
        position = header.start() + CHUNK
    return [*cuts, len(text)]


def _joined(whole: dict[str, Any], part: dict[str, Any], chunk: str, static: set[str]) -> bool:
    """Whether a chunk's document went into the whole as reading both at once would give it:
    a chunk may only go on with an array of entries (`[[cost]]`) made by such headers before
    it, and no key of the first chunk's own settings (`static`); anything else that two chunks
    both name is left for tomli to read (False)."""
    shared = [key for key in part if key in whole]
    if any(key in static or not _goes_on(whole[key], part[key]) for key in shared):
        return False
    if not all(_begin_entries(chunk, shared)):
        return False
    for key, value in part.items():  # each key of a chunk once: those of `shared` go on
        if key in whole:
            whole[key].extend(value)
        else:
            whole[key] = value
    return True


# A key as a file may write it: bare, or in quotes (no escapes: the scan has let none through).
_KEY = r"""([A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_SETTING = re.compile(rf"^[ \t]*{_KEY}[ \t]*[=.]", re.M)
_HEADER = re.compile(rf"^[ \t]*(\[\[?)[ \t]*{_KEY}[ \t]*(\]\]?|\.)", re.M)
_FEW_KEYS = 8  # each looked for alone, where one pass over all the chunk's headers is slower


def _unquoted(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def _keys_set(first_chunk: str) -> set[str]:
    """The keys a line of the first chunk sets (`key = [...]`, `key.x = 1`), where the
    document's own keys stand: a chunk's `[[key]]` cannot add to such a key."""
    return {_unquoted(key) for key in _SETTING.findall(first_chunk)}


def _begin_entries(chunk: str, keys: list[str]) -> list[bool]:
    """For each key, whether the chunk's first header of it is `[[key]]` (a `[[key.sub]]` or
    `[key]` first would belong to an earlier chunk's entry)."""
    # a chunk begins outside any string (the one before it was read): a header line before its
    # first multi-line string is one, not a line of a string
    strings = [found for found in (chunk.find('"""'), chunk.find("'''")) if found >= 0]
    headers = chunk[: min(strings)] if strings else chunk
    if len(keys) > _FEW_KEYS:
        first: dict[str, bool] = {}
        for opening, key, closing in _HEADER.findall(headers):
            first.setdefault(_unquoted(key), opening == "[[" and closing == "]]")
        return [first.get(key, False) for key in keys]
    return [_begins_entries(headers, key) for key in keys]


def _begins_entries(headers: str, key: str) -> bool:
    spellings = [f'"{re.escape(key)}"', f"'{re.escape(key)}'"]
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        spellings.append(re.escape(key))
    pattern = rf"^[ \t]*(\[\[?)[ \t]*(?:{'|'.join(spellings)})[ \t]*(\]\]?|\.)"
    header = re.search(pattern, headers, re.M)
    return header is not None and header.group(1) == "[[" and header.group(2) == "]]"


def _goes_on(before: Any, value: Any) -> bool:
    """Whether both are arrays: of tables, since a chunk's own begins with its header."""
    return isinstance(before, list) and isinstance(value, list)
