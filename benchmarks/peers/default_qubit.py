"""PennyLane ``default.qubit`` with the JAX interface: a JAX function, jitted and vmapped
by the workloads; gradients by backpropagation through the simulation."""

import jax
import pennylane as qml

from benchmarks.peers._pennylane import qnode
from benchmarks.peers.base import Function


def _qnode(num_qubits: int, depth: int, *, embed: bool = False) -> qml.QNode:
    device = qml.device("default.qubit", wires=num_qubits)
    return qnode(device, num_qubits, depth, embed=embed, interface="jax", diff_method="backprop")


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(jax.numpy.zeros((1, 2, 2)))), 5)
    1.0
    """
    return _qnode(num_qubits, depth)


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row, by ``jax.vmap``.

    >>> angles, inputs = jax.numpy.zeros((1, 2, 2)), jax.numpy.full((3, 2), jax.numpy.pi)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    return jax.vmap(_qnode(num_qubits, depth, embed=True), in_axes=(None, 0))


def gradient(num_qubits: int, depth: int) -> Function:
    """``angles -> d<Z0>/d angles``, by ``jax.grad`` (backprop).

    >>> gradient(2, 1)(jax.numpy.ones((1, 2, 2))).shape
    (1, 2, 2)
    """
    return jax.grad(_qnode(num_qubits, depth))
