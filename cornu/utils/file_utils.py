"""``get_file``: download once, check the hash, cache, and extract archives safely.

Downloads go to a temporary file beside the target and are renamed into place only after the
hash matched, so an interrupted or corrupt download never leaves a file in the cache.
Archives are extracted into a temporary folder first, member by member, refusing paths and
links that would land outside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib

from cornu.backend.config import cornu_home

MIRROR_ENV = "CORNU_DATASETS_MIRROR"
WEIGHTS_MIRROR_ENV = "CORNU_WEIGHTS_MIRROR"


def mirror_env(cache_subdir: str) -> str:
    """The variable naming a mirror: ``CORNU_WEIGHTS_MIRROR`` for model weights
    (``cache_subdir="models"``), ``CORNU_DATASETS_MIRROR`` for everything else."""
    return WEIGHTS_MIRROR_ENV if cache_subdir == "models" else MIRROR_ENV
_CHUNK = 1 << 16


def _keras_cache_dir() -> str:
    return os.path.expanduser(os.path.join("~", ".keras"))


def resolve_hasher(algorithm: str = "auto", file_hash: str | None = None):
    """The hashlib object for ``algorithm`` ("sha256", "md5" or "auto": by hash length)."""
    if algorithm == "sha256" or (algorithm == "auto" and file_hash is not None
                                 and len(file_hash) == 64):
        return hashlib.sha256()
    if algorithm in ("md5", "auto"):
        return hashlib.md5()
    raise ValueError(
        f"get_file: `hash_algorithm` must be 'sha256', 'md5' or 'auto', got {algorithm!r}."
    )


def hash_file(fpath: str, algorithm: str = "sha256", chunk_size: int = _CHUNK) -> str:
    """The hex digest of the file ``fpath`` ("sha256" or "md5", or a hashlib object).

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
        >>> _ = open(path, "w").write("abc")
        >>> hash_file(path)[:16]
        'ba7816bf8f01cfea'
    """
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath: str, file_hash: str, algorithm: str = "auto",
                  chunk_size: int = _CHUNK) -> bool:
    """True when the file's hash equals ``file_hash`` (hex, compared case-insensitively)."""
    hasher = resolve_hasher(algorithm, file_hash)
    return hash_file(fpath, hasher, chunk_size) == str(file_hash).lower()


def _mirror_url(origin: str, env: str = MIRROR_ENV) -> str | None:
    """The origin's file under the mirror ``$env`` names (a URL or a local folder)."""
    mirror = os.environ.get(env)
    if not mirror:
        return None
    name = os.path.basename(urllib.parse.urlsplit(origin).path)
    if "://" not in mirror:
        mirror = urllib.parse.urljoin("file:", urllib.request.pathname2url(
            os.path.abspath(os.path.expanduser(mirror))))
    return mirror.rstrip("/") + "/" + urllib.parse.quote(name)


def _download(url: str, target: str, file_hash, hash_algorithm: str) -> None:
    """Fetches ``url`` into ``target`` through a temp file; never leaves a partial file."""
    from cornu.utils.progbar import Progbar

    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=60) as resp:
            total = resp.headers.get("Content-Length") if hasattr(resp, "headers") else None
            bar = Progbar(int(total) if total else None)
            done = 0
            for chunk in iter(lambda: resp.read(_CHUNK), b""):
                out.write(chunk)
                done += len(chunk)
                if total is None or done < int(total):
                    bar.update(done)
            bar.update(done, finalize=True)
        if file_hash is not None and not validate_file(tmp, file_hash, hash_algorithm):
            hasher = resolve_hasher(hash_algorithm, file_hash)
            raise ValueError(
                f"get_file: the file downloaded from {url} is incomplete or corrupted: its "
                f"{hasher.name} hash is {hash_file(tmp, hasher)}, expected {file_hash}. "
                f"Nothing was written to the cache; try again, or put a good copy at {target}."
            )
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _offline_error(fname: str, url: str, target: str, err, env: str = MIRROR_ENV,
                   origin: str | None = None) -> OSError:
    source = "" if origin in (None, url) else f" (the mirror for {origin})"
    return OSError(
        f"get_file: could not download '{fname}' from {url}{source} ({err}). If this machine "
        f"is offline, download {origin or url} elsewhere and put it at {target}, or serve a "
        f"folder holding it and set {env} to its URL (or local path)."
    )


def _cache_folder(cache_dir, cache_subdir: str) -> str:
    base = os.path.expanduser(cache_dir) if cache_dir is not None else cornu_home()
    os.makedirs(base, exist_ok=True)
    if not os.access(base, os.W_OK):
        base = os.path.join(tempfile.gettempdir(), ".cornu")
    folder = os.path.join(base, cache_subdir)
    os.makedirs(folder, exist_ok=True)
    return folder


def _reuse_keras_copy(name: str, cache_subdir: str, target: str, file_hash, algorithm) -> bool:
    """Links or copies a good file found in ``~/.keras/<cache_subdir>`` into the cache."""
    candidate = os.path.join(_keras_cache_dir(), cache_subdir, name)
    if not os.path.isfile(candidate) or os.path.abspath(candidate) == os.path.abspath(target):
        return False
    if file_hash is not None and not validate_file(candidate, file_hash, algorithm):
        return False
    tmp = target + ".tmp-copy"
    shutil.copyfile(candidate, tmp)
    os.replace(tmp, target)
    return True


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False) -> str:
    """Downloads a file from a URL unless it is already in the cache, and returns its path.

    The cache is ``~/.cornu/<cache_subdir>`` (``$CORNU_HOME``) unless ``cache_dir`` says
    otherwise; a good copy already in ``~/.keras/<cache_subdir>`` is reused. When
    ``CORNU_DATASETS_MIRROR`` is set (a URL or a local folder), files are fetched from
    ``<mirror>/<file name of origin>`` instead of ``origin``.

    Args:
        fname: the file's name in the cache (default: the last part of ``origin``). With
            ``extract=True``, a name without a dot names the extraction folder.
        origin: the URL to download from.
        untar: deprecated; same as ``extract=True, archive_format="tar"``.
        md5_hash: deprecated; an md5 hex digest, same as ``file_hash`` with "md5".
        file_hash: the expected sha256 or md5 hex digest, checked after download and
            before reusing a cached file.
        cache_subdir: the folder under the cache directory.
        hash_algorithm: "sha256", "md5", or "auto" (guessed from the hash's length).
        extract: whether to extract the file as an archive.
        archive_format: "auto", "tar", "zip", a list of them, or None.
        cache_dir: the cache's base folder (default ``~/.cornu``).
        force_download: download even when a cached copy exists.

    Returns:
        The path of the downloaded file, or of the extraction folder with ``extract=True``.

    Example:
        >>> import os, tempfile, zipfile
        >>> src = tempfile.mkdtemp()
        >>> with zipfile.ZipFile(os.path.join(src, "data.zip"), "w") as z:
        ...     z.writestr("data/a.txt", "hello")
        >>> url = "file://" + os.path.join(src, "data.zip")
        >>> out = get_file("data", origin=url, extract=True,
        ...                cache_dir=tempfile.mkdtemp())  # doctest: +ELLIPSIS
        Downloading data from file://...
        >>> open(os.path.join(out, "data", "a.txt")).read()
        'hello'
    """
    if origin is None:
        raise ValueError("get_file: pass `origin`, the URL of the file to download.")
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    folder = _cache_folder(cache_dir, cache_subdir)
    fname = os.fspath(fname) if fname is not None else None
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                f"get_file: cannot tell a file name from origin={origin!r}; pass `fname`."
            )
    elif os.sep in fname or (os.altsep and os.altsep in fname):
        raise ValueError(
            f"get_file: `fname` must be a file name, not a path (got {fname!r}); choose the "
            "folder with `cache_dir` and `cache_subdir`."
        )
    download_target, extraction_dir = _targets(folder, fname, extract or untar)

    if force_download or not _cached_ok(download_target, file_hash, hash_algorithm):
        if not force_download and _reuse_keras_copy(
                os.path.basename(download_target), cache_subdir, download_target, file_hash,
                hash_algorithm):
            pass
        else:
            env = mirror_env(cache_subdir)
            url = _mirror_url(origin, env) or origin
            print(f"Downloading data from {url}")
            try:
                _download(url, download_target, file_hash, hash_algorithm)
            except (urllib.error.URLError, OSError) as err:
                if isinstance(err, urllib.error.HTTPError):
                    raise OSError(
                        f"get_file: fetching {url} failed with HTTP {err.code} ({err.reason}). "
                        f"Put the file '{fname}' at {download_target}, or fix the URL or "
                        f"{env}."
                    ) from err
                raise _offline_error(fname, url, download_target, err, env, origin) from err
            if extraction_dir is not None and os.path.isdir(extraction_dir):
                shutil.rmtree(extraction_dir)

    if extraction_dir is None:
        return download_target
    if untar:
        archive_format = "tar"
    if not os.path.isdir(extraction_dir):
        try:
            extracted = extract_archive(download_target, extraction_dir, archive_format)
        except ValueError:
            os.remove(download_target)  # the cache keeps no bad archive
            raise
        if not extracted:
            os.remove(download_target)
            raise ValueError(
                f"get_file: {origin} did not give a {archive_format} archive, so it cannot be "
                "extracted; the file was removed from the cache. Check the URL and "
                "`archive_format`."
            )
    return extraction_dir


def _targets(folder: str, fname: str, extract: bool):
    if not extract:
        return os.path.join(folder, fname), None
    if "." in fname:
        return os.path.join(folder, fname), os.path.join(
            folder, fname[:fname.find(".")] + "_extracted")
    return os.path.join(folder, fname + "_archive"), os.path.join(folder, fname)


def _cached_ok(path: str, file_hash, algorithm) -> bool:
    if not os.path.isfile(path):
        return False
    if file_hash is None or validate_file(path, file_hash, algorithm):
        return True
    print(f"A local file was found at {path}, but its hash does not match {file_hash}; "
          "downloading it again.")
    return False


def _inside(base: str, path: str) -> bool:
    base = os.path.realpath(base)
    target = os.path.realpath(os.path.join(base, path))
    try:
        return os.path.commonpath([target, base]) == base
    except ValueError:
        return False


def _safe_tar_members(archive: tarfile.TarFile, base: str):
    for member in archive.getmembers():
        name = member.name
        if not _inside(base, name) or os.path.isabs(name):
            raise ValueError(f"Refusing to extract '{name}': it would land outside {base}.")
        if member.issym():
            link_target = os.path.join(os.path.dirname(name), member.linkname)
            if os.path.isabs(member.linkname) or not _inside(base, link_target):
                raise ValueError(
                    f"Refusing to extract the link '{name}' -> '{member.linkname}': it points "
                    f"outside {base}."
                )
        elif member.islnk():
            if os.path.isabs(member.linkname) or not _inside(base, member.linkname):
                raise ValueError(
                    f"Refusing to extract the link '{name}' -> '{member.linkname}': it points "
                    f"outside {base}."
                )
        elif not (member.isfile() or member.isdir()):
            continue  # devices, fifos: never extracted
        yield member


def _extract_into(file_path: str, path: str, kind: str) -> None:
    if kind == "zip":
        with zipfile.ZipFile(file_path) as archive:
            for info in archive.infolist():
                if os.path.isabs(info.filename) or not _inside(path, info.filename):
                    raise ValueError(
                        f"Refusing to extract '{info.filename}': it would land outside {path}."
                    )
            archive.extractall(path)
        return
    with tarfile.open(file_path) as archive:
        members = list(_safe_tar_members(archive, path))
        kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(path, members=members, **kwargs)


def extract_archive(file_path, path=".", archive_format="auto") -> bool:
    """Extracts a tar (plain, gz, bz2, xz) or zip archive into ``path``.

    The archive is unpacked into a temporary folder beside ``path`` and renamed into place, so
    a corrupt archive leaves nothing behind. Members with absolute paths, ``..`` components,
    or links pointing outside the folder are refused with a ``ValueError``.

    Args:
        file_path: the archive.
        path: the folder to extract into.
        archive_format: "auto" (tar then zip), "tar", "zip", a list of them, or None.

    Returns:
        True when the file was an archive of an accepted format and was extracted.
    """
    if archive_format is None:
        return False
    formats = ["tar", "zip"] if archive_format == "auto" else archive_format
    formats = [formats] if isinstance(formats, str) else list(formats)
    file_path, path = os.fspath(file_path), os.fspath(path)
    for kind in formats:
        if kind not in ("tar", "zip"):
            raise ValueError(f"archive_format: expected 'tar', 'zip' or 'auto', got {kind!r}.")
        matches = tarfile.is_tarfile if kind == "tar" else zipfile.is_zipfile
        try:
            if not matches(file_path):
                continue
        except (EOFError, OSError, tarfile.TarError, zlib.error) as err:
            raise ValueError(
                f"Could not read {file_path} as a {kind} archive ({err}); the file is corrupt "
                "or truncated. Delete it and download it again."
            ) from err
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".tmp-extract-", dir=parent)
        try:
            _extract_into(file_path, tmp, kind)
            if os.path.isdir(path):
                shutil.rmtree(path)
            os.replace(tmp, path)
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, ValueError,
                zlib.error, KeyboardInterrupt) as err:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(err, KeyboardInterrupt) or (
                    isinstance(err, ValueError) and "Refusing" in str(err)):
                raise
            raise ValueError(
                f"Could not extract {file_path} as a {kind} archive ({err}); the file is "
                "corrupt or truncated. Delete it and download it again."
            ) from err
        return True
    return False


def is_remote_path(path) -> bool:
    """True for ``gs://``, ``s3://``, ``hdfs://`` style paths (which cornu cannot open)."""
    return "://" in str(path) and not str(path).startswith("file://")


__all__ = ["extract_archive", "get_file", "hash_file", "validate_file"]
