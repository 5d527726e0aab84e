"""The saving half of ``Model``: ``save``, ``save_weights``, ``load_weights``, ``to_json``,
and the build/compile configs a saved model carries."""

from __future__ import annotations

import warnings


class ModelSavingMixin:
    """Mixed into ``Model``: saving, loading, and the configs that make a reload complete."""

    def save(self, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
        """Saves the model (architecture, weights, optimizer state, training config).

        Args:
            filepath: ``*.keras`` (Keras 3 format, readable by Keras) or ``*.h5`` (the
                Keras 2 HDF5 format, for older tools).
            overwrite: False refuses to replace an existing file.
            zipped: accepted for Keras compatibility.
            **kwargs: ``include_optimizer`` for ``.h5`` files.

        The file is written to a temporary name and renamed into place, so an interrupted
        save leaves the previous file intact.

        Example:
            >>> import os, tempfile, cornu
            >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
            >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
            >>> model.save(path)
            >>> os.path.exists(path)
            True
        """
        from cornu.saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite: bool = True, max_shard_size=None) -> None:
        """Saves only the weights, to ``*.weights.h5`` (or a Keras 2 style ``*.h5``).

        Example:
            >>> import os, tempfile, cornu
            >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
            >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
            >>> model.save_weights(path)
            >>> model.load_weights(path)
        """
        from cornu.saving.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch: bool = False, **kwargs) -> None:
        """Loads weights from a ``.weights.h5``, ``.keras`` or Keras 2 ``.h5`` file.

        Args:
            filepath: the file.
            skip_mismatch: True skips (with a warning) the layers whose saved weights do not
                fit, instead of raising; otherwise a mismatch changes no weight.
            **kwargs: ``by_name=True`` matches layers by name (Keras 2 ``.h5`` files only).
        """
        from cornu.saving.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs) -> str:
        """The model's architecture as a JSON string (Keras 3 format).

        Args:
            **kwargs: passed to ``json.dumps`` (e.g. ``indent=2``).

        Example:
            >>> import cornu
            >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
            >>> clone = cornu.models.model_from_json(model.to_json())
            >>> clone.output_shape
            (None, 2)
        """
        from cornu.saving import keras_format
        from cornu.saving.serialization import serialize_keras_object

        return keras_format.dumps(serialize_keras_object(self), **kwargs)

    # --- pickle / copy.deepcopy -----------------------------------------------------------
    def __reduce__(self):
        """Pickles the model as the bytes of its ``.keras`` file (as Keras 3 does): the copy
        has the same weights, training config and optimizer state.

        Example:
            >>> import pickle, cornu
            >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
            >>> pickle.loads(pickle.dumps(model)).output_shape
            (None, 2)
        """
        from cornu.saving.pickling import reduce_model

        return reduce_model(self)

    def __deepcopy__(self, memo):
        from cornu.saving.pickling import deepcopy_model

        copied = deepcopy_model(self)
        memo[id(self)] = copied
        return copied

    # --- build config -------------------------------------------------------------------
    def _run_build(self, *args, **kwargs) -> None:
        super()._run_build(*args, **kwargs)
        if args:
            self._build_shapes_dict = {"input_shape": args[0]}
        elif kwargs:
            self._build_shapes_dict = dict(kwargs)

    def get_build_config(self) -> dict | None:
        """The input shape the model was built for (None when it is built by its graph)."""
        from cornu.models.functional import Functional
        from cornu.models.sequential import Sequential

        if isinstance(self, Functional):
            return None
        if isinstance(self, Sequential):
            inputs = self.inputs
            return {"input_shape": list(inputs[0].shape)} if inputs else None
        shapes = getattr(self, "_build_shapes_dict", None)
        if not self.built or not shapes:
            return None
        if len(shapes) == 1:
            return {"input_shape": next(iter(shapes.values()))}
        return {"shapes_dict": dict(shapes)}

    def build_from_config(self, config) -> None:
        """Builds the model from ``get_build_config`` output (its variables appear)."""
        from cornu.saving.build_config import as_shape

        if not config or self.built:
            return
        try:
            if config.get("input_shape") is not None:
                self.build(as_shape(config["input_shape"]))
            elif isinstance(config.get("shapes_dict"), dict):
                self.build(**{k: as_shape(v) for k, v in config["shapes_dict"].items()})
            else:
                return
        except Exception as err:  # noqa: BLE001 - reported; the model stays unbuilt
            warnings.warn(
                f"Model '{self.name}' has a build config ({config}) but could not be built "
                f"from it ({type(err).__name__}: {err}). Implement `build(input_shape)` or "
                "`build_from_config(config)`; its weights cannot load until it is built.",
                stacklevel=2,
            )
            return
        self.built = True
        self._build_shapes_dict = dict(config.get("shapes_dict") or {
            "input_shape": config["input_shape"]})

    # --- compile config -----------------------------------------------------------------
    def get_compile_config(self) -> dict | None:
        """The arguments ``compile`` was called with, serialized (None if not compiled)."""
        from cornu.saving.serialization import serialize_keras_object

        if not getattr(self, "compiled", False):
            return None
        loss = getattr(self, "_compile_loss", None)
        metrics = getattr(self, "_compile_metrics", None)
        config = {
            "optimizer": self.optimizer,
            "loss": getattr(loss, "_config", None),
            "loss_weights": getattr(loss, "_loss_weights", None),
            "metrics": getattr(metrics, "_metrics_config", None),
            "weighted_metrics": getattr(metrics, "_weighted_config", None),
            "run_eagerly": bool(getattr(self, "run_eagerly", False)),
            "steps_per_execution": getattr(self, "steps_per_execution", 1),
            "jit_compile": bool(getattr(self, "jit_compile", False)),
        }
        return serialize_keras_object(config)

    def compile_from_config(self, config) -> None:
        """Compiles the model from ``get_compile_config`` output and builds the optimizer,
        so that its saved state can be loaded."""
        from cornu.saving.serialization import deserialize_keras_object
        from cornu.trainers.trainer import Trainer

        if type(self).compile is not Trainer.compile:
            warnings.warn(
                f"Model '{self.name}' overrides compile(), so its saved training config was "
                "not restored. Call `model.compile(...)` yourself after loading.",
                stacklevel=2,
            )
            return
        if not isinstance(config, dict):
            return
        config = deserialize_keras_object(config)
        allowed = ("optimizer", "loss", "loss_weights", "metrics", "weighted_metrics",
                   "run_eagerly", "steps_per_execution", "jit_compile")
        self.compile(**{k: v for k, v in config.items() if k in allowed})
        if self.built and self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)
