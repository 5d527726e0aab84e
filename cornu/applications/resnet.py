"""ResNet50, ResNet101 and ResNet152 (He et al., "Deep Residual Learning for Image
Recognition", CVPR 2016), layer for layer as Keras builds them, so that Keras's published
ImageNet weights load into them. The pre-activation variants (ResNet V2) live in
:mod:`cornu.applications.resnet_v2` and share :func:`ResNet`.

Inputs are RGB images with values in [0, 255], turned into BGR minus the ImageNet mean by
:func:`preprocess_input`.
"""

from __future__ import annotations

from collections.abc import Callable

from cornu import layers
from cornu.applications import _classic, imagenet_utils
from cornu.models import Model

_BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
# weights name -> md5 of the published files (with the classifier, without it)
_HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c"),
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33"),
}
_EPSILON = 1.001e-5


def ResNet(stack_fn: Callable, preact: bool, use_bias: bool, include_top: bool = True,
           weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
           classes: int = 1000, classifier_activation="softmax", name: str = "resnet",
           weights_name: str | None = None) -> Model:
    """Builds a ResNet around ``stack_fn``, the function that adds its residual stages.

    Args:
        stack_fn: takes the stem's output tensor, returns the last stage's output.
        preact: True for the pre-activation design (ResNet V2): no batch normalization
            after the first convolution, one ("post_bn") after the last stage.
        use_bias: whether the first convolution has a bias.
        include_top, weights, input_tensor, input_shape, pooling, classes,
            classifier_activation, name: as in :func:`ResNet50`.
        weights_name: the published weights that fit this network ("resnet50", ...,
            "resnet152v2"); with another one, ``weights="imagenet"`` is refused.

    Returns:
        A functional ``Model``.
    """
    img_input = _classic.model_input(
        name, include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, default_size=224, min_size=32)
    axis = _classic.bn_axis()
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    if not preact:
        x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="conv1_bn")(x)
        x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stack_fn(x)
    if preact:
        x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name="post_bn")(x)
        x = layers.Activation("relu", name="post_relu")(x)
    return _classic.finish(
        x, img_input, name=name, include_top=include_top, weights=weights,
        input_tensor=input_tensor, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation, named_pooling=True,
        weight_files=_weight_files(weights_name), base_url=_BASE_URL)


def _weight_files(weights_name: str | None) -> dict | None:
    if weights_name not in _HASHES:
        return None
    stem = f"{weights_name}_weights_tf_dim_ordering_tf_kernels"
    with_top, no_top = _HASHES[weights_name]
    return {True: (f"{stem}.h5", with_top), False: (f"{stem}_notop.h5", no_top)}


def residual_block_v1(x, filters: int, kernel_size: int = 3, stride: int = 1,
                      conv_shortcut: bool = True, name: str | None = None):
    """The bottleneck block of ResNet V1: 1x1 (``filters``), ``kernel_size`` (``filters``),
    1x1 (``4 * filters``) convolutions, each batch-normalized, added to the shortcut (a
    strided 1x1 convolution when ``conv_shortcut``, else the input) and ReLU'd."""
    axis = _classic.bn_axis()
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = layers.BatchNormalization(axis=axis, epsilon=_EPSILON,
                                             name=f"{name}_0_bn")(shortcut)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.Conv2D(filters, kernel_size, padding="same", name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_3_bn")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stack_residual_blocks_v1(x, filters: int, blocks: int, stride1: int = 2,
                             name: str | None = None):
    """A ResNet V1 stage: ``blocks`` blocks, the first one strided by ``stride1`` and
    with a convolutional shortcut; named ``{name}_block1`` ... ``{name}_block{blocks}``."""
    x = residual_block_v1(x, filters, stride=stride1, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = residual_block_v1(x, filters, conv_shortcut=False, name=f"{name}_block{i}")
    return x


def residual_block_v2(x, filters: int, kernel_size: int = 3, stride: int = 1,
                      conv_shortcut: bool = False, name: str | None = None):
    """The pre-activation bottleneck block of ResNet V2: batch normalization and ReLU come
    before each convolution; the stride sits on the middle convolution (and on the
    shortcut: a 1x1 convolution, a 1x1 max pooling, or the input itself)."""
    axis = _classic.bn_axis()
    preact = layers.BatchNormalization(axis=axis, epsilon=_EPSILON,
                                       name=f"{name}_preact_bn")(x)
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(preact)
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride,
                                 name=f"{name}_0_conv")(preact)
    elif stride > 1:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x)
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_1_bn")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False,
                      name=f"{name}_2_conv")(x)
    x = layers.BatchNormalization(axis=axis, epsilon=_EPSILON, name=f"{name}_2_bn")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(x)
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def stack_residual_blocks_v2(x, filters: int, blocks: int, stride1: int = 2,
                             name: str | None = None):
    """A ResNet V2 stage: ``blocks`` blocks, the first with a convolutional shortcut, the
    last one strided by ``stride1`` (ResNet V2 downsamples at the end of a stage)."""
    x = residual_block_v2(x, filters, conv_shortcut=True, name=f"{name}_block1")
    for i in range(2, blocks):
        x = residual_block_v2(x, filters, name=f"{name}_block{i}")
    return residual_block_v2(x, filters, stride=stride1, name=f"{name}_block{blocks}")


def _v1_stages(depths: tuple) -> Callable:
    def stack_fn(x):
        for i, (filters, blocks) in enumerate(zip((64, 128, 256, 512), depths)):
            x = stack_residual_blocks_v1(x, filters, blocks, stride1=1 if i == 0 else 2,
                                         name=f"conv{i + 2}")
        return x

    return stack_fn


def ResNet50(include_top: bool = True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes: int = 1000,
             classifier_activation="softmax", name: str = "resnet50") -> Model:
    return ResNet(_v1_stages((3, 4, 6, 3)), False, True, include_top, weights, input_tensor,
                  input_shape, pooling, classes, classifier_activation, name, "resnet50")


def ResNet101(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = "resnet101") -> Model:
    return ResNet(_v1_stages((3, 4, 23, 3)), False, True, include_top, weights,
                  input_tensor, input_shape, pooling, classes, classifier_activation, name,
                  "resnet101")


def ResNet152(include_top: bool = True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes: int = 1000,
              classifier_activation="softmax", name: str = "resnet152") -> Model:
    return ResNet(_v1_stages((3, 8, 36, 3)), False, True, include_top, weights,
                  input_tensor, input_shape, pooling, classes, classifier_activation, name,
                  "resnet152")


ResNet50.__doc__ = """Builds ResNet50 (ResNet V1 with 3, 4, 6 and 3 bottleneck blocks).
""" + _classic.ARGS_DOC + """
    Example:
        >>> model = ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3))
        >>> model.output.shape
        (None, 1, 1, 2048)
"""
ResNet101.__doc__ = """Builds ResNet101 (ResNet V1 with 3, 4, 23 and 3 bottleneck blocks).
""" + _classic.ARGS_DOC
ResNet152.__doc__ = """Builds ResNet152 (ResNet V1 with 3, 8, 36 and 3 bottleneck blocks).
""" + _classic.ARGS_DOC


def preprocess_input(x, data_format: str | None = None):
    """Turns RGB images with values in [0, 255] into what ResNet V1 expects: BGR, minus the
    ImageNet mean of each channel, not scaled ("caffe" mode).

    Args:
        x: a NumPy array or a tensor of images (3D or 4D).
        data_format: "channels_last" or "channels_first" (default: the global setting).

    Returns:
        The preprocessed images (integers become float32; a NumPy input is left as is).

    Example:
        >>> import numpy as np
        >>> preprocess_input(np.full((1, 1, 1, 3), 100.0)).round(3).tolist()
        [[[[-3.939, -16.779, -23.68]]]]
    """
    return imagenet_utils.preprocess_input(x, data_format=data_format, mode="caffe")


def decode_predictions(preds, top: int = 5) -> list:
    """The ``top`` ImageNet classes of each row of ``preds`` as ``(wnid, name, score)``;
    see :func:`cornu.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
