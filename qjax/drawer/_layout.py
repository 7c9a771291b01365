"""The layout that both drawers and ``qj.specs`` share: rows, columns and what sits where.

A circuit is recorded with the call's arguments, its repeated layers
(``qj.repeat``) unrolled, and laid out on a grid. Rows are the circuit's
wires (in ``wire_order``), then one classical row for each mid-circuit
measurement whose outcome is used (by ``qj.cond`` or a terminal
measurement). An operation goes into the first column after the last column
used on every row it touches; a gate on several wires blocks the rows
between them, and a link to a classical row blocks every row down to it.
"""

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import jax

from qjax.circuit import Circuit, QuantumFunction, record
from qjax.compile import Repeat
from qjax.drawer._labels import DIAGONAL_CONTROLLED, Labeller, preparation_labels
from qjax.errors import CircuitError, WireError
from qjax.ops import (
    SWAP,
    Barrier,
    Conditional,
    Controlled,
    Kind,
    MeasuredAtEnd,
    MidMeasure,
    Operator,
    OutcomeWire,
    StatePreparation,
    X,
    paused,
)
from qjax.workflow import CircuitFunction


def unroll(operations: Sequence[Operator]) -> list[Operator]:
    """The operations with every repeated block (``qj.repeat``) written out, layer by layer.

    Markers of final measurements (``MeasuredAtEnd``) are left out: the
    readouts at the end of the wires show them.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def layers(angles):
    ...     qj.repeat(lambda a: qj.RX(a, wires=0), angles)
    ...     return qj.probs()
    >>> [repr(op) for op in unroll(qj.record(layers, wires=1)(jnp.array([0.5, 1.5])).operations)]
    ['RX(0.5, wires=[0])', 'RX(1.5, wires=[0])']
    """
    unrolled: list[Operator] = []
    for op in operations:
        if isinstance(op, Repeat):
            for index in range(op.count):
                layer = jax.tree_util.tree_map(lambda leaf, i=index: leaf[i], op.body)
                unrolled += unroll(layer)
        elif isinstance(op, Conditional) and op.base.kind is Kind.REPEAT:
            with paused():
                unrolled += [Conditional(gate, **op.hyperparameters) for gate in unroll([op.base])]
        elif not isinstance(op, MeasuredAtEnd):
            unrolled.append(op)
    return unrolled


def recorder(fn: object, wires: object, owner: str) -> Callable[..., Circuit]:
    """``(*args, **kwargs) -> Circuit`` for a ``qj.circuit``, or a quantum function and ``wires``.

    A ``qj.circuit`` records with its noise model; a ``key=`` its call would
    take (with shots or trajectories) is dropped.

    >>> import qjax as qj
    >>> recorder(lambda: qj.probs(), 2, "qj.draw")().wires
    (0, 1)
    """
    if isinstance(fn, CircuitFunction):
        if wires is not None:
            raise WireError(
                f"{owner} takes wires= only with a plain quantum function; {fn!r} has its "
                f"wires already: {owner}(circuit)"
            )
        random = fn.shots is not None or fn.method == "trajectories"

        def record_call(*args: Any, **kwargs: Any) -> Circuit:
            if random:
                kwargs.pop("key", None)
            return fn.record(*args, **kwargs)

        return record_call
    if isinstance(fn, QuantumFunction) and wires is None:
        return fn.record
    if not callable(fn) or isinstance(fn, type):
        raise CircuitError(
            f"{owner} takes a qj.circuit or a quantum function with wires=, got {fn!r}; "
            f"e.g. {owner}(circuit) or {owner}(fn, wires=2)"
        )
    if wires is None:
        raise WireError(
            f"{owner} needs the wires of a plain quantum function: {owner}(fn, wires=2), "
            "or decorate it with qj.circuit(wires=...)"
        )
    return record(fn, wires=wires)


@dataclasses.dataclass(frozen=True)
class Element:
    """One operation placed on the grid.

    Attributes:
      op: the operation (a gate, channel, measurement, barrier or preparation).
      column: its column.
      kind: ``"gate"``, ``"measure"``, ``"barrier"`` or ``"prep"``.
      targets: ``(row, label)`` of each row the label is drawn on.
      controls: ``(row, value)`` of each control (value 1 is ●, 0 is ○).
      links: the classical rows it connects to (a measurement: its own).
      glyph: how a drawing may show the target: ``"box"``, ``"oplus"`` (an X
        target of a controlled X) or ``"swap"``.
    """

    op: Operator
    column: int
    kind: str
    targets: tuple[tuple[int, str], ...]
    controls: tuple[tuple[int, int], ...] = ()
    links: tuple[int, ...] = ()
    glyph: str = "box"

    @property
    def rows(self) -> tuple[int, ...]:
        """The quantum rows it acts on, sorted."""
        return tuple(sorted({row for row, _ in self.targets} | {row for row, _ in self.controls}))

    @property
    def top(self) -> int:
        """Its first quantum row."""
        return self.rows[0]

    @property
    def bottom(self) -> int:
        """The last row it blocks: its last quantum row, or the last classical row it links."""
        return max((self.rows[-1], *self.links))


@dataclasses.dataclass(frozen=True)
class Readout:
    """A terminal measurement: its label and the rows it reads."""

    label: str
    rows: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class Layout:
    """A circuit on a grid: rows, elements by column, terminal measurements.

    Attributes:
      wires: the wire of each quantum row, top to bottom.
      outcomes: the mid-circuit measurement id of each classical row (row
        ``len(wires) + i``).
      elements: the placed operations, in circuit order.
      num_columns: the number of columns.
      readouts: the terminal measurements.
      spans: ``(first, last)`` column of each classical row's line; ``last``
        is ``num_columns`` when a terminal measurement reads it.
      matrices: the matrices labels name ``M0``, ``M1``, ...
    """

    wires: tuple[Hashable, ...]
    outcomes: tuple[int, ...]
    elements: tuple[Element, ...]
    num_columns: int
    readouts: tuple[Readout, ...]
    spans: tuple[tuple[int, int], ...]
    matrices: tuple[Any, ...]

    @property
    def num_rows(self) -> int:
        """Quantum rows plus classical rows."""
        return len(self.wires) + len(self.outcomes)

    def readout_labels(self) -> dict[int, list[str]]:
        """The labels of the terminal measurements that read each row, in order."""
        labels: dict[int, list[str]] = {}
        for readout in self.readouts:
            for row in dict.fromkeys(readout.rows):
                labels.setdefault(row, []).append(readout.label)
        return labels


def check_wire_order(wire_order: object, wires: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
    """The rows' wires: ``wire_order``'s first, then the circuit's others in their order.

    >>> check_wire_order([2, 0], (0, 1, 2))
    (2, 0, 1)
    """
    if wire_order is None:
        return wires
    if isinstance(wire_order, (str, bytes)) or not isinstance(wire_order, Sequence | range):
        raise WireError(
            f"wire_order must be a sequence of the circuit's wires, got {wire_order!r}; "
            "e.g. wire_order=[1, 0]"
        )
    order = tuple(wire_order)
    unknown = [w for w in order if w not in wires]
    if unknown or len(set(order)) != len(order):
        raise WireError(
            f"wire_order must list distinct wires of the circuit {list(wires)}, got {list(order)}"
        )
    return order + tuple(w for w in wires if w not in order)


def _used_wires(operations: Sequence[Operator], circuit: Circuit) -> set[Hashable]:
    used = {w for op in operations for w in op.wires}
    for mp in circuit.measurements:
        used |= set(mp.wires) if mp.wires else set(circuit.wires)
    return used


def _outcome_ids(operations: Sequence[Operator], circuit: Circuit) -> tuple[int, ...]:
    """The measurements whose outcomes something reads, in circuit order."""
    read = {i for op in operations if isinstance(op, Conditional) for i in op.condition.ids}
    read |= {w.id for mp in circuit.measurements for w in mp.wires if isinstance(w, OutcomeWire)}
    measured = [op.hyperparameters["id"] for op in operations if isinstance(op, MidMeasure)]
    return tuple(i for i in measured if i in read)  # type: ignore[misc]


MEASURE_GLYPH = "┤↗├"
"""A mid-circuit measurement, in text."""


def measure_label(op: MidMeasure) -> str:
    """``┤↗├``; postselected ``┤↗₁├``; with a reset ``┤↗│  │0⟩``.

    >>> from qjax.ops import MidMeasure
    >>> measure_label(MidMeasure(0, reset=True, postselect=1))
    '┤↗₁│  │0⟩'
    """
    postselect = op.hyperparameters["postselect"]
    meter = "┤↗" + ("" if postselect is None else "₀₁"[postselect])  # type: ignore[index]
    return meter + ("│  │0⟩" if op.hyperparameters["reset"] else "├")


def _glyph(base: Operator) -> str:
    if isinstance(base, X):
        return "oplus"
    if isinstance(base, SWAP):
        return "swap"
    return "box"


class _Placer:
    """Places elements one by one in the first column free on every row they block."""

    def __init__(self, rows: dict[Hashable, int], outcome_rows: dict[int, int], labeller: Labeller):
        self.rows, self.outcome_rows, self.labeller = rows, outcome_rows, labeller
        self.last = [-1] * (len(rows) + len(outcome_rows))
        self.elements: list[Element] = []

    def place(self, op: Operator, **parts: Any) -> None:
        """Adds ``op`` with the element fields ``parts`` (all but ``op`` and ``column``)."""
        draft = Element(op, 0, **parts)
        blocked = range(draft.top, draft.bottom + 1)
        column = max(self.last[row] for row in blocked) + 1
        for row in blocked:
            self.last[row] = column
        self.elements.append(dataclasses.replace(draft, column=column))

    def add(self, op: Operator, links: tuple[int, ...] = ()) -> None:
        """Places one operation of the circuit, with the classical rows it links."""
        label = self.labeller
        rows = [self.rows[w] for w in op.wires] or sorted(self.rows.values())
        if isinstance(op, StatePreparation):
            labels = preparation_labels(op)
            self.place(op, kind="prep", targets=tuple(zip(rows, labels, strict=True)))
        elif isinstance(op, Barrier):
            self.place(op, kind="barrier", targets=tuple((row, "║") for row in rows))
        elif isinstance(op, MidMeasure):
            own = self.outcome_rows.get(op.hyperparameters["id"])  # type: ignore[arg-type]
            links = () if own is None else (own,)
            self.place(op, kind="measure", targets=((rows[0], measure_label(op)),), links=links)
        elif isinstance(op, Conditional):
            ids = op.condition.ids
            linked = tuple(self.outcome_rows[i] for i in ids if i in self.outcome_rows)
            self.add(op.base, links=linked)
            self.elements[-1] = dataclasses.replace(self.elements[-1], op=op)
        elif isinstance(op, Controlled):
            controls = tuple(self.rows[w] for w in op.control_wires)
            targets = [(self.rows[w], label.gate(op.base)) for w in op.target_wires]
            self.place(
                op,
                kind="gate",
                targets=tuple(targets),
                controls=tuple(zip(controls, op.control_values, strict=True)),
                links=links,
                glyph=_glyph(op.base),
            )
        elif op.name in DIAGONAL_CONTROLLED:
            count = DIAGONAL_CONTROLLED[op.name][0]
            target = label.diagonal_target(op)
            self.place(
                op,
                kind="gate",
                targets=tuple((row, target) for row in rows[count:]),
                controls=tuple((row, 1) for row in rows[:count]),
                links=links,
            )
        else:
            glyph = "swap" if isinstance(op, SWAP) else "box"
            text = label.gate(op)
            targets = tuple((row, text) for row in rows)
            self.place(op, kind="gate", targets=targets, links=links, glyph=glyph)


def layout(
    circuit: Circuit,
    labeller: Labeller,
    wire_order: object = None,
    show_all_wires: bool = False,
) -> Layout:
    """Lays a recorded circuit out on a grid of rows and columns.

    Args:
      circuit: the recorded circuit.
      labeller: builds the labels (and collects the matrices they name).
      wire_order: wires to draw first, in this order; the others follow.
      show_all_wires: keep the rows of wires nothing acts on or measures.

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> grid = layout(qj.record(bell, wires=3)(), Labeller())
    >>> grid.num_columns, [(e.column, e.targets) for e in grid.elements]
    (2, [(0, ((0, 'H'),)), (1, ((1, 'X'),))])
    """
    if not isinstance(show_all_wires, bool):
        raise CircuitError(f"show_all_wires must be True or False, got {show_all_wires!r}")
    operations = unroll(circuit.operations)
    order = check_wire_order(wire_order, circuit.wires)
    if not show_all_wires:
        used = _used_wires(operations, circuit)
        order = tuple(w for w in order if w in used)
    rows = {w: i for i, w in enumerate(order)}
    outcomes = _outcome_ids(operations, circuit)
    outcome_rows = {i: len(order) + k for k, i in enumerate(outcomes)}
    placer = _Placer(rows, outcome_rows, labeller)
    for op in operations:
        placer.add(op)
    elements = tuple(placer.elements)
    num_columns = max((e.column for e in elements), default=-1) + 1
    readouts = tuple(_readout(mp, rows, outcome_rows, labeller) for mp in circuit.measurements)
    spans = tuple(_span(row, elements, readouts, num_columns) for row in outcome_rows.values())
    return Layout(order, outcomes, elements, num_columns, readouts, spans, tuple(labeller.matrices))


def _readout(
    mp: Any, rows: dict[Hashable, int], outcome_rows: dict[int, int], labeller: Labeller
) -> Readout:
    label = labeller.measurement(mp)
    if not mp.wires:
        return Readout(label, tuple(rows.values()))
    return Readout(
        label,
        tuple(outcome_rows[w.id] if isinstance(w, OutcomeWire) else rows[w] for w in mp.wires),
    )


def _span(
    row: int, elements: Sequence[Element], readouts: Sequence[Readout], num_columns: int
) -> tuple[int, int]:
    columns = [e.column for e in elements if row in e.links]
    last = num_columns if any(row in r.rows for r in readouts) else max(columns)
    return min(columns), last
