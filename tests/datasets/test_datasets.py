"""Every loader against small, format-faithful files served from 127.0.0.1.

Real Keras 3 (its loaders pointed at the same local files) is the oracle for the returned
values: shuffles, splits, index shifts and label layouts.
"""

import gzip
import hashlib
import io
import json
import os
import struct
import tarfile

import numpy as np
import pytest

from cornu import datasets
from cornu.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)

RNG = np.random.RandomState(0)


def _sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _md5(path) -> str:
    return hashlib.md5(open(path, "rb").read()).hexdigest()


@pytest.fixture
def mirror(local_server, home, monkeypatch):
    root, url = local_server
    monkeypatch.setenv("CORNU_DATASETS_MIRROR", url)
    return root


def _keras_module(keras, name, path):
    """The real Keras loader module ``name``, its download replaced by ``path``."""
    import importlib

    module = importlib.import_module(f"keras.src.datasets.{name}")
    return module, lambda *a, **k: str(path)


def _assert_same(ours, theirs):
    for a, b in zip(ours, theirs):
        for x, y in zip(a, b):
            if x.dtype == object:
                assert [list(s) for s in x] == [list(s) for s in y]
            else:
                np.testing.assert_array_equal(x, y)
                assert x.dtype == y.dtype and x.shape == y.shape


# --- MNIST-like -------------------------------------------------------------------------------
def test_mnist(mirror, monkeypatch, keras):
    arrays = {"x_train": RNG.randint(0, 256, (6, 28, 28)).astype("uint8"),
              "y_train": RNG.randint(0, 10, 6).astype("uint8"),
              "x_test": RNG.randint(0, 256, (3, 28, 28)).astype("uint8"),
              "y_test": RNG.randint(0, 10, 3).astype("uint8")}
    np.savez(mirror / "mnist.npz", **arrays)
    monkeypatch.setattr(mnist, "_SHA256", _sha(mirror / "mnist.npz"))
    (x_train, y_train), (x_test, y_test) = datasets.mnist.load_data()
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])
    module, fake = _keras_module(keras, "mnist", mirror / "mnist.npz")
    monkeypatch.setattr(module, "get_file", fake)
    _assert_same(datasets.mnist.load_data(), module.load_data())


def test_mnist_hash_mismatch_keeps_nothing(mirror, home):
    np.savez(mirror / "mnist.npz", x_train=np.zeros((1, 28, 28), "uint8"))
    with pytest.raises(ValueError, match="hash"):
        mnist.load_data()
    assert not (home / ".cornu" / "datasets" / "mnist.npz").exists()


def test_offline_error_names_the_file(home):
    with pytest.raises(OSError) as info:
        mnist.load_data()
    assert "mnist.npz" in str(info.value)
    assert os.path.join(str(home), ".cornu", "datasets", "mnist.npz") in str(info.value)


def test_reuses_keras_cache(home, monkeypatch):
    folder = home / ".keras" / "datasets"
    folder.mkdir(parents=True)
    np.savez(folder / "mnist.npz", x_train=np.ones((2, 28, 28), "uint8"),
             y_train=np.ones(2, "uint8"), x_test=np.ones((1, 28, 28), "uint8"),
             y_test=np.ones(1, "uint8"))
    monkeypatch.setattr(mnist, "_SHA256", _sha(folder / "mnist.npz"))
    (x_train, _), _ = mnist.load_data()  # no server, no mirror: must come from ~/.keras
    assert x_train.shape == (2, 28, 28)


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return gzip.compress(header + array.astype("uint8").tobytes())


def test_fashion_mnist(mirror, monkeypatch, keras):
    x_tr, y_tr = RNG.randint(0, 256, (5, 28, 28)), RNG.randint(0, 10, 5)
    x_te, y_te = RNG.randint(0, 256, (2, 28, 28)), RNG.randint(0, 10, 2)
    for name, arr in [("train-labels-idx1-ubyte.gz", y_tr), ("train-images-idx3-ubyte.gz", x_tr),
                      ("t10k-labels-idx1-ubyte.gz", y_te), ("t10k-images-idx3-ubyte.gz", x_te)]:
        (mirror / name).write_bytes(_idx(arr))
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.dtype == np.uint8 and x_train.shape == (5, 28, 28)
    np.testing.assert_array_equal(x_train, x_tr)
    np.testing.assert_array_equal(y_test, y_te)
    module, _ = _keras_module(keras, "fashion_mnist", None)
    folder = os.path.join(os.environ["CORNU_HOME"], "datasets", "fashion-mnist")
    monkeypatch.setattr(module, "get_file", lambda fname, **k: os.path.join(folder, fname))
    _assert_same(fashion_mnist.load_data(), module.load_data())


def test_fashion_mnist_corrupt_file_is_removed(mirror, home):
    for name in fashion_mnist._FILES:
        (mirror / name).write_bytes(gzip.compress(b"not an idx file"))
    with pytest.raises(ValueError, match="IDX"):
        fashion_mnist.load_data()
    assert not (home / ".cornu" / "datasets" / "fashion-mnist" / fashion_mnist._FILES[0]).exists()


# --- CIFAR ------------------------------------------------------------------------------------
def _py2_pickle(batch: dict) -> bytes:
    """A CIFAR batch pickled the way Python 2's cPickle wrote the real files (protocol 2)."""
    out = io.BytesIO()

    def string(s: bytes):
        out.write((b"U" + bytes([len(s)]) if len(s) < 256 else b"T" + struct.pack("<I", len(s)))
                  + s)

    def integer(v: int):
        out.write(b"K" + bytes([v]) if v < 256 else b"J" + struct.pack("<i", v))

    out.write(b"\x80\x02}q\x01(")
    for key, value in batch.items():
        string(key)
        if isinstance(value, np.ndarray):
            out.write(b"cnumpy.core.multiarray\n_reconstruct\nq\x02cnumpy\nndarray\nq\x03K\x00"
                      b"\x85U\x01b\x87R(K\x01")
            out.write(b"J" + struct.pack("<i", value.shape[0]) + b"J"
                      + struct.pack("<i", value.shape[1]) + b"\x86")
            out.write(b"cnumpy\ndtype\nq\x04U\x02u1K\x00K\x01\x87R(K\x03U\x01|NNNJ\xff\xff\xff"
                      b"\xffJ\xff\xff\xff\xffK\x00tb\x89")
            string(value.tobytes())
            out.write(b"tb")
        elif isinstance(value, list):
            out.write(b"](")
            for v in value:
                string(v) if isinstance(v, bytes) else integer(v)
            out.write(b"e")
        else:
            string(value)
    out.write(b"u.")
    return out.getvalue()


def _cifar_tar(path, folder, batches: dict, pickler=_py2_pickle):
    with tarfile.open(path, "w:gz") as tar:
        for name, batch in batches.items():
            data = pickler(batch)
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _batch(n, label_keys=("labels",)):
    batch = {b"batch_label": b"training batch",
             b"data": RNG.randint(0, 256, (n, 3072)).astype("uint8"),
             b"filenames": [b"img_%d.png" % i for i in range(n)]}
    for key in label_keys:
        batch[key.encode()] = [int(v) for v in RNG.randint(0, 100, n)]
    return batch


def test_cifar10(mirror, monkeypatch, keras):
    batches = {f"data_batch_{i}": _batch(3) for i in range(1, 6)}
    batches["test_batch"] = _batch(2)
    _cifar_tar(mirror / "cifar-10-python.tar.gz", "cifar-10-batches-py", batches)
    monkeypatch.setattr(cifar10, "_SHA256", _sha(mirror / "cifar-10-python.tar.gz"))
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (15, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (15, 1) and y_test.shape == (2, 1)
    first = batches["data_batch_1"][b"data"][0].reshape(3, 32, 32).transpose(1, 2, 0)
    np.testing.assert_array_equal(x_train[0], first)
    assert int(y_train[3, 0]) == batches["data_batch_2"][b"labels"][0]
    # Keras's loader assumes 10,000 images per batch; compare batch by batch instead.
    from cornu.datasets.cifar import load_batch

    keras_cifar = pytest.importorskip("keras.src.datasets.cifar")
    folder = os.path.join(os.environ["CORNU_HOME"], "datasets", "cifar-10-batches-py-target",
                          "cifar-10-batches-py")
    for name in batches:
        ours, theirs = load_batch(os.path.join(folder, name)), keras_cifar.load_batch(
            os.path.join(folder, name))
        np.testing.assert_array_equal(ours[0], theirs[0])
        assert ours[1] == theirs[1]


def test_cifar10_reuses_a_keras2_download(home, monkeypatch):
    folder = home / ".keras" / "datasets"
    folder.mkdir(parents=True)
    batches = {f"data_batch_{i}": _batch(1) for i in range(1, 6)}
    batches["test_batch"] = _batch(1)
    _cifar_tar(folder / "cifar-10-batches-py.tar.gz", "cifar-10-batches-py", batches)
    monkeypatch.setattr(cifar10, "_SHA256", _sha(folder / "cifar-10-batches-py.tar.gz"))
    (x_train, _), (x_test, _) = cifar10.load_data()  # no server, no mirror
    assert x_train.shape == (5, 32, 32, 3) and x_test.shape == (1, 32, 32, 3)


def test_cifar100_label_modes(mirror, monkeypatch, keras):
    keys = ("fine_labels", "coarse_labels")
    batches = {"train": _batch(4, keys), "test": _batch(2, keys)}
    import pickle

    _cifar_tar(mirror / "cifar-100-python.tar.gz", "cifar-100-python", batches,
               pickler=lambda b: pickle.dumps(b, protocol=4))
    monkeypatch.setattr(cifar100, "_SHA256", _sha(mirror / "cifar-100-python.tar.gz"))
    extracted = os.path.join(os.environ["CORNU_HOME"], "datasets", "cifar-100-python-target")
    for mode in ("fine", "coarse"):
        (_, y_train), _ = cifar100.load_data(label_mode=mode)
        assert y_train[:, 0].tolist() == batches["train"][f"{mode}_labels".encode()]
        module, fake = _keras_module(keras, "cifar100", extracted)
        monkeypatch.setattr(module, "get_file", fake)
        _assert_same(cifar100.load_data(mode), module.load_data(mode))
    with pytest.raises(ValueError, match="label_mode"):
        cifar100.load_data(label_mode="medium")


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_cifar_refuses_code_in_pickles(mirror, monkeypatch):
    import pickle

    batches = {f"data_batch_{i}": _batch(1) for i in range(1, 6)}
    batches["test_batch"] = {b"data": _Evil()}
    _cifar_tar(mirror / "cifar-10-python.tar.gz", "cifar-10-batches-py", batches,
               pickler=lambda b: pickle.dumps(b, protocol=2))
    monkeypatch.setattr(cifar10, "_SHA256", _sha(mirror / "cifar-10-python.tar.gz"))
    with pytest.raises(ValueError, match="posix.system|not plain data"):
        cifar10.load_data()


# --- IMDB / Reuters ---------------------------------------------------------------------------
def _sequences(n, vocab=30):
    out = np.empty(n, dtype=object)
    for i in range(n):
        out[i] = [int(v) for v in RNG.randint(1, vocab, RNG.randint(2, 12))]
    return out


@pytest.fixture
def imdb_files(mirror, monkeypatch):
    np.savez(mirror / "imdb.npz", x_train=_sequences(20), y_train=RNG.randint(0, 2, 20),
             x_test=_sequences(16), y_test=RNG.randint(0, 2, 16))
    monkeypatch.setattr(imdb, "_SHA256", _sha(mirror / "imdb.npz"))
    (mirror / "imdb_word_index.json").write_text(json.dumps({"the": 1, "and": 2}))
    monkeypatch.setattr(imdb, "_INDEX_MD5", _md5(mirror / "imdb_word_index.json"))
    return mirror


@pytest.mark.parametrize("kwargs", [
    {}, {"num_words": 10}, {"skip_top": 3, "num_words": 20}, {"maxlen": 8},
    {"seed": 7, "start_char": None}, {"oov_char": None, "num_words": 10},
    {"index_from": 0, "start_char": None}, {"start_char": 5, "oov_char": 9, "index_from": 4},
])
def test_imdb_matches_keras(imdb_files, monkeypatch, keras, kwargs):
    module, fake = _keras_module(keras, "imdb", imdb_files / "imdb.npz")
    monkeypatch.setattr(module, "get_file", fake)
    _assert_same(imdb.load_data(**kwargs), module.load_data(**kwargs))


def test_imdb_word_index_and_errors(imdb_files):
    assert imdb.get_word_index() == {"the": 1, "and": 2}
    with pytest.raises(ValueError, match="maxlen"):
        imdb.load_data(maxlen=1)


def test_imdb_refuses_code_in_object_arrays(mirror, monkeypatch, home):
    evil = np.empty(1, dtype=object)
    evil[0] = _Evil()
    np.savez(mirror / "imdb.npz", x_train=evil, y_train=np.zeros(1), x_test=evil,
             y_test=np.zeros(1))
    monkeypatch.setattr(imdb, "_SHA256", _sha(mirror / "imdb.npz"))
    with pytest.raises(ValueError, match="not plain data|not a valid"):
        imdb.load_data()
    assert not (home / ".cornu" / "datasets" / "imdb.npz").exists()


@pytest.mark.parametrize("kwargs", [{}, {"num_words": 12, "test_split": 0.3}, {"maxlen": 9},
                                    {"skip_top": 2, "oov_char": None, "seed": 3}])
def test_reuters_matches_keras(mirror, monkeypatch, keras, kwargs):
    np.savez(mirror / "reuters.npz", x=_sequences(25), y=RNG.randint(0, 46, 25))
    monkeypatch.setattr(reuters, "_SHA256", _sha(mirror / "reuters.npz"))
    module, fake = _keras_module(keras, "reuters", mirror / "reuters.npz")
    monkeypatch.setattr(module, "get_file", fake)
    _assert_same(reuters.load_data(**kwargs), module.load_data(**kwargs))
    assert reuters.get_label_names() == module.get_label_names()


def test_reuters_word_index(mirror, monkeypatch):
    (mirror / "reuters_word_index.json").write_text(json.dumps({"said": 2}))
    monkeypatch.setattr(reuters, "_INDEX_MD5", _md5(mirror / "reuters_word_index.json"))
    assert reuters.get_word_index() == {"said": 2}


# --- Housing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"test_split": 0.5, "seed": 1}])
def test_boston_housing(mirror, monkeypatch, keras, kwargs):
    np.savez(mirror / "boston_housing.npz", x=RNG.rand(30, 13), y=RNG.rand(30))
    monkeypatch.setattr(boston_housing, "_SHA256", _sha(mirror / "boston_housing.npz"))
    module, fake = _keras_module(keras, "boston_housing", mirror / "boston_housing.npz")
    monkeypatch.setattr(module, "get_file", fake)
    _assert_same(boston_housing.load_data(**kwargs), module.load_data(**kwargs))
    with pytest.raises(ValueError, match="test_split"):
        boston_housing.load_data(test_split=1.0)


@pytest.mark.parametrize("version", ["large", "small"])
def test_california_housing(mirror, monkeypatch, keras, version):
    np.savez(mirror / "california_housing.npz", x=RNG.rand(700, 8).astype("float32"),
             y=RNG.rand(700).astype("float32"))
    monkeypatch.setattr(california_housing, "_SHA256", _sha(mirror / "california_housing.npz"))
    module, fake = _keras_module(keras, "california_housing",
                                 mirror / "california_housing.npz")
    monkeypatch.setattr(module, "get_file", fake)
    ours = california_housing.load_data(version=version)
    assert len(ours[0][0]) + len(ours[1][0]) == (600 if version == "small" else 700)
    _assert_same(ours, module.load_data(version=version))
    with pytest.raises(ValueError, match="version"):
        california_housing.load_data(version="medium")
