"""What ``cornu info`` reports about the engine: its version and the devices it sees."""

from __future__ import annotations

import torch


def engine_info() -> dict:
    """The engine's name and version, and one line per device it can use."""
    devices = ["cpu"]
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(i)
            memory = props.total_memory / 2**30
            devices.append(f"cuda:{i} {props.name} ({memory:.0f} GiB)")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("mps")
    info = {"engine": "torch", "version": torch.__version__, "devices": devices,
            "threads": torch.get_num_threads()}
    if torch.version.cuda:
        info["cuda"] = torch.version.cuda
    if torch.backends.cudnn.is_available():
        info["cudnn"] = str(torch.backends.cudnn.version())
    return info
