"""Image ops on torch: resizing, geometric warps with fill modes, colour-space conversions.

Batches may be channels-last (N, H, W, C) or channels-first (N, C, H, W); a single image
(rank 3) is handled as a batch of one. Integer images are computed in float32 and rounded
back to their dtype.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from cornu.backend.config import standardize_data_format
from cornu.backend.torch.core import convert_to_tensor

_RESIZE_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic",
                 "area": "area"}
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
INTERPOLATIONS = ("nearest", "bilinear")


def _check_rank(images) -> None:
    if images.ndim not in (3, 4):
        raise ValueError(
            "Expected images of rank 3 (one image) or 4 (a batch), got shape "
            f"{tuple(images.shape)}."
        )


def _to_nchw(images, data_format):
    """(batch NCHW float tensor, was_single, original dtype)."""
    images = convert_to_tensor(images)
    _check_rank(images)
    single = images.ndim == 3
    if single:
        images = images.unsqueeze(0)
    if standardize_data_format(data_format) == "channels_last":
        images = images.permute(0, 3, 1, 2)
    dtype = images.dtype
    if not images.is_floating_point():
        images = images.float()
    return images, single, dtype


def _from_nchw(images, single, dtype, data_format):
    if standardize_data_format(data_format) == "channels_last":
        images = images.permute(0, 2, 3, 1)
    if single:
        images = images.squeeze(0)
    if not dtype.is_floating_point:
        images = torch.round(images)
        if dtype == torch.uint8:
            images = images.clamp(0, 255)
    return images.to(dtype).contiguous()


def _fill(images, value, shape):
    return torch.full(shape, float(value), dtype=images.dtype, device=images.device)


def _aspect_crop(images, size):
    height, width = images.shape[-2:]
    th, tw = size
    crop_h = max(min(height, int(width * th / tw)), 1)
    crop_w = max(min(width, int(height * tw / th)), 1)
    top, left = int((height - crop_h) / 2), int((width - crop_w) / 2)
    return images[:, :, top:top + crop_h, left:left + crop_w]


def _aspect_pad(images, size, fill_value):
    n, c, height, width = images.shape
    th, tw = size
    pad_h = max(height, int(width * th / tw))
    pad_w = max(width, int(height * tw / th))
    top, left = int((pad_h - height) / 2), int((pad_w - width) / 2)
    if top > 0:
        band = _fill(images, fill_value, (n, c, top, width))
        images = torch.cat([band, images, band], dim=2)
    if left > 0:
        band = _fill(images, fill_value, (n, c, images.shape[2], left))
        images = torch.cat([band, images, band], dim=3)
    return images


def resize(images, size, interpolation="bilinear", antialias=False,
           crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, fill_mode="constant",
           fill_value=0.0, data_format=None):
    if interpolation not in _RESIZE_MODES:
        raise ValueError(
            f"resize: `interpolation` must be one of {sorted(_RESIZE_MODES)} on the torch "
            f"backend, got {interpolation!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: pass only one of `crop_to_aspect_ratio` and "
                         "`pad_to_aspect_ratio`.")
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported, got {fill_mode!r}.")
    if len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width), got {size!r}.")
    size = (int(size[0]), int(size[1]))
    x, single, dtype = _to_nchw(images, data_format)
    if crop_to_aspect_ratio:
        x = _aspect_crop(x, size)
    elif pad_to_aspect_ratio:
        x = _aspect_pad(x, size, fill_value)
    mode = _RESIZE_MODES[interpolation]
    align = False if mode in ("bilinear", "bicubic") else None
    out = F.interpolate(x, size=size, mode=mode, align_corners=align,
                        antialias=bool(antialias) and mode in ("bilinear", "bicubic"))
    return _from_nchw(out, single, dtype, data_format)


# --- sampling with fill modes -------------------------------------------------------------
def _mirror(index, size):
    s = max(size - 1, 1)
    return torch.abs((index + s) % (2 * s) - s) if size > 1 else torch.zeros_like(index)


def _reflect(index, size):
    return torch.div(_mirror(2 * index + 1, 2 * size + 1) - 1, 2, rounding_mode="floor")


_FIXERS = {
    "constant": lambda i, n: i.clamp(0, n - 1),
    "nearest": lambda i, n: i.clamp(0, n - 1),
    "wrap": lambda i, n: torch.remainder(i, n),
    "mirror": _mirror,
    "reflect": _reflect,
}


def _corners(coord, interpolation):
    if interpolation == "nearest":
        return [(torch.round(coord).long(), None)]
    low = torch.floor(coord)
    frac = coord - low
    low = low.long()
    return [(low, 1 - frac), (low + 1, frac)]


def sample(images_nhwc, y, x, interpolation="bilinear", fill_mode="constant", fill_value=0.0):
    """Reads a float (N, H, W, C) batch at the (N, h, w) source coordinates ``y``, ``x``."""
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"`interpolation` must be 'nearest' or 'bilinear', got "
                         f"{interpolation!r}.")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"`fill_mode` must be one of {FILL_MODES}, got {fill_mode!r}.")
    n, height, width, channels = images_nhwc.shape
    flat = images_nhwc.reshape(n, height * width, channels)
    fix = _FIXERS[fill_mode]
    out = 0
    for iy, wy in _corners(y, interpolation):
        for ix, wx in _corners(x, interpolation):
            idx = (fix(iy, height) * width + fix(ix, width)).reshape(n, -1, 1)
            values = torch.gather(flat, 1, idx.expand(-1, -1, channels)).reshape(
                *y.shape, channels)
            if fill_mode == "constant":
                valid = (iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)
                values = torch.where(valid.unsqueeze(-1), values,
                                     torch.as_tensor(float(fill_value), dtype=values.dtype,
                                                     device=values.device))
            weight = 1.0
            if wy is not None:
                weight = (wy * wx).unsqueeze(-1)
            out = out + weight * values
    return out


def _warp(images, coords_fn, interpolation, fill_mode, fill_value, data_format):
    x, single, dtype = _to_nchw(images, data_format)
    nhwc = x.permute(0, 2, 3, 1)
    n, height, width, _ = nhwc.shape
    gy, gx = torch.meshgrid(torch.arange(height, dtype=nhwc.dtype, device=nhwc.device),
                            torch.arange(width, dtype=nhwc.dtype, device=nhwc.device),
                            indexing="ij")
    src_y, src_x = coords_fn(gx.expand(n, -1, -1), gy.expand(n, -1, -1))
    out = sample(nhwc, src_y, src_x, interpolation, fill_mode, fill_value)
    return _from_nchw(out.permute(0, 3, 1, 2), single, dtype, data_format)


def _projective(transform, dtype, device):
    t = convert_to_tensor(transform).to(dtype=dtype, device=device)
    if t.ndim == 1:
        t = t.unsqueeze(0)
    if t.ndim != 2 or t.shape[-1] != 8:
        raise ValueError(
            f"Expected transforms of shape (8,) or (batch, 8), got {tuple(t.shape)}."
        )
    return [t[:, i].reshape(-1, 1, 1) for i in range(8)]


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):
    def coords(gx, gy):
        a0, a1, a2, b0, b1, b2, c0, c1 = _projective(transform, gx.dtype, gx.device)
        k = c0 * gx + c1 * gy + 1.0
        return (b0 * gx + b1 * gy + b2) / k, (a0 * gx + a1 * gy + a2) / k

    return _warp(images, coords, interpolation, fill_mode, fill_value, data_format)


def compute_homography_matrix(start_points, end_points):
    """The 8 projective coefficients mapping ``end_points`` onto ``start_points``."""
    start = convert_to_tensor(start_points).double()
    end = convert_to_tensor(end_points).double()
    if start.ndim == 2:
        start, end = start.unsqueeze(0), end.unsqueeze(0)
    rows, rhs = [], []
    zeros, ones = torch.zeros_like(end[:, 0, 0]), torch.ones_like(end[:, 0, 0])
    for i in range(4):
        ex, ey, sx, sy = end[:, i, 0], end[:, i, 1], start[:, i, 0], start[:, i, 1]
        rows.append(torch.stack([ex, ey, ones, zeros, zeros, zeros, -sx * ex, -sx * ey], -1))
        rows.append(torch.stack([zeros, zeros, zeros, ex, ey, ones, -sy * ex, -sy * ey], -1))
        rhs += [sx, sy]
    a = torch.stack(rows, dim=1)
    b = torch.stack(rhs, dim=1).unsqueeze(-1)
    return torch.linalg.solve(a, b).squeeze(-1)


def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):
    images_t = convert_to_tensor(images)
    dtype = images_t.dtype if images_t.is_floating_point() else torch.float32
    transform = compute_homography_matrix(start_points, end_points).to(dtype)

    def coords(gx, gy):
        a0, a1, a2, a3, a4, a5, a6, a7 = _projective(transform, gx.dtype, gx.device)
        k = a6 * gx + a7 * gy + 1.0
        return (a3 * gx + a4 * gy + a5) / k, (a0 * gx + a1 * gy + a2) / k

    return _warp(images_t, coords, interpolation, "constant", fill_value, data_format)


# --- colour -----------------------------------------------------------------------------------
def _channel_axis(data_format) -> int:
    return -1 if standardize_data_format(data_format) == "channels_last" else -3


def rgb_to_grayscale(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    axis = _channel_axis(data_format)
    if images.shape[axis] == 1:
        return images.clone()
    if images.shape[axis] != 3:
        raise ValueError(f"rgb_to_grayscale: expected 1 or 3 channels, got shape "
                         f"{tuple(images.shape)}.")
    r, g, b = images.unbind(dim=axis)
    gray = 0.2989 * r + 0.587 * g + 0.114 * b
    return gray.to(images.dtype).unsqueeze(axis)


def rgb_to_hsv(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    if not images.is_floating_point():
        raise ValueError(f"rgb_to_hsv: expected float images, got {images.dtype}.")
    axis = _channel_axis(data_format)
    eps = torch.finfo(images.dtype).eps
    images = torch.where(images.abs() < eps, torch.zeros_like(images), images)
    r, g, b = images.unbind(dim=axis)
    value = torch.maximum(torch.maximum(r, g), b)
    spread = value - torch.minimum(torch.minimum(r, g), b)
    saturation = torch.where(value > 0, spread / torch.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * torch.where(spread > 0, spread, 1.0))
    hue = torch.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = torch.where(value == r, norm * (g - b), hue)
    hue = torch.where(spread > 0, hue, 0.0) + (hue < 0.0).to(hue.dtype)
    return torch.stack([hue, saturation, value], dim=axis)


def hsv_to_rgb(images, data_format=None):
    images = convert_to_tensor(images)
    _check_rank(images)
    if not images.is_floating_point():
        raise ValueError(f"hsv_to_rgb: expected float images, got {images.dtype}.")
    axis = _channel_axis(data_format)
    h, s, v = images.unbind(dim=axis)
    dh = torch.remainder(h, 1.0) * 6.0
    dr = torch.clamp(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = torch.clamp(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    db = torch.clamp(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    one_minus_s = 1.0 - s
    planes = [v * (one_minus_s + s * d) for d in (dr, dg, db)]
    return torch.stack(planes, dim=axis)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    x, single, dtype = _to_nchw(images, data_format)
    sigma_t = convert_to_tensor(sigma).to(x.dtype).reshape(-1)
    kh, kw = int(kernel_size[0]), int(kernel_size[1])

    def kernel1d(size, s):
        pos = torch.arange(size, dtype=x.dtype, device=x.device) - (size - 1) / 2
        k = torch.exp(-0.5 * (pos / s) ** 2)
        return k / k.sum()

    kernel = torch.outer(kernel1d(kh, sigma_t[-1]), kernel1d(kw, sigma_t[0]))
    channels = x.shape[1]
    kernel = kernel.view(1, 1, kh, kw).expand(channels, 1, kh, kw)
    out = F.conv2d(x, kernel, padding=(kh // 2, kw // 2), groups=channels)
    return _from_nchw(out, single, dtype, data_format)
