"""Keras 1/2 model methods: ``fit_generator``, ``evaluate_generator``, ``predict_generator``.

Keras 3 folded them into ``fit``/``evaluate``/``predict``, which take generators and
``PyDataset``/``Sequence`` objects directly. Keras 1 counted samples (``samples_per_epoch``,
``nb_val_samples``, ``val_samples``); they become steps here, using the size of the first
batch.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from cornu.utils import tree
from cornu.utils.legacy import warn_once

_WORKER_RENAMES = {"nb_worker": "workers", "pickle_safe": "use_multiprocessing",
                   "max_q_size": "max_queue_size"}


class LegacyModelMixin:
    """Mixed into ``cornu.Model``: the generator methods of Keras 1/2."""

    def fit_generator(self, generator: Any, steps_per_epoch: int | None = None,
                      epochs: int = 1, verbose: Any = 1, callbacks: Any = None,
                      validation_data: Any = None, validation_steps: int | None = None,
                      validation_freq: Any = 1, class_weight: dict | None = None,
                      max_queue_size: int | None = None, workers: int | None = None,
                      use_multiprocessing: bool | None = None, shuffle: bool = True,
                      initial_epoch: int = 0, **kwargs: Any) -> Any:
        """Keras 1/2: trains on batches from ``generator``; ``fit(generator, ...)`` in Keras 3.

        Also takes Keras 1's ``samples_per_epoch``, ``nb_epoch``, ``nb_val_samples``,
        ``nb_worker``, ``pickle_safe`` and ``max_q_size``.

        Returns:
            The ``History`` of ``fit``.
        """
        warn_once("fit_generator", "fit_generator() is the Keras 1/2 method; use fit(), "
                  "which takes generators and PyDataset objects directly.")
        epochs = _renamed(kwargs, "nb_epoch", "epochs", epochs, "fit_generator")
        workers_args = _worker_args(kwargs, "fit_generator", max_queue_size, workers,
                                    use_multiprocessing)
        samples = _renamed(kwargs, "samples_per_epoch", "steps_per_epoch", None, "fit_generator")
        val_samples = _renamed(kwargs, "nb_val_samples", "validation_steps", None,
                               "fit_generator")
        _no_more(kwargs, "fit_generator")
        if samples is not None:
            generator, steps_per_epoch = _samples_to_steps(generator, samples, steps_per_epoch)
        if val_samples is not None and validation_data is not None:
            if isinstance(validation_data, (tuple, list)):
                validation_steps = None  # arrays: every sample is used anyway
            else:
                validation_data, validation_steps = _samples_to_steps(
                    validation_data, val_samples, validation_steps)
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs,
                        verbose=verbose, callbacks=callbacks, validation_data=validation_data,
                        validation_steps=validation_steps, validation_freq=validation_freq,
                        class_weight=class_weight, shuffle=shuffle,
                        initial_epoch=initial_epoch, **workers_args)

    def evaluate_generator(self, generator: Any, steps: int | None = None,
                           callbacks: Any = None, max_queue_size: int | None = None,
                           workers: int | None = None, use_multiprocessing: bool | None = None,
                           verbose: Any = 0, **kwargs: Any) -> Any:
        """Keras 1/2: loss and metrics on batches from ``generator``; ``evaluate(generator)``.

        Also takes Keras 1's ``val_samples``, ``nb_worker``, ``pickle_safe``, ``max_q_size``.
        """
        return _run_generator(self.evaluate, "evaluate_generator", generator, steps, callbacks,
                              max_queue_size, workers, use_multiprocessing, verbose, kwargs)

    def predict_generator(self, generator: Any, steps: int | None = None,
                          callbacks: Any = None, max_queue_size: int | None = None,
                          workers: int | None = None, use_multiprocessing: bool | None = None,
                          verbose: Any = 0, **kwargs: Any) -> Any:
        """Keras 1/2: predictions for batches from ``generator``; ``predict(generator)``.

        Also takes Keras 1's ``val_samples``, ``nb_worker``, ``pickle_safe``, ``max_q_size``.
        """
        return _run_generator(self.predict, "predict_generator", generator, steps, callbacks,
                              max_queue_size, workers, use_multiprocessing, verbose, kwargs)


def legacy_model_io(inputs: Any, outputs: Any, kwargs: dict) -> tuple:
    """Keras 1's ``Model(input=..., output=...)``: returns ``(inputs, outputs)``."""
    for old, new in (("input", "inputs"), ("output", "outputs")):
        if old not in kwargs:
            continue
        value = kwargs.pop(old)
        current = inputs if new == "inputs" else outputs
        if current is not None:
            raise TypeError(f"Model: pass either `{old}` (Keras 1) or `{new}`, not both.")
        warn_once(f"Model.{old}", f"Model: `{old}=` is the Keras 1 name; use `{new}=`.")
        if new == "inputs":
            inputs = value
        else:
            outputs = value
    if inputs is None or outputs is None:
        raise TypeError(
            "Model(inputs, outputs): a functional model needs both `inputs` (from "
            "cornu.Input) and `outputs`."
        )
    return inputs, outputs


def _renamed(kwargs: dict, old: str, new: str, current: Any, where: str) -> Any:
    if old not in kwargs:
        return current
    warn_once(f"{where}.{old}", f"{where}: `{old}=` is the Keras 1 name; use `{new}=`"
              + (" (it counts batches, not samples)." if "samples" in old else "."))
    return kwargs.pop(old)


def _worker_args(kwargs: dict, where: str, max_queue_size: Any, workers: Any,
                 use_multiprocessing: Any) -> dict:
    found = {"max_queue_size": max_queue_size, "workers": workers,
             "use_multiprocessing": use_multiprocessing}
    for old, new in _WORKER_RENAMES.items():
        found[new] = _renamed(kwargs, old, new, found[new], where)
    return {k: v for k, v in found.items() if v is not None}


def _no_more(kwargs: dict, where: str) -> None:
    if kwargs:
        raise TypeError(f"{where}: unexpected keyword argument(s) {sorted(kwargs)}.")


def _samples_to_steps(data: Any, samples: int, steps: int | None) -> tuple:
    """Keras 1 counted samples; steps = ceil(samples / size of the first batch)."""
    if steps is not None:
        raise TypeError("Pass either a number of samples (Keras 1) or of steps, not both.")
    if hasattr(data, "__getitem__") and hasattr(data, "__len__"):
        first = data[0]
    else:
        data = iter(data)
        first = next(data)
        data = itertools.chain([first], data)
    x = first[0] if isinstance(first, tuple) else first
    leaves = tree.flatten(x)
    batch = int(leaves[0].shape[0]) if leaves and hasattr(leaves[0], "shape") else 1
    return data, max(1, math.ceil(samples / max(batch, 1)))


def _run_generator(method, name: str, generator, steps, callbacks, max_queue_size, workers,
                   use_multiprocessing, verbose, kwargs: dict):
    """``evaluate_generator``/``predict_generator``: warns once, maps the Keras 1/2
    arguments, and calls ``method`` (``evaluate`` or ``predict``) on the generator."""
    target = method.__name__
    warn_once(name, f"{name}() is the Keras 1/2 method; use {target}(), which takes "
              "generators and PyDataset objects directly.")
    workers_args = _worker_args(kwargs, name, max_queue_size, workers, use_multiprocessing)
    samples = _renamed(kwargs, "val_samples", "steps", None, name)
    _no_more(kwargs, name)
    if samples is not None:
        generator, steps = _samples_to_steps(generator, samples, steps)
    return method(generator, steps=steps, callbacks=callbacks, verbose=verbose, **workers_args)
