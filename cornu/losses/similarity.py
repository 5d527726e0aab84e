"""Similarity losses: cosine similarity between vectors, Circle loss between embeddings."""

from __future__ import annotations

from cornu import backend, ops
from cornu.losses._utils import (
    float_pair,
    set_mask,
    squeeze_or_expand_to_same_rank,
    to_float,
    to_tensor,
)
from cornu.losses.wrapper import LossFunctionWrapper


def _unit(x, axis):
    # x / max(norm(x), epsilon), written as x * rsqrt(max(norm**2, epsilon**2)).
    eps = backend.epsilon()
    return ops.l2_normalize(x, axis=axis, epsilon=eps * eps)


def cosine_similarity(y_true, y_pred, axis: int = -1):
    """Negative cosine similarity between targets and predictions along ``axis``.

    The result lies in ``[-1, 1]``; -1 means the vectors point the same way, so minimizing
    it aligns the predictions with the targets. A zero vector gives 0.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.
        axis: the axis holding the vectors.

    Returns:
        The loss of each vector (``axis`` reduced away).

    Example:
        >>> from cornu import losses, ops
        >>> out = losses.cosine_similarity([[0., 1.], [1., 1.]], [[0., 2.], [-1., -1.]])
        >>> [round(v, 4) for v in ops.convert_to_numpy(out).tolist()]
        [-1.0, 1.0]
    """
    y_true, y_pred = squeeze_or_expand_to_same_rank(*float_pair(y_true, y_pred))
    return -ops.sum(_unit(y_true, axis) * _unit(y_pred, axis), axis=axis)


def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
):
    """Circle loss between labelled, L2-normalized embeddings (Sun et al., 2020).

    Pairs of embeddings with the same label are pulled together and pairs with different
    labels pushed apart, each similarity weighted by how far it is from its optimum. The
    entries whose loss is exactly 0 (no positive or no negative pair) are masked out of
    the average.

    Args:
        y_true: integer labels, shape ``(batch,)``.
        y_pred: unit-norm embeddings, shape ``(batch, dim)``.
        ref_labels: labels to compare against; ``y_true`` by default.
        ref_embeddings: embeddings to compare against; ``y_pred`` by default.
        remove_diagonal: leave each embedding's similarity with itself out of the
            positive pairs.
        gamma: the scale of the similarities.
        margin: the relaxation margin.

    Returns:
        The loss of each query embedding, shape ``(batch,)``.

    Example:
        >>> from cornu import losses
        >>> emb = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
        >>> [round(v, 4) for v in losses.circle([0, 1, 0], emb).tolist()]
        [0.0, 0.0, 0.0]
    """
    y_pred = to_float(y_pred)
    y_true = ops.cast(to_tensor(y_true), "int32")
    ref_embeddings = y_pred if ref_embeddings is None else to_tensor(ref_embeddings, y_pred.dtype)
    ref_labels = y_true if ref_labels is None else ops.cast(to_tensor(ref_labels), "int32")

    distances = ops.relu(1.0 - ops.matmul(y_pred, ops.transpose(ref_embeddings)))
    query = ops.reshape(y_true, (-1, 1))
    key = ops.reshape(ref_labels, (1, -1))
    positive = ops.equal(query, key)
    negative = ops.logical_not(positive)
    if remove_diagonal:
        diagonal = ops.eye(query.shape[0], key.shape[1], dtype="bool")
        positive = ops.logical_and(positive, ops.logical_not(diagonal))

    dtype = distances.dtype
    pos_weights = ops.relu((margin + distances) * ops.cast(positive, dtype))
    neg_weights = ops.relu((1.0 + margin - distances) * ops.cast(negative, dtype))
    pos_logits = -gamma * pos_weights * (margin - distances)
    neg_logits = gamma * neg_weights * ((1.0 - margin) - distances)
    minus_inf = ops.full_like(distances, float("-inf"))
    pos_term = ops.logsumexp(ops.where(positive, pos_logits, minus_inf), axis=1)
    neg_term = ops.logsumexp(ops.where(negative, neg_logits, minus_inf), axis=1)
    loss = ops.softplus(pos_term + neg_term)
    return set_mask(loss, ops.greater(loss, 0.0))


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity between targets and predictions.

    Args:
        axis: the axis holding the vectors.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> loss = cornu.losses.CosineSimilarity(axis=1)
        >>> round(float(loss([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])), 4)
        -0.5
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        axis: int = -1,
        reduction="sum_over_batch_size",
        name="cosine_similarity",
        dtype=None,
    ):
        super().__init__(cosine_similarity, name=name, reduction=reduction, dtype=dtype, axis=axis)
        self.axis = axis


class Circle(LossFunctionWrapper):
    """Circle loss for metric learning on L2-normalized embeddings.

    Feed it embeddings from a layer without activation followed by
    ``UnitNormalization``, and integer class labels as ``y_true``.

    Args:
        gamma: the scale of the similarities.
        margin: the relaxation margin.
        remove_diagonal: leave self-similarities out of the positive pairs.
        reduction: see ``Loss``.
        name: the name of the loss.
        dtype: the dtype of the computation.

    Example:
        >>> import cornu
        >>> emb = [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]]
        >>> round(float(cornu.losses.Circle()([0, 0, 1], emb)), 3)
        19.2
    """

    _cast_y_true = False
    _config_keys = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma: float = 80.0,
        margin: float = 0.4,
        remove_diagonal: bool = True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        super().__init__(
            circle,
            name=name,
            reduction=reduction,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
        self.gamma = gamma
        self.margin = margin
        self.remove_diagonal = remove_diagonal
