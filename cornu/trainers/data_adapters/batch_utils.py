"""Checking one batch from a generator, a ``PyDataset`` or a loader, and weighting it."""

from __future__ import annotations

import numpy as np

from cornu import backend
from cornu.trainers import array_data
from cornu.utils import tree

_EXPECTED = (
    "expected each batch to be `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`, where x, y "
    "and sample_weight are arrays or tensors (or lists/dicts of them for several inputs or "
    "outputs)"
)


def describe(obj, depth: int = 0) -> str:
    """A short description of a batch for error messages: types and shapes, no values."""
    if isinstance(obj, (tuple, list)) and depth < 2:
        inner = ", ".join(describe(e, depth + 1) for e in obj[:4])
        more = ", ..." if len(obj) > 4 else ""
        return f"{type(obj).__name__} of {len(obj)} [{inner}{more}]"
    if isinstance(obj, dict) and depth < 2:
        inner = ", ".join(f"{k!r}: {describe(v, depth + 1)}" for k, v in list(obj.items())[:4])
        return f"dict {{{inner}}}"
    shape = getattr(obj, "shape", None)
    if shape is not None:
        return f"{type(obj).__name__} {getattr(obj, 'dtype', '')} {tuple(shape)}".replace(
            "  ", " ")
    return type(obj).__name__


def standardize_batch(batch, index: int, source: str, class_weight=None) -> tuple:
    """Returns ``(x, y, sample_weight)`` with every leaf an array or tensor.

    Raises a ValueError that names the source, the batch number, the expected structure
    and what was received.
    """
    if isinstance(batch, list):
        batch = tuple(batch)
    if not isinstance(batch, tuple):
        batch = (batch,)
    fast = _fast_path(batch)
    if fast is not None:
        if class_weight is not None:
            x, y, sample_weight = fast
            return x, y, class_weight_to_sample_weight(class_weight, y, sample_weight)
        return fast
    if len(batch) not in (1, 2, 3):
        raise ValueError(
            f"{source}: batch {index} is a tuple of {len(batch)} elements; {_EXPECTED}. "
            f"Received: {describe(batch)}."
        )
    parts = list(batch) + [None] * (3 - len(batch))
    names = ("x", "y", "sample_weight")
    if parts[0] is None:
        raise ValueError(f"{source}: batch {index} has no inputs (x is None); {_EXPECTED}.")
    out = []
    for name, part in zip(names, parts):
        if part is None:
            out.append(None)
            continue
        try:
            out.append(array_data.standardize_structure(part, name))
        except (ValueError, TypeError) as error:
            raise ValueError(
                f"{source}: batch {index} has an unusable `{name}` ({describe(part)}); "
                f"{_EXPECTED}. Details: {error}"
            ) from None
    _check_sizes(out, index, source)
    x, y, sample_weight = out
    if class_weight is not None:
        sample_weight = class_weight_to_sample_weight(class_weight, y, sample_weight)
    return x, y, sample_weight


def _fast_path(batch: tuple):
    """``(x, y, sample_weight)`` when every part is a plain array with one batch size."""
    if not 1 <= len(batch) <= 3 or batch[0] is None:
        return None
    size = None
    for part in batch:
        if part is None:
            continue
        if type(part) is not np.ndarray and not backend.is_tensor(part):
            return None
        shape = part.shape
        if not shape or (size is not None and shape[0] != size):
            return None
        if type(part) is np.ndarray and part.dtype == object:
            return None
        size = shape[0]
    if size is None:
        return None
    return batch + (None,) * (3 - len(batch))


def _check_sizes(parts, index: int, source: str) -> None:
    sizes = []
    for name, part in zip(("x", "y", "sample_weight"), parts):
        if part is None:
            continue
        for leaf in tree.flatten(part):
            shape = getattr(leaf, "shape", ())
            if len(shape) == 0:
                raise ValueError(
                    f"{source}: batch {index} has a scalar in `{name}`; {_EXPECTED}, each "
                    "with the batch as first dimension."
                )
            sizes.append((name, int(shape[0])))
    if len({n for _, n in sizes}) > 1:
        detail = ", ".join(f"{name}: {n}" for name, n in sizes)
        raise ValueError(
            f"{source}: batch {index} mixes sample counts ({detail}); every array of a batch "
            "must have the same first dimension."
        )


def class_weight_to_sample_weight(class_weight, y, sample_weight=None):
    """Per-sample weights from a dict ``class index -> weight`` (times ``sample_weight``).

    Example:

    >>> import numpy as np
    >>> class_weight_to_sample_weight({0: 1.0, 1: 3.0}, np.array([0, 1, 1]))
    array([1., 3., 3.], dtype=float32)
    """
    if y is None:
        raise ValueError("class_weight=... needs targets `y`.")
    if isinstance(y, (list, tuple, dict)):
        raise ValueError(
            "class_weight=... is only supported for models with one output; use "
            "sample_weight per output instead."
        )
    if not isinstance(class_weight, dict):
        raise ValueError(
            f"class_weight: expected a dict mapping class index -> weight, got "
            f"{type(class_weight).__name__}."
        )
    y_np = backend.convert_to_numpy(y)
    if y_np.ndim > 1 and y_np.shape[-1] > 1:
        labels = y_np.argmax(axis=-1)
    else:
        labels = np.round(y_np.reshape(len(y_np), -1)[:, 0]).astype(np.int64)
    max_label = int(labels.max()) if len(labels) else 0
    table = np.ones(max(max_label + 1, max(int(k) for k in class_weight) + 1),
                    dtype=np.float32)
    for key, value in class_weight.items():
        table[int(key)] = float(value)
    weights = table[labels]
    if sample_weight is not None:
        weights = weights * backend.convert_to_numpy(sample_weight).reshape(len(weights))
    return weights
