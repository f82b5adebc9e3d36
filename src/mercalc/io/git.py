"""A file as a git revision holds it: the plan's committed version, or any earlier one."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..problems import PlanError, Problem
from .files import MAX_SIZE, decoded


@dataclass(frozen=True)
class Committed:
    """A file's text at a revision, with the revision's commit and the day it was committed."""

    text: str
    name: str  # as git names it, `HEAD:data/2023.toml`: problems of this text point to it
    revision: str  # as asked for
    commit: str
    date: datetime.date


def committed(path: Path | str, revision: str = "HEAD") -> Committed:
    """`path` as `revision` of its repository holds it (`git show REV:path`, the path relative to
    the repository's top); PlanError saying plainly why not (no git, outside a repository, no
    such revision, the file not in it)."""
    path = Path(path)
    name = str(path)
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n"):
        raise _error(name, _('"{revision}" is not a revision').format(revision=revision))
    git = shutil.which("git")
    if git is None:
        raise _error(name, _("reading a revision needs git, which is not on PATH: install git"))
    folder = _absolute(path).parent
    top = _git(git, folder, "rev-parse", "--show-toplevel")
    if top is None:
        raise _error(name, _("is not in a git repository: there is no revision to compare with"))
    relative = _relative(path, Path(top.decode("utf-8", "surrogateescape").strip()))
    if relative is None:
        raise _error(name, _("is not in a git repository: there is no revision to compare with"))
    commit = _git(git, folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        message = _('"{revision}" is not a revision of the repository').format(revision=revision)
        raise _error(name, message)
    commit_id = commit.decode("ascii").strip()
    data = _git(git, folder, "show", f"{commit_id}:{relative}")
    if data is None:
        message = _("is not in revision {revision}: it was added later or has moved").format(
            revision=revision
        )
        raise _error(name, message)
    shown = f"{revision}:{relative}"
    if len(data) > MAX_SIZE:
        message = _("is larger than {size} MiB: too large for a plan").format(size=MAX_SIZE >> 20)
        raise _error(shown, message)
    when = _git(git, folder, "show", "-s", "--format=%cs", commit_id)
    day = datetime.date.fromisoformat(when.decode("ascii").strip()) if when else None
    return Committed(decoded(data, shown), shown, revision, commit_id, day or datetime.date.min)


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _relative(path: Path, top: Path) -> str | None:
    """The path from the repository's top, as `git show REV:path` wants it (always with /)."""
    try:
        return _absolute(path).relative_to(_absolute(top)).as_posix()
    except ValueError:
        return None


def _git(git: str, folder: Path, *args: str) -> bytes | None:
    """git's output, or None where it fails (its own message is not the user's language)."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            [git, "-C", str(folder), *args],
            capture_output=True,
            env=environment,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _error(name: str, message: str) -> PlanError:
    return PlanError([Problem(name, message)])
