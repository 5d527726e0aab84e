"""Test helpers: results of cornu ops and of real Keras ops as NumPy arrays (lists kept)."""

import numpy as np

from cornu import ops


def np_(x):
    if isinstance(x, (tuple, list)):
        return [np_(v) for v in x]
    return np.asarray(ops.convert_to_numpy(x))


def kn(x):
    import keras

    if isinstance(x, (tuple, list)):
        return [kn(v) for v in x]
    return np.asarray(keras.ops.convert_to_numpy(x))
