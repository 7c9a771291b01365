"""PennyLane ``lightning.qubit`` (C++ kernels) in single precision; batches by parameter
broadcasting, gradients by its adjoint method through the autograd interface (the
fastest of the interfaces measured here)."""

from typing import Any

import numpy as np
import pennylane as qml
from pennylane import numpy as pnp

from benchmarks.peers._pennylane import qnode
from benchmarks.peers.base import Function


def _qnode(num_qubits: int, depth: int, *, embed: bool = False, **options: Any) -> qml.QNode:
    device = qml.device("lightning.qubit", wires=num_qubits, c_dtype=np.complex64)
    return qnode(device, num_qubits, depth, embed=embed, **options)


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(np.zeros((1, 2, 2), np.float32))), 5)
    1.0
    """
    return _qnode(num_qubits, depth)


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row: one broadcast execution.

    >>> angles, inputs = np.zeros((1, 2, 2), np.float32), np.full((3, 2), np.pi, np.float32)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    return _qnode(num_qubits, depth, embed=True)


def gradient(num_qubits: int, depth: int) -> Function:
    """``angles -> d<Z0>/d angles`` by the adjoint method.

    >>> gradient(2, 1)(np.ones((1, 2, 2), np.float32)).shape
    (1, 2, 2)
    """
    grad = qml.grad(_qnode(num_qubits, depth, interface="autograd", diff_method="adjoint"))
    return lambda angles: grad(pnp.array(angles, requires_grad=True))
