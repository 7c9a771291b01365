"""Pure array kernels: the only code that touches state amplitudes."""

from qjax.kernels._statevector import (
    PRECISION,
    apply_controlled,
    apply_diagonal,
    apply_matrix,
    apply_permutation,
)

__all__ = [
    "PRECISION",
    "apply_controlled",
    "apply_diagonal",
    "apply_matrix",
    "apply_permutation",
]
