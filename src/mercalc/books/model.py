"""The plan file as validated, immutable models (SPEC section 1)."""

# No `from __future__ import annotations`: Pydantic would eval every annotation at start-up.

import datetime
import difflib
import functools
import unicodedata
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from decimal import Decimal
from types import GenericAlias
from typing import (
    Annotated,
    Any,
    Literal,
    NoReturn,
    TypeVar,
    dataclass_transform,
    get_args,
    get_origin,
)

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetPydanticSchema,
    Strict,
    StringConstraints,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic_core import PydanticCustomError, core_schema

from ..i18n import N_, _
from ..numbers import Number, decimal_text, decimals, exact_sum, plain

T = TypeVar("T")

MAX_AMOUNT = 10**12
MAX_DECIMALS = 10
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _bounded(kind: str, low: int, high: int, *, whole: bool) -> Any:
    """An int or exact Decimal (never a float, bool or string) within [low, high]."""
    exact_int = core_schema.int_schema(strict=True, ge=low, le=high)
    inner: core_schema.CoreSchema
    if whole:
        inner = exact_int
    else:
        exact_decimal = core_schema.decimal_schema(
            strict=True,
            ge=Decimal(low),
            le=Decimal(high),
            allow_inf_nan=False,
            decimal_places=MAX_DECIMALS,  # 1e-999999999 would vanish from every sum
        )
        inner = core_schema.union_schema([exact_int, exact_decimal])
    schema = core_schema.custom_error_schema(
        inner,
        custom_error_type=kind,
        custom_error_message=f"must be a {'whole ' if whole else ''}number from {low} to {high}",
        custom_error_context={"low": low, "high": high, "whole": whole},
    )
    return GetPydanticSchema(lambda _type, _handler: schema)


Amount = Annotated[Number, _bounded("amount", 0, MAX_AMOUNT, whole=False)]
SignedAmount = Annotated[Number, _bounded("signed_amount", -MAX_AMOUNT, MAX_AMOUNT, whole=False)]
Year = Annotated[int, _bounded("year", FIRST_YEAR, LAST_YEAR, whole=True)]
Years = Annotated[int, _bounded("years", 1, 100, whole=True)]
Month = Annotated[int, _bounded("month", 1, 12, whole=True)]

# Characters that are not shown as text: controls (C0, C1: terminal escapes, a carriage return
# that splits a csv row), format characters (bidi overrides, zero-width spaces, U+FEFF) and line
# or paragraph separators. Names are read in NFC, so "Laxå" is one name however its å is written.
_HIDDEN = ("Cc", "Cf", "Zl", "Zp")
_PROSE_LAYOUT = "\n\t"  # prose may break lines and indent


def _plain(text: str, allowed: str = "") -> str:
    """`text` in NFC, or bad input naming its first character that is not shown as text."""
    # every hidden character is one that str.isprintable() rejects, so a printable text in NFC
    # (most names and reasons, accents included) needs no look at its characters one by one
    if text.isprintable() and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text
    text = unicodedata.normalize("NFC", text)
    # each distinct character once: a page of prose has a few dozen
    hidden = [c for c in set(text) if unicodedata.category(c) in _HIDDEN and c not in allowed]
    if hidden:
        raise PydanticCustomError(
            "hidden_character",
            _(
                "holds {character}, a control or format character that is not shown "
                "as text: remove it"
            ).format(character=_character(min(hidden, key=text.index))),
        )
    return text


def _character(character: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`; controls have no name, only their number."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X}" + (f" ({name})" if name else "")


def _plain_prose(text: str) -> str:
    return _plain(text.replace("\r\n", "\n"), _PROSE_LAYOUT)


def _one_line(max_length: int) -> StringConstraints:
    """Text of one line, not empty: with `_plain`, NFC and every character shown."""
    return StringConstraints(strict=True, min_length=1, max_length=max_length, pattern=r"\S")


Name = Annotated[str, _one_line(200), AfterValidator(_plain)]
Text = Annotated[str, _one_line(2000), AfterValidator(_plain)]
Prose = Annotated[
    str, StringConstraints(strict=True, max_length=100_000), AfterValidator(_plain_prose)
]
Unit = Annotated[str, _one_line(20), AfterValidator(_plain)]


_RATE_FORM = N_('must be a percentage such as "1.25%" or a fraction such as 0.0125')


def _rate(value: object, signed: bool = False) -> Decimal:
    """`"1.25%"` or `0.0125` → Decimal('0.0125'); within 0–100 % (±100 % where `signed`)."""
    try:
        return _parse_rate(value, signed)
    except ArithmeticError:  # an exponent beyond what Decimal can scale
        raise PydanticCustomError("rate", _(_RATE_FORM)) from None


def _parse_rate(value: object, signed: bool) -> Decimal:
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        percent = decimal_text(text[:-1].strip()) if text.endswith("%") else None
        if percent is None:
            raise PydanticCustomError("rate", _(_RATE_FORM))
        _as_written(percent, value)
        sign, digits, exponent = percent.as_tuple()
        assert isinstance(exponent, int)  # a finite number: decimal_text reads no NaN
        rate = Decimal((sign, digits, exponent - 2))  # / 100, every digit kept
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        rate = Decimal(value)
        if rate.is_finite():
            _as_written(rate, value)
        # `interest_rate = 1` most likely means 1 %: never guess
        if rate.is_finite() and (abs(rate) if signed else rate) >= 1:
            raise PydanticCustomError(
                "rate",
                _(
                    '{value} as a number would be {percent} %: write "{value}%" for a '
                    "percentage, or a fraction below 1 such as 0.0125"
                ).format(value=value, percent=plain(rate * 100)),
            )
    else:
        raise PydanticCustomError("rate", _(_RATE_FORM))
    if not rate.is_finite() or not (-1 if signed else 0) <= rate <= 1:
        if signed:
            raise PydanticCustomError("rate", _('must be within -100 % and 100 %, such as "3.5%"'))
        raise PydanticCustomError(
            "rate",
            _('must be within 0–100 % (a fraction 0–1 such as 0.0125, or text such as "1.25%")'),
        )
    return rate


def _as_written(number: Decimal, value: object) -> None:
    """A rate has at most 10 decimals as written: more would be lost, or make it 0."""
    if decimals(number) <= MAX_DECIMALS:
        return
    if number != 0 and number.adjusted() < -MAX_DECIMALS:
        message = _("{value} is too small to be a rate: at 10 decimals it is 0")
    else:
        message = _("{value} has more than 10 decimals: write at most 10")
    raise PydanticCustomError("rate", message.format(value=_quoted(value)))


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


Rate = Annotated[Decimal, BeforeValidator(_rate)]
# uppräkning: a yearly increase may also be a decrease
SignedRate = Annotated[Decimal, BeforeValidator(lambda value: _rate(value, signed=True))]


def _year_key(value: object) -> object:
    """Table keys are text in TOML: `{ 2023 = 20 }` gives "2023", which must name a year."""
    if isinstance(value, str) and _digits(value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("year_key", _("is not a year: write targets as { 2024 = 15 }"))


YearKey = Annotated[Year, BeforeValidator(_year_key)]


def _digits(key: object) -> bool:
    """A key written as a number that may be a year (not a 5 000-digit one)."""
    return isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 9


def _each_year_once(table: object) -> object:
    """`{ 2023 = 20, 02023 = 99 }` holds two keys in TOML, but one year: bad input, never one of
    them kept silently."""
    if isinstance(table, dict):
        written: dict[int, str] = {}
        for key in table:
            if _digits(key):
                first = written.setdefault(int(key), key)
                if first != key:
                    raise PydanticCustomError(
                        "year_twice",
                        _("{year} is written twice ({first} and {second}): keep one").format(
                            year=int(key), first=first, second=key
                        ),
                    )
    return table


# Tables of values by year, such as `targets = { 2023 = 20, 2024 = 15 }`.
AmountsByYear = Annotated[dict[YearKey, Amount], BeforeValidator(_each_year_once)]
SignedAmountsByYear = Annotated[dict[YearKey, SignedAmount], BeforeValidator(_each_year_once)]
RatesByYear = Annotated[dict[YearKey, Rate], BeforeValidator(_each_year_once)]
SignedRatesByYear = Annotated[dict[YearKey, SignedRate], BeforeValidator(_each_year_once)]


def _year_month(value: object) -> object:
    """`"2021-07"` → (2021, 7): the month an investment went into service."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        year, month = value[:4], value[5:]
        digits = (year + month).isascii() and (year + month).isdigit()
        if digits and FIRST_YEAR <= int(year) <= LAST_YEAR and 1 <= int(month) <= 12:
            return (int(year), int(month))
    raise PydanticCustomError(
        "year_month", _('must be a month written "YYYY-MM", such as "2021-07"')
    )


YearMonth = Annotated[tuple[int, int], BeforeValidator(_year_month)]


# Slotted Pydantic dataclasses, not BaseModel: a plan of a million lines holds some 300 000 of
# them, and a BaseModel instance (its __dict__ and fields-set) weighs about 7 times as much.
# defer_build: the validators are built once, for the Plan, when the first plan is read.
_CONFIG = ConfigDict(
    extra="forbid", validate_by_name=True, validate_by_alias=True, defer_build=True
)


class _Record:
    """Immutability, equality and repr shared by every record, instead of code generated for
    each class (the frozen __setattr__ and __delattr__, __eq__ and __repr__ were some 10 ms of
    every run's start-up). Validation sets the fields past __setattr__, as for a frozen class."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    # a copy (copy.copy, pickle) is made past __setattr__ too
    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self.__dataclass_fields__, state, strict=True):  # type: ignore[attr-defined]
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__dataclass_fields__)  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # records hold dicts: never keys

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__dataclass_fields__)  # type: ignore[attr-defined]
        return f"{type(self).__name__}({fields})"


@dataclass_transform(frozen_default=True)
def _model(cls: type[T]) -> type[T]:
    """A frozen (by `_Record`), slotted, validated record that forbids unknown keys."""
    record = pydantic_dataclass(slots=True, eq=False, repr=False, config=_CONFIG)
    return record(cls)  # type: ignore[return-value]  # the same class, validated


# The versions of a plan (SPEC 17): the proposal the controller drafts, the plan the board adopted.
PROPOSAL, ADOPTED = "förslag", "beslutad"
STATUSES = (PROPOSAL, ADOPTED)


def _status(value: object) -> object:
    """`"förslag"` or `"beslutad"`; a near miss ("beslutat", "forslag") says which was meant."""
    if isinstance(value, str):
        written = unicodedata.normalize("NFC", value)
        if written in STATUSES:
            return written
        close = difflib.get_close_matches(written.strip().casefold(), STATUSES, n=1)
        if close:
            raise PydanticCustomError(
                "status",
                _('must be "förslag" or "beslutad": did you mean "{status}"?').format(
                    status=close[0]
                ),
            )
    raise PydanticCustomError("status", _('must be "förslag" (a proposal) or "beslutad" (adopted)'))


Status = Annotated[str, BeforeValidator(_status)]


def _date(value: object) -> object:
    """A TOML date (`2022-11-24`, no quotes, no time of day) within the years mercalc knows."""
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError(
            "date", _("must be a date without a time of day, such as 2022-11-24")
        )
    if isinstance(value, datetime.date):
        if not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise PydanticCustomError(
                "date",
                _("{value} is not a date from {low} to {high}").format(
                    value=value.isoformat(), low=FIRST_YEAR, high=LAST_YEAR
                ),
            )
        return value
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            raise PydanticCustomError(
                "date",
                _("must be a date without quotes: write {value}").format(value=value.strip()),
            )
    raise PydanticCustomError("date", _("must be a date such as 2022-11-24 (without quotes)"))


Date = Annotated[datetime.date, BeforeValidator(_date)]


@_model
class PlanInfo(_Record):
    """`[plan]`: whose plan, for which budget year, with which plan years, and which version."""

    organisation: Name
    year: Year
    plan_years: tuple[Year, ...] = ()
    # the unit of every amount of the plan (SPEC 13.3)
    unit: Literal["kr", "tkr"] = "tkr"
    # förslag (the default) or beslutad: the document heads itself by it
    status: Status = PROPOSAL


@_model
class Decision(_Record):
    """`[decision]`: the meeting that decides the plan (a proposal: the meeting it goes to;
    adopted: the meeting that adopted it), and the points the board is asked to decide."""

    body: Name
    date: Date
    # paragraf and diarienummer, as the minutes write them: "§ 45, dnr SITN 2022/17"
    ref: Text | None = None
    # förslag till beslut: each point an infinitive after "Nämnden föreslås besluta att"
    proposal: tuple[Text, ...] = ()


@_model
class Change(_Record):
    """One reason why a line changed from last year (förändringsanalys)."""

    reason: Text
    amount: SignedAmount


def _account_pattern(value: object) -> str:
    """`"4010"` (an account) or `"5*"` (every account starting with 5); a number as its digits."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if isinstance(value, str):
        digits = value.removesuffix("*")
        if digits.isascii() and digits.isdigit() and len(digits) <= 20:
            return value
    raise PydanticCustomError(
        "account_pattern",
        _('must be an account number or a prefix followed by *, such as "4010" or "5*"'),
    )


AccountPattern = Annotated[str, BeforeValidator(_account_pattern)]


def _account(value: object) -> str:
    """An account number (digits), written as text or as a number."""
    pattern = _account_pattern(value)
    if pattern.endswith("*"):
        raise PydanticCustomError(
            "account", _('must be one account number, not a prefix, such as "6540"')
        )
    return pattern


Account = Annotated[str, BeforeValidator(_account)]


def _object_pattern(value: object) -> str:
    """An object of a dimension (`"450"`) or a prefix followed by `*` (`"45*"`)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = str(value)
    if isinstance(value, str) and value.removesuffix("*") and len(value) <= 40:
        code = value.removesuffix("*")
        if code.isprintable() and "*" not in code and code.strip() == code:
            return value
    raise PydanticCustomError(
        "object_pattern",
        _('must be an object code or a prefix followed by *, such as "450" or "45*"'),
    )


ObjectPattern = Annotated[str, BeforeValidator(_object_pattern)]
# `objects = { ansvar = ["45*"], projekt = ["1001"] }`: the objects of each dimension named
ObjectFilter = dict[Name, tuple[ObjectPattern, ...]]


@_model
class BudgetAccounts(_Record):
    """The capital line's budget booked apart: depreciation (with the unregistered costs) and
    interest each on its own account (SPEC 14)."""

    depreciation: Account
    interest: Account


@_model
class LedgerColumns(_Record):
    """An export's own names of its account, period and amount columns."""

    account: Name | None = None
    period: Name | None = None
    amount: Name | None = None


@_model
class Ledger(_Record):
    """`[ledger]`: what mercalc must know of the ledger (SPEC 13.2, 13.3, 14)."""

    # the unit of a CSV or xlsx export's amounts: kronor unless it says (a SIE file always is)
    unit: Literal["kr", "tkr"] | None = None
    # each dimension's SIE #DIM number, and the name of its column in an export
    dimensions: dict[Name, Annotated[int, _bounded("dimension", 1, 9999, whole=True)]] = Field(
        default_factory=dict
    )
    # the board's part of a shared ledger
    objects: ObjectFilter = Field(default_factory=dict)
    columns: LedgerColumns | None = None
    # the ledger's chart of accounts, the company and its organisation number (for SIE out)
    chart: Name | None = None
    company: Name | None = None
    orgnr: Name | None = None

    @model_validator(mode="after")
    def _named_dimensions(self) -> "Ledger":
        for name in self.objects:
            if name not in self.dimensions:
                raise PydanticCustomError(
                    "ledger_dimension",
                    _("objects names {name}, which [ledger] dimensions does not name").format(
                        name=name
                    ),
                )
        return self


def _twelve_weights(weights: tuple[Number, ...]) -> tuple[Number, ...]:
    """A periodisation profile: a weight for each month, not all 0."""
    if len(weights) != 12:
        raise PydanticCustomError(
            "profile",
            _("must give 12 weights, one for each month (it gives {count})"),
            {"count": len(weights)},
        )
    if exact_sum(weights) == 0:
        raise PydanticCustomError(
            "profile", _("must not be all 0: each month's budget is its weight's share of it")
        )
    return weights


Profile = Annotated[tuple[Amount, ...], AfterValidator(_twelve_weights)]


@_model
class BudgetLine(_Record):
    """A contribution, other revenue or cost line of the operating budget (driftbudget)."""

    name: Name
    budget: Amount
    previous: Amount = 0
    changes: tuple[Change, ...] = ()
    # omräknad budget: last year's figure was redone, so `previous` may differ from it (the reason)
    restated: Text | None = None
    note: Text | None = None
    # planår: an [indices] entry that raises the line, and figures given for plan years
    index: Name | None = None
    plan: AmountsByYear = Field(default_factory=dict)
    # who pays it (SPEC 7): split by the [[key]] named, or wholly one member's (a direct cost)
    key: Name | None = None
    municipality: Name | None = None
    # follow-up (SPEC 8): the ledger accounts of its outcome, and its budget's monthly weights
    accounts: tuple[AccountPattern, ...] = ()
    profile: Profile | None = None
    # SPEC 15: forecast at its budget (an invoice that comes once a year), not by its trend
    forecast: Literal["budget"] | None = None
    # the line's part of the ledger by dimension (SPEC 13.2), and the account its budget is
    # booked on in the ledger (SPEC 14; the capital line may book two apart)
    objects: ObjectFilter = Field(default_factory=dict)
    budget_account: Account | None = None
    budget_accounts: BudgetAccounts | None = None

    @property
    def change(self) -> Number:
        return self.budget - self.previous


@_model
class Contribution(BudgetLine):
    """A member's contribution (driftbidrag): a budget line, and the member's name as the
    document writes it where the genitive rule would not ("Falu kommun", "Stockholms stad")."""

    official_name: Name | None = None


def _number_or_table(value: object) -> str:
    return "[by year]" if isinstance(value, dict) else "[amount]"


# An amount, or amounts by year: the tag (never a key of the file) chooses which, so that a
# problem is said once, of the form that was written.
AmountByYear = Annotated[
    Annotated[Amount, Tag("[amount]")] | Annotated[AmountsByYear, Tag("[by year]")],
    Discriminator(_number_or_table),
]


@_model
class Capital(_Record):
    """`[capital]`: the internal interest rate (internränta) and when investments activate."""

    interest_rate: Rate | None = None
    # halvårseffekt: investments activate at mid-year by default
    activation_month: Month = 7
    plan_rates: RatesByYear = Field(default_factory=dict)
    # the [[cost]] line that holds the capital costs, reconciled with the books (SPEC 5.3)
    cost_line: Name | None = None
    # capital costs of earlier investments that no register holds: the budget year's, or by year
    unregistered: AmountByYear | None = None


@_model
class Part(_Record):
    """A component of an investment with its own depreciation period."""

    amount: Amount
    years: Years


@_model
class Investment(_Record):
    """An investment (investeringsutgift) written off straight-line over its parts' periods."""

    name: Name
    municipality: Name | None = None
    amount: Amount | None = None
    years: Years | None = None
    components: tuple[Part, ...] | None = Field(default=None, alias="parts", min_length=1)
    # the month it went into service; default: the plan's year and [capital] activation_month
    activated: YearMonth | None = None
    note: Text | None = None
    # ombudgetering (SPEC 15): the amount proposed to carry into next year, in the period's report
    carry_over: Amount | None = None
    # the ledger's objects its outcome is booked on (its project), for the period's report
    objects: ObjectFilter = Field(default_factory=dict)

    @model_validator(mode="after")
    def _amount_or_parts(self) -> "Investment":
        if self.components is not None:
            if self.amount is not None or self.years is not None:
                raise PydanticCustomError(
                    "investment_shape", _("give either amount and years, or parts, not both")
                )
        elif self.amount is None or self.years is None:
            raise PydanticCustomError(
                "investment_shape",
                _("needs amount and years (or parts, each with amount and years)"),
            )
        return self

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every investment as parts: a plain one is a single part."""
        if self.components is not None:
            return self.components
        assert self.amount is not None and self.years is not None  # _amount_or_parts
        return (Part(amount=self.amount, years=self.years),)

    @property
    def total(self) -> Number:
        return exact_sum(part.amount for part in self.parts)


@_model
class Indicator(_Record):
    """An indicator with its baseline (utgångsvärde), targets (målvärden) and outcomes (utfall)."""

    name: Text
    unit: Unit | None = None
    baseline: SignedAmount | None = None
    direction: Literal["at_least", "at_most"] | None = None
    targets: SignedAmountsByYear = Field(default_factory=dict)
    outcomes: SignedAmountsByYear = Field(default_factory=dict)
    note: Text | None = None  # shown as a footnote in the document

    @model_validator(mode="before")
    @classmethod
    def _percent_text(cls, data: Any) -> Any:
        """Where the unit is %, a value may be written as a controller writes it: "6,5%"."""
        if not isinstance(data, dict) or data.get("unit") != "%":
            return data
        data = dict(data)
        if "baseline" in data:
            data["baseline"] = _percent_as_number(data["baseline"])
        for key in ("targets", "outcomes"):
            if isinstance(data.get(key), dict):
                data[key] = {year: _percent_as_number(value) for year, value in data[key].items()}
        return data


def _percent_as_number(value: object) -> object:
    """`"6,5%"`, `"6.5 %"` or `"-2%"` → Decimal("6.5"); any other value as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text.endswith("%"):
        return value
    number = text[:-1].strip().replace(",", ".")
    digits = number.removeprefix("-")
    whole, _point, decimals = digits.partition(".")
    if not (whole.isascii() and whole.isdigit() and (not decimals or decimals.isdigit())):
        return value
    return Decimal(number)


@_model
class Goal(_Record):
    """A council goal (kommunfullmäktiges mål), the board's goal under it and their indicators."""

    council_goal: Text
    area: Text | None = None
    board_goal: Text | None = None
    indicators: tuple[Indicator, ...] = Field(default=(), alias="indicator")


@_model
class Texts(_Record):
    """`[text]`: optional prose for the plan document."""

    introduction: Prose | None = None
    goals: Prose | None = None
    budget: Prose | None = None
    investments: Prose | None = None


# the same few names are compared again and again (a member's, a key's, on every line)
@functools.lru_cache(maxsize=1 << 16)
def folded(name: str) -> str:
    """A name as names are compared: "Laxå" is one member however its å is written or cased."""
    return unicodedata.normalize("NFC", name).strip().casefold()


def _above_zero(values: dict[str, Number]) -> dict[str, Number]:
    if exact_sum(values.values()) == 0:
        raise PydanticCustomError(
            "key_zero", _("add up to 0: give at least one member a value above 0")
        )
    return values


def _references(value: object) -> object:
    """`ref = "§ 12"` or `ref = ["KF § 30", "SITN § 12"]`: always a list of references."""
    return (value,) if isinstance(value, str) else value


@_model
class Revision(_Record):
    """A revision decided during the year (budgetjustering, tilläggsanslag): a signed amount on
    one line of the plan (+ raises it), resting on one decision or several."""

    date: Date
    line: Name
    amount: SignedAmount
    reason: Text
    refs: Annotated[tuple[Text, ...], BeforeValidator(_references)] = Field(
        alias="ref", min_length=1
    )
    # tillfälligt anslag: a one-off grant leaves next year's budget again
    one_off: Annotated[bool, Strict()] = False


@_model
class Key(_Record):
    """A distribution key (fördelningsnyckel): a value for each member, such as its population."""

    name: Name
    values: Annotated[dict[Name, Amount], AfterValidator(_above_zero)]
    # where the values come from, for the members' basis ("SCB, folkmängd 1 november 2022")
    source: Text | None = None


@_model
class Distribution(_Record):
    """`[distribution]`: the key that splits every cost the members share."""

    key: Name


# The document's optional parts (SPEC 18): the plan years' columns, who pays what, and what the
# plan years rest on; the seed's document has none of them.
DocumentSection = Literal["planår", "fördelning", "antaganden"]


@_model
class DocumentOptions(_Record):
    """`[document]`: the optional sections the plan's document shows."""

    sections: tuple[DocumentSection, ...] = ()


@_model
class CommentFrom(_Record):
    """A full-year deviation at or over both of these needs a comment (kommentar till
    avvikelse): a share of the line's budget and an amount in tkr."""

    share: Rate = Decimal("0.02")
    amount: Amount = 100


@_model
class FollowUpSettings(_Record):
    """`[followup]` of a plan or a forecast file (SPEC 15): where a deviation needs a comment,
    the month the interim report runs through, and the period's events and measures."""

    comment_from: CommentFrom | None = None
    interim_through: Literal[6, 7, 8] | None = None
    events: tuple[Text, ...] = ()  # väsentliga händelser
    measures: tuple[Text, ...] = ()  # åtgärder, where the forecast result is negative


@_model
class Plan(_Record):
    """One plan file: one budget year of one organisation."""

    info: PlanInfo = Field(alias="plan")
    contributions: tuple[Contribution, ...] = Field(default=(), alias="contribution")
    revenue: tuple[BudgetLine, ...] = ()
    costs: tuple[BudgetLine, ...] = Field(default=(), alias="cost")
    keys: tuple[Key, ...] = Field(default=(), alias="key")
    distribution: Distribution | None = None
    capital: Capital | None = None
    # uppräkning for the plan years: a name's rate for each plan year (SPEC 6)
    indices: dict[Name, SignedRatesByYear] = Field(default_factory=dict)
    investments: tuple[Investment, ...] = Field(default=(), alias="investment")
    goals: tuple[Goal, ...] = Field(default=(), alias="goal")
    text: Texts | None = None
    decision: Decision | None = None
    document: DocumentOptions | None = None
    followup: FollowUpSettings | None = None
    revisions: tuple[Revision, ...] = Field(default=(), alias="revision")
    ledger: Ledger = Field(default_factory=Ledger)

    @property
    def year(self) -> int:
        return self.info.year

    @property
    def adopted(self) -> bool:
        """Whether the board has adopted this version of the plan (status "beslutad")."""
        return self.info.status == ADOPTED

    @property
    def capital_line(self) -> BudgetLine | None:
        """The `[capital] cost_line`: the cost line that holds the capital costs (SPEC 5.3),
        matched as names are (`folded`); None where the plan names none, or no such cost."""
        name = self.capital.cost_line if self.capital is not None else None
        if name is None:
            return None
        wanted = folded(name)
        return next((line for line in self.costs if folded(line.name) == wanted), None)

    def index_named(self, name: str | None) -> str | None:
        """The `[indices]` entry a line's `index` names, matched as names are (`folded`):
        `index = "PKV"` follows `[indices] pkv`; None where there is no such entry."""
        if name is None or name in self.indices:
            return name
        wanted = folded(name)
        return next((given for given in self.indices if folded(given) == wanted), None)


@functools.cache
def _plan_adapter() -> TypeAdapter[Plan]:
    return TypeAdapter(Plan)


def _required_month(value: object) -> object:
    if value is None:
        raise PydanticCustomError(
            "activated_missing",
            _('is required in the register: the month it went into service, such as "2021-07"'),
        )
    return value


@_model
class RegisteredInvestment(Investment):
    """An investment of the register: the month it went into service is always given."""

    activated: Annotated[YearMonth, BeforeValidator(_required_month)] = Field(
        default=None, validate_default=True
    )


@_model
class RegisterInfo(_Record):
    """`[register]`: whose register, and the internal rate of years that no plan gives."""

    organisation: Name
    rates: RatesByYear = Field(default_factory=dict)


@_model
class Register(_Record):
    """The investment register (anläggningsregister): investments that no plan lists."""

    info: RegisterInfo = Field(alias="register")
    investments: tuple[RegisteredInvestment, ...] = Field(default=(), alias="investment")


@functools.cache
def _register_adapter() -> TypeAdapter[Register]:
    return TypeAdapter(Register)


def validate_register(document: dict[str, Any]) -> Register:
    """A register from its TOML document; raises pydantic's ValidationError with every problem."""
    EntriesAhead(Register)(document, whole=True)
    return _register_adapter().validate_python(document)


@_model
class Forecast(_Record):
    """An entered full-year forecast (helårsprognos) of a line, positive as the plan's amounts."""

    line: Name
    amount: Amount | None = None  # without it, the line keeps its computed forecast
    reason: Text | None = None
    comment: Text | None = None  # kommentar till avvikelse


@_model
class Activation(_Record):
    """The month an investment actually went, or is now forecast to go, into service."""

    investment: Name
    activated: YearMonth


@_model
class Outcome(_Record):
    """An indicator's outcome for the period, with the full-year assessment."""

    indicator: Text
    # "5,4%" as 5.4
    value: Annotated[SignedAmount, BeforeValidator(_percent_as_number)] | None = None
    assessment: Literal["uppfylls", "delvis", "uppfylls inte"] | None = None
    comment: Text | None = None


@_model
class ForecastFile(_Record):
    """A forecast file for the follow-up: `[[forecast]]`, `[[activation]]`, `[[outcome]]` and
    `[followup]`."""

    forecasts: tuple[Forecast, ...] = Field(default=(), alias="forecast")
    activations: tuple[Activation, ...] = Field(default=(), alias="activation")
    outcomes: tuple[Outcome, ...] = Field(default=(), alias="outcome")
    followup: FollowUpSettings | None = None


@functools.cache
def _forecast_adapter() -> TypeAdapter[ForecastFile]:
    return TypeAdapter(ForecastFile)


def validate_forecasts(document: dict[str, Any]) -> ForecastFile:
    """A forecast file from its TOML document; raises pydantic's ValidationError."""
    return _forecast_adapter().validate_python(document)


def validate_plan(document: dict[str, Any]) -> Plan:
    """A plan from its TOML document; raises pydantic's ValidationError with every problem."""
    EntriesAhead(Plan)(document, whole=True)
    return _plan_adapter().validate_python(document)


# A long list of entries is made into records a few thousand at a time before the whole file is
# validated, each chunk's tables let go as its records are made: a plan of a million lines then
# peaks at its records and a chunk's tables, not at its TOML and all its records.
ENTRY_CHUNK = 4096


class EntriesAhead:
    """Makes the long lists of entries of a record's document into records, in place, a chunk
    at a time, also while the document is still being read. A chunk with bad input, or one
    `leave` picks out (given it and the entries' model), stays as it is, for the whole file's
    validation to report at its place."""

    def __init__(self, record: Any, leave: Callable[[list[Any], Any], bool] | None = None):
        self._record = record
        self._leave = leave
        self._done: dict[str, int] = {}  # by key: how many entries have been looked at

    def __call__(self, document: dict[str, Any], *, whole: bool = False) -> None:
        """Every whole chunk not yet looked at; the last, shorter one too once the document is
        `whole` (where a list is longer than a chunk: a plan of a few thousand lines builds no
        validator for this, at start-up)."""
        for key in _entry_models(self._record):
            entries = document.get(key)
            if not isinstance(entries, list):
                continue
            start = self._done.get(key, 0)
            if whole:
                end = len(entries) if len(entries) > ENTRY_CHUNK else start
            else:
                end = start + (len(entries) - start) // ENTRY_CHUNK * ENTRY_CHUNK
            if end > start:
                self._make_records(key, entries, start, end)

    def _make_records(self, key: str, entries: list[Any], start: int, end: int) -> None:
        self._done[key] = end
        model = _entry_models(self._record)[key]
        adapter = _entries_adapter(model)
        for begin in range(start, end, ENTRY_CHUNK):
            chunk = entries[begin : min(begin + ENTRY_CHUNK, end)]
            if self._leave is not None and self._leave(chunk, model):
                continue
            try:
                entries[begin : begin + len(chunk)] = adapter.validate_python(chunk)
            except ValidationError:
                continue


@functools.cache
def _entry_models(record: Any) -> dict[str, Any]:
    """For each list of entries of a record, by its key in the file: the entries' model."""
    models: dict[str, Any] = {}
    for name, field in record.__pydantic_fields__.items():
        origin, arguments = get_origin(field.annotation), get_args(field.annotation)
        if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
            models[field.alias or name] = arguments[0]
    return models


@functools.cache
def _entries_adapter(model: Any) -> TypeAdapter[list[Any]]:
    """A validator of a list of `model`'s records (list[BudgetLine], say)."""
    entries: Any = GenericAlias(list, (model,))
    return TypeAdapter(entries)


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain data with the file's keys (aliases)."""
    return _plan_adapter().dump_python(plan, by_alias=True)


def fields_of(record: type) -> dict[str, Any]:
    """A record's fields by name, with their alias and annotation (pydantic FieldInfo)."""
    fields: dict[str, Any] = record.__pydantic_fields__  # type: ignore[attr-defined]
    return fields
