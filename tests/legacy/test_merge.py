"""Keras 1's ``Merge`` layer and ``merge`` function against NumPy reference math."""

import warnings

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.layers import Dense, Input, Merge, merge
from cornu.models import Sequential
from cornu.utils import legacy as legacy_utils

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
RNG = np.random.RandomState(0)
A = RNG.rand(4, 5).astype("float32")
B = RNG.rand(4, 5).astype("float32")


def _cos(a, b):
    return np.sum(a * b, axis=1, keepdims=True) / (
        np.linalg.norm(a, axis=1, keepdims=True) * np.linalg.norm(b, axis=1, keepdims=True))


@pytest.mark.parametrize("mode, expected", [
    ("sum", A + B), ("mul", A * B), ("ave", (A + B) / 2), ("max", np.maximum(A, B)),
    ("concat", np.concatenate([A, B], axis=-1)), ("dot", np.sum(A * B, axis=1, keepdims=True)),
    ("cos", _cos(A, B)),
])
def test_modes(mode, expected):
    out = Merge(mode=mode)([A, B])
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=1e-5, atol=1e-6)
    a, b = Input((5,)), Input((5,))
    assert merge([a, b], mode=mode).shape == (None, *expected.shape[1:])


def test_concat_axis_and_dot_axes():
    x, y = RNG.rand(2, 3, 4).astype("float32"), RNG.rand(2, 3, 6).astype("float32")
    out = ops.convert_to_numpy(merge([x, y], mode="concat", concat_axis=2))
    np.testing.assert_allclose(out, np.concatenate([x, y], axis=2))
    out = ops.convert_to_numpy(merge([x, y], mode="dot", dot_axes=[1, 1]))
    np.testing.assert_allclose(out, np.einsum("bij,bik->bjk", x, y), rtol=1e-5)


def test_function_modes():
    list_fn = ops.convert_to_numpy(Merge(mode=lambda t: t[0] - 2 * t[1])([A, B]))
    np.testing.assert_allclose(list_fn, A - 2 * B, rtol=1e-6)
    # Keras 1's guide writes ``mode=lambda x, y: x - y``: N arguments get the N tensors.
    two_args = ops.convert_to_numpy(Merge(mode=lambda x, y: x - y)([A, B]))
    np.testing.assert_allclose(two_args, A - B, rtol=1e-6)
    scaled = Merge(mode=lambda t, scale: (t[0] + t[1]) * scale, arguments={"scale": 3.0})
    np.testing.assert_allclose(ops.convert_to_numpy(scaled([A, B])), (A + B) * 3, rtol=1e-6)
    a, b = Input((5,)), Input((5,))
    assert merge([a, b], mode=lambda t: t[0][:, :2], output_shape=(2,)).shape == (None, 2)
    assert merge([a, b], mode=lambda t: t[0] * t[1]).shape == (None, 5)  # traced


def _branches():
    left = Sequential([Dense(6, input_dim=5)])
    right = Sequential([Dense(4, input_dim=3)])
    return left, right


def test_merge_of_sequential_branches_trains_everything():
    left, right = _branches()
    model = Sequential([Merge([left, right], mode="concat"), Dense(2)])
    assert [tuple(s) for s in model.input_shape] == [(None, 5), (None, 3)]
    assert model.output_shape == (None, 2) and len(model.inputs) == 2
    assert len(model.trainable_weights) == 6
    x1, x2 = RNG.rand(8, 5).astype("float32"), RNG.rand(8, 3).astype("float32")
    w_l, b_l = left.get_weights()
    w_r, b_r = right.get_weights()
    w, b = model.layers[-1].get_weights()
    expected = np.concatenate([x1 @ w_l + b_l, x2 @ w_r + b_r], axis=1) @ w + b
    np.testing.assert_allclose(model.predict([x1, x2], verbose=0), expected, rtol=1e-5,
                               atol=1e-6)
    before = left.get_weights()[0].copy()
    model.compile(loss="mse", optimizer="sgd")
    model.fit([x1, x2], RNG.rand(8, 2), epochs=2, verbose=0)
    assert not np.allclose(left.get_weights()[0], before)  # the branch is trained too


def test_merge_of_layers_returns_a_layer_and_checks_inputs():
    left, right = _branches()
    layer = merge([left, right], mode="concat")
    assert isinstance(layer, Merge)
    with pytest.raises(ValueError, match="2 input"):
        layer([np.ones((1, 5), "float32")])
    with pytest.raises(ValueError, match="cannot tell the input shape"):
        Merge([Dense(3), Dense(3)])


def test_errors_name_the_fix():
    with pytest.raises(ValueError, match="unknown mode 'avg'"):
        Merge(mode="avg")
    x = Input((3,))
    with pytest.raises(ValueError, match="Call each layer on a tensor first"):
        merge([x, Dense(3)], mode="sum")  # Keras 1 guide typo: the layer was never called
    with pytest.raises(ValueError, match="list of tensors"):
        Merge(mode="sum")(np.ones((2, 3)))


def test_config_round_trip():
    layer = Merge(mode="concat", concat_axis=1, name="joined")
    config = layer.get_config()
    assert config["mode"] == "concat" and config["concat_axis"] == 1
    clone = Merge.from_config(config)
    assert clone.name == "joined" and clone.mode == "concat"
    with pytest.raises(NotImplementedError, match="Lambda"):
        Merge(mode=lambda t: t[0]).get_config()


def test_warns_once_naming_the_keras3_layer(monkeypatch):
    monkeypatch.setattr(legacy_utils, "_warned", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Merge(mode="ave")
        Merge(mode="ave")
        merge([A, B], mode="ave")
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert len(messages) == 2
    assert "cornu.layers.Average()" in messages[0]
    assert "cornu.layers.add / multiply / average" in messages[1]


def test_exported_from_cornu_layers():
    assert cornu.layers.Merge is Merge and cornu.layers.merge is merge
