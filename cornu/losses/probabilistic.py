"""Divergences between distributions: Kullback-Leibler divergence and Poisson loss."""

from __future__ import annotations

from cornu import backend, ops
from cornu.losses._utils import float_pair
from cornu.losses.wrapper import LossFunctionWrapper


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))`` over the last axis.

    Both inputs are clipped to ``[epsilon, 1]`` first.

    Args:
        y_true: the target distribution.
        y_pred: the predicted distribution, same shape.

    Returns:
        The divergence of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.1438]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    eps = backend.epsilon()
    y_true = ops.clip(y_true, eps, 1.0)
    y_pred = ops.clip(y_pred, eps, 1.0)
    return ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Poisson negative log-likelihood ``mean(y_pred - y_true * log(y_pred))``, up to a
    constant, over the last axis.

    Args:
        y_true: observed counts.
        y_pred: predicted rates (positive), same shape.

    Returns:
        The loss of each sample.

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.poisson([[1.0, 2.0]], [[1.0, 2.0]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [0.8069]
    """
    y_true, y_pred = float_pair(y_true, y_pred)
    return ops.mean(y_pred - y_true * ops.log(y_pred + backend.epsilon()), axis=-1)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence between target and predicted distributions.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> round(float(cornu.losses.KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
        0.1438
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name=name, reduction=reduction, dtype=dtype)


class Poisson(LossFunctionWrapper):
    """Poisson loss for count targets and predicted rates.

    Args:
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> round(float(cornu.losses.Poisson()([[1.0, 2.0]], [[1.0, 2.0]])), 4)
        0.8069
    """

    _config_keys = ()

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, name=name, reduction=reduction, dtype=dtype)
