"""cornu.utils: data helpers, seeding, plotting and friends."""

from cornu.utils.numerical_utils import normalize as normalize
from cornu.utils.numerical_utils import to_categorical as to_categorical
from cornu.utils.progbar import Progbar as Progbar
from cornu.utils.rng_utils import set_random_seed as set_random_seed
