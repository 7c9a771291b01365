"""A NumPy reading of the unitary OpenQASM that ``qj.to_qasm`` writes, independent of qjax.

It knows the statement forms the exporter writes (``[modifiers @] name(params)
q[i], ...;`` and ``gphase(a);``) and the library gates' matrices as each
language defines them (``qelib1.inc`` as Qiskit reads it, ``stdgates.inc``),
built from tests/oracle.py's PennyLane-convention matrices. It returns the
circuit's unitary, for comparison with the circuit's own matrix.
"""

import re

import numpy as np

import oracle

_R2 = 1 / np.sqrt(2)

_NAMED = {
    "id": "I", "x": "X", "y": "Y", "z": "Z", "h": "H", "s": "S", "sdg": "Sdg", "t": "T",
    "tdg": "Tdg", "sx": "SX", "sxdg": "SXdg", "rx": "RX", "ry": "RY", "rz": "RZ",
    "u1": "U1", "p": "PhaseShift", "u2": "U2", "u3": "U3", "U": "U3", "cx": "CNOT", "cy": "CY",
    "cz": "CZ", "ch": "CH", "swap": "SWAP", "cswap": "CSWAP", "ccx": "Toffoli", "crx": "CRX",
    "cry": "CRY", "crz": "CRZ", "cu1": "ControlledPhaseShift", "cp": "ControlledPhaseShift",
}  # fmt: skip
"""OpenQASM names whose matrix is the PennyLane gate's (Qiskit agrees for every one)."""

_STATEMENT = re.compile(
    r"^(?P<modifiers>(?:(?:inv|ctrl|negctrl) @ )*)(?P<name>\w+)"
    r"(?:\((?P<params>[^)]*)\))? (?P<wires>q\[\d+\](?:, q\[\d+\])*);$"
)
_HEADER = ("OPENQASM", "include", "qreg", "qubit[", "creg", "bit[", "//", "barrier")


def _library_matrix(name: str, params: list[float]) -> np.ndarray:
    if name in _NAMED:
        return oracle.gate_matrix(_NAMED[name], params)
    if name == "cu3":
        return oracle.controlled(oracle.gate_matrix("U3", params), 1)
    if name in ("c3x", "c4x"):
        return oracle.gate_matrix("MultiControlledX", num_wires=int(name[1]) + 1)
    raise ValueError(f"the oracle does not know the OpenQASM gate {name!r}")


def _apply_modifiers(matrix: np.ndarray, modifiers: list[str]) -> np.ndarray:
    for modifier in reversed(modifiers):
        if modifier == "inv":
            matrix = matrix.conj().T
        else:
            matrix = oracle.controlled(matrix, 1, [1 if modifier == "ctrl" else 0])
    return matrix


def unitary(text: str, num_wires: int) -> np.ndarray:
    """The unitary of an exported program (its final measurements ignored)."""
    total = np.eye(2**num_wires, dtype=np.complex128)
    for line in text.strip().splitlines():
        if line.startswith(_HEADER) or " measure " in f" {line}":
            continue
        if line.startswith("gphase("):
            total = np.exp(1j * float(line[len("gphase(") : -2])) * total
            continue
        match = _STATEMENT.match(line)
        if match is None:
            raise ValueError(f"the oracle cannot read {line!r}")
        params = [float(p) for p in match["params"].split(",")] if match["params"] else []
        modifiers = match["modifiers"].split(" @ ")[:-1]
        wires = [int(w) for w in re.findall(r"q\[(\d+)\]", match["wires"])]
        matrix = _apply_modifiers(_library_matrix(match["name"], params), modifiers)
        total = oracle.embed(matrix, wires, num_wires) @ total
    return total
