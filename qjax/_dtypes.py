"""The dtypes of states and parameters: complex64 by default, complex128 under x64."""

import jax
import numpy as np


def complex_dtype() -> np.dtype:
    """The dtype of states and matrices: ``complex128`` when ``jax_enable_x64`` is on.

    >>> complex_dtype()
    dtype('complex64')
    """
    return jax.dtypes.canonicalize_dtype(np.complex128)


def real_dtype() -> np.dtype:
    """The dtype of angles, probabilities and expectation values.

    >>> real_dtype()
    dtype('float32')
    """
    return jax.dtypes.canonicalize_dtype(np.float64)


def is_traced(value: object) -> bool:
    """Whether ``value`` is a JAX tracer, whose numbers are unknown at trace time.

    >>> is_traced(1.0)
    False
    """
    return isinstance(value, jax.core.Tracer)
