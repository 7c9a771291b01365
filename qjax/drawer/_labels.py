"""The text of a drawing: gate labels with rounded parameters, and measurement labels.

Labels follow PennyLane's drawings: ``RX(0.30)``, ``S†``, ``Rϕ(0.50)``,
``U(M0)`` for a matrix (listed below the drawing), ``<Z@Z>``, ``Var[X]``,
``Probs``. A parameter whose value is unknown (traced under ``jit``) is
shown by its name (``RX(theta)``).
"""

import dataclasses
from typing import Any

import jax
import numpy as np

from qjax._dtypes import is_traced
from qjax.circuit import MeasurementProcess
from qjax.errors import ParameterError
from qjax.ops import (
    Adjoint,
    BasisState,
    Controlled,
    Hermitian,
    Operator,
    OutcomeWire,
    PauliRot,
    Prod,
    SProd,
    StatePreparation,
    Sum,
)

NAMES = {
    "Sdg": "S†",
    "Tdg": "T†",
    "SXdg": "SX†",
    "PhaseShift": "Rϕ",
    "QubitUnitary": "U",
    "DiagonalQubitUnitary": "U",
    "Hermitian": "\U0001d4d7",
}
"""Gate names drawn differently from their class names (PennyLane's labels)."""

DIAGONAL_CONTROLLED = {
    "CZ": (1, "Z"),
    "CCZ": (2, "Z"),
    "CRZ": (1, "RZ"),
    "ControlledPhaseShift": (1, "Rϕ"),
}
"""Controlled gates applied as diagonals: their number of controls and the target's name."""

MEASUREMENT_NAMES = {
    "state": "State",
    "probs": "Probs",
    "sample": "Sample",
    "counts": "Counts",
    "density_matrix": "\u03c1",
    "purity": "Purity",
    "vn_entropy": "S_vN",
    "mutual_info": "I_mut",
}
"""The labels of measurements that have no observable."""

OUTCOME_OBSERVABLE = "MCM"
"""How an expectation or variance of mid-circuit outcomes names what it reads."""


def check_decimals(decimals: object) -> int | None:
    """``decimals`` if it is ``None`` or a non-negative int, else a ParameterError.

    >>> check_decimals(2), check_decimals(None)
    (2, None)
    """
    if decimals is None:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or decimals < 0:
        raise ParameterError(
            f"decimals must be None (no parameters) or a non-negative int, got {decimals!r}; "
            "e.g. qj.draw(circuit, decimals=2)"
        )
    return int(decimals)


@dataclasses.dataclass
class Labeller:
    """Builds labels, rounding to ``decimals`` and collecting the matrices they name.

    >>> from qjax.ops import RX
    >>> Labeller(decimals=2).gate(RX(0.3, wires=0))
    'RX(0.30)'
    """

    decimals: int | None = 2
    matrices: list[Any] = dataclasses.field(default_factory=list)

    def matrix(self, value: Any) -> str:
        """The name (``M0``, ``M1``, ...) of a matrix, the same for equal concrete matrices."""
        for index, known in enumerate(self.matrices):
            if known is value or _concrete_equal(known, value):
                return f"M{index}"
        self.matrices.append(value)
        return f"M{len(self.matrices) - 1}"

    def parameter(self, value: Any, name: str) -> str:
        """One parameter: rounded, by name when traced, a matrix name when not a scalar."""
        if np.ndim(value) > 0:
            return self.matrix(value)
        if is_traced(value):
            return name
        number = np.asarray(value).item()
        return format(number, f".{self.decimals}f")

    def with_parameters(self, name: str, op: Operator) -> str:
        """``name`` followed by ``op``'s parameters in parentheses (none when decimals is None)."""
        if self.decimals is None or not op.params:
            return name
        names = [*op.param_names, *("x",) * len(op.params)]
        parts = [self.parameter(value, names[i]) for i, value in enumerate(op.params)]
        return f"{name}({','.join(parts)})"

    def gate(self, op: Operator) -> str:
        """The label of a gate without its controls: ``RX(0.30)``, ``ISWAP†``, ``RXY(0.10)``."""
        if isinstance(op, Adjoint):
            return f"{self.gate(op.base)}†"
        if isinstance(op, Controlled):
            return self.gate(op.base)
        if isinstance(op, PauliRot):
            return self.with_parameters(f"R{op.hyperparameters['pauli_word']}", op)
        return self.with_parameters(NAMES.get(op.name, op.name), op)

    def diagonal_target(self, op: Operator) -> str:
        """The target label of a diagonal controlled gate (``CRZ`` draws ``RZ(...)``)."""
        return self.with_parameters(DIAGONAL_CONTROLLED[op.name][1], op)

    def observable(self, op: Operator) -> str:
        """An observable's label: ``Z``, ``Z@X``, ``0.50*Z``; a script H: a sum, a Hermitian."""
        if isinstance(op, Prod):
            return "@".join(self.observable(factor) for factor in op.factors)
        if isinstance(op, SProd):
            base = self.observable(op.base)
            if self.decimals is None:
                return base
            return f"{self.parameter(op.coeff, 'c')}*{base}"
        if isinstance(op, Sum):
            return NAMES["Hermitian"]
        if isinstance(op, Hermitian):
            return self.with_parameters(NAMES["Hermitian"], op)
        return op.name

    def measurement(self, mp: MeasurementProcess) -> str:
        """A terminal measurement's label: ``<Z@Z>``, ``Var[X]``, ``Probs``, ``State``."""
        name = mp.function_name
        if name in ("expval", "var"):
            reads_outcomes = any(isinstance(w, OutcomeWire) for w in mp.wires)
            inner = OUTCOME_OBSERVABLE if reads_outcomes else self.observable(mp.observable)
            return f"<{inner}>" if name == "expval" else f"Var[{inner}]"
        return MEASUREMENT_NAMES.get(name, name)


def _concrete_equal(first: Any, second: Any) -> bool:
    if is_traced(first) or is_traced(second) or np.shape(first) != np.shape(second):
        return False
    return bool(np.array_equal(np.asarray(first), np.asarray(second)))


def preparation_labels(op: StatePreparation) -> tuple[str, ...]:
    """One label per wire of a state preparation: its bits when known, else ``|Ψ⟩``.

    >>> from qjax.ops import BasisState
    >>> preparation_labels(BasisState([1, 0], wires=[0, 1]))
    ('|1⟩', '|0⟩')
    """
    bits = op.params[0]
    if isinstance(op, BasisState) and not is_traced(bits):
        return tuple(f"|{int(b)}⟩" for b in np.asarray(bits).reshape(-1))
    return ("|Ψ⟩",) * len(op.wires)


def format_matrix(index: int, value: Any, decimals: int | None) -> str:
    """The listing of one named matrix below a drawing: ``M0 =`` and its rounded entries.

    >>> print(format_matrix(0, np.eye(2), 1))
    M0 =
    [[1. 0.]
     [0. 1.]]
    """
    if is_traced(value):
        aval = jax.typeof(value)
        return f"M{index} = traced {aval.dtype}{list(aval.shape)}"
    text = np.array2string(np.asarray(value), precision=decimals, suppress_small=True)
    return f"M{index} =\n{text}"
