"""Conv1D / Conv2D / Conv3D: the standard battery, Keras 3 oracle, gradients, errors."""

import numpy as np
import pytest
import torch

import cornu
from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer


@pytest.mark.parametrize("cls,kwargs,input_shape,output_shape", [
    (layers.Conv1D, {"filters": 3, "kernel_size": 2}, (2, 6, 4), (2, 5, 3)),
    (layers.Conv1D, {"filters": 2, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
     (2, 7, 3), (2, 7, 2)),
    (layers.Conv2D, {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same",
                     "activation": "relu"}, (2, 7, 7, 3), (2, 4, 4, 4)),
    (layers.Conv2D, {"filters": 4, "kernel_size": (2, 3), "groups": 2,
                     "data_format": "channels_first"}, (2, 4, 5, 6), (2, 4, 4, 4)),
    (layers.Conv3D, {"filters": 2, "kernel_size": 2, "use_bias": False}, (2, 3, 4, 5, 2),
     (2, 2, 3, 4, 2)),
])
def test_check_layer(cls, kwargs, input_shape, output_shape):
    n_weights = 2 if kwargs.get("use_bias", True) else 1
    check_layer(cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                expected_num_trainable_weights=n_weights)


@pytest.mark.parametrize("name,kwargs,input_shape", [
    ("Conv1D", {"filters": 3, "kernel_size": 3}, (2, 9, 4)),
    ("Conv1D", {"filters": 3, "kernel_size": 4, "strides": 2, "padding": "same"}, (2, 9, 4)),
    ("Conv1D", {"filters": 3, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
     (2, 9, 4)),
    ("Conv1D", {"filters": 4, "kernel_size": 2, "groups": 2, "data_format": "channels_first"},
     (2, 4, 9)),
    ("Conv2D", {"filters": 5, "kernel_size": 3, "activation": "tanh"}, (2, 8, 7, 3)),
    ("Conv2D", {"filters": 5, "kernel_size": (2, 4), "strides": (2, 3), "padding": "same"},
     (2, 9, 8, 3)),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "padding": "same",
                "data_format": "channels_first"}, (2, 3, 9, 8)),
    ("Conv2D", {"filters": 6, "kernel_size": 2, "groups": 3, "padding": "same"}, (2, 5, 5, 6)),
    ("Conv3D", {"filters": 3, "kernel_size": 2, "strides": 2, "padding": "same"},
     (2, 5, 4, 3, 2)),
    ("Conv3D", {"filters": 3, "kernel_size": (1, 2, 3), "data_format": "channels_first"},
     (2, 2, 4, 5, 6)),
])
def test_matches_keras(keras, name, kwargs, input_shape):
    layer, _, _ = compare_with_keras(keras, name, kwargs, input_shape)
    keras_config_round_trip(keras, layer)


def test_weights_exchange_with_keras_model(keras):
    def build(lib):
        return lib.Sequential([
            lib.Input(shape=(8, 8, 1)),
            lib.layers.Conv2D(4, 3, activation="relu", padding="same"),
            lib.layers.MaxPooling2D(),
            lib.layers.Conv2D(6, 3),
            lib.layers.GlobalAveragePooling2D(),
            lib.layers.Dense(2),
        ])

    k_model, c_model = build(keras), build(cornu)
    c_model.set_weights(k_model.get_weights())
    x = np.random.default_rng(1).standard_normal((3, 8, 8, 1)).astype("float32")
    np.testing.assert_allclose(c_model.predict(x, verbose=0), k_model.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-5)


def test_gradients_match_finite_differences():
    layer = layers.Conv2D(3, 3, strides=2, padding="same", activation="tanh", dtype="float64",
                          bias_initializer="glorot_uniform")
    x = torch.randn(2, 5, 6, 2, dtype=torch.float64, requires_grad=True)
    layer(x)
    assert torch.autograd.gradcheck(lambda a: layer(a), (x,))
    out = layer(x)
    out.sum().backward()
    assert layer.kernel.grad is not None and layer.bias.grad.shape == (3,)


def test_conv1d_causal_output_does_not_see_the_future():
    layer = layers.Conv1D(2, 3, padding="causal", dilation_rate=2)
    x = np.random.default_rng(0).standard_normal((1, 10, 3)).astype("float32")
    before = ops.convert_to_numpy(layer(x))
    x[:, 6:] += 5.0
    after = ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(before[:, :6], after[:, :6], rtol=1e-6)
    assert not np.allclose(before[:, 6:], after[:, 6:])


def test_symbolic_shapes_with_unknown_spatial_axes():
    inputs = cornu.Input(shape=(None, None, 3))
    out = layers.Conv2D(4, 3, strides=2, padding="same")(inputs)
    assert out.shape == (None, None, None, 4)
    assert layers.Conv1D(2, 3).compute_output_shape((None, 10, 5)) == (None, 8, 2)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="filters"):
        layers.Conv2D(0, 3)
    with pytest.raises(ValueError, match="groups"):
        layers.Conv2D(4, 3, groups=3)
    with pytest.raises(ValueError, match="padding"):
        layers.Conv2D(4, 3, padding="causal")
    with pytest.raises(ValueError, match="dilation_rate"):
        layers.Conv2D(4, 3, strides=2, dilation_rate=2)
    with pytest.raises(ValueError, match="kernel_size"):
        layers.Conv2D(4, (3, 3, 3))
    with pytest.raises(ValueError, match="too small"):
        layers.Conv2D(4, 5)(np.zeros((1, 3, 3, 1), "float32"))
    with pytest.raises(ValueError, match="groups"):
        layers.Conv2D(4, 3, groups=2)(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match="rank 4"):
        layers.Conv2D(4, 3)(np.zeros((1, 5, 5), "float32"))
    with pytest.raises(NotImplementedError, match="lora"):
        layers.Conv2D(4, 3, lora_rank=2)


def test_input_spec_rejects_a_different_channel_count_after_build():
    layer = layers.Conv2D(2, 3)
    layer(np.zeros((1, 5, 5, 3), "float32"))
    with pytest.raises(ValueError, match="incompatible"):
        layer(np.zeros((1, 5, 5, 4), "float32"))


def test_regularizers_and_constraints():
    layer = layers.Conv2D(2, 3, kernel_regularizer="l2", bias_regularizer="l1",
                          activity_regularizer="l2", kernel_constraint="non_neg")
    layer(np.ones((1, 5, 5, 1), "float32"))
    assert len(layer.losses) == 3
    assert layer.kernel.constraint is not None
    config = layer.get_config()
    assert config["kernel_regularizer"]["class_name"] == "L2"
    assert config["kernel_constraint"]["class_name"] == "NonNeg"
