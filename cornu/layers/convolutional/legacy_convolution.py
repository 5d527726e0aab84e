"""Keras 1/2 names of the convolution layers.

``Convolution1D/2D/3D`` build ``Conv1D/2D/3D`` layers (as in Keras 3, where they are
aliases) and also accept the Keras 1 signature, e.g. ``Convolution2D(nb_filter, nb_row,
nb_col, border_mode=..., subsample=..., init=...)``: ``Convolution2D(32, 3, 3)`` is 32
filters of 3x3. Each Keras 1 spelling warns once, naming the modern one.
"""

from __future__ import annotations

from cornu.layers.convolutional.conv1d import Conv1D
from cornu.layers.convolutional.conv1d_transpose import Conv1DTranspose
from cornu.layers.convolutional.conv2d import Conv2D
from cornu.layers.convolutional.conv2d_transpose import Conv2DTranspose
from cornu.layers.convolutional.conv3d import Conv3D
from cornu.layers.convolutional.conv3d_transpose import Conv3DTranspose
from cornu.layers.convolutional.separable_conv1d import SeparableConv1D
from cornu.layers.convolutional.separable_conv2d import SeparableConv2D
from cornu.utils.legacy import warn_once

Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D

_KERNEL_NAMES = {1: ("filter_length",), 2: ("nb_row", "nb_col"),
                 3: ("kernel_dim1", "kernel_dim2", "kernel_dim3")}
# Keras 1 positional parameters that followed the kernel size.
_TAIL_1D = ("init", "activation", "weights", "border_mode", "subsample_length",
            "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint",
            "b_constraint", "bias", "input_dim", "input_length")
_TAIL_ND = ("init", "activation", "weights", "border_mode", "subsample", "dim_ordering",
            "W_regularizer", "b_regularizer", "activity_regularizer", "W_constraint",
            "b_constraint", "bias")


def _is_keras1_positional(rank: int, args) -> bool:
    if rank == 1:  # Keras 1: (nb_filter, filter_length, init, ...); Keras 3: (.., strides)
        return len(args) >= 3 and not isinstance(args[2], (int, tuple, list))
    dims = args[1:rank + 1]
    return len(dims) == rank and all(isinstance(d, int) and not isinstance(d, bool)
                                     for d in dims)


def keras1_conv_args(owner: str, rank: int, args, kwargs) -> tuple:
    """Rewrites a Keras 1 ``Convolution{rank}D`` call into ``Conv{rank}D`` arguments."""
    args, kwargs = list(args), dict(kwargs)
    modern = f"Conv{rank}D(filters, kernel_size, strides=..., padding=...)"
    if "nb_filter" in kwargs:
        if args:
            raise TypeError(f"{owner}: pass the filter count once, not both positionally and "
                            "as `nb_filter=`.")
        warn_once(f"{owner}.nb_filter", f"{owner}: `nb_filter=` is the Keras 1 name; use "
                  "`filters=`.")
        args = [kwargs.pop("nb_filter")]
    names = _KERNEL_NAMES[rank]
    if _is_keras1_positional(rank, args):
        head = 2 if rank == 1 else rank + 1
        tail_names = _TAIL_1D if rank == 1 else _TAIL_ND
        tail = args[head:]
        if len(tail) > len(tail_names):
            raise TypeError(f"{owner}: too many positional arguments ({len(args)}).")
        for name, value in zip(tail_names, tail):
            if name in kwargs:
                raise TypeError(f"{owner}: got multiple values for argument `{name}`.")
            kwargs[name] = value
        dims = args[1:head]
        warn_once(f"{owner}.positional",
                  f"{owner}(nb_filter, {', '.join(names)}, ...) is the Keras 1 signature; use "
                  f"{modern}.")
        args = [args[0], dims[0] if rank == 1 else tuple(dims)]
    elif any(name in kwargs for name in names):
        given = args[1:]
        dims = list(given) + [kwargs.pop(n) for n in names[len(given):] if n in kwargs]
        if len(dims) != rank or any(n in kwargs for n in names):
            raise TypeError(
                f"{owner}: the Keras 1 kernel size needs all of {names}; got "
                f"{len(dims)} value(s). Prefer {modern}."
            )
        warn_once(f"{owner}.{names[0]}", f"{owner}: `{'/'.join(names)}=` are Keras 1 names; "
                  f"use kernel_size=.")
        args = [args[0], dims[0] if rank == 1 else tuple(dims)]
    return tuple(args), kwargs


def _construct(cls, alias, target, rank, args, kwargs):
    if cls is alias:
        args, kwargs = keras1_conv_args(alias.__name__, rank, args, kwargs)
        return target(*args, **kwargs)
    return target.__new__(cls, *args, **kwargs)


class Convolution1D(Conv1D):
    """``Conv1D`` under its Keras 1/2 name; also takes the Keras 1 signature
    ``Convolution1D(nb_filter, filter_length, init=..., border_mode=...,
    subsample_length=...)``. Calling it returns a ``Conv1D``.

    Example:
        >>> import cornu, warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     layer = cornu.layers.Convolution1D(nb_filter=8, filter_length=5)
        >>> type(layer).__name__, layer.filters, layer.kernel_size
        ('Conv1D', 8, (5,))
    """

    def __new__(cls, *args, **kwargs):
        return _construct(cls, Convolution1D, Conv1D, 1, args, kwargs)

    def __init__(self, *args, **kwargs):  # reached only by user subclasses
        args, kwargs = keras1_conv_args(type(self).__name__, 1, args, kwargs)
        super().__init__(*args, **kwargs)


class Convolution2D(Conv2D):
    """``Conv2D`` under its Keras 1/2 name; also takes the Keras 1 signature
    ``Convolution2D(nb_filter, nb_row, nb_col, border_mode=..., subsample=..., init=...)``.
    Calling it returns a ``Conv2D``.

    Example:
        >>> import cornu, warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     layer = cornu.layers.Convolution2D(32, 3, 3, border_mode="same")
        >>> type(layer).__name__, layer.filters, layer.kernel_size, layer.padding
        ('Conv2D', 32, (3, 3), 'same')
    """

    def __new__(cls, *args, **kwargs):
        return _construct(cls, Convolution2D, Conv2D, 2, args, kwargs)

    def __init__(self, *args, **kwargs):  # reached only by user subclasses
        args, kwargs = keras1_conv_args(type(self).__name__, 2, args, kwargs)
        super().__init__(*args, **kwargs)


class Convolution3D(Conv3D):
    """``Conv3D`` under its Keras 1/2 name; also takes the Keras 1 signature
    ``Convolution3D(nb_filter, kernel_dim1, kernel_dim2, kernel_dim3, ...)``. Calling it
    returns a ``Conv3D``.

    Example:
        >>> import cornu, warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     layer = cornu.layers.Convolution3D(4, 3, 3, 3)
        >>> type(layer).__name__, layer.kernel_size
        ('Conv3D', (3, 3, 3))
    """

    def __new__(cls, *args, **kwargs):
        return _construct(cls, Convolution3D, Conv3D, 3, args, kwargs)

    def __init__(self, *args, **kwargs):  # reached only by user subclasses
        args, kwargs = keras1_conv_args(type(self).__name__, 3, args, kwargs)
        super().__init__(*args, **kwargs)
