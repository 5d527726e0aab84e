"""``BatchNormalization``: normalizes with batch statistics in training, moving ones after."""

from __future__ import annotations

from cornu import backend, constraints, initializers, ops, regularizers
from cornu.layers.input_spec import InputSpec
from cornu.layers.layer import Layer
from cornu.layers.normalization._batch_renorm import BatchRenormMixin
from cornu.utils.legacy import legacy_kwargs

# Keras 1/2 arguments with no Keras 3 counterpart: accepted at their default values.
_LEGACY_ONLY = ("mode", "fused", "virtual_batch_size", "adjustment")


class BatchNormalization(BatchRenormMixin, Layer):
    """Normalizes each channel to zero mean and unit variance, then scales and shifts.

    In training (``training=True``, as in ``fit``) the layer uses the mean and variance of
    the current batch and updates its moving statistics:
    ``moving = moving * momentum + batch_statistic * (1 - momentum)``. In inference it
    uses the moving statistics. A layer with ``trainable=False`` always runs in inference
    mode, even with ``training=True`` (the usual setting when fine-tuning).

    Args:
        axis: the channels axis (statistics are per channel, over the other axes).
        momentum: momentum of the moving averages.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the learned offset ``beta``.
        scale: whether to multiply by the learned scale ``gamma``.
        beta_initializer, gamma_initializer, moving_mean_initializer,
            moving_variance_initializer: initializers of the four weights.
        beta_regularizer, gamma_regularizer: optional penalties.
        beta_constraint, gamma_constraint: optional constraints.
        renorm: use batch renormalization (corrections ``r``/``d`` toward the moving
            statistics, clipped by ``renorm_clipping`` keys ``rmax``, ``rmin``, ``dmax``).
        renorm_momentum: momentum of the renormalization statistics.
        synchronized: in a ``torch.distributed`` run, average the batch statistics over
            all processes.

    Call arguments:
        inputs: a tensor of any rank.
        training: whether to use (and learn from) the batch statistics.
        mask: optional boolean mask of rank ``rank(inputs) - 1``; masked entries are left
            out of the batch statistics.

    Example:
        >>> import cornu
        >>> bn = cornu.layers.BatchNormalization()
        >>> y = bn(cornu.ops.convert_to_tensor([[1.0, 2.0], [3.0, 6.0]]), training=True)
        >>> [round(v, 4) for v in y[:, 0].tolist()]
        [-0.9995, 0.9995]
        >>> [round(v, 2) for v in bn.moving_mean.numpy().tolist()]
        [0.02, 0.04]
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, renorm=False, renorm_clipping=None,
                 renorm_momentum=0.99, synchronized=False, **kwargs):
        kwargs = legacy_kwargs("BatchNormalization", kwargs, {
            "beta_init": "beta_initializer", "gamma_init": "gamma_initializer",
        })
        beta_initializer = kwargs.pop("beta_initializer", beta_initializer)
        gamma_initializer = kwargs.pop("gamma_initializer", gamma_initializer)
        legacy = {k: kwargs.pop(k) for k in _LEGACY_ONLY if k in kwargs}
        if legacy.get("mode", 0) != 0 or any(
                legacy.get(k) is not None for k in ("virtual_batch_size", "adjustment")):
            raise NotImplementedError(
                "BatchNormalization: the Keras 1/2 options mode=1/2, `virtual_batch_size` and "
                f"`adjustment` are not supported (got {legacy}); only their defaults are."
            )
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise TypeError(
                f"BatchNormalization '{self.name}': `axis` must be an int (the channels "
                f"axis), got axis={axis!r}."
            )
        self.axis = int(axis)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.synchronized = bool(synchronized)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self._init_renorm(renorm, renorm_clipping, renorm_momentum)
        self.supports_masking = True
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    def build(self, input_shape) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis={self.axis} is out of range for "
                f"inputs of shape {tuple(input_shape)}."
            )
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"BatchNormalization '{self.name}': the channels axis {self.axis} must have "
                f"a known size, got input shape {tuple(input_shape)}."
            )
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(
                shape=shape, initializer=self.gamma_initializer, name="gamma",
                regularizer=self.gamma_regularizer, constraint=self.gamma_constraint,
                autocast=False)
        if self.center:
            self.beta = self.add_weight(
                shape=shape, initializer=self.beta_initializer, name="beta",
                regularizer=self.beta_regularizer, constraint=self.beta_constraint,
                autocast=False)
        self.moving_mean = self.add_weight(
            shape=shape, initializer=self.moving_mean_initializer, name="moving_mean",
            trainable=False, autocast=False)
        self.moving_variance = self.add_weight(
            shape=shape, initializer=self.moving_variance_initializer,
            name="moving_variance", trainable=False, autocast=False)
        if self.renorm:
            self._build_renorm(shape)
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: dim})
        self._channel_axis = self.axis % ndim
        self._reduction_axes = [i for i in range(ndim) if i != self._channel_axis]
        self.built = True

    def call(self, inputs, training=None, mask=None):
        x = inputs
        if mask is not None and len(mask.shape) != len(x.shape) - 1:
            raise ValueError(
                f"BatchNormalization '{self.name}': the mask must have one dimension less "
                f"than the inputs, got mask shape {tuple(mask.shape)} and input shape "
                f"{tuple(x.shape)}."
            )
        in_dtype = ops.dtype(x)
        gamma, beta = self.gamma, self.beta
        mean, variance = self.moving_mean, self.moving_variance
        if in_dtype != self.dtype:
            # Statistics in at least float32, as Keras computes them.
            dtype = "float64" if in_dtype == "float64" else "float32"
            x = ops.cast(x, dtype)
            gamma = None if gamma is None else ops.cast(gamma, dtype)
            beta = None if beta is None else ops.cast(beta, dtype)
            mean, variance = ops.cast(mean, dtype), ops.cast(variance, dtype)
        if training and self.trainable:
            if mask is None and not self.renorm:
                out = ops.batch_norm_training(
                    x, gamma, beta, self._channel_axis, self.epsilon, self.synchronized,
                    self.moving_mean, self.moving_variance, self.momentum)[0]
            else:
                out = self._train_with_moments(x, mask, gamma, beta)
        else:
            out = ops.batch_norm_inference(x, mean, variance, gamma, beta,
                                           self._channel_axis, self.epsilon)
        if ops.dtype(out) == self.compute_dtype:
            return out
        return ops.cast(out, self.compute_dtype)

    def _update_moving(self, mean, variance) -> None:
        m = self.momentum
        self.moving_mean.assign(self.moving_mean * m + ops.stop_gradient(mean) * (1.0 - m))
        self.moving_variance.assign(
            self.moving_variance * m + ops.stop_gradient(variance) * (1.0 - m))

    def _train_with_moments(self, x, mask, gamma, beta):
        """The unfused training path: masked statistics and/or renormalization."""
        if mask is None:
            mean, variance = ops.moments(x, axes=self._reduction_axes)
        else:
            mean, variance = self._masked_moments(x, mask)
        if self.renorm:
            gamma, beta = self._renorm_transform(mean, variance, gamma, beta, x.dtype)
            self._update_renorm_statistics(mean, variance)
        else:
            self._update_moving(mean, variance)
        return ops.batch_normalization(x, mean, variance, axis=self._channel_axis,
                                       offset=beta, scale=gamma, epsilon=self.epsilon)

    def _masked_moments(self, x, mask):
        keep = ops.broadcast_to(ops.expand_dims(ops.cast(mask, "bool"), -1), ops.shape(x))
        weights = ops.cast(keep, x.dtype)
        axes = self._reduction_axes
        count = ops.sum(weights, axis=axes, keepdims=True) + backend.epsilon()
        mean = ops.sum(ops.where(keep, x, 0.0), axis=axes, keepdims=True) / count
        centered = ops.where(keep, x - mean, 0.0)
        variance = ops.sum(ops.square(centered), axis=axes, keepdims=True) / count
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def compute_output_shape(self, input_shape):
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(
                f"BatchNormalization '{self.name}': axis={self.axis} is out of range for "
                f"input shape {tuple(input_shape)}."
            )
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        for legacy_name in _LEGACY_ONLY + ("beta_init", "gamma_init"):
            config.pop(legacy_name, None)
        config.update({
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        })
        return config
