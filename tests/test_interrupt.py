"""Ctrl-C at any moment: at most one line, no traceback, exit 130, no temporary file left, and
the target either the old file or the new one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SEED_PLAN

SRC = str(Path(__file__).resolve().parent.parent / "src")
ENVIRONMENT = {**os.environ, "PYTHONPATH": SRC}


def _command(folder: Path) -> list[str]:
    source = folder / "2023.toml"
    return [sys.executable, "-m", "mercalc", "new", "--from", str(source), "-y", "2024", "--force"]


def _handler_installed(pid: int) -> bool:
    """Whether the process catches SIGTERM: `run` installs its handlers for SIGINT, then SIGTERM,
    as its first thing (before that, Python itself is starting)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True  # already over
    caught = int(status.split("SigCgt:")[1].split()[0], 16)
    return bool(caught >> (signal.SIGTERM - 1) & 1)


def _default_interrupts() -> None:
    """Ctrl-C as a terminal's foreground process gets it (a background shell ignores it, and a
    process that finds it ignored leaves it so)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


def _interrupted_run(folder: Path, delay: float) -> tuple[subprocess.Popen, bytes, bytes]:
    process = subprocess.Popen(
        _command(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
        preexec_fn=_default_interrupts,
    )
    while not _handler_installed(process.pid):
        time.sleep(0.0005)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate()
    return process, out, err


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_forty_interrupts_at_random_moments_of_new(tmp_path: Path, plan_text: str):
    folders = []
    for number in range(40):
        folder = tmp_path / f"books{number}"
        folder.mkdir()
        (folder / "2023.toml").write_text(plan_text, encoding="utf-8")
        folders.append(folder)
    started = time.monotonic()
    subprocess.run(
        _command(folders[0]),
        env=ENVIRONMENT,
        check=True,
        capture_output=True,
        preexec_fn=_default_interrupts,
    )
    duration = time.monotonic() - started
    new = (folders[0] / "2024.toml").read_bytes()
    old = b"# the plan as it was\n" + new
    for folder in folders:
        (folder / "2024.toml").write_bytes(old)
    # within the run (a busy machine makes one run take longer than another)
    delays = [random.uniform(0, duration * 0.7) for _ in folders]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(_interrupted_run, folders, delays))
    statuses = []
    for folder, (process, _out, err) in zip(folders, results, strict=True):
        assert sorted(os.listdir(folder)) == ["2023.toml", "2024.toml"], folder
        assert (folder / "2024.toml").read_bytes() in (old, new), folder
        if process.returncode == 0:  # done before the interrupt came
            assert err == b"", err.decode()
        else:
            assert (process.returncode, err.decode()) == (130, "mercalc: interrupted\n")
        statuses.append(process.returncode)
    assert statuses.count(130) >= 10, statuses  # most interrupts came during the run


def test_an_interrupt_while_the_plan_is_written_leaves_the_old_one(
    tmp_path, monkeypatch, keep_signals
):
    """The moment that matters, made certain: the interrupt arrives as the data is written."""
    from mercalc.__main__ import run as entry

    folder = tmp_path
    (folder / "2023.toml").write_bytes(SEED_PLAN.read_bytes())
    (folder / "2024.toml").write_bytes(b"# old\n")
    real_fsync = os.fsync

    def interrupted_fsync(fd):
        real_fsync(fd)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler raises here

    signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever started pytest
    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    monkeypatch.setattr(sys, "argv", ["mercalc", *_command(folder)[3:]])
    with pytest.raises(SystemExit) as exited:
        entry()
    assert exited.value.code == 130
    assert sorted(os.listdir(folder)) == ["2023.toml", "2024.toml"]
    assert (folder / "2024.toml").read_bytes() == b"# old\n"


def test_an_interrupt_wrapped_in_another_error_is_still_an_interrupt(
    monkeypatch, capsys, keep_signals
):
    """Python wraps an exception raised while a class is made (`__set_name__`) in a
    RuntimeError: Ctrl-C at that moment is an interrupt all the same, not an internal error."""
    from mercalc.__main__ import run as entry
    from mercalc.books import loader

    class Interrupting:
        def __set_name__(self, owner, name):
            os.kill(os.getpid(), signal.SIGINT)  # the handler raises here

    def load(*_args):
        type("Made", (), {"field": Interrupting()})

    signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(loader, "load", load)
    monkeypatch.setattr(sys, "argv", ["mercalc", "budget", str(SEED_PLAN)])
    with pytest.raises(SystemExit) as exited:
        entry()
    assert (exited.value.code, capsys.readouterr().err) == (130, "mercalc: interrupted\n")


def test_an_interrupt_where_python_cannot_raise_it_still_ends_the_run(
    monkeypatch, capsys, keep_signals
):
    """Raised in a finalizer, an exception is only printed as "Exception ignored": Ctrl-C there
    comes again where it can be raised, and no traceback is shown."""
    from mercalc.__main__ import run as entry
    from mercalc.books import loader

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)  # the handler raises here, inside __del__

    real_load = loader.load

    def load(*args):
        Finalized()  # made and finalized at once
        return real_load(*args)

    signal.signal(signal.SIGINT, signal.default_int_handler)
    monkeypatch.setattr(loader, "load", load)
    monkeypatch.setattr(sys, "argv", ["mercalc", "budget", str(SEED_PLAN)])
    with pytest.raises(SystemExit) as exited:
        entry()
    captured = capsys.readouterr()
    assert (exited.value.code, captured.err, captured.out) == (130, "mercalc: interrupted\n", "")


def _interrupted_at_start(folder: Path, delay: float) -> tuple[int, bytes]:
    """`mercalc --help` interrupted `delay` seconds after its first handler is in place (while
    the rest of the command is still being imported)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mercalc", "budget", str(folder / "2023.toml")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
        preexec_fn=_default_interrupts,
    )
    while not _handler_installed(process.pid):
        time.sleep(0.0002)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate()
    return process.returncode, err


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_an_interrupt_while_the_command_is_still_imported_is_one_line(tmp_path: Path, plan_text):
    """The handler is there before anything heavy is imported; a signal that comes before the
    run starts is kept and answered when it does."""
    (tmp_path / "2023.toml").write_text(plan_text, encoding="utf-8")
    delays = [random.uniform(0, 0.01) for _ in range(16)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda delay: _interrupted_at_start(tmp_path, delay), delays))
    for status, err in results:
        assert (status, err.decode()) == (130, "mercalc: interrupted\n")


def test_the_package_imports_nothing_before_the_command_can_answer_an_interrupt():
    """The console script imports the package, then `mercalc.__main__`, whose first statement
    takes the interrupts: until then nothing may be imported that takes time."""
    script = (
        "import sys, signal\n"
        "before = set(sys.modules)\n"
        "import mercalc\n"
        "print(sorted(set(sys.modules) - before))\n"
        "import mercalc.__main__ as entry\n"
        "print(signal.getsignal(signal.SIGINT) is entry._keep)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=ENVIRONMENT, capture_output=True, text=True, check=True
    )
    assert done.stdout == "['mercalc']\nTrue\n"
