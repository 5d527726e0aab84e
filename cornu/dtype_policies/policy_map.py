"""``DTypePolicyMap``: dtype policies keyed by layer path, with a default for other paths.

A key is a layer path such as ``"model/dense"``; a key may also be a regular expression,
which applies to the paths it matches in full (``"encoder_.*/attention"``). A path that
matches more than one pattern is an error. The map is itself a ``DTypePolicy``: its name is
``"map_<default name>"`` and its dtypes are those of its default policy.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping

from cornu.dtype_policies.dtype_policy import DTypePolicy


def _get(identifier):
    from cornu import dtype_policies

    return dtype_policies.get(identifier)


def _as_policy(value, what: str) -> DTypePolicy:
    if value is not None and not isinstance(value, (str, dict, DTypePolicy)):
        raise ValueError(f"DTypePolicyMap: {what} should be a policy name such as "
                         "'bfloat16', a config dict or a DTypePolicy. Received: "
                         f"{value!r} of type {type(value).__name__}")
    return _get(value)


class DTypePolicyMap(DTypePolicy, MutableMapping):
    """A dict from layer paths (or path patterns) to dtype policies, with a default.

    Args:
        default_policy: the policy of paths no key matches: a name, a ``DTypePolicy`` or
            None (the global policy when the map is made).
        policy_map: a dict ``{path or pattern: policy or policy name}``.

    Example:
        >>> from cornu import dtype_policies
        >>> policies = dtype_policies.DTypePolicyMap(
        ...     "float32", {"encoder_.*/dense": "bfloat16"})
        >>> policies["encoder_1/dense"], policies["decoder/dense"]
        (<DTypePolicy "bfloat16">, <DTypePolicy "float32">)
    """

    def __init__(self, default_policy=None, policy_map=None):
        if policy_map is not None and not isinstance(policy_map, dict):
            raise TypeError("DTypePolicyMap: `policy_map` should be a dict of layer paths "
                            f"to policies. Received: policy_map={policy_map!r} of type "
                            f"{type(policy_map).__name__}")
        self._default_policy_arg = default_policy
        self._default_policy = _as_policy(default_policy, "`default_policy`")
        self._policy_map: dict = {}
        for key, value in (policy_map or {}).items():
            self[key] = value
        self._quantization_mode = None

    # DTypePolicy's attributes follow the default policy
    @property
    def _name(self) -> str:
        return "map_" + self._default_policy.name

    @property
    def default_policy(self) -> DTypePolicy:
        """The policy of paths that no key matches."""
        return self._default_policy

    @property
    def compute_dtype(self) -> str:
        return self._default_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._default_policy.variable_dtype

    @property
    def quantization_mode(self):
        return self._default_policy.quantization_mode

    # the mapping
    def __getitem__(self, key) -> DTypePolicy:
        if key in self._policy_map:
            return self._policy_map[key]
        if not isinstance(key, str):
            return self._default_policy
        matches = [pattern for pattern in self._policy_map if _full_match(pattern, key)]
        if len(matches) > 1:
            raise ValueError(
                f"DTypePolicyMap: the path {key!r} matches more than one key: {matches}. "
                "Each path may match at most one key of the map."
            )
        return self._policy_map[matches[0]] if matches else self._default_policy

    def __setitem__(self, key, policy) -> None:
        if key in self._policy_map:
            raise ValueError(f"DTypePolicyMap: the key {key!r} is already in the map (with "
                             f"{self._policy_map[key]!r}); delete it first to change it.")
        self._policy_map[key] = _as_policy(policy, f"the policy of {key!r}")

    def __delitem__(self, key) -> None:
        del self._policy_map[key]

    def __iter__(self):
        return iter(self._policy_map)

    def __len__(self) -> int:
        return len(self._policy_map)

    def __contains__(self, key) -> bool:
        return key in self._policy_map

    # configs
    def get_config(self) -> dict:
        from cornu import dtype_policies

        default = self._default_policy_arg
        if isinstance(default, DTypePolicy):
            default = dtype_policies.serialize(default)
        return {"default_policy": default,
                "policy_map": {key: dtype_policies.serialize(value)
                               for key, value in self._policy_map.items()}}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        policies = {}
        for key, value in (config.pop("policy_map", None) or {}).items():
            if isinstance(value, dict):
                from cornu import dtype_policies

                value = dtype_policies.deserialize(value, custom_objects=custom_objects)
            policies[key] = value
        return cls(policy_map=policies, **config)

    def __repr__(self) -> str:
        mapping = [(key, value.name) for key, value in self._policy_map.items()]
        return (f"<DTypePolicyMap at {hex(id(self))} default_policy="
                f"{self._default_policy.name}, mapping={mapping}>")

    def __eq__(self, other) -> bool:
        if not isinstance(other, DTypePolicyMap):
            return False
        return (self._default_policy == other._default_policy
                and self._policy_map == other._policy_map)

    def __hash__(self) -> int:
        return hash(("DTypePolicyMap", self._default_policy.name))


def _full_match(pattern: str, path: str) -> bool:
    if not isinstance(pattern, str):
        return False
    try:
        return re.fullmatch(pattern, path) is not None
    except re.error:  # a key that is not a valid pattern matches only itself
        return False
