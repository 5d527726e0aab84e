"""``UnitNormalization``: scales each sample to unit L2 norm."""

from __future__ import annotations

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.normalization._common import check_axes, standardize_axis


class UnitNormalization(Layer):
    """Divides each sample by its L2 norm over ``axis`` (so that the norm becomes 1).

    Args:
        axis: an axis or list of axes to normalize over (default the last).

    Example:
        >>> import cornu
        >>> y = cornu.layers.UnitNormalization()(cornu.ops.convert_to_tensor([[3.0, 4.0]]))
        >>> [round(v, 4) for v in y[0].tolist()]
        [0.6, 0.8]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = standardize_axis(self, axis)
        self._op_axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return ops.normalize(inputs, axis=self._op_axis, order=2, epsilon=1e-12)

    def compute_output_shape(self, input_shape):
        check_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis})
        return config
