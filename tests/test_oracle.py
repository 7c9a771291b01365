"""Self-consistency checks of the dense NumPy reference in ``oracle``."""

from __future__ import annotations

import numpy as np
import pytest

import oracle
from oracle import GATES, controlled, embed, embed_via_kron, gate_matrix, pauli_matrix


def _hyper(name: str) -> tuple[int | None, dict[str, object]]:
    """num_wires and hyperparameters used to instantiate a variable-wire gate."""
    if name == "PauliRot":
        return None, {"word": "XIYZ"}
    if name == "MultiControlledX":
        return 3, {"control_values": (0, 1)}
    return 3, {}


def _expm_hermitian(generator: np.ndarray, coeff: complex) -> np.ndarray:
    """exp(coeff * G) for Hermitian G via its eigendecomposition."""
    evals, evecs = np.linalg.eigh(generator)
    return evecs @ np.diag(np.exp(coeff * evals)) @ evecs.conj().T


@pytest.mark.parametrize("name", sorted(GATES))
def test_every_gate_is_unitary_with_declared_shape(name: str) -> None:
    rng = np.random.default_rng(0)
    num_params, num_wires = GATES[name]
    params = rng.uniform(-np.pi, np.pi, size=num_params)
    if num_wires is None:
        num_wires, hyper = _hyper(name)
        mat = gate_matrix(name, params, num_wires, **hyper)
    else:
        mat = gate_matrix(name, params)
        assert mat.shape == (2**num_wires, 2**num_wires)
    assert mat.dtype == np.complex128
    np.testing.assert_allclose(mat.conj().T @ mat, np.eye(mat.shape[0]), atol=1e-12)


@pytest.mark.parametrize(
    ("name", "num_wires", "hyper"),
    [
        ("RX", None, {}),
        ("RY", None, {}),
        ("RZ", None, {}),
        ("PhaseShift", None, {}),
        ("U1", None, {}),
        ("U3", None, {}),
        ("Rot", None, {}),
        ("CRX", None, {}),
        ("CRY", None, {}),
        ("CRZ", None, {}),
        ("ControlledPhaseShift", None, {}),
        ("CRot", None, {}),
        ("IsingXX", None, {}),
        ("IsingYY", None, {}),
        ("IsingZZ", None, {}),
        ("IsingXY", None, {}),
        ("MultiRZ", 3, {}),
        ("PauliRot", None, {"word": "XYZ"}),
        ("GlobalPhase", 2, {}),
    ],
)
def test_rotations_at_zero_are_identity(
    name: str, num_wires: int | None, hyper: dict[str, object]
) -> None:
    mat = gate_matrix(name, [0.0] * GATES[name][0], num_wires, **hyper)
    np.testing.assert_allclose(mat, np.eye(mat.shape[0]), atol=1e-12)


@pytest.mark.parametrize(("rot", "pauli"), [("RX", "X"), ("RY", "Y"), ("RZ", "Z")])
def test_rotations_at_pi(rot: str, pauli: str) -> None:
    np.testing.assert_allclose(gate_matrix(rot, [np.pi]), -1j * gate_matrix(pauli), atol=1e-12)


def test_clifford_relations() -> None:
    g = {name: gate_matrix(name) for name in ("X", "Z", "H", "S", "Sdg", "T", "Tdg", "SX", "SXdg")}
    np.testing.assert_allclose(g["S"] @ g["S"], g["Z"], atol=1e-12)
    np.testing.assert_allclose(g["T"] @ g["T"], g["S"], atol=1e-12)
    np.testing.assert_allclose(g["SX"] @ g["SX"], g["X"], atol=1e-12)
    np.testing.assert_allclose(g["Sdg"], g["S"].conj().T, atol=1e-12)
    np.testing.assert_allclose(g["Tdg"], g["T"].conj().T, atol=1e-12)
    np.testing.assert_allclose(g["SXdg"], g["SX"].conj().T, atol=1e-12)
    np.testing.assert_allclose(g["H"], (g["X"] + g["Z"]) / np.sqrt(2), atol=1e-12)


def test_rot_decomposition() -> None:
    phi, theta, omega = 0.3, -1.1, 2.4
    expected = gate_matrix("RZ", [omega]) @ gate_matrix("RY", [theta]) @ gate_matrix("RZ", [phi])
    np.testing.assert_allclose(gate_matrix("Rot", [phi, theta, omega]), expected, atol=1e-12)


def test_u_gates() -> None:
    theta, phi, delta = 0.7, -0.4, 1.9
    np.testing.assert_allclose(
        gate_matrix("U3", [theta, -np.pi / 2, np.pi / 2]), gate_matrix("RX", [theta]), atol=1e-12
    )
    np.testing.assert_allclose(
        gate_matrix("U3", [theta, 0, 0]), gate_matrix("RY", [theta]), atol=1e-12
    )
    np.testing.assert_allclose(
        gate_matrix("U2", [phi, delta]), gate_matrix("U3", [np.pi / 2, phi, delta]), atol=1e-12
    )
    np.testing.assert_allclose(
        gate_matrix("U1", [phi]), gate_matrix("PhaseShift", [phi]), atol=1e-12
    )


@pytest.mark.parametrize(
    ("name", "base", "num_params"),
    [
        ("CNOT", "X", 0),
        ("CY", "Y", 0),
        ("CZ", "Z", 0),
        ("CH", "H", 0),
        ("CRX", "RX", 1),
        ("CRY", "RY", 1),
        ("CRZ", "RZ", 1),
        ("ControlledPhaseShift", "PhaseShift", 1),
        ("CRot", "Rot", 3),
        ("CSWAP", "SWAP", 0),
    ],
)
def test_single_controlled_gates(name: str, base: str, num_params: int) -> None:
    params = [0.8, -1.3, 2.1][:num_params]
    np.testing.assert_allclose(
        gate_matrix(name, params), controlled(gate_matrix(base, params), 1), atol=1e-12
    )


def test_doubly_controlled_gates() -> None:
    np.testing.assert_allclose(gate_matrix("Toffoli"), controlled(gate_matrix("X"), 2), atol=1e-12)
    np.testing.assert_allclose(gate_matrix("CCZ"), controlled(gate_matrix("Z"), 2), atol=1e-12)


@pytest.mark.parametrize("control_values", [None, (1, 1, 1), (0, 1, 0), (0, 0, 0)])
def test_multi_controlled_x(control_values: tuple[int, ...] | None) -> None:
    hyper = {} if control_values is None else {"control_values": control_values}
    np.testing.assert_allclose(
        gate_matrix("MultiControlledX", num_wires=4, **hyper),
        controlled(gate_matrix("X"), 3, control_values),
        atol=1e-12,
    )


def test_multi_controlled_x_two_wires_is_cnot() -> None:
    np.testing.assert_allclose(
        gate_matrix("MultiControlledX", num_wires=2), gate_matrix("CNOT"), atol=1e-12
    )


def test_pauli_rot_special_cases() -> None:
    theta = 0.9
    for word, name in [("X", "RX"), ("Y", "RY"), ("Z", "RZ"), ("XX", "IsingXX"), ("YY", "IsingYY")]:
        np.testing.assert_allclose(
            gate_matrix("PauliRot", [theta], word=word), gate_matrix(name, [theta]), atol=1e-12
        )
    np.testing.assert_allclose(
        gate_matrix("PauliRot", [theta], word="ZZ"),
        gate_matrix("MultiRZ", [theta], num_wires=2),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        gate_matrix("IsingZZ", [theta]), gate_matrix("MultiRZ", [theta], num_wires=2), atol=1e-12
    )


@pytest.mark.parametrize("word", ["XYZ", "IZXI", "YY", "ZIZ"])
def test_pauli_rot_matches_exponential(word: str) -> None:
    theta = -1.7
    expected = _expm_hermitian(pauli_matrix(word), -0.5j * theta)
    np.testing.assert_allclose(gate_matrix("PauliRot", [theta], word=word), expected, atol=1e-12)


def test_multi_rz_matches_exponential() -> None:
    theta = 2.3
    expected = _expm_hermitian(pauli_matrix("ZZZ"), -0.5j * theta)
    np.testing.assert_allclose(gate_matrix("MultiRZ", [theta], num_wires=3), expected, atol=1e-12)


def test_ising_xy_and_iswap() -> None:
    phi = 1.2
    generator = pauli_matrix("XX") + pauli_matrix("YY")
    np.testing.assert_allclose(
        gate_matrix("IsingXY", [phi]), _expm_hermitian(generator, 0.25j * phi), atol=1e-12
    )
    np.testing.assert_allclose(gate_matrix("ISWAP"), gate_matrix("IsingXY", [np.pi]), atol=1e-12)


def test_ecr_pauli_decomposition() -> None:
    expected = (pauli_matrix("XI") - pauli_matrix("YX")) / np.sqrt(2)
    np.testing.assert_allclose(gate_matrix("ECR"), expected, atol=1e-12)


@pytest.mark.parametrize("num_wires", [0, 1, 3])
def test_global_phase(num_wires: int) -> None:
    phi = 0.37
    np.testing.assert_allclose(
        gate_matrix("GlobalPhase", [phi], num_wires=num_wires),
        np.exp(-1j * phi) * np.eye(2**num_wires),
        atol=1e-12,
    )


def test_gate_matrix_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        gate_matrix("Nope")
    with pytest.raises(ValueError):
        gate_matrix("RX", [])
    with pytest.raises(ValueError):
        gate_matrix("CNOT", num_wires=3)
    with pytest.raises(ValueError):
        gate_matrix("MultiControlledX", num_wires=3, control_values=(1,))
    with pytest.raises(TypeError):
        gate_matrix("RX", [0.1], word="X")


@pytest.mark.parametrize(
    ("wires", "num_wires"),
    [([0], 1), ([1, 0], 2), ([2, 0], 3), ([0, 2], 3), ([3, 1, 0], 4), ([4, 0, 2], 5), ([], 2)],
)
def test_embed_matches_kron_on_chosen_wires(wires: list[int], num_wires: int) -> None:
    rng = np.random.default_rng(1)
    mat = oracle.random_unitary(2 ** len(wires), rng)
    np.testing.assert_allclose(
        embed(mat, wires, num_wires), embed_via_kron(mat, wires, num_wires), atol=1e-12
    )


@pytest.mark.parametrize("num_wires", [1, 2, 3, 4, 5])
def test_embed_matches_kron_on_random_wires(num_wires: int) -> None:
    rng = np.random.default_rng(num_wires)
    for _ in range(6):
        k = int(rng.integers(1, min(3, num_wires) + 1))
        wires = [int(w) for w in rng.permutation(num_wires)[:k]]
        mat = rng.normal(size=(2**k, 2**k)) + 1j * rng.normal(size=(2**k, 2**k))
        np.testing.assert_allclose(
            embed(mat, wires, num_wires), embed_via_kron(mat, wires, num_wires), atol=1e-12
        )


def test_embed_wire_order_convention() -> None:
    x, eye = gate_matrix("X"), np.eye(2)
    np.testing.assert_allclose(embed(x, [0], 3), np.kron(x, np.kron(eye, eye)), atol=1e-12)
    np.testing.assert_allclose(embed(x, [2], 3), np.kron(np.kron(eye, eye), x), atol=1e-12)
    basis_001 = np.eye(8)[0b001]
    out = oracle.apply(basis_001, gate_matrix("CNOT"), [2, 0], 3)
    np.testing.assert_allclose(out, np.eye(8)[0b101], atol=1e-12)
    out = oracle.apply(basis_001, gate_matrix("CNOT"), [0, 2], 3)
    np.testing.assert_allclose(out, basis_001, atol=1e-12)


def test_embed_rejects_bad_wires() -> None:
    with pytest.raises(ValueError):
        embed(gate_matrix("CNOT"), [1, 1], 3)
    with pytest.raises(ValueError):
        embed(gate_matrix("X"), [3], 3)
    with pytest.raises(ValueError):
        embed(gate_matrix("X"), [0, 1], 3)


def test_apply_preserves_norm() -> None:
    rng = np.random.default_rng(2)
    state = oracle.random_state(4, rng)
    out = oracle.apply(state, oracle.random_unitary(4, rng), [3, 1], 4)
    np.testing.assert_allclose(np.linalg.norm(out), 1.0, atol=1e-12)


def test_random_unitary_is_unitary() -> None:
    u = oracle.random_unitary(8, np.random.default_rng(3))
    np.testing.assert_allclose(u.conj().T @ u, np.eye(8), atol=1e-12)


@pytest.mark.parametrize("wires", [[0], [2], [1, 3], [3, 0, 2], [0, 1, 2, 3]])
def test_probs_and_reduced_density_matrix(wires: list[int]) -> None:
    state = oracle.random_state(4, np.random.default_rng(4))
    p = oracle.probs(state, wires, 4)
    rho = oracle.reduced_density_matrix(state, wires, 4)
    assert p.shape == (2 ** len(wires),)
    np.testing.assert_allclose(p.sum(), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.trace(rho), 1.0, atol=1e-12)
    np.testing.assert_allclose(rho, rho.conj().T, atol=1e-12)
    assert np.linalg.eigvalsh(rho).min() > -1e-12
    np.testing.assert_allclose(np.real(np.diag(rho)), p, atol=1e-12)


def test_probs_wire_order() -> None:
    state = np.eye(8, dtype=np.complex128)[0b110]
    np.testing.assert_allclose(oracle.probs(state, [0, 2], 3), [0, 0, 1, 0], atol=1e-12)
    np.testing.assert_allclose(oracle.probs(state, [2, 0], 3), [0, 1, 0, 0], atol=1e-12)


def test_reduced_density_matrix_of_product_state() -> None:
    rng = np.random.default_rng(5)
    a, b = oracle.random_state(1, rng), oracle.random_state(2, rng)
    state = np.kron(a, b)
    np.testing.assert_allclose(
        oracle.reduced_density_matrix(state, [0], 3), np.outer(a, a.conj()), atol=1e-12
    )
    np.testing.assert_allclose(
        oracle.reduced_density_matrix(state, [2, 1], 3),
        embed_via_kron(np.outer(b, b.conj()), [1, 0], 2),
        atol=1e-12,
    )


def test_expval_and_var() -> None:
    zero = np.array([1, 0], dtype=np.complex128)
    assert oracle.expval(zero, gate_matrix("Z")) == pytest.approx(1.0, abs=1e-12)
    assert oracle.var(zero, gate_matrix("Z")) == pytest.approx(0.0, abs=1e-12)
    assert oracle.expval(zero, gate_matrix("X")) == pytest.approx(0.0, abs=1e-12)
    assert oracle.var(zero, gate_matrix("X")) == pytest.approx(1.0, abs=1e-12)
    state = oracle.random_state(3, np.random.default_rng(6))
    obs = embed(gate_matrix("Z"), [1], 3)
    p = oracle.probs(state, [1], 3)
    assert oracle.expval(state, obs) == pytest.approx(p[0] - p[1], abs=1e-12)
    assert oracle.var(state, obs) == pytest.approx(1 - (p[0] - p[1]) ** 2, abs=1e-12)
