"""Operations (gates): operators with a matrix, an inverse and a generator.

Each operation says *how* it acts through its :class:`Kind` (dense matrix,
diagonal, basis permutation, controlled, or a sequence of simpler gates) and
never how that is computed: the kernels below and the simulator above decide.
"""

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, ClassVar

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from qjax._dtypes import complex_dtype
from qjax.errors import WireError
from qjax.ops._operator import Kind, Operator, Wires, as_wires
from qjax.ops._queuing import paused

Generator = tuple[tuple[float, str], ...]
Frequencies = tuple[tuple[float, ...], ...]

_PAULI_MATRICES = {
    "I": np.eye(2),
    "X": np.array([[0, 1], [1, 0]]),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1, -1]),
}
_SPECTRUM_DECIMALS = 8


def generator_matrix(generator: Generator) -> np.ndarray:
    """The dense matrix of a generator given as ``(coefficient, Pauli word)`` pairs.

    >>> generator_matrix(((-0.5, "Z"),)).real
    array([[-0.5,  0. ],
           [ 0. ,  0.5]])
    """
    matrix: np.ndarray = np.zeros((1, 1), complex)
    for coeff, word in generator:
        term = np.ones((1, 1), complex)
        for letter in word:
            term = np.kron(term, _PAULI_MATRICES[letter])
        matrix = matrix + coeff * term
    return matrix


def spectrum_frequencies(generator: Generator) -> tuple[float, ...]:
    """The distinct positive gaps between the generator's eigenvalues, ascending.

    An expectation value is a trigonometric polynomial in the gate's parameter
    with exactly these frequencies, which fixes its parameter-shift rule.

    >>> spectrum_frequencies(((-0.25, "IX"), (0.25, "ZX")))
    (0.5, 1.0)
    """
    eigenvalues = np.linalg.eigvalsh(generator_matrix(generator))
    gaps = np.round(np.abs(eigenvalues[:, None] - eigenvalues[None, :]), _SPECTRUM_DECIMALS)
    return tuple(float(gap) for gap in np.unique(gaps) if gap > 0)


def _permutation_matrix(permutation: Sequence[int]) -> np.ndarray:
    matrix = np.zeros((len(permutation),) * 2)
    matrix[list(permutation), range(len(permutation))] = 1
    return matrix


class Operation(Operator):
    """A gate: a unitary on its wires, applied by the kernel its ``kind`` names.

    Subclasses define ``compute_matrix``, ``compute_diagonal`` or
    ``permutation`` for their kind (with ``compute_takes_num_wires`` when the
    matrix depends on the number of wires), and may set ``self_inverse`` (the
    gate is its own inverse), ``negate_to_invert`` (negating every parameter
    inverts it) and ``generator``.
    """

    kind: ClassVar[Kind] = Kind.DENSE
    self_inverse: ClassVar[bool] = False
    negate_to_invert: ClassVar[bool] = False
    compute_takes_num_wires: ClassVar[bool] = False

    def _compute_kwargs(self) -> dict[str, Hashable]:
        kwargs = self.hyperparameters
        if self.compute_takes_num_wires:
            kwargs["num_wires"] = len(self.wires)
        return kwargs

    def matrix(self) -> jax.Array:
        """The gate's ``(2**k, 2**k)`` unitary in the order of its wires.

        >>> from qjax.ops import CNOT
        >>> CNOT(wires=[0, 1]).matrix().real.astype(int)
        Array([[1, 0, 0, 0],
               [0, 1, 0, 0],
               [0, 0, 0, 1],
               [0, 0, 1, 0]], dtype=int32)
        """
        if self.kind is Kind.DIAGONAL:
            return jnp.diag(self.diagonal())
        if self.kind is Kind.PERMUTATION:
            return jnp.asarray(_permutation_matrix(self.permutation), complex_dtype())
        return jnp.asarray(self.compute_matrix(*self.params, **self._compute_kwargs()))

    def diagonal(self) -> jax.Array:
        """The diagonal of a ``Kind.DIAGONAL`` gate's matrix, shape ``(2**k,)``.

        >>> from qjax.ops import CZ
        >>> CZ(wires=[0, 1]).diagonal().real
        Array([ 1.,  1.,  1., -1.], dtype=float32)
        """
        return jnp.asarray(self.compute_diagonal(*self.params, **self._compute_kwargs()))

    @property
    def permutation(self) -> tuple[int, ...]:
        """A ``Kind.PERMUTATION`` gate maps basis state ``|i>`` to ``|permutation[i]>``."""
        raise NotImplementedError(f"{self.name} is not a permutation gate")

    @staticmethod
    def compute_matrix(*params: Any, **hyperparameters: Any) -> jax.Array:
        """The matrix as a pure function of the parameters (dense gates)."""
        raise NotImplementedError

    @staticmethod
    def compute_diagonal(*params: Any, **hyperparameters: Any) -> jax.Array:
        """The diagonal as a pure function of the parameters (diagonal gates)."""
        raise NotImplementedError

    def decomposition(self) -> list["Operation"]:
        """Simpler gates whose product, first to last, equals this gate."""
        raise NotImplementedError(f"{self.name} has no decomposition")

    def generator(self) -> Generator | None:
        """``G`` with ``U(theta) = exp(i theta G)``, as ``(coefficient, Pauli word)`` pairs.

        The words run over the gate's wires; ``None`` for gates without one.

        >>> from qjax.ops import RX
        >>> RX(0.3, wires=0).generator()
        ((-0.5, 'X'),)
        """
        return None

    def parameter_frequencies(self) -> Frequencies | None:
        """For each parameter, the frequencies of an expectation value as a function of it.

        Derived from the generator for one-parameter gates; ``None`` where unknown
        (e.g. ``QubitUnitary``), which parameter-shift rules cannot differentiate.

        >>> from qjax.ops import CRX, RX
        >>> RX(0.3, wires=0).parameter_frequencies(), CRX(0.3, wires=[0, 1]).parameter_frequencies()
        (((1.0,),), ((0.5, 1.0),))
        """
        generator = self.generator()
        if len(self.params) != 1 or generator is None:
            return None
        return (spectrum_frequencies(generator),)

    def adjoint(self) -> "Operation":
        """The inverse gate, not recorded on any circuit.

        >>> from qjax.ops import RX, S
        >>> RX(0.3, wires=0).adjoint(), S(0).adjoint()
        (RX(-0.3, wires=[0]), Sdg(wires=[0]))
        """
        with paused():
            return self._adjoint()

    def _adjoint(self) -> "Operation":
        if self.self_inverse:
            return self
        if self.negate_to_invert:
            return self.with_params(*(-p for p in self.params))
        return Adjoint(self)

    def with_params(self, *params: Any) -> "Operation":
        """The same gate with new parameters, unvalidated and not recorded."""
        leaves, treedef = jax.tree_util.tree_flatten(self)
        if len(leaves) != len(params):
            raise ValueError(f"{self.name} has {len(leaves)} parameter leaves, got {len(params)}")
        return jax.tree_util.tree_unflatten(treedef, params)


class Adjoint(Operation):
    """The inverse of a gate that has no closed-form inverse of its own kind.

    >>> from qjax.ops import ISWAP
    >>> Adjoint(ISWAP(wires=[0, 1])).name
    'Adjoint(ISWAP)'
    """

    base: Operation

    def __init__(self, base: Operation):
        self._set_base(base)

    def _set_base(self, base: Operation) -> None:
        object.__setattr__(self, "base", base)
        self._set(base.params, base.wires, ())

    @classmethod
    def _tree_flatten(cls, op: "Adjoint") -> tuple[tuple[Any, ...], tuple]:
        return (op.base,), ()

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Adjoint":
        op = object.__new__(cls)
        (base,) = children
        op._set_base(base)
        return op

    @property
    def name(self) -> str:
        return f"Adjoint({self.base.name})"

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        """The inverse of a gate acts through the same kernel as the gate."""
        return self.base.kind

    def matrix(self) -> jax.Array:
        return jnp.conj(self.base.matrix()).T

    def diagonal(self) -> jax.Array:
        return jnp.conj(self.base.diagonal())

    @property
    def permutation(self) -> tuple[int, ...]:
        return tuple(int(i) for i in np.argsort(self.base.permutation))

    def decomposition(self) -> list[Operation]:
        return [op.adjoint() for op in reversed(self.base.decomposition())]

    def generator(self) -> Generator | None:
        base = self.base.generator()
        return None if base is None else tuple((-c, word) for c, word in base)

    def parameter_frequencies(self) -> Frequencies | None:
        return self.base.parameter_frequencies()

    def _adjoint(self) -> Operation:
        return self.base

    def __repr__(self) -> str:
        return f"Adjoint({self.base!r})"


def _control_values(values: object, num_controls: int, owner: str) -> tuple[int, ...]:
    if values is None:
        return (1,) * num_controls
    if isinstance(values, (bool, int, np.integer)):
        values = (values,)
    values = tuple(values)  # type: ignore[arg-type]
    if len(values) != num_controls or any(v not in (0, 1) for v in values):
        raise WireError(
            f"{owner} needs one control value (0 or 1) per control wire: "
            f"{num_controls} control wire(s), got control_values={list(values)}"
        )
    return tuple(int(v) for v in values)


class Controlled(Operation):
    """A gate applied only where the control wires hold ``control_values`` (default all 1).

    Built by ``qj.ctrl``; CNOT, Toffoli, CRX and friends are named subclasses.

    >>> from qjax.ops import RX
    >>> op = Controlled(RX(0.5, wires=2), control_wires=[0, 1], control_values=[1, 0])
    >>> op.wires, op.control_values
    ((0, 1, 2), (1, 0))
    """

    kind = Kind.CONTROLLED
    base: Operation
    control_wires: Wires
    control_values: tuple[int, ...]

    def __init__(self, base: Operation, control_wires: object, control_values: object = None):
        example = f"qj.ctrl({base.name}(...), control=[0])"
        controls = as_wires(control_wires, "ctrl", example)
        if not controls:
            raise WireError(f"ctrl needs at least one control wire, got none; e.g. {example}")
        if set(controls) & set(base.wires):
            raise WireError(
                f"control wires {list(controls)} overlap the wires {list(base.wires)} "
                f"of {base.name}; control wires must differ from the target's"
            )
        values = _control_values(control_values, len(controls), "ctrl")
        if isinstance(base, Controlled):
            controls += base.control_wires
            values += base.control_values
            base = base.base
        self._set_parts(base, controls, values)

    def _set_parts(self, base: Operation, controls: Wires, values: tuple[int, ...]) -> None:
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "control_wires", controls)
        object.__setattr__(self, "control_values", values)
        self._set(base.params, controls + base.wires, ())

    @classmethod
    def _tree_flatten(cls, op: "Controlled") -> tuple[tuple[Any, ...], tuple]:
        return (op.base,), (op.control_wires, op.control_values)

    @classmethod
    def _tree_unflatten(cls, aux: tuple, children: Iterable[Any]) -> "Controlled":
        op = object.__new__(cls)
        (base,) = children
        op._set_parts(base, *aux)
        return op

    @property
    def target_wires(self) -> Wires:
        """The wires of the controlled gate (``base.wires``)."""
        return self.base.wires

    def matrix(self) -> jax.Array:
        base = self.base.matrix()
        size = base.shape[0]
        offset = int("".join(map(str, self.control_values)), 2) * size
        identity = jnp.eye(size * 2 ** len(self.control_wires), dtype=base.dtype)
        return lax.dynamic_update_slice(identity, base, (offset, offset))

    def generator(self) -> Generator | None:
        base = self.base.generator()
        if base is None:
            return None
        projector: list[tuple[float, str]] = [(1.0, "")]
        for value in self.control_values:
            sign = -0.5 if value == 1 else 0.5
            projector = [(c * f, w + p) for c, w in projector for f, p in ((0.5, "I"), (sign, "Z"))]
        return tuple((c0 * c1, w0 + w1) for c0, w0 in projector for c1, w1 in base)

    def parameter_frequencies(self) -> Frequencies | None:
        """From the controlled generator when known; else the target's, with halves added.

        Without a generator the target's parameters enter through rotations with
        eigenvalues ``±f/2``; controlling one adds the eigenvalue 0 and so the
        frequency ``f/2``. A superset of the true frequencies keeps a shift rule exact.
        """
        if self.generator() is not None:
            return super().parameter_frequencies()
        base = self.base.parameter_frequencies()
        if base is None:
            return None
        return tuple(tuple(sorted({*f, *(x / 2 for x in f)})) for f in base)

    def _adjoint(self) -> Operation:
        if self.self_inverse or self.negate_to_invert:
            return super()._adjoint()
        return Controlled(self.base.adjoint(), self.control_wires, self.control_values)

    def __repr__(self) -> str:
        if type(self) is not Controlled:
            return super().__repr__()
        return (
            f"Controlled({self.base!r}, control_wires={list(self.control_wires)}, "
            f"control_values={list(self.control_values)})"
        )


class NamedControlled(Controlled):
    """A controlled gate with a name of its own: ``CNOT(wires=[c, t])`` is ``ctrl(X(t), c)``."""

    base_class: ClassVar[type[Operation]]
    num_controls: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "base_class" in cls.__dict__:
            cls.num_params = cls.base_class.num_params
            cls.param_names = cls.base_class.param_names
            cls.num_wires = cls.num_controls + (cls.base_class.num_wires or 0)

    def __init__(self, *params: Any, wires: object = None):
        Operator.__init__(self, *params, wires=wires)
        with paused():
            base = self.base_class(*self.params, wires=self.wires[self.num_controls :])
        self._set_parts(base, self.wires[: self.num_controls], (1,) * self.num_controls)

    def __repr__(self) -> str:
        return Operator.__repr__(self)
