"""ConvNeXt (Liu et al., "A ConvNet for the 2020s", CVPR 2022) in its five sizes, layer for
layer as Keras builds them, so that Keras's published ImageNet weights load into them.

The models take RGB images with values in [0, 255]: with ``include_preprocessing=True``
(the default) their first layer normalizes them, and :func:`preprocess_input` is the
identity. Like Keras, they need the ``channels_last`` image format.
"""

from __future__ import annotations

import numpy as np

from cornu import backend, initializers, layers, ops
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.layers.layer import Layer
from cornu.models import Model, Sequential

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/convnext/"
# weights name -> (sha256 of the file with the classifier, of the one without)
_WEIGHT_HASHES = {
    "convnext_tiny": (
        "8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
        "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1",
    ),
    "convnext_small": (
        "ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c",
        "6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab",
    ),
    "convnext_base": (
        "52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6",
        "40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45",
    ),
    "convnext_large": (
        "070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6",
        "96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd",
    ),
    "convnext_xlarge": (
        "c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee",
        "de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05",
    ),
}
# size -> (blocks per stage, width per stage); every size is trained at 224x224.
MODEL_CONFIGS = {
    "tiny": ([3, 3, 9, 3], [96, 192, 384, 768]),
    "small": ([3, 3, 27, 3], [96, 192, 384, 768]),
    "base": ([3, 3, 27, 3], [128, 256, 512, 1024]),
    "large": ([3, 3, 27, 3], [192, 384, 768, 1536]),
    "xlarge": ([3, 3, 27, 3], [256, 512, 1024, 2048]),
}
# ImageNet statistics of images with values in [0, 255].
_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
_VARIANCE = [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2]


class StochasticDepth(Layer):
    """Drops a whole residual branch per sample while training (Huang et al., 2016).

    Each sample's branch output is zeroed with probability ``drop_path_rate`` and the
    surviving ones are scaled by ``1 / (1 - drop_path_rate)``; at inference the input
    passes through.

    Args:
        drop_path_rate: the probability of dropping a sample's branch, in [0, 1).

    Example:
        >>> import cornu
        >>> x = cornu.ops.ones((2, 3))
        >>> StochasticDepth(0.5)(x, training=False).tolist()
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    """

    def __init__(self, drop_path_rate: float, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= drop_path_rate < 1:
            raise ValueError(
                f"StochasticDepth '{self.name}': `drop_path_rate` must be in [0, 1), got "
                f"drop_path_rate={drop_path_rate!r}."
            )
        self.drop_path_rate = drop_path_rate

    def call(self, x, training=None):
        if not training or self.drop_path_rate == 0:
            return x
        keep_prob = 1.0 - self.drop_path_rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        keep = ops.floor(keep_prob + backend.random.uniform(shape, 0.0, 1.0,
                                                              dtype=ops.dtype(x)))
        return x / keep_prob * keep

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config_ = super().get_config()
        config_.update({"drop_path_rate": self.drop_path_rate})
        return config_


class LayerScale(Layer):
    """Multiplies the last axis by a learned per-channel factor (CaiT, Touvron et al.,
    2021), initialized to ``init_values``.

    Args:
        init_values: the initial value of every factor (ConvNeXt uses 1e-6).
        projection_dim: the size of the last axis.

    Example:
        >>> import cornu
        >>> LayerScale(0.5, 2)(cornu.ops.ones((1, 2))).tolist()
        [[0.5, 0.5]]
    """

    def __init__(self, init_values: float, projection_dim: int, **kwargs):
        super().__init__(**kwargs)
        self.init_values = init_values
        self.projection_dim = projection_dim

    def build(self, input_shape):
        if input_shape is not None and input_shape[-1] not in (None, self.projection_dim):
            raise ValueError(
                f"LayerScale '{self.name}': inputs must have {self.projection_dim} channels "
                f"(projection_dim) on their last axis; got input shape {tuple(input_shape)}."
            )
        self.gamma = self.add_weight(shape=(self.projection_dim,),
                                     initializer=initializers.Constant(self.init_values),
                                     trainable=True)
        self.built = True

    def call(self, x):
        return x * self.gamma

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config_ = super().get_config()
        config_.update({"init_values": self.init_values,
                        "projection_dim": self.projection_dim})
        return config_


def ConvNeXtBlock(projection_dim: int, drop_path_rate: float = 0.0,
                  layer_scale_init_value: float | None = 1e-6, name: str | None = None):
    """A ConvNeXt block as a function of its input: 7x7 depthwise convolution,
    LayerNormalization, a GELU MLP 4x wide, LayerScale and (stochastic-depth) residual.

    Args:
        projection_dim: the number of channels, in and out.
        drop_path_rate: the stochastic-depth rate of the residual branch (0: none).
        layer_scale_init_value: LayerScale's initial factor (None: no LayerScale).
        name: the prefix of the block's layer names.

    Returns:
        A function that applies the block to a channels-last tensor.
    """
    if name is None:
        name = "prestem" + _uid("prestem")

    def apply(inputs):
        x = layers.Conv2D(projection_dim, kernel_size=7, padding="same", groups=projection_dim,
                          name=f"{name}_depthwise_conv")(inputs)
        x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_layernorm")(x)
        x = layers.Dense(4 * projection_dim, name=f"{name}_pointwise_conv_1")(x)
        x = layers.Activation("gelu", name=f"{name}_gelu")(x)
        x = layers.Dense(projection_dim, name=f"{name}_pointwise_conv_2")(x)
        if layer_scale_init_value is not None:
            x = LayerScale(layer_scale_init_value, projection_dim,
                           name=f"{name}_layer_scale")(x)
        if drop_path_rate:
            residual = StochasticDepth(drop_path_rate, name=f"{name}_stochastic_depth")
        else:
            residual = layers.Activation("linear", name=f"{name}_identity")
        return inputs + residual(x)

    return apply


def PreStem(name: str | None = None):
    """The layer that normalizes [0, 255] RGB images with ImageNet's mean and variance.

    Returns:
        A function that applies it to a tensor.
    """
    if name is None:
        name = "prestem" + _uid("prestem")

    def apply(x):
        return layers.Normalization(mean=_MEAN, variance=_VARIANCE,
                                    name=f"{name}_prestem_normalization")(x)

    return apply


def Head(num_classes: int = 1000, classifier_activation=None, name: str | None = None):
    """The classifier: global average pooling, LayerNormalization, Dense.

    Returns:
        A function that applies it to a channels-last feature map.
    """
    if name is None:
        name = _uid("head")

    def apply(x):
        x = layers.GlobalAveragePooling2D(name=f"{name}_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_head_layernorm")(x)
        return layers.Dense(num_classes, activation=classifier_activation,
                            name=f"{name}_head_dense")(x)

    return apply


def _uid(prefix: str) -> str:
    """"1", "2", ... per prefix, Keras's numbering of unnamed blocks ("prestem1")."""
    from cornu.legacy.backend import get_uid

    return str(get_uid(prefix))


def ConvNeXt(depths, projection_dims, drop_path_rate: float = 0.0,
             layer_scale_init_value: float | None = 1e-6, default_size: int = 224,
             name: str = "convnext", include_preprocessing: bool = True,
             include_top: bool = True, weights=None, input_tensor=None, input_shape=None,
             pooling=None, classes: int = 1000, classifier_activation="softmax",
             weights_name: str | None = None) -> Model:
    """Builds a ConvNeXt network of any depth and width (the ``ConvNeXtTiny`` ...
    ``ConvNeXtXLarge`` functions build the published ones).

    Args:
        depths: the number of blocks in each of the four stages.
        projection_dims: the width of each of the four stages.
        drop_path_rate: the stochastic-depth rate of the last block (rising linearly
            from 0 at the first one).
        layer_scale_init_value: LayerScale's initial factor (None: no LayerScale).
        default_size: the image side the weights were trained at.
        weights_name: which published weights ``weights="imagenet"`` loads
            (e.g. "convnext_tiny").
        name, include_preprocessing, include_top, weights, input_tensor, input_shape,
        pooling, classes, classifier_activation: as in :func:`ConvNeXtTiny`.

    Returns:
        A functional ``Model``.
    """
    if _common.channels_first():
        raise ValueError(
            "ConvNeXt needs the 'channels_last' image format (its LayerNormalization and "
            "Dense layers act on the last axis); the current format is 'channels_first'. "
            "Call cornu.backend.set_image_data_format('channels_last') first."
        )
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    _common.check_arguments("ConvNeXt", args)
    if weights == "imagenet":
        _check_imagenet_config(depths, projection_dims, name, weights_name)
    img_input, input_shape = _common.image_input(args, default_size=default_size)
    x = img_input
    if include_preprocessing and input_shape[-1] == 3:
        x = PreStem(name=name)(x)

    stem = Sequential([
        layers.Conv2D(projection_dims[0], kernel_size=4, strides=4, name=f"{name}_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6, name=f"{name}_stem_layernorm"),
    ], name=f"{name}_stem")
    downsampling = [stem] + [
        Sequential([
            layers.LayerNormalization(epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
            layers.Conv2D(projection_dims[i + 1], kernel_size=2, strides=2,
                          name=f"{name}_downsampling_conv_{i}"),
        ], name=f"{name}_downsampling_block_{i}")
        for i in range(3)
    ]
    # Stochastic depth grows linearly over all blocks, as in the reference implementation.
    drop_rates = [float(r) for r in np.linspace(0.0, drop_path_rate, sum(depths))]
    done = 0
    for stage in range(4):
        x = downsampling[stage](x)
        for j in range(depths[stage]):
            x = ConvNeXtBlock(projection_dims[stage], drop_path_rate=drop_rates[done + j],
                              layer_scale_init_value=layer_scale_init_value,
                              name=f"{name}_stage_{stage}_block_{j}")(x)
        done += depths[stage]

    if include_top:
        x = Head(num_classes=classes, classifier_activation=classifier_activation,
                 name=name)(x)
    else:  # a LayerNormalization after the pooling, whichever it is
        x = layers.LayerNormalization(epsilon=1e-6)(_common.pooled(x, pooling))
    weights_file = None
    if weights == "imagenet":  # the file is named after the model
        weights_file = _common.published_file(_BASE_URL, name, include_top,
                                              _WEIGHT_HASHES[weights_name])
    return _common.make_model(x, img_input, args, weights_file)


def _check_imagenet_config(depths, projection_dims, name: str, weights_name) -> None:
    if weights_name not in _WEIGHT_HASHES:
        raise ValueError(
            f"No ImageNet weights are published for weights_name={weights_name!r}; expected "
            f"one of {sorted(_WEIGHT_HASHES)}, or pass weights=None."
        )
    expected_depths, expected_dims = MODEL_CONFIGS[weights_name.split("convnext_")[-1]]
    if list(depths) != expected_depths or list(projection_dims) != expected_dims:
        raise ValueError(
            f"The {weights_name} ImageNet weights need depths={expected_depths} and "
            f"projection_dims={expected_dims}; got depths={list(depths)} and "
            f"projection_dims={list(projection_dims)}. Pass weights=None for other sizes."
        )
    if weights_name not in name:
        raise ValueError(
            f"With the ImageNet weights the model's name must contain {weights_name!r} (it "
            f"names the weights file); got name={name!r}."
        )


def _variant(size: str):
    weights_name = f"convnext_{size}"
    depths, dims = MODEL_CONFIGS[size]
    title = {"xlarge": "XLarge"}.get(size, size.capitalize())

    def build(include_top: bool = True, include_preprocessing: bool = True,
              weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
              classes: int = 1000, classifier_activation="softmax",
              name: str = weights_name) -> Model:
        return ConvNeXt(depths=list(depths), projection_dims=list(dims), drop_path_rate=0.0,
                        layer_scale_init_value=1e-6, default_size=224, name=name,
                        include_preprocessing=include_preprocessing,
                        include_top=include_top, weights=weights, input_tensor=input_tensor,
                        input_shape=input_shape, pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation,
                        weights_name=weights_name)

    build.__name__ = build.__qualname__ = f"ConvNeXt{title}"
    build.__doc__ = _SUMMARY.format(title=title, depths=depths, dims=dims) + _ARGS_DOC
    return build


_SUMMARY = """Builds ConvNeXt{title} (depths {depths}, widths {dims}), optionally with Keras's
    ImageNet weights.

    The model takes RGB images with values in [0, 255] and normalizes them itself (see
    ``include_preprocessing``); ``preprocess_input`` is the identity.
"""
_ARGS_DOC = _common.args_doc(
    top="the ``classes``-way classifier",
    before="""        include_preprocessing: whether the first layer normalizes [0, 255] images with
            ImageNet's mean and variance (only for 3-channel inputs).
""",
    pooling="; a LayerNormalization follows in every case",
    name=""" (it names the ImageNet weights file, so it must keep
            "convnext_<size>" with ``weights="imagenet"``)""")

ConvNeXtTiny = _variant("tiny")
ConvNeXtSmall = _variant("small")
ConvNeXtBase = _variant("base")
ConvNeXtLarge = _variant("large")
ConvNeXtXLarge = _variant("xlarge")
preprocess_input = _common.preprocess_input_of("ConvNeXt", None, __name__)
