"""A command that writes a file says so on a terminal ("Wrote X" / "Skrev X" on stderr), and
says nothing to a script or with -q; a document is never poured onto a terminal."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, run

LANGUAGES = {"en": ("C.UTF-8", "Wrote"), "sv": ("sv_SE.UTF-8", "Skrev")}


def on_a_terminal(
    arguments: list[str | Path], *, language: str = "en", stdout_too: bool = False
) -> tuple[int, bytes, bytes]:
    """Run mercalc with stderr (and stdout, if asked) on pseudo-terminals: (exit, out, err)."""
    main, terminal = pty.openpty()
    out_main, out_terminal = pty.openpty() if stdout_too else (None, None)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    environment |= {"LANG": LANGUAGES[language][0], "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.run(
        [sys.executable, "-m", "mercalc", *map(str, arguments)],
        stdout=out_terminal if stdout_too else subprocess.PIPE,
        stderr=terminal,
        cwd=ROOT,
        env=environment,
        check=False,
    )
    os.close(terminal)
    out = process.stdout or b""
    if stdout_too:
        os.close(out_terminal)
        out = read_all(out_main)
    return process.returncode, out, read_all(main)


def read_all(terminal: int) -> bytes:
    """What a closed pseudo-terminal holds (reading past its end is an error on Linux)."""
    chunks = []
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(terminal)
    return b"".join(chunks)


@pytest.fixture
def books(tmp_path: Path) -> Path:
    """A copy of the data folder, with a ledger export beside it."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (tmp_path / "utfall.csv").write_text("konto;period;belopp\n", encoding="utf-8")
    return folder


def writing_commands(books: Path) -> list[tuple[list[str | Path], Path]]:
    """Every command that writes a file, and the file it writes."""
    plan, out = books / "2023.toml", books.parent
    actuals = ["--actuals", out / "utfall.csv", "--through", "2023-01"]
    return [
        (["budget", plan, "-o", out / "budget.xlsx"], out / "budget.xlsx"),
        (["budget", plan, "-o", out / "budget.csv"], out / "budget.csv"),
        (["capital", "--data-dir", books, "-o", out / "capital.md"], out / "capital.md"),
        (["goals", plan, "-o", out / "goals.json"], out / "goals.json"),
        (["members", plan, "-o", out / "members.txt"], out / "members.txt"),
        (["follow-up", plan, *actuals, "-o", out / "follow.csv"], out / "follow.csv"),
        (["report", plan, "-o", out / "mer-plan.html"], out / "mer-plan.html"),
        (["report", plan, "-o", out / "mer-plan.xlsx"], out / "mer-plan.xlsx"),
    ]


def test_every_command_that_writes_a_file_says_so_on_a_terminal(books):
    for number, (arguments, written) in enumerate(writing_commands(books)):
        language = ("en", "sv")[number % 2]
        word = LANGUAGES[language][1]
        code, _, err = on_a_terminal(arguments, language=language)
        assert (code, err) == (0, f"{word} {written}\r\n".encode()), arguments
        assert written.exists()


def test_with_quiet_a_command_that_writes_says_nothing(books):
    for number, (arguments, written) in enumerate(writing_commands(books)):
        quiet = "--quiet" if number % 2 else "-q"
        written.unlink(missing_ok=True)
        assert on_a_terminal([*arguments, quiet]) == (0, b"", b""), arguments
        assert written.exists()


def test_a_script_is_told_nothing_of_the_file_written(books):
    for arguments, written in writing_commands(books):
        result = run(*arguments)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), arguments
        assert written.exists()


def test_balance_says_what_it_wrote_after_its_changes(books):
    plan = books / "2023.toml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("budget = 9755", "budget = 9700", 1),
        encoding="utf-8",
    )
    code, _, err = on_a_terminal(["balance", plan], language="sv")
    assert code == 0
    assert err.decode().endswith(f"\r\nSkrev {plan}\r\n")
    assert "Lekeberg: 9\u00a0700 → " in err.decode()
    holds = f"{plan}: the plan holds already: nothing to change\r\n".encode()
    assert on_a_terminal(["balance", plan]) == (0, b"", holds)  # balanced: nothing written
    text = plan.read_text(encoding="utf-8").replace("budget = 9755", "budget = 9700", 1)
    plan.write_text(text, encoding="utf-8")
    assert b"Wrote" not in on_a_terminal(["balance", plan, "-q"])[2]
    assert on_a_terminal(["balance", plan, "--dry-run"])[2] == holds  # balanced by -q's run


def test_new_says_what_it_wrote_in_the_words_every_command_uses(books):
    code, out, err = on_a_terminal(["new", books / "2023.toml"], language="sv")
    assert (code, err) == (0, b"")
    assert out.decode().startswith(f"Skrev {books / '2024.toml'}: Sydnärkes IT-nämnd, ")
    (books / "2024.toml").unlink()
    assert on_a_terminal(["new", books / "2023.toml", "-q"]) == (0, b"", b"")
    assert (books / "2024.toml").exists()


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ["report", DATA / "2023.toml"],
            "mercalc: html is a file, not for a terminal: give -o FILE.html",
        ),
        (
            ["report", DATA / "2023.toml", "-f", "pdf"],
            "mercalc: pdf is a file, not for a terminal: give -o FILE.pdf",
        ),
        (
            ["budget", DATA / "2023.toml", "-f", "xlsx"],
            "mercalc: xlsx is a file, not for a terminal: give -o FILE.xlsx",
        ),
    ],
)
def test_a_document_is_never_poured_onto_a_terminal(arguments, expected):
    code, out, err = on_a_terminal(arguments, stdout_too=True)
    assert (code, out, err) == (2, b"", f"{expected}\r\n".encode())


def test_a_document_piped_goes_on_as_it_is():
    result = run("report", DATA / "2023.toml")
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
