import hashlib
import io
import os
import tarfile
import zipfile

import pytest

from cornu.utils import get_file
from cornu.utils.file_utils import extract_archive, hash_file, validate_file


def cache_files(home):
    out = []
    for root, _, files in os.walk(home / ".cornu"):
        out += [os.path.join(root, f) for f in files]
    return sorted(out)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_download_cache_and_hash(local_server, home):
    root, url = local_server
    (root / "a.bin").write_bytes(b"payload")
    path = get_file("a.bin", origin=f"{url}/a.bin", file_hash=_sha(b"payload"))
    assert path == str(home / ".cornu" / "datasets" / "a.bin")
    assert open(path, "rb").read() == b"payload"
    # Cached: served file changes, cache is reused.
    (root / "a.bin").write_bytes(b"changed")
    assert open(get_file("a.bin", origin=f"{url}/a.bin"), "rb").read() == b"payload"
    # force_download fetches again.
    path = get_file("a.bin", origin=f"{url}/a.bin", force_download=True)
    assert open(path, "rb").read() == b"changed"


def test_fname_defaults_to_origin_name_and_md5(local_server, home):
    root, url = local_server
    (root / "b.txt").write_bytes(b"bee")
    md5 = hashlib.md5(b"bee").hexdigest()
    path = get_file(origin=f"{url}/b.txt", md5_hash=md5)
    assert os.path.basename(path) == "b.txt"
    assert validate_file(path, md5) and validate_file(path, md5, "md5")
    assert hash_file(path, "md5") == md5


def test_cache_dir_and_subdir(local_server, tmp_path, home):
    root, url = local_server
    (root / "c.txt").write_bytes(b"c")
    path = get_file("c.txt", origin=f"{url}/c.txt", cache_dir=str(tmp_path / "cd"),
                    cache_subdir="sub")
    assert path == str(tmp_path / "cd" / "sub" / "c.txt")


def test_hash_mismatch_leaves_no_file(local_server, home):
    root, url = local_server
    (root / "d.bin").write_bytes(b"tampered")
    with pytest.raises(ValueError, match="hash"):
        get_file("d.bin", origin=f"{url}/d.bin", file_hash=_sha(b"original"))
    assert cache_files(home) == []


def test_stale_cached_file_is_replaced(local_server, home):
    root, url = local_server
    (root / "e.bin").write_bytes(b"good")
    target = home / ".cornu" / "datasets" / "e.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"half")
    path = get_file("e.bin", origin=f"{url}/e.bin", file_hash=_sha(b"good"))
    assert open(path, "rb").read() == b"good"


def test_reuses_file_from_keras_cache(home):
    keras_dir = home / ".keras" / "datasets"
    keras_dir.mkdir(parents=True)
    (keras_dir / "k.bin").write_bytes(b"from keras")
    path = get_file("k.bin", origin="http://127.0.0.1:9/k.bin", file_hash=_sha(b"from keras"))
    assert open(path, "rb").read() == b"from keras"
    assert path.startswith(str(home / ".cornu"))


def test_bad_keras_copy_is_not_reused(home):
    keras_dir = home / ".keras" / "datasets"
    keras_dir.mkdir(parents=True)
    (keras_dir / "k.bin").write_bytes(b"corrupt")
    with pytest.raises(OSError, match="k.bin"):
        get_file("k.bin", origin="http://127.0.0.1:9/k.bin", file_hash=_sha(b"good"))


def test_mirror_variable(local_server, home, monkeypatch):
    root, url = local_server
    (root / "m.npz").write_bytes(b"mirrored")
    monkeypatch.setenv("CORNU_DATASETS_MIRROR", url + "/")
    path = get_file("m.npz", origin="https://example.invalid/some/dir/m.npz",
                    file_hash=_sha(b"mirrored"))
    assert open(path, "rb").read() == b"mirrored"


def test_mirror_local_folder(tmp_path, home, monkeypatch):
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "f.bin").write_bytes(b"local")
    monkeypatch.setenv("CORNU_DATASETS_MIRROR", str(folder))
    path = get_file("f.bin", origin="https://example.invalid/f.bin")
    assert open(path, "rb").read() == b"local"


def test_offline_error_names_file_and_place(home):
    with pytest.raises(OSError) as info:
        get_file("mnist.npz", origin="http://127.0.0.1:9/mnist.npz")
    message = str(info.value)
    assert "mnist.npz" in message
    assert str(home / ".cornu" / "datasets" / "mnist.npz") in message
    assert "CORNU_DATASETS_MIRROR" in message
    assert cache_files(home) == []


def test_offline_mirror_error_names_the_original_url(home, monkeypatch):
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", "http://127.0.0.1:9/models")
    origin = "https://example.org/weights/resnet.h5"
    with pytest.raises(OSError) as info:
        get_file("resnet.h5", origin=origin, cache_subdir="models")
    message = str(info.value)
    assert "http://127.0.0.1:9/models/resnet.h5" in message and origin in message
    assert "CORNU_WEIGHTS_MIRROR" in message


def test_http_404_is_clear(local_server, home):
    _, url = local_server
    with pytest.raises(OSError, match="404"):
        get_file("nope.bin", origin=f"{url}/nope.bin")
    assert cache_files(home) == []


def test_interrupted_download_leaves_no_partial_file(local_server, home, monkeypatch):
    root, url = local_server
    (root / "big.bin").write_bytes(b"x" * 300_000)
    from cornu.utils import progbar

    calls = {"n": 0}

    def interrupt(self, current, values=None, finalize=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(progbar.Progbar, "update", interrupt)
    with pytest.raises(KeyboardInterrupt):
        get_file("big.bin", origin=f"{url}/big.bin")
    assert cache_files(home) == []


def _tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def _file(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def test_extract_tar_and_zip(local_server, home):
    root, url = local_server
    (root / "t.tar.gz").write_bytes(_tar_bytes([_file("pkg/x.txt", b"tx")]))
    out = get_file("t.tar.gz", origin=f"{url}/t.tar.gz", extract=True)
    assert out.endswith("t_extracted")
    assert open(os.path.join(out, "pkg", "x.txt")).read() == "tx"
    with zipfile.ZipFile(root / "z.zip", "w") as z:
        z.writestr("inner/y.txt", "zy")
    out = get_file("zdata", origin=f"{url}/z.zip", extract=True)
    assert out.endswith("zdata")
    assert open(os.path.join(out, "inner", "y.txt")).read() == "zy"
    out = get_file("old", origin=f"{url}/t.tar.gz", untar=True)
    assert os.path.isfile(os.path.join(out, "pkg", "x.txt"))


def test_tar_path_traversal_is_refused(local_server, home, tmp_path):
    root, url = local_server
    (root / "evil.tar.gz").write_bytes(_tar_bytes([_file("../../escaped.txt", b"bad")]))
    with pytest.raises(ValueError, match="outside"):
        get_file("evil", origin=f"{url}/evil.tar.gz", extract=True)
    assert not any("escaped" in p for p in cache_files(home))
    assert not (tmp_path / "escaped.txt").exists()
    assert not (home / "escaped.txt").exists()


def test_tar_link_outside_is_refused(local_server, home):
    root, url = local_server
    link = tarfile.TarInfo("pkg/link")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    (root / "l.tar.gz").write_bytes(_tar_bytes([_file("pkg/a.txt", b"a"), (link, None)]))
    with pytest.raises(ValueError, match="link"):
        get_file("l", origin=f"{url}/l.tar.gz", extract=True)
    assert cache_files(home) == []


def test_zip_path_traversal_is_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("../escaped.txt", "bad")
    with pytest.raises(ValueError, match="outside"):
        extract_archive(str(archive), str(tmp_path / "out"))
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "out").exists()


def test_corrupt_archive_is_removed(local_server, home):
    root, url = local_server
    data = _tar_bytes([_file("pkg/x.txt", b"x" * 5000)])
    (root / "broken.tar.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="archive|extract"):
        get_file("broken", origin=f"{url}/broken.tar.gz", extract=True)
    assert cache_files(home) == []


def test_fname_with_path_is_rejected(home):
    with pytest.raises(ValueError, match="cache_dir"):
        get_file(os.path.join("a", "b.txt"), origin="http://127.0.0.1:9/b.txt")
    with pytest.raises(ValueError, match="origin"):
        get_file("x")
