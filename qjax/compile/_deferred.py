"""Deferred measurement: mid-circuit measurements become gates on one extra wire each.

A measurement of wire ``w`` copies its outcome onto a fresh wire with
``CNOT(w, m)``; a reset then clears ``w`` with ``CNOT(m, w)``; a gate that
``qj.cond`` conditions on outcomes becomes the gate controlled by their
wires, once per combination of outcomes where the condition holds. A
postselected measurement keeps its outcome by a projection instead (its
value is then fixed, and needs no wire). The circuit becomes unitary (up to
the projections), so the exact simulators, every gradient method and the
compiler see ordinary gates; each shot reads the outcome wires together with
the circuit's own, so every shot has outcomes of its own.
"""

import itertools
from collections.abc import Hashable

from qjax.circuit import Circuit, MeasurementProcess
from qjax.errors import CircuitError
from qjax.ops import (
    CNOT,
    Conditional,
    Controlled,
    Kind,
    Operation,
    OutcomeWire,
    Postselect,
    X,
    paused,
)


def has_mid_measurements(circuit: Circuit) -> bool:
    """Whether the circuit measures mid-circuit.

    >>> import qjax as qj
    >>> def f():
    ...     qj.measure(0)
    ...     return qj.probs()
    >>> has_mid_measurements(qj.record(f, wires=1)())
    True
    """
    return any(op.kind is Kind.MEASURE for op in circuit.gates)


def _measured(op: Operation, fixed: dict[int, int], outcome_wires: dict[int, Hashable]) -> list:
    hyper = op.hyperparameters
    wire, postselect = op.wires[0], hyper["postselect"]
    if postselect is not None:
        fixed[hyper["id"]] = postselect  # type: ignore[index]
        flip = [X(wire)] if hyper["reset"] and postselect == 1 else []
        return [Postselect(postselect, wires=wire), *flip]  # type: ignore[arg-type]
    outcome = OutcomeWire(hyper["id"])  # type: ignore[arg-type]
    outcome_wires[hyper["id"]] = outcome  # type: ignore[index]
    reset = [CNOT(wires=[outcome, wire])] if hyper["reset"] else []
    return [CNOT(wires=[wire, outcome]), *reset]


def _controlled(
    op: Conditional, fixed: dict[int, int], outcome_wires: dict[int, Hashable]
) -> list[Operation]:
    """``op``'s gate controlled on each combination of outcomes where its condition holds."""
    condition = op.condition
    free = [i for i in condition.ids if i not in fixed]
    gates: list[Operation] = []
    for bits in itertools.product((0, 1), repeat=len(free)):
        values = dict(zip(free, bits, strict=True)) | fixed
        if not condition._at(tuple(values[i] for i in condition.ids), condition.ids):
            continue
        if free:
            gates.append(Controlled(op.base, [outcome_wires[i] for i in free], list(bits)))
        else:
            gates.append(op.base)
    return gates


def _explicit_wires(mp: MeasurementProcess, wires: tuple[Hashable, ...]) -> MeasurementProcess:
    """``mp`` on the circuit's own wires where it named none (all wires)."""
    if mp.function_name == "state":
        raise CircuitError(
            "qj.state() has no pure state to return after a mid-circuit measurement (the "
            "state is a mixture of outcomes); return qj.density_matrix(wires=...) or "
            "qj.probs(), or postselect every measurement"
        )
    if mp.wires or mp.observable is not None:
        return mp
    copy = object.__new__(type(mp))
    MeasurementProcess.__init__(copy, wires, None)
    return copy


def defer_measurements(circuit: Circuit) -> Circuit:
    """The circuit with its mid-circuit measurements deferred onto one extra wire each.

    The extra wires (:class:`OutcomeWire`) follow the circuit's own; every
    measurement that named no wires names the circuit's own wires, so the
    results are those of the original circuit.

    >>> import qjax as qj
    >>> def f():
    ...     qj.H(0)
    ...     qj.cond(qj.measure(0), qj.X)(wires=1)
    ...     return qj.probs()
    >>> deferred = defer_measurements(qj.record(f, wires=2)())
    >>> [op.name for op in deferred.operations], len(deferred.wires)
    (['H', 'CNOT', 'Controlled'], 3)
    """
    if not has_mid_measurements(circuit):
        return circuit
    fixed: dict[int, int] = {}
    outcome_wires: dict[int, Hashable] = {}
    operations: list = list(circuit.preparations)
    with paused():
        for op in circuit.gates:
            if op.kind is Kind.MEASURE:
                operations += _measured(op, fixed, outcome_wires)
            elif op.kind is Kind.CONDITIONAL:
                operations += _controlled(op, fixed, outcome_wires)  # type: ignore[arg-type]
            else:
                operations.append(op)
    if not outcome_wires:
        measurements = circuit.measurements
    else:
        measurements = tuple(_explicit_wires(mp, circuit.wires) for mp in circuit.measurements)
    fixed_wires = {OutcomeWire(i) for i in fixed}
    for mp in measurements:
        if fixed_wires & set(mp.wires):
            raise CircuitError(
                f"{mp!r} reads the outcome of a postselected measurement, which is fixed by "
                "the postselection; measure it without postselect=... to see its statistics"
            )
    wires = circuit.wires + tuple(outcome_wires.values())
    return Circuit(tuple(operations), measurements, circuit.output, wires)


def for_method(circuit: Circuit, method: str) -> Circuit:
    """The circuit a simulation method runs: measurements deferred, except for trajectories.

    Trajectories draw each mid-circuit outcome; the exact methods defer them.

    >>> import qjax as qj
    >>> def f():
    ...     qj.measure(0)
    ...     return qj.probs()
    >>> circuit = qj.record(f, wires=1)()
    >>> len(for_method(circuit, "density").wires), len(for_method(circuit, "trajectories").wires)
    (2, 1)
    """
    return circuit if method == "trajectories" else defer_measurements(circuit)
