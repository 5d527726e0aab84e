"""cornu.constraints: projections applied to weights after each optimizer update.

Layers take them as ``kernel_constraint=`` and ``bias_constraint=``.

Example:
    >>> from cornu import constraints, ops
    >>> w = ops.convert_to_tensor([-1.0, 1.0])
    >>> ops.convert_to_numpy(constraints.get("non_neg")(w)).tolist()
    [0.0, 1.0]
"""

from cornu.constraints._constraints import Constraint as Constraint
from cornu.constraints._constraints import MaxNorm as MaxNorm
from cornu.constraints._constraints import MinMaxNorm as MinMaxNorm
from cornu.constraints._constraints import NonNeg as NonNeg
from cornu.constraints._constraints import UnitNorm as UnitNorm
from cornu.constraints._lookup import ALL_OBJECTS_DICT as ALL_OBJECTS_DICT
from cornu.constraints._lookup import LEGACY_NAMES as _LEGACY_NAMES
from cornu.constraints._lookup import deserialize as deserialize
from cornu.constraints._lookup import get as get
from cornu.constraints._lookup import legacy_constraint as _legacy_constraint
from cornu.constraints._lookup import serialize as serialize

# Keras 3's snake_case aliases: each is the class itself.
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm


def __getattr__(name: str) -> type:
    # Keras 1/2 spellings (`from keras.constraints import maxnorm`) warn once, then work.
    if name in _LEGACY_NAMES:
        return _legacy_constraint(name)
    raise AttributeError(f"module 'cornu.constraints' has no attribute {name!r}")
