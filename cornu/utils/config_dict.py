"""``Config``: Keras's attribute-style settings dict (``keras.utils.Config``)."""

from __future__ import annotations


class Config:
    """A dict of settings whose keys are also attributes; ``freeze()`` makes it read-only.

    Example:
        >>> from cornu.utils import Config
        >>> c = Config(lr=0.1)
        >>> c.epochs = 3
        >>> c.lr, c["epochs"], len(c)
        (0.1, 3, 2)
    """

    __slots__ = ("_entries", "_frozen")

    def __init__(self, **kwargs):
        object.__setattr__(self, "_entries", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    @property
    def frozen(self) -> bool:
        """Whether the config refuses changes."""
        return self._frozen

    def freeze(self):
        """Makes the config read-only."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self):
        """Makes the config writable again."""
        object.__setattr__(self, "_frozen", False)

    def _check_writable(self):
        if self._frozen:
            raise ValueError("Cannot mutate attribute(s) because the config is frozen.")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._entries[name]
        except KeyError:
            raise AttributeError(f"Unknown attribute: '{name}'.") from None

    def __setattr__(self, name, value):
        self._check_writable()
        self._entries[name] = value

    def __delattr__(self, name):
        self._check_writable()
        try:
            del self._entries[name]
        except KeyError:
            raise AttributeError(f"Unknown attribute: '{name}'.") from None

    def __getitem__(self, key):
        return self._entries[key]

    def __setitem__(self, key, value):
        self._check_writable()
        self._entries[key] = value

    def __delitem__(self, key):
        self._check_writable()
        del self._entries[key]

    def __contains__(self, key):
        return key in self._entries

    def __len__(self):
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries)

    def __eq__(self, other):
        if isinstance(other, Config):
            return self._entries == other._entries
        return NotImplemented

    def __repr__(self):
        return f"<Config {self._entries!r}>"

    def keys(self):
        return self._entries.keys()

    def values(self):
        return self._entries.values()

    def items(self):
        return self._entries.items()

    def get(self, key, default=None):
        return self._entries.get(key, default)

    def pop(self, *args):
        self._check_writable()
        return self._entries.pop(*args)

    def update(self, *args, **kwargs):
        self._check_writable()
        self._entries.update(*args, **kwargs)

    def as_dict(self) -> dict:
        """A plain-dict copy of the entries."""
        return dict(self._entries)

    def to_json(self) -> str:
        """The entries as a JSON string."""
        import json

        return json.dumps(self._entries)

    def __getstate__(self):
        return {"entries": self._entries, "frozen": self._frozen}

    def __setstate__(self, state):
        object.__setattr__(self, "_entries", dict(state["entries"]))
        object.__setattr__(self, "_frozen", state["frozen"])
