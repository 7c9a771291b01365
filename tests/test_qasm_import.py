"""``qj.from_qasm``: OpenQASM 2.0 and 3 programs against dense NumPy expectations.

Every gate, modifier and construct is checked by preparing a random state,
running the imported program on it and comparing ``qj.state()`` with the
expected matrix (written out here or built from ``tests/oracle.py``) applied
to that state: global phases included. Mid-circuit measurements are checked
against probabilities worked out by hand, inputs under ``jit``, ``vmap`` and
``grad`` (against finite differences), and every error names its line and column.
"""

import cmath
import math

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import qjax as qj
from qjax.errors import CircuitError, ParameterError, QasmError, WireError
from tests import oracle
from tests.helpers import TRANSFORMS, assert_close

# --- helpers ---------------------------------------------------------------------------------


def _psi(num_wires: int, seed: int = 7) -> np.ndarray:
    return oracle.random_state(num_wires, np.random.default_rng(seed))


def run_state(program: qj.QasmProgram, psi: np.ndarray, *args, **inputs) -> jax.Array:
    """The final state of ``program`` started in ``psi``."""
    n = program.num_wires

    @qj.circuit(wires=n)
    def circuit():
        qj.StatePrep(jnp.asarray(psi, jnp.complex64), wires=range(n))
        program(*args, **inputs)
        return qj.state()

    return circuit()


def check_unitary(text: str, expected: np.ndarray, **inputs) -> None:
    """``text`` acts as ``expected`` (a full matrix on its wires) on a random state."""
    program = qj.from_qasm(text)
    psi = _psi(program.num_wires)
    assert_close(run_state(program, psi, **inputs), expected @ psi)


def gate(name: str, *params: float, num_wires: int | None = None) -> np.ndarray:
    return oracle.gate_matrix(name, params, num_wires=num_wires)


def phase(angle: float) -> complex:
    return cmath.exp(1j * angle)


def swap_order(matrix: np.ndarray) -> np.ndarray:
    """A two-qubit matrix with its qubits exchanged."""
    swap = gate("SWAP")
    return swap @ matrix @ swap


def product(num_wires: int, *steps: tuple[np.ndarray, tuple[int, ...]]) -> np.ndarray:
    """The matrix of gates applied first to last on the given wires."""
    total = np.eye(2**num_wires, dtype=complex)
    for matrix, wires in steps:
        total = oracle.embed(matrix, wires, num_wires) @ total
    return total


def qasm2(body: str, qubits: int) -> str:
    return f'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[{qubits}];\n{body}\n'


def qasm3(body: str, qubits: int) -> str:
    return f'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[{qubits}] q;\n{body}\n'


A, B, C, D = 0.3, -1.1, 0.7, 2.1
SX = gate("SX")

# --- OpenQASM 2.0 library: Qiskit's matrices -------------------------------------------------


def _rzx(theta: float) -> np.ndarray:
    c, s = math.cos(theta / 2), math.sin(theta / 2)
    return c * np.eye(4) - 1j * s * oracle.pauli_matrix("ZX")


def _r(theta: float, phi: float) -> np.ndarray:
    c, s = math.cos(theta / 2), math.sin(theta / 2)
    return np.array([[c, -1j * phase(-phi) * s], [-1j * phase(phi) * s, c]])


def _cu(theta: float, phi: float, lam: float, gamma: float) -> np.ndarray:
    return oracle.controlled(phase(gamma) * gate("U3", theta, phi, lam), 1)


_H, _T, _TDG, _CX = gate("H"), gate("T"), gate("Tdg"), gate("CNOT")
_RCCX = product(
    3, (_H, (2,)), (_T, (2,)), (_CX, (1, 2)), (_TDG, (2,)), (_CX, (0, 2)), (_T, (2,)),
    (_CX, (1, 2)), (_TDG, (2,)), (_H, (2,)),
)  # fmt: skip
_RC3X = product(
    4, (_H, (3,)), (_T, (3,)), (_CX, (2, 3)), (_TDG, (3,)), (_H, (3,)), (_CX, (0, 3)),
    (_T, (3,)), (_CX, (1, 3)), (_TDG, (3,)), (_CX, (0, 3)), (_T, (3,)), (_CX, (1, 3)),
    (_TDG, (3,)), (_H, (3,)), (_T, (3,)), (_CX, (2, 3)), (_TDG, (3,)), (_H, (3,)),
)  # fmt: skip

QELIB1_CASES = {
    "u3(0.3, -1.1, 0.7)": gate("U3", A, B, C),
    "u(0.3, -1.1, 0.7)": gate("U3", A, B, C),
    "u2(-1.1, 0.7)": gate("U2", B, C),
    "u1(0.3)": gate("PhaseShift", A),
    "p(0.3)": gate("PhaseShift", A),
    "u0(2)": np.eye(2),
    "id": np.eye(2),
    "x": gate("X"),
    "y": gate("Y"),
    "z": gate("Z"),
    "h": gate("H"),
    "s": gate("S"),
    "sdg": gate("Sdg"),
    "t": gate("T"),
    "tdg": gate("Tdg"),
    "sx": SX,
    "sxdg": gate("SXdg"),
    "rx(0.3)": gate("RX", A),
    "ry(0.3)": gate("RY", A),
    "rz(0.3)": np.diag([phase(-A / 2), phase(A / 2)]),
    "r(0.3, -1.1)": _r(A, B),
    "cx": gate("CNOT"),
    "cy": gate("CY"),
    "cz": gate("CZ"),
    "ch": gate("CH"),
    "swap": gate("SWAP"),
    "crx(0.3)": gate("CRX", A),
    "cry(0.3)": gate("CRY", A),
    "crz(0.3)": gate("CRZ", A),
    "cu1(0.3)": gate("ControlledPhaseShift", A),
    "cp(0.3)": gate("ControlledPhaseShift", A),
    "cu3(0.3, -1.1, 0.7)": oracle.controlled(gate("U3", A, B, C), 1),
    "cu(0.3, -1.1, 0.7, 2.1)": _cu(A, B, C, D),
    "csx": oracle.controlled(SX, 1),
    "cs": np.diag([1, 1, 1, 1j]),
    "csdg": np.diag([1, 1, 1, -1j]),
    "rxx(0.3)": gate("IsingXX", A),
    "ryy(0.3)": gate("IsingYY", A),
    "rzz(0.3)": gate("IsingZZ", A),
    "rzx(0.3)": _rzx(A),
    "ecr": gate("ECR"),
    "iswap": gate("ISWAP"),
    "dcx": swap_order(gate("CNOT")) @ gate("CNOT"),
    "ccx": gate("Toffoli"),
    "cswap": gate("CSWAP"),
    "ccz": gate("CCZ"),
    "rccx": _RCCX,
    "rc3x": _RC3X,
    "c3x": oracle.controlled(gate("X"), 3),
    "c3sqrtx": oracle.controlled(SX, 3),
    "c4x": oracle.controlled(gate("X"), 4),
}


@pytest.mark.parametrize("call", list(QELIB1_CASES))
def test_qelib1_gate_matches_qiskit_matrix(call):
    expected = QELIB1_CASES[call]
    n = int(math.log2(len(expected)))
    operands = ", ".join(f"q[{i}]" for i in range(n))
    check_unitary(qasm2(f"{call} {operands};", n), expected)


def test_rccx_is_a_relative_phase_toffoli_not_toffoli():
    toffoli = gate("Toffoli")
    np.testing.assert_allclose(np.abs(_RCCX), np.abs(toffoli), atol=1e-12)
    assert not np.allclose(_RCCX, toffoli)


def test_qasm2_builtin_u_is_rz_ry_rz_with_determinant_one():
    expected = gate("RZ", B) @ gate("RY", A) @ gate("RZ", C)
    np.testing.assert_allclose(expected, phase(-(B + C) / 2) * gate("U3", A, B, C), atol=1e-12)
    check_unitary("OPENQASM 2.0; qreg q[1]; U(0.3, -1.1, 0.7) q[0];", expected)


def test_qasm2_builtin_cx_without_include():
    check_unitary("OPENQASM 2.0; qreg a[1]; qreg b[1]; CX a[0], b[0];", gate("CNOT"))


# --- OpenQASM 3 stdgates.inc: its own definitions --------------------------------------------

STDGATES_CASES = {
    "p(0.3)": gate("PhaseShift", A),
    "phase(0.3)": gate("PhaseShift", A),
    "u1(0.3)": gate("PhaseShift", A),
    "id": np.eye(2),
    "x": gate("X"),
    "y": gate("Y"),
    "z": gate("Z"),
    "h": gate("H"),
    "s": gate("S"),
    "sdg": gate("Sdg"),
    "t": gate("T"),
    "tdg": gate("Tdg"),
    "sx": SX,
    "rx(0.3)": gate("RX", A),
    "ry(0.3)": gate("RY", A),
    "rz(0.3)": np.diag([phase(-A / 2), phase(A / 2)]),
    "u2(-1.1, 0.7)": phase(-(B + C) / 2) * gate("U2", B, C),
    "u3(0.3, -1.1, 0.7)": phase(-(B + C) / 2) * gate("U3", A, B, C),
    "cx": gate("CNOT"),
    "CX": gate("CNOT"),
    "cy": gate("CY"),
    "cz": gate("CZ"),
    "cp(0.3)": gate("ControlledPhaseShift", A),
    "cphase(0.3)": gate("ControlledPhaseShift", A),
    "crx(0.3)": gate("CRX", A),
    "cry(0.3)": gate("CRY", A),
    "crz(0.3)": gate("CRZ", A),
    "ch": gate("CH"),
    "cu(0.3, -1.1, 0.7, 2.1)": _cu(A, B, C, D),
    "swap": gate("SWAP"),
    "ccx": gate("Toffoli"),
    "cswap": gate("CSWAP"),
}


@pytest.mark.parametrize("call", list(STDGATES_CASES))
def test_stdgates_gate_matches_its_definition(call):
    expected = STDGATES_CASES[call]
    n = int(math.log2(len(expected)))
    operands = ", ".join(f"q[{i}]" for i in range(n))
    check_unitary(qasm3(f"{call} {operands};", n), expected)


@pytest.mark.parametrize("call", ["u3(0.3, -1.1, 0.7)", "u2(-1.1, 0.7)", "rz(0.3)", "h"])
def test_stdgates_phase_is_visible_under_ctrl(call):
    base = STDGATES_CASES[call]
    check_unitary(qasm3(f"ctrl @ {call} q[0], q[1];", 2), oracle.controlled(base, 1))


def test_qasm3_builtin_u_is_the_standard_u3_and_differs_from_qasm2_under_ctrl():
    check_unitary("OPENQASM 3; qubit q; U(0.3, -1.1, 0.7) q;", gate("U3", A, B, C))
    check_unitary(
        "OPENQASM 3; qubit[2] q; ctrl @ U(0.3, -1.1, 0.7) q[0], q[1];",
        oracle.controlled(gate("U3", A, B, C), 1),
    )


def test_program_without_version_line_is_openqasm3():
    program = qj.from_qasm("qubit q; U(0.3, 0, 0) q;")
    assert program.version == "3.0"
    assert qj.from_qasm("OPENQASM 3; qubit q;").version == "3.0"
    assert qj.from_qasm("OPENQASM 2.0; qreg q[1];").version == "2.0"


# --- gate modifiers --------------------------------------------------------------------------

MODIFIER_CASES = {
    "ctrl @ x q[0], q[1];": gate("CNOT"),
    "ctrl(2) @ x q[0], q[1], q[2];": gate("Toffoli"),
    "ctrl @ ctrl @ x q[0], q[1], q[2];": gate("Toffoli"),
    "negctrl @ x q[0], q[1];": oracle.controlled(gate("X"), 1, [0]),
    "negctrl @ ctrl @ h q[0], q[1], q[2];": oracle.controlled(gate("H"), 2, [0, 1]),
    "ctrl @ negctrl @ rx(0.3) q[0], q[1], q[2];": oracle.controlled(gate("RX", A), 2, [1, 0]),
    "inv @ s q[0];": gate("Sdg"),
    "inv @ rx(0.3) q[0];": gate("RX", -A),
    "inv @ u3(0.3, -1.1, 0.7) q[0];": (phase(-(B + C) / 2) * gate("U3", A, B, C)).conj().T,
    "pow(2) @ t q[0];": gate("S"),
    "pow(-1) @ t q[0];": gate("Tdg"),
    "pow(0) @ x q[0];": np.eye(2),
    "pow(3) @ sx q[0];": np.linalg.matrix_power(SX, 3),
    "pow(0.5) @ x q[0];": SX,
    "pow(1/3) @ z q[0];": np.diag([1, phase(math.pi / 3)]),
    "pow(0.5) @ rx(0.3) q[0];": gate("RX", A / 2),
    "inv @ pow(0.5) @ z q[0];": gate("Sdg"),
    "pow(-0.5) @ z q[0];": gate("Sdg"),
    "ctrl @ pow(0.5) @ x q[0], q[1];": oracle.controlled(SX, 1),
    "pow(0.5) @ ctrl @ x q[0], q[1];": oracle.controlled(SX, 1),
    "gphase(0.3);": phase(A) * np.eye(2),
    "ctrl @ gphase(0.3) q[0];": np.diag([1, phase(A)]),
    "negctrl @ gphase(0.3) q[0];": np.diag([phase(A), 1]),
    "inv @ gphase(0.3);": phase(-A) * np.eye(2),
}


@pytest.mark.parametrize("call", list(MODIFIER_CASES))
def test_modifier(call):
    expected = MODIFIER_CASES[call]
    n = int(math.log2(len(expected)))
    check_unitary(qasm3(call, n), expected)


def test_pow_quarter_of_swap_is_the_principal_fourth_root():
    # SWAP = |singlet| eigenvalue -1 -> e^{i pi/4}; symmetric subspace eigenvalue 1.
    singlet = np.array([0, 1, -1, 0]) / math.sqrt(2)
    expected = np.eye(4) + (phase(math.pi / 4) - 1) * np.outer(singlet, singlet)
    check_unitary(qasm3("pow(0.25) @ swap q[0], q[1];", 2), expected)


def test_modifiers_on_user_gates_reverse_and_control_every_step():
    steps = product(2, (gate("H"), (0,)), (gate("CNOT"), (0, 1)), (gate("T"), (1,)))
    text = "gate g a, b { h a; cx a, b; t b; }\n"
    check_unitary(qasm3(text + "g q[0], q[1];", 2), steps)
    check_unitary(qasm3(text + "inv @ g q[0], q[1];", 2), steps.conj().T)
    check_unitary(qasm3(text + "ctrl @ g q[2], q[0], q[1];", 3),
                  oracle.embed(oracle.controlled(steps, 1), [2, 0, 1], 3))  # fmt: skip
    root = qasm3(text + "pow(0.5) @ g q[0], q[1];", 2)
    program = qj.from_qasm(root)
    psi = _psi(2)
    once = np.asarray(run_state(program, psi))
    twice = np.asarray(run_state(program, once))
    assert_close(twice, steps @ psi)


# --- gate definitions, broadcasting, registers -----------------------------------------------


def test_nested_parametrised_gate_definitions_qasm2():
    text = qasm2(
        "gate inner(a) x { rz(a/2) x; h x; }\n"
        "gate outer(a, b) x, y { inner(a*2) x; cx x, y; inner(-b) y; U(b, 0, a) x; }\n"
        "outer(0.3, -1.1) q[1], q[0];",
        2,
    )
    rz = lambda t: np.diag([phase(-t / 2), phase(t / 2)])  # noqa: E731
    inner = lambda t: gate("H") @ rz(t / 2)  # noqa: E731
    u_qasm2 = gate("RZ", 0) @ gate("RY", B) @ gate("RZ", A)
    expected = product(
        2, (inner(2 * A), (1,)), (gate("CNOT"), (1, 0)), (inner(-B), (0,)), (u_qasm2, (1,))
    )
    check_unitary(text, expected)


def test_compatible_redefinition_of_a_library_gate_keeps_its_matrix():
    text = qasm2("gate rzz(theta) a, b { cx a, b; u1(theta) b; cx a, b; }\nrzz(0.3) q[0], q[1];", 2)
    check_unitary(text, gate("IsingZZ", A))


def test_file_definition_of_a_gate_qiskit_writes_out_holds():
    text = qasm2("gate cs a, b { cz a, b; }\ncs q[0], q[1];", 2)
    check_unitary(text, gate("CZ"))
    check_unitary(qasm2("cs q[0], q[1];", 2), np.diag([1, 1, 1, 1j]))


def test_broadcasting_over_registers():
    text = (
        'OPENQASM 2.0; include "qelib1.inc"; qreg a[2]; qreg b[2];\n'
        "h a; cx a, b; rz(0.3) b[1]; cx a[0], b;"
    )
    expected = product(
        4, (gate("H"), (0,)), (gate("H"), (1,)), (gate("CNOT"), (0, 2)), (gate("CNOT"), (1, 3)),
        (gate("RZ", A), (3,)), (gate("CNOT"), (0, 2)), (gate("CNOT"), (0, 3)),
    )  # fmt: skip
    check_unitary(text, expected)


def test_registers_wire_order_and_sizes():
    program = qj.from_qasm(
        "OPENQASM 3; qubit[2] a; qreg b[1]; qubit c; bit[3] m; creg n[1]; bit k;"
    )
    assert program.num_wires == 4
    assert program.qubits == (("a", 0), ("a", 1), ("b", 0), ("c", 0))
    assert program.clbits == (("m", 0), ("m", 1), ("m", 2), ("n", 0), ("k", 0))
    assert program.qubit_registers == {"a": 2, "b": 1, "c": 1}
    assert program.bit_registers == {"m": 3, "n": 1, "k": 1}
    assert repr(program) == "QasmProgram(version='3.0', qubits=4, inputs=())"
    with pytest.raises(AttributeError):
        program.version = "2.0"


def test_qasm3_loops_slices_constants_and_subroutines():
    text = qasm3(
        "const int n = 3;\nconst float half = pi / 2;\n"
        "def layer(qubit[2] pair, float t) { cx pair[0], pair[1]; rz(t) pair[1]; }\n"
        "for int i in [0:n-1] { ry(half * i) q[i]; }\n"
        "for uint i in {0, 2} { x q[i]; }\n"
        "h q[1:2];\nlayer(q[{2, 0}], 0.3);\nlet pair = q[0:1];\nswap pair[0], pair[1];",
        3,
    )
    expected = product(
        3, (gate("RY", 0), (0,)), (gate("RY", math.pi / 2), (1,)), (gate("RY", math.pi), (2,)),
        (gate("X"), (0,)), (gate("X"), (2,)), (gate("H"), (1,)), (gate("H"), (2,)),
        (gate("CNOT"), (2, 0)), (gate("RZ", A), (0,)), (gate("SWAP"), (0, 1)),
    )  # fmt: skip
    check_unitary(text, expected)


def test_expressions_functions_and_scientific_notation():
    text = qasm2(
        "rx(-pi/4 + 2^3*1e-1 - sin(0.5)*cos(0.2)/tan(0.3) + exp(ln(2)) + sqrt(4)) q[0];", 1
    )
    angle = -math.pi / 4 + 0.8 - math.sin(0.5) * math.cos(0.2) / math.tan(0.3) + 2 + 2
    check_unitary(text, gate("RX", angle))
    check_unitary(
        qasm3("rx(2 ** 3 * τ / 8 + arcsin(1)) q[0];", 1), gate("RX", 2 * math.pi + math.pi / 2)
    )


def test_comments_and_barrier():
    text = (
        'OPENQASM 2.0;\n// comment\ninclude "qelib1.inc"; /* block\ncomment */ qreg q[2];\n'
        "barrier q;\nh q[0];"
    )

    @qj.circuit(wires=2)
    def circuit():
        qj.from_qasm(text)()
        return qj.probs()

    ops = qj.record(circuit)().operations
    assert [op.name for op in ops] == ["Barrier", "H"]
    assert ops[0].wires == (0, 1)


def test_custom_include_and_wires_mapping():
    lib = "gate bell a, b { h a; cx a, b; }"
    program = qj.from_qasm(
        'OPENQASM 2.0; include "qelib1.inc"; include "bell.inc"; qreg q[2]; bell q[0], q[1];',
        includes={"bell.inc": lib},
    )

    @qj.circuit(wires=["x", "y", "z"])
    def circuit():
        program(wires=["z", "x"])
        return qj.probs(wires=["z", "x"])

    assert_close(circuit(), [0.5, 0, 0, 0.5])


# --- measurements ----------------------------------------------------------------------------


def test_terminal_measurements_record_only_a_marker():
    text = qasm2("creg c[3];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;", 3)
    program = qj.from_qasm(text)

    def circuit():
        bits = program()["c"]
        return qj.probs(wires=[b.wire for b in bits])

    recorded = qj.record(circuit, wires=3)()
    names = ["H", "CNOT", "MeasuredAtEnd", "MeasuredAtEnd", "MeasuredAtEnd"]
    assert [op.name for op in recorded.operations] == names
    assert_close(qj.execute(recorded), [0.5, 0, 0, 0, 0, 0, 0.5, 0])

    @qj.circuit(wires=3)
    def bits():
        out = program()
        assert out["c"] == (qj.MeasuredWire(0), qj.MeasuredWire(1), qj.MeasuredWire(2))
        return qj.probs()

    bits()


def test_measurement_followed_by_use_is_mid_circuit_and_reset_folds():
    text = qasm3(
        "bit[2] c;\nh q[0];\nc[0] = measure q[0];\nreset q[0];\nx q[0];\nc[1] = measure q[1];", 2
    )
    program = qj.from_qasm(text)

    def circuit():
        out = program()
        assert isinstance(out["c"][0], qj.ops.MeasurementValue)
        assert out["c"][1] == qj.MeasuredWire(1)
        return qj.probs(wires=[0, 1])

    recorded = qj.record(circuit, wires=2)()
    names = [op.name for op in recorded.operations]
    assert names == ["H", "MidMeasure", "X", "MeasuredAtEnd"]
    assert recorded.operations[1].hyperparameters["reset"] is True
    assert_close(qj.execute(recorded), [0, 0, 1, 0])


def test_reset_of_fresh_qubit_records_nothing_and_unassigned_bits_are_zero():
    program = qj.from_qasm(qasm3("bit[2] c;\nreset q[0];\nx q[0];\nc[1] = measure q[0];", 1))

    def circuit():
        out = program()
        assert out["c"] == (0, qj.MeasuredWire(0))
        return qj.probs()

    assert [op.name for op in qj.record(circuit, wires=1)().operations] == ["X", "MeasuredAtEnd"]


def test_if_on_mid_circuit_measurement_qasm2():
    # q0 in RY(theta)|0>: measure -> c; if c==1 flip q1. P(q1 = 1) = sin^2(theta/2).
    theta = 1.2
    text = qasm2(f"creg c[1];\nry({theta}) q[0];\nmeasure q[0] -> c[0];\nif (c==1) x q[1];", 2)
    program = qj.from_qasm(text)

    @qj.circuit(wires=2)
    def circuit():
        program()
        return qj.probs(wires=[1])

    p1 = math.sin(theta / 2) ** 2
    assert_close(circuit(), [1 - p1, p1])


def test_if_else_on_register_value_qasm3():
    # c = 2 bits of |+>|+>: value v uniform over 0..3; if (c == 3) x q[2] else h q[2].
    text = qasm3(
        "bit[2] c;\nh q[0];\nh q[1];\nc = measure q[0:1];\n"
        "if (c == 3) { x q[2]; } else { h q[2]; }\nif (!c[0]) { z q[2]; }",
        3,
    )

    @qj.circuit(wires=3)
    def circuit():
        qj.from_qasm(text)()
        return qj.probs(wires=[2])

    # P(q2=1) = 1/4 (c == 3) + 3/4 * 1/2 (H|0>, Z does not change probabilities).
    assert_close(circuit(), [3 / 8, 5 / 8])


def test_if_with_bit_condition_and_nested_ifs():
    text = qasm3(
        "bit[2] c;\nh q[0];\nc[0] = measure q[0];\nx q[1];\nc[1] = measure q[1];\n"
        "if (c[0] == 1) { if (c[1]) { x q[2]; } }",
        3,
    )

    @qj.circuit(wires=3)
    def circuit():
        qj.from_qasm(text)()
        return qj.probs(wires=[2])

    assert_close(circuit(), [0.5, 0.5])


def test_qasm3_measurement_forms():
    text = qasm3(
        "bit[2] c;\nx q[1];\nbit b = measure q[0];\nif (b) { x q[0]; }\nmeasure q[0];"
        "\nmeasure q -> c;",
        2,
    )

    def circuit():
        out = qj.from_qasm(text)()
        assert out["c"] == (qj.MeasuredWire(0), qj.MeasuredWire(1))
        assert isinstance(out["b"][0], qj.ops.MeasurementValue)
        return qj.probs()

    recorded = qj.record(circuit, wires=2)()
    names = [op.name for op in recorded.operations]
    assert names == [
        "X",
        "MidMeasure",
        "Conditional",
        "MidMeasure",
        "MeasuredAtEnd",
        "MeasuredAtEnd",
    ]
    assert_close(qj.execute(recorded), [0, 1, 0, 0])


def test_statically_decided_if_applies_or_drops_the_gate():
    text = qasm2("creg c[2];\nif (c==0) x q[0];\nif (c==1) x q[1];", 2)
    recorded = qj.record(lambda: (qj.from_qasm(text)(), qj.probs())[1], wires=2)()
    assert [(op.name, op.wires) for op in recorded.operations] == [("X", (0,))]


# --- inputs ------------------------------------------------------------------------------------

ADDER = """
OPENQASM 3;
include "stdgates.inc";
input float theta;
input angle[32] phi;
qubit[2] q;
rx(theta) q[0];
cry(2 * phi + theta / 2) q[0], q[1];
rz(sin(theta)) q[1];
"""


def _adder_probs(theta: float, phi: float) -> np.ndarray:
    psi = np.zeros(4, complex)
    psi[0] = 1
    matrix = product(
        2, (gate("RX", theta), (0,)), (gate("CRY", 2 * phi + theta / 2), (0, 1)),
        (gate("RZ", math.sin(theta)), (1,)),
    )  # fmt: skip
    return np.abs(matrix @ psi) ** 2


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_inputs_positional_and_keyword(transform):
    program = qj.from_qasm(ADDER)
    assert program.inputs == ("theta", "phi")

    @qj.circuit(wires=program.num_wires)
    def run(theta, phi):
        program(theta, phi=phi)
        return qj.probs()

    assert_close(transform(run)(0.3, -0.4), _adder_probs(0.3, -0.4))


def test_inputs_under_vmap_and_grad():
    program = qj.from_qasm(ADDER)

    @qj.circuit(wires=2)
    def run(theta, phi):
        program(theta=theta, phi=phi)
        return qj.probs()

    thetas = jnp.array([0.1, 0.5, 1.3])
    batched = jax.vmap(run, in_axes=(0, None))(thetas, 0.2)
    assert_close(batched, np.stack([_adder_probs(float(t), 0.2) for t in thetas]))
    grad = jax.grad(lambda t, p: run(t, p)[3], argnums=(0, 1))(0.4, 0.3)
    eps = 1e-4
    fd_theta = (_adder_probs(0.4 + eps, 0.3)[3] - _adder_probs(0.4 - eps, 0.3)[3]) / (2 * eps)
    fd_phi = (_adder_probs(0.4, 0.3 + eps)[3] - _adder_probs(0.4, 0.3 - eps)[3]) / (2 * eps)
    np.testing.assert_allclose([float(g) for g in grad], [fd_theta, fd_phi], atol=1e-4)


def test_input_inside_power_under_jit():
    program = qj.from_qasm(qasm3("input float t;\npow(0.5) @ rx(t) q[0];", 1))

    @qj.circuit(wires=1)
    def run(t):
        program(t=t)
        return qj.probs()

    for t in (0.3, 1.7):
        assert_close(jax.jit(run)(t), [math.cos(t / 4) ** 2, math.sin(t / 4) ** 2])


def test_input_binding_errors():
    program = qj.from_qasm(ADDER)
    with pytest.raises(ParameterError, match=r"\['phi'\] missing"):
        qj.record(lambda: (program(0.1), qj.probs())[1], wires=2)()
    with pytest.raises(ParameterError, match=r"\['gamma'\] unknown"):
        qj.record(lambda: (program(0.1, 0.2, gamma=1.0), qj.probs())[1], wires=2)()
    with pytest.raises(ParameterError, match="2 input"):
        qj.record(lambda: (program(0.1, 0.2, 0.3), qj.probs())[1], wires=2)()
    with pytest.raises(WireError, match="2 qubit"):
        qj.record(lambda: (program(0.1, 0.2, wires=[0]), qj.probs())[1], wires=2)()


# --- errors --------------------------------------------------------------------------------------

ERROR_CASES = [
    (
        "OPENQASM 2.0;\nqreg q[1];\nU(0,0,0) q[0]\nU(0,0,0) q[0];",
        3,
        14,
        r"expected ';' after 'U\(0,0,0\) q\[0\]'",
    ),
    ("OPENQASM 2.0;\nqreg q[1];\nh q[0];", 3, 1, "unknown gate 'h'.*qelib1.inc"),
    ('OPENQASM 2.0; include "qelib1.inc";\nqreg q[1];\nhh q[0];', 3, 1, "did you mean 'h'"),
    ('OPENQASM 2.0; include "qelib1.inc";\nqreg q[1];\nrx q[0];', 3, 1, "takes 1 parameter"),
    ('OPENQASM 2.0; include "qelib1.inc";\nqreg q[2];\ncx q[0];', 3, 1, "acts on 2 qubit"),
    ('OPENQASM 2.0; include "qelib1.inc";\nqreg q[2];\nh q[2];', 3, 5, "index 2 is out of range"),
    (
        'OPENQASM 2.0; include "qelib1.inc";\nqreg q[2];\ncx q[1], q[1];',
        3,
        1,
        r"q\[1\] is used twice",
    ),
    ('OPENQASM 2.0; include "qelib1.inc";\nqreg q[2];\nh r[0];', 3, 3, "'r' is not declared"),
    ("OPENQASM 2.0;\nqreg q[2];\nqreg q[1];", 3, 1, "'q' is already declared"),
    (
        'OPENQASM 2.0; include "qelib1.inc";\nqreg a[2]; qreg b[3];\ncx a, b;',
        3,
        1,
        r"different sizes \[2, 3\]",
    ),
    ('OPENQASM 2.0; include "other.inc";', 1, 15, "cannot include 'other.inc'"),
    ("OPENQASM 2.0;\nopaque magic a;\nqreg q[1];\nmagic q[0];", 4, 1, "opaque"),
    ("OPENQASM 2.0;\nqreg q[1];\ncreg c[2];\nmeasure q -> c;", 4, 1, "sizes must match"),
    ("OPENQASM 4.0;", 1, 10, "unsupported OpenQASM version"),
    ("OPENQASM 3;\nqubit q;\nwhile (true) { }", 3, 1, "unsupported OpenQASM 3 construct 'while'"),
    ("OPENQASM 3;\nbit c;\nc = 1;", 3, 5, "only 'measure' results"),
    ("OPENQASM 3;\nqubit q;\ndelay[100ns] q;", 3, 1, "'delay'"),
    ("OPENQASM 3;\ninput float t;\nqubit q;\npow(t) @ U(0, 0, 0) q;", 4, 1, "pow exponent"),
    ("OPENQASM 3;\nqubit q;\nU(1/0, 0, 0) q;", 3, 4, "division by zero"),
    ("OPENQASM 3;\nqubit q;\nU(sqrt(-1), 0, 0) q;", 3, 3, "sqrt"),
    ("OPENQASM 3;\nqubit q;\nU(10 ** 400, 0, 0) q;", 3, 6, "not a finite real number"),
    ("OPENQASM 3;\nqubit q;\nfor i in [0:10000000] { U(0, 0, 0) q; }", 3, 1, "more than"),
    ("OPENQASM 3;\nqubit q;\ndef f(qubit a) { f(a); }\nf(q);", 3, 18, "nest deeper"),
    ("OPENQASM 3;\ninput float t;\nqubit q;\nif (t) U(0, 0, 0) q;", 4, 5, "depend on an input"),
    ("OPENQASM 3;\nqubit q;\ndef f(qubit a) -> bit { }", 3, 16, "return value"),
    ("OPENQASM 3;\nqubit q;\n/* open", 3, 1, "unterminated comment"),
    ("OPENQASM 3;\nqubit q;\nU(0, 0, 0) q; ?", 3, 15, "unexpected character '\\?'"),
    ("OPENQASM 3;\ngate g a { U(0, 0, 0) b; }", 2, 23, "'b' is not declared"),
    (
        "OPENQASM 3;\nqubit[2] q;\nbit c;\nc = measure q[1];\nif (c) { c = measure q[0]; }",
        5,
        10,
        "measurement inside an if",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), ERROR_CASES)
def test_error_names_line_column_and_problem(text, line, column, message):
    with pytest.raises(QasmError, match=message) as info:
        qj.from_qasm(text)
    assert (info.value.line, info.value.column) == (line, column), str(info.value)
    assert str(info.value).startswith(f"line {line}, column {column}: ")


def test_qasm_error_is_a_value_error_and_a_qjax_error():
    assert issubclass(QasmError, ValueError)
    assert issubclass(QasmError, qj.errors.QjaxError)


def test_deep_nesting_is_a_qasm_error():
    with pytest.raises(QasmError, match="nested too deeply"):
        qj.from_qasm("qubit q; U(" + "(" * 5000 + "1" + ")" * 5000 + ", 0, 0) q;")


def test_include_errors_name_the_file():
    with pytest.raises(QasmError, match=r"in 'lib.inc': .*unknown gate 'nope'") as info:
        qj.from_qasm(
            'OPENQASM 2.0; include "lib.inc";', includes={"lib.inc": "\ngate g a { nope a; }"}
        )
    assert (info.value.line, info.value.column) == (2, 12)


# --- the program inside a larger circuit ---------------------------------------------------

RESET_THEN_MEASURE = "OPENQASM 3.0;\nqubit q;\nbit c;\nreset q;\nc = measure q;"
HADAMARD_THEN_MEASURE = (
    'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit q;\nbit c;\nh q;\nc = measure q;'
)


def test_an_initial_reset_acts_when_the_circuit_touched_the_qubit_before():
    program = qj.from_qasm(RESET_THEN_MEASURE)

    @qj.circuit(wires=1)
    def flipped_then_reset():
        qj.X(0)
        program()
        return qj.probs()

    @qj.circuit(wires=1)
    def fresh():
        program()
        return qj.probs()

    assert_close(flipped_then_reset(), [1.0, 0.0])
    assert [op.name for op in fresh.record().operations] == ["MeasuredAtEnd"]


def test_a_gate_after_a_final_measurement_is_an_error():
    program = qj.from_qasm(HADAMARD_THEN_MEASURE)

    @qj.circuit(wires=1)
    def twice():
        program()
        program()
        return qj.probs()

    with pytest.raises(CircuitError, match=r"after an OpenQASM program measured them"):
        twice()


def test_final_measurements_can_be_recorded_so_gates_may_follow():
    program = qj.from_qasm(HADAMARD_THEN_MEASURE)

    @qj.circuit(wires=1)
    def twice():
        first = program(final_measurements=False)["c"][0]
        program()
        return qj.probs(), qj.expval(first)

    probs, first = twice()
    assert_close(probs, [0.5, 0.5])
    assert_close(first, 0.5)


def test_a_power_whose_first_eigenbasis_mix_is_degenerate_is_still_exact(x64):
    delta = float(2 * np.arctan(0.5772156649015329))
    program = qj.from_qasm(
        qasm3(f"gate g a {{ h a; p({delta!r}) a; h a; }}\npow(0.5) @ g q[0];", 1)
    )

    @qj.circuit(wires=1)
    def circuit():
        program()
        return qj.state()

    hadamard = np.array([[1, 1], [1, -1]]) / np.sqrt(2)
    root = hadamard @ np.diag([1, np.exp(0.5j * delta)]) @ hadamard
    assert_close(circuit(), root[:, 0])
