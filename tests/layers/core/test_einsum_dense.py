"""EinsumDense: Keras oracle over equations (with ellipses and bias axes), shapes, fans,
gradients, config, errors."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import (
    assert_same_call,
    finite_difference_check,
    paired_layers,
)

import cornu
from cornu import layers

RNG = np.random.default_rng(0)

CASES = [
    ("ab,bc->ac", 4, None, (3, 5)),
    ("ab,bc->ac", 4, "c", (3, 5)),
    ("abc,cd->abd", (None, 6), "d", (3, 4, 5)),
    ("abc,cde->abde", (4, 2, 3), "de", (3, 4, 5)),
    ("abc,cd->abd", (4, 6), "bd", (3, 4, 5)),
    ("...b,bc->...c", 6, "c", (3, 4, 5)),
    ("ab...,bc->ac...", 7, "c", (3, 4, 5)),
    ("abcd,cde->abe", (4, 8), "e", (3, 4, 2, 5)),
    ("...bc,cde->...bde", (4, 2, 3), "bde", (7, 3, 4, 5)),
]


@pytest.mark.parametrize("equation,output_shape,bias_axes,input_shape", CASES)
def test_matches_keras(keras, equation, output_shape, bias_axes, input_shape):
    kwargs = {"equation": equation, "output_shape": output_shape, "bias_axes": bias_axes,
              "activation": "tanh"}
    ours, theirs = paired_layers(keras, "EinsumDense", kwargs, input_shape)
    x = RNG.standard_normal(input_shape).astype("float32")
    out = assert_same_call(keras, ours, theirs, x)
    assert ours.compute_output_shape(input_shape) == out.shape


def test_check_layer():
    check_layer(layers.EinsumDense,
                {"equation": "abc,cd->abd", "output_shape": (None, 4), "bias_axes": "d"},
                input_shape=(2, 3, 5), expected_output_shape=(2, 3, 4),
                expected_num_trainable_weights=2)


def test_symbolic_shape_with_unknown_axes():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 4))
    assert tuple(layer(cornu.Input((None, 5))).shape) == (None, None, 4)


def test_kernel_fans_use_the_equation_axes():
    layer = layers.EinsumDense("abc,cde->abde", output_shape=(None, 32, 32),
                               kernel_initializer="glorot_uniform")
    layer.build((None, 8, 16))
    kernel = layer.kernel.numpy()
    limit = np.sqrt(6.0 / (16 + 32 * 32))
    assert np.abs(kernel).max() <= limit
    assert np.abs(kernel).max() > 0.9 * limit
    assert layer.kernel_initializer.input_axes is None  # the configured one is unchanged


def test_gradient_matches_finite_differences():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 3), bias_axes="d",
                               activation="tanh", dtype="float64")
    layer.build((2, 3, 4))
    finite_difference_check(layer, RNG.standard_normal((2, 3, 4)))


def test_config_matches_keras(keras):
    kwargs = {"equation": "ab,bc->ac", "output_shape": 4, "bias_axes": "c"}
    ours = layers.EinsumDense(**kwargs).get_config()
    theirs = keras.layers.EinsumDense(**kwargs).get_config()
    for key in ("equation", "output_shape", "bias_axes", "activation"):
        assert ours[key] == theirs[key], key
    assert layers.EinsumDense.from_config(ours).partial_output_shape == (4,)


@pytest.mark.parametrize("equation,output_shape,bias_axes,match", [
    ("ab->ac", 4, None, "invalid equation"),
    ("ab,bc->ad", 4, None, "neither"),
    ("ab,bcx->ac", 4, None, "kernel axis"),
    ("ab,bc->ac", 4, "x", "bias axes"),
    ("abc,cd->abd", (9, 4), None, "has size"),
])
def test_errors_name_the_problem(equation, output_shape, bias_axes, match):
    layer = layers.EinsumDense(equation, output_shape=output_shape, bias_axes=bias_axes)
    shape = (2, 3) if equation.startswith("ab,") or equation.startswith("ab-") else (2, 3, 5)
    with pytest.raises(ValueError, match=match):
        layer.build(shape)
