"""Sequential: construction styles, deferred build, pop, legacy shape arguments."""

import numpy as np
import pytest

import cornu
from cornu import layers


@pytest.mark.parametrize("first", [
    lambda: layers.Dense(32, input_shape=(784,)),
    lambda: layers.Dense(32, input_dim=784),
    lambda: layers.Dense(32, batch_input_shape=(None, 784)),
])
def test_legacy_input_shape_arguments(first):
    model = cornu.Sequential()
    model.add(first())
    model.add(layers.Activation("relu"))
    assert model.built
    assert model.output_shape == (None, 32)
    assert model.count_params() == 784 * 32 + 32


def test_list_and_add_are_equivalent():
    cornu.utils.set_random_seed(0)
    a = cornu.Sequential([layers.Dense(3, input_shape=(2,)), layers.Dense(1)])
    cornu.utils.set_random_seed(0)
    b = cornu.Sequential()
    b.add(layers.Dense(3, input_shape=(2,)))
    b.add(layers.Dense(1))
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)


def test_deferred_build_on_first_call():
    model = cornu.Sequential([layers.Dense(4), layers.Dense(2)])
    assert not model.built
    out = model(np.ones((3, 5), "float32"))
    assert tuple(out.shape) == (3, 2)
    assert model.built and model.output_shape == (None, 2)
    assert [tuple(w.shape) for w in model.weights] == [(5, 4), (4,), (4, 2), (2,)]


def test_input_first_and_pop():
    model = cornu.Sequential([cornu.Input(shape=(6,)), layers.Dense(4), layers.Dense(2)])
    assert len(model.layers) == 2
    popped = model.pop()
    assert popped.units == 2
    assert model.output_shape == (None, 4)
    model.add(layers.Dense(9))
    assert model.output_shape == (None, 9)
    model.pop()
    model.pop()
    with pytest.raises(ValueError, match="no layers"):
        model.pop()


def test_shape_mismatch_error_names_the_layer():
    model = cornu.Sequential([layers.Dense(3, input_shape=(2,), name="first")])
    with pytest.raises(ValueError, match="first"):
        model.predict(np.ones((4, 5)), verbose=0)


def test_permute_repeat_lambda_output_shapes_from_seed():
    model = cornu.Sequential()
    model.add(layers.Permute((2, 1), input_shape=(10, 64)))
    assert model.output_shape == (None, 64, 10)
    model = cornu.Sequential()
    model.add(layers.Dense(32, input_dim=32))
    model.add(layers.RepeatVector(3))
    assert model.output_shape == (None, 3, 32)
    model.add(layers.Lambda(lambda x: x ** 2))
    assert model.output_shape == (None, 3, 32)


def test_get_layer():
    model = cornu.Sequential([layers.Dense(3, input_shape=(2,), name="a"), layers.Dense(1)])
    assert model.get_layer("a").units == 3
    assert model.get_layer(index=1).units == 1
    with pytest.raises(ValueError, match="No layer named 'zz'"):
        model.get_layer("zz")
