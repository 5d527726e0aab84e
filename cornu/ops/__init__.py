"""cornu.ops: NumPy-like and neural-network ops that run on tensors, arrays and symbolic
tensors alike.

On values, each op is one call into the engine (torch). On ``KerasTensor`` inputs, it adds a
node to the functional graph and infers the output shape and dtype.

Example:
    >>> from cornu import ops
    >>> ops.convert_to_numpy(ops.add([1.0, 2.0], 3.0)).tolist()
    [4.0, 5.0]
"""

from cornu import backend as _backend
from cornu.ops.operation import make_op as _make_op

_NUMPY_OPS = (
    "abs absolute add all allclose amax amin any arange arccos arccosh arcsin arcsinh "
    "arctan arctan2 arctanh argmax argmin argsort array asarray astype average bincount "
    "broadcast_to ceil clip concatenate conj copy cos cosh count_nonzero cross cumprod "
    "cumsum diag diagonal digitize divide divide_no_nan dot einsum equal exp exp2 "
    "expand_dims expm1 eye flatten flip floor floor_divide full full_like getitem greater "
    "greater_equal hstack identity imag inner isclose isfinite isinf isnan less less_equal "
    "linspace log log10 log1p log2 logaddexp logical_and logical_not logical_or logical_xor "
    "logsumexp matmul max maximum mean meshgrid min minimum mod moveaxis multiply "
    "nan_to_num negative nonzero norm not_equal ones ones_like outer pad power prod ravel "
    "real reciprocal repeat reshape roll round rsqrt searchsorted "
    "segment_sum sign sin sinh size slice "
    "sort split sqrt square squeeze stack std subtract sum swapaxes take take_along_axis "
    "tan tanh tensordot tile top_k trace transpose tri tril triu true_divide trunc unique "
    "var vstack where zeros zeros_like"
).split()

_NN_OPS = (
    "batch_normalization binary_crossentropy categorical_crossentropy celu ctc_loss dropout "
    "elu gelu "
    "glu hard_shrink linear hard_sigmoid hard_silu hard_swish hard_tanh l2_normalize leaky_relu "
    "log_cosh log_sigmoid log_softmax mish moments multi_hot one_hot relu relu6 selu sigmoid "
    "silu soft_shrink softmax softplus softsign sparse_categorical_crossentropy sparse_plus "
    "sparse_sigmoid sparsemax squareplus swish tanh_shrink threshold"
).split()

# Per-family op lists (each family's owner edits only its own string).
_CONV_OPS = (
    "adaptive_average_pool adaptive_max_pool average_pool conv conv_transpose depthwise_conv "
    "max_pool separable_conv upsample"
).split()
_NORM_OPS = (
    "batch_norm_inference batch_norm_training embedding_lookup group_normalization "
    "layer_normalization normalize rms_normalization"
).split()
_RNN_OPS = "bidirectional_gru bidirectional_lstm dot_product_attention gru lstm rnn".split()

# Keras 3.15 ops added family by family; each list is edited only by its family's owner.
_NUMPY_EXTRA_OPS = (  # in backend.numpy
    "angle append argpartition array_split bartlett bitwise_and bitwise_invert "
    "bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor blackman cbrt "
    "conjugate corrcoef correlate deg2rad diagflat diff dsplit dstack empty empty_like fabs "
    "fliplr flipud fmax fmin fmod gcd geomspace get_item hamming hanning heaviside histogram "
    "hsplit hypot i0 isin isneginf isposinf isreal kaiser kron lcm ldexp left_shift logaddexp2 "
    "logspace median nanargmax nanargmin nancumprod nancumsum nanmax nanmean nanmedian nanmin "
    "nanpercentile nanprod nanquantile nanstd nansum nanvar ndim nextafter percentile ptp "
    "quantile rad2deg right_shift rot90 select signbit sinc slogdet trapezoid unravel_index "
    "vander vdot vectorize view vsplit"
).split()
_NN_EXTRA_OPS = (  # in backend.nn
    "ctc_decode depth_to_space fold polar psnr space_to_depth unfold"
).split()
_MATH_OPS = (  # in backend.math
    "cdist erf erfc erfinv extract_sequences fft fft2 ifft2 in_top_k irfft istft logdet "
    "rfft segment_max segment_min segment_prod stft view_as_complex view_as_real"
).split()
_LINALG_OPS = (  # in backend.linalg
    "cholesky cholesky_inverse det eig eigh inv jvp lstsq lu_factor matrix_rank pinv qr "
    "solve solve_triangular svd"
).split()
_CORE_OPS = (  # in backend.core_ops
    "associative_scan cond custom_gradient fori_loop map rearrange saturate_cast scan "
    "scatter scatter_update slice_update switch unstack vectorized_map while_loop"
).split()

for _name in _NUMPY_OPS + _NUMPY_EXTRA_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.numpy, _name))
for _name in _MATH_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.math, _name))
for _name in _LINALG_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.linalg, _name))
for _name in _CORE_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.core_ops, _name))
for _name in _NN_EXTRA_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.nn, _name))
for _name in _NN_OPS + _CONV_OPS + _NORM_OPS + _RNN_OPS:
    globals()[_name] = _make_op(_name, getattr(_backend.nn, _name))

# Ops that never see symbolic tensors go through unwrapped.
convert_to_tensor = _backend.convert_to_tensor
convert_to_numpy = _backend.convert_to_numpy
cast = _make_op("cast", _backend.cast)
stop_gradient = _make_op("stop_gradient", _backend.core.stop_gradient)


def shape(x):
    """The shape of ``x`` as a tuple (None for unknown dims of symbolic tensors)."""
    if isinstance(x, _backend.KerasTensor):
        return x.shape
    return tuple(x.shape)


def dtype(x):
    """The dtype name of ``x`` ("float32", ...)."""
    return _backend.standardize_dtype(x.dtype)


def is_tensor(x) -> bool:
    return _backend.is_tensor(x)


del _name

from cornu.ops import image as image  # noqa: E402  (ops.image.resize, ...)
from cornu.ops import linalg as linalg  # noqa: E402
from cornu.ops import nn as nn  # noqa: E402
from cornu.ops import numpy as numpy  # noqa: E402
