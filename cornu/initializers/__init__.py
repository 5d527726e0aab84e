"""cornu.initializers: how a layer fills its weights when they are created.

An initializer is called as ``init(shape, dtype=None)`` and returns a tensor. Layers take one
as an instance, a class, or a name (``Dense(10, kernel_initializer="he_normal")``).

Example:
    >>> from cornu import initializers, ops
    >>> init = initializers.get("ones")
    >>> ops.convert_to_numpy(init((2,))).tolist()
    [1.0, 1.0]
"""

from cornu.initializers._constant_initializers import Constant as Constant
from cornu.initializers._constant_initializers import Identity as Identity
from cornu.initializers._constant_initializers import Ones as Ones
from cornu.initializers._constant_initializers import Zeros as Zeros
from cornu.initializers._initializer import Initializer as Initializer
from cornu.initializers._lookup import ALL_OBJECTS_DICT as ALL_OBJECTS_DICT
from cornu.initializers._lookup import deserialize as deserialize
from cornu.initializers._lookup import get as get
from cornu.initializers._lookup import serialize as serialize
from cornu.initializers._orthogonal import Orthogonal as Orthogonal
from cornu.initializers._random_initializers import RandomInitializer as RandomInitializer
from cornu.initializers._random_initializers import RandomNormal as RandomNormal
from cornu.initializers._random_initializers import RandomUniform as RandomUniform
from cornu.initializers._random_initializers import TruncatedNormal as TruncatedNormal
from cornu.initializers._stft import STFT as STFT
from cornu.initializers._variance_scaling import GlorotNormal as GlorotNormal
from cornu.initializers._variance_scaling import GlorotUniform as GlorotUniform
from cornu.initializers._variance_scaling import HeNormal as HeNormal
from cornu.initializers._variance_scaling import HeUniform as HeUniform
from cornu.initializers._variance_scaling import LecunNormal as LecunNormal
from cornu.initializers._variance_scaling import LecunUniform as LecunUniform
from cornu.initializers._variance_scaling import VarianceScaling as VarianceScaling
from cornu.initializers._variance_scaling import compute_fans as compute_fans

# Keras 3's snake_case aliases (each is the class itself) and the older spellings.
constant = Constant
zeros = Zeros
ones = Ones
identity = Identity
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
he_uniform = HeUniform
he_normal = HeNormal
lecun_uniform = LecunUniform
lecun_normal = LecunNormal
stft = STFT
IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT
normal = RandomNormal
uniform = RandomUniform
zero = Zeros
one = Ones
