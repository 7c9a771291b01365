"""The batched evaluation a quantum layer makes: one vmapped circuit over every input row."""

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import real_dtype
from qjax.errors import ParameterError

Initializer = Callable[[Any, tuple[int, ...], Any], jax.Array]
"""``(key, shape, dtype) -> array``, as ``jax.nn.initializers`` builds them."""


def uniform_angles(key: Any, shape: tuple[int, ...], dtype: Any = None) -> jax.Array:
    """Angles uniform in ``[0, 2 pi)``: the default initialiser of circuit weights.

    >>> import jax
    >>> angles = uniform_angles(jax.random.key(0), (2, 3))
    >>> angles.shape, bool((angles >= 0).all() and (angles < 2 * 3.1416).all())
    ((2, 3), True)
    """
    dtype = real_dtype() if dtype is None else dtype
    return jax.random.uniform(key, shape, dtype, 0.0, 2 * np.pi)


def check_weight_shapes(circuit: Callable[..., Any], weight_shapes: Mapping[str, Any]) -> dict:
    """``weight_shapes`` as ``{name: shape tuple}``, checked against the circuit's arguments.

    The circuit must take ``inputs`` (the data) and one argument per weight name.

    >>> def ansatz(weights, inputs):
    ...     pass
    >>> check_weight_shapes(ansatz, {"weights": 3})
    {'weights': (3,)}
    """
    if not isinstance(weight_shapes, Mapping) or not weight_shapes:
        raise ParameterError(
            f"weight_shapes must be a non-empty dict {{argument name: shape}}, e.g. "
            f'{{"weights": (3, 4, 3)}}, got {weight_shapes!r}'
        )
    shapes = {
        name: (int(shape),) if np.ndim(shape) == 0 else tuple(int(s) for s in shape)
        for name, shape in weight_shapes.items()
    }
    parameters = inspect.signature(circuit).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    missing = [name for name in ("inputs", *shapes) if name not in parameters and not takes_any]
    if missing:
        raise ParameterError(
            f"the circuit must take the data as `inputs` and each weight of weight_shapes by "
            f"name; {getattr(circuit, '__name__', circuit)!r} takes {list(parameters)}, "
            f"missing {missing}"
        )
    if "inputs" in shapes:
        raise ParameterError("weight_shapes names the data argument `inputs`; name weights only")
    return shapes


def _as_vector(result: Any) -> jax.Array:
    """One result as is; a list (or tuple, or dict) of results concatenated into one vector."""
    if isinstance(result, jax.Array):
        return result
    return jnp.concatenate([jnp.reshape(leaf, -1) for leaf in jax.tree_util.tree_leaves(result)])


def evaluate(
    circuit: Callable[..., Any], weights: Mapping[str, jax.Array], inputs: jax.Array
) -> jax.Array:
    """The circuit on every row of ``inputs``: one ``vmap`` over the flattened batch axes.

    Args:
      circuit: a function of ``inputs`` and the weights by name, returning
        one measurement or a list of them.
      weights: the weights by argument name.
      inputs: shape ``(..., features)``; a single row has no batch axes.

    Returns:
      Shape ``(..., k)``: the batch axes of ``inputs``, then the results (a
      list of k scalar measurements stacked, or one measurement's array).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(weights, inputs):
    ...     qj.RX(inputs[0], wires=0)
    ...     qj.RY(weights[0], wires=1)
    ...     return [qj.expval(qj.Z(0)), qj.expval(qj.Z(1))]
    >>> evaluate(model, {"weights": jnp.zeros(1)}, jnp.zeros((5, 1))).shape
    (5, 2)
    """
    inputs = jnp.asarray(inputs)
    if inputs.ndim == 0:
        raise ParameterError("a quantum layer takes inputs of shape (..., features), got a scalar")

    def one(row: jax.Array) -> jax.Array:
        return _as_vector(circuit(**weights, inputs=row))

    if inputs.ndim == 1:
        return one(inputs)
    rows = jnp.reshape(inputs, (-1, inputs.shape[-1]))
    outputs = jax.vmap(one)(rows)
    return jnp.reshape(outputs, (*inputs.shape[:-1], *outputs.shape[1:]))
