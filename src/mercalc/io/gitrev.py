"""A file, or its folder, as committed at a git revision: the plan's committed version that
`balance` measures against, and the other side of `diff --rev` (SPEC 16, 17)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _


class RevisionError(Exception):
    """git cannot give the file at the revision; the message is one line to show."""


@dataclass(frozen=True)
class Revision:
    """A git revision of the repository that holds a file."""

    name: str  # as asked: "HEAD", a tag, a hash
    commit: str  # the full hash it names
    date: str  # the commit's date, YYYY-MM-DD


def _git(folder: Path, *arguments: str) -> bytes:
    """git's output for `arguments` run in `folder`; RevisionError with git's own first line."""
    git = shutil.which("git")
    if git is None:
        raise RevisionError(_("git is not installed (not on PATH): a revision cannot be read"))
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *arguments],
            capture_output=True,
            env=environment,
            check=False,
        )
    except OSError as error:
        raise RevisionError(_("git cannot run: {reason}").format(reason=error.strerror)) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(said[0] if said else f"git {arguments[0]}: exit {done.returncode}")
    return done.stdout


def _folder(path: Path) -> Path:
    return path.parent if not path.is_dir() else path


def in_repository(path: Path) -> bool:
    """Whether `path` lies in a git work tree (False where git is not installed)."""
    try:
        inside = _git(_folder(path.resolve()), "rev-parse", "--is-inside-work-tree")
    except RevisionError:
        return False
    return inside.strip() == b"true"


def revision(path: Path, name: str = "HEAD") -> Revision:
    """The commit that `name` names in the repository holding `path`, and its date."""
    folder = _folder(path.resolve())
    if not in_repository(folder):
        if shutil.which("git") is None:
            _git(folder, "--version")  # says that git is not installed
        raise RevisionError(_("{folder} is not in a git repository").format(folder=folder))
    message = _('"{name}" is not a revision of the repository that holds {folder}')
    if not name or name.startswith("-"):  # never an option of git's (--output= writes a file)
        raise RevisionError(message.format(name=name, folder=folder))
    try:
        found = _git(folder, "log", "-1", "--format=%H %cs", f"{name}^{{commit}}", "--")
    except RevisionError:
        raise RevisionError(message.format(name=name, folder=folder)) from None
    words = found.decode("ascii").split()
    if len(words) != 2:
        raise RevisionError(message.format(name=name, folder=folder))
    return Revision(name, words[0], words[1])


def file_at(path: Path, at: Revision) -> bytes | None:
    """The bytes of the file `path` as committed at `at`; None where it was not in that commit."""
    path = path.resolve()
    listed = _git(path.parent, "ls-tree", "--name-only", "-z", at.commit, f"./{path.name}")
    if not listed:
        return None
    return _git(path.parent, "show", f"{at.commit}:./{path.name}")


def folder_at(folder: Path, at: Revision) -> dict[str, bytes]:
    """Every file of `folder` (not its subfolders) as committed at `at`, by name."""
    folder = folder.resolve()
    listed = _git(folder, "ls-tree", "-z", at.commit, "./")
    files: dict[str, bytes] = {}
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _tab, name = entry.partition(b"\t")
        if meta.split()[1] != b"blob":
            continue
        base = os.path.basename(os.fsdecode(name))
        files[base] = _git(folder, "show", f"{at.commit}:./{base}")
    return files


def checkout_folder(folder: Path, at: Revision, into: Path) -> None:
    """Write `folder`'s files as committed at `at` into the empty folder `into`, to be read as
    books of their own."""
    for name, data in folder_at(folder, at).items():
        (into / name).write_bytes(data)


@contextmanager
def checked_out(path: Path, at: Revision) -> Iterator[Path]:
    """The file `path` as committed at `at`, in a temporary copy of its folder as committed
    then (removed afterwards): its books as they stood."""
    with tempfile.TemporaryDirectory(prefix="mercalc-") as folder:
        checkout_folder(path.resolve().parent, at, Path(folder))
        yield Path(folder) / path.name
