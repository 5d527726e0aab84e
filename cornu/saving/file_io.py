"""Safe file handling: atomic writes, and zip archives read without trusting them.

Every save writes a temporary file in the destination's directory and renames it over
the destination (``os.replace``), so a crash, a kill or a full disk mid-save leaves the
previous file as it was. Reading an archive checks its members before touching their data:
no names that climb out of the archive, no member that expands far past what it stores.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile

from cornu.saving.errors import SavingError

MAX_CONFIG_BYTES = 1 << 28  # a config.json larger than 256 MiB is not a model config
_MAX_EXPANSION = 100
_SMALL_MEMBER = 1 << 26


@contextlib.contextmanager
def atomic_write(path, overwrite: bool = True):
    """Yields a temporary path next to ``path``; renames it to ``path`` on success.

    Args:
        path: the destination file.
        overwrite: False raises if ``path`` exists.

    Example:
        >>> import os, tempfile
        >>> from cornu.saving.file_io import atomic_write
        >>> target = os.path.join(tempfile.mkdtemp(), "out.txt")
        >>> with atomic_write(target) as tmp:
        ...     _ = open(tmp, "w").write("done")
        >>> open(target).read()
        'done'
    """
    path = os.fspath(path)
    if not overwrite and os.path.exists(path):
        raise SavingError(f"'{path}' exists and overwrite=False; pass overwrite=True or "
                          "choose another path.")
    tmp = temp_path_for(path)
    try:
        yield tmp
        commit(tmp, path)
    except BaseException:
        discard(tmp)
        raise


def temp_path_for(path) -> str:
    """A new empty temporary file next to ``path`` (same folder, so renaming is atomic)."""
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise SavingError(f"Cannot save to '{path}': the folder '{directory}' does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp",
                               dir=directory)
    os.close(fd)
    return tmp


def commit(tmp: str, path) -> None:
    """Flushes ``tmp`` to disk and renames it over ``path`` (keeping ``path``'s mode)."""
    path = os.fspath(path)
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    _keep_mode(path, tmp)
    os.replace(tmp, path)


def discard(tmp: str) -> None:
    """Removes a temporary file, if it is still there."""
    with contextlib.suppress(OSError):
        os.remove(tmp)


def _keep_mode(path: str, tmp: str) -> None:
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def check_exists(path, what: str = "file") -> str:
    path = os.fspath(path)
    if not os.path.exists(path):
        raise SavingError(f"No file or folder found at '{path}' (the {what} to load). Check "
                          "the path.")
    return path


def open_zip(source) -> zipfile.ZipFile:
    """Opens an archive, refusing unsafe member names and decompression bombs."""
    try:
        archive = zipfile.ZipFile(source, "r")
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as err:
        raise SavingError(f"Not a valid .keras file (a zip archive): {err}. The file is "
                          "damaged, truncated, or has another format.") from None
    for info in infos:
        _check_member(info)
    return archive


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise SavingError(f"Refusing to read the archive: member '{name}' points outside it "
                          "(path traversal).")
    if info.file_size > _SMALL_MEMBER and info.file_size > _MAX_EXPANSION * max(
            info.compress_size, 1):
        raise SavingError(
            f"Refusing to read the archive: member '{name}' declares {info.file_size} bytes "
            f"but stores {info.compress_size} (a decompression bomb)."
        )


def read_member(archive: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    """The bytes of one member, read in chunks so a lying header cannot exhaust memory."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise SavingError(f"The .keras file has no '{name}' (it has "
                          f"{archive.namelist()[:10]}).") from None
    limit = limit or max(_MAX_EXPANSION * max(info.compress_size, 1), _SMALL_MEMBER)
    chunks, total = [], 0
    try:
        with archive.open(info, "r") as handle:
            while True:
                chunk = handle.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise SavingError(f"Refusing to read '{name}': it expands past {limit} "
                                      "bytes (a decompression bomb or a damaged file).")
                chunks.append(chunk)
    except SavingError:
        raise
    except Exception as err:  # noqa: BLE001 - CRC errors, bad compression, truncation
        raise SavingError(f"Cannot read '{name}' from the .keras file: {err}. The file is "
                          "damaged.") from None
    return b"".join(chunks)
