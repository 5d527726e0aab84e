"""ResNet50, ResNet101 and ResNet152 (He et al., "Deep Residual Learning for Image
Recognition", CVPR 2016), layer for layer as Keras builds them, so that Keras's published
ImageNet weights load into them. The pre-activation variants (ResNet V2) live in
:mod:`cornu.applications.resnet_v2` and share :func:`ResNet`.

Inputs are RGB images with values in [0, 255], turned into BGR minus the ImageNet mean by
:func:`preprocess_input`.

Example:
    >>> model = ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3))
    >>> model.output.shape
    (None, 1, 1, 2048)
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from cornu import layers
from cornu.applications import _common
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions
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
    args = _common.Arguments(include_top, weights, input_tensor, input_shape, pooling, classes,
                             classifier_activation, name)
    return _resnet(stack_fn, preact, use_bias, weights_name, args)


def _resnet(stack_fn: Callable, preact: bool, use_bias: bool, weights_name: str | None,
            args: _common.Arguments) -> Model:
    img_input = _common.model_input(args.name, args, default_size=224)
    axis = _common.bn_axis()
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
    weights_file = None
    if weights_name in _HASHES:
        weights_file = _common.published_file(_BASE_URL, weights_name + _common.TF_KERNELS,
                                              args.include_top, _HASHES[weights_name])
    return _common.finish(x, img_input, args, named_pooling=True, weights_file=weights_file)


def residual_block_v1(x, filters: int, kernel_size: int = 3, stride: int = 1,
                      conv_shortcut: bool = True, name: str | None = None):
    """The bottleneck block of ResNet V1: 1x1 (``filters``), ``kernel_size`` (``filters``),
    1x1 (``4 * filters``) convolutions, each batch-normalized, added to the shortcut (a
    strided 1x1 convolution when ``conv_shortcut``, else the input) and ReLU'd."""
    axis = _common.bn_axis()
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
    axis = _common.bn_axis()
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


def _stages(depths: tuple, preact: bool) -> Callable:
    """The four stages of a ResNet, ``depths[i]`` blocks in stage ``i``: V1 strides at the
    start of every stage but the first, V2 (``preact``) at the end of all but the last."""
    stack = stack_residual_blocks_v2 if preact else stack_residual_blocks_v1
    unstrided = 3 if preact else 0

    def stack_fn(x):
        for i, (filters, blocks) in enumerate(zip((64, 128, 256, 512), depths)):
            x = stack(x, filters, blocks, stride1=1 if i == unstrided else 2,
                      name=f"conv{i + 2}")
        return x

    return stack_fn


def _variant(public_name: str, depths: tuple, module: str) -> Callable[..., Model]:
    """The constructor ``public_name`` ("ResNet50", ..., "ResNet152V2": a name ending in
    V2 is a pre-activation ResNet) of ``module``, with Keras's signature."""
    preact = public_name.endswith("V2")
    weights_name = public_name.lower()
    build = functools.partial(_resnet, _stages(depths, preact), preact, True, weights_name)
    kind = "pre-activation ResNet" if preact else "ResNet V1"
    counts = ", ".join(str(d) for d in depths[:-1]) + f" and {depths[-1]}"
    doc = f"Builds {public_name} ({kind}, {counts} bottleneck blocks).\n" + _common.args_doc()
    return _common.constructor(public_name, module, build, doc, default_name=weights_name)


ResNet50 = _variant("ResNet50", (3, 4, 6, 3), __name__)
ResNet101 = _variant("ResNet101", (3, 4, 23, 3), __name__)
ResNet152 = _variant("ResNet152", (3, 8, 36, 3), __name__)
preprocess_input = _common.preprocess_input_of("ResNet V1", "caffe", __name__)
