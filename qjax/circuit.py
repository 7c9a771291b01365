"""The recorded circuit: one immutable pytree that every later stage reads.

``record(fn, wires=...)(*args)`` runs a quantum function once, collects the
operators it creates and the measurements it returns, validates them, and
returns a :class:`Circuit`. Its structure (gate names, wires,
hyperparameters, the shape of the output) is static and hashable; its
numbers (angles, matrices, coefficients) are pytree leaves, traced or not.
"""

import dataclasses
import functools
import numbers
from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

import jax

from qjax.errors import CircuitError, WireError
from qjax.ops import (
    Barrier,
    MeasuredAtEnd,
    MidMeasure,
    Operation,
    Operator,
    OutcomeWire,
    StatePreparation,
    Wires,
    as_wires,
    recording,
)


class MeasurementProcess:
    """Base class of what a circuit returns: ``qj.expval``, ``qj.probs``, ``qj.state``, ...

    Subclasses are immutable pytrees whose leaves are their observable's numbers,
    and name the function that builds them in ``function_name``.
    """

    function_name: ClassVar[str] = "measurement"
    wires: Wires
    observable: Operator | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        jax.tree_util.register_pytree_node(cls, cls._tree_flatten, cls._tree_unflatten)

    def __init__(self, wires: Wires = (), observable: Operator | None = None):
        object.__setattr__(self, "wires", wires)
        object.__setattr__(self, "observable", observable)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"qj.{self.function_name}(...) is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"qj.{self.function_name}(...) is immutable")

    @classmethod
    def _tree_flatten(cls, mp: "MeasurementProcess") -> tuple[tuple[Any, ...], Wires]:
        return (mp.observable,), mp.wires

    @classmethod
    def _tree_unflatten(cls, wires: Wires, children: Sequence[Any]) -> "MeasurementProcess":
        mp = object.__new__(cls)
        MeasurementProcess.__init__(mp, wires, children[0])
        return mp

    def evaluate(self, state: jax.Array, circuit: "Circuit") -> Any:
        """The measured values, from the final state of shape ``(2,) * n``."""
        raise NotImplementedError

    def linear_readout(self, state: jax.Array, circuit: "Circuit") -> Any:
        """Values linear in the density matrix that determine the result (shift rules need them).

        Most measurements are linear already; a variance returns its two moments.
        """
        return self.evaluate(state, circuit)

    def from_linear(self, values: Any) -> Any:
        """The result from :meth:`linear_readout`'s values."""
        return values

    def __repr__(self) -> str:
        if self.observable is not None:
            return f"qj.{self.function_name}({self.observable!r})"
        return f"qj.{self.function_name}(wires={list(self.wires)})"


def _is_measurement_or_operator(value: object) -> bool:
    return isinstance(value, (MeasurementProcess, Operator))


@dataclasses.dataclass(frozen=True)
class Circuit:
    """A recorded circuit: operators in order, measurements, and the output's shape.

    Attributes:
      operations: state preparations first, then gates, in application order.
      measurements: the measurements, in the order of ``output``'s leaves.
      output: the pytree structure the results are returned in.
      wires: the circuit's wire labels; wire ``wires[i]`` is state axis ``i``.

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> circuit = qj.record(bell, wires=2)()
    >>> [op.name for op in circuit.operations], circuit.num_wires
    (['H', 'CNOT'], 2)
    """

    operations: tuple[Operator, ...]
    measurements: tuple[MeasurementProcess, ...]
    output: jax.tree_util.PyTreeDef
    wires: Wires

    @property
    def num_wires(self) -> int:
        """The number of qubits."""
        return len(self.wires)

    @property
    def gates(self) -> tuple[Operation, ...]:
        """The operations after the state preparations."""
        return tuple(op for op in self.operations if isinstance(op, Operation))

    @property
    def preparations(self) -> tuple[StatePreparation, ...]:
        """The state preparations (at the start of the circuit)."""
        return tuple(op for op in self.operations if isinstance(op, StatePreparation))

    def axis(self, wire: Hashable) -> int:
        """The state axis of a wire label."""
        return self.wires.index(wire)

    def axes(self, wires: Sequence[Hashable]) -> tuple[int, ...]:
        """The state axes of a sequence of wire labels."""
        return tuple(self.wires.index(w) for w in wires)


jax.tree_util.register_pytree_node(
    Circuit,
    lambda c: ((c.operations, c.measurements), (c.output, c.wires)),
    lambda aux, children: Circuit(children[0], children[1], *aux),
)


def circuit_wires(wires: object) -> Wires:
    """The wire labels of a circuit: ``N`` means ``0..N-1``, or a sequence of distinct labels.

    >>> circuit_wires(3), circuit_wires(["a", "b"])
    ((0, 1, 2), ('a', 'b'))
    """
    if isinstance(wires, numbers.Integral) and not isinstance(wires, bool):
        if wires < 1:
            raise WireError(f"a circuit needs at least one wire, got wires={wires}")
        return tuple(range(int(wires)))
    if wires is None or isinstance(wires, (bool, numbers.Number, str, bytes)):
        raise WireError(
            f"a circuit needs wires=N (a positive int) or a sequence of labels, got {wires!r}"
        )
    labels = as_wires(wires, "circuit", "qj.circuit(wires=3)")
    if not labels:
        raise WireError("a circuit needs at least one wire, got wires=[]")
    return labels


def _check_wires(item: object, wires: Sequence[Hashable], circuit_wires: Wires) -> None:
    unknown = [w for w in wires if w not in circuit_wires]
    if unknown:
        raise WireError(
            f"{item!r} uses wire(s) {unknown} that are not in the circuit's wires "
            f"{list(circuit_wires)}"
        )


def _check_operations(recorded: list[object], wires: Wires) -> tuple[Operator, ...]:
    seen_gate = False
    measured_at_end: set[Hashable] = set()
    for item in recorded:
        if isinstance(item, Operation) and not isinstance(item, Barrier):
            after = [w for w in item.wires if w in measured_at_end]
            if after:
                raise CircuitError(
                    f"{item!r} acts on wire(s) {after} after an OpenQASM program measured them at "
                    "its end; call the program with final_measurements=False to record those "
                    "measurements, or apply the gate before the program"
                )
        if isinstance(item, MeasuredAtEnd):
            measured_at_end.update(item.wires)
        if isinstance(item, StatePreparation):
            if seen_gate:
                raise CircuitError(
                    f"{item!r} comes after a gate; state preparations must come first"
                )
        elif isinstance(item, Operation):
            seen_gate = True
        elif isinstance(item, Operator):
            raise CircuitError(
                f"{item!r} is an observable, not a gate: pass it to a measurement such as "
                "qj.expval(...) or qj.var(...)"
            )
        _check_wires(item, item.wires, wires)  # type: ignore[attr-defined]
    prepared = [w for item in recorded if isinstance(item, StatePreparation) for w in item.wires]
    if len(set(prepared)) != len(prepared):
        raise CircuitError(
            f"state preparations overlap on wires {prepared}; prepare each wire once"
        )
    return tuple(recorded)  # type: ignore[arg-type]


def _check_measurements(
    result: object, wires: Wires, operations: tuple[Operator, ...]
) -> tuple[tuple[MeasurementProcess, ...], Any]:
    leaves, output = jax.tree_util.tree_flatten(result, is_leaf=_is_measurement_or_operator)
    if not leaves:
        raise CircuitError(
            "the circuit function returns no measurement; return e.g. qj.expval(qj.Z(0)), "
            "qj.probs() or a tuple or dict of measurements"
        )
    for leaf in leaves:
        if isinstance(leaf, Operator):
            raise CircuitError(
                f"the circuit function returns the operator {leaf!r}; return a measurement "
                f"of it instead, e.g. qj.expval({leaf!r})"
            )
        if not isinstance(leaf, MeasurementProcess):
            raise CircuitError(
                f"the circuit function must return measurements (qj.expval, qj.var, qj.probs, "
                f"qj.state, qj.density_matrix) or a tuple, list or dict of them; got {leaf!r}"
            )
        _check_wires(leaf, leaf.wires, wires + _outcome_wires(operations))
    return tuple(leaves), output


def _outcome_wires(operations: tuple[Operator, ...]) -> Wires:
    """The wires that will hold the outcomes of the circuit's mid-circuit measurements."""
    return tuple(
        OutcomeWire(op.hyperparameters["id"])  # type: ignore[arg-type]
        for op in operations
        if isinstance(op, MidMeasure)
    )


class QuantumFunction:
    """A function that applies gates and returns measurements, with its circuit's wires."""

    def __init__(self, fn: Callable[..., Any], wires: object):
        self.fn = fn
        self.wires = circuit_wires(wires)
        functools.update_wrapper(self, fn)

    def record(self, *args: Any, **kwargs: Any) -> Circuit:
        """Runs the function once and returns its recorded :class:`Circuit`."""
        with recording() as recorded:
            result = self.fn(*args, **kwargs)
        operations = _check_operations(recorded, self.wires)
        measurements, output = _check_measurements(result, self.wires, operations)
        return Circuit(operations, measurements, output, self.wires)


def record(fn: Callable[..., Any], *, wires: object = None) -> Callable[..., Circuit]:
    """Turns a quantum function into a function that returns its recorded :class:`Circuit`.

    Args:
      fn: a function that calls gates and returns measurements, or a
        ``qj.circuit``, whose wires are used when ``wires`` is not given.
      wires: the circuit's wires, ``N`` or a sequence of labels.

    Returns:
      ``(*args, **kwargs) -> Circuit``.

    >>> import qjax as qj
    >>> def rotate(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0))
    >>> qj.record(rotate, wires=1)(0.5).operations
    (RX(0.5, wires=[0]),)
    """
    if isinstance(fn, QuantumFunction):
        quantum_function = fn if wires is None else QuantumFunction(fn.fn, wires)
    else:
        quantum_function = QuantumFunction(fn, wires)
    return quantum_function.record
