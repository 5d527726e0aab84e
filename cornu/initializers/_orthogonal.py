"""The orthogonal initializer (a random orthogonal matrix, for recurrent kernels)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.initializers._initializer import check_shape, float_dtype
from cornu.initializers._random_initializers import RandomInitializer


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix times ``gain``.

    The shape is read as a matrix ``(prod(shape[:-1]), shape[-1])``; its rows (if there
    are fewer rows than columns) or its columns are orthonormal. It is the Q factor of the
    QR decomposition of a normal draw, with signs fixed so that the result is uniformly
    distributed.

    Args:
        gain: multiplier of the orthogonal matrix.
        seed: None, an int, or a ``SeedGenerator``.

    Example:
        >>> import numpy as np
        >>> from cornu import initializers, ops
        >>> q = ops.convert_to_numpy(initializers.Orthogonal(seed=0)((4, 4)))
        >>> bool(np.allclose(q.T @ q, np.eye(4), atol=1e-5))
        True
    """

    def __init__(self, gain: float = 1.0, seed: Any = None) -> None:
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        shape = check_shape(shape, "Orthogonal")
        dtype = float_dtype(dtype, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal initializer: expected a shape of rank 2 or more, got "
                f"shape={shape}. Use it for matrices and convolution kernels."
            )
        rows, cols = math.prod(shape[:-1]), shape[-1]
        draw = backend.random.normal(
            (max(rows, cols), min(rows, cols)), dtype="float32", seed=self.seed
        )
        # A one-off decomposition at build time: NumPy in float64 is precise and portable.
        q, r = np.linalg.qr(backend.convert_to_numpy(draw).astype(np.float64))
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        q = self.gain * q.reshape(shape)
        return ops.convert_to_tensor(q, dtype=dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
