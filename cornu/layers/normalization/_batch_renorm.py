"""Batch renormalization (Ioffe, 2017) for ``BatchNormalization(renorm=True)``.

In training, the batch-normalized values are corrected toward the moving statistics:
``x_hat * r + d`` with ``r = batch_std / renorm_std`` and ``d = (batch_mean - renorm_mean)
/ renorm_std`` (both clipped and without gradient), folded into ``gamma`` and ``beta``.
"""

from __future__ import annotations

import copy

from cornu import ops

_CLIP_KEYS = ("rmax", "rmin", "dmax")


class BatchRenormMixin:
    """Renormalization state and math, mixed into ``BatchNormalization``."""

    def _init_renorm(self, renorm, renorm_clipping, renorm_momentum) -> None:
        self.renorm = bool(renorm)
        if self.renorm:
            renorm_clipping = dict(renorm_clipping or {})
            unknown = set(renorm_clipping) - set(_CLIP_KEYS)
            if unknown:
                raise ValueError(
                    f"BatchNormalization: `renorm_clipping` accepts the keys {_CLIP_KEYS}, "
                    f"got unknown key(s) {sorted(unknown)}."
                )
            rmax, rmin = renorm_clipping.get("rmax"), renorm_clipping.get("rmin")
            if rmax is not None and rmin is not None and rmax < rmin:
                raise ValueError(
                    f"BatchNormalization: `renorm_clipping` needs rmax >= rmin, got "
                    f"rmax={rmax}, rmin={rmin}."
                )
            dmax = renorm_clipping.get("dmax")
            if dmax is not None and dmax < 0:
                raise ValueError(
                    f"BatchNormalization: `renorm_clipping` needs dmax >= 0, got dmax={dmax}."
                )
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = float(renorm_momentum)

    def _build_renorm(self, shape) -> None:
        variance_init = self.moving_variance_initializer

        def stddev_initializer(shape, dtype=None):
            return ops.sqrt(copy.copy(variance_init)(shape, dtype=dtype))

        self.moving_stddev = self.add_weight(
            shape=shape, initializer=stddev_initializer, name="moving_stddev",
            trainable=False, autocast=False)
        self.renorm_mean = self.add_weight(
            shape=shape, initializer=copy.copy(self.moving_mean_initializer),
            name="renorm_mean", trainable=False, autocast=False)
        self.renorm_stddev = self.add_weight(
            shape=shape, initializer=stddev_initializer, name="renorm_stddev",
            trainable=False, autocast=False)

    def _renorm_transform(self, mean, variance, gamma, beta, dtype):
        """``gamma`` and ``beta`` with the (r, d) correction folded in."""
        stddev = ops.sqrt(variance + self.epsilon)
        renorm_mean = ops.cast(self.renorm_mean, dtype)
        renorm_stddev = ops.maximum(ops.cast(self.renorm_stddev, dtype), self.epsilon ** 0.5)
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clip = self.renorm_clipping
        if clip.get("rmin") is not None:
            r = ops.maximum(r, clip["rmin"])
        if clip.get("rmax") is not None:
            r = ops.minimum(r, clip["rmax"])
        if clip.get("dmax") is not None:
            d = ops.clip(d, -clip["dmax"], clip["dmax"])
        r, d = ops.stop_gradient(r), ops.stop_gradient(d)
        if gamma is not None:
            new_gamma, new_beta = r * gamma, d * gamma
        else:
            new_gamma, new_beta = r, d
        if beta is not None:
            new_beta = new_beta + beta
        return new_gamma, new_beta

    def _update_renorm_statistics(self, mean, variance) -> None:
        mean, variance = ops.stop_gradient(mean), ops.stop_gradient(variance)
        stddev = ops.sqrt(variance + self.epsilon)
        rm, m = self.renorm_momentum, self.momentum
        self.renorm_mean.assign(self.renorm_mean * rm + mean * (1.0 - rm))
        self.renorm_stddev.assign(self.renorm_stddev * rm + stddev * (1.0 - rm))
        self.moving_mean.assign(self.moving_mean * m + mean * (1.0 - m))
        new_stddev = self.moving_stddev * m + stddev * (1.0 - m)
        self.moving_stddev.assign(new_stddev)
        self.moving_variance.assign(ops.relu(new_stddev * new_stddev - self.epsilon))
