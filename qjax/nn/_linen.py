"""``qj.nn.LinenQuantumLayer``: the Flax Linen twin of :class:`~qjax.nn.QuantumLayer`."""

from collections.abc import Callable, Mapping
from typing import Any

import jax
from flax import linen

from qjax.nn._evaluate import Initializer, check_weight_shapes, evaluate, uniform_angles
from qjax.nn._nnx import _initializer


class LinenQuantumLayer(linen.Module):
    """A circuit of ``(weights..., inputs)`` as a Flax Linen layer, one ``param`` per weight.

    The same contract as :class:`~qjax.nn.QuantumLayer`: ``weight_shapes``
    names the circuit's trainable arguments, the data is ``inputs``, and
    inputs of shape ``(..., features)`` give ``(..., k)``.

    >>> import jax, jax.numpy as jnp, qjax as qj
    >>> @qj.circuit(wires=1)
    ... def ansatz(weights, inputs):
    ...     qj.RX(inputs[0] + weights[0], wires=0)
    ...     return [qj.expval(qj.Z(0))]
    >>> layer = LinenQuantumLayer(ansatz, {"weights": (1,)})
    >>> variables = layer.init(jax.random.key(0), jnp.zeros((4, 1)))
    >>> layer.apply(variables, jnp.zeros((4, 1))).shape
    (4, 1)
    """

    circuit: Callable[..., Any]
    weight_shapes: Mapping[str, Any]
    init_fn: Initializer | Mapping[str, Initializer] = uniform_angles

    @linen.compact
    def __call__(self, inputs: jax.Array) -> jax.Array:
        shapes = check_weight_shapes(self.circuit, self.weight_shapes)
        weights = {
            name: self.param(name, _initializer(self.init_fn, name), shape, None)
            for name, shape in shapes.items()
        }
        return evaluate(self.circuit, weights, inputs)
