"""Noise models: channels added after chosen gates, without rewriting the circuit.

A :class:`NoiseModel` maps conditions on gates to noise functions. Applied to
a recorded circuit (:meth:`NoiseModel.apply`, or ``qj.add_noise`` on a circuit
function), it inserts, after every gate, the channels of each rule whose
condition the gate meets, in the order of the rules. Conditions combine with
``&``, ``|`` and ``~``::

    model = qj.NoiseModel({
        qj.noise.op_eq(qj.CNOT): qj.noise.partial_wires(qj.DepolarizingChannel, 0.01),
        qj.noise.wires_in([0]) & ~qj.noise.op_eq(qj.RZ): qj.noise.partial_wires(
            qj.AmplitudeDamping, 0.02),
    })
"""

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from typing import Any

from qjax.circuit import Circuit
from qjax.errors import CircuitError, OperatorTypeError
from qjax.ops import Kind, Operation, as_wires, recording

NoiseFunction = Callable[[Operation], Any]
"""Called with the gate that met a condition; it creates (records) the channels to add."""


@dataclasses.dataclass(frozen=True)
class Condition:
    """A named predicate on gates; combine with ``&``, ``|`` and ``~``.

    >>> from qjax.ops import CNOT, RX
    >>> cnot_on_0 = op_eq(CNOT) & wires_in([0, 1])
    >>> cnot_on_0(CNOT(wires=[0, 1])), cnot_on_0(RX(0.1, wires=0))
    (True, False)
    """

    test: Callable[[Operation], bool]
    name: str

    def __call__(self, op: Operation) -> bool:
        return bool(self.test(op))

    def __and__(self, other: "Condition") -> "Condition":
        return Condition(lambda op: self(op) and other(op), f"({self.name} & {other.name})")

    def __or__(self, other: "Condition") -> "Condition":
        return Condition(lambda op: self(op) or other(op), f"({self.name} | {other.name})")

    def __invert__(self) -> "Condition":
        return Condition(lambda op: not self(op), f"~{self.name}")

    def __repr__(self) -> str:
        return self.name


def _gate_name(gate: object) -> str:
    if isinstance(gate, str):
        return gate
    if isinstance(gate, type) and issubclass(gate, Operation):
        return gate.__name__
    if isinstance(gate, Operation):
        return gate.name
    raise OperatorTypeError(
        f"a noise condition names gates by class or name, e.g. op_eq(qj.CNOT) or "
        f'op_eq("CNOT"), got {gate!r}'
    )


def op_eq(*gates: object) -> Condition:
    """Met by gates of the given classes or names (``qj.CNOT``, ``"RX"``).

    >>> from qjax.ops import CNOT, RX
    >>> op_eq(RX, "CNOT")(CNOT(wires=[0, 1]))
    True
    """
    names = frozenset(_gate_name(gate) for gate in gates)
    return Condition(lambda op: op.name in names, f"op_eq({', '.join(sorted(names))})")


def wires_in(wires: object) -> Condition:
    """Met by gates whose wires all lie in ``wires``.

    >>> from qjax.ops import CNOT
    >>> wires_in([0, 1])(CNOT(wires=[1, 2]))
    False
    """
    allowed = frozenset(as_wires(wires, "wires_in", "wires_in([0, 1])"))
    return Condition(lambda op: set(op.wires) <= allowed, f"wires_in({sorted(allowed, key=str)})")


def wires_eq(wires: object) -> Condition:
    """Met by gates on exactly ``wires``, in that order.

    >>> from qjax.ops import CNOT
    >>> wires_eq([1, 0])(CNOT(wires=[1, 0]))
    True
    """
    exact = as_wires(wires, "wires_eq", "wires_eq([0, 1])")
    return Condition(lambda op: op.wires == exact, f"wires_eq({list(exact)})")


def partial_wires(channel: Callable[..., Any], *params: Any) -> NoiseFunction:
    """A noise function that applies ``channel(*params)`` to each wire the gate acts on.

    A channel of one wire is applied to each of the gate's wires; a channel
    of several wires, once, on all of them.

    >>> import qjax as qj
    >>> noise = partial_wires(qj.ops.BitFlip, 0.1)
    >>> with qj.ops.recording() as added:
    ...     noise(qj.ops.CNOT(wires=[0, 1]))
    >>> [op.wires for op in added if op.name == "BitFlip"]
    [(0,), (1,)]
    """

    def noise(op: Operation) -> None:
        if getattr(channel, "num_wires", None) == 1:
            for wire in op.wires:
                channel(*params, wires=wire)
        else:
            channel(*params, wires=op.wires)

    return noise


def _as_condition(condition: object) -> Condition:
    if isinstance(condition, Condition):
        return condition
    if callable(condition):
        return Condition(condition, getattr(condition, "__name__", repr(condition)))
    raise OperatorTypeError(
        f"a noise rule's condition must be a qj.noise condition (op_eq, wires_in, ...) or "
        f"a function of the gate, got {condition!r}"
    )


class NoiseModel:
    """Rules ``{condition: noise function}``: after each gate that meets a condition, its noise.

    >>> import qjax as qj
    >>> model = qj.NoiseModel({qj.noise.op_eq(qj.X): qj.noise.partial_wires(qj.BitFlip, 0.1)})
    >>> def flip():
    ...     qj.X(0)
    ...     return qj.probs()
    >>> [op.name for op in model.apply(qj.record(flip, wires=1)()).operations]
    ['X', 'BitFlip']
    """

    def __init__(self, rules: Mapping[Any, NoiseFunction]):
        if not isinstance(rules, Mapping):
            raise OperatorTypeError(
                f"qj.NoiseModel takes a dict {{condition: noise function}}, got {rules!r}"
            )
        for noise in rules.values():
            if not callable(noise):
                raise OperatorTypeError(
                    f"a noise rule's noise must be a function of the gate that creates "
                    f"channels, e.g. qj.noise.partial_wires(qj.BitFlip, 0.1); got {noise!r}"
                )
        self.rules = tuple((_as_condition(c), noise) for c, noise in rules.items())

    def _noise_after(self, op: Operation, circuit_wires: tuple[Hashable, ...]) -> list[Operation]:
        added: list[Operation] = []
        for condition, noise in self.rules:
            if not condition(op):
                continue
            with recording() as recorded:
                noise(op)
            for item in recorded:
                if not isinstance(item, Operation) or item.kind is not Kind.CHANNEL:
                    raise CircuitError(
                        f"the noise of rule {condition!r} created {item!r}; noise functions "
                        "must create channels only (qj.BitFlip, qj.DepolarizingChannel, ...)"
                    )
                unknown = [w for w in item.wires if w not in circuit_wires]
                if unknown:
                    raise CircuitError(
                        f"the noise of rule {condition!r} acts on wire(s) {unknown} that are "
                        f"not in the circuit's wires {list(circuit_wires)}"
                    )
            added += recorded
        return added

    def apply(self, circuit: Circuit) -> Circuit:
        """The circuit with the model's channels inserted after the gates they follow."""
        operations: list = list(circuit.preparations)
        for op in circuit.gates:
            if op.kind is Kind.REPEAT and any(c(g) for c, _ in self.rules for g in op.body):  # type: ignore[attr-defined]
                raise CircuitError(
                    "a noise model does not reach inside qj.repeat layers; write the layers "
                    "as a Python loop (the compiler still runs them as one scan)"
                )
            operations += [op, *self._noise_after(op, circuit.wires)]
        return dataclasses.replace(circuit, operations=tuple(operations))

    def __repr__(self) -> str:
        return f"NoiseModel({{{', '.join(f'{c!r}: ...' for c, _ in self.rules)}}})"


def add_channels(circuit: Circuit, model: NoiseModel | None) -> Circuit:
    """``model.apply(circuit)``, or the circuit itself without a model.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> add_channels(circuit, None) is circuit
    True
    """
    return circuit if model is None else model.apply(circuit)


def as_noise_model(model: object) -> NoiseModel:
    """``model`` if it is a NoiseModel, else an OperatorTypeError naming it.

    >>> as_noise_model({})
    Traceback (most recent call last):
    ...
    qjax.errors.OperatorTypeError: qj.add_noise takes a qj.NoiseModel, got {}
    """
    if not isinstance(model, NoiseModel):
        raise OperatorTypeError(f"qj.add_noise takes a qj.NoiseModel, got {model!r}")
    return model
