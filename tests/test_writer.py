"""`-o`: a device or FIFO is written into, never replaced; a plan of the books is replaced only
with --force; a long name works; whatever stops a write leaves the old file or the new one."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import SEED_PLAN, run

from mercalc.io.writer import OutputError, write_atomically
from mercalc.problems import readable_name

ROOT = os.geteuid() == 0


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device to write to: as root a node of its own, made like /dev/null (a test
    that failed must not replace the system's); otherwise /dev/null, which only root could."""
    if not ROOT:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def test_a_device_is_written_into_and_stays_a_device(device: Path):
    before = os.stat(device)
    result = run("budget", SEED_PLAN, "-o", device)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    new = run("new", "--from", SEED_PLAN, "--year", "2024", "-o", device)
    assert new.exit_code == 0 and stat.S_ISCHR(os.stat(device).st_mode)


def test_a_fifo_gets_the_report_as_a_stream_and_stays_a_fifo(tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("budget", SEED_PLAN, "-f", "csv", "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0
    assert received[0] == run("budget", SEED_PLAN, "-f", "csv").stdout.encode()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["fifo"]


@pytest.mark.skipif(not ROOT, reason="only root can make a block device node")
def test_a_block_device_is_never_written(tmp_path: Path):
    node = tmp_path / "disk"
    os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 7))
    result = run("budget", SEED_PLAN, "-o", node)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{node}: is a block device or a socket: write to a file, a character device or a FIFO\n",
    )
    assert stat.S_ISBLK(os.stat(node).st_mode)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        ("", "a plan"),
        ("# Next year's plan, a draft\n\n", "a plan"),
        ("\ufeff", "a plan"),
        ('[register]\norganisation = "X"\n\n', "the register"),
    ],
)
def test_a_plan_or_the_register_of_the_books_is_replaced_only_with_force(
    tmp_path: Path, plan_text: str, head: str, kind: str
):
    books = tmp_path / "data"
    books.mkdir()
    target = books / "2024.toml"
    text = head + plan_text.replace("year = 2023", "year = 2024")
    target.write_text(text, encoding="utf-8")
    for command in (["budget", SEED_PLAN], ["goals", SEED_PLAN], ["report", SEED_PLAN]):
        result = run(*command, "-o", target)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1,
            "",
            f"{target}: is {kind}: left as it is (--force replaces it)\n",
        )
        assert target.read_text(encoding="utf-8") == text
    result = run("capital", "--data-dir", SEED_PLAN.parent, "-o", target)
    assert result.exit_code == 1
    assert run("budget", SEED_PLAN, "-o", target, "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("Driftbudget 2023")


def test_other_toml_files_are_replaced_as_any_report(tmp_path: Path):
    target = tmp_path / "budget.toml"
    target.write_text('[tool]\nname = "x"\n', encoding="utf-8")
    assert run("budget", SEED_PLAN, "-o", target).exit_code == 0


def test_a_name_as_long_as_the_file_system_allows_is_written(tmp_path: Path):
    longest = tmp_path / ("b" * 250 + ".csv")
    result = run("budget", SEED_PLAN, "-f", "csv", "-o", longest)
    assert (result.exit_code, result.stderr) == (0, "")
    assert longest.read_text(encoding="utf-8").startswith("kind,Post,")
    assert sorted(os.listdir(tmp_path)) == [longest.name]


def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path: Path):
    too_long = tmp_path / ("b" * 300 + ".csv")
    for command in (
        ["budget", SEED_PLAN, "-o", too_long],
        ["new", "--from", SEED_PLAN, "-y", "2024", "-o", too_long],
    ):
        result = run(*command)
        shown = readable_name(str(too_long))  # the name cut to a readable length
        assert shown.endswith("b" * 36 + ".csv") and "…" in shown and len(shown) == 120
        assert (result.exit_code, result.stderr) == (
            2,
            f"{shown}: the file name is too long for the file system\n",
        )
    assert os.listdir(tmp_path) == []


def test_a_link_is_followed_and_stays_a_link(tmp_path: Path):
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run("budget", SEED_PLAN, "-f", "markdown", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("**Driftbudget")


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(target, b"new\n")
    assert (target.read_bytes(), stat.S_IMODE(target.stat().st_mode)) == (b"new\n", 0o640)


@pytest.mark.parametrize("stop", ["fsync", "replace", "link", "write"])
@pytest.mark.parametrize("exception", [KeyboardInterrupt, SystemExit, OSError, MemoryError])
def test_whatever_stops_a_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch, stop: str, exception: type[BaseException]
):
    target = tmp_path / "out.txt"
    if stop != "link":  # link is how a new file is put in place; replace, an existing one
        target.write_bytes(b"old\n")

    def stopped(*_args):
        raise exception(28, "No space left on device") if exception is OSError else exception()

    monkeypatch.setattr(os, stop, stopped)
    with pytest.raises(OutputError if exception is OSError else exception):
        write_atomically(target, b"new\n")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == (["out.txt"] if stop != "link" else [])
    if stop != "link":
        assert target.read_bytes() == b"old\n"
