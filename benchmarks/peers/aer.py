"""Qiskit Aer's statevector method in single precision with gate fusion: the circuit is
built once with parameters and bound per run; a batch is one run with many bindings.

Truncation is off: by default Aer drops the qubits outside the light cone of the
measured qubit (11 of 20 kept for ``<Z0>`` at depth 10), a different workload from the
full state every other simulator evolves.

The ``noise`` workload's density matrix (:func:`noisy`) runs Aer's ``density_matrix``
method, in single precision too, its channels inserted as ``QuantumError`` instructions.
"""

from typing import Any

import numpy as np
from qiskit import QuantumCircuit
from qiskit.circuit import ParameterVector
from qiskit.quantum_info import Pauli
from qiskit_aer import AerSimulator
from qiskit_aer.noise import QuantumError, amplitude_damping_error, depolarizing_error

from benchmarks.peers.base import Channel, Function, angle_values, ansatz, noisy_ansatz


def _run(num_qubits: int, depth: int, *, embed: bool = False) -> Function:
    """``columns -> [<Z0>]``: one binding per entry of each column of angles."""
    gates = ansatz(num_qubits, depth, embed=embed)
    parameters = ParameterVector("a", sum(gate.angle is not None for gate in gates))
    circuit = QuantumCircuit(num_qubits)
    # Qiskit's qubit 0 is its least significant bit; <Z> of qubit 0 is <Z0> all the same.
    for gate in gates:
        if gate.angle is None:
            circuit.cx(*gate.wires)
        else:
            getattr(circuit, gate.name.lower())(parameters[gate.angle], *gate.wires)
    circuit.save_expectation_value(Pauli("Z"), [0])
    simulator = AerSimulator(
        method="statevector", precision="single", fusion_enable=True, enable_truncation=False
    )

    def run(columns: list[Any]) -> np.ndarray:
        binds = {p: np.atleast_1d(c).tolist() for p, c in zip(parameters, columns, strict=True)}
        result = simulator.run(circuit, parameter_binds=[binds]).result()
        return np.array([result.data(i)["expectation_value"] for i in range(len(result.results))])

    return run


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(np.zeros((1, 2, 2), np.float32))), 5)
    1.0
    """
    run = _run(num_qubits, depth)
    return lambda angles: run(angle_values(angles))[0]


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row: the angles broadcast over the batch.

    >>> angles, inputs = np.zeros((1, 2, 2), np.float32), np.full((3, 2), np.pi, np.float32)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    run = _run(num_qubits, depth, embed=True)

    def batch(angles: Any, inputs: Any) -> np.ndarray:
        size = len(inputs)
        return run([np.broadcast_to(c, size) for c in angle_values(angles, inputs)])

    return batch


def quantum_error(channel: Channel) -> QuantumError:
    """``channel`` as Qiskit's ``QuantumError``, converted from PennyLane's convention.

    Qiskit's ``depolarizing_error(lam)`` is ``(1 - lam) rho + lam I/2``: X, Y and Z each
    with probability ``lam/4``; PennyLane's ``DepolarizingChannel(p)`` has each with
    ``p/3``, so ``lam = 4p/3``. ``amplitude_damping_error(p)`` has PennyLane's Kraus
    operators as they are.

    >>> error = quantum_error(Channel("DepolarizingChannel", (0,), 0.03))
    >>> [round(float(p), 6) for p in error.probabilities]
    [0.97, 0.01, 0.01, 0.01]
    """
    if channel.name == "DepolarizingChannel":
        return depolarizing_error(4 * channel.probability / 3, 1)
    if channel.name == "AmplitudeDamping":
        return amplitude_damping_error(channel.probability)
    raise ValueError(f"no Qiskit error for {channel.name}")


def noisy(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>`` of the noisy ansatz (angles of shape ``(depth, num_qubits)``),
    its density matrix evolved exactly.

    >>> round(float(noisy(2, 1)(np.zeros((1, 2), np.float32))), 4)
    0.9867
    """
    ops = noisy_ansatz(num_qubits, depth)
    parameters = ParameterVector("a", num_qubits * depth)
    errors = {op: quantum_error(op) for op in set(ops) if isinstance(op, Channel)}
    circuit = QuantumCircuit(num_qubits)
    for op in ops:
        if isinstance(op, Channel):
            circuit.append(errors[op], op.wires)
        elif op.angle is None:
            circuit.cx(*op.wires)
        else:
            circuit.ry(parameters[op.angle], *op.wires)
    circuit.save_expectation_value(Pauli("Z"), [0])
    simulator = AerSimulator(
        method="density_matrix", precision="single", fusion_enable=True, enable_truncation=False
    )

    def run(angles: Any) -> float:
        binds = {p: [float(v)] for p, v in zip(parameters, angle_values(angles), strict=True)}
        result = simulator.run(circuit, parameter_binds=[binds]).result()
        return float(result.data(0)["expectation_value"])

    return run
