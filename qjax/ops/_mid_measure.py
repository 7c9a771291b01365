"""Mid-circuit measurements and the gates their outcomes control.

``m = qj.measure(wire)`` records a measurement in the middle of a circuit and
returns a :class:`MeasurementValue`: the outcome, known only when the circuit
runs. ``qj.cond(m, op)`` records ``op`` to act only when the outcome's value
is nonzero. A value may combine several outcomes with ``~``, ``&``, ``|``,
``^``, ``==``, ``!=``, ``+``, ``-`` and ``*``; it is stored as a static table
of its value for every combination of the outcomes' bits.
"""

import dataclasses
import itertools
import numbers
import operator
from collections.abc import Callable, Iterable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype
from qjax.errors import CircuitError, OperatorTypeError, ParameterError
from qjax.ops._operation import Operation
from qjax.ops._operator import Kind
from qjax.ops._queuing import enqueue, paused
from qjax.ops._transforms import recorded_gates

_IDS = itertools.count()


@dataclasses.dataclass(frozen=True)
class OutcomeWire:
    """The wire that holds the outcome of the mid-circuit measurement ``id`` once deferred.

    Measurements of outcomes (``qj.expval(m)``, ``qj.sample(m)``, ...) name it.

    >>> OutcomeWire(3)
    m3
    """

    id: int

    def __repr__(self) -> str:
        return f"m{self.id}"


class MeasurementValue:
    """The value of a function of mid-circuit measurement outcomes.

    Attributes:
      ids: the measurements it depends on, in the order of ``table``'s bits.
      table: its value for each combination of outcomes, the first id's bit
        the most significant.

    >>> import qjax as qj
    >>> (qj.measure(0) & qj.measure(1)).table
    (0, 0, 0, 1)
    """

    def __init__(self, ids: tuple[int, ...], table: tuple[Any, ...]):
        self.ids, self.table = ids, table

    def _combine(self, other: object, combine: Callable[[Any, Any], Any]) -> "MeasurementValue":
        if isinstance(other, MeasurementValue):
            ids = tuple(dict.fromkeys(self.ids + other.ids))
            table = tuple(
                combine(self._at(bits, ids), other._at(bits, ids))
                for bits in itertools.product((0, 1), repeat=len(ids))
            )
            return MeasurementValue(ids, table)
        if isinstance(other, numbers.Number):
            return MeasurementValue(self.ids, tuple(combine(v, other) for v in self.table))
        return NotImplemented

    def _at(self, bits: tuple[int, ...], ids: tuple[int, ...]) -> Any:
        """This value where the measurements ``ids`` gave ``bits``."""
        index = 0
        for own in self.ids:
            index = 2 * index + bits[ids.index(own)]
        return self.table[index]

    def __invert__(self) -> "MeasurementValue":
        return MeasurementValue(self.ids, tuple(int(not v) for v in self.table))

    def __and__(self, other: object) -> "MeasurementValue":
        return self._combine(other, lambda a, b: int(bool(a) and bool(b)))

    def __or__(self, other: object) -> "MeasurementValue":
        return self._combine(other, lambda a, b: int(bool(a) or bool(b)))

    def __xor__(self, other: object) -> "MeasurementValue":
        return self._combine(other, lambda a, b: int(bool(a) != bool(b)))

    def __eq__(self, other: object) -> "MeasurementValue":  # type: ignore[override]
        return self._combine(other, lambda a, b: int(a == b))

    def __ne__(self, other: object) -> "MeasurementValue":  # type: ignore[override]
        return self._combine(other, lambda a, b: int(a != b))

    def __add__(self, other: object) -> "MeasurementValue":
        return self._combine(other, operator.add)

    def __sub__(self, other: object) -> "MeasurementValue":
        return self._combine(other, operator.sub)

    def __mul__(self, other: object) -> "MeasurementValue":
        return self._combine(other, operator.mul)

    __radd__, __rmul__, __rand__, __ror__, __rxor__ = __add__, __mul__, __and__, __or__, __xor__
    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        raise CircuitError(
            "a mid-circuit measurement's outcome is known only when the circuit runs: "
            "use qj.cond(m, op)(...) instead of an if statement"
        )

    @property
    def wires(self) -> tuple[OutcomeWire, ...]:
        """The wires that hold its measurements' outcomes once they are deferred."""
        return tuple(OutcomeWire(i) for i in self.ids)

    @property
    def is_outcome(self) -> bool:
        """Whether it is one measurement's plain outcome (0 or 1), not an expression of them."""
        return len(self.ids) == 1 and self.table == (0, 1)

    def __repr__(self) -> str:
        return f"MeasurementValue(ids={list(self.ids)}, table={list(self.table)})"


class MidMeasure(Operation):
    """A computational-basis measurement of one wire in the middle of a circuit.

    Built by :func:`measure`. Hyperparameters: ``reset`` (set the wire to
    ``|0>`` afterwards), ``postselect`` (``None``, or the outcome kept) and
    ``id`` (what :class:`MeasurementValue` refers to).
    """

    kind = Kind.MEASURE

    def __init__(self, wires: object, reset: bool = False, postselect: int | None = None):
        self._init((), wires, {"reset": bool(reset), "postselect": postselect, "id": next(_IDS)})

    @classmethod
    def example(cls) -> str:
        return "qj.measure(0)"

    def _validate(self) -> None:
        super()._validate()
        if self.hyperparameters["postselect"] not in (None, 0, 1):
            raise ParameterError(
                f"qj.measure postselect must be None, 0 or 1, got "
                f"{self.hyperparameters['postselect']!r}"
            )

    def _adjoint(self) -> Operation:
        raise OperatorTypeError("a mid-circuit measurement has no inverse")


class Postselect(Operation):
    """The projector ``|value><value|`` on one wire: a postselected mid-circuit measurement.

    Made by deferring ``qj.measure(wire, postselect=value)``; the simulators
    renormalise the final state of a circuit that holds one.

    >>> Postselect(1, wires=0).diagonal().real
    Array([0., 1.], dtype=float32)
    """

    kind = Kind.POSTSELECT

    def __init__(self, value: int, wires: object = None):
        self._init((), wires, {"value": int(value)})

    @staticmethod
    def compute_diagonal(value: int) -> jax.Array:  # type: ignore[override]
        return jnp.asarray(np.eye(2)[value], complex_dtype())

    def _adjoint(self) -> Operation:
        raise OperatorTypeError("a postselection is a projection and has no inverse")


class Conditional(Operation):
    """A gate applied only where a :class:`MeasurementValue` is nonzero; built by :func:`cond`.

    >>> from qjax.ops import X
    >>> Conditional(X(1), ids=(0,), table=(0, 1)).wires
    (1,)
    """

    kind = Kind.CONDITIONAL
    base: Operation

    def __init__(self, base: Operation, ids: tuple[int, ...], table: tuple[Any, ...]):
        self._set_parts(base, (("ids", ids), ("table", table)))

    def _set_parts(self, base: Operation, hyper: tuple) -> None:
        object.__setattr__(self, "base", base)
        self._set(base.params, base.wires, hyper)

    @classmethod
    def _tree_flatten(cls, op: "Conditional") -> tuple[tuple[Any, ...], tuple]:
        return (op.base,), op._hyper

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Conditional":
        op = object.__new__(cls)
        (base,) = children
        op._set_parts(base, aux)
        return op

    @property
    def condition(self) -> MeasurementValue:
        """The measurement value that decides whether ``base`` acts."""
        hyper = self.hyperparameters
        return MeasurementValue(hyper["ids"], hyper["table"])  # type: ignore[arg-type]

    def _adjoint(self) -> Operation:
        return Conditional(self.base.adjoint(), **self.hyperparameters)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"Conditional({self.base!r}, {self.condition!r})"


def measure(wires: object, reset: bool = False, postselect: int | None = None) -> MeasurementValue:
    """Measures one wire mid-circuit; returns its outcome for :func:`cond` (PennyLane's signature).

    The state collapses to the outcome. With ``reset=True`` the wire is set
    to ``|0>`` afterwards; with ``postselect=0`` or ``1`` only that outcome
    is kept and every result is conditioned on it (renormalised).

    Without shots the results are exact; with shots each shot takes its own
    outcome. Each measurement adds one qubit to the simulated state (its
    outcome is kept on an extra wire, the deferred-measurement principle),
    except with ``method="trajectories"``, which draws the outcome.

    >>> import jax, qjax as qj
    >>> @qj.circuit(wires=2)
    ... def teleport_bit():
    ...     qj.H(0)
    ...     m = qj.measure(0)
    ...     qj.cond(m, qj.X)(wires=1)
    ...     return qj.expval(qj.Z(0) @ qj.Z(1))
    >>> round(float(teleport_bit()), 5)
    1.0
    """
    op = MidMeasure(wires, reset=reset, postselect=postselect)
    return MeasurementValue((op.hyperparameters["id"],), (0, 1))


def cond(
    condition: MeasurementValue | bool,
    true_fn: Callable[..., Any],
    false_fn: Callable[..., Any] | None = None,
) -> Callable[..., None]:
    """Applies ``true_fn``'s gates where ``condition`` is nonzero, else ``false_fn``'s.

    ``true_fn`` and ``false_fn`` are gates (``qj.X``) or functions that apply
    gates; the returned function takes their arguments. ``condition`` is a
    :class:`MeasurementValue` (or a Python bool, decided at once).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def copy_outcome():
    ...     qj.X(0)
    ...     qj.cond(qj.measure(0) == 1, qj.RX)(3.141592653589793, wires=1)
    ...     return qj.probs(wires=[1])
    >>> copy_outcome().round(5)
    Array([0., 1.], dtype=float32)
    """
    if not callable(true_fn) or (false_fn is not None and not callable(false_fn)):
        raise OperatorTypeError(
            f"qj.cond takes a condition and a gate or function, e.g. qj.cond(m, qj.X)(wires=0); "
            f"got {true_fn!r}"
        )

    def conditioned(*args: Any, **kwargs: Any) -> None:
        if isinstance(condition, (bool, np.bool_)):
            chosen = true_fn if condition else false_fn
            if chosen is not None:
                chosen(*args, **kwargs)
            return
        if not isinstance(condition, MeasurementValue):
            raise OperatorTypeError(
                f"qj.cond needs the outcome of qj.measure (or an expression of outcomes), "
                f"got {condition!r}"
            )
        branches = [(condition, true_fn)]
        if false_fn is not None:
            branches.append((~condition, false_fn))
        for value, fn in branches:
            with paused():
                gates = recorded_gates(fn, args, kwargs, "qj.cond")
            for gate in gates:
                enqueue(Conditional(gate, ids=value.ids, table=value.table))

    return conditioned
