"""The error every loading and saving problem raises."""

from __future__ import annotations


class SavingError(ValueError):
    """A file or config cannot be saved or loaded: what was expected, what was found, and
    how to fix it. A ``ValueError``, so code catching Keras's ``ValueError`` still works.

    Example:
        >>> import cornu
        >>> try:
        ...     cornu.saving.load_model("missing.keras")
        ... except cornu.saving.SavingError as err:
        ...     "No file" in str(err)
        True
    """
