"""Validation errors in words a controller understands, with the key path they concern."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any, get_args

from ..problems import KeyPath
from .model import MAX_DECIMALS, Plan, fields_of

_BUDGET_SECTIONS = ("contribution", "revenue", "cost")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'text ("{shown}")'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return type(value).__name__


def message(error: dict[str, Any], path: KeyPath) -> str:
    """One pydantic error as a plain sentence about the value at `path`."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("amount", "signed_amount", "year", "years", "month"):
        return _number_message(kind, value, ctx, path)
    if kind in ("missing", "missing_argument"):
        return "is required but missing"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return _unknown_key(path)
    if kind in ("string_type",):
        return f"must be text in quotes, not {_describe(value)}"
    if kind == "string_too_short" or kind == "string_pattern_mismatch":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(value)} characters; at most {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, not {_describe(value)}"
    if kind in ("model_type", "dataclass_type", "dataclass_args_type", "dict_type"):
        return f"must be a table, not {_describe(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"must be a list, not {_describe(value)}"
    if kind == "too_short":
        return "must not be an empty list"
    return error["msg"]


def _unknown_key(path: KeyPath) -> str:
    """Say which keys the table knows, and the one a misspelt key most likely meant."""
    known = _known_keys(path[:-1])
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    if close:
        return f'is not a known key: did you mean "{close[0]}"?'
    return "is not a known key" + (f" (known here: {', '.join(known)})" if known else "")


def _known_keys(path: KeyPath) -> list[str]:
    """The keys of the table at `path`, from the models themselves."""
    model: Any = Plan
    for part in path:
        if isinstance(part, int):
            continue
        fields = {info.alias or name: info for name, info in fields_of(model).items()}
        if part not in fields:
            return []
        model = _model_in(fields[part].annotation)
        if model is None:
            return []
    return [info.alias or name for name, info in fields_of(model).items()]


def _model_in(annotation: Any) -> Any:
    """The model class inside `Model`, `Model | None` or `tuple[Model, ...]`, if any."""
    if isinstance(annotation, type) and hasattr(annotation, "__pydantic_fields__"):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _number_message(kind: str, value: object, ctx: dict[str, Any], path: KeyPath) -> str:
    low, high, whole = ctx["low"], ctx["high"], ctx["whole"]
    wanted = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return f"must be {wanted}, not {_describe(value)}"
    if isinstance(value, Decimal) and not value.is_finite():
        return f"must be a finite number, not {value}"
    if (
        isinstance(value, Decimal)
        and value.as_tuple().exponent < -MAX_DECIMALS
        and value != int(value)
    ):
        return f"has more than {MAX_DECIMALS} decimals ({value})"
    if whole and not isinstance(value, int):
        return (
            f"must be {wanted} (write {value} without decimals)"
            if value == int(value)
            else (f"must be {wanted}, not {value}")
        )
    if kind == "amount" and value < 0:
        if path and path[0] in _BUDGET_SECTIONS:
            return (
                f"{value} is negative: enter amounts as positive numbers "
                "(revenue is shown with a minus sign by mercalc)"
            )
        return f"{value} is negative: amounts must be 0 or more"
    if kind == "year":
        return f"{value} is not a year from {low} to {high}"
    if kind == "years":
        return f"{value} is not a depreciation period of {low} to {high} years"
    if kind == "month":
        return f"{value} is not a month (1–12)"
    if value > high:
        return f"{value} is too large (at most 10^12)"
    return f"{value} is too small (at least -10^12)"
