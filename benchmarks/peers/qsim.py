"""qsim through qsimcirq: the circuit is built once with symbolic angles and resolved per
call; gates are fused into blocks of up to ``fused_gate_size`` qubits, within qsimcirq's
advice, on every core. Batches run as one parameter sweep."""

import os
from typing import Any

import cirq
import numpy as np
import qsimcirq
import sympy

from benchmarks.peers.base import Function, angle_values, ansatz

LARGE_STATE_QUBITS = 22
"""qsimcirq's advice: fuse up to 2 or 3 qubits below this size, 3 or 4 from it. The
lower of each ran fastest here (n = 16, 20: 2 before 3 and 4; n = 23: 3 before 2 and 4)."""


def fused_gate_size(num_qubits: int) -> int:
    """The largest fused gate for ``num_qubits`` qubits.

    >>> fused_gate_size(20), fused_gate_size(24)
    (2, 3)
    """
    return 2 if num_qubits < LARGE_STATE_QUBITS else 3


def _sweep(num_qubits: int, depth: int, *, embed: bool = False) -> Function:
    """``values -> [<Z0>]`` over a list of angle lists (in :func:`angle_values`' order)."""
    gates = ansatz(num_qubits, depth, embed=embed)
    symbols = sympy.symbols(f"a0:{sum(gate.angle is not None for gate in gates)}")
    qubits = cirq.LineQubit.range(num_qubits)
    rotations = {"RY": cirq.ry, "RZ": cirq.rz}
    circuit = cirq.Circuit(
        cirq.CNOT(*(qubits[wire] for wire in gate.wires))
        if gate.angle is None
        else rotations[gate.name](symbols[gate.angle]).on(qubits[gate.wires[0]])
        for gate in gates
    )
    options = qsimcirq.QSimOptions(
        max_fused_gate_size=fused_gate_size(num_qubits), cpu_threads=os.cpu_count() or 1
    )
    simulator = qsimcirq.QSimSimulator(options)
    observables = [cirq.Z(qubits[0])]

    def sweep(batch: list[list[Any]]) -> np.ndarray:
        resolvers = [
            cirq.ParamResolver(dict(zip(symbols, map(float, values), strict=True)))
            for values in batch
        ]
        results = simulator.simulate_expectation_values_sweep(circuit, observables, resolvers)
        return np.array([result[0].real for result in results])

    return sweep


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(np.zeros((1, 2, 2), np.float32))), 5)
    1.0
    """
    sweep = _sweep(num_qubits, depth)
    return lambda angles: sweep([angle_values(angles)])[0]


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row, as one sweep.

    >>> angles, inputs = np.zeros((1, 2, 2), np.float32), np.full((3, 2), np.pi, np.float32)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    sweep = _sweep(num_qubits, depth, embed=True)
    return lambda angles, inputs: sweep([angle_values(angles, row) for row in inputs])
