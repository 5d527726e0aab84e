"""cornu.mixed_precision: compute in float16/bfloat16 while keeping float32 variables.

``set_global_policy("mixed_bfloat16")`` (or "mixed_float16") makes the layers created
afterwards compute in the 16-bit type with float32 variables; ``compile`` then wraps the
optimizer in a ``LossScaleOptimizer`` for "mixed_float16". See docs/mixed_precision.md.

Example:
    >>> import cornu
    >>> from cornu import mixed_precision
    >>> mixed_precision.set_global_policy("mixed_bfloat16")
    >>> layer = cornu.layers.Dense(2)
    >>> y = layer(cornu.ops.ones((1, 3)))
    >>> layer.variable_dtype, cornu.ops.dtype(y)
    ('float32', 'bfloat16')
    >>> mixed_precision.set_global_policy("float32")
"""

from cornu.dtype_policies.dtype_policy import DTypePolicy, dtype_policy, set_dtype_policy
from cornu.optimizers.loss_scale_optimizer import LossScaleOptimizer

Policy = DTypePolicy  # the Keras 2 name
global_policy = dtype_policy
set_global_policy = set_dtype_policy

__all__ = ["DTypePolicy", "LossScaleOptimizer", "Policy", "dtype_policy", "global_policy",
           "set_dtype_policy", "set_global_policy"]
