"""cornu.ops.image: resizing, geometric warps and colour conversions of image batches.

Example:
    >>> from cornu import ops
    >>> ops.image.resize(ops.ones((1, 4, 4, 3)), (2, 2)).shape
    torch.Size([1, 2, 2, 3])
"""

import importlib as _importlib

from cornu import backend as _backend
from cornu.ops.operation import make_op as _make_op

_impl = _importlib.import_module(f"cornu.backend.{_backend.backend()}.image")

_IMAGE_OPS = (
    "affine_transform compute_homography_matrix gaussian_blur hsv_to_rgb "
    "perspective_transform resize rgb_to_grayscale rgb_to_hsv "
    "crop_images elastic_transform extract_patches extract_patches_3d map_coordinates "
    "pad_images scale_and_translate sobel_edges ssim"
).split()

for _name in _IMAGE_OPS:
    globals()[_name] = _make_op(_name, getattr(_impl, _name))
