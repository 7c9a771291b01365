"""The density-matrix engine: mixed states, noise channels, every gate of the statevector engine.

A density matrix of n qubits is an array of shape ``(2,) * 2n``: the first n
axes are its rows (wire ``i`` is axis ``i``), the last n its columns (axis
``n + i``). A gate ``U`` is two kernel applications, ``U`` on the row axes
and ``conj(U)`` on the column axes; a channel on k wires is one contraction
of its ``4**k``-entry superoperator with its k row and k column axes. No
``4**n`` superoperator is ever built.

Consecutive gates and channels that together touch at most
:data:`MAX_SUPEROPERATOR_WIRES` wires are composed into one superoperator
and applied in one pass: a gate followed by its noise, or a layer of
one-qubit gates and channels on two wires, costs one pass instead of one or
two per operation.
"""

from collections.abc import Hashable, Sequence

import jax
import jax.numpy as jnp

from qjax import kernels
from qjax._dtypes import complex_dtype
from qjax._memory import check_state_fits
from qjax.circuit import Circuit
from qjax.errors import CircuitError
from qjax.ops import Kind, Operation
from qjax.simulate._statevector import (
    apply_operation,
    initial_state,
    postselects,
    scan_repeat,
)


def column_axes(circuit: Circuit, wires: Sequence[Hashable]) -> tuple[int, ...]:
    """The column axes of ``wires`` in a density matrix of the circuit.

    >>> import qjax as qj
    >>> column_axes(qj.record(lambda: qj.probs(), wires=3)(), [2, 0])
    (5, 3)
    """
    return tuple(circuit.num_wires + axis for axis in circuit.axes(wires))


def initial_density(circuit: Circuit) -> jax.Array:
    """``|psi><psi|`` of the circuit's initial state, shape ``(2,) * 2n``.

    >>> import qjax as qj
    >>> initial_density(qj.record(lambda: qj.probs(), wires=1)()).real
    Array([[1., 0.],
           [0., 0.]], dtype=float32)
    """
    state = jnp.reshape(initial_state(circuit), -1)
    return jnp.reshape(jnp.outer(state, jnp.conj(state)), (2,) * (2 * circuit.num_wires))


def apply_to_density(density: jax.Array, op: Operation, circuit: Circuit) -> jax.Array:
    """Applies one gate, channel or repeated block to a density matrix.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> flipped = apply_to_density(initial_density(circuit), qj.ops.BitFlip(0.25, wires=0), circuit)
    >>> flipped.real
    Array([[0.75, 0.  ],
           [0.  , 0.25]], dtype=float32)
    """
    kind = op.kind
    if kind is Kind.CHANNEL:
        axes = circuit.axes(op.wires) + column_axes(circuit, op.wires)
        return kernels.apply_matrix(density, op.superoperator(), axes)
    if kind is Kind.REPEAT:
        return scan_repeat(
            density, op, lambda part, body: apply_all_to_density(part, body, circuit)
        )
    if kind in (Kind.MEASURE, Kind.CONDITIONAL):
        raise CircuitError(
            f"{op!r} reached the density-matrix engine: defer mid-circuit measurements first "
            "(qj.compile.defer_measurements)"
        )
    rows = apply_operation(density, op, circuit.axes)
    return apply_operation(rows, op, lambda wires: column_axes(circuit, wires), conjugate=True)


MAX_SUPEROPERATOR_WIRES = 2
"""The widest block of gates and channels composed into one superoperator (``16 x 16``)."""

_COMPOSABLE = frozenset(
    {Kind.DENSE, Kind.DIAGONAL, Kind.PERMUTATION, Kind.CONTROLLED, Kind.SEQUENCE, Kind.CHANNEL}
)


def _blocks(operations: Sequence[Operation]) -> list[list[Operation]]:
    """Runs of consecutive operations whose wires together number at most two.

    >>> import qjax as qj
    >>> ops = [qj.ops.RY(0.1, 0), qj.ops.BitFlip(0.1, 0), qj.ops.CNOT([0, 1]), qj.ops.X(2)]
    >>> [[op.name for op in block] for block in _blocks(ops)]
    [['RY', 'BitFlip', 'CNOT'], ['X']]
    """
    blocks: list[list[Operation]] = []
    wires: set = set()
    for op in operations:
        joined = wires | set(op.wires)
        composable = op.kind in _COMPOSABLE and len(op.wires) <= MAX_SUPEROPERATOR_WIRES
        if blocks and composable and wires and len(joined) <= MAX_SUPEROPERATOR_WIRES:
            blocks[-1].append(op)
            wires = joined
        else:
            blocks.append([op])
            wires = set(op.wires) if composable else set()
    return blocks


def block_superoperator(block: Sequence[Operation], wires: Sequence[Hashable]) -> jax.Array:
    """The superoperator of gates and channels applied in order on ``wires``: ``(4**k, 4**k)``.

    Each column is the block applied to one basis matrix ``|r><c|`` of the
    k wires, rows then columns, as :meth:`~qjax.ops.Channel.superoperator` orders them.

    >>> import qjax as qj
    >>> flip = block_superoperator([qj.ops.X(0), qj.ops.X(0)], [0])
    >>> bool(jnp.allclose(flip, jnp.eye(4)))
    True
    """
    local = Circuit((), (), None, tuple(wires))  # type: ignore[arg-type]
    size = 4 ** len(wires)
    basis = jnp.reshape(jnp.eye(size, dtype=complex_dtype()), (size,) + (2,) * (2 * len(wires)))
    images = jax.vmap(lambda unit: _apply_each(unit, block, local))(basis)
    return jnp.reshape(images, (size, size)).T


def _apply_each(density: jax.Array, operations: Sequence[Operation], circuit: Circuit) -> jax.Array:
    for op in operations:
        density = apply_to_density(density, op, circuit)
    return density


def apply_all_to_density(
    density: jax.Array, operations: Sequence[Operation], circuit: Circuit
) -> jax.Array:
    """Applies gates and channels in order, first to last.

    Runs of operations on at most two wires, with a channel or more than one
    operation among them, are applied as one composed superoperator.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> ops = [qj.ops.H(0), qj.ops.PhaseDamping(1.0, wires=0)]
    >>> apply_all_to_density(initial_density(circuit), ops, circuit).real.round(4)
    Array([[0.5, 0. ],
           [0. , 0.5]], dtype=float32)
    """
    for block in _blocks(operations):
        if len(block) == 1:
            density = apply_to_density(density, block[0], circuit)
            continue
        wires = sorted({w for op in block for w in op.wires}, key=circuit.axis)
        axes = circuit.axes(wires) + column_axes(circuit, wires)
        density = kernels.apply_matrix(density, block_superoperator(block, wires), axes)
    return density


def trace(density: jax.Array) -> jax.Array:
    """The trace of a ``(2,) * 2n`` density matrix, complex.

    >>> import qjax as qj
    >>> trace(initial_density(qj.record(lambda: qj.probs(), wires=2)()))
    Array(1.+0.j, dtype=complex64)
    """
    size = 2 ** (density.ndim // 2)
    return jnp.trace(jnp.reshape(density, (size, size)))


def final_density(circuit: Circuit) -> jax.Array:
    """The density matrix after all of the circuit's operations, shape ``(2,) * 2n``.

    Raises:
      StateSizeError: the density matrix (a ``2n``-qubit state) would not fit in memory.

    >>> import qjax as qj
    >>> def noisy():
    ...     qj.X(0)
    ...     qj.AmplitudeDamping(0.5, wires=0)
    ...     return qj.probs()
    >>> density = final_density(qj.record(noisy, wires=1)())
    >>> [[round(float(x), 4) for x in row] for row in density.real]
    [[0.5, 0.0], [0.0, 0.5]]
    """
    check_state_fits(2 * circuit.num_wires, complex_dtype())
    density = apply_all_to_density(initial_density(circuit), circuit.gates, circuit)
    if postselects(circuit):
        return density / trace(density)
    return density
