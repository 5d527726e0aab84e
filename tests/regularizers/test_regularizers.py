"""Regularizers against NumPy math and real Keras 3."""

import numpy as np
import pytest

from cornu import ops, regularizers, saving


@pytest.fixture
def w():
    return np.random.default_rng(0).normal(size=(6, 4)).astype("float32")


def value(x):
    return float(ops.convert_to_numpy(x))


def _orthogonal_penalty(w, factor, mode):
    m = w if mode == "rows" else w.T
    m = m / np.linalg.norm(m, axis=1, keepdims=True)
    product = m @ m.T
    n = product.shape[0]
    off = np.abs(product * (1 - np.eye(n))).sum()
    return factor * 0.5 * off / (n * (n - 1) / 2)


def test_defaults_are_keras_defaults():
    assert regularizers.L1().get_config() == {"l1": 0.01}
    assert regularizers.L2().get_config() == {"l2": 0.01}
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.OrthogonalRegularizer().get_config() == {"factor": 0.01, "mode": "rows"}


def test_l1_l2_l1l2(w):
    x = ops.convert_to_tensor(w)
    w64 = w.astype("float64")
    assert value(regularizers.L1(0.3)(x)) == pytest.approx(0.3 * np.abs(w64).sum(), rel=1e-5)
    assert value(regularizers.L2(0.2)(x)) == pytest.approx(0.2 * (w64**2).sum(), rel=1e-5)
    expected = 0.3 * np.abs(w64).sum() + 0.2 * (w64**2).sum()
    assert value(regularizers.L1L2(0.3, 0.2)(x)) == pytest.approx(expected, rel=1e-5)
    zero = regularizers.L1L2()(x)
    assert tuple(zero.shape) == () and value(zero) == 0.0


def test_penalty_is_a_differentiable_scalar_tensor(w):
    torch = pytest.importorskip("torch")
    x = torch.tensor(w, requires_grad=True)
    penalty = regularizers.L1L2(0.3, 0.2)(x)
    assert tuple(penalty.shape) == () and ops.dtype(penalty) == "float32"
    penalty.backward()
    np.testing.assert_allclose(x.grad.numpy(), 0.3 * np.sign(w) + 0.4 * w, rtol=1e-5)


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(mode, w):
    out = regularizers.OrthogonalRegularizer(0.5, mode)(ops.convert_to_tensor(w))
    expected = _orthogonal_penalty(w.astype("float64"), 0.5, mode)
    assert value(out) == pytest.approx(expected, rel=1e-5)


def test_orthogonal_regularizer_needs_a_matrix():
    with pytest.raises(ValueError, match="2D"):
        regularizers.OrthogonalRegularizer()(ops.convert_to_tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diagonal")


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), "0.1"])
def test_bad_factors_are_rejected(bad):
    with pytest.raises(ValueError, match="l2"):
        regularizers.L2(bad)


@pytest.mark.parametrize(
    "identifier, cls, config",
    [
        ("l1", regularizers.L1, {"l1": 0.01}),
        ("L2", regularizers.L2, {"l2": 0.01}),
        ("l1_l2", regularizers.L1L2, {"l1": 0.01, "l2": 0.01}),
        ("l1l2", regularizers.L1L2, {"l1": 0.0, "l2": 0.0}),
        ("orthogonal_regularizer", regularizers.OrthogonalRegularizer,
         {"factor": 0.01, "mode": "rows"}),
    ],
)
def test_get_by_name(identifier, cls, config):
    reg = regularizers.get(identifier)
    assert type(reg) is cls and reg.get_config() == config


def test_aliases_are_the_classes():
    assert regularizers.l1 is regularizers.L1
    assert regularizers.l2 is regularizers.L2
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.orthogonal_regularizer is regularizers.OrthogonalRegularizer


def test_get_other_identifiers():
    assert regularizers.get(None) is None
    reg = regularizers.L2(0.5)
    assert regularizers.get(reg) is reg
    assert type(regularizers.get(regularizers.L1)) is regularizers.L1
    assert regularizers.get({"class_name": "L1", "config": {"l1": 0.2}}).l1 == 0.2
    with pytest.raises(ValueError, match="'l3'") as info:
        regularizers.get("l3")
    assert "l1_l2" in str(info.value)
    with pytest.raises(ValueError, match="regularizer"):
        regularizers.get(5)


@pytest.mark.parametrize(
    "reg",
    [regularizers.L1(0.1), regularizers.L2(0.2), regularizers.L1L2(0.1, 0.3),
     regularizers.OrthogonalRegularizer(0.2, "columns")],
)
def test_serialize_round_trip(reg):
    config = regularizers.serialize(reg)
    assert config["module"] == "cornu.regularizers"
    rebuilt = regularizers.deserialize(config)
    assert type(rebuilt) is type(reg) and rebuilt.get_config() == reg.get_config()


def test_custom_regularizer_round_trip():
    @saving.register_keras_serializable(package="test_reg")
    class Scaled(regularizers.Regularizer):
        def __init__(self, k=1.0):
            self.k = k

        def __call__(self, x):
            return ops.multiply(ops.sum(x), self.k)

        def get_config(self):
            return {"k": self.k}

    rebuilt = regularizers.deserialize(regularizers.serialize(Scaled(3.0)))
    assert type(rebuilt) is Scaled and rebuilt.k == 3.0


def test_base_class_without_config_says_so():
    with pytest.raises(NotImplementedError, match="get_config"):
        regularizers.Regularizer().get_config()


@pytest.mark.parametrize(
    "name, kwargs",
    [("L1", {"l1": 0.3}), ("L2", {"l2": 0.2}), ("L1L2", {"l1": 0.1, "l2": 0.4}),
     ("OrthogonalRegularizer", {"factor": 0.3, "mode": "rows"}),
     ("OrthogonalRegularizer", {"factor": 0.3, "mode": "columns"})],
)
def test_matches_keras(name, kwargs, w, keras):
    theirs = getattr(keras.regularizers, name)(**kwargs)(keras.ops.convert_to_tensor(w))
    ours = getattr(regularizers, name)(**kwargs)(ops.convert_to_tensor(w))
    assert value(ours) == pytest.approx(float(keras.ops.convert_to_numpy(theirs)), rel=1e-5)
    config = keras.regularizers.serialize(getattr(keras.regularizers, name)(**kwargs))
    rebuilt = regularizers.deserialize(config)
    assert type(rebuilt).__name__ == name
