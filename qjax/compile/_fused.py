"""Gates multiplied into one operation, and blocks of gates repeated by a scan."""

from collections.abc import Hashable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype
from qjax.ops import Kind, Operation, Wires
from qjax.simulate import apply_operations


def is_permutation(op: Operation) -> bool:
    """Whether ``op`` only permutes basis states (``X``, ``SWAP``, ``CNOT``, ``Toffoli``, ...).

    >>> from qjax.ops import CNOT, CRX
    >>> is_permutation(CNOT(wires=[0, 1])), is_permutation(CRX(0.1, wires=[0, 1]))
    (True, False)
    """
    if op.kind is Kind.CONTROLLED:
        return is_permutation(op.base)  # type: ignore[attr-defined]
    return op.kind is Kind.PERMUTATION


def all_diagonal(ops: Sequence[Operation]) -> bool:
    """Whether every operation in ``ops`` is diagonal.

    >>> from qjax.ops import CZ, RZ, X
    >>> all_diagonal([RZ(0.1, wires=0), CZ(wires=[0, 1])]), all_diagonal([X(0)])
    (True, False)
    """
    return all(op.kind is Kind.DIAGONAL for op in ops)


def _new(cls: type, params: tuple, wires: Wires, hyper: tuple) -> Operation:
    op = object.__new__(cls)
    op._set(params, wires, hyper)
    return op


class Fused(Operation):
    """Gates applied as one: their product on the union of their wires.

    Its parameters are the gates themselves, so gradients reach every angle.
    All-diagonal parts make a diagonal, all-permutation parts a permutation,
    anything else one dense matrix.

    >>> from qjax.ops import CNOT, H
    >>> bell = Fused.of([H(0), CNOT(wires=[0, 1])], wires=(0, 1))
    >>> bell.kind.value, (bell.matrix()[:, 0].real * 2**0.5).round(3)
    ('dense', Array([1., 0., 0., 1.], dtype=float32))
    """

    num_wires = None

    @classmethod
    def of(cls, parts: Sequence[Operation], wires: Sequence[Hashable]) -> "Fused":
        """The product of ``parts`` (first applied first) on ``wires``, unrecorded."""
        return _new(cls, tuple(parts), tuple(wires), ())  # type: ignore[return-value]

    @property
    def parts(self) -> tuple[Operation, ...]:
        """The fused gates, in application order."""
        return self.params

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        """Diagonal or permutation when every part is; dense otherwise."""
        if all_diagonal(self.parts):
            return Kind.DIAGONAL
        if all(is_permutation(part) for part in self.parts):
            return Kind.PERMUTATION
        return Kind.DENSE

    def _block_axes(self, wires: Sequence[Hashable]) -> tuple[int, ...]:
        return tuple(self.wires.index(w) for w in wires)

    def _apply_parts(self, block: jax.Array) -> jax.Array:
        return apply_operations(block, self.parts, self._block_axes)

    def matrix(self) -> jax.Array:
        k = len(self.wires)
        identity = jnp.reshape(jnp.eye(2**k, dtype=complex_dtype()), (2,) * (2 * k))
        return jnp.reshape(self._apply_parts(identity), (2**k, 2**k))

    def diagonal(self) -> jax.Array:
        ones = jnp.ones((2,) * len(self.wires), complex_dtype())
        return jnp.reshape(self._apply_parts(ones), -1)

    @property
    def permutation(self) -> tuple[int, ...]:
        k = len(self.wires)
        with jax.ensure_compile_time_eval():
            sources = self._apply_parts(jnp.reshape(jnp.arange(2**k), (2,) * k))
        return tuple(int(i) for i in np.argsort(np.asarray(sources).reshape(-1)))

    def _adjoint(self) -> Operation:
        return Fused.of([part.adjoint() for part in reversed(self.parts)], self.wires)

    def __repr__(self) -> str:
        names = ", ".join(part.name for part in self.parts)
        return f"Fused([{names}], wires={list(self.wires)})"


class Repeat(Operation):
    """A block of gates applied ``count`` times in a row, as one ``lax.scan``.

    Its parameters are the block's gates with every leaf stacked along a new
    leading axis of length ``count``: repetition ``i`` uses slice ``i``.

    >>> import jax.numpy as jnp
    >>> from qjax.ops import RX
    >>> stacked = RX(0.0, wires=0).with_params(jnp.array([0.1, 0.2, 0.3]))
    >>> layers = Repeat.of([stacked], count=3)
    >>> layers.count, layers.wires
    (3, (0,))
    """

    kind = Kind.REPEAT
    num_wires = None

    @classmethod
    def of(cls, body: Sequence[Operation], count: int) -> "Repeat":
        """``body`` (leaves stacked ``count`` deep) repeated ``count`` times, unrecorded."""
        wires = tuple(dict.fromkeys(w for op in body for w in op.wires))
        return _new(cls, tuple(body), wires, (("count", count),))  # type: ignore[return-value]

    @property
    def body(self) -> tuple[Operation, ...]:
        """The repeated gates, with stacked leaves."""
        return self.params

    @property
    def count(self) -> int:
        """The number of repetitions."""
        return self.hyperparameters["count"]

    def _adjoint(self) -> Operation:
        def invert(body: tuple[Operation, ...]) -> tuple[Operation, ...]:
            return tuple(op.adjoint() for op in reversed(body))

        if jax.tree_util.tree_leaves(self.body):
            inverse = jax.tree_util.tree_map(lambda x: jnp.flip(x, 0), jax.vmap(invert)(self.body))
        else:
            inverse = invert(self.body)
        return Repeat.of(inverse, self.count)

    def __repr__(self) -> str:
        names = ", ".join(op.name for op in self.body)
        return f"Repeat([{names}], count={self.count})"
