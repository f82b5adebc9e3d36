"""Editing a TOML file in place: every comment, the order of the keys and the formatting of every
value not changed stay as they were (tomlkit). Knows nothing of plans: key paths and values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from ..numbers import plain
from ..problems import KeyPath


class Edit(NamedTuple):
    """`set` the value at `path` (a new key goes last in its table), `append` it to the list at
    `path`, or `delete` the key at `path` (a table with the comments just above its header)."""

    action: Literal["set", "append", "delete"]
    path: KeyPath
    value: Any = None


def edit(text: str, edits: Iterable[Edit], header: str | None = None) -> str:
    """`text` with each edit made, every other byte as it was; with `header`, the comment lines
    that open the file are replaced by it.

    An edit within a table of an array of tables (`[[cost]]`) is made in that table's own lines:
    tomlkit gathers the tables of one array when it writes a document, which would move a
    `[[contribution]]` written after the `[[cost]]` tables, and the comments with it."""
    edits = list(edits)
    if header is None:
        text, edits = _edit_array_tables(text, edits)
        if not edits:
            return text
    import tomlkit

    document = tomlkit.parse(text)
    for change in edits:
        _apply(document, change)
    text = tomlkit.dumps(document)
    return text if header is None else _with_header(text, header)


def _edit_array_tables(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """The edits within top-level arrays of tables made, each in its table's lines; the others
    returned to be made on the whole document."""
    from .tomlpos import array_table_lines

    spans = array_table_lines(text) if any(len(e.path) > 2 for e in edits) else {}
    grouped: dict[tuple[int, int], list[Edit]] = {}
    rest: list[Edit] = []
    for change in edits:
        span = spans.get(change.path[:2]) if len(change.path) > 2 else None
        if span is None:
            rest.append(change)
        else:
            moved = (change.path[0], 0, *change.path[2:])  # the table alone: the array's first
            grouped.setdefault(span, []).append(change._replace(path=moved))
    if not grouped:
        return text, rest
    import tomlkit

    lines = text.splitlines(keepends=True)
    for (start, end), changes in sorted(grouped.items(), reverse=True):
        document = tomlkit.parse("".join(lines[start - 1 : end - 1]))
        for change in changes:
            _apply(document, change)
        lines[start - 1 : end - 1] = [tomlkit.dumps(document)]
    return "".join(lines), rest


def _apply(document: Any, change: Edit) -> None:
    """One edit made on a tomlkit document."""
    import tomlkit.items as items

    action, path, value = change
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if action == "delete":
        if not isinstance(key, int) and hasattr(parent, "body"):
            _drop_comments_before(parent, key)
        del parent[key]
    elif action == "append":
        target = parent[key]
        if isinstance(target, items.AoT):  # `[[cost.changes]]`: one more table of the array
            target.append(_table(value))
        else:
            target.append(_item(value))
    else:
        parent[key] = _item(value)


def _table(value: Mapping[str, Any]) -> Any:
    """A table for an array of tables, its keys written as `literal` writes them."""
    import tomlkit

    table = tomlkit.table()
    for key, item in value.items():
        table[key] = _item(item)
    return table


def _item(value: Any) -> Any:
    """A tomlkit item written exactly as `literal` writes the value."""
    import tomlkit

    return tomlkit.parse(f"value = {literal(value)}\n")["value"]


def literal(value: Any) -> str:
    """A value as a hand-written plan has it: numbers exactly (`9811`, `12.5`), text quoted,
    tables inline (`{ reason = "…", amount = 1 }`), a list of tables one to a line."""
    import tomlkit

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return plain(value)
    if isinstance(value, str):
        return tomlkit.string(value, multiline="\n" in value).as_string()
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{_key(k)} = {literal(v)}" for k, v in value.items())
        return f"{{ {pairs} }}" if pairs else "{}"
    items = [literal(item) for item in value]
    if any(isinstance(item, Mapping) for item in value):
        return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
    return f"[{', '.join(items)}]"


def _key(key: object) -> str:
    """A bare key where TOML allows one (`2024`, `amount`), else a quoted one (`"Laxå"`)."""
    import tomlkit

    text = str(key)
    if text and text.isascii() and all(c.isalnum() or c in "-_" for c in text):
        return text
    return tomlkit.string(text).as_string()


def _drop_comments_before(container: Any, key: str) -> None:
    """Comments just above a table's header are that table's: they go where it goes, and those
    above the header after it stay there. In the file both end the body of the table before."""
    keys = [k.key if k is not None else None for k, _ in container.body]
    if key not in keys or keys.index(key) == 0:
        return
    position = keys.index(key)
    previous = position - 1
    while previous > 0 and keys[previous] is None:  # a table deleted just before: its place
        previous -= 1
    before = _last_table(container.body[previous][1])
    gone = _last_table(container.body[position][1])
    if before is None or gone is None:
        return
    _take_trailing_comments(before)
    following = _take_trailing_comments(gone)
    before.value.body.extend(following or [(None, _blank())])


def _last_table(item: Any) -> Any:
    """The table whose body ends where `item` ends in the file (an array's last table)."""
    import tomlkit.items as items

    if isinstance(item, items.AoT):
        item = item.body[-1] if item.body else None
    return item if isinstance(item, items.Table) else None


def _take_trailing_comments(table: Any) -> list[tuple[None, Any]]:
    """The comments (and blank lines) that end a table's body, taken out of it; none where
    it ends with no comment."""
    import tomlkit.items as items

    body = table.value.body
    end = len(body)
    while end and isinstance(body[end - 1][1], (items.Comment, items.Whitespace)):
        end -= 1
    trailing = body[end:]
    if not any(isinstance(item, items.Comment) for _, item in trailing):
        return []
    for index in range(end, len(body)):
        body[index] = (None, items.Null())
    return [(None, item) for _, item in trailing]


def _blank() -> Any:
    import tomlkit.items as items

    return items.Whitespace("\n")


def _with_header(text: str, header: str) -> str:
    """The comment lines (and blank lines) that open the file, replaced by `header`."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and (not lines[start].strip() or lines[start].lstrip()[:1] == "#"):
        start += 1
    opening = "".join(f"# {line}\n" for line in header.splitlines())
    return opening + "\n" + "".join(lines[start:])
