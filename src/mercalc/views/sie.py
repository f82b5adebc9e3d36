"""The budget as a SIE file a ledger imports (SPEC 14): type 2, or type 3 with objects, in code
page 437, one `#PBUDGET` per account, objects and month."""

from __future__ import annotations

import datetime
import unicodedata

from ..books.ledgerbudget import LedgerBudget, Objects
from ..i18n import _

# typographic characters that code page 437 lacks, as their plain equivalents
_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})


def _cp437(text: str, changed: list[str]) -> str:
    """The text as code page 437 holds it: a character it lacks as its closest equivalent
    (accents dropped), else `?`; each text so changed is named in a note."""
    try:
        text.encode("cp437")
        return text
    except UnicodeEncodeError:
        pass
    kept = []
    for character in text.translate(_PLAIN):
        try:
            character.encode("cp437")
            kept.append(character)
        except UnicodeEncodeError:
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c)
            )
            try:
                plain.encode("cp437")
                kept.append(plain or "?")
            except UnicodeEncodeError:
                kept.append("?")
    changed.append(text)
    return "".join(kept)


def _quoted(text: str, changed: list[str]) -> str:
    safe = _cp437(" ".join(text.split()), changed)
    return '"' + safe.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _objects(objects: Objects, changed: list[str]) -> str:
    return "{" + " ".join(f"{number} {_quoted(code, changed)}" for number, code in objects) + "}"


def _kronor(amount: int) -> str:
    return f"{amount}.00"


def sie_budget(budget: LedgerBudget, version: str, today: datetime.date) -> tuple[bytes, list[str]]:
    """The SIE file's bytes (CRLF, code page 437) and the notes on what it changed."""
    changed: list[str] = []
    year = budget.year
    by_account = budget.by_account()
    typed = bool(budget.dimensions)
    records = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        f"#SIETYP {3 if typed else 2}",
        f"#PROGRAM {_quoted('mercalc', changed)} {version}",
        f"#GEN {today:%Y%m%d}",
        f"#FNAMN {_quoted(budget.company, changed)}",
    ]
    if budget.orgnr:
        records.append(f"#ORGNR {_cp437(budget.orgnr, changed)}")
    records.append(f"#RAR 0 {year}0101 {year}1231")
    if budget.chart:
        records.append(f"#KPTYP {budget.chart}")
    names: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for booking in budget.bookings:
        names.setdefault(booking.account, booking.line)
        kinds.setdefault(booking.account, booking.kind)
    for account in sorted(names):
        records.append(f"#KONTO {account} {_quoted(names[account], changed)}")
        if not budget.chart:
            records.append(f"#KTYP {account} {kinds[account]}")
    for number, name in sorted(budget.dimensions.items()):
        records.append(f"#DIM {number} {_quoted(name, changed)}")
    objects = sorted({item for _account, objs in by_account for item in objs})
    records += [
        f"#OBJEKT {n} {_quoted(code, changed)} {_quoted(code, changed)}" for n, code in objects
    ]
    records += _balances(by_account, year, changed, typed)
    notes = list(budget.notes)
    if changed:
        notes.append(
            _("Written in code page 437, which lacks some characters of: {texts}.").format(
                texts=", ".join(dict.fromkeys(changed))
            )
        )
    return ("\r\n".join(records) + "\r\n").encode("cp437"), notes


def _balances(
    by_account: dict[tuple[str, Objects], list[int]], year: int, changed: list[str], typed: bool
) -> list[str]:
    """`#PBUDGET 0 YYYYMM account {objects} amount` per account, objects and month; in type 3
    the `{}` row with the account's total beside its object rows."""
    totals: dict[str, list[int]] = {}
    for (account, _objs), months in by_account.items():
        into = totals.setdefault(account, [0] * 12)
        for index, amount in enumerate(months):
            into[index] += amount
    records = []
    for account in sorted(totals):
        rows = sorted(
            (objs, months) for (acc, objs), months in by_account.items() if acc == account
        )
        for month in range(12):
            period = f"{year}{month + 1:02d}"
            records.append(f"#PBUDGET 0 {period} {account} {{}} {_kronor(totals[account][month])}")
            if typed:
                records += [
                    f"#PBUDGET 0 {period} {account} {_objects(objs, changed)} "
                    f"{_kronor(months[month])}"
                    for objs, months in rows
                    if objs
                ]
    return records
