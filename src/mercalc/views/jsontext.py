"""JSON with exact numbers: a Decimal written digit for digit, never through a float."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from .cells import figure


def _json_parts(value: Any, indent: str, dumps: Callable[..., str]) -> Iterator[str]:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield f",\n{inner}" if i else f"\n{inner}"
            yield dumps(str(key), ensure_ascii=False)
            yield ": "
            yield from _json_parts(item, inner, dumps)
        yield f"\n{indent}}}"
    elif isinstance(value, (list, tuple)):
        if not value:
            yield "[]"
            return
        yield "["
        for i, item in enumerate(value):
            yield f",\n{inner}" if i else f"\n{inner}"
            yield from _json_parts(item, inner, dumps)
        yield f"\n{indent}]"
    elif isinstance(value, bool) or value is None:
        yield dumps(value)
    elif isinstance(value, (int, Decimal)):
        yield figure(value)  # exact to 10 decimals, never through a float
    else:
        yield dumps(value, ensure_ascii=False)


def to_json(value: Any) -> str:
    """JSON with exact numbers (Decimal written digit for digit, up to 10 decimals)."""
    return "".join(_json_parts(value, "", json.dumps))
