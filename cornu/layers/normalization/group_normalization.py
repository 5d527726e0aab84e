"""``GroupNormalization``: normalizes each sample over groups of channels."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.normalization._common import check_axes


class GroupNormalization(Layer):
    """Splits the channels into ``groups`` and normalizes each group of each sample to zero
    mean and unit variance (Wu & He, 2018), then applies per-channel ``gamma``/``beta``.

    ``groups=1`` is layer normalization over all non-batch axes; ``groups=-1`` (one group
    per channel) is instance normalization.

    Args:
        groups: the number of groups; must divide the number of channels.
        axis: the channels axis.
        epsilon: added to the variance.
        center, scale: whether to use ``beta`` and ``gamma``.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
            beta_constraint, gamma_constraint: as in ``LayerNormalization``.

    Example:
        >>> import cornu
        >>> gn = cornu.layers.GroupNormalization(groups=2)
        >>> gn(cornu.ops.ones((2, 5, 4))).shape
        torch.Size([2, 5, 4])
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        if not isinstance(groups, int) or isinstance(groups, bool) or (
                groups <= 0 and groups != -1):
            raise ValueError(
                "GroupNormalization: `groups` must be a positive int (or -1 for instance "
                f"normalization), got groups={groups!r}."
            )
        super().__init__(**kwargs)
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
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
        if self.axis % len(input_shape) == 0:
            raise ValueError(
                f"GroupNormalization '{self.name}': `axis` must be a channels axis, not the "
                f"batch axis (got axis={self.axis})."
            )
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"GroupNormalization '{self.name}': axis {self.axis} must have a known size, "
                f"got input shape {tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups or dim % self.groups:
            raise ValueError(
                f"GroupNormalization '{self.name}': the number of channels ({dim}) must be a "
                f"multiple of `groups` ({self.groups}), and at least as large."
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        if self.scale:
            self.gamma = self.add_weight(
                shape=(dim,), initializer=self.gamma_initializer, name="gamma",
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center:
            self.beta = self.add_weight(
                shape=(dim,), initializer=self.beta_initializer, name="beta",
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self.built = True

    def call(self, inputs):
        out = ops.group_normalization(inputs, self.groups, self.gamma, self.beta,
                                      self.axis, self.epsilon)
        return ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        check_axes(self, self.axis, input_shape)
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        })
        return config
