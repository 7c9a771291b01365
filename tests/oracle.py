"""Dense NumPy reference for qubit gates, state evolution and measurements.

Conventions follow PennyLane: wire 0 is the most significant bit of a basis
index, and a k-wire gate matrix is indexed in the order of the gate's wires
(the first listed wire is the most significant bit of the gate's index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

_R = 1 / np.sqrt(2)


def _m(rows: Sequence[Sequence[complex]]) -> np.ndarray:
    """Complex128 array from nested rows."""
    return np.array(rows, dtype=np.complex128)


_FIXED: dict[str, np.ndarray] = {
    "I": _m([[1, 0], [0, 1]]),
    "X": _m([[0, 1], [1, 0]]),
    "Y": _m([[0, -1j], [1j, 0]]),
    "Z": _m([[1, 0], [0, -1]]),
    "H": _m([[_R, _R], [_R, -_R]]),
    "S": _m([[1, 0], [0, 1j]]),
    "Sdg": _m([[1, 0], [0, -1j]]),
    "T": _m([[1, 0], [0, np.exp(1j * np.pi / 4)]]),
    "Tdg": _m([[1, 0], [0, np.exp(-1j * np.pi / 4)]]),
    "SX": _m([[0.5 + 0.5j, 0.5 - 0.5j], [0.5 - 0.5j, 0.5 + 0.5j]]),
    "SXdg": _m([[0.5 - 0.5j, 0.5 + 0.5j], [0.5 + 0.5j, 0.5 - 0.5j]]),
    "CNOT": _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]),
    "CY": _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, -1j], [0, 0, 1j, 0]]),
    "CZ": _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, -1]]),
    "CH": _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, _R, _R], [0, 0, _R, -_R]]),
    "SWAP": _m([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]),
    "ISWAP": _m([[1, 0, 0, 0], [0, 0, 1j, 0], [0, 1j, 0, 0], [0, 0, 0, 1]]),
    "ECR": _m(
        [
            [0, 0, _R, 1j * _R],
            [0, 0, 1j * _R, _R],
            [_R, -1j * _R, 0, 0],
            [-1j * _R, _R, 0, 0],
        ]
    ),
    "Toffoli": _m(
        [
            [1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0, 0, 0],
            [0, 0, 0, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 1, 0],
        ]
    ),
    "CCZ": _m(
        [
            [1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0, 0, 0],
            [0, 0, 0, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 0, 1, 0],
            [0, 0, 0, 0, 0, 0, 0, -1],
        ]
    ),
    "CSWAP": _m(
        [
            [1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 1, 0, 0, 0, 0, 0],
            [0, 0, 0, 1, 0, 0, 0, 0],
            [0, 0, 0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 1, 0],
            [0, 0, 0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 1],
        ]
    ),
}


def _cs(angle: float) -> tuple[float, float]:
    """cos and sin of half the angle."""
    return np.cos(angle / 2), np.sin(angle / 2)


def _rx(theta: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m([[c, -1j * s], [-1j * s, c]])


def _ry(theta: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m([[c, -s], [s, c]])


def _rz(theta: float) -> np.ndarray:
    return _m([[np.exp(-0.5j * theta), 0], [0, np.exp(0.5j * theta)]])


def _phase_shift(phi: float) -> np.ndarray:
    return _m([[1, 0], [0, np.exp(1j * phi)]])


def _u2(phi: float, delta: float) -> np.ndarray:
    return _R * _m([[1, -np.exp(1j * delta)], [np.exp(1j * phi), np.exp(1j * (phi + delta))]])


def _u3(theta: float, phi: float, delta: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m(
        [
            [c, -np.exp(1j * delta) * s],
            [np.exp(1j * phi) * s, np.exp(1j * (phi + delta)) * c],
        ]
    )


def _rot(phi: float, theta: float, omega: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m(
        [
            [np.exp(-0.5j * (phi + omega)) * c, -np.exp(0.5j * (phi - omega)) * s],
            [np.exp(-0.5j * (phi - omega)) * s, np.exp(0.5j * (phi + omega)) * c],
        ]
    )


def _crx(theta: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, c, -1j * s], [0, 0, -1j * s, c]])


def _cry(theta: float) -> np.ndarray:
    c, s = _cs(theta)
    return _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, c, -s], [0, 0, s, c]])


def _crz(theta: float) -> np.ndarray:
    return np.diag([1, 1, np.exp(-0.5j * theta), np.exp(0.5j * theta)]).astype(np.complex128)


def _controlled_phase_shift(phi: float) -> np.ndarray:
    return np.diag([1, 1, 1, np.exp(1j * phi)]).astype(np.complex128)


def _crot(phi: float, theta: float, omega: float) -> np.ndarray:
    c, s = _cs(theta)
    a = np.exp(-0.5j * (phi + omega)) * c
    b = -np.exp(0.5j * (phi - omega)) * s
    d = np.exp(-0.5j * (phi - omega)) * s
    e = np.exp(0.5j * (phi + omega)) * c
    return _m([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, a, b], [0, 0, d, e]])


def _ising_xx(phi: float) -> np.ndarray:
    c, s = _cs(phi)
    return _m(
        [
            [c, 0, 0, -1j * s],
            [0, c, -1j * s, 0],
            [0, -1j * s, c, 0],
            [-1j * s, 0, 0, c],
        ]
    )


def _ising_yy(phi: float) -> np.ndarray:
    c, s = _cs(phi)
    return _m(
        [
            [c, 0, 0, 1j * s],
            [0, c, -1j * s, 0],
            [0, -1j * s, c, 0],
            [1j * s, 0, 0, c],
        ]
    )


def _ising_zz(phi: float) -> np.ndarray:
    a, b = np.exp(-0.5j * phi), np.exp(0.5j * phi)
    return np.diag([a, b, b, a]).astype(np.complex128)


def _ising_xy(phi: float) -> np.ndarray:
    c, s = _cs(phi)
    return _m([[1, 0, 0, 0], [0, c, 1j * s, 0], [0, 1j * s, c, 0], [0, 0, 0, 1]])


_PARAMETRIC: dict[str, Callable[..., np.ndarray]] = {
    "RX": _rx,
    "RY": _ry,
    "RZ": _rz,
    "PhaseShift": _phase_shift,
    "U1": _phase_shift,
    "U2": _u2,
    "U3": _u3,
    "Rot": _rot,
    "CRX": _crx,
    "CRY": _cry,
    "CRZ": _crz,
    "ControlledPhaseShift": _controlled_phase_shift,
    "CRot": _crot,
    "IsingXX": _ising_xx,
    "IsingYY": _ising_yy,
    "IsingZZ": _ising_zz,
    "IsingXY": _ising_xy,
}

GATES: dict[str, tuple[int, int | None]] = {
    "I": (0, 1),
    "X": (0, 1),
    "Y": (0, 1),
    "Z": (0, 1),
    "H": (0, 1),
    "S": (0, 1),
    "Sdg": (0, 1),
    "T": (0, 1),
    "Tdg": (0, 1),
    "SX": (0, 1),
    "SXdg": (0, 1),
    "RX": (1, 1),
    "RY": (1, 1),
    "RZ": (1, 1),
    "PhaseShift": (1, 1),
    "U1": (1, 1),
    "U2": (2, 1),
    "U3": (3, 1),
    "Rot": (3, 1),
    "CNOT": (0, 2),
    "CY": (0, 2),
    "CZ": (0, 2),
    "CH": (0, 2),
    "SWAP": (0, 2),
    "ISWAP": (0, 2),
    "ECR": (0, 2),
    "CRX": (1, 2),
    "CRY": (1, 2),
    "CRZ": (1, 2),
    "ControlledPhaseShift": (1, 2),
    "CRot": (3, 2),
    "Toffoli": (0, 3),
    "CCZ": (0, 3),
    "CSWAP": (0, 3),
    "IsingXX": (1, 2),
    "IsingYY": (1, 2),
    "IsingZZ": (1, 2),
    "IsingXY": (1, 2),
    "MultiRZ": (1, None),
    "PauliRot": (1, None),
    "MultiControlledX": (0, None),
    "GlobalPhase": (1, None),
}

_HYPER: dict[str, set[str]] = {"PauliRot": {"word"}, "MultiControlledX": {"control_values"}}


def pauli_matrix(word: str) -> np.ndarray:
    """Kronecker product of I/X/Y/Z matrices spelled by ``word`` (leftmost = wire 0)."""
    out = np.ones((1, 1), dtype=np.complex128)
    for letter in word:
        if letter not in "IXYZ":
            raise ValueError(f"invalid Pauli letter {letter!r} in {word!r}")
        out = np.kron(out, _FIXED[letter])
    return out


def _multi_rz(theta: float, num_wires: int) -> np.ndarray:
    """exp(-i theta/2 Z⊗...⊗Z) as a diagonal matrix."""
    signs = [1 - 2 * (bin(index).count("1") % 2) for index in range(2**num_wires)]
    return np.diag(np.exp(-0.5j * theta * np.array(signs))).astype(np.complex128)


def _pauli_rot(theta: float, word: str) -> np.ndarray:
    """exp(-i theta/2 P) = cos(theta/2) I - i sin(theta/2) P for a Pauli word P."""
    c, s = _cs(theta)
    return c * np.eye(2 ** len(word), dtype=np.complex128) - 1j * s * pauli_matrix(word)


def _control_pattern(control_values: Sequence[int] | None, num_controls: int) -> int:
    """Basis index of the control qubits that activates a gate (default all ones)."""
    values = [1] * num_controls if control_values is None else [int(v) for v in control_values]
    if len(values) != num_controls or any(v not in (0, 1) for v in values):
        raise ValueError(f"control_values {control_values!r} invalid for {num_controls} controls")
    pattern = 0
    for v in values:
        pattern = (pattern << 1) | v
    return pattern


def _multi_controlled_x(num_wires: int, control_values: Sequence[int] | None) -> np.ndarray:
    """Permutation flipping the last wire when all other wires match ``control_values``."""
    if num_wires < 2:
        raise ValueError("MultiControlledX needs at least 2 wires")
    pattern = _control_pattern(control_values, num_wires - 1)
    dim = 2**num_wires
    out = np.zeros((dim, dim), dtype=np.complex128)
    for col in range(dim):
        row = col ^ 1 if col >> 1 == pattern else col
        out[row, col] = 1
    return out


def gate_matrix(
    name: str,
    params: Sequence[float] = (),
    num_wires: int | None = None,
    **hyper: object,
) -> np.ndarray:
    """Complex128 matrix of gate ``name`` in PennyLane's convention.

    ``num_wires`` is required for MultiRZ, MultiControlledX and GlobalPhase;
    ``hyper`` takes ``word`` (PauliRot) and ``control_values`` (MultiControlledX).
    """
    if name not in GATES:
        raise ValueError(f"unknown gate {name!r}")
    num_params, fixed_wires = GATES[name]
    params = tuple(float(p) for p in params)
    if len(params) != num_params:
        raise ValueError(f"{name} takes {num_params} parameters, got {len(params)}")
    unexpected = set(hyper) - _HYPER.get(name, set())
    if unexpected:
        raise TypeError(f"{name} got unexpected hyperparameters {sorted(unexpected)}")
    if fixed_wires is not None:
        if num_wires is not None and num_wires != fixed_wires:
            raise ValueError(f"{name} acts on {fixed_wires} wires, got {num_wires}")
        return _FIXED[name].copy() if name in _FIXED else _PARAMETRIC[name](*params)
    if name == "PauliRot":
        if "word" not in hyper:
            raise ValueError("PauliRot needs a word")
        word = str(hyper["word"])
        if num_wires is not None and num_wires != len(word):
            raise ValueError(f"PauliRot word {word!r} does not match {num_wires} wires")
        return _pauli_rot(params[0], word)
    if num_wires is None:
        raise ValueError(f"{name} needs num_wires")
    if name == "MultiRZ":
        return _multi_rz(params[0], num_wires)
    if name == "MultiControlledX":
        return _multi_controlled_x(num_wires, hyper.get("control_values"))
    return np.exp(-1j * params[0]) * np.eye(2**num_wires, dtype=np.complex128)


def controlled(
    matrix: np.ndarray,
    num_controls: int,
    control_values: Sequence[int] | None = None,
) -> np.ndarray:
    """Apply ``matrix`` when the leading ``num_controls`` qubits equal ``control_values``."""
    active = _control_pattern(control_values, num_controls)
    d = matrix.shape[0]
    out = np.eye(d * 2**num_controls, dtype=np.complex128)
    out[active * d : (active + 1) * d, active * d : (active + 1) * d] = matrix
    return out


def _check_wires(matrix: np.ndarray, wires: Sequence[int], num_wires: int) -> None:
    """Raise if ``wires`` are repeated, out of range, or do not fit ``matrix``."""
    if len(set(wires)) != len(wires) or any(not 0 <= w < num_wires for w in wires):
        raise ValueError(f"invalid wires {list(wires)} for {num_wires} wires")
    if matrix.shape != (2 ** len(wires), 2 ** len(wires)):
        raise ValueError(f"matrix of shape {matrix.shape} does not act on {len(wires)} wires")


def _sub_index(index: int, wires: Sequence[int], num_wires: int) -> int:
    """Bits of ``index`` on ``wires``, read with the first wire most significant."""
    out = 0
    for w in wires:
        out = (out << 1) | ((index >> (num_wires - 1 - w)) & 1)
    return out


def _with_sub_index(index: int, wires: Sequence[int], num_wires: int, sub: int) -> int:
    """``index`` with its bits on ``wires`` overwritten by the bits of ``sub``."""
    k = len(wires)
    for pos, w in enumerate(wires):
        shift = num_wires - 1 - w
        bit = (sub >> (k - 1 - pos)) & 1
        index = (index & ~(1 << shift)) | (bit << shift)
    return index


def embed(matrix: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Full 2**n x 2**n matrix of ``matrix`` acting on ``wires``, built bit by bit."""
    wires = list(wires)
    _check_wires(matrix, wires, num_wires)
    dim = 2**num_wires
    out = np.zeros((dim, dim), dtype=np.complex128)
    for col in range(dim):
        col_sub = _sub_index(col, wires, num_wires)
        for row_sub in range(2 ** len(wires)):
            out[_with_sub_index(col, wires, num_wires, row_sub), col] = matrix[row_sub, col_sub]
    return out


def embed_via_kron(matrix: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Full matrix as P^T (matrix ⊗ I) P, with P moving ``wires`` to the front."""
    wires = list(wires)
    _check_wires(matrix, wires, num_wires)
    order = wires + [w for w in range(num_wires) if w not in wires]
    rest = 2 ** (num_wires - len(wires))
    front = np.kron(matrix, np.eye(rest, dtype=np.complex128))
    indices = np.arange(2**num_wires)
    shifts = num_wires - 1 - np.arange(num_wires)
    bits = (indices[:, None] >> shifts[None, :]) & 1
    permuted = bits[:, order] @ (1 << shifts)
    perm = np.zeros((2**num_wires, 2**num_wires))
    perm[permuted, indices] = 1
    return perm.T @ front @ perm


def apply(
    state: np.ndarray, matrix: np.ndarray, wires: Sequence[int], num_wires: int
) -> np.ndarray:
    """State after applying ``matrix`` on ``wires``."""
    return embed(matrix, wires, num_wires) @ np.asarray(state, dtype=np.complex128)


def random_state(num_wires: int, rng: np.random.Generator) -> np.ndarray:
    """Normalised complex128 state with Gaussian amplitudes."""
    dim = 2**num_wires
    state = rng.normal(size=dim) + 1j * rng.normal(size=dim)
    return (state / np.linalg.norm(state)).astype(np.complex128)


def random_unitary(dim: int, rng: np.random.Generator) -> np.ndarray:
    """Haar-random unitary from the QR decomposition of a complex Gaussian matrix."""
    z = (rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))) / np.sqrt(2)
    q, r = np.linalg.qr(z)
    diag = np.diag(r)
    return (q * (diag / np.abs(diag))[None, :]).astype(np.complex128)


def probs(state: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Marginal probabilities on ``wires`` (first wire most significant)."""
    out = np.zeros(2 ** len(wires))
    for index, amplitude in enumerate(np.asarray(state)):
        out[_sub_index(index, wires, num_wires)] += abs(amplitude) ** 2
    return out


def reduced_density_matrix(state: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """Reduced density matrix on ``wires`` (in the given order), tracing out the rest."""
    state = np.asarray(state, dtype=np.complex128)
    k = len(wires)
    rho = np.zeros((2**k, 2**k), dtype=np.complex128)
    for index, amplitude in enumerate(state):
        row = _sub_index(index, wires, num_wires)
        for col in range(2**k):
            rho[row, col] += amplitude * np.conj(
                state[_with_sub_index(index, wires, num_wires, col)]
            )
    return rho


def expval(state: np.ndarray, observable: np.ndarray) -> float:
    """<state|O|state> for a full-size observable matrix."""
    return float(np.real(np.vdot(state, observable @ state)))


def var(state: np.ndarray, observable: np.ndarray) -> float:
    """<O^2> - <O>^2 for a full-size observable matrix."""
    return expval(state, observable @ observable) - expval(state, observable) ** 2
