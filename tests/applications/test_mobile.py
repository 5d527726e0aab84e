"""MobileNet, MobileNetV2, MobileNetV3, EfficientNet and EfficientNetV2 against real Keras 3:
same layers, parameters and weight order; same predictions with the same weights (also
channels_first); the same published weight files; Keras-written HDF5 weights load."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cornu
from cornu.applications import imagenet_utils
from tests.applications._oracle import assert_same_as_keras

_MODULES = ["mobilenet", "mobilenet_v2", "mobilenet_v3", "efficientnet", "efficientnet_v2"]


@pytest.fixture(autouse=True)
def _fresh_names():
    """Both libraries number unnamed layers from zero again ("re_lu", "re_lu_1", ...)."""
    cornu.backend.clear_session()
    try:
        import keras
    except ImportError:
        keras = None
    if keras is not None:
        keras.backend.clear_session(free_memory=False)
    yield


def _images(shape, low=0.0, high=255.0, n=2):
    return np.random.RandomState(0).uniform(low, high, (n,) + shape).astype("float32")


def _perturbed(model) -> list:
    """Keras's initial weights with batch-norm (and normalization) statistics, scales and
    biases moved away from 0 and 1, so that predictions depend on every one of them."""
    rng = np.random.RandomState(3)
    values = []
    for variable, value in zip(model.weights, model.get_weights(), strict=True):
        name = variable.path.rsplit("/", 1)[-1]
        if not np.issubdtype(value.dtype, np.floating):
            values.append(value)
        elif "variance" in name or name == "gamma":
            values.append(rng.uniform(0.5, 1.5, value.shape).astype(value.dtype))
        elif name in ("moving_mean", "mean", "beta", "bias"):
            values.append(rng.normal(0.0, 0.1, value.shape).astype(value.dtype))
        else:
            values.append(value)
    return values


def _assert_same_predictions(name, images, rtol=1e-4, atol=1e-5, **kwargs):
    """Structure as Keras's, then equal predictions once the same weights are in both."""
    ours, theirs = assert_same_as_keras(name, **kwargs)
    weights = _perturbed(theirs)
    theirs.set_weights(weights)
    ours.set_weights(weights)
    expected = np.asarray(theirs.predict(images, verbose=0))
    got = np.asarray(ours.predict(images, verbose=0))
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)
    return ours, theirs


# --- structure: layer names, parameter counts, weight shapes and order ---------------------

@pytest.fixture
def cheap_initializers(keras, monkeypatch):
    """Zeros instead of random kernels in both libraries, for tests of structure only: it
    does not depend on the values, and drawing the truncated normals of ~100M parameters
    dominates the heavy models' build."""
    from keras.src.initializers.random_initializers import VarianceScaling as KerasVS

    from cornu.initializers._variance_scaling import VarianceScaling as CornuVS

    monkeypatch.setattr(KerasVS, "__call__",
                        lambda self, shape, dtype=None: keras.ops.zeros(shape, dtype))
    monkeypatch.setattr(CornuVS, "__call__",
                        lambda self, shape, dtype=None: cornu.ops.zeros(shape, dtype))


@pytest.mark.parametrize("name, kwargs", [
    ("MobileNet", {}),
    ("MobileNet", {"alpha": 0.5, "depth_multiplier": 2, "include_top": False,
                   "input_shape": (32, 40, 3), "pooling": "avg"}),
    ("MobileNetV2", {"alpha": 1.3, "include_top": False, "input_shape": (40, 48, 3),
                     "pooling": "max"}),
    ("MobileNetV3Small", {}),
    ("MobileNetV3Large", {"alpha": 0.75, "input_shape": (32, 32, 3), "dropout_rate": 0.0,
                          "classes": 5}),
    ("MobileNetV3Large", {"minimalistic": True, "include_preprocessing": False,
                          "include_top": False, "pooling": "avg"}),
    ("EfficientNetB1", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}),
    ("EfficientNetB2", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "max"}),
    ("EfficientNetB3", {"input_shape": (32, 32, 3), "classes": 3}),
    ("EfficientNetV2B1", {"include_top": False, "input_shape": (32, 32, 3),
                          "include_preprocessing": False}),
    ("EfficientNetV2B2", {"include_top": False, "input_shape": (32, 32, 1)}),
    ("EfficientNetV2B3", {"input_shape": (32, 32, 3), "classes": 3,
                          "classifier_activation": None}),
])
def test_structure_matches_keras(name, kwargs, cheap_initializers):
    ours, theirs = assert_same_as_keras(name, **kwargs)
    assert ours.name == theirs.name
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)


@pytest.mark.parametrize("name", ["EfficientNetB4", "EfficientNetB5", "EfficientNetB6",
                                  "EfficientNetB7", "EfficientNetV2S", "EfficientNetV2M",
                                  "EfficientNetV2L"])
def test_heavy_models_structure_matches_keras(name, cheap_initializers):
    ours, theirs = assert_same_as_keras(name, include_top=False, input_shape=(32, 32, 3))
    assert ours.name == theirs.name


# --- predictions with the same weights ----------------------------------------------------

@pytest.mark.parametrize("name, kwargs, images", [
    ("MobileNet", {"alpha": 0.25, "input_shape": (32, 32, 3), "classes": 10,
                   "dropout": 0.5}, _images((32, 32, 3), -1.0, 1.0)),
    ("MobileNetV2", {"alpha": 0.35, "input_shape": (32, 32, 3), "include_top": False,
                     "pooling": "avg"}, _images((32, 32, 3), -1.0, 1.0)),
    ("MobileNetV3Small", {"input_shape": (32, 32, 3), "classes": 10}, _images((32, 32, 3))),
    ("MobileNetV3Small", {"minimalistic": True, "include_top": False,
                          "input_shape": (32, 32, 3)}, _images((32, 32, 3))),
    ("EfficientNetB0", {"input_shape": (32, 32, 3), "classes": 10}, _images((32, 32, 3))),
    ("EfficientNetV2B0", {"include_top": False, "input_shape": (32, 32, 3),
                          "pooling": "avg"}, _images((32, 32, 3))),
])
def test_predictions_match_keras(name, kwargs, images):
    _assert_same_predictions(name, images, **kwargs)


@pytest.fixture
def channels_first(keras):
    previous = cornu.backend.image_data_format(), keras.config.image_data_format()
    cornu.backend.set_image_data_format("channels_first")
    keras.config.set_image_data_format("channels_first")
    yield
    cornu.backend.set_image_data_format(previous[0])
    keras.config.set_image_data_format(previous[1])


@pytest.mark.parametrize("name, kwargs", [
    ("MobileNetV2", {"alpha": 0.35, "classes": 4}),
    ("MobileNetV3Small", {"include_top": False}),
    ("EfficientNetB0", {"include_top": False}),
    ("EfficientNetV2B0", {"classes": 4}),
])
def test_channels_first_matches_keras(name, kwargs, channels_first):
    ours, _ = _assert_same_predictions(name, _images((3, 32, 32)), input_shape=(3, 32, 32),
                                       **kwargs)
    assert tuple(ours.input.shape) == (None, 3, 32, 32)


# --- argument checks -----------------------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, message", [
    ("MobileNet", {"weights": "imagenet", "alpha": 0.3}, "alpha"),
    ("MobileNet", {"weights": "imagenet", "depth_multiplier": 2}, "depth_multiplier"),
    ("MobileNet", {"weights": None, "depth_multiplier": 0}, "positive integer"),
    ("MobileNetV2", {"weights": "imagenet", "alpha": 0.6}, "alpha"),
    ("MobileNetV2", {"weights": None, "alpha": 0}, "positive"),
    ("MobileNetV3Small", {"weights": "imagenet", "alpha": 0.75, "minimalistic": True},
     "minimalistic"),
    ("MobileNetV3Large", {"weights": None, "input_shape": (31, 64, 3)}, "at least 32x32"),
    ("MobileNetV3Large", {"weights": "imagenet", "input_shape": (64, 64, 1)}, "3-channel"),
    ("EfficientNetB0", {"weights": "imagenet", "classes": 10}, "classes"),
    ("EfficientNetB0", {"weights": None, "include_top": False, "pooling": "mean"},
     "pooling"),
    ("EfficientNetV2S", {"weights": "no/such/file.h5"}, "weights"),
    ("EfficientNetV2B0", {"weights": None, "include_top": False,
                          "input_shape": (16, 16, 3)}, "at least 32"),
])
def test_bad_arguments_are_refused_before_any_download(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        getattr(cornu.applications, name)(**kwargs)


def test_input_tensor_must_agree_with_input_shape():
    inputs = cornu.Input((64, 64, 3))
    with pytest.raises(ValueError, match="input_tensor"):
        cornu.applications.MobileNetV2(weights=None, input_tensor=inputs,
                                       input_shape=(96, 96, 3))


@pytest.mark.parametrize("name", ["MobileNetV2", "MobileNetV3Small"])
def test_input_tensor_becomes_the_model_input(name, keras):
    ours = getattr(cornu.applications, name)(
        weights=None, include_top=False, input_tensor=cornu.Input((96, 96, 3)))
    theirs = getattr(keras.applications, name)(
        weights=None, include_top=False, input_tensor=keras.Input((96, 96, 3)))
    assert ours.name == theirs.name
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)
    assert ours.inputs[0].shape == (None, 96, 96, 3)


# --- weights: Keras's published files, and files Keras wrote ------------------------------

class _Requested(Exception):
    """Stops a constructor at its download: what it would load is not under test there."""


def _record_get_file(monkeypatch, module, requests: dict, key: str, path=None):
    def get_file(fname=None, origin=None, **options):
        requests[key] = (fname, origin, options.get("file_hash"), options.get("cache_subdir"))
        if path is None:
            raise _Requested
        return path

    monkeypatch.setattr(module, "get_file", get_file)


@pytest.mark.filterwarnings("ignore:.*(input_shape|ImageNet weights)")
@pytest.mark.parametrize("name, kwargs", [
    ("MobileNet", {"alpha": 0.25, "include_top": False, "input_shape": (128, 128, 3)}),
    ("MobileNet", {"alpha": 0.75}),
    ("MobileNetV2", {"alpha": 0.35, "include_top": False, "input_shape": (96, 96, 3)}),
    ("MobileNetV2", {"alpha": 1.4, "include_top": False, "input_shape": (100, 100, 3)}),
    ("MobileNetV3Small", {"minimalistic": True, "include_top": False}),
    ("MobileNetV3Large", {"alpha": 0.75, "input_shape": (32, 32, 3)}),
    ("EfficientNetB0", {}),
    ("EfficientNetB0", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("EfficientNetV2B0", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("EfficientNetV2S", {"include_top": False, "input_shape": (32, 32, 3)}),
])
def test_imagenet_weights_are_keras_published_file(name, kwargs, keras, monkeypatch,
                                                   cheap_initializers):
    """weights="imagenet" asks for the same file name, origin URL and hash as Keras."""
    import keras.src.utils.file_utils as keras_file_utils

    import cornu.utils.file_utils as cornu_file_utils

    requests = {}
    _record_get_file(monkeypatch, keras_file_utils, requests, "keras")
    _record_get_file(monkeypatch, cornu_file_utils, requests, "cornu")
    for library in (keras, cornu):
        with pytest.raises(_Requested):
            getattr(library.applications, name)(weights="imagenet", **kwargs)
    assert requests["cornu"] == requests["keras"]
    assert requests["cornu"][3] == "models"


def test_imagenet_weights_of_another_size_fall_back_to_224_with_a_warning(monkeypatch):
    import cornu.utils.file_utils as cornu_file_utils

    requests = {}
    _record_get_file(monkeypatch, cornu_file_utils, requests, "cornu")
    with pytest.warns(UserWarning, match="100x100"), pytest.raises(_Requested):
        cornu.applications.MobileNetV2(weights="imagenet", include_top=False,
                                       input_shape=(100, 100, 3))
    assert requests["cornu"][0].endswith("_1.0_224_no_top.h5")


def _keras_legacy_h5(model, path) -> str:
    """``model``'s weights in the layout of Keras's published files (``layer_names``,
    per-layer ``weight_names``), written by Keras itself."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    return str(path)


def test_depthwise_model_loads_weights_file_written_by_keras(keras, tmp_path):
    kwargs = {"alpha": 0.25, "include_top": False, "input_shape": (32, 32, 3)}
    source = keras.applications.MobileNet(weights=None, **kwargs)
    source.set_weights(_perturbed(source))
    path = _keras_legacy_h5(source, tmp_path / "mobilenet_2_5_no_top.h5")
    ours = cornu.applications.MobileNet(weights=path, **kwargs)
    for got, expected in zip(ours.get_weights(), source.get_weights(), strict=True):
        np.testing.assert_array_equal(got, expected)
    x = _images((32, 32, 3), -1.0, 1.0)
    np.testing.assert_allclose(ours.predict(x, verbose=0), source.predict(x, verbose=0),
                               rtol=1e-4, atol=1e-5)


def test_efficientnet_imagenet_stem_matches_keras(keras, monkeypatch, tmp_path):
    """With weights="imagenet" EfficientNet divides once more by the std (the published
    normalization holds the variance): both load the same Keras-written file through
    their download paths and predict the same."""
    import keras.src.utils.file_utils as keras_file_utils

    import cornu.utils.file_utils as cornu_file_utils

    kwargs = {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}
    source = keras.applications.EfficientNetB0(weights=None, **kwargs)
    source.set_weights(_perturbed(source))
    path = _keras_legacy_h5(source, tmp_path / "efficientnetb0_notop.h5")
    requests = {}
    _record_get_file(monkeypatch, keras_file_utils, requests, "keras", path=path)
    _record_get_file(monkeypatch, cornu_file_utils, requests, "cornu", path=path)
    keras.backend.clear_session(free_memory=False)
    theirs = keras.applications.EfficientNetB0(weights="imagenet", **kwargs)
    ours = cornu.applications.EfficientNetB0(weights="imagenet", **kwargs)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    x = _images((32, 32, 3))
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0),
                               rtol=1e-4, atol=1e-5)
    assert requests["cornu"] == requests["keras"]


# --- preprocess_input / decode_predictions -------------------------------------------------

@pytest.mark.parametrize("module", _MODULES)
@pytest.mark.parametrize("data_format", [None, "channels_first"])
def test_preprocess_input_matches_keras(module, data_format, keras):
    ours = getattr(cornu.applications, module)
    theirs = getattr(keras.applications, module)
    rng = np.random.RandomState(1)
    for x in (rng.randint(0, 256, (2, 5, 5, 3)).astype("uint8"),
              rng.uniform(0, 255, (2, 3, 5, 5)), rng.uniform(0, 255, (5, 5, 3))):
        expected = theirs.preprocess_input(x.copy(), data_format=data_format)
        got = ours.preprocess_input(x.copy(), data_format=data_format)
        assert np.asarray(got).dtype == np.asarray(expected).dtype
        np.testing.assert_allclose(got, expected, rtol=1e-6)
    tensor = rng.uniform(0, 255, (2, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(
        np.asarray(ours.preprocess_input(cornu.ops.convert_to_tensor(tensor))),
        keras.ops.convert_to_numpy(theirs.preprocess_input(keras.ops.convert_to_tensor(tensor))),
        rtol=1e-6)


@pytest.mark.parametrize("module", ["mobilenet_v3", "efficientnet", "efficientnet_v2"])
def test_preprocess_input_is_the_identity_where_models_normalize(module, keras):
    x = np.random.RandomState(2).uniform(0, 255, (2, 4, 4, 3))
    assert getattr(cornu.applications, module).preprocess_input(x) is x
    assert getattr(keras.applications, module).preprocess_input(x) is x


@pytest.mark.parametrize("module", _MODULES)
def test_decode_predictions_matches_keras(module, keras, monkeypatch, tmp_path):
    from keras.src.applications import imagenet_utils as keras_imagenet_utils

    # The same class table (in Keras's JSON layout) for both, so that nothing is downloaded.
    table = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    path = tmp_path / "imagenet_class_index.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    monkeypatch.setattr(imagenet_utils, "_CLASS_INDEX_FILE", str(path))
    monkeypatch.setattr(imagenet_utils, "_CLASS_INDEX", None)
    monkeypatch.setattr(keras_imagenet_utils, "CLASS_INDEX", table)
    preds = np.random.RandomState(2).dirichlet(np.ones(1000), size=3).astype("float32")
    expected = getattr(keras.applications, module).decode_predictions(preds, top=4)
    got = getattr(cornu.applications, module).decode_predictions(preds, top=4)
    assert [[row[:2] for row in image] for image in got] == [
        [tuple(row[:2]) for row in image] for image in expected]
    np.testing.assert_allclose([[row[2] for row in image] for image in got],
                               [[row[2] for row in image] for image in expected])
