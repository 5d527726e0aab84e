"""MultiHeadAttention and GroupQueryAttention against Keras 3: weights (names, shapes,
order), masks, causal masks, attention axes, scores, gate, sliding window, fused-path use,
gradients, symbolic use, the standard battery."""

import numpy as np
import pytest
import torch

import cornu
from cornu import layers, ops
from tests.layers.rnn.rnn_oracle import (
    assert_same,
    check_weight_gradients,
    random_array,
    twins,
)

Q, V, K = random_array((2, 4, 6)), random_array((2, 5, 6), 1), random_array((2, 5, 6), 2)
ATT_MASK = np.random.default_rng(3).random((2, 4, 5)) > 0.3
ATT_MASK[0, 1] = False  # a query that may attend to nothing
CALLS = [{}, {"attention_mask": ATT_MASK}, {"use_causal_mask": True},
         {"return_attention_scores": True},
         {"attention_mask": ATT_MASK, "use_causal_mask": True, "return_attention_scores": True}]


@pytest.mark.parametrize("kwargs", [
    {"num_heads": 2, "key_dim": 3},
    {"num_heads": 2, "key_dim": 3, "value_dim": 4, "output_shape": 7},
    {"num_heads": 3, "key_dim": 2, "use_bias": False},
    {"num_heads": 2, "key_dim": 3, "use_gate": True},
    {"num_heads": 2, "key_dim": 3, "sliding_window": 2},
])
@pytest.mark.parametrize("call", CALLS)
def test_mha_matches_keras(keras, kwargs, call):
    ours, theirs = twins(keras, lambda m: m.MultiHeadAttention(**kwargs),
                         [Q.shape, V.shape, K.shape])
    assert_same(ours(Q, V, K, **call), theirs(Q, V, K, **call))
    assert_same(ours(Q, V, **call), theirs(Q, V, **call))
    assert [w.path.split("/")[-2:] for w in ours.weights] == [
        w.path.split("/")[-2:] for w in theirs.weights]
    assert set(ours.get_config()) == set(theirs.get_config())


@pytest.mark.parametrize("axes", [None, (2,), (1, 2)])
def test_mha_attention_axes_match_keras(keras, axes):
    x = random_array((2, 3, 4, 6), 4)
    ours, theirs = twins(keras, lambda m: m.MultiHeadAttention(2, 3, attention_axes=axes),
                         [x.shape, x.shape])
    assert_same(ours(x, x), theirs(x, x))
    assert_same(ours(x, x, return_attention_scores=True),
                theirs(x, x, return_attention_scores=True))
    assert ours.get_config()["attention_axes"] == theirs.get_config()["attention_axes"]


def test_mha_input_masks_and_dropout_semantics(keras):
    ids = np.array([[1, 2, 3, 0], [4, 0, 0, 0]])
    emb = layers.Embedding(6, 6, mask_zero=True)
    x = emb(ids)
    k_x = keras.ops.convert_to_tensor(ops.convert_to_numpy(x))
    for dropout in (0.0, 0.3):  # Keras takes different kernels with and without dropout
        k_x._keras_mask = keras.ops.convert_to_tensor(ids != 0)  # (Keras's call clears it)
        ours, theirs = twins(keras, lambda m, d=dropout: m.MultiHeadAttention(2, 3, dropout=d),
                             [x.shape, x.shape])
        got = ours(x, x)
        assert_same(got, theirs(k_x, k_x))
        np.testing.assert_array_equal(ops.convert_to_numpy(got._keras_mask), ids != 0)


def test_mha_uses_the_fused_kernel_unless_scores_are_needed(monkeypatch):
    calls = []
    original = ops.dot_product_attention
    monkeypatch.setattr(ops, "dot_product_attention",
                        lambda *a, **k: calls.append(1) or original(*a, **k))
    layer = layers.MultiHeadAttention(2, 3, dropout=0.1)
    layer(Q, V, training=True)
    layer(Q, V, use_causal_mask=True)
    layer(Q, V, return_attention_scores=True)
    layers.MultiHeadAttention(2, 3, attention_axes=(1, 2))(random_array((2, 3, 4, 6)),
                                                           random_array((2, 3, 4, 6)))
    assert len(calls) == 2
    a = ops.convert_to_numpy(layer(Q, V, training=True))
    assert not np.allclose(a, ops.convert_to_numpy(layer(Q, V)))


def test_mha_battery_symbolic_keywords_and_gradients():
    q_in, v_in = cornu.Input((4, 6)), cornu.Input((5, 8))
    mha = layers.MultiHeadAttention(2, 3, output_shape=(5,))
    out, scores = mha(query=q_in, value=v_in, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 5) and tuple(scores.shape) == (None, 2, 4, 5)
    model = cornu.Model([q_in, v_in], out)
    model.compile("adam", "mse")
    model.fit([Q, random_array((2, 5, 8))], np.zeros((2, 4, 5), "f"), verbose=0)
    keyed = layers.MultiHeadAttention(2, 3)
    keyed(Q, V, key=random_array((2, 5, 3)))
    assert tuple(keyed.key_dense.kernel.shape) == (3, 2, 3)
    layer = layers.MultiHeadAttention(2, 3, dtype="float64")
    x = torch.tensor(random_array((2, 4, 6)), dtype=torch.float64)
    mask = ATT_MASK[..., :4] | np.eye(4, dtype=bool)  # every query attends to something
    check_weight_gradients(layer, x, call_kwargs={"value": x, "attention_mask": mask})
    with pytest.raises(ValueError, match="num_heads"):
        layers.MultiHeadAttention(0, 3)
    with pytest.raises(ValueError, match="flash"):
        layers.MultiHeadAttention(2, 3, dropout=0.1, flash_attention=True)


@pytest.mark.parametrize("kwargs", [
    {"head_dim": 3, "num_query_heads": 4, "num_key_value_heads": 2},
    {"head_dim": 3, "num_query_heads": 2, "num_key_value_heads": 2, "use_gate": True},
    {"head_dim": 2, "num_query_heads": 3, "num_key_value_heads": 1, "use_bias": False},
    {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2, "sliding_window": 2},
])
@pytest.mark.parametrize("call", CALLS)
def test_gqa_matches_keras(keras, kwargs, call):
    ours, theirs = twins(keras, lambda m: m.GroupQueryAttention(**kwargs),
                         [Q.shape, V.shape, K.shape])
    assert_same(ours(Q, V, K, **call), theirs(Q, V, K, **call))
    assert set(ours.get_config()) == set(theirs.get_config())


@pytest.mark.parametrize("make", [
    lambda: layers.MultiHeadAttention(2, 3, value_dim=2, output_shape=(4,), use_gate=True,
                                      kernel_initializer="he_normal", attention_axes=1),
    lambda: layers.GroupQueryAttention(3, 4, 2, sliding_window=3, use_bias=False),
])
def test_config_round_trip(make):
    layer = make()
    out = layer(Q, V, K)
    clone = type(layer).from_config(layer.get_config())
    clone(Q, V, K)
    clone.set_weights(layer.get_weights())
    assert_same(clone(Q, V, K), out)
    assert clone.get_config() == layer.get_config()


def test_gqa_battery_and_errors():
    q_in = cornu.Input((4, 6))
    layer = layers.GroupQueryAttention(2, 4, 2)
    out, scores = layer(q_in, q_in, return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 6) and tuple(scores.shape) == (None, 4, 4, 4)
    assert [tuple(w.shape) for w in layer.weights] == [
        (6, 4, 2), (4, 2), (6, 2, 2), (2, 2), (6, 2, 2), (2, 2), (4, 2, 6), (6,)]
    with pytest.raises(ValueError, match="divisible"):
        layers.GroupQueryAttention(2, 3, 2)
