"""Layers under "mixed_bfloat16" and "mixed_float16" against real Keras 3 with the same
weights: float32 variables, the same output dtypes, the same values within 16-bit
tolerance, and float32 gradients."""

import numpy as np
import pytest
import torch

import cornu
from cornu import layers, ops

MIXED = ["mixed_bfloat16", "mixed_float16"]
# Both libraries round to the 16-bit type at different points of a computation.
TOL = {"bfloat16": 3e-2, "float16": 4e-3}
_RNG = np.random.default_rng(7)
SEQ = _RNG.standard_normal((2, 5, 4)).astype("float32")
IMG = _RNG.standard_normal((2, 8, 8, 3)).astype("float32")
IDS = np.array([[1, 2, 0], [3, 9, 4]], dtype="int32")

CASES = {
    "dense": (lambda lib: lib.layers.Dense(3, activation="relu"), (SEQ,), {}),
    "conv2d": (lambda lib: lib.layers.Conv2D(4, 3, padding="same"), (IMG,), {}),
    "lstm": (lambda lib: lib.layers.LSTM(3, return_sequences=True), (SEQ,), {}),
    "mha": (lambda lib: lib.layers.MultiHeadAttention(2, 3), (SEQ, SEQ[:, :3]), {}),
    "batch_norm_train": (lambda lib: lib.layers.BatchNormalization(), (SEQ,),
                         {"training": True}),
    "batch_norm_infer": (lambda lib: lib.layers.BatchNormalization(), (SEQ,),
                         {"training": False}),
    "embedding": (lambda lib: lib.layers.Embedding(10, 4), (IDS,), {}),
    "layer_norm": (lambda lib: lib.layers.LayerNormalization(), (SEQ,), {}),
    "text_model": (lambda lib: lib.Sequential([
        lib.Input((3,), dtype="int32"), lib.layers.Embedding(10, 4, mask_zero=True),
        lib.layers.LSTM(3), lib.layers.Dense(2)]), (IDS,), {}),
}


def _np(x):
    return ops.convert_to_numpy(x).astype("float32")


def _dtype(x) -> str:
    return cornu.backend.standardize_dtype(x.dtype)


def _pair(keras, policies, policy, case):
    """The layer built by each library under ``policy``, cornu's with Keras's weights."""
    policies(policy)
    make, args, kwargs = CASES[case]
    theirs, ours = make(keras), make(cornu)
    theirs(*args, **kwargs)
    ours(*args, **kwargs)
    ours.set_weights([np.asarray(w) for w in theirs.get_weights()])
    return ours, theirs, args, kwargs


@pytest.mark.parametrize("policy", MIXED)
@pytest.mark.parametrize("case", sorted(CASES))
def test_layer_matches_keras(keras, policies, policy, case):
    ours, theirs, args, kwargs = _pair(keras, policies, policy, case)
    assert [_dtype(w) for w in ours.weights] == [_dtype(w) for w in theirs.weights]
    assert all(_dtype(w) == "float32" for w in ours.weights)
    assert (ours.compute_dtype, ours.variable_dtype) == (
        theirs.compute_dtype, theirs.variable_dtype)
    expected = theirs(*args, **kwargs)
    got = ours(*args, **kwargs)
    assert _dtype(got) == _dtype(expected) == ours.compute_dtype
    tol = TOL[ours.compute_dtype]
    np.testing.assert_allclose(_np(got),
                               _np(expected), rtol=tol, atol=tol)
    # The stored state (BatchNormalization's moving statistics) stays float32 and equal.
    for w_ours, w_theirs in zip(ours.weights, theirs.weights):
        np.testing.assert_allclose(ops.convert_to_numpy(w_ours),
                                   _np(w_theirs), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("policy", MIXED)
def test_mixed_outputs_track_the_float32_result(policy):
    cornu.mixed_precision.set_global_policy(policy)
    mixed = layers.Conv2D(4, 3)
    mixed(IMG)
    plain = layers.Conv2D(4, 3, dtype="float32")
    plain(IMG)
    plain.set_weights(mixed.get_weights())
    tol = TOL[mixed.compute_dtype]
    np.testing.assert_allclose(ops.convert_to_numpy(mixed(IMG)).astype("float32"),
                               ops.convert_to_numpy(plain(IMG)), rtol=tol, atol=tol)


@pytest.mark.parametrize("policy", MIXED)
def test_gradients_reach_the_float32_variables(policy):
    cornu.mixed_precision.set_global_policy(policy)
    layer = layers.Dense(3)
    out = layer(torch.ones((2, 4)))
    assert _dtype(out) == layer.compute_dtype
    out.float().sum().backward()
    assert _dtype(layer.kernel.grad) == "float32"
    np.testing.assert_allclose(layer.kernel.grad.numpy(), np.full((4, 3), 2.0))
    assert isinstance(layer.kernel, cornu.Variable)  # the casts are gone after the call


@pytest.mark.parametrize("policy", MIXED)
def test_functional_model_dtypes_match_keras(keras, policies, policy):
    policies(policy)
    outs = {}
    for lib in (cornu, keras):
        inputs = lib.Input((4,))
        hidden = lib.layers.Dense(8, activation="relu")(inputs)
        probs = lib.layers.Activation("softmax", dtype="float32")(lib.layers.Dense(3)(hidden))
        model = lib.Model(inputs, [hidden, probs])
        outs[lib.__name__] = (inputs.dtype, hidden.dtype, probs.dtype, model)
    ours, theirs = outs["cornu"], outs["keras"]
    assert ours[:3] == tuple(str(d) for d in theirs[:3])
    ours[3].set_weights(theirs[3].get_weights())
    x = SEQ[:, 0]
    got, expected = ours[3](x), theirs[3](x)
    tol = TOL[cornu.mixed_precision.global_policy().compute_dtype]
    for g, e in zip(got, expected):
        assert _dtype(g) == _dtype(e)
        np.testing.assert_allclose(_np(g),
                                   _np(e), rtol=tol, atol=tol)


def _custom_layer(lib, autocast):
    class Scale(lib.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                     autocast=autocast)

        def call(self, x):
            return x * self.w

    return Scale()


@pytest.mark.parametrize("autocast", [True, False])
def test_custom_layer_variable_autocast_matches_keras(keras, policies, autocast):
    policies("mixed_float16")
    ours, theirs = _custom_layer(cornu, autocast), _custom_layer(keras, autocast)
    assert _dtype(ours(SEQ)) == _dtype(theirs(SEQ)) == ("float16" if autocast else "float32")


def _identity_layer(lib, autocast):
    class Identity(lib.layers.Layer):
        def call(self, x, y=None):
            return x if y is None else (x, y)

    return Identity(autocast=autocast)


@pytest.mark.parametrize("autocast", [True, False])
def test_float_inputs_are_autocast_like_keras(keras, policies, autocast):
    policies("mixed_bfloat16")
    x32, x64 = np.ones((1, 3), "float32"), torch.ones((1, 3), dtype=torch.float64)
    ids = torch.ones((1, 3), dtype=torch.int32)
    for x in (x32, x64, ids):
        got = _identity_layer(cornu, autocast)(x)
        expected = _identity_layer(keras, autocast)(x)
        assert _dtype(got) == _dtype(expected), (x.dtype, autocast)
    got = _identity_layer(cornu, autocast)(x32, y=x64)
    expected = _identity_layer(keras, autocast)(x32, y=x64)
    assert [_dtype(t) for t in got] == [_dtype(t) for t in expected]


def test_float32_layer_casts_half_inputs_up(keras):
    ours = layers.Dense(2)
    x16 = torch.ones((1, 3), dtype=torch.float16)
    assert _dtype(ours(x16)) == _dtype(keras.layers.Dense(2)(x16)) == "float32"


def test_nested_layer_built_inside_a_mixed_call():
    class Block(layers.Layer):
        def build(self, input_shape):
            self.inner = layers.Dense(3)
            self.scale = self.add_weight(shape=(3,), initializer="ones")

        def call(self, x):
            return self.inner(x) * self.scale

    cornu.mixed_precision.set_global_policy("mixed_bfloat16")
    model = cornu.Sequential([Block(), layers.Dense(1)])
    out = model(SEQ[:, 0])  # builds Block and its Dense inside the model's scope
    assert _dtype(out) == "bfloat16"
    assert all(_dtype(w) == "float32" for w in model.weights)
    assert _dtype(model(SEQ[:, 0])) == "bfloat16"
