"""Shots: every measurement estimated from samples drawn with an explicit ``jax.random`` key.

With ``shots`` set, the final state is sampled, never read exactly, and each
estimate is the exact formula evaluated on the samples' empirical distribution.
The computational-basis samples serve ``qj.sample``, ``qj.counts``,
``qj.probs`` and every Z-diagonal observable. An observable that needs
another basis draws samples of its own in it: one set per qubit-wise
commuting group of Pauli words with X or Y factors (shared by every
measurement that needs that basis), one per term with a ``Hermitian`` or
``H`` factor (in that factor's eigenbasis).

The computational basis draws from the key itself, the i-th other set from
``jax.random.fold_in(key, i)``, numbered in the order the measurements ask for
them: the same key gives the same samples, under ``jit`` and in every
``diff_method``. One set costs O(shots + 2**n): a cumulative sum of the
probabilities and a binary search (``jnp.searchsorted``) per uniform draw.
"""

import dataclasses
import functools
import numbers
from collections.abc import Callable, Hashable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax.custom_derivatives import SymbolicZero
from jax.typing import ArrayLike

from qjax._dtypes import complex_dtype, is_traced, real_dtype
from qjax.circuit import Circuit, MeasurementProcess
from qjax.errors import DifferentiationError, SamplingError
from qjax.measure import (
    NEEDS_SHOTS,
    CountsMP,
    ExpectationMP,
    OutcomeSampleMP,
    PauliWord,
    ProbabilityMP,
    SampledMP,
    SampleMP,
    VarianceMP,
    basis_probabilities,
    change_basis,
    finish_readout,
    marginal,
    pauli_eigenvalues,
    qubitwise_groups,
    rotate_to_z,
)
from qjax.ops import I, Operator, X, Y, Z

NOT_DIFFERENTIABLE = (
    "samples have no derivative with respect to the state they are drawn from: with shots, "
    'differentiate gate parameters with diff_method="parameter-shift" or "finite-diff", '
    "and a qj.Hermitian's matrix only with shots=None"
)


def check_shots(shots: object) -> int | None:
    """``shots`` as an int, or ``None`` (exact results); anything else is a SamplingError.

    >>> check_shots(1000), check_shots(None)
    (1000, None)
    """
    if shots is None:
        return None
    if isinstance(shots, numbers.Integral) and not isinstance(shots, bool) and shots > 0:
        return int(shots)
    raise SamplingError(
        f"shots must be None (exact results) or a positive int such as shots=1000, got {shots!r}"
    )


def check_key(key: object, shots: int | None, method: str = "statevector") -> Any:
    """The key of one random call: a new-style ``jax.random.key`` or a legacy uint32 key.

    Raises:
      SamplingError: the key is missing, not a key, or a batch of keys.

    >>> import jax
    >>> check_key(jax.random.PRNGKey(0), shots=100).shape
    (2,)
    """
    if key is None:
        reason = f"shots={shots} draws samples" if shots else f"method={method!r} draws noise"
        raise SamplingError(
            f"a circuit with {reason} and needs a key: call it with key=jax.random.key(0) "
            "(the same key gives the same result)"
        )
    dtype, shape = getattr(key, "dtype", None), getattr(key, "shape", None)
    if dtype is not None and jax.dtypes.issubdtype(dtype, jax.dtypes.prng_key):
        batch = shape
    elif dtype == np.uint32 and len(shape) >= 1:
        batch = shape[:-1]
    else:
        raise SamplingError(
            f"key must be a jax.random key such as key=jax.random.key(0), got "
            f"{type(key).__name__}{f' of dtype {dtype}' if dtype is not None else ''}"
        )
    if batch:
        raise SamplingError(
            f"key must be one key, got a batch of keys of shape {batch}; for one result per "
            "key, vmap over them: jax.vmap(lambda k: f(x, key=k))(keys)"
        )
    return key


@jax.custom_jvp
def _no_derivative(x: jax.Array) -> jax.Array:
    return x


def _refuse_derivative(primals: tuple, tangents: tuple) -> tuple[jax.Array, jax.Array]:
    (x,), (dx,) = primals, tangents
    if not isinstance(dx, SymbolicZero):
        raise DifferentiationError(NOT_DIFFERENTIABLE)
    return x, jnp.zeros_like(x)


_no_derivative.defjvp(_refuse_derivative, symbolic_zeros=True)


def draw(probabilities: jax.Array, shots: int, key: Any) -> jax.Array:
    """Indices of ``shots`` basis states drawn from ``probabilities`` by inverting its CDF.

    The cumulative sum is divided by its last entry so that it ends at exactly
    1: every uniform draw in ``[0, 1)`` lands on an index, and a basis state of
    probability 0 spans an empty interval, never drawn. Differentiating the
    draws raises a :class:`~qjax.errors.DifferentiationError`.

    Args:
      probabilities: any shape, flattened in C order.
      shots: the number of draws.
      key: a ``jax.random`` key.

    Returns:
      Integer flat indices, shape ``(shots,)``, of JAX's default integer dtype
      (as ``qj.counts`` is).

    >>> import jax, jax.numpy as jnp
    >>> draw(jnp.array([0.0, 1.0, 0.0, 0.0]), 3, jax.random.key(0))
    Array([1, 1, 1], dtype=int32)
    """
    cumulative = jnp.cumsum(_no_derivative(jnp.reshape(probabilities, -1)))
    cumulative = cumulative / cumulative[-1]
    uniform = jax.random.uniform(key, (shots,), cumulative.dtype)
    indices = jnp.searchsorted(cumulative, uniform, side="right")
    return indices.astype(jax.dtypes.canonicalize_dtype(np.int64))


@dataclasses.dataclass(frozen=True)
class _Setting:
    """One measurement basis of an observable and the terms read from its samples.

    Attributes:
      basis: the Pauli letter measured on each wire (X and Y rotate, Z does not).
      dense: factors measured in their own eigenbasis (``Hermitian``, ``H``).
      terms: the coefficient and Pauli word of each term; ``dense`` multiplies them.
    """

    basis: PauliWord
    dense: tuple[Operator, ...]
    terms: tuple[tuple[Any, PauliWord], ...]

    @property
    def rotation(self) -> frozenset[tuple[Hashable, str]]:
        """The Pauli wires that need a rotation: the same set, the same samples."""
        return frozenset((wire, letter) for wire, letter in self.basis if letter != "Z")


_COMPUTATIONAL = _Setting((), (), ())
"""The basis of ``qj.sample``, ``qj.counts`` and ``qj.probs``."""


def _settings(observable: Operator) -> list[_Setting]:
    """The measurement bases of an observable: its qubit-wise commuting groups of Pauli
    words, then each term with a dense factor on its own."""
    pauli: list[tuple[Any, PauliWord]] = []
    dense: list[_Setting] = []
    for coeff, factors in observable.terms():
        word = tuple((f.wires[0], f.name) for f in factors if isinstance(f, (X, Y, Z)))
        matrices = tuple(f for f in factors if not isinstance(f, (X, Y, Z, I)))
        if matrices:
            dense.append(_Setting(word, matrices, ((coeff, word),)))
        else:
            pauli.append((coeff, word))
    groups = [[pauli[i] for i in group] for group in qubitwise_groups([w for _, w in pauli])]
    basis = [tuple(dict(w for _, word in group for w in word).items()) for group in groups]
    return [_Setting(b, (), tuple(g)) for b, g in zip(basis, groups, strict=True)] + dense


def _variance_setting(mp: VarianceMP) -> _Setting:
    settings = _settings(mp.observable)
    if len(settings) != 1:
        raise SamplingError(
            f"{mp!r} with shots needs one measurement basis, but its terms need "
            f"{len(settings)}: Pauli words must agree on every shared wire (commute "
            "qubit-wise) and a term with a Hermitian or H factor must stand alone; "
            "use shots=None for the exact variance"
        )
    return settings[0]


def _eigenbasis(factor: Operator) -> tuple[jax.Array, jax.Array]:
    return jnp.linalg.eigh(jnp.asarray(factor.matrix(), complex_dtype()))


def _rotate(state: jax.Array, setting: _Setting, circuit: Circuit) -> jax.Array:
    """The state in the setting's eigenbasis, where its outcomes are basis states."""
    state = rotate_to_z(state, setting.basis, circuit)
    for factor in setting.dense:
        vectors = _eigenbasis(factor)[1]
        state = change_basis(state, jnp.conj(vectors).T, circuit.axes(factor.wires), circuit)
    return state


def _values(setting: _Setting, circuit: Circuit) -> jax.Array:
    """The setting's observable on each outcome, broadcast over the state's axes."""
    values = pauli_eigenvalues(setting.terms, circuit)
    for factor in setting.dense:
        axes = circuit.axes(factor.wires)
        eigenvalues = jnp.reshape(_eigenbasis(factor)[0], (2,) * len(axes))
        spread = jnp.expand_dims(eigenvalues, tuple(range(len(axes), circuit.num_wires)))
        values = values * jnp.moveaxis(spread, tuple(range(len(axes))), axes)
    return values


class _Draws:
    """The sample sets of one readout, each drawn the first time a measurement asks for it."""

    def __init__(self, state: jax.Array, circuit: Circuit, shots: int, key: Any):
        self.state, self.circuit, self.shots, self.key = state, circuit, shots, key
        self._drawn: dict[Hashable, jax.Array] = {}

    def indices(self, setting: _Setting) -> jax.Array:
        """Each shot's outcome (a flat basis-state index) in the setting's basis."""
        label = ("dense", len(self._drawn)) if setting.dense else setting.rotation
        if label not in self._drawn:
            number = sum(1 for drawn in self._drawn if drawn) + 1
            key = jax.random.fold_in(self.key, number) if label else self.key
            rotated = _rotate(self.state, setting, self.circuit)
            self._drawn[label] = draw(basis_probabilities(rotated, self.circuit), self.shots, key)
        return self._drawn[label]

    def histogram(self, setting: _Setting) -> jax.Array:
        """How many shots gave each outcome, shape ``(2,) * n``."""
        found = jnp.bincount(self.indices(setting), length=2**self.circuit.num_wires)
        return jnp.reshape(found, (2,) * self.circuit.num_wires)

    def frequencies(self, setting: _Setting) -> jax.Array:
        """The fraction of shots that gave each outcome, shape ``(2,) * n``."""
        return self.histogram(setting).astype(real_dtype()) / self.shots


def _sample(mp: SampleMP, draws: _Draws, circuit: Circuit) -> jax.Array:
    indices = draws.indices(_COMPUTATIONAL)
    axes = circuit.axes(mp.wires or circuit.wires)
    shifts = jnp.asarray([circuit.num_wires - 1 - axis for axis in axes], indices.dtype)
    return (indices[:, None] >> shifts[None, :]) & 1


def _outcome_sample(mp: OutcomeSampleMP, draws: _Draws, circuit: Circuit) -> jax.Array:
    return _sample(mp, draws, circuit)[:, 0]


def _counts(mp: CountsMP | ProbabilityMP, draws: _Draws, circuit: Circuit) -> jax.Array:
    return marginal(draws.histogram(_COMPUTATIONAL), mp.wires or circuit.wires, circuit)


def _probs(mp: ProbabilityMP, draws: _Draws, circuit: Circuit) -> jax.Array:
    return _counts(mp, draws, circuit).astype(real_dtype()) / draws.shots


def _mean(setting: _Setting, draws: _Draws, circuit: Circuit, power: int = 1) -> jax.Array:
    return jnp.sum(draws.frequencies(setting) * _values(setting, circuit) ** power)


def _expval(mp: ExpectationMP, draws: _Draws, circuit: Circuit) -> jax.Array:
    means = [_mean(setting, draws, circuit) for setting in _settings(mp.observable)]
    return functools.reduce(jnp.add, means)


def _moments(mp: VarianceMP, draws: _Draws, circuit: Circuit) -> tuple[jax.Array, jax.Array]:
    setting = _variance_setting(mp)
    return _mean(setting, draws, circuit), _mean(setting, draws, circuit, power=2)


_ESTIMATORS: dict[type, Callable[[Any, _Draws, Circuit], Any]] = {
    SampleMP: _sample,
    OutcomeSampleMP: _outcome_sample,
    CountsMP: _counts,
    ProbabilityMP: _probs,
    ExpectationMP: _expval,
    VarianceMP: _moments,
}
"""Each sampled measurement's estimate of its values that are linear in the density matrix."""


def _estimator(mp: MeasurementProcess) -> Callable[[Any, _Draws, Circuit], Any]:
    estimator = _ESTIMATORS.get(type(mp))
    if estimator is None:
        raise SamplingError(
            f"qj.{mp.function_name}() has no estimate from samples; with shots, return "
            "qj.sample(), qj.counts(), qj.probs(), qj.expval() or qj.var(), or use shots=None"
        )
    return estimator


def check_measurements(circuit: Circuit, shots: int | None) -> None:
    """Raises a :class:`~qjax.errors.SamplingError` for a measurement ``shots`` cannot give.

    Without shots: ``qj.sample`` and ``qj.counts``. With shots: ``qj.state``,
    ``qj.density_matrix``, and a variance of terms that need several bases.

    >>> import qjax as qj
    >>> circuit = qj.record(lambda: qj.var(qj.X(0) + qj.Z(0)), wires=1)()
    >>> check_measurements(circuit, shots=None)
    >>> check_measurements(circuit, shots=100)
    Traceback (most recent call last):
    ...
    qjax.errors.SamplingError: qj.var(X(wires=[0]) + Z(wires=[0])) with shots needs one ...
    """
    for mp in circuit.measurements:
        if shots is None:
            if isinstance(mp, SampledMP):
                raise SamplingError(NEEDS_SHOTS.format(name=mp.function_name))
        else:
            _estimator(mp)
            if isinstance(mp, VarianceMP):
                _variance_setting(mp)


def sampled_linear_readout(state: jax.Array, circuit: Circuit, shots: int, key: Any) -> list[Any]:
    """Each measurement's shot estimate of its values linear in the density matrix.

    The sampled counterpart of :func:`qjax.measure.linear_readout` (a variance
    gives its two moments, from the same samples).

    >>> import jax, qjax as qj
    >>> from qjax.simulate import final_state
    >>> circuit = qj.record(lambda: qj.var(qj.Z(0)), wires=1)()
    >>> sampled_linear_readout(final_state(circuit), circuit, 10, jax.random.key(0))
    [(Array(1., dtype=float32), Array(1., dtype=float32))]
    """
    draws = _Draws(state, circuit, shots, key)
    return [_estimator(mp)(mp, draws, circuit) for mp in circuit.measurements]


def sampled_readout(state: jax.Array, circuit: Circuit, shots: int, key: Any) -> Any:
    """The circuit's measurements estimated from ``shots`` samples of ``state``.

    Args:
      state: the final state, shape ``(2,) * n``.
      circuit: the recorded circuit whose measurements are read.
      shots: the number of samples per measurement basis.
      key: a ``jax.random`` key.

    Returns:
      The estimates, in the circuit's output structure.

    >>> import jax, qjax as qj
    >>> from qjax.simulate import final_state
    >>> def plus():
    ...     qj.H(0)
    ...     return {"x": qj.expval(qj.X(0)), "counts": qj.counts()}
    >>> circuit = qj.record(plus, wires=1)()
    >>> result = sampled_readout(final_state(circuit), circuit, 1000, jax.random.key(0))
    >>> float(result["x"]), int(result["counts"].sum())
    (1.0, 1000)
    """
    return finish_readout(sampled_linear_readout(state, circuit, shots, key), circuit)


def counts_to_dict(counts: ArrayLike) -> dict[str, int]:
    """``{bitstring: count}`` for the nonzero entries of ``qj.counts()``' array.

    Call it outside ``jit`` and ``vmap``, on a concrete array of length
    ``2**k``; the first bit is the first measured wire.

    >>> import jax.numpy as jnp
    >>> counts_to_dict(jnp.array([3, 0, 0, 5]))
    {'00': 3, '11': 5}
    """
    if is_traced(counts):
        raise SamplingError(
            "qj.counts_to_dict needs concrete counts: call it outside jax.jit and jax.vmap, "
            "on the array a circuit returned for qj.counts()"
        )
    values = np.asarray(counts)
    size = values.size
    if values.ndim != 1 or size < 2 or size & (size - 1):
        raise SamplingError(
            f"qj.counts_to_dict takes the 1-D array of 2**k counts qj.counts() returns, got "
            f"shape {values.shape}"
        )
    width = size.bit_length() - 1
    return {format(int(i), f"0{width}b"): int(values[i]) for i in np.flatnonzero(values)}
