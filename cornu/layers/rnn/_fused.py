"""When LSTM and GRU can run as one fused kernel call (cuDNN on a GPU), and its inputs."""

from __future__ import annotations

from cornu import activations, ops


def check_use_cudnn(layer_name: str, use_cudnn) -> None:
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            f"{layer_name}: `use_cudnn` must be 'auto', True or False; got {use_cudnn!r}.")


def can_fuse(cell, unroll: bool, use_cudnn, gru: bool = False) -> bool:
    """The configurations torch's fused kernels compute exactly (Keras's cuDNN conditions):
    tanh/sigmoid, no recurrent dropout, not unrolled, a bias (and ``reset_after`` for GRU).
    """
    ok = (use_cudnn is not False
          and cell.activation is activations.tanh
          and cell.recurrent_activation is activations.sigmoid
          and cell.recurrent_dropout == 0
          and not unroll
          and cell.use_bias
          and (not gru or cell.reset_after))
    if use_cudnn is True and not ok:
        raise ValueError(
            f"use_cudnn=True, but this configuration cannot use the fused kernel: it needs "
            f"activation='tanh', recurrent_activation='sigmoid', recurrent_dropout=0, "
            f"unroll=False, use_bias=True{', reset_after=True' if gru else ''}. Pass "
            "use_cudnn='auto' to fall back to the step loop.")
    return ok


def dropped_inputs(cell, sequences, training: bool):
    """``sequences`` with the cell's per-sequence input dropout applied (same mask at every
    step); None when the cell uses per-gate masks, which the fused kernel cannot apply."""
    if not (training and 0.0 < cell.dropout < 1.0):
        return sequences
    mask = cell.get_dropout_mask(sequences[:, 0])
    if isinstance(mask, (list, tuple)):
        return None
    return sequences * ops.expand_dims(mask, 1)
