"""State preparations: they set the initial state of some wires, before any gate."""

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype, is_traced, real_dtype
from qjax.errors import ParameterError, UnitaryError
from qjax.ops._operator import Operator

NORM_ATOL = 1e-5
"""Absolute tolerance of the unit-norm check on concrete state vectors (complex64-safe)."""


class StatePreparation(Operator):
    """Base class of operators that set the initial state of their wires."""

    num_wires = None
    num_params = 1

    def state_vector(self) -> jax.Array:
        """The prepared state of the operator's wires, shape ``(2**k,)``."""
        raise NotImplementedError


class StatePrep(StatePreparation):
    """Starts the wires in the given state vector of length ``2**k``.

    A concrete vector must have unit norm unless ``normalize=True``, which
    divides it by its norm (traced vectors too).

    >>> StatePrep(jnp.array([1, 1]) / jnp.sqrt(2), wires=0).state_vector()
    Array([0.70710677+0.j, 0.70710677+0.j], dtype=complex64)
    """

    param_names = ("state",)
    real_params = False

    def __init__(self, state: Any, wires: object = None, *, normalize: bool = False):
        self._init((state,), wires, {"normalize": bool(normalize)})

    @classmethod
    def example(cls) -> str:
        return "StatePrep(jnp.array([1, 0, 0, 1]) / jnp.sqrt(2), wires=[0, 1])"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((2 ** len(self.wires),),)

    def _validate(self) -> None:
        super()._validate()
        vector = self.params[0]
        if is_traced(vector):
            return
        norm = float(np.linalg.norm(np.asarray(vector)))
        if self.hyperparameters["normalize"]:
            if norm == 0:
                raise UnitaryError("StatePrep cannot normalize the zero vector (its norm is 0)")
            return
        if abs(norm - 1) > NORM_ATOL:
            raise UnitaryError(
                f"StatePrep state must have norm 1 (within {NORM_ATOL}), got norm {norm:.6g}; "
                "normalise it or pass normalize=True"
            )

    def state_vector(self) -> jax.Array:
        vector = jnp.asarray(self.params[0], complex_dtype())
        if self.hyperparameters["normalize"]:
            vector = vector / jnp.linalg.norm(vector).astype(vector.dtype)
        return vector


class BasisState(StatePreparation):
    """Starts the wires in the computational basis state given by 0/1 ``bits``.

    ``bits`` may be traced: the state is the product of ``[1 - b, b]`` per wire.

    >>> BasisState(jnp.array([1, 0]), wires=[0, 1]).state_vector().real
    Array([0., 0., 1., 0.], dtype=float32)
    """

    param_names = ("bits",)

    @classmethod
    def example(cls) -> str:
        return "BasisState(jnp.array([1, 0]), wires=[0, 1])"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((len(self.wires),),)

    def _validate(self) -> None:
        super()._validate()
        bits = self.params[0]
        if not is_traced(bits) and not np.isin(np.asarray(bits), (0, 1)).all():
            raise ParameterError(
                f"BasisState bits must each be 0 or 1, got {np.asarray(bits).tolist()}; "
                f"e.g. {self.example()}"
            )

    def state_vector(self) -> jax.Array:
        bits = jnp.asarray(self.params[0], real_dtype())
        vector = jnp.ones((1,), real_dtype())
        for bit in bits:
            vector = jnp.kron(vector, jnp.stack([1 - bit, bit]))
        return vector.astype(complex_dtype())
