"""PennyLane ``default.mixed`` with the JAX interface: the ``noise`` workload's density
matrix, a JAX function jitted by the workload, as ``default_qubit`` runs its state.

PennyLane's channels are the ones qjax's follow: no conversion."""

from typing import Any

import pennylane as qml

from benchmarks.peers._pennylane import ROTATIONS
from benchmarks.peers.base import Channel, Function, angle_values, noisy_ansatz

CHANNELS = {
    "DepolarizingChannel": qml.DepolarizingChannel,
    "AmplitudeDamping": qml.AmplitudeDamping,
}


def noisy(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>`` of the noisy ansatz (angles of shape ``(depth, num_qubits)``).

    >>> import jax
    >>> with jax.numpy_dtype_promotion("standard"):  # as PennyLane's users run it
    ...     value = jax.jit(noisy(2, 1))(jax.numpy.zeros((1, 2)))
    >>> round(float(value), 4)
    0.9867
    """
    ops = noisy_ansatz(num_qubits, depth)

    def circuit(angles: Any) -> Any:
        values = angle_values(angles)
        for op in ops:
            if isinstance(op, Channel):
                CHANNELS[op.name](op.probability, wires=op.wires)
            elif op.angle is None:
                qml.CNOT(wires=op.wires)
            else:
                ROTATIONS[op.name](values[op.angle], wires=op.wires)
        return qml.expval(qml.Z(0))

    device = qml.device("default.mixed", wires=num_qubits)
    return qml.QNode(circuit, device, interface="jax", diff_method="backprop")
