"""InceptionV3, InceptionResNetV2, NASNetMobile/Large and ConvNeXt against real Keras 3:
same layers, parameters and weight order; same predictions with Keras's weights; the same
weight files."""

from __future__ import annotations

import gc

import numpy as np
import pytest

import cornu
from tests.applications._oracle import (
    assert_channels_first_like_channels_last,
    assert_requests_keras_file,
    assert_same_as_keras,
    assert_weights_path_loads,
    fresh_names,
    image_data_format,
    record_get_file,
)
from tests.applications._oracle import images as _images

_fresh_names = pytest.fixture(autouse=True)(fresh_names)


@pytest.fixture
def keras_nasnet_mobile(keras, monkeypatch):
    """Keras's NASNetMobile, which Keras refuses to build on its torch backend, built
    through Keras's own NASNet function with NASNetMobile's arguments."""
    from keras.src.applications import nasnet

    def build(input_shape=None, include_top=True, weights="imagenet", input_tensor=None,
              pooling=None, classes=1000, classifier_activation="softmax",
              name="nasnet_mobile"):
        if not include_top and input_shape is None:
            input_shape = (224, 224, 3)
        return nasnet.NASNet(input_shape, penultimate_filters=1056, num_blocks=4,
                             stem_block_filters=32, skip_reduction=False, filter_multiplier=2,
                             include_top=include_top, weights=weights,
                             input_tensor=input_tensor, pooling=pooling, classes=classes,
                             default_size=224, classifier_activation=classifier_activation,
                             name=name)

    monkeypatch.setattr(keras.applications, "NASNetMobile", build)
    return build


# --- structure: layer names, parameter counts, weight shapes and order ---------------------

@pytest.mark.parametrize("name, kwargs", [
    ("InceptionV3", {"include_top": True, "input_shape": (75, 75, 3), "classes": 10}),
    ("InceptionResNetV2", {"include_top": False, "input_shape": (75, 75, 3),
                           "pooling": "max"}),
    ("NASNetLarge", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("ConvNeXtSmall", {"include_top": False, "input_shape": (32, 32, 3), "pooling": "avg"}),
    ("ConvNeXtBase", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("ConvNeXtLarge", {"include_top": False, "input_shape": (32, 32, 3)}),
    ("ConvNeXtXLarge", {"include_top": False, "input_shape": (32, 32, 3)}),
])
def test_structure_matches_keras(name, kwargs):
    ours, theirs = assert_same_as_keras(name, **kwargs)
    assert ours.name == theirs.name
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)
    del ours, theirs
    gc.collect()  # the large models hold gigabytes in reference cycles


def test_nasnet_mobile_structure_matches_keras(keras_nasnet_mobile):
    ours, theirs = assert_same_as_keras("NASNetMobile", input_shape=(32, 32, 3), classes=7)
    assert tuple(ours.output.shape) == tuple(theirs.output.shape) == (None, 7)


@pytest.mark.filterwarnings("ignore:This model usually expects")
def test_convnext_without_preprocessing_or_with_stochastic_depth_matches_keras(keras):
    from keras.src.applications import convnext as keras_convnext

    from cornu.applications import convnext

    assert_same_as_keras("ConvNeXtTiny", include_preprocessing=False, include_top=False,
                         input_shape=(32, 32, 3), pooling="max")
    cornu.backend.clear_session()
    keras.backend.clear_session(free_memory=False)
    small = {"depths": [1, 2, 1, 1], "projection_dims": [8, 16, 24, 32],
             "drop_path_rate": 0.3, "layer_scale_init_value": None, "name": "tiny_net",
             "include_top": True, "classes": 3, "input_shape": (32, 32, 4)}
    ours = convnext.ConvNeXt(**small)
    theirs = keras_convnext.ConvNeXt(**small)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    assert any(name.endswith("_stochastic_depth") for name in
               (layer.name for layer in ours.layers))
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in theirs.get_weights()]
    ours.set_weights(theirs.get_weights())
    x = _images((32, 32, 4))  # inference: stochastic depth lets everything through
    np.testing.assert_allclose(ours.predict(x, verbose=0), theirs.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


# --- predictions with Keras's weights ------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, images", [
    ("InceptionV3", {"input_shape": (75, 75, 3), "classes": 5, "classifier_activation": None},
     _images((75, 75, 3))),
    ("InceptionResNetV2", {"input_shape": (75, 75, 3), "include_top": False,
                           "pooling": "avg"}, _images((75, 75, 3))),
    ("ConvNeXtTiny", {"input_shape": (32, 32, 3), "classes": 4,
                      "classifier_activation": None}, _images((32, 32, 3), 0.0, 255.0)),
])
def test_predictions_match_keras(name, kwargs, images):
    assert_same_as_keras(name, images=images, **kwargs)


def test_nasnet_mobile_predictions_match_keras(keras_nasnet_mobile):
    assert_same_as_keras("NASNetMobile", images=_images((32, 32, 3)), include_top=False,
                         input_shape=(32, 32, 3))


# --- channels_first ------------------------------------------------------------------------

@pytest.mark.parametrize("name, side", [("InceptionV3", 75), ("NASNetMobile", 32)])
def test_channels_first_computes_the_same_as_channels_last(name, side):
    assert_channels_first_like_channels_last(name, side)


def test_convnext_refuses_channels_first():
    with image_data_format("channels_first"), pytest.raises(ValueError, match="channels_last"):
        cornu.applications.ConvNeXtTiny(weights=None, input_shape=(3, 32, 32))


# --- argument checks -----------------------------------------------------------------------

@pytest.mark.parametrize("name, kwargs, message", [
    ("InceptionV3", {"weights": "imagenet", "classes": 10}, "classes"),
    ("InceptionResNetV2", {"weights": "no/such/file.h5"}, "weights"),
    ("InceptionV3", {"weights": None, "include_top": False, "input_shape": (74, 74, 3)},
     "at least 75"),
    ("NASNetMobile", {"weights": "imagenet", "include_top": False,
                      "input_shape": (None, None, 3)}, "fully defined"),
    ("ConvNeXtTiny", {"weights": "imagenet", "name": "my_model"}, "convnext_tiny"),
])
def test_bad_arguments_are_refused_before_any_download(name, kwargs, message):
    with pytest.raises(ValueError, match=message):
        getattr(cornu.applications, name)(**kwargs)


def test_input_tensor_becomes_the_model_input():
    inputs = cornu.Input((40, 40, 3))
    model = cornu.applications.ConvNeXtTiny(weights=None, include_top=False,
                                            input_tensor=inputs, pooling="avg")
    assert model.inputs[0] is inputs
    assert tuple(model.output.shape) == (None, 768)


# --- weights="imagenet": Keras's files, origins and hashes ---------------------------------

@pytest.mark.parametrize("name, kwargs", [
    ("InceptionV3", {"include_top": True}),
    ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3)}),
    ("InceptionResNetV2", {"include_top": False, "input_shape": (75, 75, 3)}),
    ("NASNetMobile", {"include_top": True}),
    ("ConvNeXtTiny", {"include_top": False, "input_shape": (32, 32, 3)}),
])
def test_imagenet_weights_are_keras_published_file(name, kwargs, keras, keras_nasnet_mobile,
                                                   monkeypatch):
    assert_requests_keras_file(name, kwargs, keras, monkeypatch)


@pytest.mark.parametrize("name, kwargs", [
    ("InceptionV3", {"include_top": False, "input_shape": (75, 75, 3)}),
    ("ConvNeXtTiny", {"include_top": True, "classes": 1000}),
])
def test_imagenet_weights_load_from_keras_hdf5_file(name, kwargs, keras, monkeypatch,
                                                    tmp_path):
    """A file in the HDF5 layout of Keras's published weights, written by Keras, stands in
    for the download: cornu ends with its weights."""
    import cornu.utils.file_utils as cornu_file_utils

    source = getattr(keras.applications, name)(weights=None, **kwargs)
    path = str(tmp_path / "published.h5")
    source.save(path)
    record_get_file(monkeypatch, cornu_file_utils, {}, "cornu", path=path)
    ours = getattr(cornu.applications, name)(weights="imagenet", **kwargs)
    for got, expected in zip(ours.get_weights(), source.get_weights(), strict=True):
        np.testing.assert_array_equal(got, expected)


def test_weights_path_loads_a_local_file(tmp_path):
    assert_weights_path_loads("InceptionV3", tmp_path / "inception.weights.h5",
                              include_top=False, input_shape=(75, 75, 3))


# --- custom layers: behaviour and serialization --------------------------------------------

def test_custom_layers_survive_save_and_load(tmp_path):
    from cornu.applications import convnext

    model = convnext.ConvNeXt(depths=[1, 1, 1, 1], projection_dims=[8, 16, 24, 32],
                              drop_path_rate=0.2, name="small_convnext", classes=3,
                              input_shape=(32, 32, 3))
    inputs = cornu.Input((4,))
    residual = cornu.layers.Dense(4)(inputs)
    scaled = cornu.applications.inception_resnet_v2.CustomScaleLayer(0.17)([inputs, residual])
    block = cornu.Model(inputs, scaled)
    for m, x in [(model, _images((32, 32, 3), 0.0, 255.0)), (block, _images((4,)))]:
        path = str(tmp_path / f"{m.name}.keras")
        m.save(path)
        loaded = cornu.saving.load_model(path)
        assert [type(layer).__name__ for layer in loaded.layers] == [
            type(layer).__name__ for layer in m.layers]
        np.testing.assert_allclose(loaded.predict(x, verbose=0), m.predict(x, verbose=0),
                                   rtol=1e-6, atol=1e-6)


def test_custom_layers_match_keras(keras):
    from keras.src.applications import convnext as keras_convnext
    from keras.src.applications import inception_resnet_v2 as keras_irv2

    from cornu.applications import convnext, inception_resnet_v2

    x, r = _images((3, 5)), _images((3, 5), n=1)[0]
    np.testing.assert_allclose(
        cornu.ops.convert_to_numpy(inception_resnet_v2.CustomScaleLayer(0.2)([x, r])),
        keras.ops.convert_to_numpy(keras_irv2.CustomScaleLayer(0.2)([x, r])), rtol=1e-6)
    ours, theirs = convnext.LayerScale(0.3, 5), keras_convnext.LayerScale(0.3, 5)
    np.testing.assert_allclose(cornu.ops.convert_to_numpy(ours(x)),
                               keras.ops.convert_to_numpy(theirs(x)), rtol=1e-6)
    assert ours.get_config() == {**theirs.get_config(), "dtype": ours.get_config()["dtype"]}
    assert [w.shape for w in ours.weights] == [tuple(w.shape) for w in theirs.weights]
    assert ours.trainable_weights and theirs.trainable_weights


def test_stochastic_depth_drops_whole_samples_while_training():
    from cornu.applications.convnext import StochasticDepth

    layer = StochasticDepth(0.25)
    x = np.ones((4000, 3, 2), "float32")
    y = np.asarray(layer(x, training=True))
    per_sample = y.reshape(len(y), -1)
    kept = per_sample[:, 0] != 0
    # each sample is all zeros or all 1 / keep_prob
    np.testing.assert_allclose(per_sample[kept], 1 / 0.75, rtol=1e-6)
    assert not per_sample[~kept].any()
    assert abs(kept.mean() - 0.75) < 0.03  # ~ 4 standard deviations
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)
    with pytest.raises(ValueError, match="drop_path_rate"):
        StochasticDepth(1.5)
