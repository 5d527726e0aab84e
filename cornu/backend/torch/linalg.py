"""Engine functions behind ``cornu.ops`` (linalg family): factorizations, solvers and
matrix functions on torch tensors, plus forward-mode differentiation (``jvp``)."""

from __future__ import annotations

import torch

from cornu.backend.config import floatx
from cornu.backend.torch.core import convert_to_tensor, to_torch_dtype

_LOW_PRECISION = (torch.float16, torch.bfloat16)


def _is_fake(t) -> bool:
    try:
        from torch._subclasses.fake_tensor import FakeTensor
    except ImportError:  # pragma: no cover
        return False
    return isinstance(t, FakeTensor)


def _matrix(op, x, name="x", square=True):
    """``x`` as a float tensor of rank >= 2 (square when asked) and the dtype to return.

    Integers and booleans become floatx; float16/bfloat16 are computed in float32.
    """
    x = convert_to_tensor(x)
    if not (x.is_floating_point() or x.is_complex()):
        x = x.to(to_torch_dtype(floatx()))
    if x.ndim < 2:
        raise ValueError(
            f"`{op}`: expected `{name}` to be a matrix or a batch of them (rank >= 2); "
            f"received shape {tuple(x.shape)}."
        )
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"`{op}`: expected `{name}` to be square (shape (..., n, n)); received shape "
            f"{tuple(x.shape)}."
        )
    dtype = x.dtype
    if dtype in _LOW_PRECISION:
        x = x.float()
    return x, dtype


def _rhs(op, b):
    b = convert_to_tensor(b)
    if not (b.is_floating_point() or b.is_complex()):
        b = b.to(to_torch_dtype(floatx()))
    if b.ndim < 1:
        raise ValueError(f"`{op}`: `b` must have rank >= 1; received a scalar.")
    return b


def _promote(a, a_dtype, b):
    """Common dtype of ``a`` and ``b``: (work dtype, dtype to return)."""
    out = torch.promote_types(a_dtype, b.dtype)
    work = torch.float32 if out in _LOW_PRECISION else out
    return work, out


def cholesky(x, upper=False):
    """Cholesky factor of a symmetric positive-definite matrix (lower unless ``upper``)."""
    x, dt = _matrix("cholesky", x)
    return torch.linalg.cholesky(x, upper=upper).to(dt)


def cholesky_inverse(x, upper=False):
    """Inverse of ``A`` given its Cholesky factor ``x`` (lower unless ``upper``)."""
    x, dt = _matrix("cholesky_inverse", x)
    return torch.cholesky_inverse(x, upper=upper).to(dt)


def det(x):
    """Determinant of a (batch of) square matrices."""
    x, dt = _matrix("det", x)
    return torch.linalg.det(x).to(dt)


def eig(x):
    """Eigenvalues and right eigenvectors of a general square matrix (complex results)."""
    x, _ = _matrix("eig", x)
    return tuple(torch.linalg.eig(x))


def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of a symmetric / Hermitian matrix."""
    x, dt = _matrix("eigh", x)
    w, v = torch.linalg.eigh(x)
    if dt in _LOW_PRECISION:
        w, v = w.to(dt), v.to(dt)
    return w, v


def inv(x):
    """Inverse of a (batch of) square matrices."""
    x, dt = _matrix("inv", x)
    return torch.linalg.inv(x).to(dt)


def lu_factor(x):
    """LU factorization with partial pivoting: ``(lu, pivots)`` with 0-based int32 pivots."""
    x, dt = _matrix("lu_factor", x, square=False)
    lu, pivots = torch.linalg.lu_factor(x)
    return lu.to(dt), (pivots - 1).to(torch.int32)


def lstsq(a, b, rcond=None):
    """Least-squares solution of ``a @ x = b`` (minimum-norm when ``a`` is rank-deficient)."""
    a, a_dt = _matrix("lstsq", a, name="a", square=False)
    b = _rhs("lstsq", b)
    work, out = _promote(a, a_dt, b)
    a, b = a.to(work), b.to(work)
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b[..., None]
    if b.shape[-2] != a.shape[-2]:
        raise ValueError(
            "`lstsq`: `a` and `b` must have the same number of rows; received shapes "
            f"{tuple(a.shape)} and {tuple(b.shape) if not vector else (b.shape[0],)}."
        )
    if a.device.type == "cpu" and not _is_fake(a):
        x = torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd").solution
    else:  # the GPU driver needs full rank (and shapes are traced without LAPACK): pinv.
        x = torch.linalg.pinv(a, rtol=rcond) @ b
    if vector:
        x = x[..., 0]
    return x.to(out)


def matrix_rank(x, tol=None):
    """Rank of a matrix from its singular values (above ``tol`` when given); int32."""
    x, _ = _matrix("matrix_rank", x, square=False)
    return torch.linalg.matrix_rank(x, atol=tol).to(torch.int32)


def pinv(x, rcond=None):
    """Moore-Penrose pseudo-inverse; singular values below ``rcond * max(s)`` are dropped."""
    x, dt = _matrix("pinv", x, square=False)
    return torch.linalg.pinv(x, rtol=rcond).to(dt)


def qr(x, mode="reduced"):
    """QR factorization: ``(q, r)``; ``mode`` is "reduced" or "complete"."""
    if mode not in ("reduced", "complete"):
        raise ValueError(f'`qr`: `mode` must be "reduced" or "complete"; received mode={mode!r}.')
    x, dt = _matrix("qr", x, square=False)
    q, r = torch.linalg.qr(x, mode=mode)
    return q.to(dt), r.to(dt)


def solve(a, b):
    """Solves ``a @ x = b`` for square ``a``; ``b`` is (..., n) or (..., n, k)."""
    a, a_dt = _matrix("solve", a, name="a")
    b = _rhs("solve", b)
    work, out = _promote(a, a_dt, b)
    a, b = a.to(work), b.to(work)
    if b.ndim == a.ndim - 1 or b.ndim == 1:
        if b.shape[-1] != a.shape[-1]:
            raise ValueError(
                f"`solve`: `b` has {b.shape[-1]} rows but `a` is {a.shape[-1]}x{a.shape[-1]}."
            )
        return torch.linalg.solve(a, b[..., None])[..., 0].to(out)
    return torch.linalg.solve(a, b).to(out)


def solve_triangular(a, b, lower=False):
    """Solves ``a @ x = b`` for triangular ``a`` (upper unless ``lower``)."""
    a, a_dt = _matrix("solve_triangular", a, name="a")
    b = _rhs("solve_triangular", b)
    work, out = _promote(a, a_dt, b)
    a, b = a.to(work), b.to(work)
    if b.ndim == a.ndim - 1 or b.ndim == 1:
        x = torch.linalg.solve_triangular(a, b[..., None], upper=not lower)[..., 0]
    else:
        x = torch.linalg.solve_triangular(a, b, upper=not lower)
    return x.to(out)


def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition: ``(u, s, vh)``, or just ``s`` without ``compute_uv``."""
    x, dt = _matrix("svd", x, square=False)
    if not compute_uv:
        s = torch.linalg.svdvals(x)
        return s.to(dt) if dt in _LOW_PRECISION else s
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    if dt in _LOW_PRECISION:
        u, s, vh = u.to(dt), s.to(dt), vh.to(dt)
    return u, s, vh


def jvp(fun, primals, tangents, has_aux=False):
    """Forward-mode Jacobian-vector product: ``(outputs, tangents_out[, aux])``."""
    if not callable(fun):
        raise TypeError(f"`jvp`: `fun` must be callable; received {type(fun).__name__}.")
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "`jvp`: `primals` and `tangents` must be tuples or lists of tensors; received "
            f"{type(primals).__name__} and {type(tangents).__name__}."
        )
    if len(primals) != len(tangents):
        raise ValueError(
            f"`jvp`: `primals` and `tangents` must have the same length; received "
            f"{len(primals)} and {len(tangents)}."
        )
    primals = tuple(convert_to_tensor(p) for p in primals)
    tangents = tuple(convert_to_tensor(t) for t in tangents)
    for p, t in zip(primals, tangents):
        if tuple(p.shape) != tuple(t.shape):
            raise ValueError(
                "`jvp`: each tangent must have the shape of its primal; received "
                f"{tuple(p.shape)} and {tuple(t.shape)}."
            )
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)
