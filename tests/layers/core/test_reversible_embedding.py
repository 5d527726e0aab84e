"""ReversibleEmbedding: Keras oracle both ways, untied weights, soft cap, masks, training."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import assert_same_call, paired_layers, to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(1)
IDS = RNG.integers(0, 12, (2, 5))
HIDDEN = RNG.standard_normal((2, 5, 6)).astype("float32")


def test_check_layer():
    check_layer(layers.ReversibleEmbedding, {"input_dim": 12, "output_dim": 6},
                input_shape=(2, 5), input_dtype="int32", expected_output_shape=(2, 5, 6),
                expected_num_trainable_weights=1)


@pytest.mark.parametrize("kwargs", [
    {},
    {"tie_weights": False},
    {"logit_soft_cap": 2.0},
    {"tie_weights": False, "logit_soft_cap": 0.5, "reverse_dtype": "float32"},
])
def test_matches_keras_both_ways(keras, kwargs):
    kwargs = {"input_dim": 12, "output_dim": 6, **kwargs}
    ours, theirs = paired_layers(keras, "ReversibleEmbedding", kwargs, IDS.shape)
    assert_same_call(keras, ours, theirs, IDS, rtol=0, atol=0)
    assert_same_call(keras, ours, theirs, HIDDEN, rtol=1e-5, atol=1e-6, reverse=True)
    assert len(ours.trainable_weights) == (1 if kwargs.get("tie_weights", True) else 2)
    config = ours.get_config()
    for key in ("tie_weights", "reverse_dtype", "logit_soft_cap", "input_dim", "output_dim"):
        assert config[key] == theirs.get_config()[key]


def test_soft_cap_bounds_logits():
    layer = layers.ReversibleEmbedding(12, 6, logit_soft_cap=0.25,
                                       embeddings_initializer="ones")
    layer.build()
    logits = ops.convert_to_numpy(layer(HIDDEN * 100, reverse=True))
    assert np.all(np.abs(logits) <= 0.25 + 1e-6)


def test_mask_flows_into_an_rnn_like_keras(keras):
    def build(lib):
        inputs = lib.Input((5,), dtype="int32")
        emb = lib.layers.ReversibleEmbedding(12, 6, mask_zero=True)
        hidden = lib.layers.LSTM(6, return_sequences=True)(emb(inputs))
        return lib.Model(inputs, emb(hidden, reverse=True))

    ours, theirs = build(cornu), build(keras)
    ours.set_weights(theirs.get_weights())
    ids = IDS.copy()
    ids[:, -2:] = 0
    np.testing.assert_allclose(ours.predict(ids, verbose=0),
                               to_numpy(keras, theirs.predict(ids, verbose=0)),
                               rtol=1e-5, atol=1e-6)
    out = layers.ReversibleEmbedding(12, 6, mask_zero=True)(ids)
    assert ops.convert_to_numpy(out._keras_mask).tolist() == (ids != 0).tolist()


def test_tied_gradients_reach_the_embeddings_from_both_directions():
    inputs = cornu.Input((5,), dtype="int32")
    emb = layers.ReversibleEmbedding(12, 6)
    model = cornu.Model(inputs, emb(emb(inputs), reverse=True))
    model.compile("sgd", "sparse_categorical_crossentropy")
    before = model.get_weights()[0].copy()
    model.fit(IDS, IDS, epochs=1, verbose=0)
    assert not np.allclose(before, model.get_weights()[0])


def test_reverse_call_on_wrong_width_says_what_to_do():
    layer = layers.ReversibleEmbedding(12, 6)
    layer.build()
    with pytest.raises(ValueError, match="output_dim=6"):
        layer(np.zeros((2, 3), "float32"), reverse=True)


def test_saves_and_loads(tmp_path):
    inputs = cornu.Input((5,), dtype="int32")
    emb = layers.ReversibleEmbedding(12, 6, tie_weights=False)
    model = cornu.Model(inputs, emb(emb(inputs), reverse=True))
    model.save(tmp_path / "m.keras")
    loaded = cornu.saving.load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(loaded.predict(IDS, verbose=0), model.predict(IDS, verbose=0))
