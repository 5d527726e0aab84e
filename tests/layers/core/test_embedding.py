"""Embedding: Keras oracle, index dtypes, mask_zero, legacy arguments, training."""

import warnings

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import assert_same_call, paired_layers

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(0)
IDS = RNG.integers(0, 10, (3, 6))


def test_check_layer():
    check_layer(layers.Embedding, {"input_dim": 10, "output_dim": 4}, input_shape=(2, 5),
                input_dtype="int32", expected_output_shape=(2, 5, 4),
                expected_num_trainable_weights=1)


@pytest.mark.parametrize("dtype", ["int32", "int64", "int16", "uint8", "float32"])
def test_matches_keras_for_index_dtypes(keras, dtype):
    ours, theirs = paired_layers(keras, "Embedding", {"input_dim": 10, "output_dim": 4},
                                 IDS.shape)
    out = assert_same_call(keras, ours, theirs, IDS.astype(dtype), rtol=0, atol=0)
    assert out.shape == (3, 6, 4) and out.dtype == np.float32


def test_mask_zero_matches_keras(keras):
    ours, theirs = paired_layers(keras, "Embedding",
                                 {"input_dim": 10, "output_dim": 4, "mask_zero": True},
                                 IDS.shape)
    theirs_out, ours_out = theirs(IDS), ours(IDS)
    np.testing.assert_array_equal(ops.convert_to_numpy(ours_out._keras_mask), IDS != 0)
    np.testing.assert_array_equal(ops.convert_to_numpy(ours_out._keras_mask),
                                  keras.ops.convert_to_numpy(theirs_out._keras_mask))
    assert ours.supports_masking
    assert ops.convert_to_numpy(ours.compute_mask(IDS)).tolist() == (IDS != 0).tolist()
    assert layers.Embedding(10, 4).compute_mask(IDS) is None


def test_weights_argument_and_config(keras):
    table = RNG.standard_normal((5, 2)).astype("float32")
    layer = layers.Embedding(5, 2, weights=table)
    assert layer.built
    np.testing.assert_array_equal(layer.get_weights()[0], table)
    config = layer.get_config()
    assert "weights" not in config
    theirs = keras.layers.Embedding(5, 2, mask_zero=True).get_config()
    ours = layers.Embedding(5, 2, mask_zero=True).get_config()
    for key in ("input_dim", "output_dim", "mask_zero"):
        assert ours[key] == theirs[key]
    assert ours["embeddings_initializer"]["class_name"] == "RandomUniform"


def test_keras2_input_length_warns_and_fixes_the_input_shape():
    with pytest.warns(DeprecationWarning, match="input_length"):
        layer = layers.Embedding(input_dim=20, output_dim=3, input_length=6)
    model = cornu.Sequential([layer, layers.Flatten(), layers.Dense(1)])
    assert tuple(model.output_shape) == (None, 1)
    model.compile("sgd", "mse")
    model.fit(RNG.integers(0, 20, (8, 6)), np.zeros((8, 1)), verbose=0)


def test_keras1_output_dim_input_dim_keywords():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        layer = layers.Embedding(output_dim=8, input_dim=100, input_length=10)
    assert (layer.input_dim, layer.output_dim) == (100, 8)


def test_training_updates_only_looked_up_rows():
    inputs = cornu.Input((3,), dtype="int32")
    emb = layers.Embedding(6, 2)
    model = cornu.Model(inputs, layers.Flatten()(emb(inputs)))
    model.compile("sgd", "mse")
    before = emb.get_weights()[0].copy()
    model.fit(np.array([[1, 2, 1]]), np.ones((1, 6)), verbose=0)
    after = emb.get_weights()[0]
    changed = np.any(before != after, axis=1)
    assert changed.tolist() == [False, True, True, False, False, False]


def test_mask_flows_to_downstream_layers_in_a_model():
    inputs = cornu.Input((4,), dtype="int32")
    emb = layers.Embedding(5, 3, mask_zero=True)
    bn = layers.BatchNormalization(momentum=0.0)
    model = cornu.Model(inputs, bn(layers.Dense(3)(emb(inputs))))
    ids = np.array([[1, 2, 0, 0], [3, 0, 0, 0]])
    out = model(ids, training=True)
    np.testing.assert_array_equal(ops.convert_to_numpy(out._keras_mask), ids != 0)
    dense_out = ops.convert_to_numpy(model.layers[2](emb(ids)))
    kept = dense_out[ids != 0]
    np.testing.assert_allclose(bn.moving_mean.numpy(), kept.mean(0), rtol=1e-4, atol=1e-6)


def test_invalid_dims_are_reported():
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 3)
    with pytest.raises(ValueError, match="output_dim"):
        layers.Embedding(3, 2.5)
