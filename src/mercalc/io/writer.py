"""Writing files safely: a temporary file in the same folder, moved into place atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output could not be written; nothing was left behind."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write all of `data` to `path` or nothing: never a half-written file, never a stray temp."""
    folder = path.parent
    if path.is_dir():
        raise OutputError("is a directory")
    if not overwrite and path.exists():
        raise FileExistsError(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(f"cannot write: folder {folder} does not exist") from None
    except PermissionError:
        raise OutputError(f"cannot write: folder {folder} is not writable") from None
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}") from None
    try:
        # a new file gets the usual permissions (mkstemp makes it private); a replaced one keeps its
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if not overwrite:
            # link fails if the file appeared meanwhile: never replace what is there
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except FileExistsError:
        os.unlink(temporary)
        raise
    except OSError as error:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputError(f"cannot write: {error.strerror or error}") from None
