"""TensorBoard event files written with the ``tensorboard`` package (no TensorFlow).

Scalars are ``simple_value`` summaries, histograms ``HistogramProto``s and images PNGs:
the classic event format that TensorBoard and its ``EventAccumulator`` read.
"""

from __future__ import annotations

import struct
import time
import zlib
from typing import Any

import numpy as np


def _tensorboard():
    try:
        from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, types_pb2
        from tensorboard.summary.writer.event_file_writer import EventFileWriter
    except ImportError as error:
        raise ImportError(
            "The TensorBoard callback writes event files with the `tensorboard` package, "
            "which is not installed. Install it with `pip install tensorboard`."
        ) from error
    return event_pb2, summary_pb2, tensor_pb2, types_pb2, EventFileWriter


class SummaryWriter:
    """Appends summaries to one event file in ``log_dir`` (created on first use).

    Example:

    >>> import tempfile
    >>> writer = SummaryWriter(tempfile.mkdtemp())
    >>> writer.scalar("epoch_loss", 0.5, step=0)
    >>> writer.close()
    """

    def __init__(self, log_dir: str) -> None:
        self.log_dir = log_dir
        self._protos = _tensorboard()
        self._writer = None

    def _add(self, value: Any, step: int) -> None:
        event_pb2, summary_pb2 = self._protos[0], self._protos[1]
        if self._writer is None:
            self._writer = self._protos[4](self.log_dir)
        event = event_pb2.Event(
            wall_time=time.time(), step=int(step), summary=summary_pb2.Summary(value=[value])
        )
        self._writer.add_event(event)

    def scalar(self, tag: str, value: Any, step: int) -> None:
        """Writes one number."""
        summary_pb2 = self._protos[1]
        self._add(summary_pb2.Summary.Value(tag=tag, simple_value=float(value)), step)

    def histogram(self, tag: str, values: np.ndarray, step: int, buckets: int = 30) -> None:
        """Writes the distribution of ``values`` in ``buckets`` equal-width buckets."""
        summary_pb2 = self._protos[1]
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        values = values[np.isfinite(values)]
        if values.size == 0:
            low = high = 0.0
            counts, edges = np.zeros(1), np.array([0.0, 0.0])
        else:
            low, high = float(values.min()), float(values.max())
            counts, edges = np.histogram(values, bins=buckets if high > low else 1,
                                         range=(low, high) if high > low else (low, low + 1))
        histogram = summary_pb2.HistogramProto(
            min=low, max=high, num=float(values.size), sum=float(values.sum()),
            sum_squares=float(np.square(values).sum()),
            bucket_limit=[float(edge) for edge in edges[1:]],
            bucket=[float(count) for count in counts],
        )
        self._add(summary_pb2.Summary.Value(tag=tag, histo=histogram), step)

    def image(self, tag: str, pixels: np.ndarray, step: int) -> None:
        """Writes a 2-D array as a grayscale PNG, scaled to the 0-255 range."""
        summary_pb2 = self._protos[1]
        pixels = np.asarray(pixels, dtype=np.float64)
        low, high = float(pixels.min()), float(pixels.max())
        scaled = (pixels - low) / (high - low) if high > low else np.zeros_like(pixels)
        grey = np.round(scaled * 255).astype(np.uint8)
        image = summary_pb2.Summary.Image(
            height=grey.shape[0], width=grey.shape[1], colorspace=1,
            encoded_image_string=_png(grey),
        )
        self._add(summary_pb2.Summary.Value(tag=tag, image=image), step)

    def text_tensor(self, tag: str, text: str, plugin_name: str, step: int) -> None:
        """Writes a string tensor tagged for ``plugin_name`` (e.g. the model's JSON)."""
        _, summary_pb2, tensor_pb2, types_pb2, _ = self._protos
        metadata = summary_pb2.SummaryMetadata(
            plugin_data=summary_pb2.SummaryMetadata.PluginData(
                plugin_name=plugin_name, content=b"1")
        )
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING,
                                        string_val=[text.encode("utf-8")])
        self._add(summary_pb2.Summary.Value(tag=tag, metadata=metadata, tensor=tensor), step)

    def flush(self) -> None:
        if self._writer is not None:
            self._writer.flush()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _png(grey: np.ndarray) -> bytes:
    """A minimal 8-bit grayscale PNG of a 2-D uint8 array."""
    height, width = grey.shape
    raw = b"".join(b"\x00" + grey[row].tobytes() for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
