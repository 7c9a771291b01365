"""Shared test helpers: tolerances per dtype, and the transforms every path is tested under."""

import jax
import jax.extend as jex
import numpy as np

_TOLERANCE = {np.dtype("complex64"): 1e-5, np.dtype("complex128"): 1e-10}


def tolerance(dtype: object = None) -> dict[str, float]:
    """``rtol`` and ``atol`` for results computed in ``dtype`` (default: the current state dtype).

    Real dtypes take the tolerance of the complex dtype of the same precision.
    """
    if dtype is None:
        dtype = jax.dtypes.canonicalize_dtype(np.complex128)
    dtype = np.result_type(np.dtype(dtype), np.complex64)
    value = _TOLERANCE[np.dtype(dtype)]
    return {"rtol": value, "atol": value}


def assert_close(actual: object, expected: object, dtype: object = None) -> None:
    """``np.testing.assert_allclose`` with the tolerance of ``dtype``."""
    np.testing.assert_allclose(np.asarray(actual), np.asarray(expected), **tolerance(dtype))


TRANSFORMS = {"eager": lambda f: f, "jit": jax.jit}
"""Every public path is tested eager and jitted: parametrize over these."""


def jaxpr_equations(jaxpr: jex.core.Jaxpr):
    """Every equation of a jaxpr, including those of nested jaxprs (jit, custom rules)."""
    for eqn in jaxpr.eqns:
        yield eqn
        for param in eqn.params.values():
            for sub in param if isinstance(param, (tuple, list)) else (param,):
                if isinstance(sub, jex.core.ClosedJaxpr):
                    yield from jaxpr_equations(sub.jaxpr)
                elif isinstance(sub, jex.core.Jaxpr):
                    yield from jaxpr_equations(sub)
