"""``qj.specs``: what a circuit costs: gates, depth, parameters, passes over the state, memory.

The counts are read from the recorded circuit (repeated layers unrolled),
the depth from the drawing's layout, and the passes from the circuit the
compiler hands to the simulator: after fusion, several gates cost one pass.
"""

import collections
import dataclasses
import types
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import jax
import jax.extend as jex
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype
from qjax._memory import state_bytes
from qjax.circuit import Circuit
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, compile_circuit, for_method
from qjax.drawer._labels import Labeller
from qjax.drawer._layout import layout, recorder, unroll
from qjax.ops import (
    Barrier,
    Conditional,
    Controlled,
    Kind,
    Operation,
    Operator,
    paused,
)
from qjax.workflow import CircuitFunction, choose_method


@dataclasses.dataclass(frozen=True)
class CircuitSpecs:
    """The resources of one recorded circuit; ``specs["depth"]`` reads a field too.

    Attributes:
      num_wires: the circuit's number of wires.
      wires: the circuit's wire labels.
      num_operations: gates, channels, mid-circuit measurements and state
        preparations, with repeated layers counted per layer (barriers aside).
      gate_types: how many operations of each name (``{"H": 1, "CNOT": 2}``);
        a ``qj.ctrl`` gate is ``C(RX)``, a ``qj.cond`` one ``Conditional(X)``.
      gate_sizes: how many operations act on each number of wires.
      depth: the number of columns of the circuit's drawing, barriers aside.
      num_parameters: the scalar parameters of the gates (a matrix counts
        each entry; channels and state preparations aside).
      num_trainable_params: how many of those depend on the call's array
        arguments (``None`` when the function cannot be traced to tell).
      measurements: the terminal measurements.
      method: the simulation method (``"statevector"``, ``"density"``, ``"trajectories"``).
      simulated_wires: the wires of the simulated state (deferred
        mid-circuit measurements add one each).
      num_passes: the operations the compiled circuit applies to the state,
        repeated blocks counted per repetition.
      passes_by_kind: those passes by kernel: ``dense``, ``diagonal``,
        ``permutation``, ``controlled``, ``channel``, ...
      state_bytes: the bytes of one state: ``2**n`` amplitudes (``4**n``
        entries of a density matrix) of ``dtype``.
      dtype: the complex dtype of the state.
      shots: the ``qj.circuit``'s shots (``None``: exact).
      diff_method: the ``qj.circuit``'s differentiation method (``None`` for a
        plain quantum function).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> print(qj.specs(bell)())
    wires: 2 [0, 1]
    operations: 2 (H: 1, CNOT: 1)
    gate sizes: 1: 1, 2: 1
    depth: 2
    parameters: 0 (trainable: 0)
    measurements: qj.probs(wires=[])
    method: statevector on 2 wires
    passes over the state: 2 (dense: 1, controlled: 1)
    state: 32 bytes (complex64)
    shots: None
    diff_method: backprop
    """

    num_wires: int
    wires: tuple[Hashable, ...]
    num_operations: int
    gate_types: Mapping[str, int]
    gate_sizes: Mapping[int, int]
    depth: int
    num_parameters: int
    num_trainable_params: int | None
    measurements: tuple[str, ...]
    method: str
    simulated_wires: int
    num_passes: int
    passes_by_kind: Mapping[str, int]
    state_bytes: int
    dtype: str
    shots: int | None
    diff_method: str | None

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (its mappings as plain dicts).

        >>> import qjax as qj
        >>> qj.specs(lambda: qj.probs(), wires=1)().to_dict()["num_wires"]
        1
        """
        return {
            field.name: (dict(value) if isinstance(value, Mapping) else value)
            for field in dataclasses.fields(self)
            for value in (getattr(self, field.name),)
        }

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:
            raise KeyError(
                f"{key!r} is not a field of CircuitSpecs; fields: {list(self.to_dict())}"
            )
        return getattr(self, key)

    def __str__(self) -> str:
        def counts(mapping: Mapping[Any, int]) -> str:
            return ", ".join(f"{name}: {count}" for name, count in mapping.items())

        trainable = "unknown" if self.num_trainable_params is None else self.num_trainable_params
        lines = [
            f"wires: {self.num_wires} {list(self.wires)}",
            f"operations: {self.num_operations} ({counts(self.gate_types)})",
            f"gate sizes: {counts(self.gate_sizes)}",
            f"depth: {self.depth}",
            f"parameters: {self.num_parameters} (trainable: {trainable})",
            f"measurements: {', '.join(self.measurements)}",
            f"method: {self.method} on {self.simulated_wires} wires",
            f"passes over the state: {self.num_passes} ({counts(self.passes_by_kind)})",
            f"state: {self.state_bytes} bytes ({self.dtype})",
            f"shots: {self.shots}",
            f"diff_method: {self.diff_method}",
        ]
        return "\n".join(lines)


def gate_name(op: Operator) -> str:
    """The name an operation is counted under: its own, ``C(RX)`` or ``Conditional(X)``.

    >>> from qjax.ops import RX, Controlled
    >>> gate_name(Controlled(RX(0.1, wires=1), control_wires=[0]))
    'C(RX)'
    """
    if isinstance(op, Conditional):
        return f"Conditional({gate_name(op.base)})"
    if type(op) is Controlled:
        return f"C({gate_name(op.base)})"
    return op.name


def _counts(items: Sequence[Any]) -> types.MappingProxyType:
    return types.MappingProxyType(dict(collections.Counter(items)))


def _num_scalars(op: Operator) -> int:
    return sum(int(np.size(leaf)) for leaf in jax.tree_util.tree_leaves(op))


def _is_gate(op: Operator) -> bool:
    return isinstance(op, Operation) and op.kind not in (Kind.CHANNEL, Kind.MEASURE)


def _gates(circuit: Circuit) -> list[Operator]:
    return [op for op in unroll(circuit.operations) if _is_gate(op)]


def _trainable(record: Callable[..., Circuit], args: tuple, kwargs: dict) -> int | None:
    """How many scalar gate parameters depend on the call's inexact (float, complex) arguments.

    The recording is traced with those arguments abstract, and the jaxpr
    followed forward from them: a parameter built from constants alone does
    not count. ``None`` when the function needs their values to record.
    """
    leaves, treedef = jax.tree_util.tree_flatten((args, kwargs))
    positions = [i for i, leaf in enumerate(leaves) if _is_inexact(leaf)]

    def parameters(*values: Any) -> list[jax.Array]:
        replaced = list(leaves)
        for position, value in zip(positions, values, strict=True):
            replaced[position] = value
        call_args, call_kwargs = jax.tree_util.tree_unflatten(treedef, replaced)
        gates = _gates(record(*call_args, **call_kwargs))
        return [jnp.asarray(leaf) for leaf in jax.tree_util.tree_leaves(gates)]

    try:
        jaxpr = jax.make_jaxpr(parameters)(*(leaves[i] for i in positions)).jaxpr
    except (
        jax.errors.ConcretizationTypeError,
        jax.errors.TracerIntegerConversionError,
        jax.errors.TracerArrayConversionError,
    ):
        return None
    dependent = set(jaxpr.invars)
    for eqn in jaxpr.eqns:
        if any(_depends(var, dependent) for var in eqn.invars):
            dependent.update(eqn.outvars)
    return sum(int(np.prod(v.aval.shape)) for v in jaxpr.outvars if _depends(v, dependent))


def _depends(var: Any, dependent: set) -> bool:
    return not isinstance(var, jex.core.Literal) and var in dependent


def _is_inexact(leaf: Any) -> bool:
    if isinstance(leaf, bool):
        return False
    if isinstance(leaf, (float, complex)):
        return True
    dtype = getattr(leaf, "dtype", None)
    return dtype is not None and jnp.issubdtype(dtype, jnp.inexact)


def passes(operations: Sequence[Operation]) -> collections.Counter:
    """The passes over the state that applying ``operations`` takes, by kernel kind.

    A repeated block costs its body's passes per repetition; a sequence (a
    composite gate) costs its parts'; a barrier none.

    >>> from qjax.ops import CNOT, H, RZ
    >>> dict(passes([H(0), CNOT(wires=[0, 1]), RZ(0.1, wires=1)]))
    {'dense': 1, 'controlled': 1, 'diagonal': 1}
    """
    counted: collections.Counter = collections.Counter()
    for op in operations:
        if op.kind is Kind.REPEAT:
            layer = jax.tree_util.tree_map(lambda leaf: leaf[0], op.body)  # type: ignore[attr-defined]
            for kind, count in passes(layer).items():
                counted[kind] += count * op.count  # type: ignore[attr-defined]
        elif op.kind is Kind.SEQUENCE:
            with paused():
                counted.update(passes(op.decomposition()))
        else:
            counted[op.kind.value] += 1
    return counted


def specs(fn: Callable[..., Any], *, wires: object = None) -> Callable[..., CircuitSpecs]:
    """The resources of a circuit: ``qj.specs(circuit)(*args)`` returns a :class:`CircuitSpecs`.

    Args:
      fn: a ``qj.circuit``, or a quantum function together with ``wires``.
      wires: the wires of a plain quantum function.

    Returns:
      A function with ``fn``'s arguments that records the circuit (with a
      ``qj.circuit``'s noise model), compiles it with its options and
      returns its specs. A plain quantum function is compiled with the
      default options and simulated by the method ``qj.circuit`` would choose.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(theta):
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0) @ qj.Z(1))
    >>> info = qj.specs(model)(0.3)
    >>> dict(info.gate_types), info.depth, info.num_parameters, info.state_bytes
    ({'H': 1, 'CNOT': 1, 'RX': 1}, 3, 1, 32)
    """
    record_call = recorder(fn, wires, "qj.specs")
    is_function = isinstance(fn, CircuitFunction)
    options: CompileOptions = fn.options if is_function else DEFAULT_OPTIONS  # type: ignore[union-attr]

    def resources(*args: Any, **kwargs: Any) -> CircuitSpecs:
        circuit = record_call(*args, **kwargs)
        method = choose_method(circuit, fn.method if is_function else None)  # type: ignore[union-attr]
        operations = [op for op in unroll(circuit.operations) if not isinstance(op, Barrier)]
        grid = layout(circuit, Labeller(None), show_all_wires=True)
        gates = [op for op in operations if _is_gate(op)]
        compiled = compile_circuit(for_method(circuit, method), options)
        kinds = passes(compiled.gates)
        simulated = compiled.num_wires * (2 if method == "density" else 1)
        return CircuitSpecs(
            num_wires=circuit.num_wires,
            wires=circuit.wires,
            num_operations=len(operations),
            gate_types=_counts([gate_name(op) for op in operations]),
            gate_sizes=_counts([len(op.wires) for op in operations]),
            depth=len({e.column for e in grid.elements if e.kind != "barrier"}),
            num_parameters=sum(_num_scalars(op) for op in gates),
            num_trainable_params=_trainable(record_call, args, kwargs),
            measurements=tuple(repr(mp) for mp in circuit.measurements),
            method=method,
            simulated_wires=compiled.num_wires,
            num_passes=sum(kinds.values()),
            passes_by_kind=types.MappingProxyType(dict(kinds)),
            state_bytes=state_bytes(simulated, complex_dtype()),
            dtype=complex_dtype().name,
            shots=fn.shots if is_function else None,  # type: ignore[union-attr]
            diff_method=fn.diff_method if is_function else None,  # type: ignore[union-attr]
        )

    return resources
