"""Small core layers: Identity, Masking, ActivityRegularization, Lambda."""

from __future__ import annotations

import inspect

from cornu import ops, regularizers
from cornu.layers.layer import Layer


class Identity(Layer):
    """Returns its input unchanged (a placeholder layer).

    Example:
        >>> import cornu
        >>> cornu.layers.Identity()(cornu.Input(shape=(3,))).shape
        (None, 3)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


class Masking(Layer):
    """Masks timesteps whose features all equal ``mask_value`` (and zeroes them).

    Downstream layers that support masking (e.g. RNNs) skip the masked timesteps.

    Example:
        >>> import cornu, numpy as np
        >>> x = np.array([[[1.0], [0.0]]], dtype="float32")
        >>> y = cornu.layers.Masking(0.0)(x)
        >>> y._keras_mask.tolist()
        [[True, False]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def compute_mask(self, inputs, mask=None):
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * ops.cast(keep, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}


class ActivityRegularization(Layer):
    """Passes inputs through and adds an L1/L2 penalty on them to the model's losses.

    Args:
        l1, l2: the penalty factors.
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"l1": self.l1, "l2": self.l2})
        return config


class Lambda(Layer):
    """Wraps a Python function of tensors as a layer.

    Args:
        function: the function, called as ``function(inputs, **arguments)``.
        output_shape: the output shape (without batch) or a function of the input shape;
            inferred by tracing when None.
        mask: a mask or a function ``(inputs, mask) -> mask``.
        arguments: extra keyword arguments for ``function``.

    Example:
        >>> import cornu
        >>> cornu.layers.Lambda(lambda x: x ** 2)(cornu.ops.convert_to_tensor([3.0])).tolist()
        [9.0]
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(
                f"Lambda '{self.name}': `function` must be callable, got {function!r}."
            )
        self.function = function
        self._output_shape = output_shape
        self.mask = mask
        self.arguments = arguments or {}
        params = inspect.signature(function).parameters
        self._fn_takes_mask = "mask" in params
        self._fn_takes_training = "training" in params
        self.supports_masking = mask is not None
        self.built = True

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_takes_mask:
            kwargs["mask"] = mask
        if self._fn_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_spec(self, *args, **kwargs):
        if self._output_shape is None:
            return super().compute_output_spec(*args, **kwargs)
        from cornu.layers.layer import _shape_of, _shapes_to_tensors

        input_shape = _shape_of(args[0]) if not isinstance(args[0], (list, tuple)) else [
            _shape_of(a) for a in args[0]]
        if callable(self._output_shape):
            shape = self._output_shape(input_shape)
        else:
            batch = input_shape[0] if isinstance(input_shape, tuple) else input_shape[0][0]
            shape = (batch, *tuple(self._output_shape))
        return _shapes_to_tensors(tuple(shape), self.compute_dtype)

    def get_config(self) -> dict:
        from cornu.saving.lambda_config import function_config

        config = super().get_config()
        config.update({"function": function_config(self.function),
                       "arguments": self.arguments})
        if self._output_shape is not None and not callable(self._output_shape):
            config["output_shape"] = tuple(self._output_shape)
        return config

    @classmethod
    def from_config(cls, config, safe_mode=None):
        from cornu.saving.lambda_config import function_from_config

        config = dict(config)
        fn = function_from_config(config.pop("function"), safe_mode)
        return cls(fn, **config)
