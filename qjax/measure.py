"""What a circuit returns: states, probabilities, expectation values, variances, samples.

Every measurement reads a pure state (shape ``(2,) * n``) or a density
matrix (``(2,) * 2n``, from ``method="density"``); the two differ only in
how a basis change is applied (on the rows, and conjugated on the columns)
and how probabilities and traces are taken.

Observables are read as cheaply as their structure allows. A weighted sum
of Pauli words is split into qubit-wise commuting groups; each group rotates
the state into its eigenbasis once and reads every one of its terms from the
same probabilities in a single fused pass (all-Z sums need no rotation at
all). Only terms with a ``Hermitian`` factor are applied as matrices.

This module reads exact values from the final state; with shots,
:mod:`qjax.sampling` estimates the same measurements (and ``qj.sample``,
``qj.counts``, which only shots can give) from samples.
"""

import functools
import math
import operator
from collections.abc import Hashable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax import kernels
from qjax import math as qmath
from qjax._dtypes import real_dtype
from qjax.circuit import Circuit, MeasurementProcess
from qjax.errors import DifferentiationError, OperatorTypeError, SamplingError, WireError
from qjax.ops import H as Hadamard
from qjax.ops import (
    Hermitian,
    I,
    MeasurementValue,
    Operator,
    Term,
    Wires,
    Z,
    as_wires,
    dequeue,
    paused,
)
from qjax.simulate import apply_operation, column_axes, trace

PauliWord = tuple[tuple[Hashable, str], ...]

_TO_Z_BASIS = {
    "X": np.array([[1, 1], [1, -1]]) / math.sqrt(2),
    "Y": np.array([[1, -1j], [1, 1j]]) / math.sqrt(2),
}


NEEDS_SHOTS = (
    "qj.{name}() draws samples, so the circuit needs shots: e.g. "
    "qj.circuit(fn, wires=2, shots=1000), called with key=jax.random.key(0)"
)


def probabilities(state: jax.Array) -> jax.Array:
    """``|amplitude|**2`` of every basis state, same shape as ``state``, real.

    >>> probabilities(jnp.array([0.5, 0.5j, -0.5, 0.5]))
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)
    """
    return jnp.real(state) ** 2 + jnp.imag(state) ** 2


def is_density(state: jax.Array, circuit: Circuit) -> bool:
    """Whether ``state`` is a density matrix (``2n`` axes) rather than a pure state (``n``).

    >>> import qjax as qj
    >>> is_density(jnp.zeros((2, 2)), qj.record(lambda: qj.probs(), wires=1)())
    True
    """
    return state.ndim == 2 * circuit.num_wires


def basis_probabilities(state: jax.Array, circuit: Circuit) -> jax.Array:
    """The probability of every basis state, shape ``(2,) * n``, from a state or density matrix.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> basis_probabilities(jnp.array([[0.25, 0.1], [0.1, 0.75]]), circuit)
    Array([0.25, 0.75], dtype=float32)
    """
    if not is_density(state, circuit):
        return probabilities(state)
    size = 2**circuit.num_wires
    diagonal = jnp.diagonal(jnp.reshape(state, (size, size)))
    return jnp.reshape(jnp.real(diagonal), (2,) * circuit.num_wires)


def change_basis(
    state: jax.Array, matrix: jax.Array, axes: Sequence[int], circuit: Circuit
) -> jax.Array:
    """``U psi``, or ``U rho U^dagger`` for a density matrix, with ``U`` on the wires' ``axes``.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> x = jnp.array([[0, 1], [1, 0]], jnp.complex64)
    >>> change_basis(jnp.eye(2, dtype=jnp.complex64)[0], x, (0,), circuit)
    Array([0.+0.j, 1.+0.j], dtype=complex64)
    """
    state = kernels.apply_matrix(state, matrix, axes)
    if is_density(state, circuit):
        columns = tuple(circuit.num_wires + axis for axis in axes)
        state = kernels.apply_matrix(state, jnp.conj(jnp.asarray(matrix)), columns)
    return state


def marginal(values: jax.Array, wires: Sequence[Hashable], circuit: Circuit) -> jax.Array:
    """Sums a ``(2,) * n`` array over the wires not in ``wires``, flat, first wire most significant.

    Args:
      values: one number per basis state (probabilities, or counts of shots).
      wires: the kept wires, in the order of the result's bits.
      circuit: the circuit whose wires ``values``' axes are.

    Returns:
      Shape ``(2**len(wires),)``, ``values``' dtype.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=2)()
    >>> marginal(jnp.array([[1, 2], [3, 4]]), [1], circuit)
    Array([4, 6], dtype=int32)
    """
    axes = circuit.axes(wires)
    others = tuple(a for a in range(circuit.num_wires) if a not in axes)
    summed = jnp.sum(values, axis=others)
    kept = sorted(axes)
    return jnp.reshape(jnp.transpose(summed, [kept.index(a) for a in axes]), -1)


def _inner(bra: jax.Array, ket: jax.Array) -> jax.Array:
    return jnp.vdot(bra, ket, precision=kernels.PRECISION)


def _expectation(state: jax.Array, applied: jax.Array, circuit: Circuit) -> jax.Array:
    """``Re <psi|O psi>``, or ``Re Tr(O rho)``, from ``applied = O psi`` (or ``O rho``)."""
    if is_density(state, circuit):
        return jnp.real(trace(applied))
    return jnp.real(_inner(state, applied))


class StateMP(MeasurementProcess):
    """The full state vector, shape ``(2**n,)``; see :func:`state`."""

    function_name = "state"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """The flat state, or the ``(2**n, 2**n)`` density matrix."""
        if is_density(state, circuit):
            return jnp.reshape(state, (2**circuit.num_wires,) * 2)
        return jnp.reshape(state, -1)

    def linear_readout(self, state: jax.Array, circuit: Circuit) -> Any:
        """A density matrix is linear in itself; amplitudes are not, and have no shift rule."""
        if is_density(state, circuit):
            return self.evaluate(state, circuit)
        raise DifferentiationError(
            "qj.state() is not linear in the density matrix, so shift rules cannot "
            'differentiate it; use diff_method="backprop", "adjoint" or "finite-diff"'
        )


class ProbabilityMP(MeasurementProcess):
    """Probabilities of the basis states of some wires; see :func:`probs`."""

    function_name = "probs"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """The marginal probabilities, in the order of the measured wires."""
        return marginal(basis_probabilities(state, circuit), self.wires or circuit.wires, circuit)


def reduced_density_matrix(
    state: jax.Array, wires: Sequence[Hashable], circuit: Circuit
) -> jax.Array:
    """The density matrix of ``wires``, the others traced out, shape ``(2**k, 2**k)``.

    Args:
      state: a pure state ``(2,) * n`` or a density matrix ``(2,) * 2n``.
      wires: the kept wires, in the order of the result's index bits.
      circuit: the circuit whose wires the state's axes are.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=2)()
    >>> bell = jnp.array([[1, 0], [0, 1]], jnp.complex64) / 2**0.5
    >>> reduced_density_matrix(bell, [1], circuit).real
    Array([[0.49999997, 0.        ],
           [0.        , 0.49999997]], dtype=float32)
    """
    axes = circuit.axes(wires)
    size = 2 ** len(axes)
    if not is_density(state, circuit):
        front = jnp.moveaxis(state, axes, tuple(range(len(axes))))
        rows = jnp.reshape(front, (size, -1))
        return jnp.matmul(rows, jnp.conj(rows).T, precision=kernels.PRECISION)
    rest = [a for a in range(circuit.num_wires) if a not in axes]
    columns = column_axes(circuit, wires)
    order = (*axes, *columns, *rest, *(circuit.num_wires + a for a in rest))
    blocks = jnp.reshape(jnp.transpose(state, order), (size, size, 2 ** len(rest), -1))
    return jnp.trace(blocks, axis1=2, axis2=3)


class DensityMatrixMP(MeasurementProcess):
    """The reduced density matrix of some wires; see :func:`density_matrix`."""

    function_name = "density_matrix"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """``Tr_rest rho``, shape ``(2**k, 2**k)``, in the order of the wires."""
        return reduced_density_matrix(state, self.wires, circuit)


class PurityMP(MeasurementProcess):
    """The purity of the reduced state of some wires; see :func:`purity`."""

    function_name = "purity"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """``Tr(rho_A^2)``, a real scalar."""
        return self.from_linear(self.linear_readout(state, circuit))

    def linear_readout(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """The reduced density matrix, linear in the state's density matrix."""
        return reduced_density_matrix(state, self.wires, circuit)

    def from_linear(self, values: Any) -> jax.Array:
        """The purity of the reduced density matrix."""
        return qmath.purity(values)


class _EntropyMP(MeasurementProcess):
    """A measurement with a static logarithm base (``None``: natural logarithm)."""

    log_base: float | None

    def __init__(self, wires: Wires, log_base: float | None):
        super().__init__(wires)
        object.__setattr__(self, "log_base", log_base)

    @classmethod
    def _tree_flatten(cls, mp: "MeasurementProcess") -> tuple[tuple[Any, ...], Any]:
        return (), (mp.wires, mp.log_base)  # type: ignore[attr-defined]

    @classmethod
    def _tree_unflatten(cls, aux: Any, children: Sequence[Any]) -> "MeasurementProcess":
        return cls(*aux)

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """The entropy, a real scalar."""
        return self.from_linear(self.linear_readout(state, circuit))

    def linear_readout(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """The reduced density matrix of the measured wires, linear in the state."""
        return reduced_density_matrix(state, self.wires, circuit)


class VnEntropyMP(_EntropyMP):
    """The von Neumann entropy of the reduced state of some wires; see :func:`vn_entropy`."""

    function_name = "vn_entropy"

    def from_linear(self, values: Any) -> jax.Array:
        """``-Tr(rho log rho)`` of the reduced density matrix."""
        return qmath.vn_entropy(values, self.log_base)


class MutualInfoMP(_EntropyMP):
    """The mutual information of two groups of wires; see :func:`mutual_info`."""

    function_name = "mutual_info"

    def __init__(self, wires: Wires, log_base: float | None, split: int):
        super().__init__(wires, log_base)
        object.__setattr__(self, "split", split)

    @classmethod
    def _tree_flatten(cls, mp: "MeasurementProcess") -> tuple[tuple[Any, ...], Any]:
        return (), (mp.wires, mp.log_base, mp.split)  # type: ignore[attr-defined]

    def from_linear(self, values: Any) -> jax.Array:
        """``S(A) + S(B) - S(AB)`` from the joint reduced density matrix of ``A`` then ``B``."""
        first = 2**self.split  # type: ignore[attr-defined]
        blocks = jnp.reshape(values, (first, -1, first, values.shape[0] // first))
        first_part = jnp.einsum("abcb->ac", blocks)
        second_part = jnp.einsum("abad->bd", blocks)
        entropies = [qmath.vn_entropy(rho, self.log_base) for rho in (first_part, second_part)]
        return entropies[0] + entropies[1] - qmath.vn_entropy(values, self.log_base)

    def __repr__(self) -> str:
        split = self.split  # type: ignore[attr-defined]
        return f"qj.mutual_info({list(self.wires[:split])}, {list(self.wires[split:])})"


class SampledMP(MeasurementProcess):
    """A measurement only shots can give: reading it from the exact state is an error."""

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """Raises :class:`~qjax.errors.SamplingError`: there are no samples without shots."""
        raise SamplingError(NEEDS_SHOTS.format(name=self.function_name))


class SampleMP(SampledMP):
    """The bits each shot measured on some wires; see :func:`sample`."""

    function_name = "sample"


class OutcomeSampleMP(SampleMP):
    """The bit one mid-circuit measurement gave in each shot, shape ``(shots,)``."""


class CountsMP(SampledMP):
    """How many shots gave each basis state of some wires; see :func:`counts`."""

    function_name = "counts"


def _pauli_expansion(factors: tuple[Operator, ...]) -> list[tuple[float, PauliWord]] | None:
    """The factors as a sum of Pauli words, or ``None`` if one is a ``Hermitian``."""
    expanded: list[tuple[float, PauliWord]] = [(1.0, ())]
    for factor in factors:
        if isinstance(factor, Hermitian):
            return None
        if isinstance(factor, Hadamard):
            letters = [(1 / math.sqrt(2), "X"), (1 / math.sqrt(2), "Z")]
        elif isinstance(factor, I):
            continue
        else:
            letters = [(1.0, factor.name)]
        wire = factor.wires[0]
        expanded = [
            (c * f, (*word, (wire, letter))) for c, word in expanded for f, letter in letters
        ]
    return expanded


def _split_terms(terms: list[Term]) -> tuple[list[tuple[Any, PauliWord]], list[Term]]:
    """Separates Pauli-word terms (read from probabilities) from terms with a Hermitian."""
    pauli: list[tuple[Any, PauliWord]] = []
    dense: list[Term] = []
    for coeff, factors in terms:
        expansion = _pauli_expansion(factors)
        if expansion is None:
            dense.append((coeff, factors))
        else:
            pauli += [(coeff * c, word) for c, word in expansion]
    return pauli, dense


def qubitwise_groups(words: Sequence[PauliWord]) -> list[list[int]]:
    """Greedily groups Pauli words that agree on every shared wire (qubit-wise commute).

    Args:
      words: Pauli words as ``((wire, letter), ...)``.

    Returns:
      Groups of indices into ``words``; each group shares one measurement basis.

    >>> qubitwise_groups([((0, "Z"),), ((1, "X"),), ((0, "X"),), ((0, "Z"), (1, "Z"))])
    [[0, 1], [2], [3]]
    """
    groups: list[tuple[dict[Hashable, str], list[int]]] = []
    for index, word in enumerate(words):
        for basis, members in groups:
            if all(basis.get(wire, letter) == letter for wire, letter in word):
                basis.update(word)
                members.append(index)
                break
        else:
            groups.append((dict(word), [index]))
    return [members for _, members in groups]


def pauli_eigenvalues(terms: Sequence[tuple[Any, PauliWord]], circuit: Circuit) -> jax.Array:
    """``sum_t c_t prod_{w in t} z_w`` as a broadcast product over the state's axes.

    The value of the terms on each basis state of their (rotated) Z basis, an
    array of ``n`` axes of size 1 or 2. XLA fuses it with the probabilities and
    the reduction: one pass over the state.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=2)()
    >>> pauli_eigenvalues([(2.0, ((1, "Z"),))], circuit)
    Array([[ 2., -2.]], dtype=float32)
    """
    z = jnp.array([1, -1], real_dtype())
    summands = []
    for coeff, word in terms:
        term = jnp.asarray(coeff, real_dtype())
        for wire, _ in word:
            shape = [1] * circuit.num_wires
            shape[circuit.axis(wire)] = 2
            term = term * jnp.reshape(z, shape)
        summands.append(jnp.reshape(term, (1,) * (circuit.num_wires - term.ndim) + term.shape))
    return functools.reduce(jnp.add, summands)


def rotate_to_z(state: jax.Array, word: PauliWord, circuit: Circuit) -> jax.Array:
    """The state in the eigenbasis of a Pauli word: X and Y wires rotated to Z.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.probs(), wires=1)()
    >>> plus = jnp.array([1, 1], jnp.complex64) / 2**0.5
    >>> probabilities(rotate_to_z(plus, ((0, "X"),), circuit)).round(5)
    Array([1., 0.], dtype=float32)
    """
    for wire, letter in word:
        if letter in _TO_Z_BASIS:
            state = change_basis(state, _TO_Z_BASIS[letter], (circuit.axis(wire),), circuit)
    return state


def _apply_term(state: jax.Array, factors: tuple[Operator, ...], circuit: Circuit) -> jax.Array:
    for factor in factors:
        if isinstance(factor, Hermitian):
            state = kernels.apply_matrix(state, factor.matrix(), circuit.axes(factor.wires))
        else:
            state = apply_operation(state, factor, circuit.axes)  # type: ignore[arg-type]
    return state


def _apply_observable(state: jax.Array, terms: list[Term], circuit: Circuit) -> jax.Array:
    total = jnp.zeros_like(state)
    for coeff, factors in terms:
        scale = jnp.asarray(coeff, real_dtype()).astype(state.dtype)
        total = total + scale * _apply_term(state, factors, circuit)
    return total


def _in_eigenbasis(
    state: jax.Array, terms: Sequence[tuple[Any, PauliWord]], circuit: Circuit
) -> tuple[jax.Array, jax.Array]:
    """Probabilities in a qubit-wise commuting group's eigenbasis, and its eigenvalues."""
    basis = tuple(dict(w for _, word in terms for w in word).items())
    rotated = rotate_to_z(state, basis, circuit)
    return basis_probabilities(rotated, circuit), pauli_eigenvalues(terms, circuit)


class ExpectationMP(MeasurementProcess):
    """The expectation value of an observable; see :func:`expval`."""

    function_name = "expval"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """``<psi|O|psi>``, a real scalar."""
        pauli, dense = _split_terms(self.observable.terms())
        words = [word for _, word in pauli]
        values = []
        for group in qubitwise_groups(words):
            probabilities, eigenvalues = _in_eigenbasis(state, [pauli[i] for i in group], circuit)
            values.append(jnp.sum(probabilities * eigenvalues))
        for coeff, factors in dense:
            overlap = _expectation(state, _apply_term(state, factors, circuit), circuit)
            values.append(jnp.asarray(coeff, real_dtype()) * overlap)
        return functools.reduce(jnp.add, values)


class VarianceMP(MeasurementProcess):
    """The variance of an observable; see :func:`var`."""

    function_name = "var"

    def evaluate(self, state: jax.Array, circuit: Circuit) -> jax.Array:
        """``<O^2> - <O>^2``, a real scalar."""
        return self.from_linear(self.linear_readout(state, circuit))

    def linear_readout(self, state: jax.Array, circuit: Circuit) -> tuple[jax.Array, jax.Array]:
        """The moments ``(<O>, <O^2>)``, each linear in the density matrix."""
        terms = self.observable.terms()
        pauli, dense = _split_terms(terms)
        groups = qubitwise_groups([word for _, word in pauli])
        if not dense and len(groups) == 1:
            probabilities, eigenvalues = _in_eigenbasis(state, pauli, circuit)
            return jnp.sum(probabilities * eigenvalues), jnp.sum(probabilities * eigenvalues**2)
        applied = _apply_observable(state, terms, circuit)
        if is_density(state, circuit):
            squared = _apply_observable(applied, terms, circuit)
            return _expectation(state, applied, circuit), _expectation(state, squared, circuit)
        return jnp.real(_inner(state, applied)), jnp.real(_inner(applied, applied))

    def from_linear(self, values: Any) -> jax.Array:
        """``<O^2> - <O>^2`` from the two moments."""
        first, second = values
        return second - first**2


def linear_readout(state: jax.Array, circuit: Circuit) -> list[Any]:
    """Each measurement's values that are linear in the density matrix (for shift rules).

    >>> import qjax as qj
    >>> from qjax.simulate import final_state
    >>> def spread():
    ...     qj.H(0)
    ...     return qj.var(qj.Z(0))
    >>> circuit = qj.record(spread, wires=1)()
    >>> [[round(float(m), 5) for m in v] for v in linear_readout(final_state(circuit), circuit)]
    [[0.0, 1.0]]
    """
    return [mp.linear_readout(state, circuit) for mp in circuit.measurements]


def finish_readout(values: Sequence[Any], circuit: Circuit) -> Any:
    """The results from :func:`linear_readout`'s values, in the circuit's output structure.

    >>> import qjax as qj
    >>> from qjax.simulate import final_state
    >>> def spread():
    ...     qj.H(0)
    ...     return {"var": qj.var(qj.Z(0))}
    >>> circuit = qj.record(spread, wires=1)()
    >>> state = final_state(circuit)
    >>> round(float(finish_readout(linear_readout(state, circuit), circuit)["var"]), 5)
    1.0
    """
    results = [mp.from_linear(v) for mp, v in zip(circuit.measurements, values, strict=True)]
    return jax.tree_util.tree_unflatten(circuit.output, results)


def readout(state: jax.Array, circuit: Circuit) -> Any:
    """Evaluates the circuit's measurements on a final state, in the circuit's output structure.

    >>> import qjax as qj
    >>> from qjax.simulate import final_state
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return {"zz": qj.expval(qj.Z(0) @ qj.Z(1))}
    >>> circuit = qj.record(bell, wires=2)()
    >>> round(float(readout(final_state(circuit), circuit)["zz"]), 5)
    1.0
    """
    results = [mp.evaluate(state, circuit) for mp in circuit.measurements]
    return jax.tree_util.tree_unflatten(circuit.output, results)


def _measured_wires(wires: object, owner: str) -> Wires:
    labels = as_wires(wires, owner, f"qj.{owner}(wires=[0, 1])")
    if not labels:
        raise WireError(f"qj.{owner} needs at least one wire, got wires=[]")
    return labels


def _outcome_wires(values: object, owner: str) -> Wires:
    """The wires of mid-circuit outcomes: one ``qj.measure`` result or a list of them."""
    listed = values if isinstance(values, (list, tuple)) else [values]
    if not listed or not all(isinstance(v, MeasurementValue) and v.is_outcome for v in listed):
        raise OperatorTypeError(
            f"qj.{owner} of mid-circuit outcomes takes what qj.measure returned, or a list of "
            f"those (not expressions of them; qj.expval and qj.var take expressions), got "
            f"{values!r}"
        )
    return tuple(wire for value in listed for wire in value.wires)


def _names_outcomes(value: object) -> bool:
    """Whether ``value`` is a mid-circuit outcome or a list holding one."""
    if isinstance(value, (list, tuple)):
        return any(isinstance(v, MeasurementValue) for v in value)
    return isinstance(value, MeasurementValue)


def _outcome_observable(value: MeasurementValue) -> Operator:
    """``value`` as a sum of Z words on its outcome wires: read from computational samples.

    The table ``f(b)`` is ``sum_S c_S prod_{i in S} (-1)**b_i`` with
    ``c_S = mean_b f(b) prod_{i in S} (-1)**b_i`` (its Walsh-Hadamard transform).
    """
    wires, table = value.wires, np.asarray(value.table, float)
    size = len(table)
    parity = np.array([[bin(b & s).count("1") % 2 for b in range(size)] for s in range(size)])
    coefficients = (1 - 2 * parity) @ table / size
    with paused():
        terms = []
        for subset, coefficient in enumerate(coefficients):
            chosen = [w for i, w in enumerate(wires) if subset >> (len(wires) - 1 - i) & 1]
            factors = [Z(w) for w in chosen] or [I(wires[0])]
            terms.append(float(coefficient) * functools.reduce(operator.matmul, factors))
        return functools.reduce(operator.add, terms)


def _observable(observable: object, owner: str) -> Operator:
    if isinstance(observable, MeasurementValue):
        return _outcome_observable(observable)
    if not isinstance(observable, Operator):
        raise OperatorTypeError(
            f"qj.{owner} takes an observable such as qj.Z(0) or qj.X(0) @ qj.Z(1), "
            f"got {observable!r}"
        )
    observable.terms()
    dequeue(observable)
    return observable


def state() -> StateMP:
    """Returns the full state vector, shape ``(2**n,)``, wire 0 most significant.

    >>> import qjax as qj
    >>> @qj.circuit(wires=1)
    ... def plus():
    ...     qj.H(0)
    ...     return qj.state()
    >>> plus()
    Array([0.70710677+0.j, 0.70710677+0.j], dtype=complex64)
    """
    return StateMP()


def probs(wires: object = None, op: object = None) -> ProbabilityMP:
    """Returns the probabilities of the basis states of ``wires`` (all wires if ``None``).

    The result has shape ``(2**k,)``, the first listed wire most significant.
    With shots, it is the fraction of the shots that gave each basis state.
    ``op`` takes mid-circuit outcomes instead: ``qj.probs(op=m)`` or
    ``qj.probs(op=[m0, m1])``.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def flipped():
    ...     qj.X(1)
    ...     return qj.probs(wires=[1, 0])
    >>> flipped()
    Array([0., 0., 1., 0.], dtype=float32)
    """
    if op is not None:
        return ProbabilityMP(_outcome_wires(op, "probs"))
    return ProbabilityMP(() if wires is None else _measured_wires(wires, "probs"))


def expval(observable: Operator | MeasurementValue) -> ExpectationMP:
    """Returns the expectation value of a Hermitian observable, a real scalar.

    A mid-circuit outcome (``qj.expval(m)``, or an expression such as
    ``m0 + m1``) gives the mean of its value.

    With shots, it is the mean of the observable over samples in its
    eigenbasis (see :mod:`qjax.sampling`).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def energy(theta):
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0) @ qj.Z(1) + 0.5 * qj.X(0))
    >>> energy(0.0)
    Array(1., dtype=float32)
    """
    observable = _observable(observable, "expval")
    return ExpectationMP(observable.wires, observable)


def var(observable: Operator | MeasurementValue) -> VarianceMP:
    """Returns the variance of a Hermitian observable (or of a mid-circuit outcome's value).

    With shots, it is the variance of the observable over samples in one
    basis: its terms must commute qubit-wise, or it must be a single term.

    >>> import qjax as qj
    >>> @qj.circuit(wires=1)
    ... def spread():
    ...     qj.H(0)
    ...     return qj.var(qj.Z(0))
    >>> round(float(spread()), 5)
    1.0
    """
    observable = _observable(observable, "var")
    return VarianceMP(observable.wires, observable)


def density_matrix(wires: object) -> DensityMatrixMP:
    """Returns the reduced density matrix of ``wires``, shape ``(2**k, 2**k)``.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.density_matrix(wires=[0])
    >>> bell().real.round(4)
    Array([[0.5, 0. ],
           [0. , 0.5]], dtype=float32)
    """
    return DensityMatrixMP(_measured_wires(wires, "density_matrix"))


def sample(wires: object = None, op: object = None) -> SampleMP:
    """Returns each shot's measured bits on ``wires`` (all wires if ``None``); needs shots.

    The result has shape ``(shots, k)``, integer 0s and 1s, one column per
    wire in the order given. The circuit needs ``shots=...`` and each call a
    ``key=``; :func:`counts`, :func:`probs` and Z-diagonal observables read the
    very same samples.

    >>> import jax, qjax as qj
    >>> @qj.circuit(wires=2, shots=3)
    ... def flipped():
    ...     qj.X(1)
    ...     return qj.sample(wires=[1, 0])
    >>> flipped(key=jax.random.key(0))
    Array([[1, 0],
           [1, 0],
           [1, 0]], dtype=int32)
    """
    outcomes = op if op is not None else wires
    if isinstance(outcomes, MeasurementValue):
        return OutcomeSampleMP(_outcome_wires(outcomes, "sample"))
    if _names_outcomes(outcomes):
        return SampleMP(_outcome_wires(outcomes, "sample"))
    return SampleMP(() if wires is None else _measured_wires(wires, "sample"))


def counts(wires: object = None, op: object = None) -> CountsMP:
    """Returns how many shots gave each basis state of ``wires`` (all if ``None``); needs shots.

    The result has the fixed shape ``(2**k,)``, integer, indexed like
    :func:`probs` (the first wire most significant), so it works under ``jit``
    and ``vmap``; :func:`~qjax.sampling.counts_to_dict` turns it into
    ``{bitstring: count}`` outside a trace.

    >>> import jax, qjax as qj
    >>> @qj.circuit(wires=2, shots=100)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.counts()
    >>> tallies = bell(key=jax.random.key(0))
    >>> int(tallies[0] + tallies[3]), int(tallies[1] + tallies[2])
    (100, 0)
    """
    outcomes = op if op is not None else wires
    if _names_outcomes(outcomes):
        return CountsMP(_outcome_wires(outcomes, "counts"))
    return CountsMP(() if wires is None else _measured_wires(wires, "counts"))


def purity(wires: object) -> PurityMP:
    """Returns the purity ``Tr(rho^2)`` of the reduced state of ``wires`` (1 for a pure state).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.purity(wires=[0]), qj.purity(wires=[0, 1])
    >>> [round(float(x), 5) for x in bell()]
    [0.5, 1.0]
    """
    return PurityMP(_measured_wires(wires, "purity"))


def vn_entropy(wires: object, log_base: float | None = None) -> VnEntropyMP:
    """Returns the von Neumann entropy of the reduced state of ``wires`` (natural log by default).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.vn_entropy(wires=[0], log_base=2)
    >>> round(float(bell()), 5)
    1.0
    """
    return VnEntropyMP(_measured_wires(wires, "vn_entropy"), log_base)


def mutual_info(wires0: object, wires1: object, log_base: float | None = None) -> MutualInfoMP:
    """Returns the mutual information ``S(A) + S(B) - S(AB)`` of two disjoint groups of wires.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.mutual_info(wires0=[0], wires1=[1], log_base=2)
    >>> round(float(bell()), 5)
    2.0
    """
    first = _measured_wires(wires0, "mutual_info")
    second = _measured_wires(wires1, "mutual_info")
    if set(first) & set(second):
        raise WireError(
            f"qj.mutual_info needs two disjoint groups of wires, got wires0={list(first)} "
            f"and wires1={list(second)}"
        )
    return MutualInfoMP(first + second, log_base, len(first))
