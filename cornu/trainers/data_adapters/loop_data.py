"""The data side of ``fit``/``evaluate``/``predict``: one adapter per call, checked args."""

from __future__ import annotations

import warnings

from cornu.trainers import array_data
from cornu.trainers.compile_utils import unpack_x_y_sample_weight
from cornu.trainers.data_adapters import (
    array_adapter,
    check_supported,
    is_stream,
    stream_adapter,
)
from cornu.trainers.data_adapters.batch_utils import class_weight_to_sample_weight
from cornu.utils.legacy import warn_once

WORKER_ARGS = ("workers", "use_multiprocessing", "max_queue_size")


def pop_worker_args(kwargs: dict, where: str) -> dict:
    """Keras 2's ``workers``/``use_multiprocessing``/``max_queue_size`` loop arguments."""
    found = {name: kwargs.pop(name) for name in WORKER_ARGS if name in kwargs}
    if found:
        warn_once(
            f"{where}.workers",
            f"{where}(): {sorted(found)} are Keras 2 arguments; in Keras 3 they are set on the "
            "PyDataset (`super().__init__(workers=..., use_multiprocessing=..., "
            "max_queue_size=...)`). cornu applies them to this call's PyDataset/Sequence.",
        )
    return found


def prepare_arrays(x, y, sample_weight, class_weight=None):
    """In-memory data, checked and on the device: ``(x, y, sample_weight)``."""
    check_supported(x, "fit")
    x = array_data.standardize_structure(x, "x")
    y = array_data.standardize_structure(y, "y") if y is not None else None
    sample_weight = (array_data.standardize_structure(sample_weight, "sample_weight")
                     if sample_weight is not None else None)
    array_data.num_samples((x, y, sample_weight), ("x", "y", "sample_weight"))
    if class_weight is not None:
        sample_weight = class_weight_to_sample_weight(class_weight, y, sample_weight)
    return (array_data.to_device(x), array_data.to_device(y),
            array_data.to_device(sample_weight))


def _reject_for_stream(x, where: str, **given) -> None:
    kind = type(x).__name__
    for name, value in given.items():
        if value is not None:
            raise ValueError(
                f"{where}(): `{name}` cannot be used when `x` is a {kind} (a generator, "
                "PyDataset or DataLoader): the data itself yields `(x, y, sample_weight)` "
                f"batches. Remove `{name}`, or pass arrays instead of the {kind}."
            )


def _ignore_batch_size(x, batch_size, where: str) -> None:
    if batch_size is not None:
        warnings.warn(
            f"{where}(): `batch_size` is ignored when `x` is a {type(x).__name__} (a "
            "generator, PyDataset or DataLoader): its batches keep their own size.",
            stacklevel=4,
        )


def fit_data(model, x, y, sample_weight, class_weight, batch_size, shuffle, steps_per_epoch,
             epochs, validation_split, validation_data, worker_args):
    """Returns ``(batches, validation)``; ``validation`` is ``None``, ``("arrays",
    (x, y, sample_weight))`` or ``("stream", data)``. The model is built on a first batch.
    """
    if is_stream(x):
        _reject_for_stream(x, "fit", y=y, sample_weight=sample_weight,
                           validation_split=validation_split or None)
        _ignore_batch_size(x, batch_size, "fit")
        batches = stream_adapter(x, "fit", steps_per_epoch, epochs, shuffle, class_weight,
                                 **worker_args)
        _build_from_first_batch(model, batches, "fit")
        return batches, _validation(validation_data)
    x, y, sample_weight = prepare_arrays(x, y, sample_weight, class_weight)
    val = _validation(validation_data)
    if val is None and validation_split:
        (x, y, sample_weight), arrays = array_data.split_validation(
            (x, y, sample_weight), validation_split)
        val = ("arrays", arrays)
    batches = array_adapter(x, y, sample_weight, batch_size or 32, shuffle, steps_per_epoch)
    model._ensure_built_for(x)
    return batches, val


def _validation(validation_data):
    if validation_data is None:
        return None
    if is_stream(validation_data):
        return ("stream", validation_data)
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
        raise ValueError(
            "fit(validation_data=...): expected `(x_val, y_val)`, `(x_val, y_val, "
            "sample_weight)`, a generator, a PyDataset or a DataLoader; got "
            f"{type(validation_data).__name__}"
            + (f" of {len(validation_data)} elements." if isinstance(
                validation_data, (tuple, list)) else ".")
        )
    vx, vy, vsw = unpack_x_y_sample_weight(tuple(validation_data))
    return ("arrays", prepare_arrays(vx, vy, vsw))


def eval_data(model, x, y, sample_weight, batch_size, steps, prepared, worker_args):
    """The batches of ``evaluate`` (``prepared``: arrays already on the device)."""
    if is_stream(x):
        _reject_for_stream(x, "evaluate", y=y, sample_weight=sample_weight)
        _ignore_batch_size(x, batch_size, "evaluate")
        batches = stream_adapter(x, "evaluate", steps, **worker_args)
        _build_from_first_batch(model, batches, None)
        return batches
    if not prepared:
        x, y, sample_weight = prepare_arrays(x, y, sample_weight)
    batches = array_adapter(x, y, sample_weight, batch_size or 32, False, steps)
    model._ensure_built_for(x)
    return batches


def predict_data(x, batch_size, steps, worker_args):
    """The batches of ``predict``."""
    if is_stream(x):
        _ignore_batch_size(x, batch_size, "predict")
        return stream_adapter(x, "predict", steps, **worker_args)
    check_supported(x, "predict")
    x = array_data.to_device(array_data.standardize_structure(x, "x"))
    return array_adapter(x, None, None, batch_size or 32, False, steps)


def _build_from_first_batch(model, batches, where) -> None:
    first = batches.peek()
    if first is None:
        if where is not None:
            batches.close()
            raise ValueError(
                f"{where}(): the data ({batches.source.kind}) produced no batches; check that "
                "it yields at least one batch (and `steps_per_epoch`)."
            )
        return
    model._ensure_built_for(unpack_x_y_sample_weight(first)[0])
