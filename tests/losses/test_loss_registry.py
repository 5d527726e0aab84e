"""Looking losses up (get / serialize / deserialize), aliases, and LossFunctionWrapper."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
import torch

from cornu import backend, losses, ops, saving


def _t(value, **kwargs):
    """A torch tensor on cornu's default device (where Keras computes too)."""
    return torch.tensor(value, device=backend.default_device(), **kwargs)


def _close(a, b, rtol=1e-5, atol=1e-6):
    a = a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    b = b.detach().cpu().numpy() if isinstance(b, torch.Tensor) else np.asarray(b)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def test_every_public_keras_loss_exists(keras):
    public = [n for n in dir(keras.losses) if not n.startswith("_")]
    missing = [n for n in public if not hasattr(losses, n)]
    assert not missing
    classes = [n for n in public if inspect.isclass(getattr(keras.losses, n))]
    assert len(classes) == 23  # Loss and the 22 losses of Keras 3.15
    for name in classes:
        assert issubclass(getattr(losses, name), losses.Loss)


def test_every_keras_name_resolves_to_the_same_loss(keras):
    from keras.src.losses import ALL_OBJECTS_DICT

    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, (3, 4)).astype(np.float32)
    y_pred = rng.uniform(0.1, 0.9, (3, 4)).astype(np.float32)
    skip = {"CTC", "ctc", "Circle", "circle"}
    skip |= {"SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"}
    for name, theirs in ALL_OBJECTS_DICT.items():
        if name in ("Loss", "LossFunctionWrapper"):  # bases: known, but not instantiable
            assert losses.ALL_OBJECTS_DICT[name] is getattr(losses, name)
            continue
        ours = losses.get(name)
        assert ours is not None, name
        if name in skip:
            continue
        theirs = theirs() if inspect.isclass(theirs) else theirs
        _close(ours(y_true, y_pred), theirs(_t(y_true), _t(y_pred)))


def test_get_forms():
    assert losses.get(None) is None
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("MSE") is losses.mean_squared_error
    assert isinstance(losses.get("MeanSquaredError"), losses.MeanSquaredError)
    loss = losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert isinstance(loss, losses.CategoricalCrossentropy) and loss.from_logits
    instance = losses.Huber()
    assert losses.get(instance) is instance

    def custom(y_true, y_pred):
        return ops.mean(y_pred - y_true, axis=-1)

    assert losses.get(custom) is custom
    assert isinstance(losses.get(losses.Poisson), losses.Poisson)


def test_unknown_name_says_which_and_suggests():
    with pytest.raises(ValueError, match=r"Unknown loss 'mean_sqared_error'") as info:
        losses.get("mean_sqared_error")
    message = str(info.value)
    assert "Did you mean 'mean_squared_error'" in message
    assert "binary_crossentropy" in message  # the list of known losses
    with pytest.raises(ValueError, match="Could not interpret loss identifier 3"):
        losses.get(3)


def test_legacy_names():
    assert losses.get("kullback_leibler_divergence") is losses.kl_divergence
    assert losses.kullback_leibler_divergence is losses.kl_divergence
    assert losses.get("logcosh") is losses.log_cosh
    assert losses.logcosh is losses.log_cosh
    assert losses.kld is losses.KLD is losses.kl_divergence
    assert losses.mae is losses.mean_absolute_error
    assert losses.mape is losses.mean_absolute_percentage_error
    assert losses.msle is losses.mean_squared_logarithmic_error
    y_true, y_pred = [[1.0, 2.0], [0.0, 1.0]], [[2.0, 4.0], [1.0, 1.0]]
    proximity = losses.get("cosine_proximity")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = proximity(y_true, y_pred)
        proximity(y_true, y_pred)
    # One warning per process at most, naming the modern spelling.
    assert len(caught) <= 1
    assert all("cosine_similarity" in str(w.message) for w in caught)
    _close(first, losses.cosine_similarity(y_true, y_pred))


@pytest.mark.parametrize(
    "loss",
    [
        losses.MeanSquaredError(),
        losses.Huber(delta=2.5, reduction="sum"),
        losses.CosineSimilarity(axis=0),
        losses.BinaryFocalCrossentropy(apply_class_balancing=True, gamma=3.0),
        losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1),
        losses.Dice(axis=(1, 2)),
        losses.CategoricalGeneralizedCrossEntropy(q=0.7),
    ],
    ids=lambda loss: type(loss).__name__,
)
def test_serialize_round_trip(loss):
    config = losses.serialize(loss)
    assert config["class_name"] == type(loss).__name__
    clone = losses.deserialize(config)
    assert type(clone) is type(loss)
    assert clone.get_config() == loss.get_config()


def test_functions_serialize_to_names_and_keras_function_configs_load():
    assert losses.serialize(losses.mse) == "mean_squared_error"
    assert losses.deserialize("mean_squared_error") is losses.mean_squared_error
    keras_form = {
        "module": "builtins",
        "class_name": "function",
        "config": "mean_squared_error",
        "registered_name": "function",
    }
    assert losses.deserialize(keras_form) is losses.mean_squared_error


def test_keras_serialized_class_loads(keras):
    config = keras.losses.serialize(keras.losses.BinaryCrossentropy(label_smoothing=0.1))
    loss = losses.deserialize(config)
    assert isinstance(loss, losses.BinaryCrossentropy)
    assert loss.label_smoothing == 0.1


def test_registered_custom_loss_resolves_by_name():
    @saving.register_keras_serializable(package="loss_tests")
    def doubled_mae(y_true, y_pred):
        return 2.0 * losses.mean_absolute_error(y_true, y_pred)

    assert losses.get("loss_tests>doubled_mae") is doubled_mae
    assert losses.deserialize("doubled_mae", custom_objects={"doubled_mae": doubled_mae})


def test_loss_function_wrapper_passes_kwargs_and_round_trips():
    wrapper = losses.LossFunctionWrapper(losses.huber, delta=0.25, name="robust")
    y_true, y_pred = [[0.0, 1.0]], [[1.0, 1.1]]
    _close(wrapper(y_true, y_pred), losses.huber(y_true, y_pred, delta=0.25)[0])
    config = wrapper.get_config()
    assert config == {
        "name": "robust",
        "reduction": "sum_over_batch_size",
        "fn": "huber",
        "delta": 0.25,
    }
    clone = losses.LossFunctionWrapper.from_config(config)
    assert clone.fn is losses.huber and clone._fn_kwargs == {"delta": 0.25}
    keras_style = dict(config, fn={"class_name": "function", "config": "huber"})
    assert losses.LossFunctionWrapper.from_config(keras_style).fn is losses.huber
    assert "huber" in repr(wrapper) and "delta=0.25" in repr(wrapper)


def test_loss_function_wrapper_aligns_ranks_and_matches_keras(keras):
    from keras.src.losses import LossFunctionWrapper

    y_true = np.arange(4, dtype=np.float32)
    y_pred = np.arange(4, dtype=np.float32)[:, None] * 1.5
    ours = losses.LossFunctionWrapper(losses.mean_absolute_error, reduction=None)
    theirs = LossFunctionWrapper(keras.losses.mean_absolute_error, reduction=None)
    _close(ours(y_true, y_pred), theirs(y_true, y_pred))


def test_loss_function_wrapper_maps_dict_structures():
    def total(y_true, y_pred):
        return sum(losses.mean_squared_error(y_true[k], y_pred[k]) for k in ("a", "b"))

    y_true = {"a": np.zeros((2, 1)), "b": np.ones(2)}
    y_pred = {"a": np.ones(2), "b": np.ones((2, 1))}
    out = losses.LossFunctionWrapper(total)(y_true, y_pred)
    _close(out, 1.0)


def test_gce_rejects_q_outside_the_open_interval():
    with pytest.raises(ValueError, match="q=1.5"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)


def test_crossentropy_axis_must_be_an_int():
    with pytest.raises(ValueError, match="axis"):
        losses.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]], axis=True)


def test_single_class_categorical_warns():
    with pytest.warns(SyntaxWarning, match="binary_crossentropy"):
        losses.categorical_crossentropy([[1.0]], [[0.5]])


def test_ctc_checks_ranks():
    with pytest.raises(ValueError, match=r"y_true.*batch_size, max_length"):
        losses.ctc([1, 2], np.zeros((2, 3, 4), np.float32))
    with pytest.raises(ValueError, match=r"y_pred.*num_classes"):
        losses.ctc([[1, 2]], np.zeros((2, 3), np.float32))


def test_ctc_impossible_alignment_is_inf_like_keras(keras):
    labels = np.array([[1, 1, 1, 1], [1, 2, 3, 4]])
    logits = np.random.default_rng(0).normal(size=(2, 5, 5)).astype(np.float32)
    ours = losses.ctc(labels, logits)
    theirs = keras.losses.ctc(_t(labels), _t(logits))
    assert np.isinf(ours[0].item())
    _close(ours, theirs)


def test_tutorial_misspellings_resolve_with_a_warning():
    # Seen in a published tutorial: loss="mean_square_error", losses.meanSquaredError().
    with pytest.warns(UserWarning, match="'mean_squared_error'"):
        assert losses.get("mean_square_error") is losses.mean_squared_error
    with pytest.warns(UserWarning, match="'MeanSquaredError'"):
        assert losses.meanSquaredError is losses.MeanSquaredError
    with pytest.raises(AttributeError, match="no_such_loss"):
        losses.no_such_loss  # noqa: B018
