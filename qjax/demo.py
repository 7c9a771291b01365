"""The ``qjax demo`` workload: a hybrid Flax model, with a quantum layer, trained with Optax.

Points of a two-moons dataset made here pass through a dense layer, a
4-qubit :class:`~qjax.nn.QuantumLayer` (angle embedding, entangling layers,
``<Z>`` of every qubit) and a dense read-out, trained with Adam. Every epoch
is checkpointed with Orbax, so an interrupted run resumes where it stopped
and continues exactly as an uninterrupted one would; the loss and
accuracies are plotted to a PNG.
"""

import dataclasses
import pathlib
import time
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx

from qjax import templates
from qjax.measure import expval
from qjax.nn import QuantumLayer
from qjax.ops import Z
from qjax.workflow import circuit

NUM_QUBITS = 4
CHECKPOINTS_KEPT = 2
"""Orbax keeps the newest checkpoints only."""


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
    return points.astype(np.float32), labels.astype(np.int32)


@circuit(wires=NUM_QUBITS)
def quantum_features(weights: jax.Array, inputs: jax.Array) -> list[jax.Array]:
    """``<Z>`` of every qubit after embedding ``inputs`` (4 angles) and the trainable layers.

    >>> [round(float(v), 4) for v in quantum_features(jnp.zeros((2, 4)), jnp.zeros(4))]
    [1.0, 1.0, 1.0, 1.0]
    """
    templates.AngleEmbedding(inputs, wires=range(NUM_QUBITS), rotation="Y")
    templates.BasicEntanglerLayers(weights, wires=range(NUM_QUBITS), rotation="Y")
    return [expval(Z(wire)) for wire in range(NUM_QUBITS)]


class HybridClassifier(nnx.Module):
    """``Linear(2, 4)``, angles ``pi * tanh``, the quantum layer, ``Linear(4, 2)`` logits.

    >>> model = HybridClassifier(num_layers=2, rngs=nnx.Rngs(0))
    >>> model(jnp.zeros((5, 2))).shape
    (5, 2)
    """

    def __init__(self, num_layers: int, rngs: nnx.Rngs):
        self.embed = nnx.Linear(2, NUM_QUBITS, rngs=rngs)
        self.quantum = QuantumLayer(
            quantum_features, {"weights": (num_layers, NUM_QUBITS)}, rngs=rngs
        )
        self.readout = nnx.Linear(NUM_QUBITS, 2, rngs=rngs)

    def __call__(self, points: jax.Array) -> jax.Array:
        return self.readout(self.quantum(jnp.pi * jnp.tanh(self.embed(points))))


def loss_fn(model: HybridClassifier, points: jax.Array, labels: jax.Array) -> jax.Array:
    """The mean cross-entropy of the model's logits.

    >>> model = HybridClassifier(num_layers=1, rngs=nnx.Rngs(0))
    >>> float(loss_fn(model, jnp.zeros((2, 2)), jnp.array([0, 1]))) > 0
    True
    """
    return optax.softmax_cross_entropy_with_integer_labels(model(points), labels).mean()


@nnx.jit
def accuracy(model: HybridClassifier, points: jax.Array, labels: jax.Array) -> jax.Array:
    """The fraction of correctly classified points.

    >>> model = HybridClassifier(num_layers=1, rngs=nnx.Rngs(0))
    >>> 0.0 <= float(accuracy(model, jnp.zeros((2, 2)), jnp.array([0, 1]))) <= 1.0
    True
    """
    return jnp.mean(jnp.argmax(model(points), axis=-1) == labels)


@nnx.jit
def train_step(
    model: HybridClassifier,
    optimizer: nnx.Optimizer,
    points: jax.Array,
    labels: jax.Array,
) -> jax.Array:
    """One Adam step on a minibatch; returns its loss."""
    loss, grads = nnx.value_and_grad(loss_fn)(model, points, labels)
    optimizer.update(model, grads)
    return loss


@dataclasses.dataclass(frozen=True)
class DemoResult:
    """What a demo run measured: one entry per epoch, from the first (resumed runs too)."""

    losses: list[float]
    train_accuracies: list[float]
    test_accuracies: list[float]
    seconds: float
    resumed_from: int

    @property
    def train_accuracy(self) -> float:
        """The final training accuracy."""
        return self.train_accuracies[-1]

    @property
    def test_accuracy(self) -> float:
        """The final held-out accuracy."""
        return self.test_accuracies[-1]


def _checkpointer(directory: pathlib.Path) -> Any:
    import orbax.checkpoint as ocp

    options = ocp.CheckpointManagerOptions(max_to_keep=CHECKPOINTS_KEPT, create=True)
    return ocp.CheckpointManager(directory.resolve(), options=options)


def _restore(manager: Any, state: Any) -> tuple[Any, dict[str, list[float]]]:
    import orbax.checkpoint as ocp

    restored = manager.restore(
        manager.latest_step(),
        args=ocp.args.Composite(
            state=ocp.args.StandardRestore(state), history=ocp.args.JsonRestore()
        ),
    )
    return restored.state, restored.history


def _save(manager: Any, epoch: int, state: Any, history: dict[str, list[float]]) -> None:
    import orbax.checkpoint as ocp

    manager.save(
        epoch,
        args=ocp.args.Composite(
            state=ocp.args.StandardSave(state), history=ocp.args.JsonSave(history)
        ),
    )


def train(
    *,
    epochs: int = 30,
    num_layers: int = 3,
    num_samples: int = 200,
    batch_size: int = 25,
    learning_rate: float = 0.03,
    seed: int = 0,
    checkpoint_dir: pathlib.Path | None = None,
    resume: bool = False,
    report: Callable[[int, dict[str, float]], None] = lambda epoch, metrics: None,
) -> DemoResult:
    """Trains the hybrid classifier with Adam; returns the loss and accuracy curves.

    The minibatches of epoch ``e`` are drawn from ``(seed, e)``, so a run
    resumed from a checkpoint takes the same steps as an uninterrupted one.

    Args:
      epochs: passes over the training set (in total, when resuming).
      num_layers: entangling layers of the circuit.
      num_samples: points generated (3/4 for training, 1/4 for testing).
      batch_size: minibatch size.
      learning_rate: Adam's step size.
      seed: seeds the data, the initial weights and the shuffling.
      checkpoint_dir: where every epoch is checkpointed (``None``: nowhere).
      resume: continue from the newest checkpoint in ``checkpoint_dir``, if any.
      report: called with ``(epoch, {"loss", "train_accuracy", "test_accuracy"})``.

    >>> result = train(epochs=2, num_samples=40, batch_size=10)
    >>> len(result.losses), result.resumed_from
    (2, 0)
    """
    points, labels = make_moons(num_samples, seed=seed)
    points, labels = jnp.asarray(points), jnp.asarray(labels)
    split = 3 * num_samples // 4
    order = np.random.default_rng(seed).permutation(num_samples)
    train_idx, test_idx = order[:split], order[split:]

    model = HybridClassifier(num_layers, rngs=nnx.Rngs(seed))
    optimizer = nnx.Optimizer(model, optax.adam(learning_rate), wrt=nnx.Param)
    graph, state = nnx.split((model, optimizer))
    history: dict[str, list[float]] = {"loss": [], "train_accuracy": [], "test_accuracy": []}
    manager = None if checkpoint_dir is None else _checkpointer(checkpoint_dir)
    if resume and manager is not None and manager.latest_step() is not None:
        state, history = _restore(manager, state)
        model, optimizer = nnx.merge(graph, state)
    resumed_from = len(history["loss"])

    start = time.perf_counter()
    for epoch in range(resumed_from, epochs):
        shuffled = np.random.default_rng((seed, epoch)).permutation(train_idx)
        losses = [
            float(train_step(model, optimizer, points[batch], labels[batch]))
            for batch in np.array_split(shuffled, max(1, len(shuffled) // batch_size))
        ]
        metrics = {
            "loss": float(np.mean(losses)),
            "train_accuracy": float(accuracy(model, points[train_idx], labels[train_idx])),
            "test_accuracy": float(accuracy(model, points[test_idx], labels[test_idx])),
        }
        for name, value in metrics.items():
            history[name].append(value)
        if manager is not None:
            _save(manager, epoch, nnx.state((model, optimizer)), history)
        report(epoch, metrics)
    if manager is not None:
        manager.wait_until_finished()
        manager.close()
    return DemoResult(
        losses=history["loss"],
        train_accuracies=history["train_accuracy"],
        test_accuracies=history["test_accuracy"],
        seconds=time.perf_counter() - start,
        resumed_from=resumed_from,
    )


def save_plot(result: DemoResult, path: pathlib.Path) -> None:
    """Writes the loss and accuracy curves of a run to a PNG.

    >>> import tempfile
    >>> run = DemoResult([0.7, 0.3], [0.6, 0.9], [0.5, 0.8], seconds=1.0, resumed_from=0)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "curves.png"
    >>> save_plot(run, path)
    >>> path.read_bytes()[:4]
    b'\\x89PNG'
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = np.arange(1, len(result.losses) + 1)
    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(9, 3.5))
    loss_axes.plot(epochs, result.losses)
    loss_axes.set(xlabel="epoch", ylabel="training loss", title="loss")
    accuracy_axes.plot(epochs, result.train_accuracies, label="train")
    accuracy_axes.plot(epochs, result.test_accuracies, label="test")
    accuracy_axes.set(xlabel="epoch", ylabel="accuracy", ylim=(0, 1), title="accuracy")
    accuracy_axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
