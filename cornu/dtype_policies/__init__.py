"""cornu.dtype_policies: the dtype policies of layers, and their lookup and configs.

Example:
    >>> from cornu import dtype_policies
    >>> policy = dtype_policies.get("mixed_float16")
    >>> dtype_policies.deserialize(dtype_policies.serialize(policy)) == policy
    True
"""

from __future__ import annotations

from cornu.dtype_policies.dtype_policy import DTypePolicy as DTypePolicy
from cornu.dtype_policies.dtype_policy import FloatDTypePolicy as FloatDTypePolicy
from cornu.dtype_policies.dtype_policy import dtype_policy as dtype_policy
from cornu.dtype_policies.dtype_policy import set_dtype_policy as set_dtype_policy
from cornu.dtype_policies.policy_map import DTypePolicyMap as DTypePolicyMap

# "Policy": tf.keras 2's name, in old files
ALL_OBJECTS_DICT = {"DTypePolicy": DTypePolicy, "FloatDTypePolicy": FloatDTypePolicy,
                    "DTypePolicyMap": DTypePolicyMap, "Policy": DTypePolicy}
_QUANTIZED = ("QuantizedDTypePolicy", "QuantizedFloat8DTypePolicy", "Int4DTypePolicy",
              "GPTQDTypePolicy", "AWQDTypePolicy")


def serialize(policy) -> dict:
    """The config of a policy, as Keras 3 writes it in a layer's config.

    Example:
        >>> from cornu import dtype_policies
        >>> dtype_policies.serialize(dtype_policies.DTypePolicy("float32"))["config"]
        {'name': 'float32'}
    """
    if not isinstance(policy, DTypePolicy):
        raise TypeError(
            f"dtype_policies.serialize: expected a DTypePolicy, got {policy!r}. Use "
            "`dtype_policies.get(name)` to make one from a name."
        )
    return {"module": "keras", "class_name": type(policy).__name__,
            "config": policy.get_config(), "registered_name": None}


def deserialize(config: dict, custom_objects=None) -> DTypePolicy:
    """Rebuilds a policy from ``serialize`` output (Keras 3 and tf.keras 2 formats).

    Args:
        config: a dict ``{"class_name": ..., "config": {"name": ...}}``.
        custom_objects: a dict of custom policy classes, searched first.

    Example:
        >>> from cornu import dtype_policies
        >>> dtype_policies.deserialize(
        ...     {"class_name": "DTypePolicy", "config": {"name": "mixed_bfloat16"}})
        <DTypePolicy "mixed_bfloat16">
    """
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "dtype_policies.deserialize: expected a dict with 'class_name' and 'config' "
            f"(from `dtype_policies.serialize`), got {config!r}."
        )
    name = config["class_name"]
    inner = config.get("config") or {}
    cls = (custom_objects or {}).get(name) or ALL_OBJECTS_DICT.get(name)
    if cls is None:
        if name in _QUANTIZED:
            raise NotImplementedError(
                f"The dtype policy {name!r} is not supported by cornu: quantization is not "
                "implemented. Use a float policy ('float32', 'mixed_float16', ...)."
            )
        raise ValueError(
            f"Unknown dtype policy class {name!r}. Known: {sorted(ALL_OBJECTS_DICT)}; pass "
            "custom policy classes in `custom_objects`."
        )
    if name == "Policy" and isinstance(inner.get("name"), str):  # tf.keras 2
        inner = {"name": inner["name"]}
    return cls.from_config(inner)


def get(identifier) -> DTypePolicy:
    """A policy from None (the global policy), a name, a config dict or a policy.

    Args:
        identifier: None, a policy name ("mixed_float16", "float32"...), a dtype object
            (``numpy.float32``, an engine dtype), a dict from ``serialize``, or a
            ``DTypePolicy`` (returned as is).

    Example:
        >>> from cornu import dtype_policies
        >>> dtype_policies.get("mixed_float16").variable_dtype
        'float32'
    """
    if identifier is None:
        return dtype_policy()
    if isinstance(identifier, DTypePolicy):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return DTypePolicy(identifier)
    if isinstance(getattr(identifier, "name", None), str) and hasattr(
            identifier, "compute_dtype"):  # another library's policy object
        return DTypePolicy(identifier.name)
    from cornu.backend.common.dtypes import standardize_dtype

    try:
        name = standardize_dtype(identifier)
    except (TypeError, ValueError):
        name = None
    if name is None:
        raise ValueError(
            "Cannot interpret a `dtype` argument: expected a policy name such as 'float32' "
            f"or 'mixed_float16', or a DTypePolicy. Received: dtype={identifier!r}"
        )
    return DTypePolicy(name)
