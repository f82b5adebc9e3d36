"""Validation errors in words a controller understands, with the key path they concern."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, get_args

from ..i18n import _
from ..numbers import decimals
from ..problems import KeyPath
from .model import MAX_DECIMALS, ForecastFile, Plan, Register, fields_of

_BUDGET_SECTIONS = ("contribution", "revenue", "cost")


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return _("true/false ({value})").format(value=str(value).lower())
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return _('text ("{text}")').format(text=shown)
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, (int, Decimal)):
        return str(value)
    return type(value).__name__


def message(error: Mapping[str, Any], path: KeyPath) -> str:
    """One pydantic error as a plain sentence about the value at `path`."""
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("amount", "signed_amount", "year", "years", "month"):
        return _number_message(kind, value, ctx, path)
    if kind in ("missing", "missing_argument"):
        return _("is required but missing")
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return _unknown_key(path, error.get("root"))
    if kind in ("string_type",):
        return _("must be text in quotes, not {value}").format(value=_describe(value))
    if kind == "string_too_short" or kind == "string_pattern_mismatch":
        return _("must not be empty")
    if kind == "string_too_long":
        return _("is too long ({length} characters; at most {most})").format(
            length=len(str(value)), most=ctx.get("max_length")
        )
    if kind == "literal_error":
        return _("must be {choices}, not {value}").format(
            choices=_either(re.findall(r"'[^']*'|-?\d+", str(ctx.get("expected")))),
            value=_describe(value),
        )
    if kind == "bool_type":
        return _("must be true or false, not {value}").format(value=_describe(value))
    if kind in ("model_type", "dataclass_type", "dataclass_args_type", "dict_type"):
        return _("must be a table, not {value}").format(value=_describe(value))
    if kind in ("tuple_type", "list_type"):
        return _("must be a list, not {value}").format(value=_describe(value))
    if kind == "too_short":
        return _("must not be an empty list")
    return error["msg"]


def _either(choices: list[str]) -> str:
    """`'a'`, `'a' or 'b'`, `'a', 'b' or 'c'` in the user's language."""
    if len(choices) < 2:
        return "".join(choices)
    return _("{some} or {last}").format(some=", ".join(choices[:-1]), last=choices[-1])


def _unknown_key(path: KeyPath, root: str | None = None) -> str:
    """Say which keys the table knows, and the one a misspelt key most likely meant."""
    if path == ("plan",):
        return _("a register has no [plan]: each plan is a file of its own")
    if path == ("register",):
        return _("a plan has no [register]: the register is a file of its own")
    known = _known_keys(path[:-1], root)
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    if close:
        return _('is not a known key: did you mean "{key}"?').format(key=close[0])
    if known:
        return _("is not a known key (known here: {keys})").format(keys=", ".join(known))
    return _("is not a known key")


def _known_keys(path: KeyPath, root: str | None = None) -> list[str]:
    """The keys of the table at `path`, from the models themselves (of the file `root` names,
    else the file whose first key it is: a plan, the register or a forecast file)."""
    model: Any = next((file for file in _FILES if file.__name__ == root), None) or next(
        (file for file in _FILES if path[:1] and path[0] in _keys(file)), Plan
    )
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


_FILES = (Plan, Register, ForecastFile)


def _keys(model: Any) -> set[str]:
    return {info.alias or name for name, info in fields_of(model).items()}


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
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        wanted = (
            _("must be a whole number, not {value}")
            if whole
            else _("must be a number, not {value}")
        )
        return wanted.format(value=_describe(value))
    if isinstance(value, Decimal) and not value.is_finite():
        return _("must be a finite number, not {value}").format(value=value)
    if isinstance(value, Decimal) and decimals(value) > MAX_DECIMALS and value != int(value):
        return _("has more than {most} decimals ({value})").format(most=MAX_DECIMALS, value=value)
    if whole and not isinstance(value, int):
        if value == int(value):
            return _("must be a whole number (write {value} without decimals)").format(value=value)
        return _("must be a whole number, not {value}").format(value=value)
    if kind == "amount" and value < 0:
        if path and path[0] in _BUDGET_SECTIONS and "profile" not in path:
            return _(
                "{value} is negative: enter amounts as positive numbers "
                "(revenue is shown with a minus sign by mercalc)"
            ).format(value=value)
        return _("{value} is negative: amounts must be 0 or more").format(value=value)
    if kind == "year":
        return _("{value} is not a year from {low} to {high}").format(
            value=value, low=low, high=high
        )
    if kind == "years":
        return _("{value} is not a depreciation period of {low} to {high} years").format(
            value=value, low=low, high=high
        )
    if kind == "month":
        return _("{value} is not a month (1–12)").format(value=value)
    if value > high:
        return _("{value} is too large (at most 10^12)").format(value=value)
    return _("{value} is too small (at least -10^12)").format(value=value)


def names_for_aliases(data: dict[str, Any]) -> list[tuple[KeyPath, str]]:
    """Keys of a file that are a field's name where the file spells it otherwise (`[[costs]]`
    for `[[cost]]`, `components` for `parts`): unknown keys to the user, each with its message,
    though the model would take them (SPEC 16: never accepted silently)."""
    root = next((model for model in _FILES if any(key in _keys(model) for key in data)), Plan)
    found: list[tuple[KeyPath, str]] = []
    _walk_aliases(data, root, (), found)
    return found


def spells_names(entries: list[Any], model: Any) -> bool:
    """Whether an entry of `model` writes a field's name where the file spells it otherwise."""
    found: list[tuple[KeyPath, str]] = []
    _walk_aliases(entries, model, (), found)
    return bool(found)


@functools.cache
def _spelling(model: Any) -> tuple[dict[str, Any], frozenset[str]]:
    """A model's keys as a file spells them, each with the model it holds (or None), and the
    names of its fields that the file spells otherwise."""
    fields = fields_of(model)
    spelt = {info.alias or name: _model_in(info.annotation) for name, info in fields.items()}
    renamed = frozenset(name for name, info in fields.items() if info.alias not in (None, name))
    return spelt, renamed


@functools.cache
def _has_renamed(model: Any) -> bool:
    """Whether a field of the model, or of a model within it, is spelt otherwise in a file:
    only there can a field's name be written for its spelling."""
    spelt, renamed = _spelling(model)
    return bool(renamed) or any(
        inner is not None and inner is not model and _has_renamed(inner) for inner in spelt.values()
    )


@functools.cache
def _keys_to_look_into(model: Any) -> frozenset[str]:
    """The keys of a model that are spelt otherwise, or hold a model within which one is."""
    spelt, renamed = _spelling(model)
    inner = (key for key, held in spelt.items() if held is not None and _has_renamed(held))
    return renamed | frozenset(inner)


def _walk_aliases(value: Any, model: Any, path: KeyPath, found: list) -> None:
    if model is None or not _has_renamed(model):
        return
    if isinstance(value, list):
        wanted = _keys_to_look_into(model)
        for index, item in enumerate(value):
            # most entries hold none of those keys, and one already a record was read by its
            # chunk's own walk: passed over without a path of their own
            if isinstance(item, list) or (isinstance(item, dict) and not wanted.isdisjoint(item)):
                _walk_aliases(item, model, (*path, index), found)
        return
    if not isinstance(value, dict):
        return
    spelt, renamed = _spelling(model)
    for key, item in value.items():
        if key in spelt:
            _walk_aliases(item, spelt[key], (*path, key), found)
        elif key in renamed:
            found.append(((*path, key), _unknown_key((*path, key))))
