"""A file at a git revision: its text and the day it was committed, or a plain reason why not."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mercalc.io.git import committed
from mercalc.problems import PlanError

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Controller",
        "GIT_AUTHOR_EMAIL": "controller@example.se",
        "GIT_COMMITTER_NAME": "Controller",
        "GIT_COMMITTER_EMAIL": "controller@example.se",
        "GIT_AUTHOR_DATE": "2022-11-24T18:00:00+01:00",
        "GIT_COMMITTER_DATE": "2022-11-24T18:00:00+01:00",
    }
    subprocess.run(
        ["git", "-C", str(folder), *args], check=True, capture_output=True, env=environment
    )


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository whose one commit holds `data/2023.toml`, changed since in the worktree."""
    git(tmp_path, "init", "-q")
    plan = tmp_path / "data" / "2023.toml"
    plan.parent.mkdir()
    plan.write_text("# förslag\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "MER-plan 2023")
    plan.write_text("# beslutad\n", encoding="utf-8")
    return tmp_path


def test_the_committed_text_with_its_commit_and_date(repository: Path):
    plan = repository / "data" / "2023.toml"
    version = committed(plan, "HEAD")
    assert (version.text, version.name, version.revision) == (
        "# förslag\n",
        "HEAD:data/2023.toml",
        "HEAD",
    )
    assert version.date == datetime.date(2022, 11, 24)
    assert len(version.commit) == 40


def test_a_path_from_inside_the_folder_is_relative_to_the_repositorys_top(repository, monkeypatch):
    monkeypatch.chdir(repository / "data")
    assert committed(Path("2023.toml")).text == "# förslag\n"


def fails(path: Path | str, revision: str = "HEAD") -> str:
    with pytest.raises(PlanError) as error:
        committed(path, revision)
    return "\n".join(str(problem) for problem in error.value.problems)


def test_what_cannot_be_read_at_a_revision_is_said(repository: Path, tmp_path_factory):
    plan = repository / "data" / "2023.toml"
    assert fails(plan, "v9") == f'{plan}: "v9" is not a revision of the repository'
    assert fails(plan, "--output=x") == f'{plan}: "--output=x" is not a revision'
    later = repository / "data" / "2024.toml"
    later.write_text("", encoding="utf-8")
    assert fails(later) == f"{later}: is not in revision HEAD: it was added later or has moved"
    outside = tmp_path_factory.mktemp("outside") / "2023.toml"
    outside.write_text("", encoding="utf-8")
    assert fails(outside) == (
        f"{outside}: is not in a git repository: there is no revision to compare with"
    )


def test_without_git_on_path_it_says_so(repository: Path, monkeypatch, use_language):
    plan = repository / "data" / "2023.toml"
    monkeypatch.setenv("PATH", str(repository))
    assert fails(plan) == f"{plan}: reading a revision needs git, which is not on PATH: install git"
    use_language("sv")
    assert fails(plan) == (
        f"{plan}: för att läsa en revision behövs git, som inte finns i PATH: installera git"
    )
