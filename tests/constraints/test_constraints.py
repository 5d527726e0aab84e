"""Constraints against NumPy math and real Keras 3."""

import numpy as np
import pytest

from cornu import backend, constraints, ops, saving

EPS = backend.epsilon()


@pytest.fixture
def w():
    return np.random.default_rng(0).normal(scale=2.0, size=(3, 3, 4, 5)).astype("float32")


def norms(w, axis):
    return np.sqrt(np.sum(w.astype("float64") ** 2, axis=axis, keepdims=True))


def apply(constraint, w):
    return ops.convert_to_numpy(constraint(ops.convert_to_tensor(w)))


@pytest.mark.parametrize("axis", [0, 1, [0, 1, 2], (0, 1, 2)])
def test_max_norm(axis, w):
    n = norms(w, tuple(axis) if isinstance(axis, list) else axis)
    expected = w * np.clip(n, 0, 1.5) / (EPS + n)
    np.testing.assert_allclose(apply(constraints.MaxNorm(1.5, axis=axis), w), expected, rtol=1e-5)


def test_max_norm_keeps_small_vectors():
    w = np.array([[0.1, 3.0], [0.2, 4.0]], dtype="float32")
    out = apply(constraints.MaxNorm(2.0), w)
    np.testing.assert_allclose(out[:, 0], w[:, 0], rtol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(out[:, 1]), 2.0, rtol=1e-5)


@pytest.mark.parametrize("rate", [1.0, 0.25])
def test_min_max_norm(rate, w):
    n = norms(w, (0, 1, 2))
    desired = rate * np.clip(n, 4.0, 5.0) + (1 - rate) * n
    expected = w * desired / (EPS + n)
    out = apply(constraints.MinMaxNorm(4.0, 5.0, rate=rate, axis=[0, 1, 2]), w)
    np.testing.assert_allclose(out, expected, rtol=1e-5)


def test_non_neg(w):
    np.testing.assert_array_equal(apply(constraints.NonNeg(), w), np.maximum(w, 0))


@pytest.mark.parametrize("axis", [0, -1, [0, 1, 2]])
def test_unit_norm(axis, w):
    out = apply(constraints.UnitNorm(axis=axis), w)
    axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_allclose(out, w / (EPS + norms(w, axis)), rtol=1e-5)
    np.testing.assert_allclose(norms(out, axis), 1.0, rtol=1e-5)


def test_base_constraint_is_identity(w):
    x = ops.convert_to_tensor(w)
    assert constraints.Constraint()(x) is x


def test_defaults_are_keras_defaults():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {
        "min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0,
    }
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.NonNeg().get_config() == {}


@pytest.mark.parametrize(
    "name, cls",
    [("max_norm", constraints.MaxNorm), ("MaxNorm", constraints.MaxNorm),
     ("min_max_norm", constraints.MinMaxNorm), ("non_neg", constraints.NonNeg),
     ("unit_norm", constraints.UnitNorm)],
)
def test_get_by_name_and_aliases(name, cls):
    assert type(constraints.get(name)) is cls
    assert getattr(constraints, name) is cls


@pytest.mark.parametrize(
    "name, cls",
    [("maxnorm", constraints.MaxNorm), ("nonneg", constraints.NonNeg),
     ("unitnorm", constraints.UnitNorm)],
)
def test_keras_1_names_warn_and_work(name, cls):
    from cornu.utils import legacy

    legacy._warned.discard(f"constraints.{name}")
    with pytest.warns(DeprecationWarning, match=name):
        assert type(constraints.get(name)) is cls
    assert getattr(constraints, name) is cls
    with pytest.raises(AttributeError):
        constraints.not_a_constraint  # noqa: B018


def test_get_other_identifiers():
    assert constraints.get(None) is None
    c = constraints.MaxNorm(3)
    assert constraints.get(c) is c
    assert type(constraints.get(constraints.NonNeg)) is constraints.NonNeg
    assert constraints.get({"class_name": "MaxNorm", "config": {"max_value": 4}}).max_value == 4

    def clip(x):
        return x

    assert constraints.get(clip) is clip
    with pytest.raises(ValueError, match="'max_nrom'") as info:
        constraints.get("max_nrom")
    assert "max_norm" in str(info.value)
    with pytest.raises(ValueError, match="constraint"):
        constraints.get(1.0)


@pytest.mark.parametrize(
    "c",
    [constraints.MaxNorm(3, axis=[0, 1]), constraints.MinMaxNorm(0.5, 2.0, 0.5, 1),
     constraints.NonNeg(), constraints.UnitNorm(axis=1)],
)
def test_serialize_round_trip(c):
    config = constraints.serialize(c)
    assert config["module"] == "cornu.constraints"
    rebuilt = constraints.deserialize(config)
    assert type(rebuilt) is type(c) and rebuilt.get_config() == c.get_config()


def test_custom_constraint_round_trip():
    @saving.register_keras_serializable(package="test_constraints")
    class Clip(constraints.Constraint):
        def __init__(self, limit=1.0):
            self.limit = limit

        def __call__(self, w):
            return ops.clip(w, -self.limit, self.limit)

        def get_config(self):
            return {"limit": self.limit}

    rebuilt = constraints.deserialize(constraints.serialize(Clip(0.5)))
    assert type(rebuilt) is Clip and rebuilt.limit == 0.5


@pytest.mark.parametrize(
    "name, kwargs",
    [("MaxNorm", {"max_value": 1.5, "axis": [0, 1, 2]}),
     ("MinMaxNorm", {"min_value": 4.0, "max_value": 5.0, "rate": 0.5, "axis": 3}),
     ("NonNeg", {}), ("UnitNorm", {"axis": 1})],
)
def test_matches_keras(name, kwargs, w, keras):
    theirs = getattr(keras.constraints, name)(**kwargs)
    ours = getattr(constraints, name)(**kwargs)
    np.testing.assert_allclose(
        apply(ours, w), keras.ops.convert_to_numpy(theirs(w)), rtol=1e-5, atol=1e-6
    )
    assert constraints.deserialize(keras.constraints.serialize(theirs)).get_config() == (
        theirs.get_config()
    )
