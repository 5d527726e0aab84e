"""``Trainer``: compile / fit / evaluate / predict, engine-free.

The per-step work (forward, loss, backward, update) is the backend's ``train_step``; this
module runs the loops, the callbacks and the bookkeeping.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np

from cornu import backend, config
from cornu.layers.layer import _LOSS_HOLDERS, trainable_version  # noqa: E402
from cornu.trainers import array_data
from cornu.trainers.compile_utils import CompileLoss, CompileMetrics, pack_x_y_sample_weight
from cornu.trainers.data_adapters import loop_data
from cornu.utils import tree
from cornu.utils.legacy import warn_once

_BackendTrainer = backend.trainer_module().TorchTrainerMixin if backend.backend() == "torch" \
    else backend.trainer_module().TrainerMixin


class LazyLogs(Mapping):
    """Batch logs that read the metrics only when a callback looks at them."""

    def __init__(self, model):
        self._model = model

    def _values(self) -> dict:
        return self._model.get_metrics_result()

    def __getitem__(self, key):
        return self._values()[key]

    def __iter__(self):
        return iter(self._values())

    def __len__(self) -> int:
        return len(self._values())

    def __repr__(self) -> str:
        return repr(self._values())


class Trainer(_BackendTrainer):
    """Mixed into ``Model``: the training API."""

    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self._compile_loss = None
        self._compile_metrics = None
        self._compile_metrics_active = False
        self._loss_tracker = None
        self._lazy_logs = LazyLogs(self)
        self._step_cache = None
        self._scale_loss = False
        self.run_eagerly = False
        self.jit_compile = False
        self.steps_per_execution = 1

    # --- compile ----------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True, **kwargs):
        """Configures the model for training.

        Args:
            optimizer: an optimizer name ("sgd", "adam", ...) or object.
            loss: a loss name, function or object; a list or dict for several outputs.
            loss_weights: scalars weighting each output's loss.
            metrics: metric names/functions/objects ("accuracy", "mae", ...); per output as
                a list of lists or a dict.
            weighted_metrics: metrics that take ``sample_weight``/``class_weight`` into
                account.
            run_eagerly: accepted for compatibility; the torch backend always runs eagerly
                unless ``jit_compile=True``.
            jit_compile: True runs each step's forward pass and loss (and, through
                autograd, the backward pass) as compiled graphs (``torch.compile``),
                falling back to eager with a warning when compilation fails; False runs
                eagerly; "auto" (the default) is eager on the torch backend today.
            auto_scale_loss: wrap the optimizer in a ``LossScaleOptimizer`` when the
                model's dtype policy is "mixed_float16".
        """
        from cornu import optimizers

        for legacy in ("sample_weight_mode", "target_tensors", "distribute"):
            if legacy in kwargs:
                kwargs.pop(legacy)
                warn_once(f"compile.{legacy}", f"compile: `{legacy}` is ignored (Keras 1/2).")
        if kwargs:
            raise TypeError(f"compile: unexpected keyword argument(s) {sorted(kwargs)}.")
        self.optimizer = optimizers.get(optimizer)
        if (auto_scale_loss and self.optimizer is not None
                and self.dtype_policy.name == "mixed_float16"
                and not isinstance(self.optimizer, optimizers.LossScaleOptimizer)):
            self.optimizer = optimizers.LossScaleOptimizer(self.optimizer,
                                                           name="loss_scale_optimizer")
        self.loss = loss
        names = self._safe_output_names()
        self._compile_loss = CompileLoss(loss, loss_weights, names) if loss is not None else None
        self._compile_metrics = CompileMetrics(metrics, weighted_metrics, names, loss=loss)
        self._compile_metrics_active = bool(metrics or weighted_metrics)
        self._loss_tracker = self._make_loss_tracker("loss")
        self._output_loss_trackers = None
        self._step_cache = None
        self.run_eagerly = bool(run_eagerly)
        self.jit_compile = self._resolve_jit_compile(jit_compile)
        self.__dict__.pop("_jit_functions", None)
        self.steps_per_execution = steps_per_execution
        # The step multiplies the loss by the optimizer's scale only when there is one.
        self._scale_loss = isinstance(self.optimizer, optimizers.LossScaleOptimizer) or (
            getattr(self.optimizer, "loss_scale_factor", None) is not None)
        self.compiled = True
        if self.jit_compile and not self._jit_whole_step():
            self._compile_call()

    @staticmethod
    def _resolve_jit_compile(value) -> bool:
        if value == "auto":
            return backend.jit_module().resolve_auto()
        if not isinstance(value, bool):
            raise ValueError(
                f'compile: `jit_compile` must be True, False or "auto", got {value!r}.')
        if value and backend.jit_module() is None:
            warnings.warn("jit_compile=True: this backend has no compiler; running eagerly.",
                          stacklevel=3)
            return False
        if value:
            backend.jit_module().compile_mode()  # a bad CORNU_JIT_MODE fails here, not in fit
        return value

    def _safe_output_names(self) -> list:
        try:
            return list(self.output_names)
        except (AttributeError, TypeError):
            return []

    def _assert_compiled(self, what: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"You must call `model.compile(optimizer, loss)` before `model.{what}()`."
            )

    # --- losses and metrics ----------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The total loss of a batch: compiled loss(es) plus the layers' added losses."""
        total, parts = self._loss_and_parts(y, y_pred, sample_weight)
        if parts is not None:
            self._track_output_losses(parts)
        return total

    def _loss_and_parts(self, y, y_pred, sample_weight):
        """The total loss and the per-output losses (None for one output), untracked."""
        total = parts = None
        if self._compile_loss is not None and y is not None:
            total, parts = self._compile_loss(y, y_pred, sample_weight)
        extra = self._collect_layer_losses()
        if extra is not None:
            total = extra if total is None else total + extra
        if total is None:
            if self._compile_loss is not None and y is None:
                raise ValueError(
                    "The model was compiled with a loss, but no targets `y` were given. Pass "
                    "`y` to fit/evaluate (or data yielding (x, y))."
                )
            raise ValueError(
                "No loss to optimize: compile the model with `loss=...` or add losses with "
                "`self.add_loss()` in a layer."
            )
        return total, parts

    def _loss_for_step(self, x, y, y_pred, sample_weight, training):
        """``(loss, per-output losses still to track)``; a user's ``compute_loss`` tracks
        its own."""
        if type(self).compute_loss is Trainer.compute_loss:
            return self._loss_and_parts(y, y_pred, sample_weight)
        return self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight,
                                 training=training), None

    def _step_layers(self):
        if self._step_cache is None:
            layers = self._flatten_layers()
            regularized = [v for layer in layers for v in layer._own_variables
                           if v.regularizer is not None]
            self._step_cache = {
                "layers": layers,
                "regularized": regularized,
                "trainable": None,
                "version": None,
            }
        return self._step_cache

    def _collect_layer_losses(self):
        cache = self._step_layers()
        total = None
        for layer in cache["layers"]:
            if layer._call_losses:
                for value in layer._call_losses:
                    total = value if total is None else total + value
                layer._call_losses = []
                if not backend.is_compiling():
                    _LOSS_HOLDERS.discard(layer)
        for v in cache["regularized"]:
            if v.trainable:
                value = v.regularizer(v)
                total = value if total is None else total + value
        return total

    def _trainable_variables_for_step(self):
        cache = self._step_layers()
        if cache["version"] != trainable_version():
            cache["trainable"] = self.trainable_weights
            cache["version"] = trainable_version()
        return cache["trainable"]

    def _track_output_losses(self, parts) -> None:
        names = self._compile_loss.per_output_names
        if self._output_loss_trackers is None:
            self._output_loss_trackers = [self._make_loss_tracker(n) for n in names]
        for tracker, value in zip(self._output_loss_trackers, parts):
            if value is not None:
                tracker.update_state(value, 1)

    def _update_compiled_metrics(self, y, y_pred, sample_weight) -> None:
        self._compile_metrics.update_state(y, y_pred, sample_weight)

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics and returns the current results."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    @property
    def metrics(self) -> list:
        out = []
        if self._loss_tracker is not None:
            out.append(self._loss_tracker)
        if self._output_loss_trackers:
            out.extend(self._output_loss_trackers)
        if self._compile_metrics is not None:
            if self._compile_metrics.built:
                out.extend(self._compile_metrics.metrics)
            elif self._compile_metrics_active:
                out.append(self._compile_metrics)  # builds on its first update_state
        for layer in self._flatten_layers(include_self=False):
            out.extend(getattr(layer, "_tracked_metrics", []))
        return out

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.metrics]

    def reset_metrics(self) -> None:
        for m in self.metrics:
            m.reset_state()

    def get_metrics_result(self) -> dict:
        """Current value of every metric, as Python floats (dict name -> value)."""
        out = {}
        for m in self.metrics:
            value = m.result()
            if isinstance(value, dict):
                for k, v in value.items():
                    out[k] = _to_float(v)
            else:
                out[m.name] = _to_float(value)
        return out

    # --- data ------------------------------------------------------------------------------
    def _prepare_arrays(self, x, y, sample_weight, class_weight=None):
        return loop_data.prepare_arrays(x, y, sample_weight, class_weight)

    def _ensure_built_for(self, x) -> None:
        if not self.built:
            sample = array_data.take(x, slice(0, 1))
            self._run_no_grad(self.__call__, sample)

    # --- fit ------------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Trains the model on data for a number of epochs; returns a ``History``.

        Args:
            x: inputs: arrays, tensors, pandas objects, lists or dicts of them; or a
                generator, ``PyDataset``/``Sequence`` or torch ``DataLoader`` yielding
                ``(x, y)`` or ``(x, y, sample_weight)`` batches (then leave ``y`` unset).
            y: targets, for in-memory ``x``.
            batch_size: samples per step (default 32) for in-memory ``x``.
            epochs: the epoch to stop at (counting from ``initial_epoch``).
            verbose: 0 silent, 1 progress bar, 2 one line per epoch; "auto" is 1.
            callbacks: a list of ``Callback`` objects.
            validation_split: fraction of the (unshuffled) data held out for validation.
            validation_data: ``(x_val, y_val)`` or ``(x_val, y_val, sample_weight)``.
            shuffle: shuffle the training samples every epoch.
            class_weight: dict class index -> weight for the loss.
            sample_weight: per-sample weights for the loss.
            steps_per_epoch, validation_steps, validation_freq: as in Keras.
            workers, use_multiprocessing, max_queue_size: Keras 2 arguments, applied to a
                ``PyDataset``/``Sequence`` ``x`` (Keras 3 sets them on the data set).
        """
        if "nb_epoch" in kwargs:
            warn_once("fit.nb_epoch", "fit: `nb_epoch=` is the Keras 1 name; use `epochs=`.")
            epochs = kwargs.pop("nb_epoch")
        worker_args = loop_data.pop_worker_args(kwargs, "fit")
        if kwargs:
            raise TypeError(f"fit: unexpected keyword argument(s) {sorted(kwargs)}.")
        self._assert_compiled("fit")
        if batch_size is not None:
            _check_positive_int(batch_size, "batch_size", "fit")
        if config.max_epochs() is not None:  # keras.config.set_max_epochs: a global cap
            epochs = min(epochs, config.max_epochs())
        batches, val = loop_data.fit_data(
            self, x, y, sample_weight, class_weight, batch_size, shuffle, steps_per_epoch,
            epochs - initial_epoch, validation_split, validation_data, worker_args)
        try:
            return self._fit_loop(batches, val, epochs, initial_epoch, verbose, callbacks,
                                  batch_size, validation_batch_size, validation_steps,
                                  validation_freq, worker_args)
        finally:
            batches.close()

    def _fit_loop(self, batches, val, epochs, initial_epoch, verbose, callbacks, batch_size,
                  validation_batch_size, validation_steps, validation_freq, worker_args):
        verbose = 1 if verbose == "auto" else int(verbose)
        callback_list = self._callback_list(callbacks, verbose, epochs, batches.steps,
                                            add_history=True)
        self.stop_training = False
        if self.optimizer is not None and not self.optimizer.built:
            # As Keras: a custom train_step may call `optimizer.apply(grads)` alone.
            self.optimizer.build(self.trainable_variables)
        callback_list.on_train_begin()
        # A callback (BackupAndRestore) may move the start: an epoch, and a step within it.
        initial_epoch = self.__dict__.pop("_initial_epoch", None) or initial_epoch
        skip = self.__dict__.pop("_initial_step", 0)
        hooks = callback_list.needs_batch_hooks("train")
        eager_logs = callback_list.needs_batch_logs
        train_step = self.train_step
        max_steps = config.max_steps_per_epoch()
        epoch_logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            logs = None
            for step, batch in batches:
                if max_steps is not None and step >= max_steps:
                    break  # keras.config.set_max_steps_per_epoch
                if step < skip:
                    continue  # done before the run was interrupted
                if hooks:
                    callback_list.on_train_batch_begin(step)
                    logs = train_step(batch)
                    callback_list.on_train_batch_end(
                        step, _materialize(logs) if eager_logs else logs)
                else:
                    logs = train_step(batch)
                if self.stop_training:
                    break
            if logs is None and skip:
                logs = self._lazy_logs  # all of this epoch's steps were done before
            skip = 0
            if logs is None:
                if batches.ran_out and epoch > initial_epoch:
                    break  # a generator that ended: warned, training stops
                raise ValueError(
                    "fit: the training data produced no batches; check `x`, `batch_size` "
                    "and `steps_per_epoch`."
                )
            epoch_logs = _materialize(logs)
            if val is not None and _should_validate(epoch, validation_freq):
                val_logs = self._validate(val, validation_batch_size or batch_size,
                                          validation_steps, worker_args, callback_list)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training or batches.ran_out:
                break
        if getattr(self.optimizer, "use_ema", False):
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callback_list.on_train_end(epoch_logs)
        return self.history

    def _validate(self, val, batch_size, steps, worker_args, callbacks=None) -> dict:
        # Keras calls the on_test_* hooks of fit's callbacks around validation.
        kind, data = val
        if kind == "stream":
            return self.evaluate(data, steps=steps, verbose=0, callbacks=callbacks,
                                 return_dict=True, _internal=True, **worker_args)
        return self.evaluate(data[0], data[1], sample_weight=data[2], batch_size=batch_size,
                             steps=steps, verbose=0, callbacks=callbacks, return_dict=True,
                             _internal=True)

    def _callback_list(self, callbacks, verbose, epochs, steps, add_history=False):
        from cornu.callbacks import CallbackList

        if isinstance(callbacks, CallbackList):
            return callbacks
        return CallbackList(callbacks, add_history=add_history, add_progbar=verbose != 0,
                            model=self, verbose=verbose, epochs=epochs, steps=steps)

    # --- evaluate ---------------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        """Returns the loss and metric values of the model on data.

        Returns:
            A float (loss only), a list ``[loss, metric, ...]`` in ``metrics_names`` order,
            or a dict when ``return_dict=True``.
        """
        internal = kwargs.pop("_internal", False)
        worker_args = loop_data.pop_worker_args(kwargs, "evaluate")
        if kwargs:
            raise TypeError(f"evaluate: unexpected keyword argument(s) {sorted(kwargs)}.")
        self._assert_compiled("evaluate")
        if batch_size is not None:
            _check_positive_int(batch_size, "batch_size", "evaluate")
        batches = loop_data.eval_data(self, x, y, sample_weight, batch_size, steps, internal,
                                      worker_args)
        try:
            return self._evaluate_loop(batches, verbose, callbacks, return_dict, internal)
        finally:
            batches.close()

    def _evaluate_loop(self, batches, verbose, callbacks, return_dict, internal):
        verbose = 1 if verbose == "auto" else int(verbose)
        use_callbacks = callbacks or verbose
        callback_list = self._callback_list(callbacks, verbose, 1, batches.steps) \
            if use_callbacks else None
        saved = self._save_train_metric_state() if internal else None
        self.reset_metrics()
        if callback_list:
            callback_list.on_test_begin()
        hooks = bool(callback_list) and callback_list.needs_batch_hooks("test")
        logs = None
        for step, batch in batches:
            if hooks:
                callback_list.on_test_batch_begin(step)
            logs = self._run_no_grad(self.test_step, batch)
            if hooks:
                callback_list.on_test_batch_end(step, logs)
        result = _materialize(logs) if logs is not None else self.get_metrics_result()
        if callback_list:
            callback_list.on_test_end(result)
        if saved is not None:
            self._restore_train_metric_state(saved)
        if return_dict:
            return result
        values = list(result.values())
        return values[0] if len(values) == 1 else values

    def _save_train_metric_state(self):
        return None

    def _restore_train_metric_state(self, saved) -> None:
        return None

    # --- predict -------------------------------------------------------------------------------
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None,
                **kwargs):
        """Returns the model's outputs on ``x`` as NumPy arrays, batch by batch.

        ``x`` is in-memory data or a generator/``PyDataset``/``DataLoader`` (a batch's
        targets, if any, are ignored).
        """
        worker_args = loop_data.pop_worker_args(kwargs, "predict")
        if kwargs:
            raise TypeError(f"predict: unexpected keyword argument(s) {sorted(kwargs)}.")
        if batch_size is not None:
            _check_positive_int(batch_size, "batch_size", "predict")
        if (verbose == 0 and not callbacks and steps is None and type(x) is np.ndarray
                and x.ndim and 0 < len(x) <= (batch_size or 32)):
            # One silent batch of a NumPy array (a single-sample predict): the same result
            # as the loop below, without its batching and bookkeeping.
            return self._predict_one_batch(x)
        batches = loop_data.predict_data(x, batch_size, steps, worker_args)
        try:
            return self._predict_loop(batches, verbose, callbacks)
        finally:
            batches.close()

    def _predict_loop(self, batches, verbose, callbacks):
        verbose = 1 if verbose == "auto" else int(verbose)
        callback_list = self._callback_list(callbacks, verbose, 1, batches.steps) \
            if (callbacks or verbose) else None
        if callback_list:
            callback_list.on_predict_begin()
        outputs = []
        for step, batch in batches:
            if callback_list:
                callback_list.on_predict_batch_begin(step)
            out = self._run_no_grad(self.predict_step, batch)
            outputs.append(tree.map_structure(backend.convert_to_numpy, out))
            if callback_list:
                callback_list.on_predict_batch_end(step, {"outputs": out})
        if callback_list:
            callback_list.on_predict_end()
        if not outputs:
            raise ValueError("predict(): the data produced no batches; nothing to predict.")
        if len(outputs) == 1:
            return outputs[0]
        return tree.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)

    def find_learning_rate(self, x=None, y=None, **kwargs):
        """Sweeps the learning rate and suggests one; see ``cornu.callbacks.find_learning_rate``."""
        from cornu.callbacks.lr_finder import find_learning_rate

        return find_learning_rate(self, x, y, **kwargs)

    # --- single batches -----------------------------------------------------------------
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None,
                       return_dict=False):
        """One optimizer step on one batch; returns the running loss/metrics."""
        self._assert_compiled("train_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight, class_weight)
        self._ensure_built_for(x)
        logs = _materialize(self.train_step(pack_x_y_sample_weight(x, y, sample_weight)))
        return _format_logs(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss and metrics on one batch, without updating weights."""
        self._assert_compiled("test_on_batch")
        x, y, sample_weight = self._prepare_arrays(x, y, sample_weight)
        self._ensure_built_for(x)
        self.reset_metrics()
        logs = _materialize(self._run_no_grad(self.test_step,
                                                pack_x_y_sample_weight(x, y, sample_weight)))
        return _format_logs(logs, return_dict)

    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy arrays."""
        return self._predict_one_batch(x)

    def _predict_one_batch(self, x):
        x = array_data.to_device(array_data.standardize_structure(x, "x"))
        out = self._run_no_grad(self.predict_step, pack_x_y_sample_weight(x))
        return tree.map_structure(backend.convert_to_numpy, out)

    # --- Keras 1/2 names -------------------------------------------------------------------
    def predict_proba(self, x, batch_size=32, verbose=0):
        """Keras 1/2: the predicted probabilities (same as ``predict``)."""
        warn_once("predict_proba", "predict_proba() is Keras 1/2; use predict().")
        return self.predict(x, batch_size=batch_size, verbose=verbose)

    def predict_classes(self, x, batch_size=32, verbose=0):
        """Keras 1/2: class indices (argmax, or threshold 0.5 for a single sigmoid unit)."""
        warn_once("predict_classes", "predict_classes() is Keras 1/2; use "
                  "np.argmax(model.predict(x), axis=-1) (or > 0.5 for binary outputs).")
        proba = self.predict(x, batch_size=batch_size, verbose=verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")


def _check_positive_int(value, name, where) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{where}: `{name}` must be a positive integer, got {value!r}.")


def _to_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return backend.convert_to_numpy(value)


def _materialize(logs) -> dict:
    """Logs as Python floats; nested dicts (a ``compile_metrics`` result) are flattened."""
    if logs is None:
        return {}
    out = {}
    for key, value in dict(logs).items():
        if isinstance(value, Mapping):
            out.update(_materialize(value))
        else:
            out[key] = _to_float(value)
    return out


def _format_logs(logs: dict, return_dict: bool):
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _should_validate(epoch: int, freq) -> bool:
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return (epoch + 1) in freq
