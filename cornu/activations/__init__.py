"""cornu.activations: element-wise (and per-axis) activation functions.

Layers take an activation as a name (``Dense(10, activation="softmax")``), a function, or
None; ``get`` turns any of these into a callable.

Example:
    >>> from cornu import activations, ops
    >>> ops.convert_to_numpy(activations.get("relu")([-1.0, 2.0])).tolist()
    [0.0, 2.0]
"""

from cornu.activations._lookup import ALL_OBJECTS_DICT as ALL_OBJECTS_DICT
from cornu.activations._lookup import deserialize as deserialize
from cornu.activations._lookup import get as get
from cornu.activations._lookup import serialize as serialize
from cornu.activations._normalizing import glu as glu
from cornu.activations._normalizing import log_softmax as log_softmax
from cornu.activations._normalizing import softmax as softmax
from cornu.activations._normalizing import sparsemax as sparsemax
from cornu.activations._rectifiers import celu as celu
from cornu.activations._rectifiers import elu as elu
from cornu.activations._rectifiers import exponential as exponential
from cornu.activations._rectifiers import gelu as gelu
from cornu.activations._rectifiers import hard_silu as hard_silu
from cornu.activations._rectifiers import leaky_relu as leaky_relu
from cornu.activations._rectifiers import linear as linear
from cornu.activations._rectifiers import mish as mish
from cornu.activations._rectifiers import relu as relu
from cornu.activations._rectifiers import relu6 as relu6
from cornu.activations._rectifiers import selu as selu
from cornu.activations._rectifiers import silu as silu
from cornu.activations._rectifiers import softplus as softplus
from cornu.activations._rectifiers import sparse_plus as sparse_plus
from cornu.activations._rectifiers import squareplus as squareplus
from cornu.activations._rectifiers import threshold as threshold
from cornu.activations._squashing import hard_shrink as hard_shrink
from cornu.activations._squashing import hard_sigmoid as hard_sigmoid
from cornu.activations._squashing import hard_tanh as hard_tanh
from cornu.activations._squashing import log_sigmoid as log_sigmoid
from cornu.activations._squashing import sigmoid as sigmoid
from cornu.activations._squashing import soft_shrink as soft_shrink
from cornu.activations._squashing import softsign as softsign
from cornu.activations._squashing import sparse_sigmoid as sparse_sigmoid
from cornu.activations._squashing import tanh as tanh
from cornu.activations._squashing import tanh_shrink as tanh_shrink

swish = silu
hard_swish = hard_silu
