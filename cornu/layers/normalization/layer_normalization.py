"""``LayerNormalization``: normalizes each sample over its feature axes."""

from __future__ import annotations

import warnings

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.layer import Layer
from cornu.layers.normalization._common import check_axes, standardize_axis


class LayerNormalization(Layer):
    """Normalizes each sample to zero mean and unit variance over ``axis``, then applies
    the learned ``gamma`` (scale) and ``beta`` (offset).

    Unlike ``BatchNormalization`` it behaves the same in training and inference.

    Args:
        axis: an axis or list of axes to normalize over (default the last).
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add ``beta``.
        scale: whether to multiply by ``gamma``.
        beta_initializer, gamma_initializer: initializers (``zeros``, ``ones``).
        beta_regularizer, gamma_regularizer: optional penalties.
        beta_constraint, gamma_constraint: optional constraints.
        rms_scaling: deprecated (as in Keras): divides by ``sqrt(variance + epsilon)``
            without centering; use ``RMSNormalization`` for RMS normalization.

    Example:
        >>> import cornu
        >>> ln = cornu.layers.LayerNormalization()
        >>> y = ln(cornu.ops.convert_to_tensor([[1.0, 3.0]]))
        >>> [round(v, 4) for v in y[0].tolist()]
        [-0.9995, 0.9995]
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        rms_scaling = bool(kwargs.pop("rms_scaling", False))
        if rms_scaling:
            warnings.warn(
                "LayerNormalization: `rms_scaling=True` is deprecated (it scales by the "
                "variance, not the root mean square). Use `cornu.layers.RMSNormalization`.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.axis = standardize_axis(self, axis)
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.gamma = None
        self.beta = None

    def build(self, input_shape) -> None:
        check_axes(self, self.axis, input_shape)
        if isinstance(self.axis, list):
            self.axis = sorted(self.axis)
        else:
            self.axis = [self.axis]
        shape = tuple(input_shape[a] for a in self.axis)
        if None in shape:
            raise ValueError(
                f"LayerNormalization '{self.name}': the normalized axes {self.axis} must have "
                f"known sizes, got input shape {tuple(input_shape)}."
            )
        if self.scale or self.rms_scaling:
            self.gamma = self.add_weight(
                shape=shape, initializer=self.gamma_initializer, name="gamma",
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=shape, initializer=self.beta_initializer, name="beta",
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self._op_axis = self.axis[0] if len(self.axis) == 1 else self.axis
        self.built = True

    def call(self, inputs):
        out = ops.layer_normalization(inputs, self.gamma, self.beta, self._op_axis,
                                      self.epsilon, rms_scaling=self.rms_scaling)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        check_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        })
        return config
