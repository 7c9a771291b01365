"""``qj.to_qasm``: every gate written as OpenQASM 2.0 and 3.0 has the gate's matrix.

The written text is read back by tests/qasm_text_oracle.py, a NumPy reading of
the library gates independent of qjax, and compared with tests/oracle.py's
matrices: exactly in OpenQASM 3 (global phase included), up to a global phase
in OpenQASM 2, which defines none.
"""

from collections.abc import Callable

import jax
import numpy as np
import pytest
import qasm_text_oracle
from helpers import assert_close

import oracle
import qjax as qj
from qjax.errors import CircuitError

VERSIONS = ("2.0", "3.0")

FIXED_SIZE = sorted(name for name, (_, wires) in oracle.GATES.items() if wires is not None)


def _exported_unitary(build: Callable[[], None], num_wires: int, version: str) -> np.ndarray:
    def gates():
        build()
        return qj.probs()

    text = qj.to_qasm(gates, wires=num_wires, version=version, measure=False)()
    return qasm_text_oracle.unitary(text, num_wires)


def _assert_same_unitary(actual: np.ndarray, expected: np.ndarray, version: str) -> None:
    if version == "2.0":
        overlap = np.vdot(actual.ravel(), expected.ravel())
        actual = actual * overlap / abs(overlap)
    assert_close(actual, expected)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", FIXED_SIZE)
def test_every_fixed_size_gate_has_its_matrix(name, version):
    rng = np.random.default_rng(sum(map(ord, name)))
    num_params, num_wires = oracle.GATES[name]
    params = rng.uniform(-np.pi, np.pi, num_params)
    wires = list(range(num_wires))[::-1]
    gate = getattr(qj, name)
    actual = _exported_unitary(lambda: gate(*params, wires=wires), num_wires, version)
    expected = oracle.embed(oracle.gate_matrix(name, params), wires, num_wires)
    _assert_same_unitary(actual, expected, version)


MATRIX_CASES = {
    "MultiRZ": (
        lambda m: qj.MultiRZ(0.7, wires=[2, 0, 1]),
        lambda m: oracle.embed(oracle.gate_matrix("MultiRZ", [0.7], num_wires=3), [2, 0, 1], 3),
    ),
    "PauliRot-XYZ": (
        lambda m: qj.PauliRot(-1.1, "XYZ", wires=[1, 2, 0]),
        lambda m: oracle.embed(oracle.gate_matrix("PauliRot", [-1.1], word="XYZ"), [1, 2, 0], 3),
    ),
    "PauliRot-YIX": (
        lambda m: qj.PauliRot(0.4, "YIX", wires=[0, 1, 2]),
        lambda m: oracle.gate_matrix("PauliRot", [0.4], word="YIX"),
    ),
    "PauliRot-III": (
        lambda m: qj.PauliRot(0.4, "III", wires=[0, 1, 2]),
        lambda m: oracle.gate_matrix("PauliRot", [0.4], word="III"),
    ),
    "MultiControlledX-010": (
        lambda m: qj.MultiControlledX(wires=[2, 0, 1], control_values=[0, 1]),
        lambda m: oracle.embed(
            oracle.gate_matrix("MultiControlledX", num_wires=3, control_values=[0, 1]),
            [2, 0, 1],
            3,
        ),
    ),
    "GlobalPhase": (
        lambda m: qj.GlobalPhase(0.9),
        lambda m: oracle.gate_matrix("GlobalPhase", [0.9], num_wires=3),
    ),
    "QubitUnitary-1": (
        lambda m: qj.QubitUnitary(m["u2"], wires=1),
        lambda m: oracle.embed(m["u2"], [1], 3),
    ),
    "QubitUnitary-2": (
        lambda m: qj.QubitUnitary(m["u4"], wires=[2, 0]),
        lambda m: oracle.embed(m["u4"], [2, 0], 3),
    ),
    "QubitUnitary-3": (
        lambda m: qj.QubitUnitary(m["u8"], wires=[1, 2, 0]),
        lambda m: oracle.embed(m["u8"], [1, 2, 0], 3),
    ),
    "DiagonalQubitUnitary": (
        lambda m: qj.DiagonalQubitUnitary(np.diag(m["d4"]), wires=[0, 2]),
        lambda m: oracle.embed(m["d4"], [0, 2], 3),
    ),
    "ControlledQubitUnitary-1t": (
        lambda m: qj.ControlledQubitUnitary(m["u2"], wires=[0, 2, 1], control_values=[1, 0]),
        lambda m: oracle.embed(oracle.controlled(m["u2"], 2, [1, 0]), [0, 2, 1], 3),
    ),
    "ControlledQubitUnitary-2t": (
        lambda m: qj.ControlledQubitUnitary(m["u4"], wires=[1, 0, 2], control_values=[0]),
        lambda m: oracle.embed(oracle.controlled(m["u4"], 1, [0]), [1, 0, 2], 3),
    ),
    "ctrl-RX": (
        lambda m: qj.ctrl(qj.RX(0.3, wires=0), control=[2, 1], control_values=[0, 1]),
        lambda m: oracle.embed(
            oracle.controlled(oracle.gate_matrix("RX", [0.3]), 2, [0, 1]), [2, 1, 0], 3
        ),
    ),
    "ctrl-IsingXY": (
        lambda m: qj.ctrl(qj.IsingXY(1.3, wires=[0, 2]), control=1),
        lambda m: oracle.embed(
            oracle.controlled(oracle.gate_matrix("IsingXY", [1.3]), 1), [1, 0, 2], 3
        ),
    ),
    "ctrl-GlobalPhase": (
        lambda m: qj.ctrl(qj.GlobalPhase(0.8), control=[0, 2], control_values=[1, 0]),
        lambda m: oracle.embed(oracle.controlled(np.exp(-0.8j) * np.eye(1), 2, [1, 0]), [0, 2], 3),
    ),
    "adjoint-ISWAP": (
        lambda m: qj.adjoint(qj.ISWAP(wires=[2, 1])),
        lambda m: oracle.embed(oracle.gate_matrix("ISWAP").conj().T, [2, 1], 3),
    ),
    "adjoint-ctrl-ECR": (
        lambda m: qj.adjoint(qj.ctrl(qj.ECR(wires=[0, 1]), control=2)),
        lambda m: oracle.embed(
            oracle.controlled(oracle.gate_matrix("ECR"), 1).conj().T, [2, 0, 1], 3
        ),
    ),
}
"""Gates of any size and composite gates: ``(build(matrices), expected(matrices))``."""


def _matrices() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    return {
        "u2": oracle.random_unitary(2, rng),
        "u4": oracle.random_unitary(4, rng),
        "u8": oracle.random_unitary(8, rng),
        "d4": np.diag(np.exp(1j * rng.uniform(-np.pi, np.pi, 4))),
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(MATRIX_CASES))
def test_gates_of_any_size_and_composites_have_their_matrix(case, version):
    build, expected = MATRIX_CASES[case]
    matrices = _matrices()
    actual = _exported_unitary(lambda: build(matrices), 3, version)
    _assert_same_unitary(actual, expected(matrices), version)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("num_controls", [2, 3, 4, 5])
def test_many_controls_decompose_exactly(num_controls, version):
    wires = list(range(num_controls + 1))
    values = [k % 2 for k in range(num_controls)]
    rng = np.random.default_rng(num_controls)
    matrix = oracle.random_unitary(2, rng)

    def build():
        qj.ctrl(qj.QubitUnitary(matrix, wires=num_controls), wires[:-1], control_values=values)
        qj.MultiControlledX(wires=wires, control_values=values)

    actual = _exported_unitary(build, num_controls + 1, version)
    expected = oracle.gate_matrix(
        "MultiControlledX", num_wires=num_controls + 1, control_values=values
    ) @ oracle.controlled(matrix, num_controls, values)
    _assert_same_unitary(actual, expected, version)


@pytest.mark.parametrize("version", VERSIONS)
def test_state_preparations_start_from_their_state(version):
    state = oracle.random_state(3, np.random.default_rng(3))

    def build():
        qj.StatePrep(state, wires=[1, 2, 0])
        qj.BasisState(np.array([1, 0]), wires=[3, 4])

    actual = _exported_unitary(build, 5, version)[:, 0]
    expected = np.kron(state.reshape(2, 2, 2).transpose(2, 0, 1).ravel(), [0, 0, 1, 0])
    _assert_same_unitary(actual, expected, version)


# --- the text ------------------------------------------------------------------------------------


def _teleport():
    qj.RY(0.5, wires=0)
    qj.H(1)
    qj.CNOT(wires=[1, 2])
    qj.CNOT(wires=[0, 1])
    qj.H(0)
    first = qj.measure(0)
    second = qj.measure(1, reset=True)
    qj.cond(second, qj.X)(2)
    qj.cond(first, qj.Z)(2)
    return qj.probs(wires=[2])


def test_mid_circuit_measurements_and_conditions_in_openqasm_2():
    expected = """\
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg m0[1];
creg m1[1];
creg c[1];
ry(0.5) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
measure q[0] -> m0[0];
measure q[1] -> m1[0];
reset q[1];
if(m1==1) x q[2];
if(m0==1) z q[2];
measure q[2] -> c[0];
"""
    assert qj.to_qasm(_teleport, wires=3)() == expected


def test_mid_circuit_measurements_and_conditions_in_openqasm_3():
    expected = """\
OPENQASM 3.0;
include "stdgates.inc";
qubit[3] q;
bit[2] m;
bit[1] c;
ry(0.5) q[0];
h q[1];
cx q[1], q[2];
cx q[0], q[1];
h q[0];
m[0] = measure q[0];
m[1] = measure q[1];
reset q[1];
if (m[1] == 1) { x q[2]; }
if (m[0] == 1) { z q[2]; }
c[0] = measure q[2];
"""
    assert qj.to_qasm(_teleport, wires=3, version="3.0")() == expected


def _two_outcome_condition():
    first, second = qj.measure(0), qj.measure(1)
    qj.cond(first != second, qj.X)(2)
    qj.cond(~first, qj.H)(2)
    return qj.expval(qj.Z(2))


def test_conditions_on_several_outcomes_nest_ifs_in_openqasm_3():
    text = qj.to_qasm(_two_outcome_condition, wires=3, version=3)()
    assert text.splitlines()[-3:] == [
        "if (m[0] == 0) { if (m[1] == 1) { x q[2]; } }",
        "if (m[0] == 1) { if (m[1] == 0) { x q[2]; } }",
        "if (m[0] == 0) { h q[2]; }",
    ]


def test_conditions_on_several_outcomes_are_an_error_in_openqasm_2():
    with pytest.raises(CircuitError, match=r"depends on 2 mid-circuit measurements.*version='3.0'"):
        qj.to_qasm(_two_outcome_condition, wires=3)()


def test_wire_labels_are_listed_and_final_measurements_follow_the_readouts():
    @qj.circuit(wires=["a", "b", "c"])
    def labelled():
        qj.X("b")
        return qj.sample(wires=["c", "a"]), qj.expval(qj.Z("b"))

    lines = qj.to_qasm(labelled)().splitlines()
    assert lines[3:] == [
        "creg c[2];",
        "// wires: q[0] = 'a', q[1] = 'b', q[2] = 'c'",
        "x q[1];",
        "measure q[0] -> c[0];",
        "measure q[2] -> c[1];",
    ]
    assert "measure" not in qj.to_qasm(labelled, measure=False)()


def test_numbers_keep_every_digit_and_a_decimal_point(x64):
    def small_angles():
        qj.RX(1e-05, wires=0)
        qj.RY(2.0, wires=0)
        qj.RZ(0.1 + 0.2, wires=0)
        return qj.probs()

    body = qj.to_qasm(small_angles, wires=1, measure=False)().splitlines()[3:]
    assert body == ["rx(1.0e-05) q[0];", "ry(2.0) q[0];", "rz(0.30000000000000004) q[0];"]


def test_barriers_are_written():
    def fenced():
        qj.H(0)
        qj.Barrier(wires=[0, 1])
        return qj.probs()

    assert qj.to_qasm(fenced, wires=2, measure=False)().splitlines()[-1] == "barrier q[0], q[1];"


# --- errors --------------------------------------------------------------------------------------


def test_noise_channels_are_an_error():
    def noisy():
        qj.BitFlip(0.1, wires=0)
        return qj.probs()

    with pytest.raises(CircuitError, match=r"no noise channels.*BitFlip"):
        qj.to_qasm(noisy, wires=1)()


def test_postselection_is_an_error():
    def postselected():
        qj.measure(0, postselect=1)
        return qj.probs()

    with pytest.raises(CircuitError, match="cannot postselect"):
        qj.to_qasm(postselected, wires=1)()


def test_traced_parameters_are_an_error():
    def rotate(theta):
        qj.RX(theta, wires=0)
        return qj.probs()

    write = qj.to_qasm(rotate, wires=1)
    with pytest.raises(CircuitError, match=r"traced parameter.*outside jax\.jit"):
        jax.jit(lambda theta: len(write(theta)))(0.3)


def test_an_unknown_version_is_an_error():
    with pytest.raises(CircuitError, match="version must be 2, 3 or one of"):
        qj.to_qasm(_teleport, wires=3, version="4.0")


# --- round trips: qj.from_qasm(qj.to_qasm(circuit)) ------------------------------------------


def _round_trip_states(build: Callable[[], None], num_wires: int, version: str):
    """The states of ``build`` and of its exported-then-imported program, from a random state."""
    start = oracle.random_state(num_wires, np.random.default_rng(11))

    def original():
        qj.StatePrep(start, wires=range(num_wires))
        build()
        return qj.state()

    def gates():
        build()
        return qj.probs()

    program = qj.from_qasm(qj.to_qasm(gates, wires=num_wires, version=version)())

    def imported():
        qj.StatePrep(start, wires=range(num_wires))
        program()
        return qj.state()

    run = lambda fn: np.asarray(qj.circuit(fn, wires=num_wires)())  # noqa: E731
    return run(imported), run(original)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", FIXED_SIZE)
def test_every_fixed_size_gate_round_trips(name, version):
    num_params, num_wires = oracle.GATES[name]
    params = np.random.default_rng(len(name)).uniform(-np.pi, np.pi, num_params)
    gate = getattr(qj, name)
    imported, original = _round_trip_states(
        lambda: gate(*params, wires=list(range(num_wires))[::-1]), num_wires, version
    )
    _assert_same_unitary(imported, original, version)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", sorted(MATRIX_CASES))
def test_gates_of_any_size_and_composites_round_trip(case, version):
    build, _ = MATRIX_CASES[case]
    matrices = _matrices()
    imported, original = _round_trip_states(lambda: build(matrices), 3, version)
    _assert_same_unitary(imported, original, version)


@pytest.mark.parametrize("version", VERSIONS)
def test_mid_circuit_measurements_round_trip(version):
    program = qj.from_qasm(qj.to_qasm(_teleport, wires=3, version=version)())

    @qj.circuit(wires=3)
    def imported():
        program()
        return qj.probs(wires=[2])

    expected = [np.cos(0.25) ** 2, np.sin(0.25) ** 2]
    assert_close(imported(), expected)
    assert_close(qj.circuit(_teleport, wires=3)(), expected)


@pytest.mark.parametrize("version", VERSIONS)
def test_templates_round_trip_under_jit(version):
    weights = np.random.default_rng(5).uniform(0, 2 * np.pi, (2, 3, 3))

    def layers():
        qj.templates.StronglyEntanglingLayers(weights, wires=range(3))

    def exported():
        layers()
        return qj.probs()

    program = qj.from_qasm(qj.to_qasm(exported, wires=3, version=version)())

    def imported():
        program()
        return qj.state()

    def original():
        layers()
        return qj.state()

    run = lambda fn: jax.jit(qj.circuit(fn, wires=3))()  # noqa: E731
    _assert_same_unitary(np.asarray(run(imported)), np.asarray(run(original)), version)


def test_rounding_noise_off_the_diagonal_cannot_flip_a_phase():
    noisy = np.array([[1, 3e-9], [-3e-9, np.exp(0.7j)]])

    def phase():
        qj.QubitUnitary(noisy, wires=0)
        return qj.probs()

    for version in VERSIONS:
        actual = _exported_unitary(phase, 1, version)
        _assert_same_unitary(actual, np.diag([1, np.exp(0.7j)]), version)
