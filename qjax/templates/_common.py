"""What the templates share: their ``.shape`` helpers, eager checks and entangler patterns.

Every check here runs in plain Python on static values (shapes, wires, gate
classes) before a template records its first gate, so a bad argument never
leaves half a template on the circuit.
"""

import numbers
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from qjax.errors import ParameterError, WireError
from qjax.ops import Operation, Wires, as_wires

Template = TypeVar("Template", bound=Callable[..., None])


def with_shape(shape: Callable[..., Any]) -> Callable[[Template], Template]:
    """Attaches ``shape`` to a template as ``template.shape``, PennyLane's static method.

    >>> def _double(n_layers, n_wires):
    ...     return (n_layers, n_wires, 2)
    >>> @with_shape(_double)
    ... def Ansatz(weights, wires): ...
    >>> Ansatz.shape(n_layers=3, n_wires=4), Ansatz.shape.__qualname__
    ((3, 4, 2), 'Ansatz.shape')
    """

    def attach(template: Template) -> Template:
        shape.__name__ = "shape"
        shape.__qualname__ = f"{template.__name__}.shape"
        template.shape = shape  # type: ignore[attr-defined]
        return template

    return attach


def count(value: object, owner: str, name: str) -> int:
    """``value`` as a non-negative ``int``, or a :class:`ParameterError` naming it.

    >>> count(3, "StronglyEntanglingLayers.shape", "n_layers")
    3
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ParameterError(f"{owner} {name} must be a non-negative int, got {value!r}")
    return int(value)


def template_wires(wires: object, owner: str, example: str) -> Wires:
    """The template's wires as distinct labels, at least one.

    >>> template_wires(range(2), "HardwareEfficientAnsatz", "...")
    (0, 1)
    """
    labels = as_wires(wires, owner, example)
    if not labels:
        raise WireError(f"{owner} needs at least one wire, got wires=[]; e.g. {example}")
    return labels


def as_array(value: Any) -> Any:
    """Nested lists and tuples become NumPy arrays; arrays (traced or not) pass through.

    >>> as_array([[0.1, 0.2]]).shape
    (1, 2)
    """
    return np.asarray(value) if isinstance(value, (list, tuple)) else value


def shape_text(shape: tuple[int | None, ...]) -> str:
    """A shape with ``None`` (any length: the number of layers) written as ``layers``.

    >>> shape_text((None, 3, 2))
    '(layers, 3, 2)'
    """
    items = ["layers" if size is None else str(size) for size in shape]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def check_shape(
    value: Any, expected: tuple[int | None, ...], owner: str, name: str, hint: str = ""
) -> tuple[int, ...]:
    """The shape of ``value`` if it matches ``expected`` (``None``: any length), else an error.

    >>> check_shape(np.zeros((2, 3)), (None, 3), "BasicEntanglerLayers", "weights")
    (2, 3)
    """
    got = tuple(np.shape(value))
    if len(got) != len(expected) or any(
        want is not None and size != want for size, want in zip(got, expected, strict=True)
    ):
        raise ParameterError(
            f"{owner} {name} must have shape {shape_text(expected)}, got {got}{hint}"
        )
    return got


def check_gate(
    gate: object, owner: str, name: str, *, num_params: int, num_wires: int
) -> type[Operation]:
    """``gate`` if it is a gate class with ``num_params`` parameters on ``num_wires`` wires.

    >>> from qjax.ops import CZ
    >>> check_gate(CZ, "RandomLayers", "imprimitive", num_params=0, num_wires=2).__name__
    'CZ'
    """
    if (
        not isinstance(gate, type)
        or not issubclass(gate, Operation)
        or gate.num_params != num_params
        # a gate on any number of wires fits two, but a one-wire rotation must say one
        or gate.num_wires not in ((1,) if num_wires == 1 else (num_wires, None))
    ):
        kind = "parameter-free" if num_params == 0 else f"{num_params}-parameter"
        examples = "qj.CNOT or qj.CZ" if num_wires == 2 else "qj.RX, qj.RY or qj.RZ"
        raise ParameterError(
            f"{owner} {name} must be a {kind} {num_wires}-wire gate class such as "
            f"{examples}, got {gate!r}"
        )
    return gate


def ring(num_wires: int) -> list[tuple[int, int]]:
    """The positions a ring of entanglers acts on: none for one wire, one pair for two.

    With more than two wires the ring closes, last wire to first, as in
    PennyLane's BasicEntanglerLayers.

    >>> ring(1), ring(2), ring(3)
    ([], [(0, 1)], [(0, 1), (1, 2), (2, 0)])
    """
    if num_wires < 2:
        return []
    if num_wires == 2:
        return [(0, 1)]
    return [(i, (i + 1) % num_wires) for i in range(num_wires)]
