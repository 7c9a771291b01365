"""The built-in gates of OpenQASM 2.0 and 3, and the gates of ``qelib1.inc`` and ``stdgates.inc``.

Each gate maps to qjax gates with exactly its matrix, global phase included:

- ``qelib1.inc`` (OpenQASM 2.0) follows Qiskit's matrices, the de-facto meaning
  of its names (and the gates Qiskit writes beyond the original file: ``p``,
  ``sx``, ``cu``, ``rzz``, ``rccx``, ``c3x``, ...). ``u3`` and ``u`` are the
  standard ``U3`` matrix, ``rz`` is ``diag(exp(-iθ/2), exp(iθ/2))`` and
  ``rccx``/``rc3x`` are the relative-phase Toffolis of their definitions.
- ``stdgates.inc`` (OpenQASM 3) follows the definitions of the file itself:
  ``u2`` and ``u3`` carry the factor ``exp(-i(φ+λ)/2)`` (they equal OpenQASM
  2's ``U``), ``cu(θ, φ, λ, gamma)`` is ``ctrl @ exp(igamma) U(θ, φ, λ)``.
- The built-in ``U`` differs: OpenQASM 2.0 defines ``U(θ, φ, λ) =
  Rz(φ) Ry(θ) Rz(λ)`` (determinant 1), ``exp(-i(φ+λ)/2)`` times OpenQASM 3's
  ``U``, which is the standard ``U3`` matrix.
"""

import dataclasses
import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from qjax.ops import (
    CCZ,
    CH,
    CNOT,
    CRX,
    CRY,
    CRZ,
    CSWAP,
    CY,
    CZ,
    ECR,
    ISWAP,
    RX,
    RY,
    RZ,
    SWAP,
    SX,
    U2,
    U3,
    Controlled,
    ControlledPhaseShift,
    GlobalPhase,
    H,
    I,
    IsingXX,
    IsingYY,
    IsingZZ,
    MultiControlledX,
    Operation,
    PauliRot,
    PhaseShift,
    S,
    Sdg,
    SXdg,
    T,
    Tdg,
    Toffoli,
    X,
    Y,
    Z,
)

Builder = Callable[[Sequence[Any], Sequence[Hashable]], list[Operation]]


@dataclasses.dataclass(frozen=True)
class LibraryGate:
    """A gate qjax knows natively: its signature and a builder of its qjax gates.

    ``build(params, wires)`` returns the gates (created with recording paused).
    """

    name: str
    num_params: int
    num_qubits: int
    build: Builder


def _native(cls: type[Operation]) -> Builder:
    return lambda params, wires: [cls(*params, wires=list(wires))]


def _sequence(*steps: tuple[type[Operation], tuple[int, ...]]) -> Builder:
    """Fixed gates on positions of the gate's qubits, first to last."""
    return lambda params, wires: [cls(wires=[wires[i] for i in at]) for cls, at in steps]


def _with_phase(cls: type[Operation]) -> Builder:
    """``cls(θ.., φ, λ)`` times ``exp(-i(φ+λ)/2)``: OpenQASM 2's ``U``, stdgates' ``u2``/``u3``."""

    def build(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
        return [cls(*params, wires=list(wires)), GlobalPhase((params[-2] + params[-1]) / 2)]

    return build


def _controlled(cls: type[Operation], num_controls: int = 1) -> Builder:
    def build(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
        target = cls(*params, wires=list(wires[num_controls:]))
        return [Controlled(target, list(wires[:num_controls]))]

    return build


def _cu(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
    """``cu(θ, φ, λ, gamma)``: ``exp(igamma) U3(θ, φ, λ)`` controlled by the first qubit."""
    theta, phi, lam, gamma = params
    return [
        PhaseShift(gamma, wires=[wires[0]]),
        Controlled(U3(theta, phi, lam, wires=[wires[1]]), [wires[0]]),
    ]


def _identity(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
    return [I(wires=list(wires))]


def _r(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
    """Qiskit's ``r(θ, φ) = exp(-iθ(cos φ X + sin φ Y)/2) = U3(θ, φ - π/2, π/2 - φ)``."""
    theta, phi = params
    return [U3(theta, phi - math.pi / 2, math.pi / 2 - phi, wires=list(wires))]


def _rzx(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
    """``rzx(θ) a, b = exp(-iθ Z_a X_b / 2)``."""
    return [PauliRot(params[0], "ZX", wires=list(wires))]


def _fixed_phase(angle: float) -> Builder:
    return lambda params, wires: [ControlledPhaseShift(angle, wires=list(wires))]


def _gphase(params: Sequence[Any], wires: Sequence[Hashable]) -> list[Operation]:
    """OpenQASM 3's ``gphase(gamma)``: the global phase ``exp(igamma)``."""
    return [GlobalPhase(-params[0])]


_RCCX = _sequence(
    (H, (2,)), (T, (2,)), (CNOT, (1, 2)), (Tdg, (2,)), (CNOT, (0, 2)), (T, (2,)),
    (CNOT, (1, 2)), (Tdg, (2,)), (H, (2,)),
)  # fmt: skip
"""The relative-phase Toffoli, as ``qelib1.inc`` defines it (not equal to ``ccx``)."""

_RC3X = _sequence(
    (H, (3,)), (T, (3,)), (CNOT, (2, 3)), (Tdg, (3,)), (H, (3,)), (CNOT, (0, 3)), (T, (3,)),
    (CNOT, (1, 3)), (Tdg, (3,)), (CNOT, (0, 3)), (T, (3,)), (CNOT, (1, 3)), (Tdg, (3,)),
    (H, (3,)), (T, (3,)), (CNOT, (2, 3)), (Tdg, (3,)), (H, (3,)),
)  # fmt: skip
"""The relative-phase triply controlled X, as ``qelib1.inc`` defines it."""


def _table(*entries: tuple[str, int, int, Builder]) -> dict[str, LibraryGate]:
    return {name: LibraryGate(name, p, q, build) for name, p, q, build in entries}


_COMMON = (
    ("id", 0, 1, _identity), ("x", 0, 1, _native(X)), ("y", 0, 1, _native(Y)),
    ("z", 0, 1, _native(Z)), ("h", 0, 1, _native(H)), ("s", 0, 1, _native(S)),
    ("sdg", 0, 1, _native(Sdg)), ("t", 0, 1, _native(T)), ("tdg", 0, 1, _native(Tdg)),
    ("sx", 0, 1, _native(SX)), ("rx", 1, 1, _native(RX)), ("ry", 1, 1, _native(RY)),
    ("rz", 1, 1, _native(RZ)), ("p", 1, 1, _native(PhaseShift)),
    ("u1", 1, 1, _native(PhaseShift)), ("cx", 0, 2, _native(CNOT)), ("cy", 0, 2, _native(CY)),
    ("cz", 0, 2, _native(CZ)), ("ch", 0, 2, _native(CH)),
    ("cp", 1, 2, _native(ControlledPhaseShift)), ("crx", 1, 2, _native(CRX)),
    ("cry", 1, 2, _native(CRY)), ("crz", 1, 2, _native(CRZ)),
    ("swap", 0, 2, _native(SWAP)), ("ccx", 0, 3, _native(Toffoli)),
    ("cswap", 0, 3, _native(CSWAP)), ("cu", 4, 2, _cu),
)  # fmt: skip

QELIB1 = _table(
    *_COMMON,
    ("u3", 3, 1, _native(U3)), ("u", 3, 1, _native(U3)), ("u2", 2, 1, _native(U2)),
    ("u0", 1, 1, _identity), ("sxdg", 0, 1, _native(SXdg)),
    ("cu1", 1, 2, _native(ControlledPhaseShift)), ("cu3", 3, 2, _controlled(U3)),
    ("csx", 0, 2, _controlled(SX)), ("cs", 0, 2, _fixed_phase(math.pi / 2)),
    ("csdg", 0, 2, _fixed_phase(-math.pi / 2)), ("rxx", 1, 2, _native(IsingXX)),
    ("ryy", 1, 2, _native(IsingYY)), ("rzz", 1, 2, _native(IsingZZ)), ("rzx", 1, 2, _rzx),
    ("ecr", 0, 2, _native(ECR)), ("iswap", 0, 2, _native(ISWAP)),
    ("dcx", 0, 2, _sequence((CNOT, (0, 1)), (CNOT, (1, 0)))), ("r", 2, 1, _r),
    ("ccz", 0, 3, _native(CCZ)), ("rccx", 0, 3, _RCCX), ("rc3x", 0, 4, _RC3X),
    ("rcccx", 0, 4, _RC3X), ("c3x", 0, 4, _native(MultiControlledX)),
    ("cccx", 0, 4, _native(MultiControlledX)), ("c4x", 0, 5, _native(MultiControlledX)),
    ("ccccx", 0, 5, _native(MultiControlledX)), ("c3sqrtx", 0, 4, _controlled(SX, 3)),
    ("cccsqrtx", 0, 4, _controlled(SX, 3)),
)  # fmt: skip
"""``qelib1.inc`` with Qiskit's additions (and the older names ``rcccx``, ``cccx``, ...)."""

QELIB1_EXTRAS = frozenset({"ryy", "rzx", "ecr", "iswap", "dcx", "r", "ccz", "cs", "csdg"})
"""Gates Qiskit writes a ``gate`` definition for: a file's own definition of one replaces it."""

STDGATES = _table(
    *_COMMON,
    ("CX", 0, 2, _native(CNOT)), ("phase", 1, 1, _native(PhaseShift)),
    ("cphase", 1, 2, _native(ControlledPhaseShift)), ("u2", 2, 1, _with_phase(U2)),
    ("u3", 3, 1, _with_phase(U3)),
)  # fmt: skip
"""``stdgates.inc`` of OpenQASM 3."""

BUILTINS = {
    "2.0": _table(("U", 3, 1, _with_phase(U3)), ("CX", 0, 2, _native(CNOT))),
    "3.0": _table(("U", 3, 1, _native(U3)), ("gphase", 1, 0, _gphase)),
}
"""The gates each version defines without an include."""

INCLUDES = {"2.0": ("qelib1.inc", QELIB1), "3.0": ("stdgates.inc", STDGATES)}
"""Each version's standard include file and its gates."""
