"""What the two PennyLane devices share: the ansatz as a QNode."""

from typing import Any

import pennylane as qml

from benchmarks.peers.base import angle_values, ansatz

ROTATIONS = {"RY": qml.RY, "RZ": qml.RZ}


def qnode(
    device: Any, num_qubits: int, depth: int, *, embed: bool = False, **options: Any
) -> qml.QNode:
    """The ansatz on ``device``, a QNode ``(angles[, inputs]) -> <Z0>`` with QNode ``options``.

    >>> circuit = qnode(qml.device("default.qubit", wires=2), 2, 1)
    >>> round(float(circuit(qml.numpy.zeros((1, 2, 2)))), 5)
    1.0
    """
    gates = ansatz(num_qubits, depth, embed=embed)

    def circuit(angles: Any, inputs: Any = None) -> Any:
        values = angle_values(angles, inputs)
        for gate in gates:
            if gate.angle is None:
                qml.CNOT(wires=gate.wires)
            else:
                ROTATIONS[gate.name](values[gate.angle], wires=gate.wires)
        return qml.expval(qml.Z(0))

    return qml.QNode(circuit, device, **options)
