"""Neural-network ops on torch tensors: activations, normalizations, crossentropies."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from cornu.backend.config import epsilon
from cornu.backend.torch.core import convert_to_tensor
from cornu.backend.torch.numpy import _float_tensor

_t = convert_to_tensor


def relu(x):
    return torch.relu(_t(x))


def relu6(x):
    return F.relu6(_t(x))


def sigmoid(x):
    return torch.sigmoid(_float_tensor(x))


def sparse_sigmoid(x):
    return torch.clamp(0.5 * _float_tensor(x) + 0.5, 0.0, 1.0)


def tanh(x):
    return torch.tanh(_float_tensor(x))


def tanh_shrink(x):
    return F.tanhshrink(_float_tensor(x))


def softplus(x):
    return F.softplus(_float_tensor(x))


def softsign(x):
    return F.softsign(_float_tensor(x))


def soft_shrink(x, threshold=0.5):
    return F.softshrink(_float_tensor(x), lambd=threshold)


def hard_shrink(x, threshold=0.5):
    return F.hardshrink(_float_tensor(x), lambd=threshold)


def silu(x):
    return F.silu(_float_tensor(x))


swish = silu


def squareplus(x, b=4):
    x = _float_tensor(x)
    return (x + torch.sqrt(x * x + b)) / 2


def log_sigmoid(x):
    return F.logsigmoid(_float_tensor(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float_tensor(x), negative_slope)


def hard_sigmoid(x):
    return F.hardsigmoid(_float_tensor(x))


def hard_silu(x):
    return F.hardswish(_float_tensor(x))


hard_swish = hard_silu


def hard_tanh(x):
    return F.hardtanh(_float_tensor(x))


def elu(x, alpha=1.0):
    return F.elu(_float_tensor(x), alpha)


def selu(x):
    return F.selu(_float_tensor(x))


def celu(x, alpha=1.0):
    return F.celu(_float_tensor(x), alpha)


def glu(x, axis=-1):
    return F.glu(_float_tensor(x), dim=axis)


def gelu(x, approximate=True):
    return F.gelu(_float_tensor(x), approximate="tanh" if approximate else "none")


def mish(x):
    return F.mish(_float_tensor(x))


def threshold(x, threshold, default_value):
    return F.threshold(_float_tensor(x), threshold, default_value)


def sparse_plus(x):
    x = _float_tensor(x)
    return torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, (x + 1) ** 2 / 4))


def softmax(x, axis=-1):
    x = _float_tensor(x)
    if isinstance(axis, (tuple, list)):
        return torch.exp(x - torch.logsumexp(x, dim=tuple(axis), keepdim=True))
    return torch.softmax(x, dim=axis)


def log_softmax(x, axis=-1):
    x = _float_tensor(x)
    if isinstance(axis, (tuple, list)):
        return x - torch.logsumexp(x, dim=tuple(axis), keepdim=True)
    return torch.log_softmax(x, dim=axis)


def sparsemax(x, axis=-1):
    x = _float_tensor(x)
    z = torch.sort(x, dim=axis, descending=True).values
    k = torch.arange(1, x.shape[axis] + 1, device=x.device, dtype=x.dtype)
    shape = [1] * x.ndim
    shape[axis] = -1
    k = k.reshape(shape)
    cum = torch.cumsum(z, dim=axis)
    support = (1 + k * z) > cum
    k_z = torch.sum(support, dim=axis, keepdim=True).to(x.dtype)
    tau = (torch.sum(z * support, dim=axis, keepdim=True) - 1) / k_z
    return torch.clamp(x - tau, min=0)


def one_hot(x, num_classes, axis=-1, dtype="float32", sparse=False):
    from cornu.backend.torch.core import to_torch_dtype

    x = _t(x).long()
    valid = (x >= 0) & (x < num_classes)
    out = F.one_hot(torch.where(valid, x, torch.zeros_like(x)), num_classes)
    out = out * valid.unsqueeze(-1)
    out = out.to(to_torch_dtype(dtype))
    if axis != -1:
        out = torch.movedim(out, -1, axis)
    return out


def multi_hot(x, num_classes, axis=-1, dtype="float32", sparse=False):
    out = one_hot(x, num_classes, axis=-1, dtype=dtype)
    out = torch.amax(out, dim=-2) if _t(x).ndim > 1 else torch.amax(out, dim=0)
    return out


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float_tensor(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = torch.mean(x, dim=axes, keepdim=True)
    variance = torch.mean(torch.square(x - mean), dim=axes, keepdim=True)
    if not keepdims:
        mean = torch.squeeze(mean, dim=axes)
        variance = torch.squeeze(variance, dim=axes)
    return mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _t(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    inv = torch.rsqrt(_t(variance).reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * _t(scale).reshape(shape)
    out = (x - _t(mean).reshape(shape)) * inv
    if offset is not None:
        out = out + _t(offset).reshape(shape)
    return out


def _clip_probs(output):
    eps = epsilon()
    return torch.clamp(output, eps, 1.0 - eps)


def binary_crossentropy(target, output, from_logits=False):
    target, output = _t(target), _float_tensor(output)
    target = target.to(output.dtype)
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    # Keras's formula on probabilities clipped to [eps, 1 - eps], in one fused kernel
    # (torch's log clamp at -100 never triggers after the clip).
    return F.binary_cross_entropy(_clip_probs(output), target, reduction="none")


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _t(target), _float_tensor(output)
    if target.shape != output.shape:
        raise ValueError(
            "categorical_crossentropy: targets and outputs must have the same shape, got "
            f"target {tuple(target.shape)} and output {tuple(output.shape)}. For integer "
            "labels use sparse_categorical_crossentropy, or one-hot encode them with "
            "cornu.utils.to_categorical."
        )
    target = target.to(output.dtype)
    if from_logits:
        log_prob = torch.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        log_prob = torch.log(_clip_probs(output))
    return -torch.sum(target * log_prob, dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _t(target), _float_tensor(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    if target.ndim != output.ndim - 1:
        raise ValueError(
            "sparse_categorical_crossentropy: expected integer targets with one dimension "
            f"less than the outputs, got target {tuple(target.shape)} and output "
            f"{tuple(output.shape)}."
        )
    if axis != -1:
        output = torch.movedim(output, axis, -1)
    classes = output.shape[-1]
    if from_logits:
        log_prob = output
    else:
        output = output / torch.sum(output, dim=-1, keepdim=True)
        log_prob = torch.log(_clip_probs(output))
    flat = log_prob.reshape(-1, classes)
    labels = target.reshape(-1).long()
    if from_logits:
        losses = F.cross_entropy(flat, labels, reduction="none")  # one fused kernel
    else:
        losses = F.nll_loss(flat, labels, reduction="none")
    return losses.reshape(target.shape)


def dropout(x, rate, noise_shape=None, seed=None):
    from cornu.backend.torch.random import dropout as _dropout

    return _dropout(x, rate, noise_shape, seed)


def l2_normalize(x, axis=-1, epsilon=1e-12):
    x = _float_tensor(x)
    sq = torch.sum(x * x, dim=axis, keepdim=True)
    return x * torch.rsqrt(torch.clamp(sq, min=epsilon))


def polar(abs_, angle):
    """The complex numbers of magnitude ``abs_`` and phase ``angle``."""
    magnitude, angle = _t(abs_), _t(angle)
    if not magnitude.is_floating_point():
        magnitude = magnitude.float()
    return torch.polar(magnitude, angle.to(magnitude.dtype))


def log_cosh(x):
    x = _float_tensor(x)
    return x + F.softplus(-2.0 * x) - math.log(2.0)


def linear(x, kernel, bias=None):
    """``x @ kernel + bias`` in one fused call where the engine has one."""
    x = _t(x)
    if x.dtype != kernel.dtype:
        x = x.to(kernel.dtype)
    if bias is not None and x.ndim == 2:
        return torch.addmm(bias, x, kernel)
    out = torch.matmul(x, kernel)
    return out if bias is None else out + bias


def mean_squared_error_mean(target, output):
    """The mean of ``(target - output) ** 2`` over every entry, in one fused call."""
    return F.mse_loss(output, target)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Per-sequence CTC negative log-likelihood; ``output`` holds (batch, time, class) logits."""
    output = _float_tensor(output)
    if output.dtype in (torch.float16, torch.bfloat16):
        output = output.float()
    log_probs = torch.log_softmax(output, dim=-1).transpose(0, 1)
    return F.ctc_loss(
        log_probs,
        _t(target).long(),
        _t(output_length).long(),
        _t(target_length).long(),
        blank=mask_index,
        reduction="none",
    )


# Families kept in their own files, re-exported here so that ops see one ``nn`` module.
from cornu.backend.torch.nn_conv import *  # noqa: E402,F401,F403
from cornu.backend.torch.nn_norm import *  # noqa: E402,F401,F403
from cornu.backend.torch.rnn import *  # noqa: E402,F401,F403

# --- Keras 3.15 additions: CTC decoding, pixel shuffles, fold/unfold, PSNR ----------------


def _check_data_format(op, data_format):
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            f"{op}: `data_format` must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format!r}"
        )


def _check_rank4(op, x):
    if x.ndim != 4:
        raise ValueError(f"{op}: `x` must be a 4D tensor. Received shape {tuple(x.shape)}.")


def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks of ``block_size**2`` into ``block_size x block_size`` patches."""
    x = _t(x)
    _check_data_format("depth_to_space", data_format)
    _check_rank4("depth_to_space", x)
    b = int(block_size)
    c = x.shape[1] if data_format == "channels_first" else x.shape[3]
    if b < 1 or c % (b * b):
        raise ValueError(
            f"depth_to_space: the channel count ({c}) must be divisible by block_size**2 "
            f"(block_size={block_size})."
        )
    if data_format == "channels_first":
        return F.pixel_shuffle(x, b)
    n, h, w, _ = x.shape
    x = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h * b, w * b, c // (b * b))


def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves ``block_size x block_size`` spatial patches into the channel axis."""
    x = _t(x)
    _check_data_format("space_to_depth", data_format)
    _check_rank4("space_to_depth", x)
    b = int(block_size)
    h, w = (x.shape[2], x.shape[3]) if data_format == "channels_first" else x.shape[1:3]
    if b < 1 or h % b or w % b:
        raise ValueError(
            f"space_to_depth: height and width ({h}, {w}) must be divisible by "
            f"block_size={block_size}."
        )
    if data_format == "channels_first":
        return F.pixel_unshuffle(x, b)
    n, _, _, c = x.shape
    x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h // b, w // b, c * b * b)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of an (N, C, H, W) tensor as (N, C*kh*kw, L) columns (im2col)."""
    x = _t(x)
    _check_rank4("unfold", x)
    return F.unfold(x, kernel_size=kernel_size, dilation=dilation, padding=padding,
                    stride=stride)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sums (N, C*kh*kw, L) columns back into an (N, C, H, W) tensor (col2im)."""
    x = _t(x)
    if x.ndim != 3:
        raise ValueError(f"fold: `x` must be a 3D tensor. Received shape {tuple(x.shape)}.")
    return F.fold(x, output_size=output_size, kernel_size=kernel_size, dilation=dilation,
                  padding=padding, stride=stride)


def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio (dB) between ``x1`` and ``x2`` over all entries."""
    x1, x2 = _t(x1), _t(x2)
    if tuple(x1.shape) != tuple(x2.shape):
        raise ValueError(
            f"psnr: `x1` and `x2` must have the same shape. Received {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    max_val = _t(max_val, dtype=x1.dtype).to(x1.device)
    mse = torch.mean((x1 - x2) ** 2)
    return 20 * torch.log10(max_val) - 10 * torch.log10(mse)


def _ctc_greedy(logits, lengths, merge_repeated, mask_index):
    batch, steps, _ = logits.shape
    best, idx = logits.max(dim=-1)
    idx = idx.to(torch.int32)
    past_end = torch.arange(steps, device=logits.device)[None, :] >= lengths[:, None]
    idx = torch.where(past_end, torch.full_like(idx, mask_index), idx)
    best = torch.where(past_end, torch.zeros_like(best), best)
    if merge_repeated:
        repeat = torch.zeros_like(past_end)
        repeat[:, 1:] = idx[:, 1:] == idx[:, :-1]
        idx = torch.where(repeat, torch.full_like(idx, mask_index), idx)
    blank = idx == mask_index
    # Keep emitted labels in order at the front, fill the rest with -1.
    order = torch.where(blank, steps, torch.arange(steps, device=logits.device)[None, :])
    order = torch.argsort(order, dim=-1, stable=True)
    idx = torch.where(blank, torch.full_like(idx, -1), idx)
    idx = torch.take_along_dim(idx, order, dim=-1)
    return idx[None], -best.sum(dim=1, keepdim=True)


def _ctc_prefix_beam(log_probs, length, beam_width, top_paths, blank):
    """CTC prefix beam search over one sequence; (prefix, log-probability) pairs, best first."""
    neg_inf = float("-inf")

    def lse(a, b):
        if a == neg_inf:
            return b
        if b == neg_inf:
            return a
        m = max(a, b)
        return m + math.log(math.exp(a - m) + math.exp(b - m))

    # prefix -> [log P(ends in blank), log P(ends in a label)]
    beams = {(): [0.0, neg_inf]}
    lp = log_probs.tolist()
    n_classes = len(lp[0]) if lp else 0
    for t in range(length):
        row = lp[t]
        nxt = {}
        for prefix, (pb, pnb) in beams.items():
            total = lse(pb, pnb)
            for c in range(n_classes):
                p = row[c]
                if c == blank:
                    e = nxt.setdefault(prefix, [neg_inf, neg_inf])
                    e[0] = lse(e[0], total + p)
                    continue
                new = prefix + (c,)
                e = nxt.setdefault(new, [neg_inf, neg_inf])
                if prefix and prefix[-1] == c:
                    e[1] = lse(e[1], pb + p)  # a repeat needs a blank in between
                    same = nxt.setdefault(prefix, [neg_inf, neg_inf])
                    same[1] = lse(same[1], pnb + p)
                else:
                    e[1] = lse(e[1], total + p)
        ranked = sorted(nxt.items(), key=lambda kv: lse(*kv[1]), reverse=True)
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda kv: lse(*kv[1]), reverse=True)
    return [(list(p), lse(*s)) for p, s in ranked[:top_paths]]


def ctc_decode(inputs, sequence_lengths, strategy="greedy", beam_width=100, top_paths=1,
               merge_repeated=True, mask_index=0):
    """Decodes CTC logits (batch, time, classes) greedily or by prefix beam search; returns
    (decoded labels padded with -1, scores)."""
    logits = _t(inputs)
    if logits.ndim != 3:
        raise ValueError(
            "ctc_decode: `inputs` must have shape (batch, time, classes). Received shape "
            f"{tuple(logits.shape)}."
        )
    if not logits.is_floating_point() or logits.dtype in (torch.float16, torch.bfloat16):
        logits = logits.float()
    lengths = _t(sequence_lengths).to(device=logits.device, dtype=torch.int32).reshape(-1)
    batch, steps, classes = logits.shape
    if mask_index is None:
        mask_index = classes - 1
    if strategy == "greedy":
        return _ctc_greedy(logits, lengths, merge_repeated, int(mask_index))
    if strategy != "beam_search":
        raise ValueError(
            "ctc_decode: `strategy` must be 'greedy' or 'beam_search'. "
            f"Received: strategy={strategy!r}"
        )
    if top_paths > beam_width:
        raise ValueError(
            f"ctc_decode: `top_paths` ({top_paths}) cannot exceed `beam_width` ({beam_width})."
        )
    log_probs = torch.log_softmax(logits, dim=-1).detach().cpu().double()
    paths = torch.full((top_paths, batch, steps), -1, dtype=torch.int32)
    scores = torch.full((batch, top_paths), float("-inf"), dtype=torch.float64)
    for b in range(batch):
        found = _ctc_prefix_beam(log_probs[b], int(lengths[b]), int(beam_width),
                                 int(top_paths), int(mask_index) % classes)
        for k, (labels, score) in enumerate(found):
            paths[k, b, : len(labels)] = torch.tensor(labels, dtype=torch.int32)
            scores[b, k] = score
    return paths.to(logits.device), scores.to(device=logits.device, dtype=logits.dtype)
