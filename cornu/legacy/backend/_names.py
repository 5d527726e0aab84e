"""Which Keras 2 ``keras.backend`` names cornu serves, and their Keras 3 spelling.

Plain data (no imports), so that ``cornu.backend`` can check a name cheaply.
"""

# Keras 2 names that are the same function in cornu.ops (same arguments and defaults).
OPS_ALIASES = {
    "abs": "abs", "square": "square", "exp": "exp", "log": "log", "round": "round",
    "sign": "sign", "sin": "sin", "cos": "cos", "equal": "equal", "not_equal": "not_equal",
    "greater": "greater", "greater_equal": "greater_equal", "less": "less",
    "less_equal": "less_equal", "maximum": "maximum", "minimum": "minimum",
    "reshape": "reshape", "transpose": "transpose", "squeeze": "squeeze", "stack": "stack",
    "tile": "tile", "cast": "cast", "sigmoid": "sigmoid",
    "tanh": "tanh", "softplus": "softplus", "softsign": "softsign",
}

# Keras 2 name -> the module of cornu.legacy.backend that implements it.
IMPLEMENTED = {
    "_math": (
        "sum prod mean max min std var any all logsumexp cumsum cumprod argmax argmin sqrt pow "
        "clip dot batch_dot l2_normalize"
    ),
    "_shape": (
        "shape int_shape ndim dtype count_params permute_dimensions concatenate expand_dims "
        "gather flatten batch_flatten repeat repeat_elements reverse arange one_hot "
        "cast_to_floatx zeros_like ones_like identity is_tensor is_sparse to_dense stop_gradient"
    ),
    "_variables": (
        "variable constant zeros ones eye random_normal_variable random_uniform_variable "
        "placeholder eval get_value batch_get_value set_value batch_set_value update "
        "update_add update_sub moving_average_update print_tensor random_normal "
        "random_uniform truncated_normal random_binomial dropout"
    ),
    "_nn": (
        "relu elu softmax hard_sigmoid categorical_crossentropy "
        "sparse_categorical_crossentropy binary_crossentropy batch_normalization bias_add "
        "in_top_k"
    ),
    "_graph": (
        "learning_phase set_learning_phase switch in_train_phase in_test_phase function "
        "gradients image_dim_ordering set_image_dim_ordering get_session set_session "
        "manual_variable_initialization map_fn reset_uids"
    ),
}

# Names Keras 3's ``keras.backend`` still has: served without a deprecation warning.
KERAS3_NAMES = {
    "backend", "clear_session", "epsilon", "floatx", "set_epsilon", "set_floatx",
    "image_data_format", "set_image_data_format", "is_keras_tensor", "get_uid",
    "standardize_dtype", "name_scope",
}

# The Keras 3 spelling each legacy name's warning shows.
_SPECIAL = {
    "int_shape": "`tuple(x.shape)`", "ndim": "`x.ndim`", "dtype": "`cornu.ops.dtype`",
    "count_params": "`int(np.prod(x.shape))`", "permute_dimensions": "`cornu.ops.transpose`",
    "gather": "`cornu.ops.take(x, indices, axis=0)`", "flatten": "`cornu.ops.ravel`",
    "batch_flatten": "`cornu.ops.reshape(x, (batch, -1))`",
    "repeat": "`cornu.layers.RepeatVector` or `cornu.ops.repeat`",
    "repeat_elements": "`cornu.ops.repeat`", "reverse": "`cornu.ops.flip`",
    "cast_to_floatx": "`np.asarray(x, cornu.backend.floatx())`", "identity": "`cornu.ops.copy`",
    "is_tensor": "`cornu.ops.is_tensor`", "is_sparse": "nothing (cornu tensors are dense)",
    "to_dense": "nothing (cornu tensors are dense)", "pow": "`cornu.ops.power`",
    "variable": "`cornu.Variable`", "constant": "`cornu.ops.convert_to_tensor`",
    "zeros": "`cornu.Variable(np.zeros(shape))`", "ones": "`cornu.Variable(np.ones(shape))`",
    "eye": "`cornu.Variable(np.eye(n))`", "random_normal_variable": "`cornu.Variable`",
    "random_uniform_variable": "`cornu.Variable`", "placeholder": "`cornu.Input`",
    "eval": "`cornu.ops.convert_to_numpy`", "get_value": "`variable.numpy()`",
    "batch_get_value": "`[v.numpy() for v in variables]`", "set_value": "`variable.assign`",
    "batch_set_value": "`variable.assign`", "update": "`variable.assign`",
    "update_add": "`variable.assign_add`", "update_sub": "`variable.assign_sub`",
    "moving_average_update": "`variable.assign`", "print_tensor": "`print`",
    "random_normal": "`cornu.random.normal`", "random_uniform": "`cornu.random.uniform`",
    "truncated_normal": "`cornu.random.truncated_normal`",
    "random_binomial": "`cornu.random.binomial`", "dropout": "`cornu.random.dropout`",
    "hard_sigmoid": "`cornu.ops.clip(0.2 * x + 0.5, 0, 1)`",
    "batch_normalization": "`cornu.ops.batch_normalization`",
    "bias_add": "`x + bias`", "in_top_k": "`cornu.metrics.TopKCategoricalAccuracy`",
    "batch_dot": "`cornu.ops.einsum` or `cornu.layers.Dot`",
    "l2_normalize": "`cornu.ops.normalize`", "sqrt": "`cornu.ops.sqrt`",
    "learning_phase": "the `training` argument of `call`",
    "set_learning_phase": "the `training` argument of `call`",
    "switch": "`cornu.ops.where` or `cornu.ops.cond`",
    "in_train_phase": "`if training:` in `call`", "in_test_phase": "`if not training:`",
    "function": "`cornu.Model(inputs, outputs).predict`",
    "gradients": "a custom `train_step`", "image_dim_ordering": "`image_data_format`",
    "set_image_dim_ordering": "`set_image_data_format`",
    "get_session": "nothing (cornu has no session)",
    "set_session": "nothing (cornu has no session)",
    "manual_variable_initialization": "nothing", "map_fn": "`cornu.ops.vectorized_map`",
    "reset_uids": "`cornu.backend.clear_session`", "relu": "`cornu.activations.relu`",
}


def modern_spelling(name: str) -> str:
    """The Keras 3 way to write ``keras.backend.<name>``."""
    if name in _SPECIAL:
        return _SPECIAL[name]
    return f"`cornu.ops.{OPS_ALIASES.get(name, name)}`"


MODULE_OF = {name: module for module, names in IMPLEMENTED.items() for name in names.split()}
LEGACY_NAMES = frozenset(OPS_ALIASES) | frozenset(MODULE_OF)
