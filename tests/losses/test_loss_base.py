"""The ``Loss`` base class: input handling, reductions, sample weights, masks, dtypes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import cornu
from cornu import backend, losses, ops

REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None]


def _t(value, **kwargs):
    """A torch tensor on cornu's default device (where Keras computes too)."""
    return torch.tensor(value, device=backend.default_device(), **kwargs)


def _np(x):
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else np.asarray(x)


def _close(a, b, rtol=1e-5, atol=1e-6):
    a, b = _np(a), _np(b)
    assert a.shape == b.shape, f"shape {a.shape} != {b.shape}"
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def _data(shape=(4, 3), seed=0):
    rng = np.random.default_rng(seed)
    return rng.random(shape).astype(np.float32), rng.random(shape).astype(np.float32)


# --- reductions and sample weights against NumPy ------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_reductions_match_numpy(reduction):
    y_true, y_pred = _data()
    per_sample = np.mean((y_true - y_pred) ** 2, axis=-1)
    weights = np.array([1.0, 3.0, 0.0, 1.0], np.float32)
    weighted = per_sample * weights
    expected = {
        "sum_over_batch_size": weighted.mean(),
        "mean": weighted.mean(),
        "sum": weighted.sum(),
        "mean_with_sample_weight": weighted.sum() / weights.sum(),
        "none": weighted,
        None: weighted,
    }[reduction]
    out = losses.MeanSquaredError(reduction=reduction)(y_true, y_pred, sample_weight=weights)
    _close(out, expected)


def test_per_sample_weights_spread_over_trailing_axes():
    # Losses of shape (batch, time) with weights of shape (batch,): Keras 3 fails here,
    # cornu weights every time step of a sample by that sample's weight.
    y_true, y_pred = _data((2, 5, 3))
    per_entry = np.mean((y_true - y_pred) ** 2, axis=-1)
    weights = np.array([0.5, 2.0], np.float32)
    out = losses.MeanSquaredError()(y_true, y_pred, sample_weight=weights)
    _close(out, (per_entry * weights[:, None]).mean())
    out = losses.MeanSquaredError(reduction="mean_with_sample_weight")(
        y_true, y_pred, sample_weight=weights
    )
    _close(out, (per_entry * weights[:, None]).sum() / (weights.sum() * 5))


def test_mismatched_sample_weight_names_both_shapes():
    y_true, y_pred = _data()
    with pytest.raises(ValueError, match=r"sample_weight.*\(4, 3\).*\(4,\)"):
        losses.MeanSquaredError()(y_true, y_pred, sample_weight=np.ones((4, 3)))


def test_empty_batch_matches_keras(keras):
    for shape in [(0, 3), (0,), (0, 3, 2)]:
        for reduction in ("sum", "sum_over_batch_size"):
            ours = losses.MeanSquaredError(reduction=reduction)(np.ones(shape), np.ones(shape))
            theirs = keras.losses.MeanSquaredError(reduction=reduction)(
                np.ones(shape), np.ones(shape)
            )
            _close(ours, theirs)


# --- shape alignment ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "true_shape,pred_shape", [((4,), (4, 1)), ((4, 1), (4,)), ((4,), (4,)), ((4, 1), (4, 1))]
)
@pytest.mark.parametrize("cls", ["MeanSquaredError", "BinaryCrossentropy", "Hinge"])
def test_rank_alignment_matches_keras(cls, true_shape, pred_shape, keras):
    rng = np.random.default_rng(1)
    y_true = rng.integers(0, 2, true_shape).astype(np.float32)
    y_pred = rng.uniform(0.1, 0.9, pred_shape).astype(np.float32)
    for reduction in ("none", "sum_over_batch_size"):
        ours = getattr(losses, cls)(reduction=reduction)(y_true, y_pred)
        theirs = getattr(keras.losses, cls)(reduction=reduction)(y_true, y_pred)
        _close(ours, theirs)


def test_mse_of_vector_against_column_is_zero():
    assert float(losses.MeanSquaredError()(np.ones(4), np.ones((4, 1)))) == 0.0
    assert tuple(losses.mean_squared_error(np.ones(4), np.ones((4, 1))).shape) == (4,)
    out = losses.binary_crossentropy(np.ones(4), np.full((4, 1), 0.3))
    _close(out, np.full(4, -np.log(0.3)))


def test_python_lists_and_integers_are_accepted():
    out = losses.MeanSquaredError()([[1, 2]], [[1, 4]])
    assert out.dtype == torch.float32
    _close(out, 2.0)
    _close(losses.mean_squared_error([[1, 2]], [[1, 4]]), [2.0])


# --- masks --------------------------------------------------------------------------------
def _masked(y_pred, mask):
    t = _t(y_pred)
    t._keras_mask = _t(mask)
    return t


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_mask_on_y_pred_matches_keras(reduction, keras):
    y_true, y_pred = _data((4, 3))
    mask = [True, False, True, True]
    weights = np.array([1.0, 2.0, 3.0, 0.5], np.float32)
    for sample_weight in (None, weights):
        ours = losses.MeanSquaredError(reduction=reduction)(
            y_true, _masked(y_pred, mask), sample_weight=sample_weight
        )
        theirs = keras.losses.MeanSquaredError(reduction=reduction)(
            y_true, _masked(y_pred, mask), sample_weight=sample_weight
        )
        _close(ours, theirs)


def test_mask_averages_over_kept_entries_only():
    y_true, y_pred = _data((2, 5, 3))
    mask = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 0]], bool)
    out = losses.MeanSquaredError()(y_true, _masked(y_pred, mask))
    per_entry = np.mean((y_true - y_pred) ** 2, axis=-1)
    _close(out, per_entry[mask].mean())


def test_all_masked_gives_zero_not_nan():
    y_true, y_pred = _data((3, 2))
    out = losses.MeanSquaredError()(y_true, _masked(y_pred, [False, False, False]))
    assert float(out) == 0.0


def test_input_mask_and_ignore_class_combine(keras):
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 3, (2, 6))
    y_pred = rng.normal(size=(2, 6, 3)).astype(np.float32)
    mask = rng.integers(0, 2, (2, 6)).astype(bool)
    kwargs = {"from_logits": True, "ignore_class": 0}
    ours = losses.SparseCategoricalCrossentropy(**kwargs)(y_true, _masked(y_pred, mask))
    theirs = keras.losses.SparseCategoricalCrossentropy(**kwargs)(y_true, _masked(y_pred, mask))
    _close(ours, theirs)


def test_function_with_ignore_class_carries_its_mask():
    out = losses.sparse_categorical_crossentropy([0, 1, 1], np.eye(3) * 0.9 + 0.05, ignore_class=1)
    assert _np(out._keras_mask).tolist() == [True, False, False]
    assert _np(out)[1:].tolist() == [0.0, 0.0]


def test_gradients_with_mask_and_weights_match_keras(keras):
    y_true, y_pred = _data((4, 3))
    mask = [True, False, True, True]
    weights = np.array([1.0, 2.0, 3.0, 0.5], np.float32)
    grads = []
    for module in (losses, keras.losses):
        leaf = _t(y_pred, requires_grad=True)
        pred = leaf * 1.0
        pred._keras_mask = _t(mask)
        module.Huber(delta=0.3)(y_true, pred, sample_weight=weights).backward()
        grads.append(leaf.grad)
    _close(grads[0], grads[1])
    assert float(grads[0][1].abs().sum()) == 0.0


# --- dtypes -------------------------------------------------------------------------------
def test_inputs_are_computed_in_the_loss_dtype():
    y64 = _t([[1.0, 2.0]], dtype=torch.float64)
    assert losses.MeanSquaredError()(y64, y64 * 2).dtype == torch.float32
    assert losses.MeanSquaredError(dtype="float64")(y64, y64).dtype == torch.float64
    half = losses.MeanSquaredError(dtype="mixed_float16")
    assert half.dtype == "float16"
    assert half([[1.0]], [[2.0]]).dtype == torch.float16


def test_dtype_policy_objects_give_their_compute_dtype():
    class Policy:
        compute_dtype = "bfloat16"

    assert losses.MeanSquaredError(dtype=Policy()).dtype == "bfloat16"


def test_function_forms_follow_the_prediction_dtype():
    t16 = _t([[1.0, 2.0]], dtype=torch.float16)
    t32 = _t([[1.0, 3.0]])
    assert losses.mean_squared_error(t16, t32).dtype == torch.float32
    assert losses.mean_squared_error(t32, t16).dtype == torch.float16


# --- construction, naming, errors ---------------------------------------------------------
def test_invalid_reduction_lists_the_valid_ones():
    with pytest.raises(ValueError, match="sum_over_batch_size"):
        losses.MeanSquaredError(reduction="average")


def test_tf_keras_auto_reduction_means_the_default():
    assert losses.MeanSquaredError(reduction="auto").reduction == "sum_over_batch_size"


def test_subclass_and_base_call():
    class Cube(losses.Loss):
        def call(self, y_true, y_pred):
            return ops.mean(ops.abs(y_pred - y_true) ** 3, axis=-1)

    backend.clear_session()
    loss = Cube()
    assert loss.name == "cube"
    assert Cube().name == "cube_1"
    _close(loss([[0.0, 1.0]], [[1.0, 3.0]]), 4.5)
    assert loss.get_config() == {"name": "cube", "reduction": "sum_over_batch_size"}
    assert Cube.from_config(loss.get_config()).name == "cube"
    with pytest.raises(NotImplementedError, match="call"):
        losses.Loss()([1.0], [1.0])


def test_keras_tensor_inputs_build_symbolic_losses():
    a = backend.KerasTensor((None, 3))
    b = backend.KerasTensor((None, 3))
    assert losses.mean_squared_error(a, b).shape == (None,)
    assert losses.binary_crossentropy(a, b, from_logits=True).shape == (None,)
    assert losses.MeanSquaredError()(a, b).shape == ()


def test_loss_is_differentiable_and_cornu_variables_work():
    w = cornu.Variable([[0.5], [-0.25]], name="w")
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    y = np.array([[1.0], [0.0]], np.float32)
    loss = losses.MeanSquaredError()(y, ops.matmul(x, w))
    loss.backward()
    pred = x @ np.array([[0.5], [-0.25]])
    expected = 2 * x.T @ (pred - y) / 2
    _close(w.grad, expected)


def test_reduce_weighted_values_is_public():
    out = losses.reduce_weighted_values(ops.array([1.0, 2.0, 3.0]), [1.0, 0.0, 1.0], None, "sum")
    _close(out, 4.0)


@pytest.mark.parametrize("shapes", [((8, 1), (8, 1)), ((8,), (8, 1)), ((8, 1), (8,)),
                                    ((4, 5, 3), (4, 5, 3)), ((6, 3), (6, 3))])
def test_mse_fast_path_equals_the_general_path(shapes):
    """compile(loss="mse") takes MeanSquaredError's fused path: same value and gradient."""
    from cornu import losses

    rng = np.random.default_rng(0)
    y_true = torch.tensor(rng.standard_normal(shapes[0]), dtype=torch.float32)
    y_pred = torch.tensor(rng.standard_normal(shapes[1]), dtype=torch.float32,
                          requires_grad=True)
    fast = losses.MeanSquaredError()(y_true, y_pred)
    (grad_fast,) = torch.autograd.grad(fast, y_pred)
    general = losses.LossFunctionWrapper(losses.mean_squared_error)(y_true, y_pred)
    (grad_general,) = torch.autograd.grad(general, y_pred)
    np.testing.assert_allclose(fast.item(), general.item(), rtol=1e-6)
    np.testing.assert_allclose(grad_fast.numpy(), grad_general.numpy(), rtol=1e-6, atol=1e-8)
    y_int = torch.ones(shapes[0], dtype=torch.int64)
    np.testing.assert_allclose(losses.MeanSquaredError()(y_int, y_pred).item(),
                               losses.mean_squared_error(y_int, y_pred).mean().item(),
                               rtol=1e-6)
