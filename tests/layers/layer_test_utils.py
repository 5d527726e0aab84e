"""``check_layer``: the standard battery every layer goes through."""

from __future__ import annotations

import numpy as np

import cornu
from cornu import ops


def random_input(shape, dtype="float32", seed=0, low=0, high=10):
    rng = np.random.default_rng(seed)
    if dtype.startswith("int"):
        return rng.integers(low, high, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def check_layer(cls, kwargs=None, input_shape=(2, 3), input_data=None, expected_output_shape=None,
                expected_num_trainable_weights=None, expected_num_non_trainable_weights=None,
                train=True, input_dtype="float32"):
    """Builds ``cls(**kwargs)`` and checks: output shape (eager == symbolic), weight counts,
    ``get_config``/``from_config`` round trip with equal outputs, and one training step.

    Returns the layer and its eager output (NumPy) for further checks.
    """
    kwargs = kwargs or {}
    if input_data is None:
        input_data = random_input(input_shape, input_dtype)
    layer = cls(**kwargs)
    out = layer(input_data)
    out_np = ops.convert_to_numpy(out)
    if expected_output_shape is not None:
        assert tuple(out_np.shape) == tuple(expected_output_shape), out_np.shape
    symbolic = cls(**kwargs)(cornu.Input(batch_shape=(None, *input_data.shape[1:]),
                                         dtype=input_dtype))
    want = (None, *out_np.shape[1:])
    got = tuple(symbolic.shape)
    assert all(g is None or g == w for g, w in zip(got, want)) and len(got) == len(want), (
        f"symbolic shape {got} vs eager {want}")
    if expected_num_trainable_weights is not None:
        assert len(layer.trainable_weights) == expected_num_trainable_weights
    if expected_num_non_trainable_weights is not None:
        assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights
    config = layer.get_config()
    clone = cls.from_config(config)
    clone(input_data)
    if layer.weights:
        clone.set_weights(layer.get_weights())
    clone_out = ops.convert_to_numpy(clone(input_data))
    np.testing.assert_allclose(clone_out, out_np, rtol=1e-5, atol=1e-6)
    if train and layer.trainable_weights:
        inputs = cornu.Input(batch_shape=(None, *input_data.shape[1:]), dtype=input_dtype)
        model = cornu.Model(inputs, cls(**kwargs)(inputs))
        model.compile(optimizer="sgd", loss="mse")
        target = np.zeros_like(np.asarray(model.predict(input_data, verbose=0)))
        before = [w.copy() for w in model.get_weights()]
        model.fit(input_data, target, epochs=1, batch_size=len(input_data), verbose=0)
        after = model.get_weights()
        assert any(not np.array_equal(a, b) for a, b in zip(before, after)), "no weight changed"
    return layer, out_np
