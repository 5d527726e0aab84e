"""Attention and AdditiveAttention against Keras 3 and NumPy: score modes, masks, causal
masks, scores, dropout, symbolic use, the standard battery."""

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
Q_MASK = np.array([[1, 1, 1, 0], [1, 1, 0, 0]], bool)
V_MASK = np.array([[1, 1, 1, 1, 0], [1, 0, 0, 0, 0]], bool)
CALLS = [{}, {"mask": [Q_MASK, V_MASK]}, {"use_causal_mask": True},
         {"mask": [Q_MASK, V_MASK], "use_causal_mask": True, "return_attention_scores": True},
         {"return_attention_scores": True}]


@pytest.mark.parametrize("name,kwargs", [
    ("Attention", {}), ("Attention", {"use_scale": True}),
    ("Attention", {"score_mode": "concat"}), ("Attention", {"score_mode": "concat",
                                                            "use_scale": True}),
    ("AdditiveAttention", {}), ("AdditiveAttention", {"use_scale": False}),
])
@pytest.mark.parametrize("call", CALLS)
def test_matches_keras(keras, name, kwargs, call):
    ours, theirs = twins(keras, lambda m: getattr(m, name)(**kwargs), [[Q.shape, V.shape]])
    assert_same(ours([Q, V, K], **call), theirs([Q, V, K], **call))
    assert_same(ours([Q, V], **call), theirs([Q, V], **call))
    assert set(ours.get_config()) == set(theirs.get_config())


def test_dot_attention_matches_numpy():
    out, weights = layers.Attention()([Q, V, K], mask=[None, V_MASK],
                                      return_attention_scores=True)
    scores = np.einsum("bqd,bkd->bqk", Q, K) - 1e9 * ~V_MASK[:, None, :]
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    np.testing.assert_allclose(ops.convert_to_numpy(weights), w, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(out), w @ V, rtol=1e-5, atol=1e-6)


def test_masks_flow_and_symbolic_shapes():
    q_in, v_in = cornu.Input((4, 6)), cornu.Input((5, 6))
    out, scores = layers.Attention()([q_in, v_in], return_attention_scores=True)
    assert tuple(out.shape) == (None, 4, 6) and tuple(scores.shape) == (None, 4, 5)
    model = cornu.Model([q_in, v_in], layers.AdditiveAttention()([q_in, v_in]))
    model.compile("adam", "mse")
    model.fit([Q, V], np.zeros((2, 4, 6), "f"), verbose=0)
    ids = np.array([[1, 2, 0], [3, 0, 0]])
    emb = layers.Embedding(5, 6, mask_zero=True)
    q = emb(ids)
    out = layers.Attention()([q, q])
    np.testing.assert_array_equal(ops.convert_to_numpy(out._keras_mask), ids != 0)
    np.testing.assert_array_equal(ops.convert_to_numpy(out)[ids == 0], 0)


def test_dropout_only_in_training():
    layer = layers.Attention(dropout=0.5, seed=3)
    a = ops.convert_to_numpy(layer([Q, V], training=True))
    assert not np.allclose(a, ops.convert_to_numpy(layer([Q, V])))
    assert_same(layer([Q, V]), layers.Attention()([Q, V]))


@pytest.mark.parametrize("make", [
    lambda: layers.Attention(use_scale=True, score_mode="concat", dtype="float64"),
    lambda: layers.AdditiveAttention(dtype="float64"),
])
def test_gradients_match_finite_differences(make):
    inputs = [torch.tensor(t, dtype=torch.float64) for t in (Q, V, K)]
    check_weight_gradients(make(), inputs, call_kwargs={"mask": [Q_MASK, V_MASK]})


def test_keras2_causal_argument():
    with pytest.warns(DeprecationWarning, match="use_causal_mask"):
        layer = layers.Attention(causal=True)
    assert_same(layer([Q, V]), layers.Attention()([Q, V], use_causal_mask=True))


def test_errors():
    with pytest.raises(ValueError, match="score_mode"):
        layers.Attention(score_mode="cosine")
    with pytest.raises(ValueError, match="list"):
        layers.Attention()(Q)
    with pytest.raises(ValueError, match="mask"):
        layers.Attention()([Q, V], mask=Q_MASK)
