"""Operators: immutable pytrees with static wires and traced parameters.

An :class:`Operator` keeps its numbers (angles, matrices, coefficients) as
pytree leaves and its wires and hyperparameters as static, hashable metadata,
so a circuit of the same structure with new numbers never recompiles. Creating
one inside a circuit function records it; passing it to ``@``, ``*``, ``+``,
``qj.ctrl``, ``qj.adjoint`` or a measurement takes it off the circuit again.
"""

import enum
import numbers
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, ClassVar

import jax
import numpy as np

from qjax.errors import ObservableError, ParameterError, ParameterTypeError, WireError
from qjax.ops._queuing import dequeue, enqueue

Wires = tuple[Hashable, ...]
Term = tuple[Any, tuple["Operator", ...]]

_VMAP_HINT = "batch with jax.vmap instead of stacking parameters"


class Kind(enum.Enum):
    """How the simulator applies an operation: the kernel it maps to."""

    DENSE = "dense"
    DIAGONAL = "diagonal"
    PERMUTATION = "permutation"
    CONTROLLED = "controlled"
    SEQUENCE = "sequence"
    REPEAT = "repeat"
    CHANNEL = "channel"
    MEASURE = "measure"
    CONDITIONAL = "conditional"
    POSTSELECT = "postselect"


NON_UNITARY_KINDS = frozenset({Kind.CHANNEL, Kind.MEASURE, Kind.CONDITIONAL, Kind.POSTSELECT})
"""Kinds that are not one fixed unitary: noise, mid-circuit measurements and what they drive."""


def _wire_label(wire: object, owner: str) -> Hashable:
    if isinstance(wire, jax.core.Tracer):
        raise WireError(f"{owner} wires must be static Python values, got a traced array")
    if isinstance(wire, (np.integer, np.ndarray, jax.Array)) and np.ndim(wire) == 0:
        return int(wire)
    if not isinstance(wire, Hashable):
        raise WireError(f"{owner} wire labels must be hashable, got {wire!r}")
    return wire


def as_wires(wires: object, owner: str, example: str) -> Wires:
    """Normalises ``wires`` (a label or a sequence of labels) to a tuple of distinct labels.

    >>> as_wires(range(3), "CNOT", "CNOT(wires=[0, 1])")
    (0, 1, 2)
    """
    if wires is None:
        raise WireError(f"{owner} needs wires, e.g. {example}")
    if isinstance(wires, jax.core.Tracer):
        raise WireError(f"{owner} wires must be static Python values, got a traced array")
    if isinstance(wires, (set, frozenset, dict)):
        raise WireError(
            f"{owner} wires must be ordered (a label, list, tuple or range), got a "
            f"{type(wires).__name__} {wires!r}; e.g. {example}"
        )
    if isinstance(wires, (str, bytes)) or not isinstance(wires, Iterable):
        wires = (wires,)
    labels = tuple(_wire_label(wire, owner) for wire in wires)
    if len(set(labels)) != len(labels):
        raise WireError(f"{owner} acts on distinct wires, got wires={list(labels)}; e.g. {example}")
    return labels


def is_scalar(value: object) -> bool:
    """Whether ``value`` is a real or complex number (Python, NumPy or a 0-d array)."""
    if isinstance(value, numbers.Number):
        return True
    return isinstance(value, (np.ndarray, np.generic, jax.Array)) and np.ndim(value) == 0


def _as_param(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return np.asarray(value)
    return value


def _param_kind(value: object) -> str:
    """The NumPy dtype kind of a parameter (``"f"``, ``"c"``, ...), ``"?"`` if not numeric."""
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return np.dtype(dtype).kind
    if isinstance(value, numbers.Number):
        return np.asarray(value).dtype.kind
    return "?"


def _param_repr(value: object) -> str:
    if isinstance(value, numbers.Number):
        return repr(value)
    if isinstance(value, jax.core.Tracer):
        return f"<traced {value.dtype}{list(value.shape)}>"
    array = np.asarray(value)
    if array.size <= 4:
        return np.array2string(array, precision=4, separator=", ")
    return f"<{array.dtype}{list(array.shape)}>"


class Operator:
    """Base class of gates, state preparations and observables.

    Subclasses declare ``num_params``, ``num_wires`` (``None`` for any number)
    and the names and shapes of their parameters; construction validates them
    eagerly and records the operator on the active circuit.
    """

    num_params: ClassVar[int] = 0
    num_wires: ClassVar[int | None] = 1
    param_names: ClassVar[tuple[str, ...]] = ()
    real_params: ClassVar[bool] = True
    is_observable: ClassVar[bool] = False

    params: tuple[Any, ...]
    wires: Wires
    _hyper: tuple[tuple[str, Hashable], ...]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        jax.tree_util.register_pytree_node(cls, cls._tree_flatten, cls._tree_unflatten)

    def __init__(self, *params: Any, wires: object = None):
        self._init(params, wires, {})

    def _init(self, params: tuple[Any, ...], wires: object, hyperparameters: dict) -> None:
        """Validates and stores the operator, then records it on the active circuit."""
        if wires is None and len(params) == self.num_params + 1:
            *params, wires = params
        elif wires is None and len(params) > self.num_params + 1:
            raise ParameterError(
                f"{self.name} takes {self.num_params} parameter(s) and then its wires, "
                f"got {len(params)} positional arguments; e.g. {self.example()}"
            )
        self._set(
            tuple(_as_param(p) for p in params),
            as_wires(wires, self.name, self.example()),
            tuple(sorted(hyperparameters.items())),
        )
        self._validate()
        enqueue(self)

    def _set(self, params: tuple[Any, ...], wires: Wires, hyper: tuple) -> None:
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "wires", wires)
        object.__setattr__(self, "_hyper", hyper)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{self.name} is immutable; create a new operator instead")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self.name} is immutable; create a new operator instead")

    @property
    def name(self) -> str:
        """The operator's name, e.g. ``"RX"``."""
        return type(self).__name__

    @property
    def hyperparameters(self) -> dict[str, Hashable]:
        """The static, non-trainable settings (e.g. a Pauli word), as a new dict."""
        return dict(self._hyper)

    @classmethod
    def example(cls) -> str:
        """A valid call of this operator's constructor, for error messages."""
        num_wires = cls.num_wires if cls.num_wires is not None else 2
        args = ["0.5"] * cls.num_params + [f"wires={list(range(num_wires))}"]
        return f"{cls.__name__}({', '.join(args)})"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        """The shape each parameter must have: scalars unless a subclass says otherwise."""
        return ((),) * self.num_params

    def _validate(self) -> None:
        if self.num_wires is not None and len(self.wires) != self.num_wires:
            raise WireError(
                f"{self.name} acts on {self.num_wires} wire(s), got wires={list(self.wires)}; "
                f"e.g. {self.example()}"
            )
        if len(self.params) != self.num_params:
            names = ", ".join(self.param_names)
            raise ParameterError(
                f"{self.name} takes {self.num_params} parameter(s) ({names}), "
                f"got {len(self.params)}; e.g. {self.example()}"
            )
        shapes = self.param_shapes()
        for value, name, shape in zip(self.params, self.param_names, shapes, strict=True):
            self._validate_param(value, name, shape)

    def _validate_param(self, value: object, name: str, shape: tuple[int, ...]) -> None:
        kind = _param_kind(value)
        allowed = "biuf" if self.real_params else "biufc"
        if kind not in allowed:
            what = "a real number" if self.real_params else "a number"
            raise ParameterTypeError(
                f"{self.name} parameter {name} must be {what} or an array of them, "
                f"got {type(value).__name__} of kind {kind!r}; e.g. {self.example()}"
            )
        got = np.shape(value)
        if got != shape:
            hint = f"; {_VMAP_HINT}" if got[len(got) - len(shape) :] == shape else ""
            raise ParameterError(
                f"{self.name} parameter {name} must have shape {shape}, got {got}{hint}"
            )

    @classmethod
    def _tree_flatten(cls, op: "Operator") -> tuple[tuple[Any, ...], tuple]:
        return op.params, (op.wires, op._hyper)

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Operator":
        op = object.__new__(cls)
        wires, hyper = aux
        op._set(tuple(children), wires, hyper)
        return op

    def __repr__(self) -> str:
        args = [_param_repr(p) for p in self.params]
        args += [f"{key}={value!r}" for key, value in self._hyper]
        args.append(f"wires={list(self.wires)}")
        return f"{self.name}({', '.join(args)})"

    def terms(self) -> list[Term]:
        """This observable as a sum of ``(coefficient, factors)`` over primitive observables.

        >>> from qjax.ops import X, Z
        >>> (0.5 * X(0) @ Z(1)).terms()
        [(0.5, (X(wires=[0]), Z(wires=[1])))]
        """
        if not self.is_observable:
            raise ObservableError(
                f"{self.name} is not an observable; use X, Y, Z, I, H or Hermitian, "
                "their products (@) and weighted sums (+, -, *)"
            )
        return [(1.0, (self,))]

    def __matmul__(self, other: object) -> "Operator":
        if not isinstance(other, Operator):
            return NotImplemented
        return Prod(self, other)

    def __mul__(self, other: object) -> "Operator":
        if not is_scalar(other):
            return NotImplemented
        return SProd(other, self)

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> "Operator":
        if not is_scalar(other):
            return NotImplemented
        return SProd(1 / other, self)

    def __neg__(self) -> "Operator":
        return SProd(-1.0, self)

    def __add__(self, other: object) -> "Operator":
        if not isinstance(other, Operator):
            return NotImplemented
        return Sum(self, other)

    def __radd__(self, other: object) -> "Operator":
        """``0 + observable`` is the observable, so ``sum(terms)`` builds a Hamiltonian."""
        if is_scalar(other) and not isinstance(other, jax.core.Tracer) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> "Operator":
        if not isinstance(other, Operator):
            return NotImplemented
        return Sum(self, SProd(-1.0, other))


def _check_observable(op: Operator, role: str) -> None:
    if not op.is_observable:
        raise ObservableError(
            f"{op!r} is not an observable and cannot be a {role}; "
            "observables are X, Y, Z, I, H, Hermitian and their products and sums"
        )


class _Composite(Operator):
    """An observable built from other operators, which it takes off the circuit."""

    is_observable = True

    def __init__(self, operands: Sequence[Operator]):
        for operand in operands:
            dequeue(operand)
        enqueue(self)


class Prod(_Composite):
    """The tensor product of observables on disjoint wires: ``X(0) @ Z(1)``.

    >>> from qjax.ops import X, Z
    >>> (X(0) @ Z(1)).wires
    (0, 1)
    """

    factors: tuple[Operator, ...]

    def __init__(self, *factors: Operator):
        flat: list[Operator] = []
        for factor in factors:
            _check_observable(factor, "tensor product factor")
            flat.extend(factor.factors if isinstance(factor, Prod) else (factor,))
        wires = tuple(w for factor in flat for w in factor.wires)
        if len(set(wires)) != len(wires):
            raise ObservableError(
                f"tensor product factors must act on distinct wires, got "
                f"{' @ '.join(map(repr, flat))}; e.g. X(0) @ Z(1)"
            )
        self._set_factors(tuple(flat))
        super().__init__(factors)

    def _set_factors(self, factors: tuple[Operator, ...]) -> None:
        object.__setattr__(self, "factors", factors)
        self._set((), tuple(w for factor in factors for w in factor.wires), ())

    @classmethod
    def _tree_flatten(cls, op: "Prod") -> tuple[tuple[Any, ...], tuple]:
        return op.factors, ()

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Prod":
        op = object.__new__(cls)
        op._set_factors(tuple(children))
        return op

    def __repr__(self) -> str:
        return " @ ".join(map(repr, self.factors))

    def terms(self) -> list[Term]:
        expanded: list[Term] = [(1.0, ())]
        for factor in self.factors:
            expanded = [(c0 * c1, f0 + f1) for c0, f0 in expanded for c1, f1 in factor.terms()]
        return expanded


class SProd(_Composite):
    """An observable scaled by a real coefficient: ``0.5 * X(0)``.

    >>> from qjax.ops import X
    >>> (0.5 * X(0)).coeff
    0.5
    """

    coeff: Any
    base: Operator

    def __init__(self, coeff: Any, base: Operator):
        _check_observable(base, "scaled term")
        if not is_scalar(coeff):
            raise ObservableError(
                f"an observable coefficient must be a scalar, got shape {np.shape(coeff)} for "
                f"{base!r}; batch coefficients with jax.vmap"
            )
        if _param_kind(coeff) == "c":
            raise ObservableError(
                f"observable coefficients must be real, got {coeff!r} for {base!r}"
            )
        self._set_parts(coeff, base)
        super().__init__((base,))

    def _set_parts(self, coeff: Any, base: Operator) -> None:
        object.__setattr__(self, "coeff", coeff)
        object.__setattr__(self, "base", base)
        self._set((coeff,), base.wires, ())

    @classmethod
    def _tree_flatten(cls, op: "SProd") -> tuple[tuple[Any, ...], tuple]:
        return (op.coeff, op.base), ()

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "SProd":
        op = object.__new__(cls)
        op._set_parts(*children)
        return op

    def __repr__(self) -> str:
        return f"{_param_repr(self.coeff)} * ({self.base!r})"

    def terms(self) -> list[Term]:
        return [(self.coeff * c, factors) for c, factors in self.base.terms()]


class Sum(_Composite):
    """A weighted sum of observables (a Hamiltonian): ``X(0) + 0.5 * Z(1)``.

    >>> from qjax.ops import X, Z
    >>> len((X(0) + 0.5 * Z(1) - Z(0)).summands)
    3
    """

    summands: tuple[Operator, ...]

    def __init__(self, *summands: Operator):
        flat: list[Operator] = []
        for summand in summands:
            _check_observable(summand, "sum term")
            flat.extend(summand.summands if isinstance(summand, Sum) else (summand,))
        self._set_summands(tuple(flat))
        super().__init__(summands)

    def _set_summands(self, summands: tuple[Operator, ...]) -> None:
        object.__setattr__(self, "summands", summands)
        wires = tuple(dict.fromkeys(w for s in summands for w in s.wires))
        self._set((), wires, ())

    @classmethod
    def _tree_flatten(cls, op: "Sum") -> tuple[tuple[Any, ...], tuple]:
        return op.summands, ()

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Sum":
        op = object.__new__(cls)
        op._set_summands(tuple(children))
        return op

    def __repr__(self) -> str:
        return " + ".join(map(repr, self.summands))

    def terms(self) -> list[Term]:
        return [term for summand in self.summands for term in summand.terms()]
