"""Gradients from shifted evaluations: parameter-shift rules and central finite differences.

Both are a ``jax.custom_jvp`` on the map from the circuit's leaves (gate
parameters, observable coefficients) to its results, so JAX chains whatever
produced those leaves. A rule says, for one real direction in one leaf, which
shifted evaluations to make and how to weigh them; all the evaluations of one
derivative run as one ``vmap`` of the circuit, and because they call the
same custom-JVP function, a second derivative applies the rule again.

With shots, every evaluation reads its results from samples: the primal
draws with the call's key, and the shifted evaluations with one split of it
each, so their sampling errors are independent.
"""

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax.custom_derivatives import SymbolicZero

from qjax.circuit import Circuit
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, Repeat, compile_circuit, for_method
from qjax.errors import DifferentiationError
from qjax.grad._tangents import zero_tangent
from qjax.measure import finish_readout, linear_readout, readout
from qjax.ops import NON_UNITARY_KINDS, Operation, StatePreparation
from qjax.sampling import sampled_linear_readout, sampled_readout
from qjax.simulate import evolve, postselects

FD_STEP_SCALE = 1.0
"""Finite-difference steps are ``FD_STEP_SCALE * eps ** (1/3)`` of the dtype (central rule)."""


@dataclasses.dataclass(frozen=True)
class ShiftRule:
    """One real direction of one leaf and the evaluations that differentiate along it.

    ``d f / d leaf[index]`` along ``unit`` (1, or 1j for an imaginary part)
    is ``sum_i weights[i] * f(leaf[index] + shifts[i] * unit)``.
    """

    leaf: int
    index: tuple[int, ...]
    unit: complex
    shifts: tuple[float, ...]
    weights: tuple[float, ...]


def shift_coefficients(frequencies: Sequence[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Shifts and weights of the parameter-shift rule for an expectation with these frequencies.

    The odd part of ``E(theta + x) - E(theta - x)`` is ``sum_l 2 b_l sin(f_l x)``
    and ``E'(theta) = sum_l f_l b_l``; evaluating at ``R`` shifts solves for it.
    For equidistant frequencies the shifts ``(2m - 1) pi / (2 R f_1)`` are the
    optimal ones (Wierichs et al. 2022); one frequency gives the two-term rule.

    >>> shift_coefficients([1.0])
    ((1.5707963267948966, -1.5707963267948966), (0.5, -0.5))
    """
    frequencies = np.asarray(frequencies, float)
    count = len(frequencies)
    if count == 0:
        return (), ()
    shifts = (2 * np.arange(1, count + 1) - 1) * np.pi / (2 * count * frequencies[0])
    sines = np.sin(np.outer(shifts, frequencies))
    coefficients = np.linalg.solve(sines.T, frequencies) / 2
    return (
        tuple(float(x) for x in np.concatenate([shifts, -shifts])),
        tuple(float(c) for c in np.concatenate([coefficients, -coefficients])),
    )


def _is_zero(tangent: Any) -> bool:
    return isinstance(tangent, SymbolicZero)


def _evaluate(
    run: Callable[[list[jax.Array], Any], Any],
    leaves: list[jax.Array],
    key: Any,
    rules: list[ShiftRule],
) -> Any:
    """Every shifted evaluation of every rule, as one vmap over the stacked shifts.

    With a key (shots), each evaluation draws its samples with its own split of it.
    """
    count = sum(len(rule.shifts) for rule in rules)
    batched: list[jax.Array] = list(leaves)
    axes: list[int | None] = [None] * len(leaves)
    row = 0
    for rule in rules:
        for shift in rule.shifts:
            leaf = batched[rule.leaf]
            if axes[rule.leaf] is None:
                leaf = jnp.broadcast_to(leaf, (count, *leaf.shape))
                axes[rule.leaf] = 0
            delta = jnp.asarray(shift * rule.unit if rule.unit != 1 else shift, leaf.dtype)
            batched[rule.leaf] = leaf.at[(row, *rule.index)].add(delta)
            row += 1
    if key is None:
        return jax.vmap(run, in_axes=(axes, None))(batched, None)
    return jax.vmap(run, in_axes=(axes, 0))(batched, jax.random.split(key, count))


def _direction(tangent: jax.Array, rule: ShiftRule) -> jax.Array:
    component = tangent[rule.index]
    return jnp.real(component) if rule.unit == 1 else jnp.imag(component)


def _combine(evaluations: Any, tangents: list[Any], rules: list[ShiftRule]) -> Any:
    """``sum_rules t_rule * sum_i w_i f_i``: linear in the tangents, so JAX can transpose it."""
    scales = [
        _direction(tangents[rule.leaf], rule) * weight for rule in rules for weight in rule.weights
    ]
    scale = jnp.stack(scales)

    def contract(values: jax.Array) -> Any:
        if not jnp.issubdtype(values.dtype, jnp.inexact):
            return zero_tangent(values[0])
        return jnp.tensordot(scale.astype(values.dtype), values, axes=1)

    return jax.tree_util.tree_map(contract, evaluations)


def _add(tangent: Any, other: Any) -> Any:
    """The sum of two tangents; integer results (samples, counts) keep their ``float0`` zero."""
    return tangent + other if jnp.issubdtype(tangent.dtype, jnp.inexact) else tangent


def _leaf_owners(circuit: Circuit) -> list[tuple[object, int]]:
    """For each leaf of the circuit, its operator or measurement and its position there."""
    owners: list[tuple[object, int]] = []
    for item in (*circuit.operations, *circuit.measurements):
        owners += [(item, position) for position in range(len(jax.tree_util.tree_leaves(item)))]
    return owners


Readout = Callable[[jax.Array, Circuit, Any], Any]
"""``(final state, circuit, key) -> values``: exact (the key is ``None``) or from samples."""


def _reader(*, linear: bool, shots: int | None) -> Readout:
    """The readout of ``linear`` values (a variance's moments) or results, exact or sampled."""
    if shots is None:
        exact = linear_readout if linear else readout
        return lambda state, circuit, key: exact(state, circuit)
    sampled = sampled_linear_readout if linear else sampled_readout
    return lambda state, circuit, key: sampled(state, circuit, shots, key)


def _readout_tangent(
    read: Readout,
    treedef: Any,
    leaves: list[jax.Array],
    key: Any,
    dots: list[Any],
    measured: list[int],
    options: CompileOptions,
    method: str,
) -> Any:
    """The JVP of the readout in the measurements' own leaves ``measured``, at the final state.

    Results are polynomials of the observables' coefficients and matrices:
    their derivatives are classical post-processing of one simulation (with
    shots, of the primal's samples). The other leaves stay constants.
    """
    circuit = treedef.unflatten(leaves)
    state = evolve(compile_circuit(circuit, options), method)

    def read_measured(values: list[jax.Array]) -> Any:
        rebuilt = list(leaves)
        for index, value in zip(measured, values, strict=True):
            rebuilt[index] = value
        return read(state, treedef.unflatten(rebuilt), key)

    primals = [leaves[index] for index in measured]
    return jax.jvp(read_measured, (primals,), ([dots[index] for index in measured],))[1]


def _with_shift_rules(
    circuit: Circuit,
    rules_for: Callable[[object, int, int, jax.Array], list[ShiftRule]],
    *,
    linear: bool,
    options: CompileOptions,
    shots: int | None,
    key: Any,
    method: str,
) -> Any:
    """Simulates ``circuit`` with a JVP made of the shifted evaluations ``rules_for`` asks for.

    With ``linear``, the rules differentiate the measurements' values that
    are linear in the density matrix (a variance's two moments), as shift
    rules require, and the measurements' own leaves (coefficients, matrices)
    are differentiated exactly through that readout. With ``shots``, every
    evaluation reads samples (see :func:`_evaluate` for the keys). ``method``
    is ``"statevector"`` or ``"density"``: shifted evaluations are exact
    evolutions, so trajectories have no shift rule.
    """
    circuit = for_method(circuit, method)
    leaves, treedef = jax.tree_util.tree_flatten(circuit)
    arrays = [jnp.asarray(leaf) for leaf in leaves]
    owners = _leaf_owners(circuit)
    read = _reader(linear=linear, shots=shots)
    by_readout = [
        linear and not isinstance(owner, (Operation, StatePreparation)) for owner, _ in owners
    ]

    @jax.custom_jvp
    def run(leaves: list[jax.Array], key: Any) -> Any:
        rebuilt = treedef.unflatten(leaves)
        return read(evolve(compile_circuit(rebuilt, options), method), rebuilt, key)

    def jvp(primals: tuple, tangents: tuple) -> tuple[Any, Any]:
        (leaves, key), (dots, _) = primals, tangents
        result = run(leaves, key)
        active = [
            index
            for index, (leaf, dot) in enumerate(zip(leaves, dots, strict=True))
            if not _is_zero(dot) and jnp.issubdtype(leaf.dtype, jnp.inexact)
        ]
        rules = [
            rule
            for index in active
            if not by_readout[index]
            for rule in rules_for(*owners[index], index, leaves[index])
        ]
        tangent = jax.tree_util.tree_map(zero_tangent, result)
        if rules:
            tangent = _combine(_evaluate(run, leaves, key, rules), dots, rules)
        measured = [index for index in active if by_readout[index]]
        if measured:
            read_tangent = _readout_tangent(
                read, treedef, leaves, key, dots, measured, options, method
            )
            tangent = jax.tree_util.tree_map(_add, tangent, read_tangent)
        return result, tangent

    run.defjvp(jvp, symbolic_zeros=True)
    values = run(arrays, key)
    return finish_readout(values, circuit) if linear else values


def _parameter_shift_rules(
    owner: object, position: int, index: int, leaf: jax.Array
) -> list[ShiftRule]:
    if isinstance(owner, Operation) and owner.kind in NON_UNITARY_KINDS:
        raise DifferentiationError(
            f"parameter-shift cannot differentiate the noise channel {owner!r}: shift rules "
            'hold for gate parameters only; use diff_method="backprop" or "finite-diff"'
        )
    if not isinstance(owner, Operation) or isinstance(owner, StatePreparation):
        raise DifferentiationError(
            f"parameter-shift cannot differentiate {owner!r} with respect to its parameters; "
            'use diff_method="backprop", "adjoint" or "finite-diff"'
        )
    if isinstance(owner, Repeat):
        raise DifferentiationError(
            f"parameter-shift cannot differentiate through qj.repeat ({owner!r}); write the "
            "layers as a Python loop (the compiler still runs them as one scan) or use "
            'diff_method="backprop", "adjoint" or "finite-diff"'
        )
    frequencies = owner.parameter_frequencies()
    if frequencies is None or np.ndim(leaf) != 0 or jnp.issubdtype(leaf.dtype, jnp.complexfloating):
        raise DifferentiationError(
            f"parameter-shift cannot differentiate {owner!r}: it has no known generator "
            'spectrum; use diff_method="backprop", "adjoint" or "finite-diff"'
        )
    shifts, weights = shift_coefficients(frequencies[position])
    return [ShiftRule(index, (), 1, shifts, weights)] if shifts else []


def parameter_shift_execute(
    circuit: Circuit,
    options: CompileOptions = DEFAULT_OPTIONS,
    *,
    shots: int | None = None,
    key: Any = None,
    method: str = "statevector",
) -> Any:
    """Simulates ``circuit``; its derivatives come from parameter-shift rules.

    Every gate parameter with a known generator spectrum is shifted (two terms
    for two generator eigenvalues, the general rule otherwise) in the values
    that are linear in the density matrix: expectations, probabilities,
    reduced density matrices and a variance's two moments (``qj.state()`` has
    no shift rule). Observable coefficients and matrices are differentiated
    exactly through the readout. With ``shots``, every evaluation is estimated
    from samples: the primal drawn with ``key``, each shifted evaluation with
    its own split of it; samples and counts have no derivative.

    >>> import jax, qjax as qj
    >>> def f(theta):
    ...     qj.CRX(theta, wires=[0, 1])
    ...     return qj.expval(qj.Z(1))
    >>> grad = jax.grad(lambda t: parameter_shift_execute(qj.record(f, wires=2)(t)))(0.5)
    >>> float(grad)
    0.0
    """
    circuit = for_method(circuit, method)
    if postselects(circuit):
        raise DifferentiationError(
            "parameter-shift rules hold for results linear in the state, but a postselected "
            "result is renormalised by the probability of its outcome; use "
            'diff_method="backprop" or "finite-diff"'
        )
    return _with_shift_rules(
        circuit,
        _parameter_shift_rules,
        linear=True,
        options=options,
        shots=shots,
        key=key,
        method=method,
    )


def _finite_difference_rules(
    owner: object, position: int, index: int, leaf: jax.Array
) -> list[ShiftRule]:
    real = jnp.finfo(leaf.dtype).dtype
    step = FD_STEP_SCALE * float(jnp.finfo(real).eps) ** (1 / 3)
    units = (1, 1j) if jnp.issubdtype(leaf.dtype, jnp.complexfloating) else (1,)
    return [
        ShiftRule(index, position, unit, (step, -step), (1 / (2 * step), -1 / (2 * step)))
        for position in np.ndindex(np.shape(leaf))
        for unit in units
    ]


def finite_diff_execute(
    circuit: Circuit,
    options: CompileOptions = DEFAULT_OPTIONS,
    *,
    shots: int | None = None,
    key: Any = None,
    method: str = "statevector",
) -> Any:
    """Simulates ``circuit``; its derivatives are central finite differences.

    The step is ``eps ** (1/3)`` of the parameter's dtype, the choice that
    balances truncation and rounding errors for the central rule. With
    ``shots``, each evaluation draws with its own split of ``key``, so the
    derivative's sampling error grows as ``1 / step``: prefer parameter-shift.

    >>> import jax, qjax as qj
    >>> def f(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0))
    >>> grad = jax.grad(lambda t: finite_diff_execute(qj.record(f, wires=1)(t)))(0.5)
    >>> abs(float(grad) + 0.4794255) < 1e-3
    True
    """
    return _with_shift_rules(
        circuit,
        _finite_difference_rules,
        linear=False,
        options=options,
        shots=shots,
        key=key,
        method=method,
    )
