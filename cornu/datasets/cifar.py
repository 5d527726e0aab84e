"""Reading the CIFAR "python version" batches without unpickling them."""

from __future__ import annotations

import os

import numpy as np

from cornu.backend.config import image_data_format
from cornu.datasets._common import corrupt
from cornu.datasets._safe_pickle import UnsafePickleError, loads


def load_batch(fpath: str, label_key: str = "labels"):
    """One CIFAR batch file as ``(data, labels)``: uint8 (N, 3, 32, 32) and a list of ints.

    Args:
        fpath: the batch file (a pickled dict), read with a parser that builds only data.
        label_key: "labels" (CIFAR-10), "fine_labels" or "coarse_labels" (CIFAR-100).

    Returns:
        The images in channels-first layout and their labels.
    """
    try:
        with open(fpath, "rb") as f:
            batch = loads(f.read(), encoding="bytes")
    except OSError as err:
        raise ValueError(f"Cannot read the CIFAR batch {fpath}: {err}.") from err
    except UnsafePickleError as err:
        raise ValueError(f"The CIFAR batch {fpath} is not plain data: {err}") from err
    if not isinstance(batch, dict):
        raise ValueError(f"The CIFAR batch {fpath} does not hold a dict.")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    data, labels = batch.get("data"), batch.get(label_key)
    if (not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2
            or data.shape[1] != 3 * 32 * 32 or not isinstance(labels, list)
            or len(labels) != len(data) or not all(isinstance(v, int) for v in labels)):
        raise ValueError(
            f"The CIFAR batch {fpath} does not hold uint8 'data' of shape (N, 3072) and N "
            f"integer '{label_key}'."
        )
    return data.reshape(len(data), 3, 32, 32), labels


def finish(x_train, y_train, x_test, y_test, label_dtype=None):
    """Labels as (N, 1) columns, images channels-last unless configured otherwise.

    Keras gives CIFAR-10 labels as uint8 and CIFAR-100 labels as int64; so do we.
    """
    y_train = np.asarray(y_train, dtype=label_dtype).reshape(-1, 1)
    y_test = np.asarray(y_test, dtype=label_dtype).reshape(-1, 1)
    if image_data_format() == "channels_last":
        x_train, x_test = x_train.transpose(0, 2, 3, 1), x_test.transpose(0, 2, 3, 1)
    return (x_train, y_train), (x_test, y_test)


def read_batches(folder: str, names, label_key: str, archive: str):
    """The batches ``names`` under ``folder``; a missing one means a broken extraction."""
    out = []
    for name in names:
        fpath = os.path.join(folder, name)
        if not os.path.isfile(fpath):
            raise corrupt(archive, f"CIFAR archive (it has no {name})")
        out.append(load_batch(fpath, label_key))
    return out
