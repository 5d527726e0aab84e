"""Feeding batches to the torch engine: loader detection and host-to-device copies."""

from __future__ import annotations

import numpy as np
import torch

from cornu.backend.config import floatx
from cornu.backend.torch.core import default_device, to_torch_dtype


def is_data_loader(x) -> bool:
    """True for a ``torch.utils.data.DataLoader`` (or a subclass of it)."""
    return isinstance(x, torch.utils.data.DataLoader)


def is_engine_dataset(x) -> bool:
    """True for a ``torch.utils.data.Dataset`` that was not wrapped in a ``DataLoader``."""
    return isinstance(x, torch.utils.data.Dataset)


def batch_to_device(batch):
    """Converts the leaves of one batch (a tuple of possibly nested lists/dicts) to tensors.

    Runs on the prefetch thread. NumPy leaves become tensors without a copy on the CPU;
    float64 becomes ``floatx()`` as for in-memory data. On a GPU, CPU tensors are pinned and
    copied asynchronously so that the copy overlaps the previous step.
    """
    device = default_device()
    cuda = device != "cpu" and torch.cuda.is_available()
    return _convert(batch, torch.device(device), cuda, to_torch_dtype(floatx()))


def _convert(obj, device, cuda, float_dtype):
    if obj is None:
        return None
    if isinstance(obj, tuple):
        return tuple(_convert(e, device, cuda, float_dtype) for e in obj)
    if isinstance(obj, list):
        return [_convert(e, device, cuda, float_dtype) for e in obj]
    if isinstance(obj, dict):
        return {k: _convert(v, device, cuda, float_dtype) for k, v in obj.items()}
    if isinstance(obj, np.ndarray):
        t = torch.from_numpy(obj if obj.flags.c_contiguous and obj.flags.writeable
                             else np.ascontiguousarray(obj).copy())
    elif isinstance(obj, torch.Tensor):
        t = obj.detach()
    else:
        t = torch.as_tensor(np.asarray(obj))
    if t.dtype == torch.float64:
        t = t.to(float_dtype)
    if cuda and t.device.type == "cpu":
        return t.pin_memory().to(device, non_blocking=True)
    if t.device != device:
        return t.to(device)
    return t


def init_worker_process() -> None:
    """Runs first in a data worker process: one engine thread, so that workers do not
    oversubscribe the cores the training process uses (as torch's DataLoader does)."""
    torch.set_num_threads(1)
