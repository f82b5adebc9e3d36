"""A file and its folder as committed at a git revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mercalc.io.gitrev import RevisionError, file_at, folder_at, in_repository, revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    books = tmp_path / "data"
    books.mkdir()
    (books / "2023.toml").write_text("first\n", encoding="utf-8")
    (books / "register.toml").write_text("register\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "The adopted plan")
    (books / "2023.toml").write_text("edited\n", encoding="utf-8")
    return books


def test_the_file_reads_as_committed_not_as_edited(repository: Path) -> None:
    head = revision(repository / "2023.toml")
    assert head.name == "HEAD" and len(head.commit) == 40
    assert len(head.date) == 10 and head.date[4] == "-"
    assert file_at(repository / "2023.toml", head) == b"first\n"
    assert file_at(repository / "2024.toml", head) is None


def test_the_folder_reads_as_committed(repository: Path) -> None:
    (repository / "2024.toml").write_text("new\n", encoding="utf-8")
    head = revision(repository / "2023.toml")
    assert folder_at(repository, head) == {"2023.toml": b"first\n", "register.toml": b"register\n"}


def test_outside_a_repository_and_an_unknown_revision_are_one_line(
    repository: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("plain") / "2023.toml"
    elsewhere.write_text("x\n", encoding="utf-8")
    assert in_repository(repository) and not in_repository(elsewhere)
    with pytest.raises(RevisionError, match="is not in a git repository"):
        revision(elsewhere)
    with pytest.raises(RevisionError, match='"v9" is not a revision'):
        revision(repository / "2023.toml", "v9")


@pytest.mark.parametrize("name", ["--output=written", "-p", ""])
def test_a_revision_is_never_an_option_of_git(repository: Path, name: str) -> None:
    with pytest.raises(RevisionError, match=f'"{name}" is not a revision'):
        revision(repository / "2023.toml", name)
    assert not list(repository.glob("written*")) and not list(repository.parent.glob("written*"))
