"""``cornu.random``: random draws on the engine (Keras's ``keras.random``).

Every function takes ``seed``: None draws from the global generator (repeatable after
``cornu.utils.set_random_seed``); an int gives the same values at every call; a
``SeedGenerator`` gives new, repeatable values at each call.

Example:
    >>> from cornu import random
    >>> a = random.normal((2, 3), seed=1)
    >>> b = random.normal((2, 3), seed=1)
    >>> bool((a == b).all())
    True
    >>> gen = random.SeedGenerator(7)
    >>> bool((random.uniform((4,), seed=gen) == random.uniform((4,), seed=gen)).all())
    False
"""

from __future__ import annotations

from cornu.random.random import beta as beta
from cornu.random.random import binomial as binomial
from cornu.random.random import categorical as categorical
from cornu.random.random import dropout as dropout
from cornu.random.random import gamma as gamma
from cornu.random.random import normal as normal
from cornu.random.random import randint as randint
from cornu.random.random import shuffle as shuffle
from cornu.random.random import truncated_normal as truncated_normal
from cornu.random.random import uniform as uniform
from cornu.random.seed_generator import SeedGenerator as SeedGenerator
