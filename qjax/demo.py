"""The ``qjax demo`` workload: a variational classifier trained with Optax.

Four qubits, an angle embedding and entangling layers from ``qj.templates``,
``<Z_0>`` read out as a logit, Adam on a two-moons dataset made here.
"""

import dataclasses
import time
from collections.abc import Callable, Iterable

import jax
import jax.numpy as jnp
import numpy as np
import optax

from qjax import templates
from qjax.measure import expval
from qjax.ops import Z
from qjax.workflow import circuit

NUM_QUBITS = 4


def make_moons(num_samples: int, *, seed: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles in 2D, labelled 0 and 1, with Gaussian noise.

    Args:
      num_samples: total number of points (half per class, rounded down).
      seed: the NumPy random seed.
      noise: the standard deviation of the noise added to each coordinate.

    Returns:
      ``(points, labels)`` of shapes ``(N, 2)`` and ``(N,)``.

    >>> points, labels = make_moons(10, seed=0)
    >>> points.shape, labels.tolist()
    ((10, 2), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    """
    rng = np.random.default_rng(seed)
    half = num_samples // 2
    angles = rng.uniform(0, np.pi, size=(2, half))
    upper = np.stack([np.cos(angles[0]), np.sin(angles[0])], axis=1)
    lower = np.stack([1 - np.cos(angles[1]), 0.5 - np.sin(angles[1])], axis=1)
    points = np.concatenate([upper, lower]) + rng.normal(0, noise, size=(2 * half, 2))
    labels = np.repeat([0, 1], half)
    return points.astype(np.float32), labels


def features(points: jax.Array) -> jax.Array:
    """Maps 2D points to 4 rotation angles in about ``[0, pi]``.

    >>> features(jnp.zeros((1, 2))).shape
    (1, 4)
    """
    x, y = points[..., 0], points[..., 1]
    scaled = jnp.stack([x, y, x + y, x - y], axis=-1)
    return jnp.pi * (scaled + 1.5) / 4


@circuit(wires=NUM_QUBITS)
def classifier(weights: jax.Array, inputs: jax.Array) -> jax.Array:
    """``<Z_0>`` after embedding ``inputs`` (4 angles) and the trainable layers.

    >>> float(classifier(jnp.zeros((2, 4)), jnp.zeros(4)))
    1.0
    """
    templates.AngleEmbedding(inputs, wires=range(NUM_QUBITS), rotation="Y")
    templates.BasicEntanglerLayers(weights, wires=range(NUM_QUBITS), rotation="Y")
    return expval(Z(0))


def logits(params: dict[str, jax.Array], inputs: jax.Array) -> jax.Array:
    """A batch of logits, ``scale * <Z_0> + bias``, from inputs of shape ``(B, 4)``.

    >>> params = init_params(jax.random.key(0), num_layers=2)
    >>> logits(params, jnp.zeros((3, 4))).shape
    (3,)
    """
    values = jax.vmap(classifier, in_axes=(None, 0))(params["weights"], inputs)
    return params["scale"] * values + params["bias"]


def init_params(key: jax.Array, *, num_layers: int) -> dict[str, jax.Array]:
    """Small random circuit weights, unit scale and zero bias.

    >>> init_params(jax.random.key(0), num_layers=3)["weights"].shape
    (3, 4)
    """
    return {
        "weights": 0.1 * jax.random.normal(key, (num_layers, NUM_QUBITS)),
        "scale": jnp.ones(()),
        "bias": jnp.zeros(()),
    }


def loss_fn(params: dict[str, jax.Array], inputs: jax.Array, labels: jax.Array) -> jax.Array:
    """The mean binary cross-entropy of the classifier's logits.

    >>> params = init_params(jax.random.key(0), num_layers=1)
    >>> float(loss_fn(params, jnp.zeros((2, 4)), jnp.array([0, 1]))) > 0
    True
    """
    values = logits(params, inputs)
    return optax.sigmoid_binary_cross_entropy(values, labels.astype(values.dtype)).mean()


def accuracy(params: dict[str, jax.Array], inputs: jax.Array, labels: jax.Array) -> float:
    """The fraction of correctly classified points.

    >>> params = init_params(jax.random.key(0), num_layers=1)
    >>> 0.0 <= accuracy(params, jnp.zeros((2, 4)), jnp.array([0, 1])) <= 1.0
    True
    """
    predictions = jax.jit(logits)(params, inputs) > 0
    return float(jnp.mean(predictions == (labels == 1)))


@dataclasses.dataclass(frozen=True)
class DemoResult:
    """What a demo run measured."""

    losses: list[float]
    train_accuracy: float
    test_accuracy: float
    seconds: float


def train(
    *,
    epochs: int = 30,
    num_layers: int = 3,
    num_samples: int = 200,
    batch_size: int = 25,
    learning_rate: float = 0.05,
    seed: int = 0,
    progress: Callable[[Iterable[int]], Iterable[int]] = iter,
    report: Callable[[int, float], None] = lambda epoch, loss: None,
) -> DemoResult:
    """Trains the classifier with Adam; returns the loss curve and accuracies.

    Args:
      epochs: passes over the training set.
      num_layers: entangling layers of the circuit.
      num_samples: points generated (3/4 for training, 1/4 for testing).
      batch_size: minibatch size.
      learning_rate: Adam's step size.
      seed: seeds the data, the initial weights and the shuffling.
      progress: wraps the epoch iterator (e.g. ``tqdm.tqdm``).
      report: called with ``(epoch, mean loss)`` after every epoch.

    >>> result = train(epochs=2, num_samples=40, batch_size=10)
    >>> len(result.losses)
    2
    """
    points, labels = make_moons(num_samples, seed=seed)
    inputs = features(jnp.asarray(points))
    labels = jnp.asarray(labels)
    split = 3 * num_samples // 4
    order = np.random.default_rng(seed).permutation(num_samples)
    train_idx, test_idx = order[:split], order[split:]

    params = init_params(jax.random.key(seed), num_layers=num_layers)
    optimizer = optax.adam(learning_rate)
    opt_state = optimizer.init(params)

    @jax.jit
    def step(params, opt_state, x, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss

    rng = np.random.default_rng(seed + 1)
    losses = []
    start = time.perf_counter()
    for epoch in progress(range(epochs)):
        shuffled = rng.permutation(train_idx)
        batch_losses = []
        for begin in range(0, len(shuffled) - batch_size + 1, batch_size):
            batch = shuffled[begin : begin + batch_size]
            params, opt_state, loss = step(params, opt_state, inputs[batch], labels[batch])
            batch_losses.append(float(loss))
        losses.append(float(np.mean(batch_losses)))
        report(epoch, losses[-1])
    seconds = time.perf_counter() - start
    return DemoResult(
        losses=losses,
        train_accuracy=accuracy(params, inputs[train_idx], labels[train_idx]),
        test_accuracy=accuracy(params, inputs[test_idx], labels[test_idx]),
        seconds=seconds,
    )
