"""PennyLane operators and measurements as qjax ones, by name and signature.

qjax uses PennyLane's gate names, parameter orders and matrix conventions,
so most gates translate as ``qjax.ops.<name>(*op.data, wires=op.wires)``; the rest
(hyperparameters, inverses, controls, mid-circuit measurements and the gates
they condition) have a rule each. Observables keep their structure (Pauli
words, products, weighted sums, ``Hermitian``) so that qjax reads them as
cheaply as it can; any other observable with a matrix becomes a ``Hermitian``.
"""

import functools
import itertools
import operator
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np
import pennylane as qml
from pennylane import measurements as plm
from pennylane.operation import StatePrepBase
from pennylane.ops import Conditional, MidMeasure

from qjax import ops
from qjax.measure import (
    density_matrix,
    expval,
    mutual_info,
    probs,
    purity,
    sample,
    state,
    var,
    vn_entropy,
)
from qjax.ops import MeasurementValue, Operator, paused

Outcomes = dict[Hashable, MeasurementValue]
"""The qjax outcome of each PennyLane mid-circuit measurement recorded so far, by its hash."""


def _same_signature(gate: type) -> Callable[[Any], Any]:
    return lambda op: gate(*op.data, wires=op.wires.tolist())


def _multi_controlled_x(op: Any) -> Any:
    return ops.MultiControlledX(wires=op.wires.tolist(), control_values=_bits(op.control_values))


def _controlled_qubit_unitary(op: Any) -> Any:
    return ops.ControlledQubitUnitary(
        op.data[0], wires=op.wires.tolist(), control_values=_bits(op.control_values)
    )


def _state_prep(op: Any) -> Any:
    # PennyLane pads and normalises at construction; qjax's normalize guards float32 rounding.
    return ops.StatePrep(op.data[0], wires=op.wires.tolist(), normalize=True)


def _bits(values: Sequence[Any]) -> list[int]:
    return [int(v) for v in values]


_FIXED = {
    "PauliX": ops.X, "PauliY": ops.Y, "PauliZ": ops.Z, "Hadamard": ops.H,
    "S": ops.S, "T": ops.T, "SX": ops.SX, "CNOT": ops.CNOT, "CY": ops.CY, "CZ": ops.CZ,
    "CH": ops.CH, "SWAP": ops.SWAP, "ISWAP": ops.ISWAP, "ECR": ops.ECR, "Toffoli": ops.Toffoli,
    "CCZ": ops.CCZ,
    "CSWAP": ops.CSWAP,
}  # fmt: skip
_PARAMETRIC = {
    "RX": ops.RX, "RY": ops.RY, "RZ": ops.RZ, "Rot": ops.Rot, "PhaseShift": ops.PhaseShift,
    "U1": ops.U1, "U2": ops.U2, "U3": ops.U3, "CRX": ops.CRX, "CRY": ops.CRY, "CRZ": ops.CRZ,
    "CRot": ops.CRot, "ControlledPhaseShift": ops.ControlledPhaseShift, "IsingXX": ops.IsingXX,
    "IsingYY": ops.IsingYY, "IsingZZ": ops.IsingZZ, "IsingXY": ops.IsingXY, "MultiRZ": ops.MultiRZ,
    "QubitUnitary": ops.QubitUnitary, "DiagonalQubitUnitary": ops.DiagonalQubitUnitary,
    "GlobalPhase": ops.GlobalPhase, "BasisState": ops.BasisState,
}  # fmt: skip
_CHANNELS = {
    "AmplitudeDamping": ops.AmplitudeDamping, "BitFlip": ops.BitFlip,
    "DepolarizingChannel": ops.DepolarizingChannel,
    "GeneralizedAmplitudeDamping": ops.GeneralizedAmplitudeDamping,
    "PhaseDamping": ops.PhaseDamping, "PhaseFlip": ops.PhaseFlip,
    "ResetError": ops.ResetError, "ThermalRelaxationError": ops.ThermalRelaxationError,
}  # fmt: skip

GATES: dict[str, Callable[[Any], Any]] = {
    **{name: _same_signature(gate) for name, gate in {**_FIXED, **_PARAMETRIC}.items()},
    **{name: _same_signature(channel) for name, channel in _CHANNELS.items()},
    "PauliRot": lambda op: ops.PauliRot(
        op.data[0], op.hyperparameters["pauli_word"], wires=op.wires.tolist()
    ),
    "PauliError": lambda op: ops.PauliError(
        op.hyperparameters["operators"], op.data[0], wires=op.wires.tolist()
    ),
    "QubitChannel": lambda op: ops.KrausChannel(list(op.data), wires=op.wires.tolist()),
    "MultiControlledX": _multi_controlled_x,
    "ControlledQubitUnitary": _controlled_qubit_unitary,
    "StatePrep": _state_prep,
}
"""How each PennyLane operation with a qjax counterpart of its own name is built."""

NO_OPS = frozenset({"Barrier", "Identity", "Snapshot"})
"""Operations that change nothing in a simulation: they are dropped."""

STATE_PREPARATIONS = frozenset({"StatePrep", "BasisState"})
"""Accepted only as a circuit's first operation (PennyLane decomposes the others)."""

CHANNELS = frozenset({*_CHANNELS, "PauliError", "QubitChannel"})
"""The noise channels, simulated with qjax's density-matrix method."""


def supports_operation(op: Any) -> bool:
    """Whether qjax runs ``op`` as it is; PennyLane decomposes the others before execution.

    qjax's own gates (inverted, controlled or conditioned too), channels and
    mid-circuit measurements run as they are; so does a gate PennyLane cannot
    decompose but knows the matrix of (as a ``QubitUnitary``).

    >>> import pennylane as qml
    >>> supports_operation(qml.IsingXY(0.5, wires=[0, 1])), supports_operation(qml.QFT([0, 1]))
    (True, False)
    """
    if isinstance(op, MidMeasure):
        return True
    if isinstance(op, Conditional):
        return _supports_unitary(op.base)
    return op.name in NO_OPS or op.name in CHANNELS or _supports_unitary(op)


def _supports_unitary(op: Any) -> bool:
    """A unitary gate qjax knows, possibly inverted or controlled."""
    if op.name in GATES:
        return op.name not in CHANNELS and op.name not in STATE_PREPARATIONS
    if isinstance(op, qml.ops.Adjoint):
        return _supports_unitary(op.base)
    if isinstance(op, qml.ops.Controlled):
        return _supports_unitary(op.base)
    return _matrix_only(op)


def _matrix_only(op: Any) -> bool:
    return op.has_matrix and not op.has_decomposition and not isinstance(op, StatePrepBase)


def _gate(op: Any) -> Any:
    """Builds (and records) the qjax operation for a PennyLane one."""
    if op.name in GATES:
        return GATES[op.name](op)
    if isinstance(op, StatePrepBase):
        vector = qml.math.reshape(op.state_vector(wire_order=op.wires), (-1,))
        return ops.StatePrep(vector, wires=op.wires.tolist(), normalize=True)
    if _matrix_only(op):
        return ops.QubitUnitary(qml.matrix(op, wire_order=op.wires), wires=op.wires.tolist())
    if isinstance(op, qml.ops.Adjoint):
        return ops.adjoint(_gate(op.base))
    return ops.ctrl(
        _gate(op.base), control=op.control_wires.tolist(), control_values=_bits(op.control_values)
    )


def outcome_value(value: Any, outcomes: Outcomes) -> MeasurementValue:
    """A PennyLane ``MeasurementValue`` as qjax's: the same table over the same outcomes.

    Args:
      value: what ``qml.measure`` returned, or an expression of such values.
      outcomes: the qjax outcome of each mid-circuit measurement applied so far.

    >>> import pennylane as qml, qjax as qj
    >>> with qml.queuing.AnnotatedQueue():
    ...     m0, m1 = qml.measure(0), qml.measure(1)
    >>> with qj.ops.recording():
    ...     outcomes = {m.measurements[0].hash: qj.measure(w) for w, m in enumerate([m0, m1])}
    >>> outcome_value(m0 + m1, outcomes).table
    (0, 1, 1, 2)
    """
    ids = tuple(i for mcm in value.measurements for i in outcomes[mcm.hash].ids)
    branches = value.branches
    table = tuple(_plain(branches[bits]) for bits in itertools.product((0, 1), repeat=len(ids)))
    return MeasurementValue(ids, table)


def _plain(value: Any) -> int | float:
    number = np.asarray(value).item()
    return int(number) if float(number).is_integer() else float(number)


def apply_operation(op: Any, outcomes: Outcomes) -> None:
    """Records the qjax counterpart of one PennyLane operation on the active circuit.

    Args:
      op: a PennyLane operation that :func:`supports_operation` accepts.
      outcomes: updated with the outcome of a mid-circuit measurement.
    """
    if op.name in NO_OPS:
        return
    if isinstance(op, MidMeasure):
        postselect = None if op.postselect is None else int(op.postselect)
        outcomes[op.hash] = ops.measure(op.wires.tolist(), reset=op.reset, postselect=postselect)
    elif isinstance(op, Conditional):
        ops.cond(outcome_value(op.meas_val, outcomes), lambda: _gate(op.base))()
    else:
        _gate(op)


_PAULIS = {"PauliX": ops.X, "PauliY": ops.Y, "PauliZ": ops.Z, "Hadamard": ops.H, "Identity": ops.I}


def observable(obs: Any) -> Operator:
    """A PennyLane observable as a qjax one, not recorded on any circuit.

    Pauli words, ``Hadamard``, ``Hermitian``, products, scalar products and
    sums keep their structure; any other observable (or a product of factors
    sharing a wire) becomes a ``Hermitian`` of its matrix.

    >>> import pennylane as qml
    >>> observable(qml.X(0) @ qml.Z(1) + 0.5 * qml.Y(0))
    X(wires=[0]) @ Z(wires=[1]) + 0.5 * (Y(wires=[0]))
    """
    with paused():
        return _observable(obs)


def _observable(obs: Any) -> Operator:
    if obs.name in _PAULIS and obs.wires:
        return _PAULIS[obs.name](wires=obs.wires.tolist())
    if obs.name == "Hermitian":
        return ops.Hermitian(obs.data[0], wires=obs.wires.tolist())
    if isinstance(obs, qml.ops.SProd):
        return qml.math.real(obs.scalar) * _observable(obs.base)
    if isinstance(obs, qml.ops.Sum):
        return functools.reduce(operator.add, [_observable(term) for term in obs.operands])
    if isinstance(obs, qml.ops.Prod) and not _overlapping(obs.operands):
        return functools.reduce(operator.matmul, [_observable(f) for f in obs.operands])
    return ops.Hermitian(qml.matrix(obs, wire_order=obs.wires), wires=obs.wires.tolist())


def _overlapping(factors: Sequence[Any]) -> bool:
    wires = [w for factor in factors for w in factor.wires]
    return len(set(wires)) != len(wires)


def _outcome_list(mp: Any) -> list[Any]:
    return mp.mv if isinstance(mp.mv, list) else [mp.mv]


def _outcomes_or_wires(mp: Any, outcomes: Outcomes) -> dict[str, Any]:
    """``op=`` qjax outcomes for a measurement of mid-circuit outcomes, else ``wires=``."""
    if mp.mv is None:
        return {"wires": mp.wires.tolist() or None}
    return {"op": [outcome_value(v, outcomes) for v in _outcome_list(mp)]}


def _sampled(mp: Any, outcomes: Outcomes) -> Any:
    """``sample`` of the bits a sample or counts needs: its wires, or its outcomes."""
    if mp.mv is not None:
        mcms = [mcm for value in _outcome_list(mp) for mcm in value.measurements]
        return sample(op=[outcomes[mcm.hash] for mcm in mcms])
    measured = mp.obs.wires if mp.obs is not None else mp.wires
    return sample(wires=measured.tolist() or None)


KNOWN_MEASUREMENTS = (
    plm.ExpectationMP, plm.VarianceMP, plm.ProbabilityMP, plm.StateMP, plm.PurityMP,
    plm.VnEntropyMP, plm.MutualInfoMP, plm.SampleMP, plm.CountsMP,
)  # fmt: skip
"""The measurements qjax reads itself; another ``StateMeasurement`` reads qjax's final state."""


def _is_custom(mp: Any) -> bool:
    """A measurement of PennyLane's API that qjax does not know: it reads the state or samples."""
    custom = isinstance(mp, (plm.StateMeasurement, plm.SampleMeasurement))
    return custom and not isinstance(mp, KNOWN_MEASUREMENTS)


def measurement(mp: Any, outcomes: Outcomes, shots: bool) -> Any:
    """The qjax measurement that gives (or, for samples, underlies) a PennyLane one.

    ``qml.sample`` and ``qml.counts`` become ``sample`` of their wires (or
    outcomes): :func:`finish` turns the bits into PennyLane's result. With
    shots, a variance of a sum of terms is measured as one ``Hermitian`` in
    its own eigenbasis (terms that need several bases have no joint samples).

    Args:
      mp: the PennyLane measurement process.
      outcomes: the qjax outcomes of the circuit's mid-circuit measurements.
      shots: whether results are estimated from samples.
    """
    if isinstance(mp, (plm.SampleMP, plm.CountsMP)):
        return _sampled(mp, outcomes)
    if _is_custom(mp):
        return sample() if shots else state()
    if isinstance(mp, plm.DensityMatrixMP):
        return density_matrix(wires=mp.wires.tolist())
    if isinstance(mp, plm.StateMP):
        return state()
    if isinstance(mp, plm.ProbabilityMP):
        return probs(**_outcomes_or_wires(mp, outcomes))
    if isinstance(mp, plm.PurityMP):
        return purity(wires=mp.wires.tolist())
    if isinstance(mp, plm.VnEntropyMP):
        return vn_entropy(wires=mp.wires.tolist(), log_base=mp.log_base)
    if isinstance(mp, plm.MutualInfoMP):
        first, second = mp.raw_wires
        return mutual_info(first.tolist(), second.tolist(), log_base=mp.log_base)
    target = outcome_value(mp.mv, outcomes) if mp.mv is not None else observable(mp.obs)
    if isinstance(mp, plm.VarianceMP):
        if shots and mp.mv is None and isinstance(mp.obs, qml.ops.Sum):
            with paused():
                target = ops.Hermitian(qml.matrix(mp.obs), wires=mp.obs.wires.tolist())
        return var(target)
    return expval(target)


def finish(mp: Any, value: Any, wires: Sequence[Hashable]) -> Any:
    """PennyLane's result of ``mp`` from the value of :func:`measurement`'s qjax measurement.

    Samples of an observable become its eigenvalues (preprocessing made the
    observable diagonal), samples of mid-circuit outcomes the values of their
    expressions, and counts a dict.

    Args:
      mp: the PennyLane measurement process.
      value: the qjax result of ``measurement(mp, ...)``.
      wires: the circuit's wires (what a wire-less sample covers).
    """
    if _is_custom(mp):
        return _custom(mp, value, qml.wires.Wires(wires))
    if not isinstance(mp, (plm.SampleMP, plm.CountsMP)):
        return value
    if mp.mv is not None:
        return _outcome_samples(mp, value)
    sample_wires = mp.obs.wires if mp.obs is not None else (mp.wires or qml.wires.Wires(wires))
    return mp.process_samples(value, wire_order=sample_wires)


def _custom(mp: Any, value: Any, wires: Any) -> Any:
    """A custom measurement's own processing of the samples, state or density matrix."""
    if isinstance(mp, plm.StateMeasurement) and qml.math.ndim(value) == 1:
        return mp.process_state(value, wire_order=wires)
    if isinstance(mp, plm.StateMeasurement) and not isinstance(mp, plm.SampleMeasurement):
        return mp.process_density_matrix(value, wire_order=wires)
    return mp.process_samples(value, wire_order=wires)


def _outcome_samples(mp: Any, bits: Any) -> Any:
    """Each shot's value of every expression of outcomes, or their counts."""
    columns, start = [], 0
    for value in _outcome_list(mp):
        count = len(value.measurements)
        index = bits[:, start : start + count] @ (2 ** np.arange(count - 1, -1, -1))
        table = np.asarray([value.branches[b] for b in itertools.product((0, 1), repeat=count)])
        columns.append(qml.math.asarray(table)[index])
        start += count
    samples = columns[0] if not isinstance(mp.mv, list) else qml.math.stack(columns, axis=1)
    if isinstance(mp, plm.SampleMP):
        return samples
    return _tally(mp, np.asarray(samples))


def _tally(mp: Any, samples: np.ndarray) -> dict[Any, int]:
    """Counts of each value (a list of outcomes counts as a bit string)."""
    if samples.ndim == 2:
        keys = ["".join(str(int(b)) for b in row) for row in samples]
    else:
        keys = [v.item() for v in samples]
    found = {key: keys.count(key) for key in sorted(set(keys))}
    if not mp.all_outcomes:
        return found
    if samples.ndim == 2:
        width = samples.shape[1]
        every = ["".join(bits) for bits in itertools.product("01", repeat=width)]
    else:
        every = sorted({_plain(v) for v in mp.mv.branches.values()})
    return {key: found.get(key, 0) for key in every}
