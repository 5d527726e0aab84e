"""Every activation against NumPy reference math, and against real Keras 3 where present."""

import math

import numpy as np
import pytest

from cornu import activations, ops

SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805
_erf = np.vectorize(math.erf)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sparsemax(x, axis=-1):
    x = np.moveaxis(x, axis, -1)
    out = np.empty_like(x)
    for idx in np.ndindex(x.shape[:-1]):
        row = x[idx]
        z = np.sort(row)[::-1]
        k = np.arange(1, len(z) + 1)
        cum = np.cumsum(z)
        k_z = k[1 + k * z > cum].max()
        tau = (cum[k_z - 1] - 1) / k_z
        out[idx] = np.maximum(row - tau, 0)
    return np.moveaxis(out, -1, axis)


def _relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    out = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        out = np.clip(out, 0.0, max_value)
    return out - negative_slope * np.maximum(threshold - x, 0.0)


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(x))


def _glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a / (1 + np.exp(-b))


# name -> (NumPy reference, keyword arguments)
CASES = {
    "relu": (_relu, {}),
    "leaky_relu": (lambda x, negative_slope=0.2: np.where(x > 0, x, negative_slope * x), {}),
    "relu6": (lambda x: np.clip(x, 0, 6), {}),
    "elu": (_elu, {"alpha": 0.7}),
    "selu": (lambda x: SELU_SCALE * _elu(x, SELU_ALPHA), {}),
    "celu": (
        lambda x, alpha: np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(x / alpha)),
        {"alpha": 1.5},
    ),
    "gelu": (lambda x: 0.5 * x * (1 + _erf(x / math.sqrt(2))), {}),
    "silu": (lambda x: x / (1 + np.exp(-x)), {}),
    "swish": (lambda x: x / (1 + np.exp(-x)), {}),
    "hard_silu": (lambda x: x * np.clip(x + 3, 0, 6) / 6, {}),
    "hard_swish": (lambda x: x * np.clip(x + 3, 0, 6) / 6, {}),
    "mish": (lambda x: x * np.tanh(np.logaddexp(0, x)), {}),
    "softplus": (lambda x: np.logaddexp(0, x), {}),
    "squareplus": (lambda x, b: (x + np.sqrt(x * x + b)) / 2, {"b": 2.0}),
    "sparse_plus": (
        lambda x: np.where(x <= -1, 0.0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
        {},
    ),
    "threshold": (
        lambda x, threshold, default_value: np.where(x > threshold, x, default_value),
        {"threshold": 0.3, "default_value": -2.0},
    ),
    "exponential": (np.exp, {}),
    "linear": (lambda x: x, {}),
    "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), {}),
    "hard_sigmoid": (lambda x: np.clip(x / 6 + 0.5, 0, 1), {}),
    "sparse_sigmoid": (lambda x: np.clip(0.5 * x + 0.5, 0, 1), {}),
    "log_sigmoid": (lambda x: -np.logaddexp(0, -x), {}),
    "tanh": (np.tanh, {}),
    "hard_tanh": (lambda x: np.clip(x, -1, 1), {}),
    "tanh_shrink": (lambda x: x - np.tanh(x), {}),
    "softsign": (lambda x: x / (1 + np.abs(x)), {}),
    "soft_shrink": (
        lambda x, threshold=0.5: np.sign(x) * np.maximum(np.abs(x) - threshold, 0),
        {"threshold": 0.8},
    ),
    "hard_shrink": (
        lambda x, threshold=0.5: np.where(np.abs(x) > threshold, x, 0.0),
        {},
    ),
    "softmax": (_softmax, {}),
    "log_softmax": (lambda x, axis=-1: np.log(_softmax(x, axis)), {"axis": 0}),
    "sparsemax": (_sparsemax, {}),
    "glu": (_glu, {}),
}


@pytest.fixture
def x():
    rng = np.random.default_rng(0)
    values = rng.normal(scale=3.0, size=(5, 8)).astype("float32")
    # Points on each kink of the piecewise functions.
    values[0] = [-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0, 6.0]
    return values


def test_every_keras_activation_has_a_case():
    keras_names = {
        "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid",
        "hard_silu", "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid",
        "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink",
        "softmax", "softplus", "softsign", "sparse_plus", "sparse_sigmoid", "sparsemax",
        "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
    }
    assert keras_names == set(CASES)
    assert keras_names == set(activations.ALL_OBJECTS_DICT)
    for name in keras_names:
        assert getattr(activations, name) is activations.ALL_OBJECTS_DICT[name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_numpy(name, x):
    reference, kwargs = CASES[name]
    out = getattr(activations, name)(ops.convert_to_tensor(x), **kwargs)
    expected = reference(x.astype("float64"), **kwargs)
    assert tuple(out.shape) == expected.shape
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(set(CASES) - {"linear", "threshold"}))
def test_float64_input_keeps_float64(name, x):
    _, kwargs = CASES[name]
    out = getattr(activations, name)(ops.cast(x, "float64"), **kwargs)
    assert ops.dtype(out) == "float64"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"negative_slope": 0.1},
        {"max_value": 6},
        {"max_value": 2.5},
        {"threshold": 1.0},
        {"threshold": -0.5, "negative_slope": 0.3},
        {"max_value": 4.0, "negative_slope": 0.2},
        {"max_value": 6, "negative_slope": 0.2, "threshold": 0.5},
    ],
)
def test_relu_options(kwargs, x):
    out = activations.relu(ops.convert_to_tensor(x), **kwargs)
    expected = _relu(x.astype("float64"), **kwargs)
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=1e-6, atol=1e-6)


def test_gelu_approximate_is_the_tanh_form(x):
    x64 = x.astype("float64")
    expected = 0.5 * x64 * (1 + np.tanh(math.sqrt(2 / math.pi) * (x64 + 0.044715 * x64**3)))
    out = activations.gelu(ops.convert_to_tensor(x), approximate=True)
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=1e-5, atol=1e-6)


def test_softmax_over_several_axes(x):
    cube = x.reshape(5, 2, 4)
    out = ops.convert_to_numpy(activations.softmax(ops.convert_to_tensor(cube), axis=(1, 2)))
    flat = _softmax(cube.reshape(5, 8).astype("float64")).reshape(5, 2, 4)
    np.testing.assert_allclose(out, flat, rtol=1e-5, atol=1e-7)


def test_sparsemax_rows_sum_to_one(x):
    out = ops.convert_to_numpy(activations.sparsemax(ops.convert_to_tensor(x)))
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=1e-5)
    assert (out == 0).any()


def test_glu_needs_an_even_axis():
    with pytest.raises(ValueError, match="even"):
        activations.glu(ops.ones((2, 3)))


@pytest.mark.parametrize(
    "name, kwargs",
    [("relu", {}), ("relu", {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.5}),
     ("gelu", {}), ("softmax", {}), ("sparsemax", {}), ("linear", {})],
)
def test_symbolic_inputs_give_symbolic_outputs(name, kwargs):
    import cornu

    inputs = cornu.Input((4,))
    out = getattr(activations, name)(inputs, **kwargs)
    assert isinstance(out, cornu.backend.KerasTensor) and out.shape == (None, 4)


def test_linear_returns_its_input_unchanged():
    value = object()
    assert activations.linear(value) is value


def test_relu_gradient_matches_finite_differences(x):
    torch = pytest.importorskip("torch")
    x64 = torch.tensor(x.astype("float64") + 0.05, requires_grad=True)
    for kwargs in ({}, {"negative_slope": 0.2, "max_value": 3.0, "threshold": 0.4}):
        assert torch.autograd.gradcheck(lambda t, k=kwargs: activations.relu(t, **k), (x64,))
    assert torch.autograd.gradcheck(activations.gelu, (x64,))
    assert torch.autograd.gradcheck(activations.sparsemax, (x64,))


# Keras 3.15's torch sparsemax returns rows that do not sum to 1 (rows 1 and 2 of the
# fixture), so sparsemax is checked against NumPy only.
@pytest.mark.parametrize("name", sorted(set(CASES) - {"sparsemax"}))
def test_matches_keras(name, x, keras):
    _, kwargs = CASES[name]
    theirs = getattr(keras.activations, name)(x, **kwargs)
    ours = getattr(activations, name)(ops.convert_to_tensor(x), **kwargs)
    np.testing.assert_allclose(
        ops.convert_to_numpy(ours), keras.ops.convert_to_numpy(theirs), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize(
    "kwargs",
    [{"negative_slope": 0.1, "max_value": 6}, {"threshold": 1.0, "negative_slope": 0.5}],
)
def test_relu_options_match_keras(kwargs, x, keras):
    theirs = keras.ops.convert_to_numpy(keras.activations.relu(x, **kwargs))
    ours = ops.convert_to_numpy(activations.relu(ops.convert_to_tensor(x), **kwargs))
    np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-6)
