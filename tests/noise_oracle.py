"""Dense NumPy reference for noisy (density-matrix) simulation.

Channels follow PennyLane's definitions (``pennylane/ops/channel.py``): the same
parameters in the same order, and the same Kraus operators in the same order.
PennyLane adds a tiny ``qml.math.eps`` under each square root; this reference uses
the exact values. Wire conventions are those of ``oracle``: wire 0 is the most
significant bit of a basis index, and a k-wire matrix is indexed in the order of
its wires.

Parameter conventions (``kraus_operators(name, *params)``):

- ``BitFlip(p)``: sqrt(1-p) I, sqrt(p) X.
- ``PhaseFlip(p)``: sqrt(1-p) I, sqrt(p) Z.
- ``DepolarizingChannel(p)``: sqrt(1-p) I, sqrt(p/3) X, sqrt(p/3) Y, sqrt(p/3) Z
  (so p = 3/4 is fully depolarizing, p = 1 a uniform Pauli error).
- ``AmplitudeDamping(gamma)``: diag(1, sqrt(1-gamma)), sqrt(gamma) |0><1|.
- ``GeneralizedAmplitudeDamping(gamma, p)``: gamma (damping) first, p (the
  excitation probability, PennyLane 0.45's convention) second:
  sqrt(1-p) diag(1, sqrt(1-gamma)), sqrt(1-p) sqrt(gamma) |0><1|,
  sqrt(p) diag(sqrt(1-gamma), 1), sqrt(p) sqrt(gamma) |1><0|.
- ``PhaseDamping(gamma)``: diag(1, sqrt(1-gamma)), diag(0, sqrt(gamma)).
- ``ThermalRelaxationError(pe, t1, t2, tq)``: excited-state population pe, T1, T2
  (0 < T2 <= 2 T1) and the gate time tq; six Kraus operators in both regimes, see
  ``_thermal_relaxation``. Either way the channel maps rho00 to
  (1 - pe p) rho00 + (1 - pe) p rho11 with p = 1 - exp(-tq/T1), and rho01 to
  exp(-tq/T2) rho01.
- ``PauliError(operators, p)``: a word over X, Y, Z (one letter per wire, first
  letter on the first wire): sqrt(1-p) I, sqrt(p) P_word.
- ``ResetError(p0, p1)``: sqrt(1-p0-p1) I, sqrt(p0) |0><0|, sqrt(p0) |0><1|,
  sqrt(p1) |1><0|, sqrt(p1) |1><1|.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from oracle import embed, pauli_matrix

# Number of positional parameters of every channel (PauliError's word counts).
CHANNELS: dict[str, int] = {
    "BitFlip": 1,
    "PhaseFlip": 1,
    "DepolarizingChannel": 1,
    "AmplitudeDamping": 1,
    "GeneralizedAmplitudeDamping": 2,
    "PhaseDamping": 1,
    "ThermalRelaxationError": 4,
    "PauliError": 2,
    "ResetError": 2,
}

_I = np.eye(2, dtype=np.complex128)
_X = np.array([[0, 1], [1, 0]], dtype=np.complex128)
_Y = np.array([[0, -1j], [1j, 0]], dtype=np.complex128)
_Z = np.array([[1, 0], [0, -1]], dtype=np.complex128)
_P0 = np.array([[1, 0], [0, 0]], dtype=np.complex128)  # |0><0|
_P1 = np.array([[0, 0], [0, 1]], dtype=np.complex128)  # |1><1|
_LOWER = np.array([[0, 1], [0, 0]], dtype=np.complex128)  # |0><1|
_RAISE = np.array([[0, 0], [1, 0]], dtype=np.complex128)  # |1><0|


def _probability(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be in the interval [0, 1], got {value}")
    return value


def _diag(a: float, b: float) -> np.ndarray:
    return np.diag([a, b]).astype(np.complex128)


def _thermal_relaxation(pe: float, t1: float, t2: float, tq: float) -> list[np.ndarray]:
    """PennyLane's ThermalRelaxationError Kraus operators.

    With eT1 = exp(-tq/t1), p_reset = 1 - eT1 and eT2 = exp(-tq/t2):

    T2 <= T1: pz = (1 - p_reset)(1 - eT2/eT1)/2, pr0 = (1 - pe) p_reset,
    pr1 = pe p_reset, pid = 1 - pz - pr0 - pr1, and the operators are
    sqrt(pid) I, sqrt(pz) Z, sqrt(pr0) |0><0|, sqrt(pr0) |0><1|,
    sqrt(pr1) |1><0|, sqrt(pr1) |1><1|.

    T2 > T1: the operators are sqrt(eigenvalue) times the eigenvectors of the Choi
    matrix [[1 - pe p_reset, 0, 0, eT2], [0, pe p_reset, 0, 0],
    [0, 0, (1 - pe) p_reset, 0], [eT2, 0, 0, 1 - (1 - pe) p_reset]] (column-major
    vectorisation), in PennyLane's order: sqrt(pe p_reset) |1><0|,
    sqrt((1 - pe) p_reset) |0><1|, then sqrt(l_-) diag(a_-, 1)/sqrt(a_-^2 + 1) and
    sqrt(l_+) diag(a_+, 1)/sqrt(a_+^2 + 1) with c = sqrt(4 eT2^2 + p_reset^2 (1 - 2pe)^2),
    l_-+ = 1 - p_reset/2 -+ c/2 and a_-+ = 2 eT2 / (2 pe p_reset - p_reset -+ c),
    then two zero matrices.
    """
    pe = _probability("pe", pe)
    t1, t2, tq = float(t1), float(t2), float(tq)
    if tq < 0:
        raise ValueError(f"the gate time tq must be >= 0, got {tq}")
    if t1 <= 0:
        raise ValueError(f"T1 must be > 0, got {t1}")
    if t2 <= 0:
        raise ValueError(f"T2 must be > 0, got {t2}")
    if t2 > 2 * t1:
        raise ValueError(f"T2 must be <= 2 T1, got T2={t2}, T1={t1}")
    e_t1 = np.exp(-tq / t1)
    p_reset = 1.0 - e_t1
    e_t2 = np.exp(-tq / t2)
    if t2 <= t1:
        # PennyLane's (1 - p_reset)(1 - eT2/eT1)/2, written without 0/0 when both underflow.
        pz = (e_t1 - e_t2) / 2.0
        pr0 = (1.0 - pe) * p_reset
        pr1 = pe * p_reset
        pid = 1.0 - pz - pr0 - pr1
        return [
            np.sqrt(max(pid, 0.0)) * _I,
            np.sqrt(max(pz, 0.0)) * _Z,
            np.sqrt(pr0) * _P0,
            np.sqrt(pr0) * _LOWER,
            np.sqrt(pr1) * _RAISE,
            np.sqrt(pr1) * _P1,
        ]
    # sqrt(4 eT2^2 + p_reset^2 (1 - 2pe)^2), without squaring a tiny eT2 to zero.
    common = np.hypot(2.0 * e_t2, p_reset * (1.0 - 2.0 * pe))
    out = [np.sqrt(pe * p_reset) * _RAISE, np.sqrt((1.0 - pe) * p_reset) * _LOWER]
    # Eigenvector (a, 1)/sqrt(a^2 + 1) with a = 2 eT2 / den, written as
    # sign(den) (2 eT2, den) / |(2 eT2, den)| so that it stays finite when eT2 underflows;
    # where both vanish, the eigenvector is the unit vector orthogonal to the other one.
    eigenvalues, vectors = [], []
    for sign in (-1.0, 1.0):
        eigenvalues.append(max(1.0 - p_reset / 2.0 + sign * common / 2.0, 0.0))
        den = 2.0 * pe * p_reset - p_reset + sign * common
        norm = np.hypot(2.0 * e_t2, den)
        sign_den = -1.0 if den < 0 else 1.0
        vectors.append(sign_den * np.array([2.0 * e_t2, den]) / norm if norm > 0 else None)
    if vectors[0] is None and vectors[1] is None:
        vectors = [np.array([1.0, 0.0]), np.array([0.0, 1.0])]
    elif vectors[0] is None:
        vectors[0] = np.array([vectors[1][1], -vectors[1][0]])
    elif vectors[1] is None:
        vectors[1] = np.array([vectors[0][1], -vectors[0][0]])
    for eigenvalue, vec in zip(eigenvalues, vectors, strict=True):
        out.append(np.sqrt(eigenvalue) * _diag(vec[0], vec[1]))
    zero = np.zeros((2, 2), dtype=np.complex128)
    return [*out, zero, zero.copy()]


def kraus_operators(name: str, *params: Any, num_wires: int = 1) -> list[np.ndarray]:
    """PennyLane's Kraus operators (complex128) of channel ``name`` with ``params``.

    ``num_wires`` must be 1 for the single-qubit channels; PauliError takes its
    width from its word and accepts ``num_wires`` equal to 1 (the default) or to it.
    """
    if name not in CHANNELS:
        raise ValueError(f"unknown channel {name!r}; known: {sorted(CHANNELS)}")
    if len(params) != CHANNELS[name]:
        raise ValueError(f"{name} takes {CHANNELS[name]} parameters, got {len(params)}")
    if name == "PauliError":
        word, p = params
        if not isinstance(word, str) or not word or not set(word) <= set("XYZ"):
            raise ValueError(f"PauliError needs a non-empty word over X, Y, Z, got {word!r}")
        if num_wires not in (1, len(word)):
            raise ValueError(f"PauliError {word!r} acts on {len(word)} wires, not {num_wires}")
        p = _probability("p", p)
        return [
            np.sqrt(1.0 - p) * np.eye(2 ** len(word), dtype=np.complex128),
            np.sqrt(p) * pauli_matrix(word),
        ]
    if num_wires != 1:
        raise ValueError(f"{name} is a single-qubit channel, not {num_wires} wires")
    if name == "ThermalRelaxationError":
        return _thermal_relaxation(*params)
    if name == "GeneralizedAmplitudeDamping":
        gamma, p = _probability("gamma", params[0]), _probability("p", params[1])
        return [
            np.sqrt(1.0 - p) * _diag(1.0, np.sqrt(1.0 - gamma)),
            np.sqrt(1.0 - p) * np.sqrt(gamma) * _LOWER,
            np.sqrt(p) * _diag(np.sqrt(1.0 - gamma), 1.0),
            np.sqrt(p) * np.sqrt(gamma) * _RAISE,
        ]
    if name == "ResetError":
        p0, p1 = _probability("p0", params[0]), _probability("p1", params[1])
        if p0 + p1 > 1.0:
            raise ValueError(f"p0 + p1 must be <= 1, got {p0 + p1}")
        return [
            np.sqrt(1.0 - p0 - p1) * _I,
            np.sqrt(p0) * _P0,
            np.sqrt(p0) * _LOWER,
            np.sqrt(p1) * _RAISE,
            np.sqrt(p1) * _P1,
        ]
    (value,) = params
    if name in ("AmplitudeDamping", "PhaseDamping"):
        gamma = _probability("gamma", value)
        second = _LOWER if name == "AmplitudeDamping" else _P1
        return [_diag(1.0, np.sqrt(1.0 - gamma)), np.sqrt(gamma) * second]
    p = _probability("p", value)
    if name == "BitFlip":
        return [np.sqrt(1.0 - p) * _I, np.sqrt(p) * _X]
    if name == "PhaseFlip":
        return [np.sqrt(1.0 - p) * _I, np.sqrt(p) * _Z]
    # DepolarizingChannel
    q = np.sqrt(p / 3.0)
    return [np.sqrt(1.0 - p) * _I, q * _X, q * _Y, q * _Z]


def pure_density(state: np.ndarray) -> np.ndarray:
    """|state><state| as a complex128 matrix."""
    state = np.asarray(state, dtype=np.complex128)
    return np.outer(state, state.conj())


def _check_rho(rho: np.ndarray, num_wires: int) -> np.ndarray:
    rho = np.asarray(rho, dtype=np.complex128)
    dim = 2**num_wires
    if rho.shape != (dim, dim):
        raise ValueError(f"rho must have shape {(dim, dim)}, got {rho.shape}")
    return rho


def apply_kraus(
    rho: np.ndarray, kraus: Sequence[np.ndarray], wires: Sequence[int], num_wires: int
) -> np.ndarray:
    """sum_k K rho K^dagger with every K embedded on ``wires`` of ``num_wires``."""
    rho = _check_rho(rho, num_wires)
    if len(kraus) == 0:
        raise ValueError("a channel needs at least one Kraus operator")
    out = np.zeros_like(rho)
    for k in kraus:
        full = embed(np.asarray(k, dtype=np.complex128), wires, num_wires)
        out += full @ rho @ full.conj().T
    return out


def evolve_density(
    rho: np.ndarray, steps: Sequence[tuple[str, Any, Sequence[int]]], num_wires: int
) -> np.ndarray:
    """Applies ("gate", matrix, wires) and ("kraus", kraus_list, wires) steps in order."""
    rho = _check_rho(rho, num_wires)
    for kind, payload, wires in steps:
        if kind == "gate":
            full = embed(np.asarray(payload, dtype=np.complex128), wires, num_wires)
            rho = full @ rho @ full.conj().T
        elif kind == "kraus":
            rho = apply_kraus(rho, payload, wires, num_wires)
        else:
            raise ValueError(f"unknown step kind {kind!r}; expected 'gate' or 'kraus'")
    return rho


def is_cptp(kraus: Sequence[np.ndarray], atol: float = 1e-10) -> bool:
    """Whether sum_k K^dagger K equals the identity (trace preservation)."""
    kraus = [np.asarray(k, dtype=np.complex128) for k in kraus]
    if not kraus or any(k.ndim != 2 or k.shape != kraus[0].shape for k in kraus):
        return False
    dim = kraus[0].shape[1]
    total = sum(k.conj().T @ k for k in kraus)
    return bool(np.allclose(total, np.eye(dim), rtol=0.0, atol=atol))


def expval_density(rho: np.ndarray, observable: np.ndarray) -> float:
    """Re Tr(O rho) for a full-size observable matrix."""
    return float(np.real(np.trace(np.asarray(observable) @ np.asarray(rho))))


def partial_trace(rho: np.ndarray, keep_wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Reduced density matrix on ``keep_wires`` (in that order), tracing out the rest."""
    rho = _check_rho(rho, num_wires)
    keep = list(keep_wires)
    if len(set(keep)) != len(keep) or any(not 0 <= w < num_wires for w in keep):
        raise ValueError(f"invalid wires {keep} for {num_wires} wires")
    tensor = rho.reshape((2,) * (2 * num_wires))
    rows = list(range(num_wires))
    cols = [w if w not in keep else num_wires + w for w in range(num_wires)]
    out = [rows[w] for w in keep] + [cols[w] for w in keep]
    reduced = np.einsum(tensor, rows + cols, out)
    return np.asarray(reduced, dtype=np.complex128).reshape(2 ** len(keep), 2 ** len(keep))


def probs_density(rho: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Marginal probabilities on ``wires`` (first wire most significant)."""
    return np.real(np.diag(partial_trace(rho, wires, num_wires))).astype(np.float64)
