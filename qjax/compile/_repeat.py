"""Repeated layers: a block of gates that recurs with the same structure becomes one scan."""

from collections.abc import Hashable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from qjax.compile._fused import Repeat
from qjax.ops import Operation


def structure(op: Operation) -> Hashable:
    """What must agree for two gates to share a compiled program: all but the numbers' values.

    >>> from qjax.ops import RX
    >>> structure(RX(0.1, wires=0)) == structure(RX(0.2, wires=0))
    True
    >>> structure(RX(0.1, wires=0)) == structure(RX(0.1, wires=1))
    False
    """
    leaves, treedef = jax.tree_util.tree_flatten(op)
    return treedef, tuple(jax.typeof(leaf) for leaf in leaves)


def _structure_ids(gates: Sequence[Operation]) -> np.ndarray:
    ids: dict[Hashable, int] = {}
    return np.array([ids.setdefault(structure(op), len(ids)) for op in gates], dtype=np.int64)


def _repeats(ids: np.ndarray, start: int, period: int) -> int:
    body = ids[start : start + period]
    count = 1
    while np.array_equal(ids[start + count * period : start + (count + 1) * period], body):
        count += 1
    return count


def longest_repeat(ids: np.ndarray, start: int, min_repeats: int) -> tuple[int, int]:
    """The ``(period, count)`` of the repeated block at ``start`` that covers the most gates.

    A period is tried wherever the structure at ``start`` recurs; ties go to
    the shorter period. ``(1, 1)`` when nothing repeats ``min_repeats`` times.

    >>> longest_repeat(np.array([7, 0, 1, 0, 1, 0, 1, 2]), 1, 2)
    (2, 3)
    """
    best = (1, 1)
    reach = (len(ids) - start) // min_repeats
    for period in np.flatnonzero(ids[start + 1 : start + reach + 1] == ids[start]) + 1:
        count = _repeats(ids, start, int(period))
        if count >= min_repeats and period * count > best[0] * best[1]:
            best = (int(period), count)
    return best


@jax.custom_jvp
def stack_leaves(leaves: Sequence[jax.Array]) -> jax.Array:
    """``jnp.stack(leaves)``, written as a chain of selects that XLA compiles quickly.

    The repetitions' angles are often slices of one array (``params[layer, wire]``);
    XLA's CPU compiler takes minutes for a concatenation of thousands of
    slices, and seconds for the same values selected into place. The
    tangent is a plain stack: reverse mode transposes it into slices of the
    cotangent, never into the chain of selects.

    >>> stack_leaves([jnp.ones(2), jnp.zeros(2)])
    Array([[1., 1.],
           [0., 0.]], dtype=float32)
    """
    first = jnp.asarray(leaves[0])
    shape = (len(leaves), *first.shape)
    index = jnp.reshape(jnp.arange(len(leaves)), (-1,) + (1,) * first.ndim)
    stacked = jnp.broadcast_to(first, shape)
    for i, leaf in enumerate(leaves[1:], start=1):
        stacked = jnp.where(index == i, leaf, stacked)
    return stacked


@stack_leaves.defjvp
def _stack_jvp(primals: tuple, tangents: tuple) -> tuple[jax.Array, jax.Array]:
    (leaves,), (dots,) = primals, tangents
    return stack_leaves(leaves), jnp.stack(dots)


def _stack(layers: list[Sequence[Operation]]) -> tuple[Operation, ...]:
    return jax.tree_util.tree_map(lambda *leaves: stack_leaves(list(leaves)), *map(tuple, layers))


def scan_repeats(gates: Sequence[Operation], min_repeats: int) -> list[Operation]:
    """Replaces each run of at least ``min_repeats`` same-structure blocks by a :class:`Repeat`.

    Left to right, the block covering the most gates wins; the parameters of
    its repetitions are stacked, so the scan's body is traced and compiled once.

    >>> from qjax.ops import CNOT, RY
    >>> layer = lambda t: [RY(t, wires=0), CNOT(wires=[0, 1])]
    >>> scan_repeats([*layer(0.1), *layer(0.2), *layer(0.3), RY(0.4, wires=1)], 2)
    [Repeat([RY, CNOT], count=3), RY(0.4, wires=[1])]
    """
    ids = _structure_ids(gates)
    compiled: list[Operation] = []
    start = 0
    while start < len(gates):
        period, count = longest_repeat(ids, start, min_repeats)
        if count < min_repeats:
            compiled.append(gates[start])
            start += 1
            continue
        layers = [gates[start + i * period : start + (i + 1) * period] for i in range(count)]
        compiled.append(Repeat.of(_stack(layers), count))
        start += period * count
    return compiled
