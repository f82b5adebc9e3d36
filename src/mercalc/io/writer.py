"""Writing files safely: a temporary file in the same folder, moved into place atomically.

Only a regular file is ever replaced: a device or a FIFO named as output is written into as a
stream, as the shell's `>` does. Whatever stops a write (an error, Ctrl-C), the target is either
the old file or the new one, and no temporary file is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator

from ..interrupts import HANDLED

# no pathlib or typing here: stdout writes through this module, and --help must start fast


class OutputError(Exception):
    """The output could not be written; nothing was left behind."""


class FileChanged(OutputError):
    """A file edited in place changed on disk after it was read: nothing was written, so that
    the other edit is not lost."""


class EditRefused(OutputError):
    """A file edited in place must stay as it is: read-only, or its owner or group could not
    be kept (it would change hands)."""


def write_all(fd: int, data: bytes) -> None:
    """Every byte of `data` to `fd`: a short write goes on from where it stopped, a descriptor
    that would block (a non-blocking pipe that is full) is waited for."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            _wait_writable(fd)
            continue
        except InterruptedError:  # pragma: no cover - Python retries EINTR itself
            continue
        view = view[written:]


def _wait_writable(fd: int) -> None:
    import select

    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    poller.poll()  # also returns when the reader has gone: the next write then says so


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Interrupts wait (the kernel keeps them) until the block ends, then arrive: a temporary
    file's name is never lost between its making and its moving into place."""
    import signal

    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # pragma: no cover - not on this platform
        yield
        return
    held = {getattr(signal, name) for name in HANDLED if hasattr(signal, name)}
    before = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, before)


def _reason(error: OSError) -> str:
    from ..i18n import _

    if error.errno == errno.ENAMETOOLONG:
        return _("the file name is too long for the file system")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("cannot write: no space left on the device")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("cannot write: permission denied")
    if error.errno == errno.EROFS:
        return _("cannot write: the file system is read-only")
    return _("cannot write: {reason}").format(reason=error.strerror or error)


def _unwritable(folder: str) -> OutputError:
    from ..i18n import _

    return OutputError(_("cannot write: folder {folder} is not writable").format(folder=folder))


def _existing(path: os.PathLike[str] | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(_reason(error)) from None


def write_atomically(path: os.PathLike[str] | str, data: bytes, *, overwrite: bool = True) -> None:
    """Write all of `data` to `path` or nothing: never a half-written file, never a stray temp.

    A symbolic link is followed: the file it points at gets the new contents. Without
    `overwrite`, an existing regular file is left as it is (FileExistsError).
    """
    existing = _existing(path)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_into(path, existing, data)
        return
    target = os.path.realpath(path)
    if existing is not None and not overwrite:
        raise FileExistsError(path)
    temporary: str | None = None
    fd = -1
    try:
        with _signals_held():
            fd, temporary = _temporary(os.path.dirname(target))
        _keep_owner_and_mode(fd, existing)
        write_all(fd, data)
        os.fsync(fd)
        with _signals_held():
            os.close(fd)
            fd = -1
            _move(temporary, target, replace=existing is not None)
            temporary = None
    except BaseException as error:
        with _signals_held():
            if fd >= 0:
                os.close(fd)
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        if isinstance(error, OSError) and not isinstance(error, FileExistsError):
            raise OutputError(_reason(error)) from None
        raise


BOM = b"\xef\xbb\xbf"


def rewrite(path: os.PathLike[str] | str, before: str, after: str) -> None:
    """Replace a file edited in place (`before` is the text it was read as, without a BOM):
    the new text goes in only if the file still reads as `before` just before it is replaced
    (FileChanged), with the file's mode, owner, group, extended attributes and BOM kept; a file
    whose mode says read-only, or whose owner or group could not be kept, is refused (EditRefused).
    """
    target = os.path.realpath(path)
    current = _current(target)
    if current.removeprefix(BOM) != before.encode("utf-8"):
        raise FileChanged(path)
    existing = _existing(target)
    assert existing is not None
    _writable(target, existing)
    data = (BOM if current.startswith(BOM) else b"") + after.encode("utf-8")
    temporary: str | None = None
    fd = -1
    try:
        with _signals_held():
            fd, temporary = _temporary(os.path.dirname(target))
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
        _same_hands(fd, existing)
        _copy_attributes(target, fd)
        write_all(fd, data)
        os.fsync(fd)
        with _signals_held():
            os.close(fd)
            fd = -1
            if _current(target) != current:  # an edit saved meanwhile: it wins
                raise FileChanged(path)
            os.replace(temporary, target)
            temporary = None
    except BaseException as error:
        with _signals_held():
            if fd >= 0:
                os.close(fd)
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(_reason(error)) from None
        raise


def _current(target: str) -> bytes:
    """The file's bytes as they are now."""
    try:
        with open(target, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise FileChanged(target) from None
    except OSError as error:
        raise OutputError(_reason(error)) from None


def _writable(target: str, existing: os.stat_result) -> None:
    """A file whose mode gives no one the right to write it is read-only, whoever runs this
    (root too); one the runner may not write is refused as well."""
    from ..i18n import _

    mode = stat.S_IMODE(existing.st_mode)
    if not mode & 0o222 or not os.access(target, os.W_OK):
        message = _("is read-only (mode {mode:04o}): nothing was changed").format(mode=mode)
        raise EditRefused(message)


def _same_hands(fd: int, existing: os.stat_result) -> None:
    """The new file gets the old one's owner and group, or the edit is refused: a shared plan
    must not become the runner's."""
    from ..i18n import _

    kept = os.fstat(fd)
    if (kept.st_uid, kept.st_gid) == (existing.st_uid, existing.st_gid):
        return
    with contextlib.suppress(OSError):
        os.fchown(fd, existing.st_uid, existing.st_gid)
    kept = os.fstat(fd)
    if (kept.st_uid, kept.st_gid) != (existing.st_uid, existing.st_gid):
        message = _(
            "would change hands: its owner and group ({uid}:{gid}) cannot be kept by this user; "
            "nothing was changed"
        ).format(uid=existing.st_uid, gid=existing.st_gid)
        raise EditRefused(message)
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))  # a chown may clear set-id bits


def _copy_attributes(target: str, fd: int) -> None:
    """The file's extended attributes (an ACL, a label) on the new file, where the system has
    them."""
    listxattr = getattr(os, "listxattr", None)
    if listxattr is None:  # pragma: no cover - not on this platform
        return
    try:
        names = listxattr(target)
    except OSError:  # a file system without extended attributes
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(fd, name, os.getxattr(target, name))


def _temporary(folder: str) -> tuple[int, str]:
    """A new file with a short name (the target's own name may be as long as the file system
    allows), with the permissions a new file gets."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        name = os.path.join(folder, f".mercalc-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
        except FileNotFoundError:
            from ..i18n import _

            message = _("cannot write: folder {folder} does not exist").format(folder=folder)
            raise OutputError(message) from None
        except PermissionError:
            raise _unwritable(folder) from None
        except OSError as error:
            if error.errno == errno.EROFS:
                raise _unwritable(folder) from None
            raise
    raise _unwritable(folder)  # pragma: no cover - a hundred names taken


def _keep_owner_and_mode(fd: int, existing: os.stat_result | None) -> None:
    """A replaced file keeps its permissions (and, where allowed, its owner)."""
    if existing is None:
        return
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    with contextlib.suppress(OSError):
        os.fchown(fd, existing.st_uid, existing.st_gid)


def _move(temporary: str, target: str, *, replace: bool) -> None:
    if replace:
        os.replace(temporary, target)
        return
    try:
        # link fails if the file appeared meanwhile: never replace what was not there
        os.link(temporary, target)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        os.replace(temporary, target)  # a file system without hard links
        return
    os.unlink(temporary)


def _write_into(target: os.PathLike[str] | str, existing: os.stat_result, data: bytes) -> None:
    """A character device (/dev/null, a terminal) or a FIFO takes the data as a stream."""
    from ..i18n import _

    if stat.S_ISDIR(existing.st_mode):
        raise OutputError(_("is a directory"))
    if not (stat.S_ISCHR(existing.st_mode) or stat.S_ISFIFO(existing.st_mode)):
        raise OutputError(
            _("is a block device or a socket: write to a file, a character device or a FIFO")
        )
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as error:
        raise OutputError(_reason(error)) from None
