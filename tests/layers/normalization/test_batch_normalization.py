"""BatchNormalization: Keras oracle (training, inference, masks, renorm), moving averages,
frozen-layer behaviour, gradients, config and the fused engine op."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer
from layers.normalization.oracle_utils import (
    assert_same_call,
    assert_same_weights,
    finite_difference_check,
    paired_layers,
)

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(0)
X3 = (RNG.standard_normal((4, 5, 6)) * 3 + 1).astype("float32")
X4 = RNG.standard_normal((3, 4, 4, 6)).astype("float32")


@pytest.mark.parametrize("kwargs,shape", [
    ({}, (4, 3)),
    ({}, (2, 4, 4, 3)),
    ({"axis": 1}, (2, 3, 4, 4)),
    ({"center": False, "scale": False}, (4, 5)),
])
def test_check_layer(kwargs, shape):
    n_trainable = int(kwargs.get("center", True)) + int(kwargs.get("scale", True))
    check_layer(layers.BatchNormalization, kwargs, input_shape=shape,
                expected_output_shape=shape, expected_num_trainable_weights=n_trainable,
                expected_num_non_trainable_weights=2, train=n_trainable > 0)


@pytest.mark.parametrize("kwargs,x", [
    ({}, X3),
    ({"axis": 1}, X3),
    ({"center": False}, X3),
    ({"scale": False, "momentum": 0.5, "epsilon": 0.1}, X3),
    ({}, X4),
    ({"axis": 1}, X4),
    ({"axis": 2}, X4),
])
def test_matches_keras_over_training_steps(keras, kwargs, x):
    ours, theirs = paired_layers(keras, "BatchNormalization", kwargs, x.shape)
    for step in range(3):
        assert_same_call(keras, ours, theirs, x * (step + 1) - step, training=True)
        assert_same_weights(keras, ours, theirs)
    assert_same_call(keras, ours, theirs, x, training=False)


def test_matches_keras_with_mask(keras):
    mask = RNG.random((4, 5)) > 0.3
    ours, theirs = paired_layers(keras, "BatchNormalization", {}, X3.shape)
    for _ in range(2):
        assert_same_call(keras, ours, theirs, X3, training=True,
                         mask=keras.ops.convert_to_tensor(mask))
        assert_same_weights(keras, ours, theirs)


@pytest.mark.parametrize("kwargs", [
    {"renorm": True},
    {"renorm": True, "renorm_clipping": {"rmax": 1.5, "rmin": 0.8, "dmax": 0.3},
     "renorm_momentum": 0.9},
    {"renorm": True, "center": False, "scale": False},
])
def test_renorm_matches_keras(keras, kwargs):
    ours, theirs = paired_layers(keras, "BatchNormalization", kwargs, X3.shape)
    assert len(ours.weights) == len(theirs.weights)
    for step in range(3):
        assert_same_call(keras, ours, theirs, X3 * (step + 1), training=True)
        assert_same_weights(keras, ours, theirs)
    assert_same_call(keras, ours, theirs, X3, training=False)


def test_moving_statistics_follow_the_keras_formula():
    bn = layers.BatchNormalization(momentum=0.9)
    bn(X3, training=True)
    mean = X3.reshape(-1, 6).mean(0)
    var = X3.reshape(-1, 6).var(0)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.1 * mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bn.moving_variance.numpy(), 0.9 + 0.1 * var, rtol=1e-5)


def test_inference_uses_moving_statistics_and_leaves_them():
    bn = layers.BatchNormalization(epsilon=0.0)
    bn.build(X3.shape)
    bn.moving_mean.assign(np.full(6, 2.0, "float32"))
    bn.moving_variance.assign(np.full(6, 4.0, "float32"))
    y = ops.convert_to_numpy(bn(X3))
    np.testing.assert_allclose(y, (X3 - 2.0) / 2.0, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), np.full(6, 2.0, "float32"))


def test_frozen_layer_runs_in_inference_mode_even_when_training(keras):
    ours, theirs = paired_layers(keras, "BatchNormalization", {}, X3.shape)
    ours.trainable = False
    theirs.trainable = False
    before = ours.get_weights()
    y = assert_same_call(keras, ours, theirs, X3, training=True)
    want = ops.convert_to_numpy(ours(X3, training=False))
    np.testing.assert_array_equal(y, want)
    for a, b in zip(before, ours.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_fit_updates_moving_statistics_and_not_when_frozen():
    x = RNG.standard_normal((32, 3)).astype("float32") + 5.0
    inputs = cornu.Input((3,))
    bn = layers.BatchNormalization()
    model = cornu.Model(inputs, layers.Dense(1)(bn(inputs)))
    model.compile("sgd", "mse")
    model.fit(x, np.zeros((32, 1)), epochs=2, batch_size=8, verbose=0)
    assert np.all(bn.moving_mean.numpy() > 0.3)
    bn.trainable = False
    model.compile("sgd", "mse")
    frozen = [w.copy() for w in bn.get_weights()]
    model.fit(x, np.zeros((32, 1)), epochs=1, batch_size=8, verbose=0)
    for a, b in zip(frozen, bn.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_weight_order_and_config_match_keras(keras):
    ours, theirs = paired_layers(keras, "BatchNormalization", {"renorm": True}, X3.shape)
    assert [w.path.split("/")[-1] for w in ours.weights] == [
        "gamma", "beta", "moving_mean", "moving_variance", "moving_stddev", "renorm_mean",
        "renorm_stddev"]
    ours_cfg = layers.BatchNormalization().get_config()
    theirs_cfg = keras.layers.BatchNormalization().get_config()
    assert set(theirs_cfg) <= set(ours_cfg)
    for key in ("axis", "momentum", "epsilon", "center", "scale", "synchronized", "renorm",
                "renorm_momentum"):
        assert ours_cfg[key] == theirs_cfg[key], key


def test_synchronized_is_accepted_and_equals_local_statistics_without_a_group():
    a = layers.BatchNormalization(synchronized=True)
    b = layers.BatchNormalization()
    np.testing.assert_allclose(ops.convert_to_numpy(a(X3, training=True)),
                               ops.convert_to_numpy(b(X3, training=True)), rtol=1e-6)
    assert a.get_config()["synchronized"] is True


@pytest.mark.parametrize("axis,shape", [(-1, (4, 3)), (-1, (2, 3, 2, 3)), (1, (2, 3, 2))])
def test_training_gradient_matches_finite_differences(axis, shape):
    bn = layers.BatchNormalization(axis=axis, dtype="float64", momentum=0.0)
    x = RNG.standard_normal(shape)
    bn.build(shape)
    bn.set_weights([RNG.standard_normal(w.shape) + (2 if "var" in w.path else 0)
                    for w in bn.weights])
    finite_difference_check(lambda t: bn(t, training=True), x)
    finite_difference_check(lambda t: bn(t, training=False), x)


def test_engine_op_returns_biased_batch_statistics():
    y, mean, var = ops.batch_norm_training(ops.convert_to_tensor(X4), None, None, -1, 1e-3)
    flat = X4.reshape(-1, 6)
    np.testing.assert_allclose(ops.convert_to_numpy(mean), flat.mean(0), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(ops.convert_to_numpy(var), flat.var(0), rtol=1e-4)
    want = (X4 - flat.mean(0)) / np.sqrt(flat.var(0) + 1e-3)
    np.testing.assert_allclose(ops.convert_to_numpy(y), want, rtol=1e-4, atol=1e-5)


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="out of range"):
        layers.BatchNormalization(axis=3)(X3)
    with pytest.raises(ValueError, match="one dimension less"):
        layers.BatchNormalization()(X3, training=True, mask=np.ones((4, 5, 6), bool))
    with pytest.raises(ValueError, match="renorm_clipping"):
        layers.BatchNormalization(renorm=True, renorm_clipping={"rmx": 1.0})


def test_symbolic_call_keeps_the_shape():
    y = layers.BatchNormalization()(cornu.Input((5, 6)))
    assert tuple(y.shape) == (None, 5, 6)


@pytest.mark.parametrize("dtype", ["float16", "float64", "int32"])
def test_other_input_dtypes_compute_in_float32_or_wider(dtype):
    x = (X3 * 4).astype(dtype)
    bn = layers.BatchNormalization()
    y = bn(x, training=True)
    want = layers.BatchNormalization()(x.astype("float64").astype("float32"), training=True)
    np.testing.assert_allclose(ops.convert_to_numpy(y), ops.convert_to_numpy(want),
                               rtol=1e-4, atol=1e-4)
    assert ops.dtype(y) == "float32"


@pytest.mark.parametrize("axis,shape", [(0, (6, 4)), (1, (4, 6)), (-1, (2, 3, 4, 5, 6)),
                                        (2, (2, 3, 4, 5))])
def test_any_axis_matches_numpy(axis, shape):
    x = RNG.standard_normal(shape).astype("float32")
    y = ops.convert_to_numpy(layers.BatchNormalization(axis=axis)(x, training=True))
    reduce = tuple(i for i in range(len(shape)) if i != axis % len(shape))
    want = (x - x.mean(reduce, keepdims=True)) / np.sqrt(x.var(reduce, keepdims=True) + 1e-3)
    np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-5)


def test_channels_last_inputs_reach_the_kernel_as_a_view():
    import torch  # engine-level layout check

    from cornu.backend.torch.nn_norm import _as_channels_second

    x = torch.randn(2, 5, 5, 8)
    view, restore = _as_channels_second(x, -1)
    assert view.shape == (2, 8, 25, 1) and view.data_ptr() == x.data_ptr()
    assert view.is_contiguous(memory_format=torch.channels_last)
    y, _, _ = torch.native_batch_norm(view, None, None, None, None, True, 0.0, 1e-3)
    out = restore(y)
    assert out.shape == x.shape and out.is_contiguous()


def test_keras1_and_keras2_arguments():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        bn = layers.BatchNormalization(beta_init="ones", gamma_init="zeros", mode=0, fused=True)
    bn.build((2, 3))
    np.testing.assert_array_equal(bn.beta.numpy(), 1.0)
    np.testing.assert_array_equal(bn.gamma.numpy(), 0.0)
    config = bn.get_config()
    assert not {"beta_init", "gamma_init", "mode", "fused"} & set(config)
    with pytest.raises(NotImplementedError, match="mode"):
        layers.BatchNormalization(mode=1)
