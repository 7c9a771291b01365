"""The quantum natural gradient (Stokes et al., arXiv:1909.02108) as an Optax transformation.

Plain gradient descent steps along ``-grad`` in the Euclidean geometry of
the parameters; the quantum natural gradient steps along
``-(g + lam I)^+ grad``, with ``g`` the Fubini-Study metric of the circuit's
state (:func:`qjax.metric_tensor`), so equal steps move the state by equal
amounts whatever the parametrization.
"""

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax
from jax.flatten_util import ravel_pytree

from qjax.circuit import QuantumFunction
from qjax.grad import metric_tensor


def _as_matrix(metric: Any, params: Any) -> jax.Array:
    """The nested ``[i][j]`` blocks of ``metric_tensor`` as one matrix in ``ravel_pytree`` order."""
    sizes = [int(np.size(leaf)) for leaf in jax.tree_util.tree_leaves(params)]
    blocks = jax.tree_util.tree_leaves(metric)
    rows = [
        jnp.concatenate(
            [jnp.reshape(blocks[i * len(sizes) + j], (rows, cols)) for j, cols in enumerate(sizes)],
            axis=1,
        )
        for i, rows in enumerate(sizes)
    ]
    return jnp.concatenate(rows, axis=0)


def qng(
    learning_rate: float,
    circuit: QuantumFunction,
    lam: float = 0.0,
    approx: str | None = "block-diag",
) -> optax.GradientTransformationExtraArgs:
    """Quantum natural gradient descent: ``updates = -learning_rate * (g + lam I)^+ grads``.

    ``g`` is ``qj.metric_tensor(circuit, approx)(params, **extra_args)`` at
    the current parameters, flattened to a matrix in ``ravel_pytree`` order.
    The trainable parameters are the circuit's first positional argument (any
    pytree of float arrays); every other input of the circuit is passed to
    ``update`` by keyword, under the circuit function's own parameter names,
    and goes to the circuit unchanged (``optax.chain`` forwards such extra
    arguments to every transformation that takes them). The solve uses the
    pseudo-inverse of the symmetric ``g + lam I``: a direction that does not
    move the state (zero metric, e.g. an ``RZ`` acting on ``|0>``) gets no
    update instead of an infinite one. Nothing is jitted here: jit the step
    that calls ``update``.

    Args:
      learning_rate: the step size.
      circuit: the ``qj.circuit`` whose first argument holds the parameters.
      lam: the regularization added to the metric's diagonal.
      approx: the metric's approximation, ``"block-diag"`` (default, as in
        PennyLane's ``QNGOptimizer``), ``"diag"`` or ``None`` (full).

    Returns:
      An Optax transformation; its state is ``optax.EmptyState()`` and its
      ``update(grads, state, params, **extra_args)`` requires ``params``.

    >>> import jax, jax.numpy as jnp, optax, qjax as qj
    >>> @qj.circuit(wires=1)
    ... def energy(params, *, scale):
    ...     qj.RX(params[0], wires=0)
    ...     qj.RY(params[1], wires=0)
    ...     return qj.expval(scale * qj.Z(0))
    >>> optimizer = qj.optim.qng(0.1, energy, lam=0.01)
    >>> params = jnp.array([0.5, 0.2])
    >>> state = optimizer.init(params)
    >>> grads = jax.grad(energy)(params, scale=2.0)
    >>> updates, state = optimizer.update(grads, state, params, scale=2.0)
    >>> bool(energy(optax.apply_updates(params, updates), scale=2.0) < energy(params, scale=2.0))
    True
    """
    metric = metric_tensor(circuit, approx)

    def init(params: Any) -> optax.EmptyState:
        del params
        return optax.EmptyState()

    def update(
        updates: Any, state: optax.EmptyState, params: Any = None, **extra_args: Any
    ) -> tuple[Any, optax.EmptyState]:
        if params is None:
            raise ValueError(
                "qng needs the current parameters: call update(grads, state, params, **inputs)"
            )
        grads, unravel = ravel_pytree(updates)
        matrix = _as_matrix(metric(params, **extra_args), params).astype(grads.dtype)
        regularized = matrix + lam * jnp.eye(grads.size, dtype=grads.dtype)
        direction = jnp.linalg.pinv(regularized, hermitian=True) @ grads
        return unravel(-learning_rate * direction), state

    return optax.GradientTransformationExtraArgs(init, update)
