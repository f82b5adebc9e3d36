"""Where each key of a TOML document stands: key path → line number (tomllib keeps no positions).

Line by line: a simple `key = value` line is read with one regular expression; headers, dotted or
quoted keys, inline tables, arrays and multi-line strings go through a small tokenizer. A plan
of 50 MB is mapped in seconds.
"""

from __future__ import annotations

import re

from ..problems import KeyPath

_TOKEN = re.compile(
    r'''
    (?P<nl>\r?\n)
  | (?P<ws>[ \t]+)
  | (?P<comment>\#[^\n]*)
  | (?P<mlbasic>"""(?:[^"\\]|\\.|"(?!""))*"""+)
  | (?P<mlliteral>\'\'\'(?:[^']|'(?!''))*\'\'\'+)
  | (?P<basic>"(?:[^"\\\n]|\\.)*")
  | (?P<literal>'[^'\n]*')
  | (?P<punct>\[\[|\]\]|[\[\]{}=,.])
  | (?P<bare>[^\s\#\[\]{}=,."']+)
    ''',
    re.VERBOSE | re.DOTALL,
)

# one line: blank or comment | a plain header | another header | bare key = a one-line value
_LINE = re.compile(
    r"""[ \t]*(?:
        (?P<blank>(?:\#[^\n]*)?\r?$)
      | (?P<open>\[\[?)[ \t]*(?P<names>[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)
            [ \t]*\]\]?[ \t]*(?:\#[^\n]*)?\r?$
      | (?P<header>\[)
      | (?P<key>[A-Za-z0-9_-]+)[ \t]*=(?![ \t]*(?:[\[{]|\"\"\"|'''))
    )""",
    re.VERBOSE | re.MULTILINE,
)

Token = tuple[str, str, int]


def _unquote(kind: str, text: str) -> str:
    if kind == "literal":
        return text[1:-1]
    if kind == "basic":
        import tomllib

        try:
            return tomllib.loads(f"k = {text}")["k"]
        except tomllib.TOMLDecodeError:
            return text[1:-1]
    return text


class _Tokens:
    """Tokens from an offset on, read as they are needed; line numbers counted on the way."""

    def __init__(self, text: str, pos: int, line: int):
        self.text, self.pos = text, pos
        self.counted, self.line_at = pos, line
        self.ahead: Token | None = None

    def peek(self) -> Token | None:
        while self.ahead is None:
            match = _TOKEN.match(self.text, self.pos)
            if match is None:
                return None
            self.pos = match.end()
            if match.lastgroup not in ("ws", "comment"):
                self.ahead = (match.lastgroup or "", match.group(), match.start())
        return self.ahead

    def take(self) -> None:
        self.peek()
        self.ahead = None

    def line(self, offset: int) -> int:
        self.line_at += self.text.count("\n", self.counted, offset)
        self.counted = offset
        return self.line_at

    def skip_newlines(self) -> None:
        while (token := self.peek()) and token[0] == "nl":
            self.take()

    def key(self) -> list[str]:
        parts = []
        while (token := self.peek()) and token[0] in ("bare", "basic", "literal"):
            parts.append(_unquote(token[0], token[1]))
            self.take()
            if not ((nxt := self.peek()) and nxt[1] == "."):
                break
            self.take()
        return parts


class _Mapper:
    def __init__(self, text: str, wanted: set[KeyPath] | None):
        self.text = text
        self.lines: dict[KeyPath, int] = {}
        self.array_tables: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        self.headers: list[tuple[int, KeyPath, bool]] = []  # line, table and `[[` of each header
        # with `wanted`, only those paths and their ancestors are kept (a large file, few problems)
        self.kept = None if wanted is None else {p[:n] for p in wanted for n in range(len(p) + 1)}

    def record(self, path: KeyPath, line: int) -> None:
        if self.kept is None or path in self.kept:
            self.lines.setdefault(path, line)

    def resolve(self, names: list[str]) -> KeyPath:
        """A header's names with the index of each array of tables along the way."""
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        return path

    def enter(self, names: list[str], array: bool, line: int) -> None:
        """A `[table]` or `[[array.of.tables]]` header."""
        if array and names:
            # the parent's index is part of the path, so a new parent starts again at 0
            base = (*self.resolve(names[:-1]), names[-1])
            self.array_tables[base] = self.array_tables.get(base, -1) + 1
        self.table = self.resolve(names)
        self.headers.append((line, self.table, array))
        for end in range(1, len(self.table) + 1):
            self.record(self.table[:end], line)

    def header(self, tokens: _Tokens) -> None:
        opening = tokens.peek()
        assert opening is not None
        tokens.take()
        self.enter(tokens.key(), opening[1] == "[[", tokens.line(opening[2]))

    def keyvalue(self, tokens: _Tokens, table: KeyPath) -> None:
        start = tokens.peek()
        names = tokens.key()
        if start is None or not names or not ((eq := tokens.peek()) and eq[1] == "="):
            tokens.take()  # not a key: move on rather than stop
            return
        tokens.take()
        path = (*table, *names)
        line = tokens.line(start[2])
        for end in range(len(table) + 1, len(path) + 1):
            self.record(path[:end], line)
        self.value(tokens, path)

    def value(self, tokens: _Tokens, path: KeyPath) -> None:
        tokens.skip_newlines()
        token = tokens.peek()
        if token is None:
            return
        if token[1] == "[":
            tokens.take()
            index = 0
            while True:
                tokens.skip_newlines()
                token = tokens.peek()
                if token is None or token[1] == "]":
                    tokens.take()
                    return
                if token[1] == ",":
                    tokens.take()
                    continue
                self.record((*path, index), tokens.line(token[2]))
                self.value(tokens, (*path, index))
                index += 1
        elif token[1] == "{":
            tokens.take()
            while (token := tokens.peek()) is not None and token[1] != "}":
                if token[1] == "," or token[0] == "nl":
                    tokens.take()
                else:
                    self.keyvalue(tokens, path)
            tokens.take()
        else:  # a scalar: everything up to the end of the value
            while (token := tokens.peek()) and token[0] != "nl" and token[1] not in ",]}":
                tokens.take()

    def document(self) -> dict[KeyPath, int]:
        text, pos, line, size = self.text, 0, 1, len(self.text)
        match_line, find = _LINE.match, text.find
        while pos < size:
            newline = find("\n", pos)
            end = size if newline < 0 else newline + 1
            match = match_line(text, pos)
            kind = match.lastgroup if match is not None else None
            if kind == "key" and match is not None:
                if self.kept is None or self.table in self.kept:
                    path = (*self.table, match.group("key"))
                    for depth in range(len(self.table) + 1, len(path) + 1):
                        self.record(path[:depth], line)
            elif kind == "names" and match is not None:
                names = [name.strip() for name in match.group("names").split(".")]
                self.enter(names, match.group("open") == "[[", line)
            elif kind != "blank":
                # anything else is read by tokens, up to the end of the line it ends on
                tokens = _Tokens(text, pos, line)
                if kind == "header":
                    self.header(tokens)
                else:
                    self.keyvalue(tokens, self.table)
                stop = max(tokens.pos, pos + 1)
                newline = stop - 1 if text[stop - 1] == "\n" else find("\n", stop - 1)
                end = size if newline < 0 else newline + 1
                line += text.count("\n", pos, end)
                pos = end
                continue
            line += 1
            pos = end
        return self.lines


def key_lines(source: str, wanted: set[KeyPath] | None = None) -> dict[KeyPath, int]:
    """Map the key paths of a valid TOML document (every one, or `wanted` and their ancestors)
    to the line where each is written."""
    try:
        return _Mapper(source, wanted).document()
    except (IndexError, TypeError, AssertionError):  # pragma: no cover - never hide the error
        return {}


def array_table_lines(source: str) -> dict[KeyPath, tuple[int, int]]:
    """Where each table of a top-level array of tables is written (`("cost", 1)` for the second
    `[[cost]]`): its header's line and the line after its last (its sub-tables' included), the
    comments and blank lines that end it left to what follows."""
    mapper = _Mapper(source, set())
    mapper.document()
    lines = source.splitlines()
    spans: dict[KeyPath, tuple[int, int]] = {}
    headers = mapper.headers
    for number, (line, table, array) in enumerate(headers):
        if not array or len(table) != 2:
            continue
        end = next(
            (later for later, inner, _ in headers[number + 1 :] if inner[:2] != table),
            len(lines) + 1,
        )
        while end - 1 > line and _blank_or_comment(lines[end - 2]):
            end -= 1
        spans[table] = (line, end)
    return spans


def _blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of a path, or of its nearest written ancestor (a missing key: its table's)."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
