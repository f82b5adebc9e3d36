"""mercalc beside its peers: hledger and bean-check on files of the same line count.

    python benchmarks/bench.py --peers          # 100k and 1M lines
    python benchmarks/bench.py --peers --quick  # 10k and 100k lines

The peers are optional and found on PATH (or, for bean-check, beside this Python): hledger
from Debian (`apt-get install hledger`) and bean-check from PyPI (`pip install beancount`).
bean-check reads the pickle cache that beancount writes beside a ledger (warm after the first
round); it is also timed with -C, reading its ledger anew. Each peer works on a ledger of its own
format with as many lines as mercalc's plan: a chart of accounts (a thousand cost accounts) and
transactions of four lines (date and payee, two postings, a blank line) through the year.
Nothing here asserts: the ratios are printed with the targets they are held to.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

ACCOUNTS = 1000  # cost accounts in a peer's ledger


def _postings(lines: int) -> list[tuple[str, int, int]]:
    """(date, account, öre) of each transaction of a ledger of about `lines` lines."""
    count = max(1, (lines - ACCOUNTS) // 4)
    return [
        (f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", i % ACCOUNTS, 10_000 + i * 7919 % 990_000)
        for i in range(count)
    ]


def _money(ore: int) -> str:
    return f"{ore // 100}.{ore % 100:02d}"


def write_journal(path: Path, lines: int) -> int:
    """An hledger journal of about `lines` lines; the number written."""
    out = [f"account Kostnader:Konto{a:04d}" for a in range(ACCOUNTS)]
    for date, account, ore in sorted(_postings(lines)):
        out += [
            f"{date} Leverantör {account}",
            f"    Kostnader:Konto{account:04d}    {_money(ore)} SEK",
            f"    Tillgångar:Bank    -{_money(ore)} SEK",
            "",
        ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def write_beancount(path: Path, lines: int) -> int:
    """A beancount ledger of about `lines` lines; the number written."""
    out = ['option "operating_currency" "SEK"', "2023-01-01 open Assets:Bank SEK"]
    out += [f"2023-01-01 open Expenses:Konto{a:04d} SEK" for a in range(ACCOUNTS)]
    for date, account, ore in sorted(_postings(lines)):
        out += [
            f'{date} * "Leverantör {account}"',
            f"  Expenses:Konto{account:04d}    {_money(ore)} SEK",
            f"  Assets:Bank    -{_money(ore)} SEK",
            "",
        ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def bean_check() -> str | None:
    """bean-check on PATH or beside this Python, if installed."""
    beside = Path(sys.executable).parent / "bean-check"
    return str(beside) if beside.exists() else shutil.which("bean-check")


def peers(
    folder: Path,
    sizes: list[tuple[int, int]],
    mercalc: str,
    generate: Callable[[Path, int], int],
    compare: Callable[..., dict[str, tuple[float, int]]],
    report: Callable[[str, float, float | None, str], None],
    ms: Callable[[float], str],
) -> None:
    """Time mercalc's check and budget json against the peers' check and balance report."""
    hledger, bean = shutil.which("hledger"), bean_check()
    missing = [
        text
        for found, text in (
            (hledger, "hledger (Debian: apt-get install hledger)"),
            (bean, "bean-check (PyPI: pip install beancount)"),
        )
        if not found
    ]
    if missing:
        print(f"Not installed, not compared: {', '.join(missing)}")
    for lines, rounds in sizes:
        books = folder / f"peers-{lines}"
        books.mkdir(exist_ok=True)  # one plan a folder: a folder is one set of books
        plan, journal, beancount = books / "plan.toml", folder / "j.journal", folder / "b.beancount"
        written = generate(plan, lines)
        commands = {
            "check": [mercalc, "check", str(plan)],
            "json": [mercalc, "budget", str(plan), "--format", "json"],
        }
        if hledger:
            write_journal(journal, written)
            commands["hledger check"] = [hledger, "check", "-f", str(journal)]
            commands["hledger bal"] = [hledger, "bal", "-O", "json", "-f", str(journal)]
        if bean:
            write_beancount(beancount, written)
            # beancount keeps what it parsed in a pickle and reads that on the next run (its own
            # cache, warm after the first round); -C reads the text anew, and deletes the cache
            # of the default name, so the cached runs keep theirs under another
            cache = str(folder / "bean-check.picklecache")
            commands["bean-check"] = [bean, "--cache-filename", cache, str(beancount)]
            commands["bean-check -C"] = [bean, "-C", str(beancount)]
        print(f"Peers at {written:,} lines, {rounds} alternating rounds:")
        result = compare(commands, rounds)
        check, json = result["check"][0], result["json"][0]
        big = lines >= 1_000_000
        if bean:
            peer = result["bean-check"][0]
            target = 0.6 if big else 0.8 if lines >= 100_000 else None
            report(
                "mercalc check / bean-check (its cache warm)",
                check / peer,
                target,
                f"{ms(check)} vs {ms(peer)}",
            )
            peer = result["bean-check -C"][0]
            report("mercalc check / bean-check -C (no cache)", check / peer, None, ms(peer))
        if hledger:
            peer = result["hledger check"][0]
            report(
                "mercalc check / hledger check",
                check / peer,
                0.3 if big else None,
                f"{ms(check)} vs {ms(peer)}",
            )
            peer = result["hledger bal"][0]
            report(
                "mercalc budget json / hledger bal -O json",
                json / peer,
                0.25 if big else None,
                f"{ms(json)} vs {ms(peer)}",
            )
        for name, (_, memory) in result.items():
            print(f"  {'peak memory, ' + name:<46} {memory / 1024:6.0f} MiB")
