"""``SpectralNormalization``: keeps a wrapped layer's kernel at spectral norm 1."""

from __future__ import annotations

from cornu import initializers, ops
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer


class SpectralNormalization(Layer):
    """Wraps a layer that has a ``kernel`` (or ``embeddings``) and, at each training call,
    divides that kernel by its largest singular value, estimated by power iteration
    (Miyato et al., 2018). Inference calls use the kernel as it is.

    Args:
        layer: the layer to wrap (``Dense``, a convolution, ``Embedding``, ...).
        power_iterations: power-iteration steps per training call (>= 1).

    Example:
        >>> import cornu
        >>> sn = cornu.layers.SpectralNormalization(cornu.layers.Dense(3))
        >>> sn(cornu.ops.ones((2, 4)), training=True).shape
        torch.Size([2, 3])
    """

    def __init__(self, layer, power_iterations=1, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(layer, Layer):
            raise ValueError(
                "SpectralNormalization: `layer` must be a cornu Layer instance, got "
                f"{layer!r}."
            )
        if not isinstance(power_iterations, int) or power_iterations <= 0:
            raise ValueError(
                "SpectralNormalization: `power_iterations` must be an int > 0, got "
                f"power_iterations={power_iterations!r}."
            )
        self.layer = layer
        self.power_iterations = power_iterations
        self.supports_masking = bool(getattr(layer, "supports_masking", False))

    def build(self, input_shape) -> None:
        if not self.layer.built:
            self.layer.build(input_shape)
            self.layer.built = True
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization '{self.name}': the wrapped {type(self.layer).__name__} "
                "has neither a `kernel` nor an `embeddings` weight to normalize."
            )
        # Tracked here too (as in Keras), so that the weights order is kernel, vector_u, ...
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]), name="vector_u", trainable=False,
            initializer=initializers.TruncatedNormal(stddev=0.02),
            dtype=ops.dtype(kernel))
        self.built = True

    def call(self, inputs, training=False):
        if training:
            new_u, new_kernel = self.normalized_weights()
            # An all-zero kernel has no direction to normalize: keep it (no host sync).
            zero = ops.all(ops.equal(self.kernel, 0))
            self.vector_u.assign(ops.where(zero, self.vector_u, new_u))
            self.kernel.assign(ops.where(zero, self.kernel, new_kernel))
        out = self.layer(inputs)
        if ops.dtype(inputs).startswith("float") and ops.dtype(out) != ops.dtype(inputs):
            out = ops.cast(out, ops.dtype(inputs))
        return out

    def normalized_weights(self):
        """``(vector_u, kernel / sigma)``: one round of power iteration on the kernel."""
        weights = ops.stop_gradient(ops.reshape(self.kernel, (-1, self.kernel_shape[-1])))
        u = ops.stop_gradient(self.vector_u)
        for _ in range(self.power_iterations):
            v = ops.normalize(ops.matmul(u, ops.transpose(weights)), axis=None)
            u = ops.normalize(ops.matmul(v, weights), axis=None)
        sigma = ops.matmul(ops.matmul(v, weights), ops.transpose(u))
        kernel = ops.reshape(ops.stop_gradient(self.kernel) / sigma, self.kernel_shape)
        return ops.cast(u, ops.dtype(self.vector_u)), ops.cast(kernel, ops.dtype(self.kernel))

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict:
        from cornu.layers import serialize

        config = super().get_config()
        config.update({"layer": serialize(self.layer),
                       "power_iterations": self.power_iterations})
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu.layers import deserialize

        config = dict(config)
        config["layer"] = deserialize(config["layer"], custom_objects=custom_objects)
        return cls(**config)
