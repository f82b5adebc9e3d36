"""A small msgfmt: a gettext `.po` catalogue → the `.mo` bytes that Python's gettext reads.

Used at build time (hatch_build.py) and, in a source checkout without a built `.mo`, at run time.
Entries without a translation, and those marked fuzzy, are left out (as GNU msgfmt does).
"""

from __future__ import annotations

import struct
from typing import NamedTuple

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


class Entry(NamedTuple):
    """One message of a catalogue: its msgid (with the plural's, if any) and its translations."""

    msgid: str
    plural: str | None
    translations: tuple[str, ...]
    fuzzy: bool
    line: int


def _unquote(text: str, line: int) -> str:
    """`"a \\"b\\"\\n"` → `a "b"` and a newline."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"line {line}: expected a quoted string, not {text!r}")
    out, chars = [], iter(text[1:-1])
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            if escaped not in _ESCAPES:
                raise ValueError(f"line {line}: unknown escape \\{escaped}")
            out.append(_ESCAPES[escaped])
        else:
            out.append(char)
    return "".join(out)


def parse_po(text: str) -> list[Entry]:
    """Every entry of a `.po` text, the header (msgid "") included."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy, start = False, 0

    def finish() -> None:
        nonlocal fields, current, fuzzy
        if "msgid" in fields:
            forms = sorted(k for k in fields if k.startswith("msgstr"))
            translations = tuple(fields[k] for k in forms)
            entries.append(
                Entry(fields["msgid"], fields.get("msgid_plural"), translations, fuzzy, start)
            )
        fields, current, fuzzy = {}, None, False

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            if current is not None and "msgstr" in "".join(fields):
                finish()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if not line:
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"line {number}: a string outside an entry")
            fields[current] += _unquote(line, number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and any(k.startswith("msgstr") for k in fields):
            finish()
        if keyword not in ("msgid", "msgid_plural") and not keyword.startswith("msgstr"):
            raise ValueError(f"line {number}: unknown keyword {keyword!r}")
        if keyword in fields:  # e.g. two msgstr where a merge kept both sides
            raise ValueError(f"line {number}: a second {keyword} in one entry")
        if keyword == "msgid":
            start = number
        current = keyword
        fields[keyword] = _unquote(rest, number)
    finish()
    return entries


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU `.mo` file of these entries (little-endian, no hash table)."""
    messages: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.fuzzy or not all(entry.translations):
            continue
        msgid = entry.msgid if entry.plural is None else f"{entry.msgid}\0{entry.plural}"
        messages[msgid.encode("utf-8")] = "\0".join(entry.translations).encode("utf-8")
    keys = sorted(messages)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    data_at = translations_at + 8 * len(keys)
    data = bytearray()
    originals, translations = [], []
    for key in keys:
        originals.append((len(key), data_at + len(data)))
        data += key + b"\0"
    for key in keys:
        value = messages[key]
        translations.append((len(value), data_at + len(data)))
        data += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, 0)
    out += b"".join(struct.pack("<2I", *pair) for pair in originals)
    out += b"".join(struct.pack("<2I", *pair) for pair in translations)
    return out + bytes(data)


def po_to_mo(text: str) -> bytes:
    """A `.po` text compiled to `.mo` bytes."""
    return compile_mo(parse_po(text))
