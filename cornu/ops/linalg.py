"""cornu.ops.linalg: linear-algebra ops, also reachable as ``cornu.ops.<name>``.

Example:
    >>> from cornu import ops
    >>> from cornu.ops import linalg
    >>> ops.convert_to_numpy(linalg.det([[2.0, 0.0], [0.0, 3.0]])).item()
    6.0
"""

from cornu.ops import (
    cholesky,
    cholesky_inverse,
    det,
    eig,
    eigh,
    inv,
    jvp,
    lstsq,
    lu_factor,
    matrix_rank,
    norm,
    pinv,
    qr,
    solve,
    solve_triangular,
    svd,
)

__all__ = [
    "cholesky",
    "cholesky_inverse",
    "det",
    "eig",
    "eigh",
    "inv",
    "jvp",
    "lstsq",
    "lu_factor",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "solve",
    "solve_triangular",
    "svd",
]
