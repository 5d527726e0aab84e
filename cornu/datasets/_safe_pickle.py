"""A pickle reader that can only build plain data: never imports or calls anything.

The CIFAR batches and the object arrays inside ``imdb.npz``/``reuters.npz`` are pickles.
``pickle.load`` would run whatever a tampered file asks for; this interpreter understands the
opcodes that plain containers use (dicts, lists, tuples, numbers, strings, bytes) plus the
three NumPy names that rebuild an array, and rejects every other global.
"""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np

_ARRAY_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"): "reconstruct",
    ("numpy._core.multiarray", "_reconstruct"): "reconstruct",
    ("numpy", "ndarray"): "ndarray",
    ("numpy", "dtype"): "dtype",
    ("numpy.core.numeric", "_frombuffer"): "frombuffer",
    ("numpy._core.numeric", "_frombuffer"): "frombuffer",
    ("_codecs", "encode"): "encode",
}
_SAFE_KINDS = "biufcSUO"


class UnsafePickleError(ValueError):
    """The pickle asks for something other than plain data and NumPy arrays."""


class _Global:
    def __init__(self, name: str) -> None:
        self.name = name


class _ArrayStub:
    """An array being rebuilt: ``_reconstruct(...)`` then ``BUILD(state)``."""


class _DtypeStub:
    def __init__(self, code) -> None:
        self.code = code.decode("ascii") if isinstance(code, bytes) else str(code)
        self.order = "|"

    def resolve(self) -> np.dtype:
        order = self.order if self.order in "<>" else ""
        dtype = np.dtype(order + self.code)
        if dtype.kind not in _SAFE_KINDS or dtype.fields is not None:
            raise UnsafePickleError(f"Refusing the array dtype {dtype!r} in a pickle.")
        return dtype


def _as_dtype(value) -> np.dtype:
    if isinstance(value, _DtypeStub):
        return value.resolve()
    if isinstance(value, (str, bytes)):
        return _DtypeStub(value).resolve()
    raise UnsafePickleError(f"Expected an array dtype in the pickle, got {type(value).__name__}.")


def _apply(func, args):
    if not isinstance(func, _Global):
        raise UnsafePickleError(f"Refusing to call {type(func).__name__} from a pickle.")
    if func.name == "reconstruct":
        return _ArrayStub()
    if func.name == "dtype":
        return _DtypeStub(args[0])
    if func.name == "encode":  # protocol-2 pickles of bytes written by Python 3
        text, encoding = args
        if str(encoding).lower().replace("_", "-") not in ("latin1", "latin-1", "utf-8", "utf8"):
            raise UnsafePickleError(f"Refusing the text encoding {encoding!r} in a pickle.")
        return text.encode(encoding)
    if func.name == "frombuffer":
        buf, dtype, shape, order = args
        return np.frombuffer(bytes(buf), dtype=_as_dtype(dtype)).reshape(
            shape, order=order).copy()
    raise UnsafePickleError(f"Refusing to call {func.name} from a pickle.")


def _build(obj, state):
    if isinstance(obj, _DtypeStub):
        if isinstance(state, tuple) and len(state) > 1:
            order = state[1]
            obj.order = order.decode() if isinstance(order, bytes) else str(order)
        return obj
    if isinstance(obj, _ArrayStub):
        _version, shape, dtype, fortran, data = state
        dtype = _as_dtype(dtype)
        if dtype.kind == "O":
            if not isinstance(data, list):
                raise UnsafePickleError("An object array's state must be a list.")
            arr = np.empty(len(data), dtype=object)
            for i, item in enumerate(data):
                arr[i] = item
            return arr.reshape(shape, order="F" if fortran else "C")
        if isinstance(data, str):
            data = data.encode("latin-1")
        flat = np.frombuffer(bytes(data), dtype=dtype)
        return flat.reshape(shape, order="F" if fortran else "C").copy()
    raise UnsafePickleError(f"Refusing to restore the state of {type(obj).__name__}.")


class _Reader:
    def __init__(self, data: bytes, encoding: str) -> None:
        self.f = io.BytesIO(data)
        self.encoding = encoding
        self.stack: list = []
        self.marks: list = []
        self.memo: dict = {}

    def read(self, n: int) -> bytes:
        out = self.f.read(n)
        if len(out) != n:
            raise UnsafePickleError("The pickle is truncated.")
        return out

    def line(self) -> bytes:
        return self.f.readline().rstrip(b"\r\n")

    def pop_mark(self) -> list:
        start = self.marks.pop()
        items = self.stack[start:]
        del self.stack[start:]
        return items

    def text(self, raw: bytes):
        return raw if self.encoding == "bytes" else raw.decode(self.encoding)

    def run(self):
        ops = _OPS
        while True:
            code = self.read(1)
            handler = ops.get(code)
            if handler is None:
                raise UnsafePickleError(f"Unsupported pickle opcode {code!r}.")
            if handler(self) is _STOP:
                return self.stack.pop()


_STOP = object()


def _unpack(fmt):
    size = struct.calcsize(fmt)
    return lambda r: struct.unpack(fmt, r.read(size))[0]


def _push(fn):
    return lambda r: r.stack.append(fn(r))


def _global(r, module: str, name: str):
    key = _ARRAY_GLOBALS.get((module, name))
    if key is None:
        raise UnsafePickleError(
            f"Refusing to load the pickle: it asks for `{module}.{name}`, which is not plain "
            "data. The file may be corrupt or tampered with."
        )
    r.stack.append(_Global(key))


def _setitems(r):
    items = r.pop_mark()
    d = r.stack[-1]
    for k, v in zip(items[::2], items[1::2]):
        d[k] = v


def _int_line(value: bytes):
    return {b"00": False, b"01": True}[value] if value in (b"00", b"01") else int(value)


def _appends(r):
    items = r.pop_mark()
    r.stack[-1].extend(items)


def _reduce(r):
    args = r.stack.pop()
    func = r.stack.pop()
    r.stack.append(_apply(func, args))


def _build_op(r):
    state = r.stack.pop()
    r.stack[-1] = _build(r.stack[-1], state)


def _tuple_n(n):
    def op(r):
        items = r.stack[len(r.stack) - n:] if n else []
        del r.stack[len(r.stack) - n:]
        r.stack.append(tuple(items))
    return op


_u1, _u2, _u4, _u8 = _unpack("<B"), _unpack("<H"), _unpack("<I"), _unpack("<Q")
_OPS = {
    b"\x80": lambda r: r.read(1),  # PROTO
    b"\x95": lambda r: r.read(8),  # FRAME
    b".": lambda r: _STOP,
    b"(": lambda r: r.marks.append(len(r.stack)),
    b"0": lambda r: r.stack.pop(),
    b"2": lambda r: r.stack.append(r.stack[-1]),
    b"N": _push(lambda r: None),
    b"\x88": _push(lambda r: True),
    b"\x89": _push(lambda r: False),
    b"J": _push(_unpack("<i")),
    b"K": _push(_u1),
    b"M": _push(_u2),
    b"\x8a": _push(lambda r: int.from_bytes(r.read(_u1(r)), "little", signed=True)),
    b"\x8b": _push(lambda r: int.from_bytes(r.read(_u4(r)), "little", signed=True)),
    b"I": _push(lambda r: _int_line(r.line())),
    b"L": _push(lambda r: int(r.line().rstrip(b"L"))),
    b"G": _push(_unpack(">d")),
    b"F": _push(lambda r: float(r.line())),
    b"X": _push(lambda r: r.read(_u4(r)).decode("utf-8", "surrogatepass")),
    b"\x8c": _push(lambda r: r.read(_u1(r)).decode("utf-8", "surrogatepass")),
    b"\x8d": _push(lambda r: r.read(_u8(r)).decode("utf-8", "surrogatepass")),
    b"V": _push(lambda r: r.line().decode("raw_unicode_escape")),
    b"T": _push(lambda r: r.text(r.read(_u4(r)))),
    b"U": _push(lambda r: r.text(r.read(_u1(r)))),
    b"B": _push(lambda r: r.read(_u4(r))),
    b"C": _push(lambda r: r.read(_u1(r))),
    b"\x8e": _push(lambda r: r.read(_u8(r))),
    b"\x96": _push(lambda r: bytearray(r.read(_u8(r)))),
    b"}": _push(lambda r: {}),
    b"]": _push(lambda r: []),
    b")": _push(lambda r: ()),
    b"d": _push(lambda r: dict(zip(*[iter(r.pop_mark())] * 2))),
    b"l": _push(lambda r: r.pop_mark()),
    b"t": _push(lambda r: tuple(r.pop_mark())),
    b"\x85": _tuple_n(1),
    b"\x86": _tuple_n(2),
    b"\x87": _tuple_n(3),
    b"a": lambda r: r.stack[-2].append(r.stack.pop()),
    b"e": _appends,
    b"s": lambda r: r.stack[-3].__setitem__(r.stack.pop(-2), r.stack.pop()),
    b"u": _setitems,
    b"q": lambda r: r.memo.__setitem__(_u1(r), r.stack[-1]),
    b"r": lambda r: r.memo.__setitem__(_u4(r), r.stack[-1]),
    b"p": lambda r: r.memo.__setitem__(int(r.line()), r.stack[-1]),
    b"\x94": lambda r: r.memo.__setitem__(len(r.memo), r.stack[-1]),
    b"h": lambda r: r.stack.append(r.memo[_u1(r)]),
    b"j": lambda r: r.stack.append(r.memo[_u4(r)]),
    b"g": lambda r: r.stack.append(r.memo[int(r.line())]),
    b"c": lambda r: _global(r, r.line().decode(), r.line().decode()),
    b"\x93": lambda r: _global(r, *reversed([r.stack.pop(), r.stack.pop()])),
    b"R": _reduce,
    b"b": _build_op,
}


def loads(data: bytes, encoding: str = "ASCII"):
    """Parses a pickle of plain data and NumPy arrays without executing anything.

    Args:
        data: the pickle's bytes.
        encoding: how Python 2 ``str`` values are read ("bytes" keeps them as bytes).

    Returns:
        The unpickled dicts, lists, tuples, numbers, strings and NumPy arrays.

    Example:
        >>> import pickle
        >>> import numpy as np
        >>> loads(pickle.dumps({"a": [1, 2], "x": np.arange(3, dtype="uint8")}))["x"]
        array([0, 1, 2], dtype=uint8)
        >>> loads(pickle.dumps(print))
        Traceback (most recent call last):
        ...
        cornu.datasets._safe_pickle.UnsafePickleError: Refusing to load the pickle: it asks for `builtins.print`, which is not plain data. The file may be corrupt or tampered with.
    """  # noqa: E501
    try:
        return _Reader(bytes(data), encoding).run()
    except UnsafePickleError:
        raise
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, struct.error) as err:
        raise UnsafePickleError(f"The pickle is malformed ({type(err).__name__}: {err}).") from err


def _read_npy(raw: bytes) -> np.ndarray:
    fp = io.BytesIO(raw)
    try:
        return np.lib.format.read_array(fp, allow_pickle=False)
    except ValueError:
        fp.seek(0)
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, _fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    else:
        shape, _fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    if dtype.kind != "O":
        raise ValueError("A numeric .npy member could not be read; the file is corrupt.")
    array = loads(fp.read())
    if not isinstance(array, np.ndarray) or array.shape != tuple(shape):
        raise UnsafePickleError("The object array's pickle does not match its .npy header.")
    return array


def load_npz(path: str) -> dict:
    """Reads every array of a ``.npz`` file; object arrays go through the safe parser.

    Args:
        path: the ``.npz`` file.

    Returns:
        A dict from member name (without ``.npy``) to NumPy array.
    """
    out = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".npy"):
                out[name[:-4]] = _read_npy(archive.read(name))
    return out
