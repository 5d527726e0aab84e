"""VGG19, the deeper VGG (Simonyan & Zisserman, ICLR 2015: four convolutions in each of
its last three blocks), layer for layer as Keras builds it, so that Keras's published
ImageNet weights load into it; preprocessing as VGG16 (:func:`preprocess_input`)."""

from __future__ import annotations

from cornu.applications import _common, _vgg
from cornu.applications.imagenet_utils import decode_predictions as decode_predictions

# md5 of the published files with the classifier and without it
_HASHES = ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6")

VGG19 = _vgg.constructor(19, (2, 2, 4, 4, 4), _HASHES, __name__)
preprocess_input = _common.preprocess_input_of("VGG19", "caffe", __name__)
