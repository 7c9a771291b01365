"""Noise channels, with PennyLane's names, signatures and parameter conventions.

A channel is a completely positive, trace-preserving map on density
matrices. Each one here is written as weighted Kraus terms,
``rho -> sum_i w_i M_i rho M_i^dagger``: the weights carry the probabilities
(``p``, ``gamma``) linearly, so a channel is a smooth function of its
parameters and its derivative is finite at zero noise (the Kraus operators
``K_i = sqrt(w_i) M_i`` would put ``d sqrt(p) / dp = inf`` times zero into
it). :meth:`Channel.kraus_matrices` gives the ``K_i`` for anyone who wants them.

The simulators apply a channel on a density matrix as one contraction with
its ``4**k``-entry superoperator on its ``k`` wires, and on a trajectory by
drawing one Kraus term.
"""

import math
from typing import Any, ClassVar

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype, is_traced, real_dtype
from qjax.errors import OperatorTypeError, ParameterError, UnitaryError, WireError
from qjax.ops._operation import Operation
from qjax.ops._operator import Kind

KRAUS_ATOL = 1e-6
"""Absolute tolerance of the completeness check ``sum K^dagger K = I`` (complex64-safe)."""

_I = np.eye(2)
_X = np.array([[0, 1], [1, 0]])
_Y = np.array([[0, -1j], [1j, 0]])
_Z = np.diag([1, -1])
_PAULIS = {"I": _I, "X": _X, "Y": _Y, "Z": _Z}
_ONE = np.diag([0, 1])
_ZERO = np.diag([1, 0])
_LOWER = np.array([[0, 1], [0, 0]])
"""``|0><1|``: a decay from ``|1>`` to ``|0>``."""
_RAISE = np.array([[0, 0], [1, 0]])
"""``|1><0|``: an excitation from ``|0>`` to ``|1>``."""

WeightedKraus = tuple[Any, Any]
"""``(weights, matrices)``: shape ``(K,)`` and ``(K, 2**k, 2**k)``."""


def _real(x: Any) -> jax.Array:
    return jnp.asarray(x, real_dtype())


def _stack(*matrices: Any) -> jax.Array:
    return jnp.stack([jnp.asarray(m, complex_dtype()) for m in matrices])


def _diag(top: Any, bottom: Any) -> jax.Array:
    """``diag(top, bottom)`` for real, possibly traced entries."""
    return jnp.diag(jnp.stack([_real(top), _real(bottom)]).astype(complex_dtype()))


class Channel(Operation):
    """A noise channel: weighted Kraus terms ``rho -> sum_i w_i M_i rho M_i^dagger``.

    Subclasses define ``compute_weighted_kraus`` and the closed interval of
    each parameter in ``param_ranges`` (checked when the parameter is
    concrete), and set ``mixed_unitary`` when every ``M_i`` is unitary (then
    a trajectory draws a term with probability ``w_i`` before applying it).
    """

    kind = Kind.CHANNEL
    mixed_unitary: ClassVar[bool] = False
    param_ranges: ClassVar[tuple[tuple[float, float], ...]] = ()

    def _validate(self) -> None:
        super()._validate()
        ranges = zip(self.params, self.param_names, self.param_ranges, strict=False)
        for value, name, (low, high) in ranges:
            if is_traced(value):
                continue
            number = float(np.asarray(value))
            if not low <= number <= high:
                raise ParameterError(
                    f"{self.name} parameter {name} must lie in [{low}, {high}], got {number}; "
                    f"e.g. {self.example()}"
                )

    def weighted_kraus(self) -> tuple[jax.Array, jax.Array]:
        """The weights ``w_i`` (real) and matrices ``M_i`` of ``sum_i w_i M_i rho M_i^dagger``.

        >>> weights, matrices = BitFlip(0.25, wires=0).weighted_kraus()
        >>> weights, matrices[1].real
        (Array([0.75, 0.25], dtype=float32), Array([[0., 1.],
               [1., 0.]], dtype=float32))
        """
        weights, matrices = self.compute_weighted_kraus(*self.params, **self._compute_kwargs())
        return _real(weights), jnp.asarray(matrices, complex_dtype())

    @staticmethod
    def compute_weighted_kraus(*params: Any, **hyperparameters: Any) -> WeightedKraus:
        """The weighted Kraus terms as a pure function of the parameters."""
        raise NotImplementedError

    def kraus_matrices(self) -> jax.Array:
        """The Kraus operators ``K_i = sqrt(w_i) M_i``, shape ``(K, 2**k, 2**k)``.

        >>> AmplitudeDamping(0.36, wires=0).kraus_matrices()[1].real
        Array([[0. , 0.6],
               [0. , 0. ]], dtype=float32)
        """
        weights, matrices = self.weighted_kraus()
        return jnp.sqrt(weights).astype(matrices.dtype)[:, None, None] * matrices

    def superoperator(self) -> jax.Array:
        """``sum_i w_i M_i (x) conj(M_i)``, shape ``(4**k, 4**k)``: rows then columns of rho.

        Entry ``[(r, c), (r', c')]`` takes ``rho[r', c']`` to ``rho[r, c]``, the
        first wire the most significant bit of ``r`` and of ``c``.

        >>> PhaseFlip(0.5, wires=0).superoperator().real.diagonal()
        Array([1., 0., 0., 1.], dtype=float32)
        """
        weights, matrices = self.weighted_kraus()
        size = matrices.shape[-1]
        terms = weights.astype(matrices.dtype)[:, None, None] * matrices
        blocks = jnp.einsum("kab,kcd->acbd", terms, jnp.conj(matrices))
        return jnp.reshape(blocks, (size * size, size * size))

    def matrix(self) -> jax.Array:
        raise OperatorTypeError(
            f"{self.name} is a noise channel, not a unitary: it has Kraus operators "
            "(kraus_matrices()) and a superoperator, but no matrix"
        )

    def _adjoint(self) -> Operation:
        raise OperatorTypeError(f"{self.name} is a noise channel and has no inverse")


class _Probability(Channel):
    """A one-wire channel of one probability ``p``."""

    num_params = 1
    param_names = ("p",)
    param_ranges = ((0.0, 1.0),)


class _PauliFlip(_Probability):
    """One Pauli matrix applied with probability ``p``."""

    mixed_unitary = True
    flip: ClassVar[np.ndarray]

    @classmethod
    def compute_weighted_kraus(cls, p: Any) -> WeightedKraus:  # type: ignore[override]
        return jnp.stack([1 - _real(p), _real(p)]), _stack(_I, cls.flip)


class BitFlip(_PauliFlip):
    """``X`` with probability ``p``: Kraus operators ``sqrt(1-p) I`` and ``sqrt(p) X``.

    >>> BitFlip(0.1, wires=0).kraus_matrices()[1].real.round(4)
    Array([[0.    , 0.3162],
           [0.3162, 0.    ]], dtype=float32)
    """

    flip = _X


class PhaseFlip(_PauliFlip):
    """``Z`` with probability ``p``: Kraus operators ``sqrt(1-p) I`` and ``sqrt(p) Z``.

    >>> PhaseFlip(0.1, wires=0).weighted_kraus()[0]
    Array([0.9, 0.1], dtype=float32)
    """

    flip = _Z


class DepolarizingChannel(_Probability):
    """``X``, ``Y`` or ``Z`` each with probability ``p/3``: ``sqrt(1-p) I``, ``sqrt(p/3) X, Y, Z``.

    >>> DepolarizingChannel(0.3, wires=0).weighted_kraus()[0]
    Array([0.7, 0.1, 0.1, 0.1], dtype=float32)
    """

    mixed_unitary = True

    @staticmethod
    def compute_weighted_kraus(p: Any) -> WeightedKraus:  # type: ignore[override]
        third = _real(p) / 3
        return jnp.stack([1 - _real(p), third, third, third]), _stack(_I, _X, _Y, _Z)


class _Damping(Channel):
    """``|1>`` keeps amplitude ``sqrt(1-gamma)``; with weight ``gamma``, ``jump`` acts on it."""

    num_params = 1
    param_names = ("gamma",)
    param_ranges = ((0.0, 1.0),)
    jump: ClassVar[np.ndarray]

    @classmethod
    def compute_weighted_kraus(cls, gamma: Any) -> WeightedKraus:  # type: ignore[override]
        keep = _diag(1.0, jnp.sqrt(1 - _real(gamma)))
        return jnp.stack([jnp.ones_like(_real(gamma)), _real(gamma)]), _stack(keep, cls.jump)


class AmplitudeDamping(_Damping):
    """Energy loss: ``|1>`` decays to ``|0>`` with probability ``gamma``.

    Kraus operators ``[[1, 0], [0, sqrt(1-gamma)]]`` and ``[[0, sqrt(gamma)], [0, 0]]``.

    >>> AmplitudeDamping(0.75, wires=0).kraus_matrices()[0].real
    Array([[1. , 0. ],
           [0. , 0.5]], dtype=float32)
    """

    jump = _LOWER


class GeneralizedAmplitudeDamping(Channel):
    """Relaxation towards a thermal state: amplitude damping ``gamma`` at temperature ``p``.

    ``p`` is the probability that the environment excites the qubit (PennyLane's
    convention since 0.45): full damping leaves ``diag(1 - p, p)``. Kraus operators
    ``sqrt(1-p) [[1, 0], [0, sqrt(1-gamma)]]``, ``sqrt(1-p) [[0, sqrt(gamma)], [0, 0]]``,
    ``sqrt(p) [[sqrt(1-gamma), 0], [0, 1]]``, ``sqrt(p) [[0, 0], [sqrt(gamma), 0]]``.

    >>> GeneralizedAmplitudeDamping(0.5, 0.0, wires=0).weighted_kraus()[0]
    Array([1. , 0.5, 0. , 0. ], dtype=float32)
    """

    num_params = 2
    param_names = ("gamma", "p")
    param_ranges = ((0.0, 1.0), (0.0, 1.0))

    @staticmethod
    def compute_weighted_kraus(gamma: Any, p: Any) -> WeightedKraus:  # type: ignore[override]
        gamma, p = _real(gamma), _real(p)
        damped = jnp.sqrt(1 - gamma)
        weights = jnp.stack([1 - p, (1 - p) * gamma, p, p * gamma])
        return weights, _stack(_diag(1.0, damped), _LOWER, _diag(damped, 1.0), _RAISE)


class PhaseDamping(_Damping):
    """Loss of coherence without energy loss: off-diagonals shrink by ``sqrt(1-gamma)``.

    Kraus operators ``[[1, 0], [0, sqrt(1-gamma)]]`` and ``[[0, 0], [0, sqrt(gamma)]]``.

    >>> PhaseDamping(1.0, wires=0).superoperator().real.diagonal()
    Array([1., 0., 0., 1.], dtype=float32)
    """

    jump = _ONE


class ThermalRelaxationError(Channel):
    """Relaxation (``T1``) and dephasing (``T2``) of a qubit during a gate of duration ``tq``.

    Populations relax towards the thermal state ``(1 - pe, pe)`` by the factor
    ``exp(-tq / T1)`` and coherences shrink by ``exp(-tq / T2)``; ``pe`` is the
    excited-state population. It is PennyLane's channel, for ``T2 <= T1`` and
    for ``T1 < T2 <= 2 T1`` alike, written as four Kraus terms (two jumps and
    two diagonal terms) that hold in both regimes.

    >>> channel = ThermalRelaxationError(0.0, 1.0, 1.0, 0.5, wires=0)
    >>> superoperator = channel.superoperator().real
    >>> round(float(superoperator[1, 1]), 4), round(float(superoperator[0, 3]), 4)
    (0.6065, 0.3935)
    """

    num_params = 4
    param_names = ("pe", "t1", "t2", "tq")
    param_ranges = ((0.0, 1.0), (0.0, math.inf), (0.0, math.inf), (0.0, math.inf))

    @classmethod
    def example(cls) -> str:
        return "ThermalRelaxationError(0.0, 100e-6, 80e-6, 20e-9, wires=0)"

    def _validate(self) -> None:
        super()._validate()
        t1, t2 = self.params[1:3]
        if not is_traced(t1) and float(t1) == 0:
            raise ParameterError(f"{self.name} needs t1 > 0, got t1=0; e.g. {self.example()}")
        if not is_traced(t2) and float(t2) == 0:
            raise ParameterError(f"{self.name} needs t2 > 0, got t2=0; e.g. {self.example()}")
        if not (is_traced(t1) or is_traced(t2)) and float(t2) > 2 * float(t1):
            raise ParameterError(
                f"{self.name} needs t2 <= 2 * t1 (a physical qubit), got t1={float(t1)}, "
                f"t2={float(t2)}"
            )

    @staticmethod
    def compute_weighted_kraus(pe: Any, t1: Any, t2: Any, tq: Any) -> WeightedKraus:  # type: ignore[override]
        pe, t1, t2, tq = _real(pe), _real(t1), _real(t2), _real(tq)
        reset = 1 - jnp.exp(-tq / t1)
        to_one, to_zero = pe * reset, (1 - pe) * reset
        keep_zero, keep_one = 1 - to_one, 1 - to_zero
        coherence = jnp.exp(-tq / t2)
        dephase = jnp.maximum(keep_one - coherence**2 / keep_zero, 0)
        root = jnp.sqrt(keep_zero)
        weights = jnp.stack([to_one, to_zero, jnp.ones_like(pe), dephase])
        return weights, _stack(_RAISE, _LOWER, _diag(root, coherence / root), _ONE)


class PauliError(Channel):
    """A Pauli word applied with probability ``p``: ``sqrt(1-p) I`` and ``sqrt(p) P``.

    >>> PauliError("XZ", 0.5, wires=[0, 1]).weighted_kraus()[1][1].real.astype(int)
    Array([[ 0,  0,  1,  0],
           [ 0,  0,  0, -1],
           [ 1,  0,  0,  0],
           [ 0, -1,  0,  0]], dtype=int32)
    """

    num_wires = None
    num_params = 1
    param_names = ("p",)
    param_ranges = ((0.0, 1.0),)
    mixed_unitary = True

    def __init__(self, operators: str, p: Any, wires: object = None):
        self._init((p,), wires, {"operators": operators})

    @classmethod
    def example(cls) -> str:
        return 'PauliError("XY", 0.1, wires=[0, 1])'

    def _validate(self) -> None:
        super()._validate()
        word = self.hyperparameters["operators"]
        if not isinstance(word, str) or not word or set(word) - set("XYZ"):
            raise ParameterError(
                f"PauliError operators must be a non-empty string over X, Y, Z, got "
                f"{word!r}; e.g. {self.example()}"
            )
        if len(word) != len(self.wires):
            raise WireError(
                f"PauliError operators {word!r} has {len(word)} letters but "
                f"wires={list(self.wires)} has {len(self.wires)}; give one letter per wire"
            )

    @staticmethod
    def compute_weighted_kraus(p: Any, operators: str) -> WeightedKraus:  # type: ignore[override]
        pauli = np.ones((1, 1))
        for letter in operators:
            pauli = np.kron(pauli, _PAULIS[letter])
        return jnp.stack([1 - _real(p), _real(p)]), _stack(np.eye(len(pauli)), pauli)


class ResetError(Channel):
    """A reset to ``|0>`` with probability ``p_0`` and to ``|1>`` with probability ``p_1``.

    Kraus operators ``sqrt(1 - p_0 - p_1) I``, ``sqrt(p_0) |0><0|``,
    ``sqrt(p_0) |0><1|``, ``sqrt(p_1) |1><0|``, ``sqrt(p_1) |1><1|``.

    >>> ResetError(0.2, 0.1, wires=0).weighted_kraus()[0]
    Array([0.7, 0.2, 0.2, 0.1, 0.1], dtype=float32)
    """

    num_params = 2
    param_names = ("p_0", "p_1")
    param_ranges = ((0.0, 1.0), (0.0, 1.0))

    def _validate(self) -> None:
        super()._validate()
        p0, p1 = self.params
        if not (is_traced(p0) or is_traced(p1)) and float(p0) + float(p1) > 1:
            raise ParameterError(
                f"ResetError needs p_0 + p_1 <= 1, got p_0={float(p0)}, p_1={float(p1)}"
            )

    @staticmethod
    def compute_weighted_kraus(p_0: Any, p_1: Any) -> WeightedKraus:  # type: ignore[override]
        p0, p1 = _real(p_0), _real(p_1)
        weights = jnp.stack([1 - p0 - p1, p0, p0, p1, p1])
        return weights, _stack(_I, _ZERO, _LOWER, _RAISE, _ONE)


class KrausChannel(Channel):
    """Any channel on ``k`` wires, from its Kraus operators (PennyLane's ``QubitChannel``).

    ``K_list`` has shape ``(K, 2**k, 2**k)``; concrete operators must satisfy
    ``sum_i K_i^dagger K_i = I``, traced ones are trusted.

    >>> import jax.numpy as jnp
    >>> flip = [jnp.sqrt(0.9) * jnp.eye(2), jnp.sqrt(0.1) * jnp.array([[0, 1], [1, 0]])]
    >>> [round(float(x), 4) for x in KrausChannel(flip, wires=0).superoperator()[0].real]
    [0.9, 0.0, 0.0, 0.1]
    """

    num_wires = None
    num_params = 1
    param_names = ("K_list",)
    real_params = False

    def __init__(self, K_list: Any, wires: object = None):
        traced = isinstance(K_list, (list, tuple)) and any(is_traced(k) for k in K_list)
        self._init((jnp.stack(K_list) if traced else K_list,), wires, {})

    @classmethod
    def example(cls) -> str:
        return "KrausChannel([jnp.sqrt(0.9) * jnp.eye(2), jnp.sqrt(0.1) * X], wires=0)"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        count = np.shape(self.params[0])[0] if np.ndim(self.params[0]) == 3 else 1
        return ((count, *(2 ** len(self.wires),) * 2),)

    def _validate(self) -> None:
        super()._validate()
        (kraus,) = self.params
        if is_traced(kraus):
            return
        kraus = np.asarray(kraus)
        total = np.einsum("kba,kbc->ac", kraus.conj(), kraus)
        if not np.allclose(total, np.eye(len(total)), atol=KRAUS_ATOL, rtol=0):
            raise UnitaryError(
                f"KrausChannel operators are not trace preserving: sum K^dagger K != I within "
                f"atol={KRAUS_ATOL}; e.g. {self.example()}"
            )

    @staticmethod
    def compute_weighted_kraus(K_list: Any) -> WeightedKraus:  # type: ignore[override]
        kraus = jnp.asarray(K_list, complex_dtype())
        return jnp.ones(kraus.shape[0], real_dtype()), kraus


QubitChannel = KrausChannel
