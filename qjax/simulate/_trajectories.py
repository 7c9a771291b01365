"""The trajectory engine: one pure state per ``jax.random`` key, noise and outcomes drawn.

Each channel applies one of its Kraus terms, drawn with the probability it
has on the current state, and renormalises; each mid-circuit measurement
draws its outcome and collapses the state. The average of a readout over
many keys (``vmap`` over them) converges to the density-matrix result, at
the memory of a pure state. Channels whose terms are all unitary (Pauli
noise) draw the term before applying it: one kernel application each.

Gradients flow through the gates of the drawn trajectory; the draws
themselves are discrete and are not differentiated.
"""

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
from jax import lax

from qjax import kernels
from qjax._dtypes import complex_dtype
from qjax._memory import check_state_fits
from qjax.circuit import Circuit
from qjax.errors import CircuitError
from qjax.ops import Channel, Conditional, Kind, Operation
from qjax.simulate._statevector import apply_operation, initial_state, scan_repeat

Trajectory = tuple[jax.Array, Any, dict[int, jax.Array]]
"""``(state, key, outcomes)``: the state, the key of the next draw, each measurement's bit."""


def _norms(states: jax.Array) -> jax.Array:
    """The squared norm of each state along the leading axis."""
    axes = tuple(range(1, states.ndim))
    return jnp.sum(jnp.real(states) ** 2 + jnp.imag(states) ** 2, axis=axes)


def _draw(key: Any, probabilities: jax.Array) -> jax.Array:
    """An index drawn with the given (unnormalised) probabilities; never differentiated."""
    return jax.random.categorical(key, jnp.log(lax.stop_gradient(probabilities)))


def jump(state: jax.Array, channel: Channel, axes: Sequence[int], key: Any) -> jax.Array:
    """The state after one Kraus term of ``channel``, drawn with its probability, renormalised.

    >>> import jax, qjax as qj
    >>> state = jax.numpy.array([0, 1], jax.numpy.complex64)
    >>> jump(state, qj.ops.AmplitudeDamping(1.0, wires=0), [0], jax.random.key(0))
    Array([1.+0.j, 0.+0.j], dtype=complex64)
    """
    weights, matrices = channel.weighted_kraus()
    if channel.mixed_unitary:
        return kernels.apply_matrix(state, matrices[_draw(key, weights)], axes)
    candidates = jax.vmap(lambda matrix: kernels.apply_matrix(state, matrix, axes))(matrices)
    norms = _norms(candidates)
    index = _draw(key, weights * norms)
    return candidates[index] / jnp.sqrt(norms[index]).astype(state.dtype)


def collapse(state: jax.Array, axis: int, key: Any, reset: bool) -> tuple[jax.Array, jax.Array]:
    """Measures the qubit on ``axis``: the renormalised post-measurement state and the bit.

    >>> import jax, qjax as qj
    >>> state = jax.numpy.array([0, 1], jax.numpy.complex64)
    >>> collapse(state, 0, jax.random.key(0), reset=True)
    (Array([1.+0.j, 0.+0.j], dtype=complex64), Array(1, dtype=int32))
    """
    one = lax.index_in_dim(state, 1, axis, keepdims=True)
    p_one = jnp.sum(jnp.real(one) ** 2 + jnp.imag(one) ** 2)
    bit = (jax.random.uniform(key, (), p_one.dtype) < lax.stop_gradient(p_one)).astype(jnp.int32)
    shape = [1] * state.ndim
    shape[axis] = 2
    keep = jnp.reshape(jnp.arange(2) == bit, shape)
    p_bit = jnp.where(bit == 1, p_one, 1 - p_one)
    collapsed = jnp.where(keep, state, 0) / jnp.sqrt(p_bit).astype(state.dtype)
    if reset:
        collapsed = jnp.where(bit == 1, jnp.flip(collapsed, axis), collapsed)
    return collapsed, bit


def condition_holds(op: Conditional, outcomes: dict[int, jax.Array]) -> jax.Array:
    """Whether the outcomes drawn so far make ``op``'s condition nonzero.

    >>> import jax.numpy as jnp, qjax as qj
    >>> op = qj.ops.Conditional(qj.ops.X(0), ids=(3,), table=(0, 1))
    >>> condition_holds(op, {3: jnp.array(1)})
    Array(True, dtype=bool)
    """
    condition = op.condition
    index = jnp.zeros((), jnp.int32)
    for measurement in condition.ids:
        index = 2 * index + outcomes[measurement]
    return jnp.asarray(condition.table)[index] != 0


def step(trajectory: Trajectory, op: Operation, circuit: Circuit) -> Trajectory:
    """Advances a trajectory by one operation (drawing for channels and measurements).

    >>> import jax, qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> start = (initial_state(circuit), jax.random.key(0), {})
    >>> step(start, qj.ops.X(0), circuit)[0]
    Array([0.+0.j, 1.+0.j], dtype=complex64)
    """
    state, key, outcomes = trajectory
    kind = op.kind
    if kind is Kind.REPEAT:
        return scan_repeat(trajectory, op, lambda part, body: steps(part, body, circuit))
    if kind is Kind.CHANNEL:
        key, draw = jax.random.split(key)
        return jump(state, op, circuit.axes(op.wires), draw), key, outcomes  # type: ignore[arg-type]
    if kind is Kind.MEASURE:
        hyper = op.hyperparameters
        if hyper["postselect"] is not None:
            raise CircuitError(
                'postselection needs exact results: use method="statevector" or "density" '
                'with qj.measure(..., postselect=...), not method="trajectories"'
            )
        key, draw = jax.random.split(key)
        state, bit = collapse(state, circuit.axis(op.wires[0]), draw, bool(hyper["reset"]))
        return state, key, {**outcomes, hyper["id"]: bit}  # type: ignore[dict-item]
    if kind is Kind.CONDITIONAL:
        applied = apply_operation(state, op.base, circuit.axes)  # type: ignore[attr-defined]
        return jnp.where(condition_holds(op, outcomes), applied, state), key, outcomes  # type: ignore[arg-type]
    return apply_operation(state, op, circuit.axes), key, outcomes


def steps(trajectory: Trajectory, operations: Sequence[Operation], circuit: Circuit) -> Trajectory:
    """Advances a trajectory through operations in order.

    >>> import jax, qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> start = (initial_state(circuit), jax.random.key(0), {})
    >>> steps(start, [qj.ops.X(0), qj.ops.X(0)], circuit)[0]
    Array([1.+0.j, 0.+0.j], dtype=complex64)
    """
    for op in operations:
        trajectory = step(trajectory, op, circuit)
    return trajectory


def final_trajectory(circuit: Circuit, key: Any) -> jax.Array:
    """The final pure state of the trajectory that ``key`` draws, shape ``(2,) * n``.

    >>> import jax, qjax as qj
    >>> def decay():
    ...     qj.X(0)
    ...     qj.AmplitudeDamping(1.0, wires=0)
    ...     return qj.probs()
    >>> final_trajectory(qj.record(decay, wires=1)(), jax.random.key(0))
    Array([1.+0.j, 0.+0.j], dtype=complex64)
    """
    check_state_fits(circuit.num_wires, complex_dtype())
    return steps((initial_state(circuit), key, {}), circuit.gates, circuit)[0]
