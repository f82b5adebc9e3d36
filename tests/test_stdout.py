"""stdout that cannot take the report: one line and exit 74 on every path, never a cut-off
report with exit 0; UTF-8 whatever the locale; a reader that has gone ends the run quietly."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED_PLAN

from mercalc.io import stdout
from mercalc.io.writer import write_all

FULL = "mercalc: cannot write the output: No space left on device\n"
CLOSED = "mercalc: cannot write the output: stdout is closed\n"
SRC = str(Path(__file__).resolve().parent.parent / "src")


def mercalc(*args: object, **options) -> subprocess.CompletedProcess:
    """`python -m mercalc ARGS` in a process of its own, as a user runs it."""
    environment = {**os.environ, "PYTHONPATH": SRC, **options.pop("env", {})}
    environment.pop("PYTHONUNBUFFERED", None)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "mercalc", *map(str, args)], env=environment, **options
    )


def each(run, cases: list) -> list:
    """`run(case)` for every case, side by side: each is a process of its own."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(run, cases))


def every_path(folder: Path) -> list[list[object]]:
    """Every command that prints, and the ways to ask for help and the version."""
    return [
        ["budget", SEED_PLAN],
        ["budget", SEED_PLAN, "-f", "json"],
        ["capital", SEED_PLAN],
        ["goals", SEED_PLAN, "-f", "csv"],
        ["report", SEED_PLAN, "-f", "markdown"],
        ["new", "--from", SEED_PLAN, "--year", "2024", "-o", folder / "2024.toml", "--force"],
        ["--help"],
        ["--version"],
        ["budget", "--help"],
        ["budget", SEED_PLAN, "--version"],
        ["members", SEED_PLAN],
        ["follow-up", SEED_PLAN, "--actuals", outcomes(folder)],
    ]


def outcomes(folder: Path) -> Path:
    """A ledger export of one row (its account belongs to no line: exit 1 after the table)."""
    path = folder / "utfall.csv"
    path.write_text("konto;period;belopp\n4010;2023-08;100\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_disk_is_one_line_and_exit_74_on_every_path(tmp_path):
    def run(arguments):
        narrow = arguments == ["--help", 60]
        with open("/dev/full", "wb") as full:
            environment = {"COLUMNS": "60"} if narrow else {}
            return mercalc(
                *arguments[: 1 if narrow else None], stdout=full, text=True, env=environment
            )

    cases = [*every_path(tmp_path), ["--help", 60]]  # at 60 columns, Typer's own help
    for arguments, result in zip(cases, each(run, cases), strict=True):
        assert (result.returncode, result.stderr) == (74, FULL), arguments


def test_a_closed_stdout_is_one_line_and_exit_74(tmp_path):
    def run(arguments):
        return mercalc(*arguments, text=True, preexec_fn=lambda: os.close(1))

    cases = every_path(tmp_path)
    for arguments, result in zip(cases, each(run, cases), strict=True):
        assert (result.returncode, result.stderr) == (74, CLOSED), arguments
    # a command with nothing to print needs no stdout
    quiet = mercalc("check", SEED_PLAN, text=True, preexec_fn=lambda: os.close(1))
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_a_read_only_stdout_is_one_line_and_exit_74(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes(b"")
    with open(path, "rb") as read_only:
        result = mercalc("budget", SEED_PLAN, stdout=read_only, text=True)
    assert (result.returncode, result.stderr) == (
        74,
        "mercalc: cannot write the output: Bad file descriptor\n",
    )


@pytest.fixture(scope="module")
def large_plan(tmp_path_factory) -> Path:
    """The seed plan with 25 000 cost lines more: a table of 1.8 MB, 28 times a pipe's buffer."""
    path = tmp_path_factory.mktemp("large") / "2023.toml"
    lines = "".join(f'[[cost]]\nname = "Rad {i}"\nbudget = 0\n\n' for i in range(25_000))
    path.write_text(SEED_PLAN.read_text(encoding="utf-8") + lines, encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_non_blocking_pipe_gets_every_byte(large_plan, tmp_path):
    expected = mercalc("budget", large_plan, stdout=subprocess.PIPE).stdout
    assert len(expected) > 1_500_000
    reader, writer = os.pipe()
    os.set_blocking(writer, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "mercalc", "budget", str(large_plan)],
        stdout=writer,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    os.close(writer)
    time.sleep(1)  # the pipe is full long before anyone reads it
    received = bytearray()
    with os.fdopen(reader, "rb") as stream:
        while chunk := stream.read(65536):
            received += chunk
    assert (process.wait(), process.stderr.read()) == (0, b"")
    assert bytes(received) == expected


def test_a_reader_that_has_gone_ends_the_run_quietly(large_plan):
    process = subprocess.Popen(
        [sys.executable, "-m", "mercalc", "budget", str(large_plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": SRC},
    )
    assert process.stdout.read(100)
    process.stdout.close()  # `| head`
    assert (process.wait(), process.stderr.read()) == (1, b"")


def test_tables_are_utf8_whatever_the_locale(tmp_path):
    folders = {"utf-8": tmp_path / "utf8", "ascii": tmp_path / "ascii"}
    environments = {
        "utf-8": {"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"},
        "ascii": {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii:strict"},
    }
    for folder in folders.values():
        folder.mkdir()

    def run(case):
        encoding, index = case
        arguments = every_path(folders[encoding])[index]
        return mercalc(*arguments, stdout=subprocess.PIPE, env=environments[encoding])

    cases = [(encoding, index) for encoding in folders for index in range(6)]
    results = dict(zip(cases, each(run, cases), strict=True))
    for (encoding, index), result in results.items():
        assert (result.returncode, result.stderr) == (0, b""), (encoding, index)
        expected = results["utf-8", index].stdout.replace(
            b"/utf8/", f"/{folders[encoding].name}/".encode()
        )
        assert result.stdout == expected, (encoding, index)
        assert not result.stdout.isascii()  # Swedish words, as UTF-8


def test_problems_with_names_reach_a_strict_ascii_stderr(tmp_path):
    plan = tmp_path / "plan.toml"
    text = SEED_PLAN.read_text(encoding="utf-8").replace("budget = 9755", "budget = 9756", 1)
    plan.write_text(text, encoding="utf-8")
    result = mercalc("check", plan, env={"PYTHONIOENCODING": "ascii:strict"}, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_every_byte_is_written_through_short_writes_and_a_full_pipe(monkeypatch):
    reader, writer = os.pipe()
    calls = []
    real_write = os.write

    def reluctant(fd, data):
        calls.append(len(data))
        if len(calls) % 2:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_write(fd, bytes(data[:3]))  # a short write

    monkeypatch.setattr(os, "write", reluctant)
    write_all(writer, "Laxå 1 234\n".encode())
    monkeypatch.undo()
    os.close(writer)
    assert os.read(reader, 100) == "Laxå 1 234\n".encode()
    assert len(calls) == 8


def test_a_stream_in_memory_gets_utf8_and_its_failure_is_exit_74(monkeypatch, capsys):
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="ascii"))
    stdout.write("Laxå\n")
    assert buffer.getvalue() == "Laxå\n".encode()

    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(Full())))
    with pytest.raises(stdout.StdoutError) as caught:
        stdout.write("x")
    assert stdout.fail(caught.value) == 74
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(stdout.StdoutError, match="stdout is closed"):
        stdout.write("x")
    monkeypatch.undo()
    assert capsys.readouterr().err == FULL
