"""``DropoutRNNCell``: per-sequence dropout masks for recurrent cells."""

from __future__ import annotations

from cornu import backend, ops


class DropoutRNNCell:
    """Mixin for cells with ``dropout`` and ``recurrent_dropout`` rates.

    A mask is drawn on the first step of a sequence and reused on every later step (the
    "variational" dropout of recurrent networks); the ``RNN`` layer forgets the masks after
    each sequence. A cell that sets ``dropout_mask_count = n`` gets a list of ``n``
    independent masks (one per gate).
    """

    dropout_mask_count = None
    _dropout_mask = None
    _recurrent_dropout_mask = None
    _dropout_seed = None

    def _next_dropout_seed(self):
        if getattr(self, "seed", None) is None:
            return None
        if self._dropout_seed is None:
            self._dropout_seed = int(self.seed)
        self._dropout_seed += 1
        return self._dropout_seed

    def _create_dropout_mask(self, like, rate: float):
        ones = ops.ones_like(like)
        if self.dropout_mask_count is None:
            return backend.random.dropout(ones, rate, seed=self._next_dropout_seed())
        return [backend.random.dropout(ones, rate, seed=self._next_dropout_seed())
                for _ in range(self.dropout_mask_count)]

    def get_dropout_mask(self, step_input):
        """The input mask of the current sequence (drawn on first use); None if rate is 0."""
        if self._dropout_mask is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, step_state):
        """The recurrent-state mask of the current sequence; None if the rate is 0."""
        if self._recurrent_dropout_mask is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(
                step_state, self.recurrent_dropout)
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None
