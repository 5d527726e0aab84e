"""``cornu.optimizers.legacy``: the TF 2.11+ ``keras.optimizers.legacy`` names.

Keras 3 raises ImportError for these; cornu maps them to the current optimizers so that old
scripts run (the update rules are Keras 3's).

Example:
    >>> from cornu.optimizers import legacy
    >>> type(legacy.Adam(learning_rate=0.01)).__name__
    'Adam'
"""

from cornu.optimizers.adadelta import Adadelta as Adadelta
from cornu.optimizers.adagrad import Adagrad as Adagrad
from cornu.optimizers.adam import Adam as Adam
from cornu.optimizers.adamax import Adamax as Adamax
from cornu.optimizers.ftrl import Ftrl as Ftrl
from cornu.optimizers.nadam import Nadam as Nadam
from cornu.optimizers.optimizer import Optimizer as Optimizer
from cornu.optimizers.rmsprop import RMSprop as RMSprop
from cornu.optimizers.sgd import SGD as SGD
