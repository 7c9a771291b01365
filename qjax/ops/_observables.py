"""Observables that are not gates."""

from typing import Any

import numpy as np

from qjax._dtypes import is_traced
from qjax.errors import ObservableError
from qjax.ops._operator import Operator

HERMITIAN_ATOL = 1e-6
"""Absolute tolerance of the Hermiticity check on concrete matrices (complex64-safe)."""


class Hermitian(Operator):
    """Any Hermitian ``(2**k, 2**k)`` matrix as an observable on k wires.

    A concrete matrix is checked to be Hermitian; a traced one is trusted.

    >>> import jax.numpy as jnp
    >>> Hermitian(jnp.diag(jnp.array([1.0, -1.0])), wires=0).wires
    (0,)
    """

    num_wires = None
    num_params = 1
    param_names = ("A",)
    real_params = False
    is_observable = True

    @classmethod
    def example(cls) -> str:
        return "Hermitian(jnp.diag(jnp.array([1.0, -1.0])), wires=0)"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((2 ** len(self.wires),) * 2,)

    def _validate(self) -> None:
        super()._validate()
        matrix = self.params[0]
        if is_traced(matrix):
            return
        matrix = np.asarray(matrix)
        if not np.allclose(matrix, matrix.conj().T, atol=HERMITIAN_ATOL, rtol=0):
            raise ObservableError(
                f"Hermitian matrix is not Hermitian (A != A^dagger within atol={HERMITIAN_ATOL}); "
                f"e.g. {self.example()}"
            )

    def matrix(self) -> Any:
        """The observable's matrix, as given."""
        return self.params[0]
