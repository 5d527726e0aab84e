"""VGG16/19, ResNet50/101/152, ResNet50V2/101V2/152V2, DenseNet121/169/201 and Xception
against real Keras 3: the same layers, parameters and weight order; the same predictions
with the same weights; the same weight files; and weights="imagenet" fetched from a mirror
on 127.0.0.1, from the cache or from a path."""

from __future__ import annotations

import hashlib
import shutil
from types import SimpleNamespace

import h5py
import numpy as np
import pytest

import cornu
from tests.applications._oracle import (
    assert_channels_first_like_channels_last,
    assert_same_as_keras,
    assert_weights_path_loads,
    fresh_names,
    image_data_format,
    write_keras_h5,
)
from tests.applications._oracle import images as _images

_NOTOP = "resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"
_fresh_names = pytest.fixture(autouse=True)(fresh_names)


def _perturbed(weights: list) -> list:
    """Keras's initial weights with every vector (biases, BN scale, offset, moving mean and
    variance) drawn from [0.5, 1.5]: fresh BatchNormalization layers are almost the
    identity, which would hide a wrong axis or a swapped statistic."""
    rng = np.random.RandomState(3)
    return [rng.uniform(0.5, 1.5, w.shape).astype(w.dtype) if w.ndim == 1 else w
            for w in weights]


# --- structure, weight files and predictions against Keras --------------------------------

def _assert_same_structure(ours, theirs) -> None:
    assert ours.name == theirs.name
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    assert [type(a).__name__ for a in ours.layers] == [type(b).__name__ for b in theirs.layers]
    assert ours.count_params() == theirs.count_params()
    assert len(ours.trainable_weights) == len(theirs.trainable_weights)
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)


def _assert_same_predictions(ours, theirs, images) -> None:
    weights = _perturbed(theirs.get_weights())
    theirs.set_weights(weights)
    ours.set_weights(weights)
    expected = np.asarray(theirs.predict(images, verbose=0))
    np.testing.assert_allclose(ours.predict(images, verbose=0), expected, rtol=1e-4,
                               atol=1e-4 * np.abs(expected).max())


@pytest.fixture
def record_imagenet_loads(keras, monkeypatch):
    """Both libraries ask `get_file` for their weights file (recorded, not fetched) and
    "load" what it returns (recorded, not read): what is left is the built model."""
    import keras.src.utils.file_utils as keras_file_utils
    from keras.src.models.model import Model as KerasModel

    import cornu.utils.file_utils as cornu_file_utils

    requests, loads = {}, {}

    def patch(library, file_utils, model_class):
        def get_file(fname=None, origin=None, **options):
            requests[library] = (fname, origin, options.get("file_hash"),
                                 options.get("cache_subdir"))
            return f"/fetched/{fname}"

        def load_weights(model, path, *args, **kwargs):
            loads[library] = path

        monkeypatch.setattr(file_utils, "get_file", get_file)
        monkeypatch.setattr(model_class, "load_weights", load_weights)

    patch("keras", keras_file_utils, KerasModel)
    patch("cornu", cornu_file_utils, cornu.models.Model)
    return requests, loads


@pytest.mark.parametrize("name, kwargs, images", [
    ("VGG16", {"include_top": False, "input_shape": (32, 32, 3)},
     _images((32, 32, 3), -120.0, 150.0)),
    ("VGG19", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}, None),
    ("ResNet50", {"include_top": True}, None),
    ("ResNet101", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "max"},
     None),
    ("ResNet152", {"include_top": False, "input_shape": (32, 32, 3)}, None),
    ("ResNet50V2", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"},
     _images((32, 32, 3))),
    ("ResNet101V2", {"include_top": False, "input_shape": (32, 32, 3)}, None),
    ("ResNet152V2", {"include_top": False, "input_shape": (None, None, 3)}, None),
    ("DenseNet121", {"include_top": True}, None),
    ("DenseNet169", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "max"},
     None),
    ("DenseNet201", {"include_top": False, "input_shape": (32, 32, 3)}, None),
    ("Xception", {"include_top": True}, None),
    ("Xception", {"include_top": False, "input_shape": (71, 71, 3)}, _images((71, 71, 3))),
])
def test_imagenet_model_matches_keras(name, kwargs, images, keras, record_imagenet_loads):
    """weights="imagenet" builds Keras's layers (names, parameters, weight order) and asks
    for Keras's published file (name, origin URL, md5, cache folder); with the same
    weights, the same predictions."""
    requests, loads = record_imagenet_loads
    theirs = getattr(keras.applications, name)(weights="imagenet", **kwargs)
    ours = getattr(cornu.applications, name)(weights="imagenet", **kwargs)
    assert requests["cornu"] == requests["keras"]
    assert requests["cornu"][3] == "models"
    assert loads["cornu"] == loads["keras"] == f"/fetched/{requests['keras'][0]}"
    _assert_same_structure(ours, theirs)
    if images is not None:
        _assert_same_predictions(ours, theirs, images)


def test_imagenet_files_with_the_classifier_are_keras_files(keras):
    """The published files with the classifier that the test above does not ask for: the
    same names, origins and md5 hashes as in Keras's source."""
    import inspect
    import re

    from keras.src.applications import densenet as keras_densenet
    from keras.src.applications import resnet as keras_resnet
    from keras.src.applications import vgg16 as keras_vgg16
    from keras.src.applications import vgg19 as keras_vgg19

    from cornu.applications import _common, _vgg, densenet, resnet, vgg16, vgg19

    assert resnet._HASHES == {k: v for k, v in keras_resnet.WEIGHTS_HASHES.items()
                              if "resnext" not in k}
    assert resnet._BASE_URL == keras_resnet.BASE_WEIGHTS_PATH

    def with_classifier(stem: str, hashes) -> tuple:
        return _common.published_file("", stem + _common.TF_KERNELS, True, hashes)

    files = [(keras_vgg16, with_classifier("vgg16", vgg16._HASHES)),
             (keras_vgg19, with_classifier("vgg19", vgg19._HASHES))]
    files += [(keras_densenet, with_classifier(stem, hashes))
              for stem, *hashes in densenet._PUBLISHED.values()]
    for module, (fname, _, md5) in files:
        # get_file("<fname>", <origin>, cache_subdir="models", file_hash="<md5>")
        pattern = re.escape(f'"{fname}"') + r"[^)]*file_hash=" + re.escape(f'"{md5}"')
        assert re.search(pattern, inspect.getsource(module)), fname
    assert keras_vgg16.WEIGHTS_PATH == f"{_vgg._BASE_URL}vgg16/{files[0][1][0]}"
    assert keras_densenet.BASE_WEIGHTS_PATH == densenet._BASE_URL


@pytest.mark.parametrize("name, kwargs, images", [
    ("VGG16", {"input_shape": (32, 32, 3), "classes": 10}, _images((32, 32, 3), 0.0, 255.0)),
    ("ResNet50V2", {"input_shape": (32, 32, 3), "classes": 10,
                    "classifier_activation": None}, _images((32, 32, 3))),
    ("DenseNet121", {"input_shape": (32, 32, 3), "classes": 7}, _images((32, 32, 3))),
])
def test_own_classifier_matches_keras(name, kwargs, images):
    ours, theirs = assert_same_as_keras(name, **kwargs)
    _assert_same_structure(ours, theirs)
    _assert_same_predictions(ours, theirs, images)


# --- channels_first ------------------------------------------------------------------------

@pytest.mark.parametrize("name, side", [("ResNet50V2", 32), ("DenseNet121", 32),
                                        ("Xception", 71)])
def test_channels_first_computes_the_same_as_channels_last(name, side):
    assert_channels_first_like_channels_last(name, side, perturb=_perturbed)


def test_channels_first_matches_keras(keras):
    with image_data_format("channels_first"):
        ours, theirs = assert_same_as_keras("ResNet50", input_shape=(3, 32, 32), classes=5)
        _assert_same_predictions(ours, theirs, _images((3, 32, 32)))


# --- arguments -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, message", [
    ("VGG16", {"weights": "imagenet", "classes": 10}, "classes"),
    ("ResNet50", {"weights": "no/such/file.h5"}, "weights"),
    ("ResNet101V2", {"weights": None, "include_top": False, "input_shape": (31, 40, 3)},
     "at least 32"),
    ("Xception", {"weights": None, "include_top": False, "input_shape": (70, 70, 3)},
     "at least 71"),
    ("DenseNet121", {"weights": "imagenet", "input_shape": (32, 32, 3)}, "224, 224, 3"),
    ("ResNet50", {"weights": None, "include_top": False, "pooling": "mean"}, "pooling"),
    ("VGG19", {"weights": "imagenet", "classifier_activation": "relu"},
     "classifier_activation"),
    ("ResNet152", {"weights": None, "input_shape": (None, None, 3)}, "fully defined"),
    ("Xception", {"weights": "imagenet", "include_top": False, "input_shape": (71, 71, 1)},
     "3-channel"),
])
def test_bad_arguments_are_refused_before_any_download(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        getattr(cornu.applications, name)(**kwargs)


def test_input_tensor_becomes_the_model_input():
    inputs = cornu.Input((48, 40, 3))
    model = cornu.applications.ResNet50(weights=None, include_top=False, input_tensor=inputs,
                                        pooling="avg")
    assert model.inputs[0] is inputs
    assert tuple(model.output.shape) == (None, 2048)


def test_resnet50_module_is_keras_resnet50_module():
    from cornu.applications import resnet, resnet50

    assert resnet50.ResNet50 is resnet.ResNet50
    assert resnet50.preprocess_input is resnet.preprocess_input
    assert resnet50.decode_predictions is resnet.decode_predictions
    assert cornu.applications.ResNet50 is resnet.ResNet50


# --- weights="imagenet" from a mirror, the cache, ~/.keras/models; weights=path -------------

def _write_keras2_file(keras_model, path) -> None:
    """The same layout as Keras 2 wrote it for the published files: TensorFlow variable
    names ("conv1_conv/kernel:0") and no ``top_level_model_weights`` group."""
    import keras

    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [layer.name.encode() for layer in keras_model.layers]
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for layer in keras_model.layers:
            group = f.create_group(layer.name)
            variables = list(layer.trainable_weights) + list(layer.non_trainable_weights)
            names = [f"{layer.name}/{v.name}:0".encode() for v in variables]
            group.attrs["weight_names"] = names
            for n, v in zip(names, variables):
                group.create_dataset(n.decode(), data=keras.ops.convert_to_numpy(v))


def _assert_keras_reads(keras_model, path) -> None:
    """Keras's own loader restores ``keras_model`` from the file written by hand."""
    from keras.src.legacy.saving import legacy_h5_format

    saved = keras_model.get_weights()
    keras_model.set_weights([np.zeros_like(w) for w in saved])
    with h5py.File(path, "r") as f:
        legacy_h5_format.load_weights_from_hdf5_group(f, keras_model)
    for got, expected in zip(keras_model.get_weights(), saved, strict=True):
        np.testing.assert_array_equal(got, expected)


@pytest.fixture(scope="module")
def keras_resnet(tmp_path_factory):
    """Keras's ResNet50 without its top at 32x32, with weights that differ from any cornu
    initialization, saved in both layouts; and its predictions on a few images."""
    keras = pytest.importorskip("keras")
    model = keras.applications.ResNet50(weights=None, include_top=False,
                                        input_shape=(32, 32, 3))
    model.set_weights(_perturbed(model.get_weights()))
    folder = tmp_path_factory.mktemp("keras_resnet")
    write_keras_h5(model, folder / "keras3-legacy-writer.h5")
    _write_keras2_file(model, folder / "keras2-layout.h5")
    _assert_keras_reads(model, folder / "keras2-layout.h5")
    images = _images((32, 32, 3), seed=5)
    return SimpleNamespace(folder=folder, weights=model.get_weights(), images=images,
                           predictions=np.asarray(model.predict(images, verbose=0)))


def _md5(path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _publish(monkeypatch, path) -> None:
    """Makes ``path`` the published ResNet50 no-top file: its md5 becomes the expected one."""
    from cornu.applications import resnet

    monkeypatch.setitem(resnet._HASHES, "resnet50",
                        (resnet._HASHES["resnet50"][0], _md5(path)))


def _assert_predicts_like_keras(ours, keras_resnet) -> None:
    expected = keras_resnet.predictions
    np.testing.assert_allclose(ours.predict(keras_resnet.images, verbose=0), expected,
                               rtol=1e-4, atol=1e-4 * np.abs(expected).max())


def _resnet50(weights, **kwargs):
    return cornu.applications.ResNet50(weights=weights, include_top=False,
                                       input_shape=(32, 32, 3), **kwargs)


@pytest.mark.parametrize("layout", ["keras3-legacy-writer", "keras2-layout"])
def test_imagenet_weights_load_from_mirror_then_cache(layout, keras_resnet, home,
                                                      local_server, monkeypatch, capsys):
    www, url = local_server
    shutil.copyfile(keras_resnet.folder / f"{layout}.h5", www / _NOTOP)
    _publish(monkeypatch, www / _NOTOP)
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", url)

    ours = _resnet50("imagenet")
    assert f"{url}/{_NOTOP}" in capsys.readouterr().out
    for got, expected in zip(ours.get_weights(), keras_resnet.weights, strict=True):
        np.testing.assert_array_equal(got, expected)
    _assert_predicts_like_keras(ours, keras_resnet)
    cached = home / ".cornu" / "models" / _NOTOP
    assert cached.read_bytes() == (www / _NOTOP).read_bytes()

    (www / _NOTOP).unlink()  # the mirror loses the file: the cache still serves it
    again = _resnet50("imagenet", pooling="avg")
    assert "Downloading" not in capsys.readouterr().out
    np.testing.assert_array_equal(again.get_weights()[0], keras_resnet.weights[0])


def test_imagenet_weights_reuse_a_keras_download(keras_resnet, home, monkeypatch, tmp_path):
    """A file that Keras already downloaded into ~/.keras/models is used, offline."""
    keras_models = home / ".keras" / "models"
    keras_models.mkdir(parents=True)
    shutil.copyfile(keras_resnet.folder / "keras3-legacy-writer.h5", keras_models / _NOTOP)
    _publish(monkeypatch, keras_models / _NOTOP)
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", str(tmp_path / "empty-mirror"))
    _assert_predicts_like_keras(_resnet50("imagenet"), keras_resnet)


@pytest.mark.parametrize("layout", ["keras3-legacy-writer", "keras2-layout"])
def test_weights_path_loads_a_keras_file(layout, keras_resnet):
    ours = _resnet50(str(keras_resnet.folder / f"{layout}.h5"))
    _assert_predicts_like_keras(ours, keras_resnet)


def test_weights_path_loads_a_cornu_file(tmp_path):
    assert_weights_path_loads("DenseNet121", tmp_path / "densenet.weights.h5",
                              include_top=False, input_shape=(32, 32, 3))


def test_corrupt_download_is_refused_and_not_cached(keras_resnet, home, local_server,
                                                    monkeypatch):
    www, url = local_server
    shutil.copyfile(keras_resnet.folder / "keras3-legacy-writer.h5", www / _NOTOP)
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", url)  # Keras's real hash: a mismatch
    with pytest.raises(ValueError, match="corrupted"):
        _resnet50("imagenet")
    assert not (home / ".cornu" / "models" / _NOTOP).exists()


def test_offline_error_names_the_file_and_where_to_put_it(home, monkeypatch):
    import socket

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", f"http://127.0.0.1:{port}")
    with pytest.raises(OSError) as info:
        _resnet50("imagenet")
    message = str(info.value)
    assert _NOTOP in message
    assert str(home / ".cornu" / "models" / _NOTOP) in message
    assert "CORNU_WEIGHTS_MIRROR" in message


def test_mirror_without_the_file_says_so(home, local_server, monkeypatch):
    _, url = local_server
    monkeypatch.setenv("CORNU_WEIGHTS_MIRROR", url)
    with pytest.raises(OSError, match="HTTP 404") as info:
        cornu.applications.Xception(weights="imagenet", include_top=False,
                                    input_shape=(71, 71, 3))
    assert "xception_weights_tf_dim_ordering_tf_kernels_notop.h5" in str(info.value)
