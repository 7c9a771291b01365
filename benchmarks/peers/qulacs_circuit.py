"""Qulacs (complex128 only): a parametric circuit built once, its angles set per call.

Measured here at n = 10, 12 and 20, that ran faster than building the circuit with
fixed angles per call and merging its gates with Qulacs' ``QuantumCircuitOptimizer``
(light, or into blocks of 2 or 3 qubits): the merging cost more than it saved. A batch
is a loop over its rows; the gradient is the circuit's ``backprop``, a reverse pass in
the manner of the adjoint method.

Qulacs' parametric rotations turn the other way (``exp(+i theta P / 2)``), hence the
negated angles and gradient.

The ``noise`` workload's density matrix (:func:`noisy`) is the same parametric circuit,
with Qulacs' noise gates, applied to a ``DensityMatrix``: there each noise gate is its
whole channel, not a sampled branch. Qulacs' ``DepolarizingNoise(p)`` applies X, Y and Z
each with probability ``p/3`` and ``AmplitudeDampingNoise(p)`` has PennyLane's Kraus
operators: PennyLane's convention, as they are.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
from qulacs import DensityMatrix, Observable, ParametricQuantumCircuit, QuantumState
from qulacs.gate import AmplitudeDampingNoise, DepolarizingNoise

from benchmarks.peers.base import Channel, Function, angle_values, ansatz, noisy_ansatz

NOISE_GATES = {"DepolarizingChannel": DepolarizingNoise, "AmplitudeDamping": AmplitudeDampingNoise}


def _z0(num_qubits: int) -> Observable:
    observable = Observable(num_qubits)
    observable.add_operator(1.0, "Z 0")
    return observable


def _with_angles(
    num_qubits: int, depth: int, *, embed: bool = False
) -> Callable[[list[Any]], ParametricQuantumCircuit]:
    """Builds the circuit once; the function sets its angles (``angle_values``) and returns it."""
    circuit = ParametricQuantumCircuit(num_qubits)
    rotations = {"RY": circuit.add_parametric_RY_gate, "RZ": circuit.add_parametric_RZ_gate}
    for gate in ansatz(num_qubits, depth, embed=embed):
        if gate.angle is None:
            circuit.add_CNOT_gate(*gate.wires)
        else:
            rotations[gate.name](*gate.wires, 0.0)

    def set_angles(values: list[Any]) -> ParametricQuantumCircuit:
        for index, value in enumerate(values):
            circuit.set_parameter(index, -float(value))
        return circuit

    return set_angles


def _noisy_with_angles(num_qubits: int, depth: int) -> Callable[[Any], ParametricQuantumCircuit]:
    """The noisy ansatz built once; the function sets its angles and returns it."""
    circuit = ParametricQuantumCircuit(num_qubits)
    for op in noisy_ansatz(num_qubits, depth):
        if isinstance(op, Channel):
            circuit.add_gate(NOISE_GATES[op.name](*op.wires, op.probability))
        elif op.angle is None:
            circuit.add_CNOT_gate(*op.wires)
        else:
            circuit.add_parametric_RY_gate(*op.wires, 0.0)

    def set_angles(angles: Any) -> ParametricQuantumCircuit:
        for index, value in enumerate(angle_values(angles)):
            circuit.set_parameter(index, -float(value))
        return circuit

    return set_angles


def _expval(
    circuit: ParametricQuantumCircuit, observable: Observable, *, density: bool = False
) -> float:
    state = (DensityMatrix if density else QuantumState)(circuit.get_qubit_count())
    circuit.update_quantum_state(state)
    return observable.get_expectation_value(state)


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(np.zeros((1, 2, 2), np.float32))), 5)
    1.0
    """
    set_angles, observable = _with_angles(num_qubits, depth), _z0(num_qubits)
    return lambda angles: _expval(set_angles(angle_values(angles)), observable)


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row, one circuit after another.

    >>> angles, inputs = np.zeros((1, 2, 2), np.float32), np.full((3, 2), np.pi, np.float32)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    set_angles, observable = _with_angles(num_qubits, depth, embed=True), _z0(num_qubits)
    return lambda angles, inputs: np.array(
        [_expval(set_angles(angle_values(angles, row)), observable) for row in inputs]
    )


def gradient(num_qubits: int, depth: int) -> Function:
    """``angles -> d<Z0>/d angles`` by ``ParametricQuantumCircuit.backprop``.

    >>> gradient(2, 1)(np.ones((1, 2, 2), np.float32)).shape
    (1, 2, 2)
    """
    set_angles, observable = _with_angles(num_qubits, depth), _z0(num_qubits)
    return lambda angles: (
        -np.reshape(set_angles(angle_values(angles)).backprop(observable), np.shape(angles))
    )


def noisy(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>`` of the noisy ansatz (angles of shape ``(depth, num_qubits)``),
    evolving a ``DensityMatrix``.

    >>> round(float(noisy(2, 1)(np.zeros((1, 2), np.float32))), 4)
    0.9867
    """
    set_angles, observable = _noisy_with_angles(num_qubits, depth), _z0(num_qubits)
    return lambda angles: _expval(set_angles(angles), observable, density=True)
