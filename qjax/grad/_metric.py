"""The Fubini-Study metric tensor of a circuit's state, and the quantum Fisher information.

For the trainable gate parameters ``theta_1..theta_P`` of a recorded circuit
with final state ``|psi(theta)>``, the metric is the real part of the quantum
geometric tensor::

    g_ij = Re <d_i psi|d_j psi> - <d_i psi|psi><psi|d_j psi>

A gate parameter is *trainable* when it depends on the differentiated
arguments (found by tracing, so a data-encoding ``RX(x)`` with ``x`` not
differentiated is a fixed gate). Each trainable gate is ``U = exp(i theta G)``
with the generator ``G`` of :meth:`~qjax.ops.Operation.generator`, so
``|d_k psi> = U_after (i G_k) U_k ... U_1 |psi_0>``; ``Rot``, ``U3``, ``U2``
and their controlled versions are split into ``RZ``/``RY``/``PhaseShift``
factors first, one parameter each.

Approximations (PennyLane's):

- ``"block-diag"``: the parameters are grouped into *layers* as PennyLane's
  ``CircuitGraph.parametrized_layers`` does: in recording order, a parameter
  joins the current layer unless a gate of that layer is one of its gate's
  ancestors in the circuit's DAG (a chain of earlier gates sharing wires);
  then it starts a new layer. Gates of one layer therefore act on disjoint
  wires and commute, and the layer's block is ``<G_i G_j> - <G_i><G_j>`` on
  the state made by the layer's ancestors: exactly the full metric's block.
  Entries between layers are zero.
- ``"diag"``: the diagonal of ``"block-diag"``, ``Var(G_k)``: exactly the
  full metric's diagonal.

Finally the metric is pulled back to the circuit's arguments through the
classical Jacobian ``J = d theta / d args`` of the map from the arguments to
the gate parameters: ``g_args = J^T g J``, as PennyLane does.
"""

import dataclasses
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax.extend import core as jax_core

from qjax import kernels
from qjax._dtypes import real_dtype
from qjax.circuit import Circuit, QuantumFunction
from qjax.errors import DifferentiationError, OperatorTypeError
from qjax.ops import (
    RY,
    RZ,
    U2,
    U3,
    Controlled,
    Operation,
    PhaseShift,
    Rot,
    generator_matrix,
    paused,
)
from qjax.simulate import apply_operation, initial_state

APPROXIMATIONS = (None, "block-diag", "diag")
"""The ``approx`` values: the full metric, its layer blocks, its diagonal."""

_SUPPORTED = (
    "gates with a generator (RX, RY, RZ, PhaseShift, CRX, CRY, CRZ, IsingXX, IsingYY, IsingZZ, "
    "IsingXY, MultiRZ, PauliRot, ControlledPhaseShift, GlobalPhase) or Rot, U3, U2, CRot"
)

AxesOf = Callable[[Sequence[Hashable]], tuple[int, ...]]


@dataclasses.dataclass(frozen=True)
class _Step:
    """A gate of the expanded circuit; ``param`` indexes ``theta`` when its angle is trainable."""

    op: Operation
    param: int | None


def _factors(op: Operation) -> list[tuple[Operation, int | None]] | None:
    """One-parameter gates whose product (first to last) is ``op``, or ``None`` if unknown.

    Each factor comes with the position of its angle among ``op``'s leaves
    (``None`` for a constant angle).
    """
    wires = op.wires
    with paused():
        if isinstance(op, Rot):
            phi, theta, omega = op.params
            return [(RZ(phi, wires), 0), (RY(theta, wires), 1), (RZ(omega, wires), 2)]
        if isinstance(op, U3):
            theta, phi, delta = op.params
            return [
                (PhaseShift(delta, wires), 2),
                (RY(theta, wires), 0),
                (PhaseShift(phi, wires), 1),
            ]
        if isinstance(op, U2):
            phi, delta = op.params
            quarter_turn = RY(np.pi / 2, wires)
            return [
                (PhaseShift(delta, wires), 1),
                (quarter_turn, None),
                (PhaseShift(phi, wires), 0),
            ]
        if isinstance(op, Controlled):
            base = _factors(op.base)
            if base is None:
                return None
            return [(Controlled(f, op.control_wires, op.control_values), p) for f, p in base]
    return None


def _one_parameter_gates(
    op: Operation, trainable: Sequence[bool]
) -> list[tuple[Operation, int | None]]:
    """``op`` as gates of at most one trainable angle each, with that angle's leaf position."""
    if not any(trainable):
        return [(op, None)]
    if op.generator() is not None and len(trainable) == 1:
        return [(op, 0)]
    factors = _factors(op)
    if factors is None:
        raise DifferentiationError(
            f"metric_tensor needs a generator for every trainable gate parameter, but {op!r} "
            f"has none and no decomposition into one-parameter rotations; use {_SUPPORTED}, or "
            "pass its parameters in an argument that is not differentiated (argnums)"
        )
    return factors


def _expand(circuit: Circuit, trainable: Sequence[bool]) -> tuple[list[_Step], list[int]]:
    """The circuit's gates as steps, and for each ``theta_k`` its index among the leaves."""
    steps: list[_Step] = []
    sources: list[int] = []
    offset = 0
    for op in circuit.operations:
        count = len(jax.tree_util.tree_leaves(op))
        flags = trainable[offset : offset + count]
        if not isinstance(op, Operation):
            if any(flags):
                raise DifferentiationError(
                    f"metric_tensor differentiates gate parameters only, but the state "
                    f"preparation {op!r} depends on the differentiated arguments; prepare the "
                    "state with gates (e.g. qj.RY) or pass it in an argument that is not "
                    "differentiated (argnums)"
                )
            offset += count
            continue
        for factor, position in _one_parameter_gates(op, flags):
            if position is None or not flags[position]:
                steps.append(_Step(factor, None))
            else:
                steps.append(_Step(factor, len(sources)))
                sources.append(offset + position)
        offset += count
    return steps, sources


def _with(args: tuple, argnums: tuple[int, ...], values: Sequence[Any]) -> tuple:
    replaced = list(args)
    for index, value in zip(argnums, values, strict=True):
        replaced[index] = value
    return tuple(replaced)


def _operation_leaves(
    function: QuantumFunction, args: tuple, kwargs: dict, argnums: tuple[int, ...]
) -> Callable[..., list[jax.Array]]:
    """The map from the differentiated arguments to the leaves of the recorded operations."""

    def leaves(*values: Any) -> list[jax.Array]:
        operations = function.record(*_with(args, argnums, values), **kwargs).operations
        return [jnp.asarray(leaf) for leaf in jax.tree_util.tree_leaves(operations)]

    return leaves


def _trainable(leaves: Callable[..., list[jax.Array]], values: Sequence[Any]) -> list[bool]:
    """For each leaf, whether it is real or complex and computed from ``values``.

    Read from the jaxpr of ``leaves`` (a dataflow walk, conservative through
    nested calls): structure only, so it works under jit, vmap and grad.
    """
    jaxpr = jax.make_jaxpr(leaves)(*values).jaxpr
    dependent = set(jaxpr.invars)
    for eqn in jaxpr.eqns:
        if any(isinstance(v, jax_core.Var) and v in dependent for v in eqn.invars):
            dependent.update(eqn.outvars)
    return [
        isinstance(v, jax_core.Var)
        and v in dependent
        and bool(jnp.issubdtype(v.aval.dtype, jnp.inexact))
        for v in jaxpr.outvars
    ]


def _apply_generator(state: jax.Array, op: Operation, axes_of: AxesOf) -> jax.Array:
    """``G |state>`` for the generator ``G`` of ``op``; a diagonal ``G`` is applied as one."""
    matrix = generator_matrix(op.generator())  # type: ignore[arg-type]
    axes = axes_of(op.wires)
    diagonal = np.diag(matrix)
    if np.array_equal(matrix, np.diag(diagonal)):
        return kernels.apply_diagonal(state, diagonal, axes)
    return kernels.apply_matrix(state, matrix, axes)


def _fubini_study(derivatives: jax.Array, state: jax.Array) -> jax.Array:
    """``Re <d_i|d_j> - <d_i|psi><psi|d_j>`` for stacked ``|d_i>``; a common phase cancels."""
    rows = jnp.reshape(derivatives, (derivatives.shape[0], -1))
    overlaps = jnp.matmul(jnp.conj(rows), rows.T, precision=kernels.PRECISION)
    projections = jnp.matmul(rows, jnp.conj(jnp.reshape(state, -1)), precision=kernels.PRECISION)
    metric = jnp.real(overlaps - jnp.outer(jnp.conj(projections), projections))
    return (metric + metric.T) / 2  # exactly symmetric, as eigh-based solvers expect


def _full_metric(circuit: Circuit, steps: Sequence[_Step], count: int) -> jax.Array:
    """Every ``|d_k psi>`` (up to the factor ``i``) carried to the end, then their Gram matrix.

    The derivatives are one ``(count, 2, ..., 2)`` stack, zero until their gate
    is reached: one shape throughout, so eager calls compile each kernel once.
    """
    state = initial_state(circuit)
    derivatives = jnp.zeros((count, *state.shape), state.dtype)
    apply_all = jax.vmap(lambda s, op: apply_operation(s, op, circuit.axes), in_axes=(0, None))
    started = False
    for step in steps:
        state = apply_operation(state, step.op, circuit.axes)
        if started:
            derivatives = apply_all(derivatives, step.op)
        if step.param is not None:
            generated = _apply_generator(state, step.op, circuit.axes)
            derivatives = derivatives.at[step.param].set(generated)
            started = True
    return _fubini_study(derivatives, state)


def _ancestors(steps: Sequence[_Step]) -> list[set[int]]:
    """For each step, the earlier steps linked to it by a chain of shared wires."""
    last: dict[Hashable, int] = {}
    found: list[set[int]] = []
    for index, step in enumerate(steps):
        mine: set[int] = set()
        for wire in step.op.wires:
            if wire in last:
                mine |= {last[wire]} | found[last[wire]]
        found.append(mine)
        last.update(dict.fromkeys(step.op.wires, index))
    return found


def _layers(steps: Sequence[_Step], ancestors: Sequence[set[int]]) -> list[list[int]]:
    """PennyLane's parametrized layers, as lists of step indices (contiguous in ``theta``)."""
    layers: list[list[int]] = [[]]
    for index, step in enumerate(steps):
        if step.param is None:
            continue
        if ancestors[index] & set(layers[-1]):
            layers.append([])
        layers[-1].append(index)
    return layers


def _layer_blocks(circuit: Circuit, steps: Sequence[_Step]) -> list[jax.Array]:
    """``<G_i G_j> - <G_i><G_j>`` per layer, on the state its ancestors prepare."""
    ancestors = _ancestors(steps)
    blocks = []
    for layer in _layers(steps, ancestors):
        state = initial_state(circuit)
        for index in sorted(set().union(*(ancestors[i] for i in layer))):
            state = apply_operation(state, steps[index].op, circuit.axes)
        generated = [_apply_generator(state, steps[i].op, circuit.axes) for i in layer]
        blocks.append(_fubini_study(jnp.stack(generated), state))
    return blocks


def _gate_metric(
    circuit: Circuit, steps: Sequence[_Step], count: int, approx: str | None
) -> jax.Array:
    """The ``(count, count)`` metric in the trainable gate parameters."""
    if approx is None:
        return _full_metric(circuit, steps, count)
    blocks = _layer_blocks(circuit, steps)
    if approx == "diag":
        return jnp.diag(jnp.concatenate([jnp.diag(block) for block in blocks]))
    return jax.scipy.linalg.block_diag(*blocks)


def _pull_back(metric: jax.Array, jacobian: Any) -> Any:
    """``J^T g J`` for every pair of leaves of the Jacobian, nested like ``jax.hessian``."""

    def block(left: jax.Array, right: jax.Array) -> jax.Array:
        inner = jnp.tensordot(
            metric.astype(right.dtype), right, axes=1, precision=kernels.PRECISION
        )
        return jnp.tensordot(left, inner, axes=(0, 0), precision=kernels.PRECISION)

    return jax.tree_util.tree_map(
        lambda left: jax.tree_util.tree_map(lambda right: block(left, right), jacobian), jacobian
    )


def _check_arguments(circuit: object, approx: object) -> None:
    if not isinstance(circuit, QuantumFunction):
        raise OperatorTypeError(
            f"metric_tensor takes a qj.circuit, got {type(circuit).__name__}; "
            "e.g. qj.metric_tensor(qj.circuit(fn, wires=2))"
        )
    if approx not in APPROXIMATIONS:
        raise DifferentiationError(
            f"approx must be None (the full metric), 'block-diag' or 'diag', got {approx!r}; "
            "e.g. qj.metric_tensor(circuit, approx='block-diag')"
        )


def _normalized_argnums(argnums: int | Sequence[int], num_args: int) -> tuple[int, ...]:
    numbers = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    if not numbers or any(not -num_args <= n < num_args for n in numbers):
        raise DifferentiationError(
            f"argnums={argnums!r} must name positional arguments of the circuit, which got "
            f"{num_args}; e.g. argnums=0 for the first"
        )
    return tuple(n % num_args for n in numbers)


def metric_tensor(
    circuit: QuantumFunction, approx: str | None = None, *, argnums: int | Sequence[int] = 0
) -> Callable[..., Any]:
    """The Fubini-Study metric tensor of a circuit's state, in the circuit's arguments.

    With ``theta`` the trainable gate parameters (see the module docstring:
    gate angles that depend on the differentiated arguments, in recording
    order) the metric in the gate parameters is
    ``g_ij = Re <d_i psi|d_j psi> - <d_i psi|psi><psi|d_j psi>``, computed from
    the gates' generators, and the result is ``J^T g J`` with ``J`` the
    Jacobian of ``theta`` in the arguments ``argnums`` (PennyLane's
    convention). The function is pure: jit, vmap and grad it (derivatives of
    the metric are backprop through its own simulation, whatever the
    circuit's ``diff_method``). The full metric holds ``P`` derivative
    states at once; the approximations hold one layer's.

    Args:
      circuit: a ``qj.circuit`` (any :class:`~qjax.circuit.QuantumFunction`).
      approx: ``None`` (the full metric), ``"block-diag"`` (PennyLane's layer
        blocks, zero between layers) or ``"diag"`` (the variances of the
        generators).
      argnums: the positional argument(s) to differentiate, as in
        ``jax.hessian``; keyword arguments are never differentiated.

    Returns:
      A function with the circuit's signature whose result is nested like
      ``jax.hessian(circuit, argnums)(*args)`` for a scalar circuit: for one
      array argument of shape ``S``, an array of shape ``S + S``; for a tuple
      ``argnums`` or a pytree argument, blocks ``[i][j]`` of shape
      ``shape_i + shape_j``. Real, in the dtype of the arguments.

    Raises:
      DifferentiationError: ``approx`` or ``argnums`` is invalid, no gate
        parameter depends on the arguments, a trainable gate has no generator
        and no known decomposition, or a state preparation depends on them.

    >>> import jax.numpy as jnp, qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(params):
    ...     qj.RX(params[0], wires=0)
    ...     qj.RY(params[1], wires=1)
    ...     qj.CNOT(wires=[0, 1])
    ...     qj.RZ(params[2], wires=1)
    ...     return qj.expval(qj.Z(1))
    >>> metric = qj.metric_tensor(model)(jnp.array([0.5, 0.2, 0.3]))
    >>> metric.shape, [round(float(x), 4) for x in jnp.diag(metric)]
    ((3, 3), [0.25, 0.25, 0.0651])
    """
    _check_arguments(circuit, approx)

    def metric(*args: Any, **kwargs: Any) -> Any:
        numbers = _normalized_argnums(argnums, len(args))
        values = [args[n] for n in numbers]
        leaves = _operation_leaves(circuit, args, kwargs, numbers)
        recorded = circuit.record(*args, **kwargs)
        steps, sources = _expand(recorded, _trainable(leaves, values))
        if not sources:
            raise DifferentiationError(
                f"metric_tensor found no gate parameter of {circuit!r} that depends on "
                f"argument(s) {list(numbers)}; pass the trainable angles there, e.g. "
                "qj.RX(params[0], wires=0)"
            )

        def gate_parameters(*values: Any) -> jax.Array:
            all_leaves = leaves(*values)
            return jnp.stack([jnp.asarray(all_leaves[s], real_dtype()) for s in sources])

        jacobian = jax.jacobian(gate_parameters, argnums=tuple(range(len(values))))(*values)
        if isinstance(argnums, int):
            (jacobian,) = jacobian
        return _pull_back(_gate_metric(recorded, steps, len(sources), approx), jacobian)

    return metric


def quantum_fisher(
    circuit: QuantumFunction, approx: str | None = None, *, argnums: int | Sequence[int] = 0
) -> Callable[..., Any]:
    """The quantum Fisher information of a circuit's state: 4 times :func:`metric_tensor`.

    Args:
      circuit: a ``qj.circuit``.
      approx: ``None``, ``"block-diag"`` or ``"diag"``, as for :func:`metric_tensor`.
      argnums: the positional argument(s) to differentiate.

    Returns:
      A function with the circuit's signature, structured as :func:`metric_tensor`'s.

    >>> import jax.numpy as jnp, qjax as qj
    >>> @qj.circuit(wires=1)
    ... def model(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0))
    >>> round(float(qj.quantum_fisher(model)(jnp.array(0.3))), 6)
    1.0
    """
    metric = metric_tensor(circuit, approx, argnums=argnums)

    def fisher(*args: Any, **kwargs: Any) -> Any:
        return jax.tree_util.tree_map(lambda g: 4 * g, metric(*args, **kwargs))

    return fisher
