"""Recurrent and attention ops of the torch backend (re-exported by nn.py).

``rnn`` runs any step function over the time axis (the generic path of every recurrent
layer). ``lstm`` and ``gru`` run a whole Keras-layout LSTM/GRU in one call of torch's fused
kernels (cuDNN on a GPU); they raise ``NotImplementedError`` for a mask they cannot express
(not right-padded), and the caller then falls back to ``rnn``. ``dot_product_attention``
goes to ``scaled_dot_product_attention`` (flash / memory-efficient kernels on a GPU).
"""

from __future__ import annotations

import warnings

import torch
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

from cornu.backend.torch.core import convert_to_tensor
from cornu.utils import tree

__all__ = ["bidirectional_gru", "bidirectional_lstm", "dot_product_attention", "gru", "lstm",
           "rnn"]


# --- the generic loop ------------------------------------------------------------------------
def rnn(step_function, inputs, initial_states, go_backwards=False, mask=None, constants=None,
        unroll=False, input_length=None, time_major=False, zero_output_for_mask=False,
        return_all_outputs=True):
    """Runs ``step_function(x_t, states) -> (output_t, new_states)`` over the time axis.

    Where ``mask`` (batch, time) is False, a step keeps the previous states and repeats the
    previous output (zeros before the first step; zeros always if ``zero_output_for_mask``).
    With ``go_backwards`` the steps run from last to first and the outputs stay in that
    processing order. ``unroll`` and ``input_length`` are accepted for Keras compatibility
    (the loop is always a Python loop).

    Returns ``(last_output, outputs, new_states)``; ``outputs`` is (batch, time, ...) or,
    without ``return_all_outputs``, (batch, 1, ...).
    """
    x = convert_to_tensor(inputs)
    steps = list(torch.unbind(x, 0 if time_major else 1))
    if not steps:
        raise ValueError("rnn: the inputs have no time steps (time axis of size 0).")
    if go_backwards:
        steps.reverse()
    masks = None
    if mask is not None:
        m = convert_to_tensor(mask)
        m = m if m.dtype == torch.bool else m.bool()
        if m.ndim > 2:
            m = m.reshape(m.shape[0], m.shape[1])
        masks = list(torch.unbind(m, 1 if not time_major else 0))
        if go_backwards:
            masks.reverse()
    extra = tuple(constants or ())
    states = list(initial_states)
    outputs = []
    prev_output = None
    for t, x_t in enumerate(steps):
        output, new_states = step_function(x_t, tuple(states) + extra)
        if not isinstance(new_states, (list, tuple)):
            new_states = [new_states]
        if masks is not None:
            keep = masks[t]
            if prev_output is None or zero_output_for_mask:
                prev_output = torch.zeros_like(output)
            output = torch.where(_expand(keep, output), output, prev_output)
            flat_new = tree.flatten(new_states)
            flat_old = tree.flatten(states)
            flat_new = [torch.where(_expand(keep, n), n, o) for n, o in zip(flat_new, flat_old)]
            new_states = tree.pack_sequence_as(new_states, flat_new)
            prev_output = output
        states = list(new_states)
        if return_all_outputs or t == len(steps) - 1:
            outputs.append(output)
    last_output = outputs[-1]
    stacked = torch.stack(outputs, 0 if time_major else 1)
    return last_output, stacked, states


def _expand(keep, like):
    """A (batch,) boolean as (batch, 1, ..., 1) to broadcast against ``like``."""
    return keep.view(keep.shape[0], *([1] * (like.ndim - 1)))


# --- fused LSTM / GRU ----------------------------------------------------------------------
_ZEROS: dict = {}


def _zeros(n: int, like):
    """A cached zero vector (no grad) standing for torch's second bias, which Keras lacks."""
    key = (n, like.dtype, like.device)
    z = _ZEROS.get(key)
    if z is None:
        z = _ZEROS[key] = torch.zeros(n, dtype=like.dtype, device=like.device)
    return z


def _gru_order(w, units: int, dim: int):
    """Keras gate blocks (z, r, h) along ``dim`` -> torch's (r, z, n)."""
    z, r, h = torch.split(w, units, dim=dim)
    return torch.cat([r, z, h], dim=dim)


def _lstm_params(kernel, recurrent_kernel, bias) -> list:
    # torch's gate order i, f, g, o is Keras's i, f, c, o: only a transpose is needed.
    kernel, recurrent_kernel = convert_to_tensor(kernel), convert_to_tensor(recurrent_kernel)
    b = convert_to_tensor(bias)
    return [kernel.t().contiguous(), recurrent_kernel.t().contiguous(), b,
            _zeros(4 * recurrent_kernel.shape[0], b)]


def _gru_params(kernel, recurrent_kernel, bias) -> list:
    kernel, recurrent_kernel = convert_to_tensor(kernel), convert_to_tensor(recurrent_kernel)
    units = recurrent_kernel.shape[0]
    b = _gru_order(convert_to_tensor(bias), units, 1)
    return [_gru_order(kernel, units, 1).t().contiguous(),
            _gru_order(recurrent_kernel, units, 1).t().contiguous(), b[0], b[1]]


def lstm(inputs, initial_state_h, initial_state_c, mask, kernel, recurrent_kernel, bias,
         return_sequences=False, go_backwards=False, zero_output_for_mask=False):
    """A Keras LSTM (tanh/sigmoid, kernel ``(input, 4 * units)`` with gates i, f, c, o,
    ``recurrent_kernel``, ``bias``) in one fused call; ``mask`` must be None or right-padded.

    Returns ``(last_output, outputs, [h, c])`` as ``rnn`` does.
    """
    return _fused(torch._VF.lstm, inputs, (initial_state_h, initial_state_c), mask,
                  _lstm_params(kernel, recurrent_kernel, bias), return_sequences, go_backwards,
                  zero_output_for_mask)


def gru(inputs, initial_state, mask, kernel, recurrent_kernel, bias, return_sequences=False,
        go_backwards=False, zero_output_for_mask=False):
    """A Keras GRU with ``reset_after=True`` (tanh/sigmoid, kernel ``(input, 3 * units)``
    with gates z, r, h, bias ``(2, 3 * units)``) in one fused call; ``mask`` must be None or
    right-padded. Returns ``(last_output, outputs, [h])``.
    """
    return _fused(torch._VF.gru, inputs, (initial_state,), mask,
                  _gru_params(kernel, recurrent_kernel, bias), return_sequences, go_backwards,
                  zero_output_for_mask)


def bidirectional_lstm(inputs, forward_states, backward_states, mask, forward_weights,
                       backward_weights, return_sequences=False):
    """A forward and a backward Keras LSTM (``weights`` = kernel, recurrent_kernel, bias;
    ``states`` = [h, c]) in one fused bidirectional call, as ``Bidirectional`` combines them:
    returns ``(forward, backward)``, each ``(last_output, outputs, states)``, the backward
    outputs in time order; masked steps (right padding only) output zeros.
    """
    return _fused_bidirectional(torch._VF.lstm, inputs, forward_states, backward_states, mask,
                                _lstm_params(*forward_weights) + _lstm_params(*backward_weights),
                                return_sequences)


def bidirectional_gru(inputs, forward_states, backward_states, mask, forward_weights,
                      backward_weights, return_sequences=False):
    """``bidirectional_lstm`` for two ``reset_after=True`` GRUs (``states`` = [h])."""
    return _fused_bidirectional(torch._VF.gru, inputs, forward_states, backward_states, mask,
                                _gru_params(*forward_weights) + _gru_params(*backward_weights),
                                return_sequences)


_WEIGHT_WARNING = "RNN module weights are not part of single contiguous chunk"


def _run(fn, x, *args):
    """``fn(x, *args)``; on a GPU without cuDNN's warning that the (per-call, converted)
    weights are not one flat buffer, which is expected here."""
    if not x.is_cuda:
        return fn(x, *args)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_WEIGHT_WARNING)
        return fn(x, *args)


def _fused(fn, inputs, initial, mask, params, return_sequences, go_backwards,
           zero_output_for_mask):
    x = convert_to_tensor(inputs)
    dtype = params[0].dtype
    if x.dtype != dtype:
        x = x.to(dtype)
    hx = tuple(convert_to_tensor(h).to(dtype).unsqueeze(0) for h in initial)
    hx_arg = hx if len(hx) > 1 else hx[0]
    train = torch.is_grad_enabled()
    lengths = None if mask is None else _right_padded_lengths(mask, x.shape[1])
    if lengths is None:
        if go_backwards:
            x = torch.flip(x, (1,))
        out, *final = _run(fn, x, hx_arg, params, True, 1, 0.0, train, False, True)
        states = [h[0] for h in final]
        last = out[:, -1]
        return last, (out if return_sequences else last.unsqueeze(1)), states
    return _packed(fn, x, hx, hx_arg, params, lengths, train, return_sequences, go_backwards,
                   zero_output_for_mask)


def _right_padded_lengths(mask, steps: int):
    """The per-sequence lengths of a right-padded mask, or None when nothing is masked.

    Raises NotImplementedError for any other mask. One device-to-host copy (the packed
    kernels need the lengths on the host).
    """
    m = convert_to_tensor(mask)
    m = m if m.dtype == torch.bool else m.bool()
    lengths = m.sum(1)
    positions = torch.arange(steps, device=m.device)
    ok = (m == (positions < lengths[:, None])).all()
    summary = torch.cat([ok.view(1).long(), lengths.long()]).cpu()
    if not bool(summary[0]):
        raise NotImplementedError("the mask is not right-padded")
    host = summary[1:]
    if bool((host == steps).all()):
        return None
    return host, lengths


def _packed(fn, x, hx, hx_arg, params, lengths, train, return_sequences, go_backwards,
            zero_output_for_mask):
    host, dev = lengths
    steps = x.shape[1]
    empty = dev == 0  # fully masked sequences keep their initial state and output zeros
    dev = dev.clamp(min=1)
    pos = torch.arange(steps, device=x.device)[None, :]
    if go_backwards:  # the valid steps of each sequence, last first
        rev = torch.where(pos < dev[:, None], dev[:, None] - 1 - pos, pos)
        x = x.gather(1, rev[..., None].expand(-1, -1, x.shape[2]))
    packed = pack_padded_sequence(x, host.clamp(min=1), batch_first=True, enforce_sorted=False)
    order, unorder = packed.sorted_indices, packed.unsorted_indices
    hx_sorted = tuple(h.index_select(1, order) for h in hx)
    result = _run(fn, packed.data, packed.batch_sizes,
                  hx_sorted if len(hx) > 1 else hx_sorted[0], params, True, 1, 0.0, train, False)
    data, final = result[0], result[1:]
    out, _ = pad_packed_sequence(PackedSequence(data, packed.batch_sizes, order, unorder),
                                 batch_first=True, total_length=steps)
    states = [torch.where(empty[:, None], h0[0], h.index_select(1, unorder)[0])
              for h0, h in zip(hx, final)]
    # Outputs in Keras's order: masked steps repeat the previous output (or are zero).
    if go_backwards:
        shift = pos - (steps - dev[:, None])
        valid = shift >= 0
        index = shift.clamp(min=0)
    else:
        valid = pos < dev[:, None]
        index = torch.minimum(pos, dev[:, None] - 1)
        if not zero_output_for_mask:
            valid = valid | (pos >= 0)
    valid = valid & ~empty[:, None]
    seq = out.gather(1, index[..., None].expand(-1, -1, out.shape[2]))
    seq = seq * valid[..., None].to(seq.dtype)
    last = seq[:, -1]
    return last, (seq if return_sequences else last.unsqueeze(1)), states


def _fused_bidirectional(fn, inputs, forward_states, backward_states, mask, params,
                         return_sequences):
    x = convert_to_tensor(inputs)
    dtype = params[0].dtype
    if x.dtype != dtype:
        x = x.to(dtype)
    hx = tuple(torch.stack([convert_to_tensor(f).to(dtype), convert_to_tensor(b).to(dtype)])
               for f, b in zip(forward_states, backward_states))
    hx_arg = hx if len(hx) > 1 else hx[0]
    train = torch.is_grad_enabled()
    lengths = None if mask is None else _right_padded_lengths(mask, x.shape[1])
    if lengths is None:
        out, *final = _run(fn, x, hx_arg, params, True, 1, 0.0, train, True, True)
        empty = None
    else:
        host, dev = lengths
        packed = pack_padded_sequence(x, host.clamp(min=1), batch_first=True,
                                      enforce_sorted=False)
        order, unorder = packed.sorted_indices, packed.unsorted_indices
        hx_sorted = tuple(h.index_select(1, order) for h in hx)
        result = _run(fn, packed.data, packed.batch_sizes,
                      hx_sorted if len(hx) > 1 else hx_sorted[0], params, True, 1, 0.0, train,
                      True)
        out, _ = pad_packed_sequence(
            PackedSequence(result[0], packed.batch_sizes, order, unorder), batch_first=True,
            total_length=x.shape[1])
        empty = dev == 0  # fully masked sequences keep their states and output zeros
        final = [torch.where(empty[None, :, None], h0, h.index_select(1, unorder))
                 for h0, h in zip(hx, result[1:])]
        out = out * (~empty).to(out.dtype)[:, None, None]
    units = out.shape[-1] // 2
    directions = []
    for d, seq in enumerate((out[..., :units], out[..., units:])):
        states = [h[d] for h in final]
        last = states[0] if empty is None else states[0] * (~empty).to(out.dtype)[:, None]
        directions.append((last, seq if return_sequences else last.unsqueeze(1), states))
    return tuple(directions)


# --- attention ----------------------------------------------------------------------------------
def _large_negative(dtype):
    return -0.7 * (65500.0 if dtype == torch.float16 else 3.38953e38)


_SDPA_GQA = tuple(int(p) for p in torch.__version__.split(".")[:2]) >= (2, 5)


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None, dropout_rate=0.0):
    """Scaled dot-product attention on (batch, seq, heads, dim) tensors.

    ``mask`` is a boolean broadcastable to (batch, heads, q_seq, kv_seq) (True = attend);
    ``bias`` an additive float of that shape. Fewer key/value heads than query heads are
    shared by consecutive query heads (grouped-query attention). ``dropout_rate`` (a cornu
    extension) drops attention weights inside the fused kernel.
    """
    if attn_logits_soft_cap is not None:
        raise NotImplementedError(
            "dot_product_attention: `attn_logits_soft_cap` is not supported by the torch "
            "backend; pass attn_logits_soft_cap=None.")
    if bias is not None and mask is not None:
        raise ValueError("dot_product_attention: pass either `bias` or `mask`, not both.")
    q, k, v = (convert_to_tensor(t) for t in (query, key, value))
    if q.ndim != 4 or k.ndim != 4 or v.ndim != 4:
        raise ValueError(
            "dot_product_attention expects 4-D (batch, seq, heads, dim) query, key and value; "
            f"got shapes {tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}.")
    dtype = torch.promote_types(torch.promote_types(q.dtype, k.dtype), v.dtype)
    q, k, v = (t.to(dtype).transpose(1, 2) for t in (q, k, v))
    attn_mask = None
    if mask is not None:
        m = convert_to_tensor(mask)
        m = m if m.dtype == torch.bool else m.bool()
        if is_causal:
            causal = torch.ones(q.shape[2], k.shape[2], dtype=torch.bool, device=m.device).tril()
            m = m & causal
            is_causal = False
        zero = torch.zeros((), dtype=dtype, device=m.device)
        attn_mask = torch.where(m, zero, torch.full((), _large_negative(dtype), dtype=dtype,
                                                        device=m.device))
    elif bias is not None:
        attn_mask = convert_to_tensor(bias).to(dtype)
    kwargs = {}
    if k.shape[1] != q.shape[1]:
        if _SDPA_GQA:
            kwargs["enable_gqa"] = True
        else:
            groups = q.shape[1] // k.shape[1]
            k, v = k.repeat_interleave(groups, 1), v.repeat_interleave(groups, 1)
    call = torch.nn.functional.scaled_dot_product_attention
    args = dict(attn_mask=attn_mask, dropout_p=float(dropout_rate), is_causal=bool(is_causal),
                scale=scale, **kwargs)
    if flash_attention is None:
        from cornu.config import is_flash_attention_enabled

        flash_attention = is_flash_attention_enabled()  # None unless disabled globally
    if flash_attention is None:
        out = call(q, k, v, **args)
    else:
        from torch.nn.attention import SDPBackend, sdpa_kernel

        kernels = [SDPBackend.FLASH_ATTENTION] if flash_attention else [
            SDPBackend.EFFICIENT_ATTENTION, SDPBackend.CUDNN_ATTENTION, SDPBackend.MATH]
        with sdpa_kernel(kernels):
            out = call(q, k, v, **args)
    return out.transpose(1, 2)
