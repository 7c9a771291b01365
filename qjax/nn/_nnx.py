"""``qj.nn.QuantumLayer``: a qjax circuit as a Flax NNX layer with trainable weights."""

from collections.abc import Callable, Mapping
from typing import Any

import jax
from flax import nnx

from qjax.nn._evaluate import Initializer, check_weight_shapes, evaluate, uniform_angles


class QuantumLayer(nnx.Module):
    """A circuit of ``(weights..., inputs)`` as a Flax NNX layer; its weights are ``nnx.Param``.

    The weights' names and shapes follow PennyLane's layers: ``weight_shapes``
    maps each trainable argument of the circuit to its shape, and the data
    argument is called ``inputs``. A call maps inputs of shape
    ``(..., features)`` to ``(..., k)`` for a circuit that returns k scalar
    measurements, with one ``vmap``ped circuit over the whole batch. The
    circuit's own ``diff_method`` differentiates it.

    Args:
      circuit: a ``qj.circuit`` (or any function) of the weights and ``inputs``.
      weight_shapes: ``{argument name: shape}``.
      rngs: the ``nnx.Rngs`` the weights are initialised from (its ``params`` stream).
      init: an initialiser ``(key, shape, dtype) -> array`` for every weight, or
        a dict of them by name; angles uniform in ``[0, 2 pi)`` by default.

    >>> import jax.numpy as jnp, qjax as qj
    >>> from flax import nnx
    >>> @qj.circuit(wires=2)
    ... def ansatz(weights, inputs):
    ...     qj.templates.AngleEmbedding(inputs, wires=range(2))
    ...     qj.templates.BasicEntanglerLayers(weights, wires=range(2))
    ...     return [qj.expval(qj.Z(0)), qj.expval(qj.Z(1))]
    >>> layer = QuantumLayer(ansatz, {"weights": (3, 2)}, rngs=nnx.Rngs(0))
    >>> layer(jnp.zeros((8, 2))).shape
    (8, 2)
    """

    def __init__(
        self,
        circuit: Callable[..., Any],
        weight_shapes: Mapping[str, Any],
        *,
        rngs: nnx.Rngs,
        init: Initializer | Mapping[str, Initializer] = uniform_angles,
    ):
        shapes = check_weight_shapes(circuit, weight_shapes)
        self.circuit = circuit
        self.weights = nnx.data(
            {
                name: nnx.Param(_initializer(init, name)(rngs.params(), shape, None))
                for name, shape in shapes.items()
            }
        )

    def __call__(self, inputs: jax.Array) -> jax.Array:
        weights = {name: param[...] for name, param in self.weights.items()}
        return evaluate(self.circuit, weights, inputs)


def _initializer(init: Initializer | Mapping[str, Initializer], name: str) -> Initializer:
    """The initialiser of one weight: ``init`` itself, or its entry for ``name``."""
    if isinstance(init, Mapping):
        return init.get(name, uniform_angles)
    return init
