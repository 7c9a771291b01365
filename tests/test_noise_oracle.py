"""Self-consistency checks of the density-matrix reference in ``noise_oracle``."""

from __future__ import annotations

import numpy as np
import pytest

import oracle
from noise_oracle import (
    CHANNELS,
    apply_kraus,
    evolve_density,
    expval_density,
    is_cptp,
    kraus_operators,
    partial_trace,
    probs_density,
    pure_density,
)

ATOL = 1e-12

_X = np.array([[0, 1], [1, 0]], dtype=np.complex128)
_Z = np.diag([1, -1]).astype(np.complex128)
_KET0 = pure_density(np.array([1, 0]))
_KET1 = pure_density(np.array([0, 1]))

# (name, params) covering the edges 0 and 1 of every probability and both T2 regimes.
_PROBS = (0.0, 0.1, 0.5, 0.75, 1.0)
_CASES: list[tuple[str, tuple[object, ...]]] = [
    *[(name, (p,)) for name in ("BitFlip", "PhaseFlip", "DepolarizingChannel") for p in _PROBS],
    *[(name, (g,)) for name in ("AmplitudeDamping", "PhaseDamping") for g in _PROBS],
    *[("GeneralizedAmplitudeDamping", (g, p)) for g in _PROBS for p in (0.0, 0.3, 1.0)],
    *[("ResetError", ps) for ps in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.2, 0.3), (0.5, 0.5)]],
    *[("PauliError", (w, p)) for w in ("X", "Y", "Z", "XZ", "YXZ") for p in (0.0, 0.3, 1.0)],
    *[
        ("ThermalRelaxationError", (pe, 1.0, t2, tq))
        for pe in (0.0, 0.3, 1.0)
        for t2 in (0.5, 1.0, 1.5, 2.0)
        for tq in (0.0, 0.1, 1.0, 5.0)
    ],
]


def _random_rho(num_wires: int, rng: np.random.Generator) -> np.ndarray:
    """Full-rank random density matrix (A A^dagger / Tr)."""
    dim = 2**num_wires
    a = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
    rho = a @ a.conj().T
    return (rho / np.trace(rho)).astype(np.complex128)


def _superop(kraus: list[np.ndarray]) -> np.ndarray:
    """sum_k K ⊗ conj(K): the channel as a matrix on row-major vec(rho)."""
    return sum(np.kron(k, k.conj()) for k in kraus)


def _width(name: str, params: tuple[object, ...]) -> int:
    return len(params[0]) if name == "PauliError" else 1  # type: ignore[arg-type]


def test_every_channel_is_covered() -> None:
    assert {name for name, _ in _CASES} == set(CHANNELS)


@pytest.mark.parametrize(("name", "params"), _CASES)
def test_every_channel_is_cptp_complex128_and_keeps_states_valid(
    name: str, params: tuple[object, ...]
) -> None:
    kraus = kraus_operators(name, *params)
    n = _width(name, params)
    assert all(k.dtype == np.complex128 and k.shape == (2**n, 2**n) for k in kraus)
    assert is_cptp(kraus)
    rho = apply_kraus(_random_rho(n, np.random.default_rng(1)), kraus, range(n), n)
    np.testing.assert_allclose(np.trace(rho), 1.0, atol=ATOL)
    np.testing.assert_allclose(rho, rho.conj().T, atol=ATOL)
    assert np.linalg.eigvalsh(rho).min() > -1e-12


def test_kraus_counts_follow_pennylane() -> None:
    counts = {
        "BitFlip": 2,
        "PhaseFlip": 2,
        "DepolarizingChannel": 4,
        "AmplitudeDamping": 2,
        "GeneralizedAmplitudeDamping": 4,
        "PhaseDamping": 2,
        "PauliError": 2,
        "ResetError": 5,
        "ThermalRelaxationError": 6,
    }
    for name, params in _CASES:
        assert len(kraus_operators(name, *params)) == counts[name], (name, params)


# Examples printed in the docstrings of PennyLane 0.45's compute_kraus_matrices
# (pennylane/ops/channel.py); PennyLane's eps under the square roots is below 1e-7.
_DOCUMENTED = [
    ("AmplitudeDamping", (0.5,), [[[1, 0], [0, 0.70710678]], [[0, 0.70710678], [0, 0]]]),
    ("PhaseDamping", (0.5,), [[[1, 0], [0, 0.70710678]], [[0, 0], [0, 0.70710678]]]),
    (
        "GeneralizedAmplitudeDamping",
        (0.3, 0.6),
        [
            [[0.63245553, 0], [0, 0.52915026]],
            [[0, 0.34641016], [0, 0]],
            [[0.64807407, 0], [0, 0.77459667]],
            [[0, 0], [0.42426407, 0]],
        ],
    ),
    (
        "DepolarizingChannel",
        (0.5,),
        [
            [[0.70710678, 0], [0, 0.70710678]],
            [[0, 0.40824829], [0.40824829, 0]],
            [[0, -0.40824829j], [0.40824829j, 0]],
            [[0.40824829, 0], [0, -0.40824829]],
        ],
    ),
    (
        "BitFlip",
        (0.5,),
        [[[0.70710678, 0], [0, 0.70710678]], [[0, 0.70710678], [0.70710678, 0]]],
    ),
    (
        "PhaseFlip",
        (0.5,),
        [[[0.70710678, 0], [0, 0.70710678]], [[0.70710678, 0], [0, -0.70710678]]],
    ),
    (
        "PauliError",
        ("X", 0.5),
        [[[0.70710678, 0], [0, 0.70710678]], [[0, 0.70710678], [0.70710678, 0]]],
    ),
    (
        "ResetError",
        (0.2, 0.3),
        [
            [[0.70710678, 0], [0, 0.70710678]],
            [[0.4472136, 0], [0, 0]],
            [[0, 0.4472136], [0, 0]],
            [[0, 0], [0.54772256, 0]],
            [[0, 0], [0, 0.54772256]],
        ],
    ),
    (
        # T2 > T1: the Choi-matrix branch (PennyLane's example lists its four non-zero operators).
        "ThermalRelaxationError",
        (0.1, 1.2, 1.3, 0.1),
        [
            [[0, 0], [0.08941789, 0]],
            [[0, 0.26825366], [0, 0]],
            [[-0.12718544, 0], [0, 0.13165421]],
            [[0.98784022, 0], [0, 0.95430977]],
        ],
    ),
]


@pytest.mark.parametrize(("name", "params", "expected"), _DOCUMENTED)
def test_matches_pennylanes_documented_examples(
    name: str, params: tuple[object, ...], expected: list[list[list[complex]]]
) -> None:
    kraus = kraus_operators(name, *params)
    for k, e in zip(kraus, expected, strict=False):
        np.testing.assert_allclose(k, np.array(e, dtype=np.complex128), atol=2e-7)
    for k in kraus[len(expected) :]:
        np.testing.assert_allclose(k, 0.0, atol=ATOL)


def test_pauli_error_word_order_and_operators() -> None:
    k0, k1 = kraus_operators("PauliError", "XZ", 0.25, num_wires=2)
    np.testing.assert_allclose(k0, np.sqrt(0.75) * np.eye(4), atol=ATOL)
    np.testing.assert_allclose(k1, 0.5 * np.kron(_X, _Z), atol=ATOL)


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.75, 1.0])
def test_depolarizing_is_a_shrink_towards_the_maximally_mixed_state(p: float) -> None:
    rho = _random_rho(1, np.random.default_rng(2))
    out = apply_kraus(rho, kraus_operators("DepolarizingChannel", p), [0], 1)
    expected = (1 - 4 * p / 3) * rho + (4 * p / 3) * np.eye(2) / 2
    np.testing.assert_allclose(out, expected, atol=ATOL)


def test_amplitude_damping_one_maps_everything_to_ket0() -> None:
    for seed in range(3):
        rho = _random_rho(1, np.random.default_rng(seed))
        out = apply_kraus(rho, kraus_operators("AmplitudeDamping", 1.0), [0], 1)
        np.testing.assert_allclose(out, _KET0, atol=ATOL)


def test_amplitude_damping_populations_and_coherence() -> None:
    gamma = 0.3
    rho = _random_rho(1, np.random.default_rng(3))
    out = apply_kraus(rho, kraus_operators("AmplitudeDamping", gamma), [0], 1)
    np.testing.assert_allclose(out[1, 1], (1 - gamma) * rho[1, 1], atol=ATOL)
    np.testing.assert_allclose(out[0, 1], np.sqrt(1 - gamma) * rho[0, 1], atol=ATOL)


def test_phase_damping_one_kills_off_diagonals_and_keeps_populations() -> None:
    rho = _random_rho(1, np.random.default_rng(4))
    out = apply_kraus(rho, kraus_operators("PhaseDamping", 1.0), [0], 1)
    np.testing.assert_allclose(out, np.diag(np.diag(rho)), atol=ATOL)
    half = apply_kraus(rho, kraus_operators("PhaseDamping", 0.36), [0], 1)
    np.testing.assert_allclose(half[0, 1], 0.8 * rho[0, 1], atol=ATOL)


def test_bit_and_phase_flip_at_one_are_the_paulis() -> None:
    rho = _random_rho(1, np.random.default_rng(5))
    flipped = apply_kraus(rho, kraus_operators("BitFlip", 1.0), [0], 1)
    np.testing.assert_allclose(flipped, _X @ rho @ _X, atol=ATOL)
    phased = apply_kraus(rho, kraus_operators("PhaseFlip", 1.0), [0], 1)
    np.testing.assert_allclose(phased, _Z @ rho @ _Z, atol=ATOL)
    mixed = apply_kraus(rho, kraus_operators("BitFlip", 0.3), [0], 1)
    np.testing.assert_allclose(mixed, 0.7 * rho + 0.3 * _X @ rho @ _X, atol=ATOL)


def test_generalized_amplitude_damping_parameter_order() -> None:
    """(gamma, p): p = 0 is plain amplitude damping, p = 1 damps towards |1>."""
    gamma = 0.4
    ad = _superop(kraus_operators("AmplitudeDamping", gamma))
    np.testing.assert_allclose(
        _superop(kraus_operators("GeneralizedAmplitudeDamping", gamma, 0.0)), ad, atol=ATOL
    )
    x_ad_x = _superop([_X @ k @ _X for k in kraus_operators("AmplitudeDamping", gamma)])
    np.testing.assert_allclose(
        _superop(kraus_operators("GeneralizedAmplitudeDamping", gamma, 1.0)), x_ad_x, atol=ATOL
    )
    # Full damping relaxes to diag(1 - p, p): p is the excited population.
    rho = _random_rho(1, np.random.default_rng(6))
    out = apply_kraus(rho, kraus_operators("GeneralizedAmplitudeDamping", 1.0, 0.7), [0], 1)
    np.testing.assert_allclose(out, np.diag([0.3, 0.7]), atol=ATOL)


def test_reset_error_edges() -> None:
    rho = _random_rho(1, np.random.default_rng(7))
    np.testing.assert_allclose(
        apply_kraus(rho, kraus_operators("ResetError", 1.0, 0.0), [0], 1), _KET0, atol=ATOL
    )
    np.testing.assert_allclose(
        apply_kraus(rho, kraus_operators("ResetError", 0.0, 1.0), [0], 1), _KET1, atol=ATOL
    )
    out = apply_kraus(rho, kraus_operators("ResetError", 0.2, 0.3), [0], 1)
    np.testing.assert_allclose(out, 0.5 * rho + 0.2 * _KET0 + 0.3 * _KET1, atol=ATOL)


def _thermal_map(rho: np.ndarray, pe: float, t1: float, t2: float, tq: float) -> np.ndarray:
    """The thermal-relaxation map written directly on the matrix entries."""
    p_reset = 1 - np.exp(-tq / t1)
    r00 = (1 - pe * p_reset) * rho[0, 0] + (1 - pe) * p_reset * rho[1, 1]
    r01 = np.exp(-tq / t2) * rho[0, 1]
    return np.array([[r00, r01], [np.conj(r01), np.trace(rho) - r00]])


@pytest.mark.parametrize("pe", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("t2", [0.2, 1.0, 1.0 + 1e-9, 1.4, 2.0])
@pytest.mark.parametrize("tq", [0.0, 0.05, 0.7, 3.0])
def test_thermal_relaxation_relaxes_populations_and_decays_coherence(
    pe: float, t2: float, tq: float
) -> None:
    """Both regimes (T2 <= T1 and T2 > T1) define the same physical map."""
    rho = _random_rho(1, np.random.default_rng(8))
    out = apply_kraus(rho, kraus_operators("ThermalRelaxationError", pe, 1.0, t2, tq), [0], 1)
    np.testing.assert_allclose(out, _thermal_map(rho, pe, 1.0, t2, tq), atol=1e-12)


@pytest.mark.parametrize("t2", [0.5, 1.0, 1.5, 2.0])
def test_thermal_relaxation_zero_gate_time_is_the_identity_channel(t2: float) -> None:
    kraus = kraus_operators("ThermalRelaxationError", 0.4, 1.0, t2, 0.0)
    np.testing.assert_allclose(_superop(kraus), np.eye(4), atol=ATOL)


@pytest.mark.parametrize("tq", [0.1, 1.0, 4.0])
def test_thermal_relaxation_t2_equal_2t1_is_amplitude_damping(tq: float) -> None:
    """pe = 0, T2 = 2 T1: AmplitudeDamping(1 - exp(-tq/T1)); pe = 1: the same towards |1>."""
    t1 = 1.5
    gamma = 1 - np.exp(-tq / t1)
    ad = kraus_operators("AmplitudeDamping", gamma)
    np.testing.assert_allclose(
        _superop(kraus_operators("ThermalRelaxationError", 0.0, t1, 2 * t1, tq)),
        _superop(ad),
        atol=ATOL,
    )
    np.testing.assert_allclose(
        _superop(kraus_operators("ThermalRelaxationError", 1.0, t1, 2 * t1, tq)),
        _superop([_X @ k @ _X for k in ad]),
        atol=ATOL,
    )


def test_thermal_relaxation_t2_equal_t1_is_a_reset_error() -> None:
    """T2 = T1 (the T2 <= T1 branch, pz = 0): ResetError((1-pe) p_reset, pe p_reset)."""
    pe, t1, tq = 0.3, 2.0, 0.5
    p_reset = 1 - np.exp(-tq / t1)
    np.testing.assert_allclose(
        _superop(kraus_operators("ThermalRelaxationError", pe, t1, t1, tq)),
        _superop(kraus_operators("ResetError", (1 - pe) * p_reset, pe * p_reset)),
        atol=ATOL,
    )


def test_thermal_relaxation_pure_dephasing_branch() -> None:
    """T2 <= T1: pz = exp(-tq/T1) (1 - exp(-tq/T2 + tq/T1)) / 2 (PennyLane's K_1)."""
    pe, t1, t2, tq = 0.2, 1.0, 0.5, 0.3
    kraus = kraus_operators("ThermalRelaxationError", pe, t1, t2, tq)
    pz = np.exp(-tq / t1) * (1 - np.exp(-tq / t2 + tq / t1)) / 2
    np.testing.assert_allclose(kraus[1], np.sqrt(pz) * _Z, atol=ATOL)
    p_reset = 1 - np.exp(-tq / t1)
    np.testing.assert_allclose(kraus[0], np.sqrt(1 - pz - p_reset) * np.eye(2), atol=ATOL)


def test_thermal_relaxation_steady_state_is_fixed() -> None:
    pe = 0.25
    steady = np.diag([1 - pe, pe]).astype(np.complex128)
    for t2 in (0.5, 1.7):
        kraus = kraus_operators("ThermalRelaxationError", pe, 1.0, t2, 0.8)
        np.testing.assert_allclose(apply_kraus(steady, kraus, [0], 1), steady, atol=ATOL)


@pytest.mark.parametrize("pe", [0.0, 0.2, 0.5, 0.6, 1.0])
@pytest.mark.parametrize("tq", [500.0, 1070.0, 2000.0])
@pytest.mark.parametrize("t2", [0.5, 1.5])
def test_thermal_relaxation_long_gate_time_stays_finite(pe: float, tq: float, t2: float) -> None:
    """exp(-tq/T2) tiny or underflowing to 0: both regimes stay a valid channel."""
    kraus = kraus_operators("ThermalRelaxationError", pe, 1.0, t2, tq)
    assert all(np.all(np.isfinite(k)) for k in kraus)
    assert is_cptp(kraus)
    out = apply_kraus(_random_rho(1, np.random.default_rng(9)), kraus, [0], 1)
    np.testing.assert_allclose(out, np.diag([1 - pe, pe]), atol=ATOL)


def test_apply_kraus_on_one_wire_of_three_is_the_partial_application() -> None:
    rng = np.random.default_rng(10)
    kraus = kraus_operators("GeneralizedAmplitudeDamping", 0.3, 0.6)
    rho = _random_rho(3, rng)
    out = apply_kraus(rho, kraus, [1], 3)
    expected = sum(
        np.kron(np.kron(np.eye(2), k), np.eye(2))
        @ rho
        @ np.kron(np.kron(np.eye(2), k), np.eye(2)).conj().T
        for k in kraus
    )
    np.testing.assert_allclose(out, expected, atol=ATOL)
    # On a product state only the middle factor changes.
    a, b, c = (_random_rho(1, rng) for _ in range(3))
    product = np.kron(np.kron(a, b), c)
    b_out = apply_kraus(b, kraus, [0], 1)
    np.testing.assert_allclose(
        apply_kraus(product, kraus, [1], 3), np.kron(np.kron(a, b_out), c), atol=ATOL
    )
    # The channel commutes with tracing out the untouched wires.
    np.testing.assert_allclose(
        partial_trace(out, [1], 3), apply_kraus(partial_trace(rho, [1], 3), kraus, [0], 1)
    )


def test_apply_kraus_two_wire_pauli_error_follows_wire_order() -> None:
    rng = np.random.default_rng(11)
    rho = _random_rho(3, rng)
    kraus = kraus_operators("PauliError", "XZ", 1.0, num_wires=2)
    out = apply_kraus(rho, kraus, [2, 0], 3)
    full = np.kron(np.kron(_Z, np.eye(2)), _X)  # X on wire 2, Z on wire 0
    np.testing.assert_allclose(out, full @ rho @ full.conj().T, atol=ATOL)


def test_evolve_density_matches_pure_state_evolution_for_gates() -> None:
    rng = np.random.default_rng(12)
    n = 3
    state = oracle.random_state(n, rng)
    steps = [
        ("gate", oracle.gate_matrix("H"), [0]),
        ("gate", oracle.gate_matrix("CNOT"), [0, 2]),
        ("gate", oracle.gate_matrix("RY", [0.4]), [1]),
        ("gate", oracle.random_unitary(4, rng), [2, 1]),
    ]
    psi = state
    for _, matrix, wires in steps:
        psi = oracle.apply(psi, matrix, wires, n)
    rho = evolve_density(pure_density(state), steps, n)
    np.testing.assert_allclose(rho, pure_density(psi), atol=ATOL)


def test_evolve_density_applies_steps_in_order() -> None:
    """X then AmplitudeDamping(1) gives |0><0|; the reverse order gives |1><1|."""
    start = pure_density(np.array([1, 0, 0, 0]))
    ad = kraus_operators("AmplitudeDamping", 1.0)
    first = evolve_density(start, [("gate", _X, [1]), ("kraus", ad, [1])], 2)
    np.testing.assert_allclose(probs_density(first, [1], 2), [1.0, 0.0], atol=ATOL)
    second = evolve_density(start, [("kraus", ad, [1]), ("gate", _X, [1])], 2)
    np.testing.assert_allclose(probs_density(second, [1], 2), [0.0, 1.0], atol=ATOL)
    with pytest.raises(ValueError, match="unknown step kind"):
        evolve_density(start, [("measure", None, [0])], 2)


def test_measurements_agree_with_the_state_vector_oracle() -> None:
    rng = np.random.default_rng(13)
    n = 4
    state = oracle.random_state(n, rng)
    rho = pure_density(state)
    for wires in ([0], [2], [3, 1], [1, 3, 0], [0, 1, 2, 3], [2, 0, 3, 1]):
        np.testing.assert_allclose(
            probs_density(rho, wires, n), oracle.probs(state, wires, n), atol=ATOL
        )
        np.testing.assert_allclose(
            partial_trace(rho, wires, n),
            oracle.reduced_density_matrix(state, wires, n),
            atol=ATOL,
        )
    observable = oracle.embed(oracle.pauli_matrix("XZ"), [3, 1], n)
    np.testing.assert_allclose(
        expval_density(rho, observable), oracle.expval(state, observable), atol=ATOL
    )
    np.testing.assert_allclose(partial_trace(rho, [], n), [[1.0]], atol=ATOL)


def test_probs_of_a_mixed_state() -> None:
    rho = np.kron(np.diag([0.25, 0.75]), np.diag([0.6, 0.4])).astype(np.complex128)
    np.testing.assert_allclose(probs_density(rho, [0, 1], 2), [0.15, 0.1, 0.45, 0.3], atol=ATOL)
    np.testing.assert_allclose(probs_density(rho, [1, 0], 2), [0.15, 0.45, 0.1, 0.3], atol=ATOL)
    np.testing.assert_allclose(probs_density(rho, [1], 2), [0.6, 0.4], atol=ATOL)


def test_is_cptp_rejects_non_trace_preserving_sets() -> None:
    assert not is_cptp([0.5 * np.eye(2)])
    assert not is_cptp([np.eye(2), _X])
    assert not is_cptp([])
    assert is_cptp([np.eye(2)])


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("BitFlip", (1.1,)),
        ("DepolarizingChannel", (-0.1,)),
        ("AmplitudeDamping", (2.0,)),
        ("GeneralizedAmplitudeDamping", (0.5, 1.5)),
        ("ResetError", (0.6, 0.6)),
        ("PauliError", ("XI", 0.1)),
        ("PauliError", ("X", 1.2)),
        ("ThermalRelaxationError", (0.1, 1.0, 2.5, 0.1)),
        ("ThermalRelaxationError", (0.1, 1.0, 1.0, -0.1)),
        ("ThermalRelaxationError", (0.1, 0.0, 1.0, 0.1)),
        ("ThermalRelaxationError", (1.1, 1.0, 1.0, 0.1)),
        ("BitFlip", (0.1, 0.2)),
        ("Nope", (0.1,)),
    ],
)
def test_invalid_parameters_raise(name: str, params: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        kraus_operators(name, *params)


def test_single_qubit_channels_refuse_more_wires() -> None:
    with pytest.raises(ValueError, match="single-qubit"):
        kraus_operators("BitFlip", 0.1, num_wires=2)
    with pytest.raises(ValueError, match="acts on 2 wires"):
        kraus_operators("PauliError", "XY", 0.1, num_wires=3)
