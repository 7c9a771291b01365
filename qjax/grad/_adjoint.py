"""Adjoint differentiation: reverse-mode gradients that store a constant number of states.

The forward pass keeps only the final state. The backward pass walks the
gates in reverse: it un-applies each gate to the state (gates are unitary, so
the inverse is exact) and pulls the cotangent state back through the gate,
reading the gate's parameter cotangents from that one gate's VJP (Jones and
Gacon, arXiv:2009.02823). The readout's VJP starts the walk, so every
measurement kind is supported.
"""

from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax.circuit import Circuit
from qjax.measure import readout
from qjax.simulate import apply_operation, final_state, initial_state


def _as_arrays(leaves: Sequence[Any]) -> list[jax.Array]:
    return [jnp.asarray(leaf) for leaf in leaves]


def _zero_cotangent(leaf: jax.Array) -> Any:
    if jnp.issubdtype(leaf.dtype, jnp.inexact):
        return jnp.zeros_like(leaf)
    return np.zeros(leaf.shape, jax.dtypes.float0)


def _cotangent_leaves(cotangent: Any, template: Circuit) -> list[Any]:
    """The leaves of a circuit-shaped cotangent, zeros where the circuit is not differentiable."""
    leaves = jax.tree_util.tree_leaves(template)
    got = jax.tree_util.tree_leaves(cotangent)
    return [
        c if jnp.issubdtype(leaf.dtype, jnp.inexact) else _zero_cotangent(leaf)
        for c, leaf in zip(got, leaves, strict=True)
    ]


def _backward(circuit: Circuit, state: jax.Array, ct_results: Any) -> Circuit:
    """The circuit-shaped cotangent of the results, walking the gates in reverse."""
    ct_state, ct_readout = jax.vjp(readout, state, circuit)[1](ct_results)
    gates = circuit.gates
    ct_gates = []
    for op in reversed(gates):
        previous = apply_operation(state, op.adjoint(), circuit.axes)
        pullback = jax.vjp(lambda s, o: apply_operation(s, o, circuit.axes), previous, op)[1]
        ct_state, ct_op = pullback(ct_state)
        ct_gates.append(ct_op)
        state = previous
    (ct_initial,) = jax.vjp(lambda c: initial_state(c), circuit)[1](ct_state)
    num_preparations = len(circuit.operations) - len(gates)
    operations = ct_initial.operations[:num_preparations] + tuple(reversed(ct_gates))
    return Circuit(operations, ct_readout.measurements, circuit.output, circuit.wires)


def adjoint_execute(circuit: Circuit) -> Any:
    """Simulates ``circuit``; its VJP is the adjoint method (no stored intermediate states).

    Reverse mode only: ``jax.jacfwd`` and ``jax.jvp`` are rejected by JAX
    (use ``diff_method="backprop"``, ``"parameter-shift"`` or ``"finite-diff"``).

    >>> import jax, qjax as qj
    >>> def f(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0))
    >>> grad = jax.grad(lambda t: adjoint_execute(qj.record(f, wires=1)(t)))(0.5)
    >>> round(float(grad), 5)
    -0.47943
    """
    leaves, treedef = jax.tree_util.tree_flatten(circuit)

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
    return run(_as_arrays(leaves))
