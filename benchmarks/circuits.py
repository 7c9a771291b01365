"""The circuits the workloads simulate, written the way a user writes them."""

import jax
import jax.numpy as jnp
import numpy as np

import qjax as qj

PARAM_DTYPE = jnp.float32
"""Gate angles are float32, the real dtype of complex64 states."""


def hardware_efficient(num_qubits: int, diff_method: str = "backprop") -> qj.CircuitFunction:
    """The hardware-efficient ansatz, measuring ``<Z0>``.

    Each layer applies RY then RZ to every qubit, then a CNOT ladder
    ``0 -> 1 -> ... -> n-1``. The circuit takes angles of shape
    ``(depth, num_qubits, 2)``: a plain Python loop over layers, unrolled.

    >>> circuit = hardware_efficient(3)
    >>> round(float(circuit(jnp.zeros((2, 3, 2), PARAM_DTYPE))), 5)
    1.0
    """

    @qj.circuit(wires=num_qubits, diff_method=diff_method)
    def ansatz(params: jax.Array) -> jax.Array:
        for layer in range(params.shape[0]):
            for wire in range(num_qubits):
                qj.RY(params[layer, wire, 0], wires=wire)
                qj.RZ(params[layer, wire, 1], wires=wire)
            for wire in range(num_qubits - 1):
                qj.CNOT(wires=[wire, wire + 1])
        return qj.expval(qj.Z(0))

    return ansatz


def random_angles(num_qubits: int, depth: int, seed: int = 0) -> jax.Array:
    """Angles for :func:`hardware_efficient`, uniform in ``[0, 2 pi)``.

    >>> random_angles(4, 3).shape
    (3, 4, 2)
    """
    angles = np.random.default_rng(seed).uniform(0, 2 * np.pi, (depth, num_qubits, 2))
    return jnp.asarray(angles, PARAM_DTYPE)


def num_gates(circuit: qj.CircuitFunction, params: jax.Array) -> int:
    """The number of gates ``circuit`` applies for ``params``, counted from its recording.

    >>> num_gates(hardware_efficient(3), random_angles(3, 2))
    16
    """
    return len(circuit.record(params).gates)
