"""Inception-ResNet V2 (Szegedy et al., "Inception-v4, Inception-ResNet and the Impact of
Residual Connections on Learning", AAAI 2017), layer for layer as Keras builds it, so that
Keras's published ImageNet weights load into it.
"""

from __future__ import annotations

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
from cornu.layers.layer import Layer
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/inception_resnet_v2/"
# md5 of the published files with the classifier and without it
_HASHES = ("e693bd0210a403b3192acc6073ad2e96", "d19885ff4a710c122648d3b5c3b684e4")
# block type -> (number of blocks, residual scale)
_BLOCKS = {"block35": (10, 0.17), "block17": (20, 0.1), "block8": (10, 0.2)}


@_common.documented(default_size=299, min_size=75, top="the ``classes``-way classifier")
def InceptionResNetV2(include_top: bool = True, weights="imagenet", input_tensor=None,
                      input_shape=None, pooling=None, classes: int = 1000,
                      classifier_activation="softmax",
                      name: str = "inception_resnet_v2") -> Model:
    """Builds Inception-ResNet V2, optionally with Keras's ImageNet weights.

    Inputs are RGB images scaled by :func:`preprocess_input` (to [-1, 1]).
    """
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    img_input = _common.model_input("InceptionResNetV2", args, default_size=299, min_size=75)
    axis = _common.bn_axis()

    # Stem: to 35x35x192.
    x = _conv_bn(img_input, 32, 3, strides=2, padding="valid")
    x = _conv_bn(x, 32, 3, padding="valid")
    x = _conv_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = _conv_bn(x, 80, 1, padding="valid")
    x = _conv_bn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)

    # Mixed 5b (Inception-A): 35x35x320.
    branches = [
        _conv_bn(x, 96, 1),
        _conv_bn(_conv_bn(x, 48, 1), 64, 5),
        _conv_bn(_conv_bn(_conv_bn(x, 64, 1), 96, 3), 96, 3),
        _conv_bn(layers.AveragePooling2D(3, strides=1, padding="same")(x), 64, 1),
    ]
    x = layers.Concatenate(axis=axis, name="mixed_5b")(branches)
    x = _residual_blocks(x, "block35")

    # Mixed 6a (Reduction-A): 17x17x1088.
    branches = [
        _conv_bn(x, 384, 3, strides=2, padding="valid"),
        _conv_bn(_conv_bn(_conv_bn(x, 256, 1), 256, 3), 384, 3, strides=2, padding="valid"),
        layers.MaxPooling2D(3, strides=2, padding="valid")(x),
    ]
    x = layers.Concatenate(axis=axis, name="mixed_6a")(branches)
    x = _residual_blocks(x, "block17")

    # Mixed 7a (Reduction-B): 8x8x2080.
    branches = [
        _conv_bn(_conv_bn(x, 256, 1), 384, 3, strides=2, padding="valid"),
        _conv_bn(_conv_bn(x, 256, 1), 288, 3, strides=2, padding="valid"),
        _conv_bn(_conv_bn(_conv_bn(x, 256, 1), 288, 3), 320, 3, strides=2, padding="valid"),
        layers.MaxPooling2D(3, strides=2, padding="valid")(x),
    ]
    x = layers.Concatenate(axis=axis, name="mixed_7a")(branches)
    x = _residual_blocks(x, "block8")
    x = _conv_bn(x, 1536, 1, name="conv_7b")  # 8x8x1536

    weights_file = _common.published_file(_BASE_URL, f"inception_resnet_v2{_common.TF_KERNELS}",
                                          include_top, _HASHES)
    return _common.finish(x, img_input, args, weights_file=weights_file)


def _conv_bn(x, filters: int, kernel_size, strides=1, padding: str = "same",
             activation="relu", use_bias: bool = False, name: str | None = None):
    """Conv2D -> BatchNormalization (no scale; only without bias) -> activation."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding,
                      use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=_common.bn_axis(), scale=False,
                                      name=None if name is None else f"{name}_bn")(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else f"{name}_ac")(x)
    return x


class CustomScaleLayer(Layer):
    """Adds a scaled residual: ``inputs[0] + inputs[1] * scale``.

    Args:
        scale: the factor applied to the residual branch ``inputs[1]``.

    Example:
        >>> import cornu
        >>> x, r = cornu.ops.ones((1, 2)), cornu.ops.ones((1, 2))
        >>> CustomScaleLayer(0.5)([x, r]).tolist()
        [[1.5, 1.5]]
    """

    def __init__(self, scale: float, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self) -> dict:
        config_ = super().get_config()
        config_.update({"scale": self.scale})
        return config_


def _residual_blocks(x, block_type: str):
    """All ``block_type`` blocks of one stage; the very last block8 has no ReLU."""
    count, scale = _BLOCKS[block_type]
    for block_idx in range(1, count + 1):
        last = block_type == "block8" and block_idx == count
        x = _inception_resnet_block(x, 1.0 if last else scale, block_type, block_idx,
                                    activation=None if last else "relu")
    return x


def _inception_resnet_block(x, scale: float, block_type: str, block_idx: int,
                            activation="relu"):
    """One Inception-ResNet block: parallel branches, concatenated, projected back to the
    input's width by a 1x1 convolution and added to the input times ``scale``."""
    if block_type == "block35":
        branches = [
            _conv_bn(x, 32, 1),
            _conv_bn(_conv_bn(x, 32, 1), 32, 3),
            _conv_bn(_conv_bn(_conv_bn(x, 32, 1), 48, 3), 64, 3),
        ]
    elif block_type == "block17":
        branches = [
            _conv_bn(x, 192, 1),
            _conv_bn(_conv_bn(_conv_bn(x, 128, 1), 160, [1, 7]), 192, [7, 1]),
        ]
    elif block_type == "block8":
        branches = [
            _conv_bn(x, 192, 1),
            _conv_bn(_conv_bn(_conv_bn(x, 192, 1), 224, [1, 3]), 256, [3, 1]),
        ]
    else:
        raise ValueError(
            f"Unknown Inception-ResNet block type {block_type!r}; expected 'block35', "
            "'block17' or 'block8'."
        )
    axis = _common.bn_axis()
    block_name = f"{block_type}_{block_idx}"
    mixed = layers.Concatenate(axis=axis, name=f"{block_name}_mixed")(branches)
    up = _conv_bn(mixed, x.shape[axis], 1, activation=None, use_bias=True,
                  name=f"{block_name}_conv")
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=f"{block_name}_ac")(x)
    return x


preprocess_input = _common.preprocess_input_of("Inception-ResNet V2", "tf", __name__)
