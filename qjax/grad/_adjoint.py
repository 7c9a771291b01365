"""Adjoint differentiation: reverse-mode gradients that store a constant number of states.

The forward pass keeps only the final state. The backward pass walks the
gates in reverse (Jones and Gacon, arXiv:2009.02823): it un-applies each
gate to the state (gates are unitary, so the inverse is exact), reads the
gate's parameter cotangents from the state before it and the cotangent state
after it, and pulls the cotangent state back through the gate. The readout's
VJP starts the walk, so every measurement kind is supported. Only unitary
gates can be un-applied: a traced ``QubitUnitary`` must be unitary.
"""

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
from jax import lax

from qjax.circuit import Circuit
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, compile_circuit, for_method
from qjax.errors import DifferentiationError
from qjax.grad._tangents import zero_tangent
from qjax.measure import readout
from qjax.ops import NON_UNITARY_KINDS, Kind, Operation
from qjax.simulate import apply_operation, final_state, initial_state


def _check_unitary(circuit: Circuit, method: str) -> None:
    """Raises a DifferentiationError unless every operation can be un-applied."""
    if method != "statevector":
        raise DifferentiationError(
            f'diff_method="adjoint" un-applies unitary gates to a pure state, so it needs '
            f'method="statevector", got method={method!r}; use diff_method="backprop"'
        )
    for op in circuit.gates:
        if op.kind in NON_UNITARY_KINDS:
            raise DifferentiationError(
                f'diff_method="adjoint" cannot un-apply {op!r}, which is not unitary; use '
                'diff_method="backprop" or "finite-diff"'
            )


def _as_arrays(leaves: Sequence[Any]) -> list[jax.Array]:
    return [jnp.asarray(leaf) for leaf in leaves]


def _cotangent_leaves(cotangent: Any, template: Circuit) -> list[Any]:
    """The leaves of a circuit-shaped cotangent, zeros where the circuit is not differentiable."""
    leaves = jax.tree_util.tree_leaves(template)
    got = jax.tree_util.tree_leaves(cotangent)
    return [
        c if jnp.issubdtype(leaf.dtype, jnp.inexact) else zero_tangent(leaf)
        for c, leaf in zip(got, leaves, strict=True)
    ]


def _pull_back(ct_state: jax.Array, inverse: Operation, circuit: Circuit) -> jax.Array:
    """``U^T ct``, the cotangent before a unitary gate, as ``conj(U^dagger conj(ct))``.

    Applying the inverse with the forward kernel avoids transposing it: JAX's
    transpose of a slice is a zero pad, which costs passes and memory.
    """
    return jnp.conj(apply_operation(jnp.conj(ct_state), inverse, circuit.axes))


def _gate_cotangent(
    op: Operation, previous: jax.Array, ct_state: jax.Array, circuit: Circuit
) -> Operation:
    """The cotangent of a gate's parameters, given the state before it and the cotangent after.

    A dense gate (fused blocks included) takes its VJP through its matrix:
    one contraction of the two states gives the matrix's cotangent, whatever
    the number of parameters. For other kinds, a real scalar parameter takes
    one forward-mode derivative of the gate application,
    ``Re sum(ct * dU/dtheta psi)``: a forward kernel and one fused reduction
    (the VJP of a sliced kernel would pad); other leaves take the gate's VJP.
    """
    leaves, treedef = jax.tree_util.tree_flatten(op)

    def apply(*params: jax.Array) -> jax.Array:
        return apply_operation(previous, treedef.unflatten(params), circuit.axes)

    if op.kind is Kind.DENSE:
        return treedef.unflatten(jax.vjp(apply, *leaves)[1](ct_state))
    cotangents = []
    for index, leaf in enumerate(leaves):
        if leaf.ndim == 0 and jnp.issubdtype(leaf.dtype, jnp.floating):
            tangents = [jnp.zeros_like(x) for x in leaves]
            tangents[index] = jnp.ones_like(leaf)
            moved = jax.jvp(apply, leaves, tangents)[1]
            cotangents.append(jnp.real(jnp.sum(ct_state * moved)).astype(leaf.dtype))
        else:
            cotangents.append(jax.vjp(apply, *leaves)[1](ct_state)[index])
    return treedef.unflatten(cotangents)


Walk = tuple[jax.Array, jax.Array, list[Operation]]
"""The state, the cotangent state and the gates' cotangents (last gate first)."""


def _repeat_cotangent(
    op: Operation, state: jax.Array, ct_state: jax.Array, circuit: Circuit
) -> tuple:
    """Walks a scanned block back, one repetition per step of a reverse scan."""

    def layer(carry: tuple[jax.Array, jax.Array], body: tuple) -> tuple:
        state, ct_state, ct_body = _walk_back(body, *carry, circuit)
        return (state, ct_state), tuple(reversed(ct_body))

    (state, ct_state), ct_body = lax.scan(
        layer, (state, ct_state), op.params, length=op.count, reverse=True
    )
    return state, ct_state, op.with_params(*jax.tree_util.tree_leaves(ct_body))


def _walk_back(
    gates: Sequence[Operation], state: jax.Array, ct_state: jax.Array, circuit: Circuit
) -> Walk:
    """Un-applies ``gates`` from the final state, pulling the cotangent state back with it."""
    ct_gates: list[Operation] = []
    for op in reversed(gates):
        # Without the barrier XLA may defer work (the un-applying chain, the
        # parameter cotangents) and keep every intermediate state alive for it.
        state, ct_state, ct_gates = lax.optimization_barrier((state, ct_state, ct_gates))
        if op.kind is Kind.REPEAT:
            state, ct_state, ct_op = _repeat_cotangent(op, state, ct_state, circuit)
            ct_gates.append(ct_op)
            continue
        inverse = op.adjoint()
        previous = apply_operation(state, inverse, circuit.axes)
        ct_gates.append(_gate_cotangent(op, previous, ct_state, circuit))
        ct_state = _pull_back(ct_state, inverse, circuit)
        state = previous
    return state, ct_state, ct_gates


def _backward(circuit: Circuit, state: jax.Array, ct_results: Any) -> Circuit:
    """The circuit-shaped cotangent of the results, walking the gates in reverse."""
    ct_state, ct_readout = jax.vjp(readout, state, circuit)[1](ct_results)
    gates = circuit.gates
    _, ct_state, ct_gates = _walk_back(gates, state, ct_state, circuit)
    (ct_initial,) = jax.vjp(lambda c: initial_state(c), circuit)[1](ct_state)
    num_preparations = len(circuit.operations) - len(gates)
    operations = ct_initial.operations[:num_preparations] + tuple(reversed(ct_gates))
    return Circuit(operations, ct_readout.measurements, circuit.output, circuit.wires)


def adjoint_execute(
    circuit: Circuit, options: CompileOptions = DEFAULT_OPTIONS, *, method: str = "statevector"
) -> Any:
    """Simulates ``circuit``; its VJP is the adjoint method (no stored intermediate states).

    Reverse mode: ``jax.jacfwd`` and ``jax.jvp`` raise a
    :class:`~qjax.errors.DifferentiationError` naming the methods that support
    them; ``jax.hessian`` (forward over reverse) differentiates the backward pass.

    >>> import jax, qjax as qj
    >>> def f(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0))
    >>> grad = jax.grad(lambda t: adjoint_execute(qj.record(f, wires=1)(t)))(0.5)
    >>> round(float(grad), 5)
    -0.47943
    """
    circuit = for_method(circuit, method)
    _check_unitary(circuit, method)
    leaves, treedef = jax.tree_util.tree_flatten(compile_circuit(circuit, options))

    @jax.custom_vjp
    def run(leaves: list[jax.Array]) -> Any:
        rebuilt = treedef.unflatten(leaves)
        return readout(final_state(rebuilt), rebuilt)

    def forward(leaves: list[jax.Array]) -> tuple[Any, tuple[list[jax.Array], jax.Array]]:
        rebuilt = treedef.unflatten(leaves)
        state = final_state(rebuilt)
        return readout(state, rebuilt), (leaves, state)

    def backward(residuals: tuple[list[jax.Array], jax.Array], ct_results: Any) -> tuple:
        leaves, state = residuals
        rebuilt = treedef.unflatten(leaves)
        return (_cotangent_leaves(_backward(rebuilt, state, ct_results), rebuilt),)

    run.defvjp(forward, backward)
    try:
        return run(_as_arrays(leaves))
    except TypeError as error:
        if "forward-mode" not in str(error):
            raise
        raise DifferentiationError(
            'diff_method="adjoint" is reverse mode only (jax.grad, jax.vjp, jax.jacrev, '
            'jax.hessian); for jax.jacfwd or jax.jvp use diff_method="backprop", '
            '"parameter-shift" or "finite-diff"'
        ) from error
