"""``ctrl`` and ``adjoint``: new gates from gates, or from functions that apply gates."""

import functools
from collections.abc import Callable
from typing import Any

from qjax.errors import CircuitError, OperatorTypeError
from qjax.ops._operation import Controlled, Operation
from qjax.ops._operator import NON_UNITARY_KINDS
from qjax.ops._queuing import dequeue, enqueue, paused, recording


def _check_gate(item: object, owner: str) -> None:
    if not isinstance(item, Operation) or item.kind in NON_UNITARY_KINDS:
        raise CircuitError(
            f"{owner} can only transform gates, got {item!r}; noise channels and mid-circuit "
            "measurements cannot be transformed"
        )


def recorded_gates(
    fn: Callable[..., Any], args: tuple, kwargs: dict, owner: str
) -> list[Operation]:
    """The gates ``fn(*args, **kwargs)`` records; anything else is a CircuitError.

    >>> from qjax.ops import X
    >>> recorded_gates(X, (0,), {}, "ctrl")
    [X(wires=[0])]
    """
    with recording() as recorded:
        fn(*args, **kwargs)
    for item in recorded:
        _check_gate(item, owner)
    return recorded  # type: ignore[return-value]


def _transform(
    target: Operation | Callable[..., Any],
    owner: str,
    build: Callable[[Operation], Operation],
    reverse: bool,
) -> Operation | Callable[..., None]:
    if isinstance(target, Operation):
        _check_gate(target, owner)
        dequeue(target)
        with paused():
            result = build(target)
        enqueue(result)
        return result
    if not callable(target) or isinstance(target, type):
        raise OperatorTypeError(
            f"{owner} takes a gate or a function that applies gates, got {target!r}; "
            f"e.g. {owner}(qj.RX(0.5, wires=0))"
        )

    @functools.wraps(target)
    def transformed(*args: Any, **kwargs: Any) -> None:
        gates = recorded_gates(target, args, kwargs, owner)
        for gate in reversed(gates) if reverse else gates:
            with paused():
                result = build(gate)
            enqueue(result)

    return transformed


def ctrl(
    target: Operation | Callable[..., Any], control: object, control_values: object = None
) -> Operation | Callable[..., None]:
    """Controls a gate (or every gate a function applies) on ``control`` wires.

    Args:
      target: a gate, which is taken off the circuit, or a function that applies gates.
      control: a control wire or a sequence of them.
      control_values: 0 or 1 per control wire (default all 1).

    Returns:
      The controlled gate, recorded on the circuit; for a function, a function
      with the same signature that records the controlled gates.

    >>> from qjax.ops import RX
    >>> ctrl(RX(0.5, wires=2), control=[0, 1], control_values=[1, 0]).wires
    (0, 1, 2)
    """
    return _transform(
        target, "ctrl", lambda gate: Controlled(gate, control, control_values), reverse=False
    )


def adjoint(target: Operation | Callable[..., Any]) -> Operation | Callable[..., None]:
    """The inverse of a gate, or of the whole sequence of gates a function applies.

    Args:
      target: a gate, which is taken off the circuit, or a function that applies gates.

    Returns:
      The inverse gate, recorded on the circuit; for a function, a function
      that records the inverses of its gates in reverse order.

    >>> from qjax.ops import RX
    >>> adjoint(RX(0.5, wires=0))
    RX(-0.5, wires=[0])
    """
    return _transform(target, "adjoint", lambda gate: gate.adjoint(), reverse=True)
