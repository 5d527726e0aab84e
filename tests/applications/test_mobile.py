"""MobileNet, MobileNetV2, MobileNetV3, EfficientNet and EfficientNetV2 against real Keras 3:
same layers, parameters and weight order; same predictions with the same weights (also
channels_first); the same published weight files; Keras-written HDF5 weights load."""

from __future__ import annotations

import functools

import numpy as np
import pytest

import cornu
from tests.applications._oracle import (
    Requested,
    assert_requests_keras_file,
    assert_same_as_keras,
    fresh_names,
    image_data_format,
    images,
    record_get_file,
    write_keras_h5,
)

_images = functools.partial(images, low=0.0, high=255.0)  # pixel values in [0, 255)
_fresh_names = pytest.fixture(autouse=True)(fresh_names)


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
                   "dropout": 0.5}, images((32, 32, 3))),
    ("MobileNetV2", {"alpha": 0.35, "input_shape": (32, 32, 3), "include_top": False,
                     "pooling": "avg"}, images((32, 32, 3))),
    ("MobileNetV3Small", {"input_shape": (32, 32, 3), "classes": 10}, _images((32, 32, 3))),
    ("MobileNetV3Small", {"minimalistic": True, "include_top": False,
                          "input_shape": (32, 32, 3)}, _images((32, 32, 3))),
    ("EfficientNetB0", {"input_shape": (32, 32, 3), "classes": 10}, _images((32, 32, 3))),
    ("EfficientNetV2B0", {"include_top": False, "input_shape": (32, 32, 3),
                          "pooling": "avg"}, _images((32, 32, 3))),
])
def test_predictions_match_keras(name, kwargs, images):
    _assert_same_predictions(name, images, **kwargs)


@pytest.mark.parametrize("name, kwargs", [
    ("MobileNetV2", {"alpha": 0.35, "classes": 4}),
    ("MobileNetV3Small", {"include_top": False}),
    ("EfficientNetB0", {"include_top": False}),
    ("EfficientNetV2B0", {"classes": 4}),
])
def test_channels_first_matches_keras(name, kwargs):
    with image_data_format("channels_first"):
        ours, _ = _assert_same_predictions(name, _images((3, 32, 32)),
                                           input_shape=(3, 32, 32), **kwargs)
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
    assert_requests_keras_file(name, kwargs, keras, monkeypatch)


def test_imagenet_weights_of_another_size_fall_back_to_224_with_a_warning(monkeypatch):
    import cornu.utils.file_utils as cornu_file_utils

    requests = {}
    record_get_file(monkeypatch, cornu_file_utils, requests, "cornu")
    with pytest.warns(UserWarning, match="100x100"), pytest.raises(Requested):
        cornu.applications.MobileNetV2(weights="imagenet", include_top=False,
                                       input_shape=(100, 100, 3))
    assert requests["cornu"][0].endswith("_1.0_224_no_top.h5")


def test_depthwise_model_loads_weights_file_written_by_keras(keras, tmp_path):
    kwargs = {"alpha": 0.25, "include_top": False, "input_shape": (32, 32, 3)}
    source = keras.applications.MobileNet(weights=None, **kwargs)
    source.set_weights(_perturbed(source))
    path = write_keras_h5(source, tmp_path / "mobilenet_2_5_no_top.h5")
    ours = cornu.applications.MobileNet(weights=path, **kwargs)
    for got, expected in zip(ours.get_weights(), source.get_weights(), strict=True):
        np.testing.assert_array_equal(got, expected)
    x = images((32, 32, 3))
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
    path = write_keras_h5(source, tmp_path / "efficientnetb0_notop.h5")
    requests = {}
    record_get_file(monkeypatch, keras_file_utils, requests, "keras", path=path)
    record_get_file(monkeypatch, cornu_file_utils, requests, "cornu", path=path)
    keras.backend.clear_session(free_memory=False)
    theirs = keras.applications.EfficientNetB0(weights="imagenet", **kwargs)
    ours = cornu.applications.EfficientNetB0(weights="imagenet", **kwargs)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    x = _images((32, 32, 3))
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0),
                               rtol=1e-4, atol=1e-5)
    assert requests["cornu"] == requests["keras"]
