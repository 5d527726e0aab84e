"""Weight I/O of optimizers that wrap others (LossScaleOptimizer, MultiOptimizer): every
variable in ``self.variables`` order, the wrapper's own first, then the inner optimizers'."""

from __future__ import annotations

import warnings

from cornu import backend, ops


class WrapperVariablesIO:
    """``get_weights``/``set_weights`` and the ``.keras`` store hooks over ``variables``."""

    def get_weights(self) -> list:
        """The values of ``variables`` (the inner optimizers' included) as NumPy arrays."""
        return [backend.convert_to_numpy(v) for v in self.variables]

    def set_weights(self, weights) -> None:
        """Sets ``variables`` (the inner optimizers' included) from a list of arrays."""
        variables = self.variables
        if not self.built or len(weights) != len(variables):
            raise ValueError(
                f"{self.name}: set_weights() needs a built optimizer and one array per "
                f"variable ({len(variables)}); got {len(weights)} arrays"
                f"{'' if self.built else ' for an unbuilt optimizer'}."
            )
        for variable, weight in zip(variables, weights):
            if tuple(variable.shape) != tuple(weight.shape):
                raise ValueError(
                    f"{self.name}: variable {variable.path} has shape {tuple(variable.shape)}"
                    f", but the given weight has shape {tuple(weight.shape)}."
                )
        for variable, weight in zip(variables, weights):
            variable.assign(ops.reshape(ops.convert_to_tensor(weight), tuple(variable.shape)))

    def save_own_variables(self, store) -> None:
        """Writes ``variables`` (the wrapper's, then the inner optimizers') to ``store``."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = backend.convert_to_numpy(variable)

    def load_own_variables(self, store) -> None:
        """Reads back what ``save_own_variables`` wrote."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}': it has "
                f"{len(variables)} variables, the saved optimizer has {len(store.keys())}.",
                stacklevel=2,
            )
            return
        for i, variable in enumerate(variables):
            variable.assign(ops.reshape(ops.convert_to_tensor(store[str(i)]),
                                        tuple(variable.shape)))
