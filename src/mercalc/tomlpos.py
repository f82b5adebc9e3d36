"""Where each key of a TOML document stands: key path → line number (tomllib keeps no positions)."""

from __future__ import annotations

import bisect
import re

from .problems import KeyPath

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


def _unquote(kind: str, text: str) -> str:
    if kind == "literal":
        return text[1:-1]
    if kind == "basic":
        try:
            import tomllib

            return tomllib.loads(f"k = {text}")["k"]
        except Exception:
            return text[1:-1]
    return text


class _Scanner:
    def __init__(self, source: str):
        self.tokens = [
            (m.lastgroup, m.group(), m.start())
            for m in _TOKEN.finditer(source)
            if m.lastgroup not in ("ws", "comment")
        ]
        self.newlines = [m.start() for m in re.finditer("\n", source)]
        self.pos = 0
        self.lines: dict[KeyPath, int] = {}
        self.array_tables: dict[KeyPath, int] = {}

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def skip_newlines(self) -> None:
        while (token := self.peek()) and token[0] == "nl":
            self.pos += 1

    def key(self) -> list[str]:
        parts = []
        while token := self.peek():
            kind, text, _ = token
            if kind in ("bare", "basic", "literal"):
                parts.append(_unquote(kind, text))
                self.pos += 1
                nxt = self.peek()
                if nxt and nxt[1] == ".":
                    self.pos += 1
                    continue
            break
        return parts

    def resolve(self, names: list[str]) -> KeyPath:
        """A header's names with the index of each array of tables along the way."""
        path: KeyPath = ()
        for name in names:
            path = (*path, name)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        return path

    def record(self, path: KeyPath, offset: int) -> None:
        self.lines.setdefault(path, self.line(offset))

    def value(self, path: KeyPath) -> None:
        self.skip_newlines()
        token = self.peek()
        if token is None:
            return
        text = token[1]
        if text == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip_newlines()
                token = self.peek()
                if token is None or token[1] == "]":
                    self.pos += 1
                    return
                if token[1] == ",":
                    self.pos += 1
                    continue
                self.record((*path, index), token[2])
                self.value((*path, index))
                index += 1
        elif text == "{":
            self.pos += 1
            while True:
                token = self.peek()
                if token is None or token[1] == "}":
                    self.pos += 1
                    return
                if token[1] in (",",) or token[0] == "nl":
                    self.pos += 1
                    continue
                self.keyvalue(path)
        else:
            # a scalar: everything up to the end of the value
            while (token := self.peek()) and token[0] != "nl" and token[1] not in ",]}":
                self.pos += 1

    def keyvalue(self, table: KeyPath) -> None:
        start = self.peek()
        names = self.key()
        if not names or not (self.peek() and self.peek()[1] == "="):
            self.pos += 1  # not a key: move on rather than stop
            return
        self.pos += 1
        path = (*table, *names)
        for i in range(len(table) + 1, len(path) + 1):
            self.record(path[:i], start[2])
        self.value(path)

    def document(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while (token := self.peek()) is not None:
            kind, text, offset = token
            if kind == "nl":
                self.pos += 1
            elif text in ("[", "[["):
                self.pos += 1
                names = self.key()
                if self.peek() and self.peek()[1] in ("]", "]]"):
                    self.pos += 1
                if text == "[[":
                    parent = self.resolve(names[:-1])
                    base = (*parent, names[-1])
                    # the parent's index is part of the path, so a new parent starts again at 0
                    self.array_tables[base] = self.array_tables.get(base, -1) + 1
                table = self.resolve(names)
                for i in range(1, len(table) + 1):
                    self.record(table[:i], offset)
            else:
                self.keyvalue(table)
        return self.lines


def key_lines(source: str) -> dict[KeyPath, int]:
    """Map every key path of a valid TOML document to the line where it is written."""
    try:
        return _Scanner(source).document()
    except (IndexError, TypeError):  # pragma: no cover - a scanner slip must never hide the error
        return {}


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of a path, or of its nearest written ancestor (a missing key: its table's)."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1
