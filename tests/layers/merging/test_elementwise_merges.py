"""Add, Subtract, Multiply, Average, Maximum, Minimum: Keras oracle with broadcasting and
masks, functional forms, symbolic use and errors."""

import numpy as np
import pytest
from layers.normalization.oracle_utils import to_numpy

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(0)
NAMES = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]
FUNCTIONS = {"Add": layers.add, "Subtract": layers.subtract, "Multiply": layers.multiply,
             "Average": layers.average, "Maximum": layers.maximum, "Minimum": layers.minimum}


def rand(*shape):
    return RNG.standard_normal(shape).astype("float32")


def with_masks(make, xs, masks):
    out = []
    for x, m in zip(xs, masks):
        t = make(x)
        if m is not None:
            t._keras_mask = make(m)
        out.append(t)
    return out


def run_both(keras, name, xs, masks=None):
    masks = masks or [None] * len(xs)
    theirs = getattr(keras.layers, name)()(with_masks(keras.ops.convert_to_tensor, xs, masks))
    ours = getattr(layers, name)()(with_masks(ops.convert_to_tensor, xs, masks))
    np.testing.assert_allclose(ops.convert_to_numpy(ours), to_numpy(keras, theirs),
                               rtol=1e-6, atol=1e-6)
    their_mask = getattr(theirs, "_keras_mask", None)
    our_mask = getattr(ours, "_keras_mask", None)
    assert (their_mask is None) == (our_mask is None)
    if their_mask is not None:
        np.testing.assert_array_equal(ops.convert_to_numpy(our_mask),
                                      to_numpy(keras, their_mask))
    return ours


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shapes", [[(3, 4, 5), (3, 4, 5)], [(3, 4, 5), (3, 1, 5)],
                                    [(3, 5), (3, 4, 5)]])
def test_matches_keras_with_broadcasting(keras, name, shapes):
    run_both(keras, name, [rand(*s) for s in shapes])


@pytest.mark.parametrize("name", [n for n in NAMES if n != "Subtract"])
def test_three_inputs(keras, name):
    run_both(keras, name, [rand(2, 3), rand(2, 3), rand(2, 3)])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("both", [True, False])
def test_masks_are_used_and_combined_as_keras(keras, name, both):
    m1, m2 = RNG.random((3, 4)) > 0.5, RNG.random((3, 4)) > 0.5
    run_both(keras, name, [rand(3, 4, 5), rand(3, 4, 5)], [m1, m2 if both else None])


@pytest.mark.parametrize("name", NAMES)
def test_functional_form_and_model(name):
    a, b = cornu.Input((4,)), cornu.Input((4,))
    out = FUNCTIONS[name]([a, b], name=f"merge_{name.lower()}")
    assert tuple(out.shape) == (None, 4)
    model = cornu.Model([a, b], out)
    xa, xb = rand(2, 4), rand(2, 4)
    want = ops.convert_to_numpy(getattr(layers, name)()([xa, xb]))
    np.testing.assert_allclose(model.predict([xa, xb], verbose=0), want, rtol=1e-6)
    assert model.layers[-1].name == f"merge_{name.lower()}"


def test_symbolic_shapes_broadcast():
    out = layers.Add()([cornu.Input((1, 5)), cornu.Input((4, 5))])
    assert tuple(out.shape) == (None, 4, 5)


@pytest.mark.parametrize("name", NAMES)
def test_config_round_trip(name):
    layer = getattr(layers, name)(name="m")
    assert type(layer).from_config(layer.get_config()).name == "m"


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="list of tensors"):
        layers.Add()(rand(2, 3))
    with pytest.raises(ValueError, match="incompatible shapes"):
        layers.Add()([rand(2, 3), rand(2, 4)])
    with pytest.raises(ValueError, match="exactly 2"):
        layers.Subtract()([rand(2, 3), rand(2, 3), rand(2, 3)])
    with pytest.raises(ValueError, match="batch sizes"):
        layers.Add()([rand(2, 3), rand(3, 3)])
