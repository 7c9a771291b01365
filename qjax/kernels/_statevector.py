"""Pure kernels that apply a k-qubit action to a state tensor.

A state of n qubits is an array of shape ``(2,) * n``; ``axes`` name the
tensor axes a gate acts on, in the gate's own wire order (the first axis is
the most significant bit of the gate's matrix index). Batching is ``vmap``'s
job: every kernel sees one unbatched state.
"""

from collections.abc import Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

# Complex64 contractions on GPUs and TPUs default to TF32/bf16 passes.
PRECISION = lax.Precision.HIGHEST

_FLIP = (1, 0)
_SWAP = (0, 2, 1, 3)


def _runs(shape: Sequence[int], targets: Sequence[int]) -> list[tuple[bool, int]]:
    """The axes as maximal runs of target and other axes: ``(is_target, merged size)``."""
    runs: list[tuple[bool, int]] = []
    for axis, size in enumerate(shape):
        is_target = axis in targets
        if runs and runs[-1][0] == is_target:
            runs[-1] = (is_target, runs[-1][1] * size)
        else:
            runs.append((is_target, size))
    return runs


def apply_matrix(state: jax.Array, matrix: jax.Array, axes: Sequence[int]) -> jax.Array:
    """Contracts a ``(2**k, 2**k)`` matrix with the state's ``axes``.

    The state is viewed with each run of neighbouring axes merged into one,
    so the contraction is one matrix product between few, long axes and the
    moves around it are copies of long rows. The state is the left operand
    unless the gate acts on the first axis, so gates on the last axes need no
    move at all.

    Args:
      state: complex array of shape ``(2,) * n``.
      matrix: complex array of shape ``(2**k, 2**k)``, in the order of ``axes``.
      axes: the k distinct state axes the matrix acts on.

    Returns:
      The new state, same shape and dtype.

    >>> import jax.numpy as jnp
    >>> x = jnp.array([[0, 1], [1, 0]], dtype=jnp.complex64)
    >>> apply_matrix(jnp.array([1, 0], dtype=jnp.complex64), x, [0])
    Array([0.+0.j, 1.+0.j], dtype=complex64)
    """
    k = len(axes)
    if k == 0:
        return state * jnp.reshape(jnp.asarray(matrix, dtype=state.dtype), ())
    order = np.argsort(axes)
    tensor = jnp.reshape(jnp.asarray(matrix, dtype=state.dtype), (2,) * (2 * k))
    tensor = jnp.transpose(tensor, (*order, *(k + order)))
    runs = _runs(state.shape, set(axes))
    targets = tuple(i for i, (is_target, _) in enumerate(runs) if is_target)
    target_sizes = tuple(size for is_target, size in runs if is_target)
    tensor = jnp.reshape(tensor, target_sizes * 2)
    grouped = jnp.reshape(state, tuple(size for _, size in runs))
    r = len(targets)
    if targets[0] == 0:
        contracted = jnp.tensordot(
            tensor, grouped, axes=(tuple(range(r, 2 * r)), targets), precision=PRECISION
        )
        moved = jnp.moveaxis(contracted, tuple(range(r)), targets)
    else:
        contracted = jnp.tensordot(
            grouped, tensor, axes=(targets, tuple(range(r, 2 * r))), precision=PRECISION
        )
        rows = tuple(range(contracted.ndim - r, contracted.ndim))
        moved = jnp.moveaxis(contracted, rows, targets)
    return jnp.reshape(moved, state.shape)


def apply_diagonal(state: jax.Array, diagonal: jax.Array, axes: Sequence[int]) -> jax.Array:
    """Multiplies the state elementwise by a diagonal gate on ``axes``.

    Args:
      state: complex array of shape ``(2,) * n``.
      diagonal: array of shape ``(2**k,)``, in the order of ``axes``; ``k`` may
        be 0 (a global phase, shape ``(1,)``).
      axes: the k distinct state axes the diagonal acts on.

    Returns:
      The new state, same shape and dtype.

    >>> import jax.numpy as jnp
    >>> z = jnp.array([1, -1], dtype=jnp.complex64)
    >>> apply_diagonal(jnp.array([0, 1], dtype=jnp.complex64), z, [0])
    Array([ 0.+0.j, -1.+0.j], dtype=complex64)
    """
    tensor = jnp.reshape(jnp.asarray(diagonal, dtype=state.dtype), (2,) * len(axes))
    tensor = jnp.transpose(tensor, np.argsort(axes))
    shape = [1] * state.ndim
    for axis in axes:
        shape[axis] = 2
    return state * jnp.reshape(tensor, shape)


def apply_permutation(
    state: jax.Array, permutation: Sequence[int], axes: Sequence[int]
) -> jax.Array:
    """Permutes the basis states of the qubits on ``axes``: ``|i> -> |permutation[i]>``.

    The identity costs nothing, a bit flip becomes a reversal and a swap a
    transposition; any other
    permutation is one gather with a constant index. No multiplication is made.

    Args:
      state: array of shape ``(2,) * n``.
      permutation: a static permutation of ``range(2**k)``.
      axes: the k distinct state axes it acts on.

    Returns:
      The new state, same shape and dtype.

    >>> import jax.numpy as jnp
    >>> apply_permutation(jnp.array([1, 0, 0, 0]).reshape(2, 2), (1, 0), [1])
    Array([[0, 1],
           [0, 0]], dtype=int32)
    """
    permutation = tuple(permutation)
    if permutation == tuple(range(len(permutation))):
        return state
    if permutation == _FLIP:
        return jnp.flip(state, axis=axes[0])
    if permutation == _SWAP:
        return jnp.swapaxes(state, axes[0], axes[1])
    k = len(axes)
    front = jnp.moveaxis(state, tuple(axes), tuple(range(k)))
    flat = jnp.reshape(front, (2**k, -1))
    source = np.argsort(permutation)
    permuted = jnp.reshape(jnp.take(flat, source, axis=0), front.shape)
    return jnp.moveaxis(permuted, tuple(range(k)), tuple(axes))


def apply_controlled(
    state: jax.Array,
    control_axes: Sequence[int],
    control_values: Sequence[int],
    apply_target: Callable[[jax.Array], jax.Array],
) -> jax.Array:
    """Applies ``apply_target`` only to the slice where the controls hold their values.

    The slice keeps every axis (a control axis has length 1 in it), so the
    target kernel addresses its axes as in the full state. The slice holds
    ``2**-c`` of the state for ``c`` controls; the rest is copied, never
    multiplied. Concatenation measured faster than an in-place
    ``dynamic_update_slice``, which ``vmap`` turns into a scatter.

    Args:
      state: array of shape ``(2,) * n``.
      control_axes: the control qubits' axes.
      control_values: 0 or 1 for each control axis.
      apply_target: a kernel ``slice -> slice`` acting on the target axes.

    Returns:
      The new state, same shape and dtype.

    >>> import jax.numpy as jnp
    >>> flip_second = lambda s: apply_permutation(s, (1, 0), [1])
    >>> basis_10 = jnp.array([[0, 0], [1, 0]])
    >>> apply_controlled(basis_10, [0], [1], flip_second)
    Array([[0, 0],
           [0, 1]], dtype=int32)
    """
    if not control_axes:
        return apply_target(state)
    axis, value = control_axes[0], control_values[0]
    idle = lax.slice_in_dim(state, 1 - value, 2 - value, axis=axis)
    active = lax.slice_in_dim(state, value, value + 1, axis=axis)
    active = apply_controlled(active, control_axes[1:], control_values[1:], apply_target)
    halves = (idle, active) if value == 1 else (active, idle)
    return jnp.concatenate(halves, axis=axis)
