"""LoRA (low-rank adaptation) for the layers that hold one big matrix: Dense, EinsumDense
and Embedding.

``enable_lora(rank)`` freezes the layer's matrix ``W`` and adds two small trainable factors
``A`` (``W.shape[:-1] + (rank,)``) and ``B`` (``(rank, W.shape[-1])``); the layer then
computes with ``W + (lora_alpha / rank) * A @ B``. ``B`` starts at zero, so enabling LoRA does
not change the layer's output. Saving writes the merged matrix under the layer's usual
variable names (as Keras does), so the file loads into a plain layer too.
"""

from __future__ import annotations

import numpy as np

from cornu import initializers, ops


class LoraMixin:
    """Adds ``enable_lora`` to a layer whose matrix is the attribute ``_lora_target``."""

    _lora_target = "kernel"
    _lora_names = ("lora_kernel_a", "lora_kernel_b")

    def _init_lora(self, lora_rank, lora_alpha) -> None:
        if lora_rank is not None and (not isinstance(lora_rank, int)
                                      or isinstance(lora_rank, bool) or lora_rank <= 0):
            raise ValueError(f"{type(self).__name__}: `lora_rank` must be a positive integer "
                             f"or None, got lora_rank={lora_rank!r}.")
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False

    def _build_lora_if_asked(self) -> None:
        if self.lora_rank and not self.lora_enabled:
            self.enable_lora(self.lora_rank, lora_alpha=self.lora_alpha)

    def enable_lora(self, rank, lora_alpha=None, a_initializer="he_uniform",
                    b_initializer="zeros") -> None:
        """Freezes the layer's matrix and trains a rank-``rank`` update ``A @ B`` instead.

        Args:
            rank: the rank of the update (a positive integer).
            lora_alpha: the update is scaled by ``lora_alpha / rank`` (default: ``rank``,
                i.e. a scale of 1).
            a_initializer, b_initializer: initializers of ``A`` and ``B`` (``B`` at zero
                keeps the layer's output unchanged at first).
        """
        name = f"{type(self).__name__} '{self.name}'"
        if getattr(self, f"{self._lora_target}_constraint", None) is not None:
            raise ValueError(f"{name}: LoRA cannot be combined with a constraint on "
                             f"`{self._lora_target}`; remove that constraint first.")
        if not self.built:
            raise ValueError(f"{name}: build the layer (call it once, or `layer.build(shape)`) "
                             "before enable_lora().")
        if self.lora_enabled:
            raise ValueError(f"{name}: LoRA is already enabled; it can be enabled only once.")
        if not isinstance(rank, int) or isinstance(rank, bool) or rank <= 0:
            raise ValueError(f"{name}: enable_lora `rank` must be a positive integer, got "
                             f"{rank!r}.")
        base = getattr(self, self._lora_target)
        shape = tuple(base.shape)
        regularizer = getattr(self, f"{self._lora_target}_regularizer", None)
        a = self.add_weight(name=self._lora_names[0], shape=(*shape[:-1], rank),
                            initializer=initializers.get(a_initializer), dtype="float32",
                            regularizer=regularizer)
        b = self.add_weight(name=self._lora_names[1], shape=(rank, shape[-1]),
                            initializer=initializers.get(b_initializer), dtype="float32",
                            regularizer=regularizer)
        setattr(self, self._lora_names[0], a)
        setattr(self, self._lora_names[1], b)
        base.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _lora_matrix(self):
        """The matrix to compute with: the base one, plus the scaled update under LoRA."""
        base = getattr(self, self._lora_target)
        if not self.lora_enabled:
            return base
        a, b = (getattr(self, n) for n in self._lora_names)
        merged = base + (self.lora_alpha / self.lora_rank) * ops.matmul(a, b)
        if ops.dtype(merged) != self.compute_dtype:
            merged = ops.cast(merged, self.compute_dtype)
        return merged

    @property
    def _default_variable_io(self) -> bool:
        """Without LoRA on (and no subclass hooks), saving takes the default path."""
        cls = type(self)
        return (not getattr(self, "lora_enabled", False)
                and cls.save_own_variables is LoraMixin.save_own_variables
                and cls.load_own_variables is LoraMixin.load_own_variables)

    def _lora_config(self, config: dict) -> dict:
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config

    def _own_trainable_first(self) -> list:
        own = super()._own_trainable_first()
        if not getattr(self, "lora_enabled", False):
            return own
        base = getattr(self, self._lora_target)
        return [v for v in self._own_variables if v.trainable or v is base] + [
            v for v in self._own_variables if not v.trainable and v is not base]

    def _saved_variables(self) -> list:
        lora = {id(getattr(self, n)) for n in self._lora_names}
        return [v for v in self._own_trainable_first() if id(v) not in lora]

    def save_own_variables(self, store) -> None:
        """Writes the layer's variables; under LoRA the matrix is saved merged."""
        if not self.lora_enabled:
            return super().save_own_variables(store)
        base = getattr(self, self._lora_target)
        for i, v in enumerate(self._saved_variables()):
            store[str(i)] = ops.convert_to_numpy(self._lora_matrix()) if v is base else v
        return None

    def load_own_variables(self, store) -> None:
        """Reads the variables back (checking every shape first); under LoRA the loaded
        matrix is the new base and the update restarts at zero."""
        if not self.lora_enabled:
            return super().load_own_variables(store)
        targets = self._saved_variables()
        if len(store.keys()) != len(targets):
            raise ValueError(
                f"Layer '{self.name}' expects {len(targets)} saved variables, the file has "
                f"{len(store.keys())}.")
        values = [np.asarray(store[str(i)]) for i in range(len(targets))]
        for v, value in zip(targets, values):
            if tuple(value.shape) != tuple(v.shape):
                raise ValueError(
                    f"Layer '{self.name}': the saved variable {v.name} has shape "
                    f"{tuple(value.shape)}, the layer's has {tuple(v.shape)}.")
        for v, value in zip(targets, values):
            v.assign(value)
        for n in self._lora_names:
            v = getattr(self, n)
            v.assign(np.zeros(tuple(v.shape), "float32"))
        return None
