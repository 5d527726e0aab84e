"""Every loss, function and class form, against NumPy math and against real Keras 3.

Keras runs on its torch backend with the same inputs; values, reductions, sample weights
and gradients must agree to float32 precision.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from loss_cases import CASES, make_inputs, sample_weight_for

from cornu import backend, losses

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]
IDS = [case.id for case in CASES]


def _t(value, **kwargs):
    """A torch tensor on cornu's default device (where Keras computes too)."""
    return torch.tensor(value, device=backend.default_device(), **kwargs)


def _np(x):
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def _close(a, b, rtol=1e-5, atol=1e-5):
    a, b = _np(a), _np(b)
    assert a.shape == b.shape, f"shape {a.shape} != {b.shape}"
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def _keras_losses(keras):
    if keras.backend.backend() != "torch":  # pragma: no cover
        pytest.skip("the Keras oracle needs KERAS_BACKEND=torch")
    return keras.losses


def _keras_fn(keras, name):
    if name == "categorical_generalized_cross_entropy":
        from keras.src.losses.losses import categorical_generalized_cross_entropy

        return categorical_generalized_cross_entropy
    return getattr(_keras_losses(keras), name)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_function_matches_numpy(case):
    y_true, y_pred = make_inputs(case.kind)
    out = getattr(losses, case.fn)(y_true, y_pred, **case.kw)
    expected = case.reference(y_true, y_pred, **case.kw)
    _close(out, expected, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_function_matches_keras(case, keras):
    y_true, y_pred = make_inputs(case.kind, seed=1)
    ours = getattr(losses, case.fn)(y_true, y_pred, **case.kw)
    theirs = _keras_fn(keras, case.fn)(_t(y_true), _t(y_pred), **case.kw)
    _close(ours, theirs)


def _weights(case, y_true, y_pred, mode):
    unreduced = getattr(losses, case.fn)(y_true, y_pred, **case.kw)
    return sample_weight_for(tuple(unreduced.shape), len(y_pred), mode)


@pytest.mark.parametrize("weights", ["none", "per_sample", "per_entry"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_class_matches_keras_for_every_reduction(case, weights, keras):
    y_true, y_pred = make_inputs(case.kind, seed=2)
    sample_weight = _weights(case, y_true, y_pred, weights)
    if weights == "per_sample" and case.kw.get("axis") == 0:
        pytest.skip("the loss runs along the batch axis: there are no per-sample losses")
    if weights == "per_sample" and case.kind == "sparse_sequence":
        pytest.skip("Keras 3 fails on (batch,) weights for (batch, time) losses")
    for reduction in REDUCTIONS:
        ours = getattr(losses, case.cls)(reduction=reduction, **case.kw)
        theirs = getattr(_keras_losses(keras), case.cls)(reduction=reduction, **case.kw)
        expected = theirs(y_true, y_pred, sample_weight=sample_weight)
        _close(ours(y_true, y_pred, sample_weight=sample_weight), expected)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gradients_match_keras(case, keras):
    y_true, y_pred = make_inputs(case.kind, seed=3)
    sample_weight = _weights(case, y_true, y_pred, "per_entry")
    ours_in = _t(y_pred, requires_grad=True)
    theirs_in = _t(y_pred, requires_grad=True)
    ours = getattr(losses, case.cls)(**case.kw)(y_true, ours_in, sample_weight=sample_weight)
    theirs = getattr(_keras_losses(keras), case.cls)(**case.kw)(
        y_true, theirs_in, sample_weight=sample_weight
    )
    ours.backward()
    theirs.backward()
    assert ours_in.grad is not None
    assert np.all(np.isfinite(_np(ours_in.grad)))
    _close(ours_in.grad, theirs_in.grad, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_config_round_trip_and_keras_compatible(case, keras):
    loss = getattr(losses, case.cls)(reduction="sum", name="my_loss", **case.kw)
    config = loss.get_config()
    clone = type(loss).from_config(config)
    assert clone.get_config() == config
    keras_cls = getattr(_keras_losses(keras), case.cls)
    keras_config = keras_cls(reduction="sum", name="my_loss", **case.kw).get_config()
    for key, value in keras_config.items():
        assert config[key] == value, key
    # A config written by cornu loads in Keras and computes the same loss.
    y_true, y_pred = make_inputs(case.kind, seed=4)
    _close(keras_cls.from_config(config)(y_true, y_pred), clone(y_true, y_pred))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_default_name_and_reduction_match_keras(case, keras):
    ours = getattr(losses, case.cls)()
    theirs = getattr(_keras_losses(keras), case.cls)()
    assert ours.name == theirs.name
    assert ours.reduction == theirs.reduction == "sum_over_batch_size"
    assert ours.dtype == "float32"
