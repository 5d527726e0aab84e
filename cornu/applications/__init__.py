"""cornu.applications: the 40 Keras image classification models, with ``preprocess_input``
and ``decode_predictions`` per family and Keras's published ImageNet weights.

The families load on first use (``import cornu`` stays fast).

Example:
    >>> from cornu.applications import MobileNetV2
    >>> MobileNetV2(weights=None, input_shape=(96, 96, 3), include_top=False).output.shape
    (None, 3, 3, 1280)
"""

import importlib

# constructor name -> the module (under cornu.applications) that defines it
_CONSTRUCTORS = {
    **{f"ConvNeXt{s}": "convnext" for s in ("Tiny", "Small", "Base", "Large", "XLarge")},
    **{f"DenseNet{n}": "densenet" for n in (121, 169, 201)},
    **{f"EfficientNetB{i}": "efficientnet" for i in range(8)},
    **{f"EfficientNetV2{s}": "efficientnet_v2"
       for s in ("B0", "B1", "B2", "B3", "S", "M", "L")},
    "InceptionResNetV2": "inception_resnet_v2",
    "InceptionV3": "inception_v3",
    "MobileNet": "mobilenet",
    "MobileNetV2": "mobilenet_v2",
    "MobileNetV3Small": "mobilenet_v3",
    "MobileNetV3Large": "mobilenet_v3",
    "NASNetMobile": "nasnet",
    "NASNetLarge": "nasnet",
    "ResNet50": "resnet",
    "ResNet101": "resnet",
    "ResNet152": "resnet",
    "ResNet50V2": "resnet_v2",
    "ResNet101V2": "resnet_v2",
    "ResNet152V2": "resnet_v2",
    "VGG16": "vgg16",
    "VGG19": "vgg19",
    "Xception": "xception",
}

_MODULES = (
    "convnext", "densenet", "efficientnet", "efficientnet_v2", "imagenet_utils",
    "inception_resnet_v2", "inception_v3", "mobilenet", "mobilenet_v2", "mobilenet_v3",
    "nasnet", "resnet", "resnet50", "resnet_v2", "vgg16", "vgg19", "xception",
)

__all__ = sorted(_CONSTRUCTORS) + list(_MODULES)


def __getattr__(name: str):
    if name in _CONSTRUCTORS:
        module = importlib.import_module(f"{__name__}.{_CONSTRUCTORS[name]}")
        value = getattr(module, name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'cornu.applications' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))
