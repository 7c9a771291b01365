"""Quantum information on states: fidelity, trace distance, purity, von Neumann entropy.

Every function takes state vectors (shape ``(2**n,)``) or density matrices
(shape ``(2**n, 2**n)``), unbatched (``jax.vmap`` batches them), and returns a
real scalar. The work is done in the states' complex dtype (``complex64``, or
``complex128`` for 64-bit inputs under x64) and the result has the matching
real dtype.

Spectral quantities are not differentiable where an eigenvalue is zero (a pure
density matrix, equal states): ``sqrt`` and ``-p log p`` have an infinite
slope at 0 and ``|x|`` a kink. Eigenvalues and singular values within
rounding noise of zero (``dim * eps * largest``) are set to exactly 0, and
there the derivatives of ``sqrt``, ``-p log p`` and ``|x|`` are taken as 0. The gradients are then
finite everywhere and exact along every path that keeps the rank of the
states, such as pure states prepared by a circuit.
"""

import numbers
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.typing import ArrayLike

from qjax.errors import ParameterError

# Complex64 contractions on GPUs and TPUs default to TF32/bf16 passes.
PRECISION = lax.Precision.HIGHEST

_BATCH_HINT = "for a batch of states use jax.vmap(qj.math.{function})"


def _dimension(function: str, name: str, state: ArrayLike) -> int:
    """The dimension ``2**n`` of a state vector or density matrix, after checking its shape."""
    shape = tuple(np.shape(state))
    hint = _BATCH_HINT.format(function=function)
    if len(shape) not in (1, 2):
        raise ParameterError(
            f"{function}: {name} must be a state vector of shape (2**n,) or a density matrix "
            f"of shape (2**n, 2**n), got shape {shape}; {hint}"
        )
    if len(shape) == 2 and shape[0] != shape[1]:
        raise ParameterError(
            f"{function}: {name} must be a square density matrix (2**n, 2**n), got shape "
            f"{shape}; e.g. shape (4, 4) for 2 qubits, and {hint}"
        )
    if shape[0] < 1 or shape[0] & (shape[0] - 1):
        raise ParameterError(
            f"{function}: {name} must have a power-of-2 size 2**n for n qubits, got shape "
            f"{shape}; e.g. shape (4,) or (4, 4) for 2 qubits"
        )
    return shape[0]


def _complex(*states: ArrayLike) -> tuple[jax.Array, ...]:
    """The states as arrays of their common complex dtype (complex64 unless x64 and 64-bit)."""
    dtypes = [s.dtype if hasattr(s, "dtype") else np.asarray(s).dtype for s in states]
    dtype = jax.dtypes.canonicalize_dtype(np.result_type(*dtypes, np.complex64))
    return tuple(jnp.asarray(s, dtype) for s in states)


def _pair(function: str, state0: ArrayLike, state1: ArrayLike) -> tuple[jax.Array, ...]:
    """Two checked states of the same size, in their common complex dtype."""
    if _dimension(function, "state0", state0) != _dimension(function, "state1", state1):
        raise ParameterError(
            f"{function}: state0 and state1 must be states of the same number of qubits, got "
            f"shapes {np.shape(state0)} and {np.shape(state1)}"
        )
    return _complex(state0, state1)


def _density(state: jax.Array) -> jax.Array:
    if state.ndim == 2:
        return state
    return jnp.outer(state, jnp.conj(state))


def as_density_matrix(state: ArrayLike) -> jax.Array:
    """The density matrix of a state: ``|a><a|`` for a vector, a matrix itself.

    Args:
      state: a state vector ``(2**n,)`` or a density matrix ``(2**n, 2**n)``.

    Returns:
      Shape ``(2**n, 2**n)``, complex.

    >>> as_density_matrix(jnp.array([0, 1]))
    Array([[0.+0.j, 0.+0.j],
           [0.+0.j, 1.+0.j]], dtype=complex64)
    """
    _dimension("as_density_matrix", "state", state)
    (state,) = _complex(state)
    return _density(state)


def _on_positive(fn: Callable[[jax.Array], jax.Array], x: jax.Array) -> jax.Array:
    """``fn(x)`` where ``x > 0``, else 0, with derivative 0 (never NaN) where ``x <= 0``."""
    positive = x > 0
    return jnp.where(positive, fn(jnp.where(positive, x, 1)), 0)


def _clamp(values: jax.Array) -> jax.Array:
    """PSD eigenvalues or singular values, those within rounding noise of 0 set to exactly 0."""
    eps = jnp.finfo(values.dtype).eps
    noise = lax.stop_gradient(values.shape[-1] * eps * jnp.max(jnp.abs(values)))
    return jnp.where(values > noise, values, 0)


def _roots(matrix: jax.Array) -> tuple[jax.Array, jax.Array]:
    values, vectors = jnp.linalg.eigh(matrix)
    return _on_positive(jnp.sqrt, _clamp(values)), vectors


def _compose(vectors: jax.Array, middle: jax.Array) -> jax.Array:
    """``V @ middle @ V^H``; a 1-D ``middle`` is a diagonal."""
    middle = middle.astype(vectors.dtype)
    if middle.ndim == 1:
        left = vectors * middle[None, :]
    else:
        left = jnp.matmul(vectors, middle, precision=PRECISION)
    return jnp.matmul(left, jnp.conj(vectors).T, precision=PRECISION)


@jax.custom_jvp
def _sqrtm(matrix: jax.Array) -> jax.Array:
    """The square root of a positive semidefinite matrix (noise eigenvalues clamped to 0)."""
    roots, vectors = _roots(matrix)
    return _compose(vectors, roots)


@_sqrtm.defjvp
def _sqrtm_jvp(primals: tuple, tangents: tuple) -> tuple[jax.Array, jax.Array]:
    # Daleckii-Krein: in the eigenbasis the tangent is scaled by sqrt's divided differences,
    # 1 / (s_i + s_j); on the kernel x kernel block (s_i = s_j = 0) the scale is 0, which is
    # exact for tangents that keep the rank and spares the eigenvectors' unstable derivative.
    (matrix,), (tangent,) = primals, tangents
    roots, vectors = _roots(matrix)
    sums = roots[:, None] + roots[None, :]
    scale = _on_positive(jnp.reciprocal, sums)
    hermitian = (tangent + jnp.conj(tangent).T) / 2
    rotated = jnp.matmul(
        jnp.conj(vectors).T,
        jnp.matmul(hermitian, vectors, precision=PRECISION),
        precision=PRECISION,
    )
    return _compose(vectors, roots), _compose(vectors, scale.astype(rotated.dtype) * rotated)


def fidelity(state0: ArrayLike, state1: ArrayLike) -> jax.Array:
    """The fidelity ``F = (Tr sqrt(sqrt(rho) sigma sqrt(rho)))**2`` of two states, in ``[0, 1]``.

    The squared convention (PennyLane's): ``|<a|b>|**2`` for two vectors,
    ``<a|sigma|a>`` for a vector and a density matrix, eigendecompositions for
    two density matrices. Symmetric in its arguments.

    Derivative: smooth when an argument is a vector. For two density
    matrices, ``F`` has an infinite slope in directions that raise a zero
    eigenvalue of ``rho`` or ``sigma`` (like ``sqrt(x)`` at 0). There the
    derivative of ``sqrt`` is taken as 0 (the kernel x kernel block of the
    tangent is dropped), as is that of a zero singular value of
    ``sqrt(rho) sqrt(sigma)``: gradients are finite, and exact along paths of
    fixed rank (pure density matrices, equal states).

    Args:
      state0: a state vector ``(2**n,)`` or a density matrix ``(2**n, 2**n)``.
      state1: the same, of the same number of qubits.

    Returns:
      A real scalar.

    >>> plus = jnp.array([1, 1], jnp.complex64) / 2**0.5
    >>> fidelity(jnp.array([1, 0]), plus).round(5)
    Array(0.5, dtype=float32)
    >>> fidelity(jnp.diag(jnp.array([0.75, 0.25])), jnp.eye(2) / 2).round(5)
    Array(0.93301, dtype=float32)
    """
    rho, sigma = _pair("fidelity", state0, state1)
    if rho.ndim == 1 and sigma.ndim == 1:
        overlap = jnp.vdot(rho, sigma, precision=PRECISION)
        return jnp.real(overlap) ** 2 + jnp.imag(overlap) ** 2
    if rho.ndim == 1 or sigma.ndim == 1:
        vector, matrix = (rho, sigma) if rho.ndim == 1 else (sigma, rho)
        image = jnp.matmul(matrix, vector, precision=PRECISION)
        return jnp.real(jnp.vdot(vector, image, precision=PRECISION))
    # Tr sqrt(sqrt(rho) sigma sqrt(rho)) is the sum of the singular values of
    # sqrt(rho) sqrt(sigma): computed from these, small ones keep their digits instead of
    # losing half of them to a square root of eigenvalues.
    product = jnp.matmul(_sqrtm(rho), _sqrtm(sigma), precision=PRECISION)
    singular_values = _clamp(jnp.linalg.svd(product, compute_uv=False))
    return jnp.sum(singular_values) ** 2


def trace_distance(state0: ArrayLike, state1: ArrayLike) -> jax.Array:
    """The trace distance ``||rho - sigma||_1 / 2`` of two states, in ``[0, 1]``.

    Half the sum of the absolute eigenvalues of ``rho - sigma``; vectors are
    taken as ``|a><a|``. Derivative: ``|x|`` has a kink at 0, where its
    derivative is taken as 0, so equal states get the gradient 0.

    Args:
      state0: a state vector ``(2**n,)`` or a density matrix ``(2**n, 2**n)``.
      state1: the same, of the same number of qubits.

    Returns:
      A real scalar.

    >>> trace_distance(jnp.array([1, 0]), jnp.eye(2) / 2).round(5)
    Array(0.5, dtype=float32)
    """
    rho, sigma = _pair("trace_distance", state0, state1)
    eigenvalues = jnp.linalg.eigvalsh(_density(rho) - _density(sigma))
    # x * sign(x) is |x| with derivative sign(x), 0 at 0 (jnp.abs's derivative there is 1).
    return jnp.sum(eigenvalues * jnp.sign(eigenvalues)) / 2


def purity(state: ArrayLike) -> jax.Array:
    """The purity ``Tr(rho**2)`` of a state: 1 when pure, ``2**-n`` when maximally mixed.

    Args:
      state: a state vector ``(2**n,)`` or a density matrix ``(2**n, 2**n)``.

    Returns:
      A real scalar.

    >>> purity(jnp.eye(4) / 4).round(5)
    Array(0.25, dtype=float32)
    """
    _dimension("purity", "state", state)
    (rho,) = _complex(state)
    if rho.ndim == 1:
        return jnp.real(jnp.vdot(rho, rho, precision=PRECISION)) ** 2
    return jnp.real(jnp.sum(rho * rho.T))


def vn_entropy(state: ArrayLike, base: float | None = None) -> jax.Array:
    """The von Neumann entropy ``-Tr(rho log rho)`` of a state, from its eigenvalues.

    ``0 log 0 = 0``, and a state vector (pure) has entropy 0. Derivative:
    ``-p log p`` has an infinite slope at ``p = 0``, where its derivative is
    taken as 0: gradients are finite, exact along paths of fixed rank.

    Args:
      state: a state vector ``(2**n,)`` or a density matrix ``(2**n, 2**n)``.
      base: the logarithm's base: ``None`` for nats (natural log), 2 for bits.

    Returns:
      A real scalar, between 0 and ``n log(2)`` (``n`` with ``base=2``).

    >>> vn_entropy(jnp.eye(4) / 4, base=2).round(5)
    Array(2., dtype=float32)
    """
    _dimension("vn_entropy", "state", state)
    if base is not None and not (isinstance(base, numbers.Real) and base > 0 and base != 1):
        raise ParameterError(
            f"vn_entropy: base must be a positive number other than 1, or None for the "
            f"natural log, got base={base!r}; e.g. base=2 for bits"
        )
    (rho,) = _complex(state)
    real = jnp.real(rho).dtype
    if rho.ndim == 1:
        return jnp.zeros((), real)
    eigenvalues = _clamp(jnp.linalg.eigvalsh(rho))
    entropy = -jnp.sum(_on_positive(lambda p: p * jnp.log(p), eigenvalues))
    return entropy if base is None else entropy / float(np.log(base))
