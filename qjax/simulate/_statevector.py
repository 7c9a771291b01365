"""The statevector engine: applies a recorded circuit's operations to a state.

It maps each operation's :class:`~qjax.ops.Kind` to its kernel: diagonals
multiply, permutations index, controlled gates touch only their slice, and
only dense gates contract; a repeated block of gates (``Kind.REPEAT``, made
by :mod:`qjax.compile`) runs as one ``lax.scan``. A postselection (made from
``qj.measure(..., postselect=v)``) projects, and the final state is then
renormalised. It never sees a batch: that is ``vmap``'s job.
"""

import functools
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

import jax
import jax.numpy as jnp
from jax import lax

from qjax import kernels
from qjax._dtypes import complex_dtype
from qjax._memory import check_state_fits
from qjax.circuit import Circuit
from qjax.errors import CircuitError
from qjax.ops import Kind, Operation

AxesOf = Callable[[Sequence[Hashable]], tuple[int, ...]]


def zero_state(num_wires: int) -> jax.Array:
    """``|0...0>`` as an array of shape ``(2,) * num_wires``.

    >>> zero_state(2).reshape(-1)
    Array([1.+0.j, 0.+0.j, 0.+0.j, 0.+0.j], dtype=complex64)
    """
    one = jnp.ones((1,) * num_wires, complex_dtype())
    return lax.pad(one, jnp.zeros((), complex_dtype()), [(0, 1, 0)] * num_wires)


def initial_state(circuit: Circuit) -> jax.Array:
    """The state after the circuit's state preparations (``|0>`` on the other wires).

    >>> import qjax as qj
    >>> def prepared():
    ...     qj.BasisState([1], wires=[1])
    ...     return qj.state()
    >>> initial_state(qj.record(prepared, wires=2)()).reshape(-1).real
    Array([0., 1., 0., 0.], dtype=float32)
    """
    preparations = circuit.preparations
    if not preparations:
        return zero_state(circuit.num_wires)
    prepared = [w for op in preparations for w in op.wires]
    rest = [w for w in circuit.wires if w not in prepared]
    vectors = [op.state_vector() for op in preparations]
    if rest:
        vectors.append(jnp.reshape(zero_state(len(rest)), -1))
    state = jnp.reshape(functools.reduce(jnp.kron, vectors), (2,) * circuit.num_wires)
    order = prepared + rest
    return jnp.transpose(state, [order.index(w) for w in circuit.wires])


Carry = TypeVar("Carry")


def scan_repeat(
    carry: Carry, op: Operation, apply_body: Callable[[Carry, Sequence[Operation]], Carry]
) -> Carry:
    """Runs a repeated block (``Kind.REPEAT``) as one ``lax.scan`` over its stacked leaves.

    ``apply_body(carry, gates)`` applies one repetition; every engine scans its
    own kind of state (a pure state, a density matrix, a trajectory) this way.

    >>> import qjax as qj
    >>> def flips():
    ...     for _ in range(3):
    ...         qj.X(0)
    ...     return qj.probs()
    >>> options = qj.CompileOptions(cancel_inverses=False, fuse=False, min_scan_gates=1)
    >>> (block,) = qj.compile_circuit(qj.record(flips, wires=1)(), options).gates
    >>> scan_repeat(zero_state(1), block, lambda s, body: apply_operations(s, body, tuple))
    Array([0.+0.j, 1.+0.j], dtype=complex64)
    """
    return lax.scan(
        lambda state, body: (apply_body(state, body), None),
        carry,
        op.params,
        length=op.hyperparameters["count"],
    )[0]


def apply_operation(
    state: jax.Array, op: Operation, axes_of: AxesOf, conjugate: bool = False
) -> jax.Array:
    """Applies one gate to a state, through the kernel of the gate's kind.

    Args:
      state: complex array of shape ``(2,) * n`` (or the row or column axes
        of a density matrix).
      op: the gate.
      axes_of: maps wire labels to state axes.
      conjugate: apply the complex conjugate of the gate (to a density
        matrix's column axes).

    Returns:
      The new state.

    Raises:
      CircuitError: ``op`` is a noise channel or a mid-circuit measurement,
        which a pure state cannot hold.

    >>> import qjax as qj
    >>> apply_operation(zero_state(1), qj.ops.X(0), lambda wires: tuple(wires))
    Array([0.+0.j, 1.+0.j], dtype=complex64)
    """
    kind = op.kind
    if kind is Kind.CONTROLLED:
        return kernels.apply_controlled(
            state,
            axes_of(op.control_wires),
            op.control_values,
            lambda part: apply_operation(part, op.base, axes_of, conjugate),
        )
    if kind is Kind.SEQUENCE:
        return apply_operations(state, op.decomposition(), axes_of, conjugate)
    if kind is Kind.REPEAT:
        return scan_repeat(
            state, op, lambda part, body: apply_operations(part, body, axes_of, conjugate)
        )
    axes = axes_of(op.wires)
    if kind in (Kind.DIAGONAL, Kind.POSTSELECT):
        diagonal = op.diagonal()
        return kernels.apply_diagonal(state, jnp.conj(diagonal) if conjugate else diagonal, axes)
    if kind is Kind.PERMUTATION:
        return kernels.apply_permutation(state, op.permutation, axes)
    if kind is Kind.DENSE:
        matrix = op.matrix()
        return kernels.apply_matrix(state, jnp.conj(matrix) if conjugate else matrix, axes)
    raise CircuitError(
        f'{op!r} cannot act on a pure state: noise channels need method="density" or '
        '"trajectories", and mid-circuit measurements are deferred or drawn by qj.circuit'
    )


def apply_operations(
    state: jax.Array, operations: Sequence[Operation], axes_of: AxesOf, conjugate: bool = False
) -> jax.Array:
    """Applies gates in order, first to last.

    >>> import qjax as qj
    >>> ops = [qj.ops.X(0), qj.ops.X(1)]
    >>> apply_operations(zero_state(2), ops, lambda wires: tuple(wires)).reshape(-1).real
    Array([0., 0., 0., 1.], dtype=float32)
    """
    for op in operations:
        state = apply_operation(state, op, axes_of, conjugate)
    return state


def postselects(circuit: Circuit) -> bool:
    """Whether the circuit keeps only chosen outcomes of mid-circuit measurements."""
    return any(op.kind is Kind.POSTSELECT for op in circuit.gates)


def final_state(circuit: Circuit) -> jax.Array:
    """The state after all of the circuit's operations, shape ``(2,) * n``.

    Raises:
      StateSizeError: the state would not fit in the device's free memory.

    >>> import qjax as qj
    >>> def flip():
    ...     qj.X(1)
    ...     return qj.state()
    >>> final_state(qj.record(flip, wires=2)()).reshape(-1).real
    Array([0., 1., 0., 0.], dtype=float32)
    """
    check_state_fits(circuit.num_wires, complex_dtype())
    state = apply_operations(initial_state(circuit), circuit.gates, circuit.axes)
    if postselects(circuit):
        norm = jnp.sqrt(jnp.sum(jnp.real(state) ** 2 + jnp.imag(state) ** 2))
        return state / norm.astype(state.dtype)
    return state
