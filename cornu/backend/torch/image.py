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


# --- Keras 3.15 additions: crops, pads, patches, coordinate maps, SSIM, ... ---------------


def _hw_axes(ndim, data_format):
    """(height axis, width axis) of a rank-3 or rank-4 image tensor."""
    if standardize_data_format(data_format) == "channels_last":
        return ndim - 3, ndim - 2
    return ndim - 2, ndim - 1


def _resolve_edges(op, names, before, after, target, size):
    if [before, after, target].count(None) != 1:
        raise ValueError(
            f"{op}: give exactly two of {names[0]}, {names[1]} and {names[2]}. Received: "
            f"{names[0]}={before}, {names[1]}={after}, {names[2]}={target}"
        )
    for n, v in zip(names, (before, after, target)):
        if v is not None and v < 0:
            raise ValueError(f"{op}: {n} must be >= 0. Received: {n}={v}")
    return before, after, target


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None,
               right_padding=None, target_height=None, target_width=None, data_format=None):
    """Zero-pads images to a target size or by the given edge amounts."""
    x = convert_to_tensor(images)
    _check_rank(x)
    ha, wa = _hw_axes(x.ndim, data_format)
    h, w = x.shape[ha], x.shape[wa]
    top, bottom, th = _resolve_edges(
        "pad_images", ("top_padding", "bottom_padding", "target_height"),
        top_padding, bottom_padding, target_height, h)
    left, right, tw = _resolve_edges(
        "pad_images", ("left_padding", "right_padding", "target_width"),
        left_padding, right_padding, target_width, w)
    top = th - bottom - h if top is None else top
    bottom = th - top - h if bottom is None else bottom
    left = tw - right - w if left is None else left
    right = tw - left - w if right is None else right
    for n, v in (("top_padding", top), ("bottom_padding", bottom), ("left_padding", left),
                 ("right_padding", right)):
        if v < 0:
            raise ValueError(
                f"pad_images: the target size is smaller than the image; {n} would be {v}."
            )
    pads = [0, 0] * (x.ndim - 1 - wa) + [left, right] + [top, bottom]
    return F.pad(x, pads)


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None,
                right_cropping=None, target_height=None, target_width=None, data_format=None):
    """Crops images to a target size or by the given edge amounts."""
    x = convert_to_tensor(images)
    _check_rank(x)
    ha, wa = _hw_axes(x.ndim, data_format)
    h, w = x.shape[ha], x.shape[wa]
    top, bottom, th = _resolve_edges(
        "crop_images", ("top_cropping", "bottom_cropping", "target_height"),
        top_cropping, bottom_cropping, target_height, h)
    left, right, tw = _resolve_edges(
        "crop_images", ("left_cropping", "right_cropping", "target_width"),
        left_cropping, right_cropping, target_width, w)
    top = h - th - bottom if top is None else top
    th = h - top - bottom if th is None else th
    left = w - tw - right if left is None else left
    tw = w - left - right if tw is None else tw
    if top < 0 or left < 0 or th < 0 or tw < 0 or top + th > h or left + tw > w:
        raise ValueError(
            f"crop_images: the crop (top={top}, left={left}, height={th}, width={tw}) does "
            f"not fit in images of height {h} and width {w}."
        )
    x = x.narrow(ha, top, th)
    return x.narrow(wa, left, tw)


def _tuple(op, name, value, n):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"{op}: `{name}` must be an int or a tuple of {n} ints. "
                         f"Received: {name}={value}")
    return value


def _patches(op, x, size, strides, dilation_rate, padding, data_format, n):
    """Patches of the ``n`` spatial axes, flattened as (patch..., channel) into the channels."""
    x = convert_to_tensor(x)
    if x.ndim not in (n + 1, n + 2):
        raise ValueError(f"{op}: expected a tensor of rank {n + 1} or {n + 2}. "
                         f"Received shape {tuple(x.shape)}.")
    if padding not in ("valid", "same"):
        raise ValueError(f"{op}: `padding` must be 'valid' or 'same'. Received {padding!r}.")
    size = _tuple(op, "size", size, n)
    strides = size if not strides else _tuple(op, "strides", strides, n)
    dil = _tuple(op, "dilation_rate", dilation_rate, n)
    single = x.ndim == n + 1
    if single:
        x = x.unsqueeze(0)
    channels_first = standardize_data_format(data_format) == "channels_first"
    if channels_first:
        x = x.movedim(1, -1)
    spans = [(k - 1) * d + 1 for k, d in zip(size, dil)]
    if padding == "same":
        pads = []
        for dim, span, s in zip(x.shape[1:-1], spans, strides):
            out = -(-dim // s)
            total = max((out - 1) * s + span - dim, 0)
            pads.append((total // 2, total - total // 2))
        flat = [0, 0] + [p for pair in reversed(pads) for p in pair]
        x = F.pad(x, flat)
    for i, (span, s, d) in enumerate(zip(spans, strides, dil)):
        x = x.unfold(1 + i, span, s)  # new trailing axis: the window
        x = x[..., ::d]
    # (N, o..., C, k...) -> (N, o..., k..., C) -> (N, o..., prod(k) * C)
    x = x.movedim(1 + n, -1)
    x = x.reshape(*x.shape[: 1 + n], -1)
    if channels_first:
        x = x.movedim(-1, 1)
    return x.squeeze(0) if single else x


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid",
                    data_format=None):
    """Image patches of ``size`` stacked in the channel axis: (..., ph * pw * C)."""
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d(images, size, strides, dilation_rate, padding, data_format)
    if not isinstance(size, int) and len(size) != 2:
        raise TypeError(f"extract_patches: `size` must be an int or a tuple of 2 ints. "
                        f"Received: size={size}")
    return _patches("extract_patches", images, size, strides, dilation_rate, padding,
                    data_format, 2)


def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):
    """Volume patches of ``size`` stacked in the channel axis: (..., pd * ph * pw * C)."""
    if not isinstance(size, int) and len(size) != 3:
        raise TypeError(f"extract_patches_3d: `size` must be an int or a tuple of 3 ints. "
                        f"Received: size={size}")
    return _patches("extract_patches_3d", volumes, size, strides, dilation_rate, padding,
                    data_format, 3)


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """Samples ``inputs`` at ``coordinates`` (one array per input axis) with spline order 0
    (nearest) or 1 (linear), as scipy.ndimage.map_coordinates."""
    x = convert_to_tensor(inputs)
    if isinstance(coordinates, torch.Tensor) and coordinates.ndim >= 1:
        coords = list(coordinates.unbind(0))
    else:
        coords = [convert_to_tensor(c) for c in coordinates]
    if len(coords) != x.ndim:
        raise ValueError(
            f"map_coordinates: `coordinates` must hold one array per axis of `inputs` "
            f"({x.ndim}). Received {len(coords)}."
        )
    if order not in (0, 1):
        raise NotImplementedError(
            f"map_coordinates: `order` must be 0 or 1. Received: order={order}")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"map_coordinates: `fill_mode` must be one of {FILL_MODES}. "
                         f"Received: fill_mode={fill_mode!r}")
    coords = [c.to(x.device) for c in coords]
    work = x if x.is_floating_point() else x.float()
    cdtype = work.dtype
    coords = [c.to(cdtype) if c.is_floating_point() else c.to(cdtype) for c in coords]
    fix = _FIXERS[fill_mode]
    per_axis = []
    for c in coords:
        if order == 0:
            per_axis.append([(torch.floor(c + 0.5).long(), None)])
        else:
            low = torch.floor(c)
            frac = c - low
            per_axis.append([(low.long(), 1 - frac), (low.long() + 1, frac)])
    out = 0
    fill = torch.as_tensor(fill_value, dtype=cdtype, device=x.device)
    import itertools

    for combo in itertools.product(*per_axis):
        idx, valid, weight = [], None, None
        for (i, wgt), size in zip(combo, x.shape):
            if fill_mode == "constant":
                ok = (i >= 0) & (i < size)
                valid = ok if valid is None else valid & ok
            idx.append(fix(i, size))
            if wgt is not None:
                weight = wgt if weight is None else weight * wgt
        vals = work[tuple(idx)]
        if valid is not None:
            vals = torch.where(valid, vals, fill)
        out = out + (vals if weight is None else weight * vals)
    if not x.is_floating_point():
        out = torch.round(out)
    return out.to(x.dtype)


def _kernel_fn(method):
    pi = torch.pi

    def triangle(v):
        return torch.clamp(1 - v, min=0)

    def keys_cubic(v):
        inner = ((1.5 * v - 2.5) * v) * v + 1.0
        outer = ((-0.5 * v + 2.5) * v - 4.0) * v + 2.0
        return torch.where(v < 1, inner, torch.where(v < 2, outer, torch.zeros_like(v)))

    def lanczos(radius):
        def k(v):
            y = radius * torch.sin(pi * v) * torch.sin(pi * v / radius)
            safe = torch.where(v > 1e-3, v, torch.ones_like(v))
            out = torch.where(v > 1e-3, y / (pi * pi * safe * safe), torch.ones_like(v))
            return torch.where(v > radius, torch.zeros_like(v), out)

        return k

    table = {"linear": triangle, "bilinear": triangle, "trilinear": triangle,
             "triangle": triangle, "cubic": keys_cubic, "bicubic": keys_cubic,
             "tricubic": keys_cubic, "keyscubic": keys_cubic, "lanczos3": lanczos(3.0),
             "lanczos5": lanczos(5.0)}
    if method not in table:
        raise ValueError(f"scale_and_translate: unknown `method` {method!r}; expected one "
                         f"of {sorted(table)}.")
    return table[method]


def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):
    """Resamples ``images`` along ``spatial_dims`` to ``output_shape`` with the given scale and
    translation (as jax.image.scale_and_translate)."""
    kernel = _kernel_fn(method)
    x = convert_to_tensor(images)
    dtype = x.dtype
    work = x if x.is_floating_point() else x.float()
    output_shape = tuple(int(d) for d in output_shape)
    if len(output_shape) != work.ndim:
        raise ValueError(f"scale_and_translate: `output_shape` must have rank {work.ndim}. "
                         f"Received {output_shape}.")
    scale = convert_to_tensor(scale).to(work.dtype).reshape(-1)
    translation = convert_to_tensor(translation).to(work.dtype).reshape(-1)
    spatial_dims = [int(d) % work.ndim for d in spatial_dims]
    eps = torch.finfo(work.dtype).eps
    for i, d in enumerate(spatial_dims):
        n_in, n_out = work.shape[d], output_shape[d]
        inv = 1.0 / scale[i]
        kscale = torch.clamp(inv, min=1.0) if antialias else torch.ones_like(inv)
        sample = (torch.arange(n_out, dtype=work.dtype, device=work.device) + 0.5) * inv - (
            translation[i] * inv) - 0.5
        dist = torch.abs(sample[None, :] - torch.arange(n_in, dtype=work.dtype,
                                                        device=work.device)[:, None]) / kscale
        w = kernel(dist)
        total = w.sum(0, keepdim=True)
        w = torch.where(torch.abs(total) > 1000 * eps,
                        w / torch.where(total != 0, total, torch.ones_like(total)),
                        torch.zeros_like(w))
        inside = (sample >= -0.5) & (sample <= n_in - 0.5)
        w = torch.where(inside[None, :], w, torch.zeros_like(w))
        work = torch.tensordot(work.movedim(d, -1), w, dims=([work.ndim - 1], [0]))
        work = work.movedim(-1, d)
    if not dtype.is_floating_point:
        work = torch.round(work)
    return work.to(dtype)


def sobel_edges(images, data_format=None):
    """Sobel gradients per channel: (..., 2) holding [dy, dx]."""
    x, single, dtype = _to_nchw(images, data_format)
    gx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]],
                      dtype=x.dtype, device=x.device)
    c = x.shape[1]
    kernels = torch.stack([gx.t(), gx]).unsqueeze(1).repeat(c, 1, 1, 1)  # (2C, 1, 3, 3)
    out = F.conv2d(x, kernels, padding=1, groups=c)
    out = out.reshape(x.shape[0], c, 2, *out.shape[2:]).permute(0, 1, 3, 4, 2)
    if standardize_data_format(data_format) == "channels_last":
        out = out.permute(0, 2, 3, 1, 4)
    if single:
        out = out.squeeze(0)
    return out.to(dtype) if dtype.is_floating_point else out


def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):
    """Structural similarity per image (mean over a Gaussian-window SSIM map and channels)."""
    a, single, dtype = _to_nchw(image1, data_format)
    b, single_b, _ = _to_nchw(image2, data_format)
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(f"ssim: `image1` and `image2` must have the same shape. Received "
                         f"{tuple(convert_to_tensor(image1).shape)} and "
                         f"{tuple(convert_to_tensor(image2).shape)}.")
    b = b.to(a.dtype)
    n, c, h, w = a.shape
    if h < filter_size or w < filter_size:
        raise ValueError(f"ssim: images ({h}x{w}) are smaller than the filter "
                         f"(filter_size={filter_size}).")
    pos = torch.arange(filter_size, dtype=a.dtype, device=a.device) - (filter_size - 1) / 2.0
    g = torch.exp(-(pos ** 2) / (2.0 * filter_sigma ** 2))
    g = g / g.sum()
    kernel = torch.outer(g, g).view(1, 1, filter_size, filter_size)

    def blur(t):
        return F.conv2d(t.reshape(n * c, 1, h, w), kernel)

    mu1, mu2 = blur(a), blur(b)
    s11 = blur(a * a) - mu1 * mu1
    s22 = blur(b * b) - mu2 * mu2
    s12 = blur(a * b) - mu1 * mu2
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    smap = ((2 * mu1 * mu2 + c1) * (2 * s12 + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (s11 + s22 + c2))
    out = smap.mean(dim=(1, 2, 3)).reshape(n, c).mean(-1)
    if single:
        out = out.squeeze(0)
    return out.to(dtype)


def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None, data_format=None):
    """Warps images by a random displacement field (Gaussian-smoothed noise times ``alpha``)."""
    from cornu.backend.torch import random as _random

    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"elastic_transform: `interpolation` must be one of {INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation!r}")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"elastic_transform: `fill_mode` must be one of {FILL_MODES}. "
                         f"Received: fill_mode={fill_mode!r}")
    x, single, dtype = _to_nchw(images, data_format)
    n, c, h, w = x.shape
    sigma_f, alpha_f = float(sigma), float(alpha)
    k = int(6 * sigma_f) | 1
    noise = _random.normal((2 * n, h, w, 1), dtype="float32", seed=seed).to(x.device, x.dtype)
    noise = gaussian_blur(noise * sigma_f, kernel_size=(k, k), sigma=(sigma_f, sigma_f),
                          data_format="channels_last")[..., 0]
    dx, dy = noise[:n], noise[n:]
    ys, xs = torch.meshgrid(torch.arange(h, dtype=x.dtype, device=x.device),
                            torch.arange(w, dtype=x.dtype, device=x.device), indexing="ij")
    out = sample(x.permute(0, 2, 3, 1), ys + alpha_f * dy, xs + alpha_f * dx,
                 interpolation=interpolation, fill_mode=fill_mode, fill_value=fill_value)
    return _from_nchw(out.permute(0, 3, 1, 2), single, dtype, data_format)
