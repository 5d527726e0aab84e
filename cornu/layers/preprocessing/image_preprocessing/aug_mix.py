"""``AugMix``: mixes several random chains of augmentations with the original image."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._augment_ops import build_ops
from cornu.layers.preprocessing.image_preprocessing._geometry import INTERPOLATIONS
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

# Keras's lists: ``all_ops=False`` keeps the first seven.
ALL_OPERATIONS = (
    "random_shear", "random_translation", "random_rotation", "random_posterization",
    "solarization", "auto_contrast", "equalization", "random_brightness",
    "random_color_degeneration", "random_contrast", "random_sharpness",
)
BASIC_OPERATIONS = ALL_OPERATIONS[:7]


class AugMix(BaseImagePreprocessingLayer):
    """While training, runs ``num_chains`` chains of up to ``chain_depth`` random operations
    (each step picks one of the operations or none), mixes the chains with Dirichlet(alpha)
    weights, and blends the mix with the input with a Beta(alpha, alpha) weight
    (Hendrycks et al., 2020). One draw per call, shared by the batch.

    Args:
        value_range: the range of the pixel values.
        num_chains: the number of chains.
        chain_depth: the number of steps per chain.
        factor: the strength of each operation: ``f`` for ``[0, f]`` or a pair, in [0, 1].
        alpha: the Dirichlet and Beta parameter.
        all_ops: True to also use brightness, colour degeneration, contrast and sharpness.
        interpolation: "bilinear" or "nearest", for the geometric operations.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = (np.random.rand(2, 8, 8, 3) * 255).astype("float32")
        >>> y = cornu.layers.AugMix(seed=1)(x)
        >>> tuple(y.shape), bool(0 <= float(y.min()) and float(y.max()) <= 255)
        ((2, 8, 8, 3), True)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3, factor=0.3,
                 alpha=1.0, all_ops=True, interpolation="bilinear", seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        for name, value in (("num_chains", num_chains), ("chain_depth", chain_depth)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"AugMix: `{name}` must be a positive integer, got "
                                 f"{name}={value!r}.")
        if interpolation not in INTERPOLATIONS:
            raise NotImplementedError(f"AugMix: unknown interpolation={interpolation!r}; "
                                      f"expected one of {INTERPOLATIONS}.")
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self._set_factor(factor)
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self.seed = seed
        self._operations = ALL_OPERATIONS if all_ops else BASIC_OPERATIONS
        build_ops(self, self._operations, self.factor, value_range, interpolation, seed)

    def _next_seed(self, seed):
        return seed if seed is not None else self._seeds_next()

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        gammas = backend.random.gamma((self.num_chains,), self.alpha, dtype="float32",
                                      seed=self._next_seed(seed))
        weights = gammas / ops.sum(gammas)
        weight = backend.random.beta((), self.alpha, self.alpha, dtype="float32",
                                     seed=self._next_seed(seed))
        # An index equal to len(operations) means "no operation at this step".
        picks = backend.random.randint((self.num_chains, self.chain_depth), 0,
                                       len(self._operations) + 1, dtype="int32",
                                       seed=self._next_seed(seed))
        chains = []
        for row in ops.convert_to_numpy(picks).tolist():
            names = [self._operations[i] for i in row if i < len(self._operations)]
            chains.append([{"layer_name": name, "transformation":
                            getattr(self, name).get_random_transformation(data, training=True)}
                           for name in names])
        return {"chain_mixing_weights": weights, "weight_sample": weight,
                "chain_transforms": chains}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        weights = ops.cast(transformation["chain_mixing_weights"], images.dtype)
        weight = ops.cast(transformation["weight_sample"], images.dtype)
        mixed = ops.zeros_like(images)
        for i, chain in enumerate(transformation["chain_transforms"]):
            x = images
            for step in chain:
                layer = getattr(self, step["layer_name"])
                x = self._cast(layer.transform_images(x, step["transformation"]))
            mixed = mixed + x * weights[i]
        images = weight * images + (1.0 - weight) * mixed
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_chains": self.num_chains,
                       "chain_depth": self.chain_depth, "factor": self.factor,
                       "alpha": self.alpha, "all_ops": self.all_ops,
                       "interpolation": self.interpolation, "seed": self.seed})
        return config
