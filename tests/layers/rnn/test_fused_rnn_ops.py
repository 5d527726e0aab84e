"""The recurrent/attention engine ops: fused LSTM/GRU (packed right-padded masks) equal the
step loop, values and gradients; when the layers take the fused path;
dot_product_attention against NumPy."""

import numpy as np
import pytest
import torch

from cornu import layers, ops
from cornu.backend.torch import rnn as engine
from tests.layers.rnn.rnn_oracle import assert_same, random_array

X = torch.tensor(random_array((4, 6, 3)))
MASKS = {
    "right": np.array([[1] * 6, [1, 1, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1] * 5 + [0]], bool),
    "empty_row": np.array([[1] * 6, [0] * 6, [1, 1, 0, 0, 0, 0], [1] * 6], bool),
    "all": np.ones((4, 6), bool),
}


def _pair(cls, **kwargs):
    fused = cls(3, return_sequences=True, return_state=True, **kwargs)
    fused.build(X.shape)
    loop = cls(3, return_sequences=True, return_state=True, use_cudnn=False, **kwargs)
    loop.build(X.shape)
    loop.set_weights([w * 2 for w in fused.get_weights()])
    fused.set_weights(loop.get_weights())
    return fused, loop


@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize("mask", list(MASKS))
@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("zero_output", [False, True])
def test_fused_equals_loop(cls, mask, go_backwards, zero_output):
    fused, loop = _pair(cls, go_backwards=go_backwards)
    fused.zero_output_for_mask = loop.zero_output_for_mask = zero_output
    m = torch.tensor(MASKS[mask])
    x = X.clone().requires_grad_(True)
    got = fused(x, mask=m)
    want = loop(x, mask=m)
    assert_same(got, want, rtol=1e-5, atol=1e-6)
    # Gradients through the packed kernel equal the loop's.
    probe = [torch.randn(o.shape, generator=torch.Generator().manual_seed(i))
             for i, o in enumerate(got)]
    grads_fused = torch.autograd.grad(sum((o * p).sum() for o, p in zip(got, probe)),
                                      [x, *fused.trainable_weights])
    grads_loop = torch.autograd.grad(sum((o * p).sum() for o, p in zip(want, probe)),
                                     [x, *loop.trainable_weights])
    for a, b in zip(grads_fused, grads_loop):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cls", [layers.LSTM, layers.GRU])
@pytest.mark.parametrize("mask", [None, "right", "empty_row", "holes"])
@pytest.mark.parametrize("kwargs", [{}, {"return_sequences": True, "return_state": True}])
def test_fused_bidirectional_equals_two_layers(cls, mask, kwargs):
    fused = layers.Bidirectional(cls(3, **kwargs))
    fused.build(X.shape)
    split = layers.Bidirectional(cls(3, use_cudnn=False, **kwargs))
    split.build(X.shape)
    split.set_weights([w * 2 for w in fused.get_weights()])
    fused.set_weights(split.get_weights())
    holes = np.array([[1, 0, 1, 1, 1, 1]] * 4, bool)
    m = None if mask is None else torch.tensor(holes if mask == "holes" else MASKS[mask])
    n_states = 4 if cls is layers.LSTM else 2
    states = [torch.tensor(random_array((4, 3), seed=i)) for i in range(n_states)]
    x = X.clone().requires_grad_(True)
    for extra in ({}, {"initial_state": states}):
        got, want = fused(x, mask=m, **extra), split(x, mask=m, **extra)
        assert_same(got, want, rtol=1e-5, atol=1e-6)
    probe = [torch.randn(o.shape, generator=torch.Generator().manual_seed(i))
             for i, o in enumerate(got)]
    grads = [torch.autograd.grad(sum((o * p).sum() for o, p in zip(outs, probe)),
                                 [x, *layer.trainable_weights])
             for outs, layer in ((got, fused), (want, split))]
    for a, b in zip(*grads):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)


def test_masks_with_holes_fall_back_to_the_loop():
    holes = torch.tensor([[1, 0, 1, 1, 1, 1]] * 4, dtype=torch.bool)
    with pytest.raises(NotImplementedError):
        engine._right_padded_lengths(holes, 6)
    assert engine._right_padded_lengths(torch.ones(4, 6, dtype=torch.bool), 6) is None
    fused, loop = _pair(layers.LSTM)
    assert_same(fused(X, mask=holes), loop(X, mask=holes), rtol=1e-5, atol=1e-6)


def test_layers_take_the_fused_path_when_allowed(monkeypatch):
    calls = []
    for name in ("_fused", "_fused_bidirectional"):
        original = getattr(engine, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(engine, name, spy)
    layers.LSTM(3)(X)
    layers.GRU(3, dropout=0.2)(X, training=True)
    layers.Bidirectional(layers.LSTM(3))(X, mask=torch.tensor(MASKS["right"]))
    layers.Bidirectional(layers.GRU(3, dropout=0.2))(X, training=True)  # two masks: 2 calls
    assert calls == ["_fused", "_fused", "_fused_bidirectional", "_fused", "_fused"]
    for layer in (layers.LSTM(3, activation="relu"), layers.LSTM(3, recurrent_dropout=0.1),
                  layers.LSTM(3, unroll=True), layers.LSTM(3, use_bias=False),
                  layers.GRU(3, reset_after=False), layers.GRU(3, use_cudnn=False),
                  layers.GRU(3, recurrent_activation="hard_sigmoid")):
        layer(X)
    assert len(calls) == 5


def test_rnn_op_masking_semantics():
    def step(x, states):
        new = states[0] + x
        return new * 10, [new]

    x = torch.ones(1, 4, 1)
    mask = torch.tensor([[0, 1, 0, 1]], dtype=torch.bool)
    last, outputs, states = ops.rnn(step, x, [torch.zeros(1, 1)], mask=mask)
    np.testing.assert_array_equal(outputs.view(-1).numpy(), [0, 10, 10, 20])
    np.testing.assert_array_equal(states[0].view(-1).numpy(), [2])
    _, outputs, _ = ops.rnn(step, x, [torch.zeros(1, 1)], mask=mask, zero_output_for_mask=True,
                            go_backwards=True)
    np.testing.assert_array_equal(outputs.view(-1).numpy(), [10, 0, 20, 0])
    last, outputs, _ = ops.rnn(step, x, [torch.zeros(1, 1)], return_all_outputs=False)
    assert tuple(outputs.shape) == (1, 1, 1) and last.item() == 40


def _reference_attention(q, k, v, mask=None, scale=None):
    q, k, v = (np.swapaxes(t, 1, 2).astype(np.float64) for t in (q, k, v))
    if k.shape[1] != q.shape[1]:
        k = np.repeat(k, q.shape[1] // k.shape[1], axis=1)
        v = np.repeat(v, q.shape[1] // v.shape[1], axis=1)
    scores = q @ np.swapaxes(k, -1, -2) * (scale or 1 / np.sqrt(q.shape[-1]))
    if mask is not None:
        scores = np.where(mask, scores, -1e30)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return np.swapaxes(w @ v, 1, 2)


@pytest.mark.parametrize("kv_heads", [4, 2, 1])
def test_dot_product_attention_matches_numpy(kv_heads):
    rng = np.random.default_rng(0)
    q = rng.standard_normal((2, 5, 4, 3)).astype("f")
    k = rng.standard_normal((2, 6, kv_heads, 3)).astype("f")
    v = rng.standard_normal((2, 6, kv_heads, 2)).astype("f")
    mask = rng.random((2, 1, 5, 6)) > 0.3
    mask[..., 0] = True
    got = ops.dot_product_attention(q, k, v, mask=mask)
    np.testing.assert_allclose(ops.convert_to_numpy(got), _reference_attention(q, k, v, mask),
                               rtol=1e-5, atol=1e-6)
    causal = np.tril(np.ones((5, 6), bool))
    got = ops.dot_product_attention(q, k, v, is_causal=True, scale=0.5)
    np.testing.assert_allclose(ops.convert_to_numpy(got),
                               _reference_attention(q, k, v, causal, 0.5), rtol=1e-5, atol=1e-6)
    got = ops.dot_product_attention(q, k, v, mask=mask, is_causal=True)
    np.testing.assert_allclose(ops.convert_to_numpy(got),
                               _reference_attention(q, k, v, mask & causal), rtol=1e-5,
                               atol=1e-6)
    with pytest.raises(ValueError, match="4-D"):
        ops.dot_product_attention(q[0], k[0], v[0])
