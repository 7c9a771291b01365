"""Tangents and cotangents of circuit leaves, shared by the custom derivative rules."""

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np


def zero_tangent(leaf: jax.Array) -> Any:
    """The zero (co)tangent of a leaf: zeros for numbers JAX differentiates, ``float0`` otherwise.

    >>> zero_tangent(jnp.ones(2)), zero_tangent(jnp.array([1, 0])).dtype
    (Array([0., 0.], dtype=float32), dtype([('float0', 'V')]))
    """
    if jnp.issubdtype(leaf.dtype, jnp.inexact):
        return jnp.zeros_like(leaf)
    return np.zeros(leaf.shape, jax.dtypes.float0)
