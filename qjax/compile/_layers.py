"""``qj.repeat``: layers of one structure, recorded once and run as one scan."""

from collections.abc import Callable
from typing import Any

import jax
import numpy as np

from qjax.compile._fused import Repeat
from qjax.errors import CircuitError, ParameterError
from qjax.ops import Operation, enqueue, recording


def _record_layer(layer: Callable[[Any], object], params: Any) -> tuple[Operation, ...]:
    with recording() as recorded:
        layer(params)
    for item in recorded:
        if not isinstance(item, Operation):
            raise CircuitError(f"a repeated layer may only apply gates, got {item!r}")
    return tuple(recorded)  # type: ignore[arg-type]


def _count(params: Any) -> int:
    leaves = jax.tree_util.tree_leaves(params)
    if not leaves:
        raise ParameterError("qj.repeat needs parameters with a leading axis, one slice per layer")
    counts = {np.shape(leaf)[0] if np.ndim(leaf) else None for leaf in leaves}
    if len(counts) != 1 or None in counts:
        raise ParameterError(
            "qj.repeat's parameters must share one leading axis, one slice per layer; got "
            f"shapes {[np.shape(leaf) for leaf in leaves]}"
        )
    (count,) = counts
    return count  # type: ignore[return-value]


def repeat(layer: Callable[[Any], object], params: Any) -> None:
    """Applies ``layer(params[i])`` for every ``i``: a depth-independent program.

    The layer is traced once, under ``vmap`` over the leading axis of every
    leaf of ``params``, and runs as one ``lax.scan``: trace and compile time
    do not grow with the number of layers. (A plain Python loop over layers
    gives the same results; the compiler finds its repetition, but the loop
    itself is traced once per layer.)

    Args:
      layer: a function of one layer's parameters that applies gates.
      params: a pytree of arrays sharing a leading axis of length L >= 1.

    Raises:
      ParameterError: ``params`` has no leaves or no common leading axis.
      CircuitError: the layer records something other than gates.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def layer(angles):
    ...     qj.RY(angles[0], wires=0)
    ...     qj.CNOT(wires=[0, 1])
    >>> @qj.circuit(wires=2)
    ... def model(angles):
    ...     qj.repeat(layer, angles)
    ...     return qj.expval(qj.Z(1))
    >>> round(float(model(jnp.array([[0.3], [0.4]]))), 5)
    0.92106
    """
    count = _count(params)
    body = jax.vmap(lambda p: _record_layer(layer, p))(params)
    enqueue(Repeat.of(body, count))
