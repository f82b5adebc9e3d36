"""The command line's conventions: -h, readable metavariables, Swedish help and usage errors,
contradicting options refused, `new FILE`, and `check`'s one line on a terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SEED_PLAN, run

from mercalc.cli import COMMANDS
from mercalc.cli.conventions import translated_extras

# What a help must never show: Typer's type names and ranges, Click's braces around an argument.
RAW_TYPES = re.compile(r"<[^>\n]*>|\{[^}\n]*\}|\[\d+<=|list\[|\b(?:Path|int|str|bool)\b")


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("command", [*COMMANDS, None])
def test_every_help_takes_h_and_shows_no_raw_type_name(command, language, use_language):
    use_language(language)
    arguments = [command] if command else []
    long, short = run(*arguments, "--help"), run(*arguments, "-h")
    assert long.exit_code == short.exit_code == 0
    assert long.stdout == short.stdout
    assert not RAW_TYPES.findall(long.stdout), long.stdout


@pytest.mark.parametrize("command", [*COMMANDS, None])
def test_swedish_help_speaks_swedish(command, use_language):
    use_language("sv")
    text = run(*([command] if command else []), "--help").stdout
    assert text.startswith("Användning: ")
    assert "Flaggor:" in text and "Visa den här hjälpen och avsluta." in text
    for english in ("Usage:", "Options:", "Arguments:", "Show this", "[default", "[required"):
        assert english not in text


@pytest.mark.parametrize(
    ("arguments", "english", "swedish"),
    [
        (
            ["follow-up", str(SEED_PLAN)],
            "Error: Missing option '--actuals'.",
            "Fel: Flaggan '--actuals' saknas.",
        ),
        (
            ["capital", "--year", "3000"],
            "Error: Invalid value for '--year' / '-y': 3000 is not a year from 1900 to 2200",
            "Fel: Ogiltigt värde för '--year' / '-y': 3000 är inget år från 1900 till 2200",
        ),
        (
            ["budget", str(SEED_PLAN), "--format", "x"],
            "Error: Invalid value for '--format' / '-f': 'x' is not one of 'table', 'json', ",
            "Fel: Ogiltigt värde för '--format' / '-f': 'x' är inte något av 'table', 'json', ",
        ),
        (["budget", "--nosuch"], "Error: No such option: --nosuch", "Fel: Det finns ingen"),
        (["capital", "-y"], "Error: Option '-y' requires an argument.", "Fel: Flaggan '-y' kräver"),
        (["nosuch"], "Error: No such command 'nosuch'.", "Fel: Kommandot 'nosuch' finns inte."),
    ],
)
def test_usage_errors_in_both_languages(arguments, english, swedish, use_language):
    for language, expected, usage in (("en", english, "Usage: "), ("sv", swedish, "Användning: ")):
        use_language(language)
        result = run(*arguments)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr.startswith(usage) or result.stderr.startswith(expected[:4])
        assert expected in result.stderr


def test_mercalc_alone_says_its_help_as_a_usage_error(use_language):
    """The help on stderr and exit 2, as Click answers a group without a command, never the
    help inside an "Error:" line below the usage."""
    for language in ("en", "sv"):
        use_language(language)
        result, help_text = run(), run("--help").stdout
        assert help_text.startswith(("Usage: mercalc [OPTIONS]", "Användning: mercalc [FLAGGOR]"))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", help_text)


def test_a_misspelt_command_is_answered_in_the_users_language(use_language):
    for language, expected in (
        (
            "en",
            "Usage: mercalc [OPTIONS] COMMAND [ARGS]...\nTry 'mercalc --help' for help.\n\n"
            "Error: No such command 'budjet'. Did you mean 'budget'?\n",
        ),
        (
            "sv",
            "Användning: mercalc [FLAGGOR] KOMMANDO [ARGUMENT]...\n"
            "Skriv 'mercalc --help' för hjälp.\n\n"
            "Fel: Kommandot 'budjet' finns inte. Menade du 'budget'?\n",
        ),
    ):
        use_language(language)
        result = run("budjet", str(SEED_PLAN))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


# Click's and Typer's own English words, none of which a Swedish user should meet.
CLICK_WORDS = re.compile(
    r"\b(?:Usage|Error|Try|Did you mean|No such|Missing|Invalid|Option|Options|Arguments|"
    r"Commands|requires|required|default|Aborted|Got unexpected)\b"
)


@pytest.mark.parametrize(
    "arguments",
    [
        ["budjet"],
        ["folow-up"],
        ["follow-up"],
        ["budget", "--formt", "csv"],
        ["budget", "--format"],
        ["budget", str(SEED_PLAN), "--format", "x"],
        ["budget", str(SEED_PLAN), "--explain=3"],
        ["budget", str(SEED_PLAN), "extra"],
        ["capital", "--year", "abc"],
        ["new", "--index"],
        ["--"],
        ["--", "-"],
        ["--", "--formt"],
    ],
)
def test_swedish_usage_errors_hold_no_english_word(arguments, use_language):
    use_language("sv")
    result = run(*arguments)
    assert result.exit_code == 2 and result.stderr.startswith(("Användning: ", "Fel: "))
    assert not CLICK_WORDS.findall(result.stderr), result.stderr


@pytest.mark.parametrize(
    ("typer_s", "swedish"),
    [
        ("The plan.  [default: revised]", "The plan.  [standard: revised]"),
        ("[required]", "[krävs]"),
        ("A file.  [default: a; b; required]", "A file.  [standard: a; b; krävs]"),
        ("One of [a, b]", "One of [a, b]"),
        ("Named [OPTIONS]", "Named [OPTIONS]"),
        ("Without extras.", "Without extras."),
    ],
)
def test_typer_s_default_and_required_after_a_help_text_are_swedish(typer_s, swedish, use_language):
    use_language("sv")
    assert translated_extras(typer_s) == swedish


def test_help_lists_the_commands_in_the_order_of_a_years_work(use_language):
    for language in ("en", "sv"):
        use_language(language)
        text = run("--help").stdout
        listed = [line.split()[0] for line in text.split("\n\n")[-1].splitlines()[1:]]
        assert listed == [
            "new",
            "budget",
            "balance",
            "capital",
            "members",
            "goals",
            "check",
            "diff",
            "follow-up",
            "report",
            *listed[10:],
        ]
        assert listed[10:] == sorted(listed[10:])


@pytest.mark.parametrize(
    ("arguments", "english", "swedish"),
    [
        (
            ["capital", str(SEED_PLAN), "--data-dir", str(DATA)],
            "mercalc capital: FILE and --data-dir contradict each other: give one of them\n",
            "mercalc capital: FIL och --data-dir motsäger varandra: ange bara det ena\n",
        ),
        (
            ["check", str(SEED_PLAN), "--data-dir", str(DATA)],
            "mercalc check: FILE and --data-dir contradict each other: give one of them\n",
            "mercalc check: FIL och --data-dir motsäger varandra: ange bara det ena\n",
        ),
        (
            ["new", str(SEED_PLAN), "--from", "other.toml"],
            "mercalc new: FILE and --from contradict each other: give one of them\n",
            "mercalc new: FIL och --from motsäger varandra: ange bara det ena\n",
        ),
    ],
)
def test_options_that_contradict_each_other_are_bad_input(
    arguments, english, swedish, use_language
):
    for language, expected in (("en", english), ("sv", swedish)):
        use_language(language)
        result = run(*arguments)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_new_takes_its_plan_as_an_argument_and_writes_the_year_after(tmp_path: Path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    result = run("new", folder / "2023.toml")
    assert result.exit_code == 0, result.stderr
    assert (folder / "2024.toml").exists()
    assert result.stdout.startswith(f"Wrote {folder / '2024.toml'}: ")
    again = run("new", "--from", folder / "2023.toml", "-o", tmp_path / "next.toml")
    assert again.exit_code == 0 and (tmp_path / "next.toml").exists()
    assert (tmp_path / "next.toml").read_text() == (folder / "2024.toml").read_text()


def _check_on_a_terminal(*arguments: str, language: str) -> tuple[int, str, bytes]:
    """Run `mercalc check` with stderr on a pseudo-terminal: (exit, stdout, stderr)."""
    main, terminal = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    environment |= {"LANG": {"en": "C.UTF-8", "sv": "sv_SE.UTF-8"}[language]}
    environment["PYTHONPATH"] = str(ROOT / "src")
    result = subprocess.run(
        [sys.executable, "-m", "mercalc", "check", *arguments],
        stdout=subprocess.PIPE,
        stderr=terminal,
        cwd=ROOT,
        env=environment,
        text=True,
        check=False,
    )
    os.close(terminal)
    err = os.read(main, 4096)
    os.close(main)
    return result.returncode, result.stdout, err


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Checked {folder}: 1 plan, no problems found.\r\n"),
        ("sv", "Kontrollerade {folder}: 1 plan, inga problem.\r\n"),
    ],
)
def test_check_says_what_it_checked_on_a_terminal(language, expected, tmp_path):
    shutil.copy(SEED_PLAN, tmp_path / "2023.toml")
    result = _check_on_a_terminal("--data-dir", str(tmp_path), language=language)
    assert result == (0, "", expected.format(folder=tmp_path).encode())


def test_check_is_silent_for_a_script():
    result = run("check", SEED_PLAN)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


INDEXABLE = (
    "Personalkostnader\n  Utrustning/Tjänsteköp\n  Datakommunikation\n"
    "  Licenser och serviceavtal\n  Resor, kurser, tele och hyra\n"  # not the capital line
)


@pytest.mark.parametrize(
    ("index", "english", "swedish"),
    [
        (
            ["Personal=3"],
            'no line is named "Personal": did you mean "Personalkostnader"? The lines that can be '
            "indexed:\n  " + INDEXABLE,
            'ingen rad heter "Personal": menade du "Personalkostnader"? Raderna som kan räknas '
            "upp:\n  " + INDEXABLE,
        ),
        (
            ["Xyzzy=3"],
            'no line is named "Xyzzy"; the lines that can be indexed:\n  ' + INDEXABLE,
            'ingen rad heter "Xyzzy"; raderna som kan räknas upp:\n  ' + INDEXABLE,
        ),
        (
            ["Datakommunikation=3", "Datakommunikation=4"],
            '"Datakommunikation" is given twice with --index: give each line once\n',
            '"Datakommunikation" anges två gånger med --index: ange varje rad en gång\n',
        ),
    ],
)
def test_index_names_a_line_exactly(index, english, swedish, tmp_path, use_language):
    shutil.copy(SEED_PLAN, tmp_path / "2023.toml")
    options = [part for item in index for part in ("--index", item)]
    for language, message in (("en", english), ("sv", swedish)):
        use_language(language)
        result = run("new", tmp_path / "2023.toml", *options)
        expected = f"{tmp_path / '2023.toml'}: {message}"
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
        assert not (tmp_path / "2024.toml").exists()


def _on_a_terminal(arguments: list[str], columns: int, **environment: str) -> str:
    """stdout of `mercalc ARGUMENTS` on a pseudo-terminal `columns` wide, colours removed."""
    import fcntl
    import struct
    import termios

    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    variables = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    variables |= {"PYTHONPATH": str(ROOT / "src"), **environment}
    process = subprocess.Popen(
        [sys.executable, "-m", "mercalc", *arguments], stdout=terminal, cwd=ROOT, env=variables
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait() == 0
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


INVESTMENTS = [
    ("Gemensam IT-invest", "3 000", "519"),
    ("IT-invest Lekeberg", "3 004", "434"),
    ("IT-invest Laxå", "1 686", "233"),
    ("IT-invest Askersund", "2 452", "322"),
    ("IT-invest Hallsberg", "1 953", "256"),
]


@pytest.mark.parametrize("colour", [True, False], ids=["rich", "plain"])
@pytest.mark.parametrize("columns", [60, 80])
def test_a_narrow_terminal_wraps_names_and_never_cuts_a_figure(columns, colour):
    environment = {} if colour else {"NO_COLOR": "1"}
    text = _on_a_terminal(["capital", "--year", "2023"], columns, **environment)
    lines = text.splitlines()
    assert max(map(len, lines)) <= columns and "…" not in text
    table = [line for line in lines if line.startswith(" ") and "─" not in line]
    # a name ends at two spaces, or at one before the month it was activated
    labels = " ".join(re.split(r"  | (?=\d{4}-\d\d)", line[1:])[0].strip() for line in table)
    for name, amount, cost in INVESTMENTS:
        figure = amount.replace(" ", "\u00a0")
        assert name in labels  # every word of the name, in order, where it wraps
        row = next(
            line for line in table if line[1:].startswith(name.split()[0]) and figure in line
        )
        assert row.rstrip().endswith(cost.replace(" ", "\u00a0"))
    assert "12\u00a0095" in text and "1\u00a0764" in text


@pytest.mark.parametrize("colour", [True, False], ids=["rich", "plain"])
def test_a_terminal_that_reports_no_width_gets_the_table_at_80_columns(colour):
    environment = {} if colour else {"NO_COLOR": "1"}
    text = _on_a_terminal(["capital", "--year", "2023"], 0, **environment)
    assert text.startswith("Kapitalkostnader 2023, internränta 1,25\u00a0%\n")
    assert max(map(len, text.splitlines())) <= 80 and "Totalt" in text
    assert _on_a_terminal(["capital", "--year", "2023"], 80, **environment) == text


@pytest.mark.parametrize("columns", [1, 7, 30])
def test_no_terminal_is_too_narrow_for_a_table(columns):
    text = _on_a_terminal(["budget", str(SEED_PLAN)], columns, NO_COLOR="1")
    assert "41\u00a0391" in text


def test_rich_and_the_plain_renderer_lay_out_a_narrow_table_alike():
    from conftest import seed_reports

    from mercalc.views.plaintable import to_plain_table
    from mercalc.views.richtable import to_rich_table

    for report in seed_reports():
        for width in (60, 80, 100):
            plain = to_plain_table(report, width)
            assert plain == to_rich_table(report, width=width), (report.title, width)
            if len(report.columns) <= 8:  # more columns than 60 characters hold may go wider
                assert max(map(len, plain.splitlines())) <= width, (report.title, width)


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (["capital", "--year", "1990"], "Inga investeringar med kapitalkostnad 1990.\n"),
        (["capital", "--year", "2150"], "Inga investeringar med kapitalkostnad 2150.\n"),
        (["goals", str(SEED_PLAN), "--year", "1990"], "Inga mål eller utfall 1990.\n"),
        (["goals", str(SEED_PLAN), "--year", "2150"], "Inga mål eller utfall 2150.\n"),
    ],
)
def test_a_year_with_nothing_to_show_says_so_in_one_line(arguments, line):
    for fmt in ("table", "markdown"):
        result = run(*arguments, "--format", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (0, line, "")


PERCENT_PLAN = """[plan]
organisation = "Testnämnd"
year = 2023
plan_years = [2024]

[[contribution]]
name = "A"
budget = 10

[[cost]]
name = "B"
budget = 10

[[goal]]
council_goal = "Ett mål"
[[goal.indicator]]
name = "Sjukfrånvaro"
unit = "{unit}"
baseline = "6,5%"
direction = "at_most"
targets = {{ 2023 = "6.5 %", 2024 = 6 }}
outcomes = {{ 2023 = "7,25 %" }}
"""


def test_a_percentage_may_be_written_as_text_where_the_unit_is_percent(write_plan):
    result = run("goals", write_plan(PERCENT_PLAN.format(unit="%"), "2023.toml"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    indicator = json.loads(result.stdout)["goals"][0]["indicators"][0]
    assert (indicator["baseline"], indicator["targets"], indicator["outcomes"]) == (
        6.5,
        {"2023": 6.5, "2024": 6},
        {"2023": 7.25},
    )


def test_a_percentage_as_text_is_bad_input_in_another_unit(write_plan):
    path = write_plan(PERCENT_PLAN.format(unit="st"), "2023.toml")
    result = run("goals", path)
    assert result.exit_code == 2
    assert f'{path}:19: goal[0].indicator[0].baseline: must be a number, not text ("6,5%")\n' in (
        result.stderr
    )


def test_a_run_registers_the_command_it_runs_and_every_command_otherwise():
    """`mercalc budget …` loads budget alone; a misspelt command still hears of every command."""
    from mercalc.cli import commands_run

    assert commands_run(["budget", str(SEED_PLAN)]) == ("budget",)
    assert commands_run(["--debug", "follow-up", "-h"]) == ("follow-up",)
    for arguments in ([], ["--help", "budget"], ["budjet"], ["--", "budget"]):
        assert commands_run(arguments) == COMMANDS
    code = (
        "import sys\nfrom mercalc.__main__ import run\ntry:\n    run()\nfinally:\n"
        "    print(sorted(m for m in sys.modules if m.startswith('mercalc.cli.')))"
    )
    environment = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    budget, misspelt = (
        subprocess.run(
            [sys.executable, "-c", code, *arguments],
            capture_output=True,
            text=True,
            env=environment,
            cwd=ROOT,
        )
        for arguments in (["budget", str(SEED_PLAN)], ["budjet"])
    )
    assert budget.returncode == 0, budget.stderr
    loaded = budget.stdout.splitlines()[-1]
    assert "'mercalc.cli.budget'" in loaded
    others = [c.replace("-", "") for c in COMMANDS if c != "budget"]
    assert not [module for module in others if f"'mercalc.cli.{module}'" in loaded]
    assert misspelt.returncode == 2
    assert "Did you mean 'budget'?" in misspelt.stderr
