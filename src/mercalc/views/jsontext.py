"""JSON with exact numbers: a Decimal written digit for digit, never through a float."""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring  # json.dumps(text, ensure_ascii=False), in C
from typing import Any

from .cells import figure


def _json(value: Any, indent: str) -> str:
    """One value as JSON, each item of an object or array on a line of its own at `indent`
    and two spaces; built a whole object at a time, so that a large report is a few thousand
    strings joined, not millions of pieces."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return figure(value)  # exact to 10 decimals, never through a float
    inner = indent + "  "
    between = ",\n" + inner
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = (f"{encode_basestring(str(k))}: {_json(v, inner)}" for k, v in value.items())
        return "{\n" + inner + between.join(items) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + inner + between.join(_json(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def to_json(value: Any) -> str:
    """JSON with exact numbers (Decimal written digit for digit, up to 10 decimals)."""
    return _json(value, "")
