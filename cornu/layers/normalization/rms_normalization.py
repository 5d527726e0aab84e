"""``RMSNormalization``: divides by the root mean square over the feature axes."""

from __future__ import annotations

from cornu import ops
from cornu.layers.layer import Layer
from cornu.layers.normalization._common import check_axes, standardize_axis


class RMSNormalization(Layer):
    """Root-mean-square normalization (Zhang & Sennrich, 2019):
    ``x * rsqrt(mean(x**2, axis) + epsilon) * scale`` with a learned ``scale``.

    Args:
        axis: an axis or list of axes to normalize over (default the last).
        epsilon: added to the mean square.

    Example:
        >>> import cornu
        >>> y = cornu.layers.RMSNormalization()(cornu.ops.convert_to_tensor([[3.0, 4.0]]))
        >>> [round(v, 4) for v in y[0].tolist()]
        [0.8485, 1.1314]
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = standardize_axis(self, axis)
        self.epsilon = epsilon

    def build(self, input_shape) -> None:
        check_axes(self, self.axis, input_shape)
        if isinstance(self.axis, list):
            self.axis = sorted(self.axis)
        else:
            self.axis = [self.axis]
        shape = tuple(input_shape[a] for a in self.axis)
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self._op_axis = self.axis[0] if len(self.axis) == 1 else self.axis
        self.built = True

    def call(self, x):
        return ops.rms_normalization(x, scale=self.scale, axis=self._op_axis,
                                     epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        check_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis, "epsilon": self.epsilon})
        return config
