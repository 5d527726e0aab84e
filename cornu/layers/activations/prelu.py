"""``PReLU``: a leaky ReLU whose negative slope is learned."""

from __future__ import annotations

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class PReLU(Layer):
    """Parametric ReLU: ``x`` for positive inputs, ``alpha * x`` otherwise, with ``alpha``
    a learned weight of the input's shape (without the batch axis).

    Args:
        alpha_initializer: initializer of ``alpha`` (default zeros).
        alpha_regularizer, alpha_constraint: optional penalty and constraint.
        shared_axes: axes (1-based, batch excluded) along which one ``alpha`` is shared,
            e.g. ``[1, 2]`` for one slope per channel of ``(batch, h, w, channels)``.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.PReLU(alpha_initializer=cornu.initializers.Constant(0.5))
        >>> layer(cornu.ops.convert_to_tensor([[-2.0, 3.0]])).tolist()
        [[-1.0, 3.0]]
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None,
                 alpha_constraint=None, shared_axes=None, **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]
        self.supports_masking = True

    def build(self, input_shape) -> None:
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            if not 1 <= axis < len(input_shape):
                raise ValueError(
                    f"PReLU '{self.name}': shared axis {axis} is out of range for inputs of "
                    f"shape {tuple(input_shape)} (axes count from 1, the batch axis is 0)."
                )
            param_shape[axis - 1] = 1
        if None in param_shape:
            raise ValueError(
                f"PReLU '{self.name}': axes of unknown size {tuple(input_shape)} need to be "
                "listed in `shared_axes`."
            )
        self.alpha = self.add_weight(
            shape=tuple(param_shape), initializer=self.alpha_initializer, name="alpha",
            regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        axes = {}
        if self.shared_axes:
            axes = {i: input_shape[i] for i in range(1, len(input_shape))
                    if i not in self.shared_axes}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        return ops.relu(inputs) - self.alpha * ops.relu(-inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        })
        return config
