"""cornu.ops.nn: activations, losses, convolutions, pooling, attention (``keras.ops.nn``).

The same functions as in ``cornu.ops``, grouped as Keras groups them.
"""

from cornu import ops as _ops

_NAMES = """
    adaptive_average_pool adaptive_max_pool average_pool batch_normalization
    binary_crossentropy categorical_crossentropy celu conv conv_transpose ctc_decode
    ctc_loss depth_to_space depthwise_conv dot_product_attention elu fold gelu glu
    hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh layer_normalization leaky_relu
    log_sigmoid log_softmax max_pool moments multi_hot normalize one_hot polar psnr relu
    relu6 rms_normalization selu separable_conv sigmoid silu soft_shrink softmax softplus
    softsign space_to_depth sparse_categorical_crossentropy sparse_plus sparse_sigmoid
    sparsemax squareplus swish tanh_shrink threshold unfold
""".split()

globals().update({_name: getattr(_ops, _name) for _name in _NAMES})
__all__ = list(_NAMES)
