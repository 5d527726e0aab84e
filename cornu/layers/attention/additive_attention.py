"""``AdditiveAttention``: Bahdanau-style attention."""

from __future__ import annotations

from cornu import ops
from cornu.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention: scores ``sum(scale * tanh(query + key), axis=-1)``, then as
    ``Attention``.

    Args:
        use_scale: learn a per-feature ``scale`` vector (default True).
        dropout: dropout rate on the attention weights while training.
        seed: an int for repeatable dropout.

    Example:
        >>> import cornu
        >>> q, v = cornu.ops.ones((2, 3, 4)), cornu.ops.ones((2, 5, 4))
        >>> cornu.layers.AdditiveAttention()([q, v]).shape
        torch.Size([2, 3, 4])
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        kwargs.pop("score_mode", None)
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(tuple(input_shape[0])[-1],),
                                         initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        summed = ops.tanh(ops.expand_dims(query, -2) + ops.expand_dims(key, -3))
        if self.scale is not None:
            summed = self.scale * summed
        return ops.sum(summed, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
