"""cornu.regularizers: weight penalties added to the loss.

Layers take them as ``kernel_regularizer=``, ``bias_regularizer=`` and
``activity_regularizer=``, as an instance or a name.

Example:
    >>> from cornu import regularizers
    >>> round(float(regularizers.get("l1")([1.0, -1.0])), 6)
    0.02
"""

from cornu.regularizers._lookup import ALL_OBJECTS_DICT as ALL_OBJECTS_DICT
from cornu.regularizers._lookup import deserialize as deserialize
from cornu.regularizers._lookup import get as get
from cornu.regularizers._lookup import serialize as serialize
from cornu.regularizers._regularizers import L1 as L1
from cornu.regularizers._regularizers import L1L2 as L1L2
from cornu.regularizers._regularizers import L2 as L2
from cornu.regularizers._regularizers import OrthogonalRegularizer as OrthogonalRegularizer
from cornu.regularizers._regularizers import Regularizer as Regularizer

# Keras 3's snake_case aliases: each is the class itself.
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer
