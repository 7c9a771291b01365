"""``training``: training steps per second of ``qjax demo``'s hybrid classifier.

The model is :class:`qjax.demo.HybridClassifier`: ``nnx.Linear(2, 4)``, angles
``pi * tanh``, a 4-qubit :class:`~qjax.nn.QuantumLayer` (``AngleEmbedding`` with
RY, ``BasicEntanglerLayers`` with RY, ``<Z>`` of every qubit) and
``nnx.Linear(4, 2)``, trained on two-moons points (:func:`qjax.demo.make_moons`)
with the cross-entropy (:func:`qjax.demo.loss_fn`) and Adam. One step is one
jitted :func:`qjax.demo.train_step`: the forward pass, the backward pass and
the Adam update.

The peer is the same model on PennyLane's JAX interface: a
``qml.qnode(dev, interface="jax")`` on ``default.qubit`` with
``qml.AngleEmbedding(rotation="Y")`` and ``qml.BasicEntanglerLayers(rotation=qml.RY)``,
the classical layers in plain JAX, the same loss and ``optax.adam``, the whole
step under ``jax.jit``, the batch by parameter broadcasting (the QNode called
once on the whole batch, which PennyLane's QNode documentation gives as the
fast path on its simulators). It starts from qjax's initial weights, copied
in, and its first loss must agree with qjax's within :data:`TOLERANCE`, or its
row is an error: a peer that disagrees trains another model.
"""

import math
from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import optax
from flax import nnx

from benchmarks.timing import compile_and_run_once, peak_rss_bytes, steady_seconds
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import SIMULATOR, simulator_case
from qjax import demo

NUM_LAYERS, BATCHES = 3, (32, 256, 1024)
QUICK_NUM_LAYERS, QUICK_BATCHES = 2, (8,)
LEARNING_RATE = 0.03
"""Adam's step size, as in ``qjax demo``."""
SEED = 0
"""Seeds the points and qjax's initial weights (which the peer copies)."""
STEPS_PER_REP = 10
"""Steps a timed repetition runs back to back, waited on at the end: a training loop's pace."""
TOLERANCE = 1e-5
"""The most the peer's first loss may differ from qjax's, from the same weights and points."""
PEER = "default.qubit"
SIMULATORS = (SIMULATOR, PEER)
"""qjax, then PennyLane's ``default.qubit`` with the JAX interface."""

State = Any
Step = Callable[[State, jax.Array, jax.Array], tuple[State, jax.Array]]
"""``(state, points, labels) -> (state, loss)``: one training step, a pure function."""


def cases(settings: Settings) -> list[Case]:
    """qjax and PennyLane, 3 layers, on batches of 32, 256 and 1024 points.

    >>> [(c.params["simulator"], c.params["batch"]) for c in cases(Settings(quick=True))]
    [('qjax', 8), ('default.qubit', 8)]
    >>> sorted({c.params["batch"] for c in cases(Settings())})
    [32, 256, 1024]
    """
    layers, batches = (QUICK_NUM_LAYERS, QUICK_BATCHES) if settings.quick else (NUM_LAYERS, BATCHES)
    return [
        simulator_case(
            "training", {"simulator": name, "layers": layers, "batch": batch}, size=(batch,)
        )
        for batch in batches
        for name in SIMULATORS
    ]


def initial_model(layers: int, *, seed: int = SEED) -> tuple[demo.HybridClassifier, nnx.Optimizer]:
    """The demo's model, its weights drawn from ``seed``, and its Adam optimizer."""
    model = demo.HybridClassifier(layers, rngs=nnx.Rngs(seed))
    return model, nnx.Optimizer(model, optax.adam(LEARNING_RATE), wrt=nnx.Param)


def moons(batch: int) -> tuple[jax.Array, jax.Array]:
    """``batch`` two-moons points and their labels.

    >>> points, labels = moons(8)
    >>> points.shape, labels.dtype
    ((8, 2), dtype('int32'))
    """
    points, labels = demo.make_moons(batch, seed=SEED)
    return jnp.asarray(points), jnp.asarray(labels)


def qjax_step(model: demo.HybridClassifier, optimizer: nnx.Optimizer) -> tuple[Step, State]:
    """:func:`qjax.demo.train_step` as a pure function of the model's and optimizer's state.

    >>> model, optimizer = initial_model(1)
    >>> step, state = qjax_step(model, optimizer)
    >>> with jax.numpy_dtype_promotion("standard"):  # optax's Adam, see ``measure``
    ...     state, loss = jax.jit(step)(state, *moons(4))
    >>> loss.shape
    ()
    """
    graph, state = nnx.split((model, optimizer))

    def step(state: State, points: jax.Array, labels: jax.Array) -> tuple[State, jax.Array]:
        model, optimizer = nnx.merge(graph, state)
        loss = demo.train_step(model, optimizer, points, labels)
        return nnx.state((model, optimizer)), loss

    return step, state


def pennylane_weights(model: demo.HybridClassifier) -> dict[str, Any]:
    """The model's weights as the PennyLane model's parameters (plain arrays).

    >>> params = pennylane_weights(initial_model(2)[0])
    >>> params["weights"].shape, params["embed"]["kernel"].shape
    ((2, 4), (2, 4))
    """
    return {
        "embed": {"kernel": model.embed.kernel[...], "bias": model.embed.bias[...]},
        "weights": model.quantum.weights["weights"][...],
        "readout": {"kernel": model.readout.kernel[...], "bias": model.readout.bias[...]},
    }


def pennylane_step(params: dict[str, Any]) -> tuple[Step, State]:
    """The same model and step on PennyLane's ``default.qubit``, JAX interface (imports it).

    Returns the step and its state: the parameters and Adam's state.
    """
    import pennylane as qml

    wires = range(demo.NUM_QUBITS)

    @qml.qnode(qml.device("default.qubit", wires=demo.NUM_QUBITS), interface="jax")
    def features(inputs: jax.Array, weights: jax.Array) -> list[Any]:
        qml.AngleEmbedding(inputs, wires=wires, rotation="Y")
        qml.BasicEntanglerLayers(weights, wires=wires, rotation=qml.RY)
        return [qml.expval(qml.Z(wire)) for wire in wires]

    def logits(params: dict[str, Any], points: jax.Array) -> jax.Array:
        embed, readout = params["embed"], params["readout"]
        angles = jnp.pi * jnp.tanh(points @ embed["kernel"] + embed["bias"])
        # Broadcasting: one QNode call on the whole batch, <Z> of each wire per point.
        quantum = jnp.stack(features(angles, params["weights"]), axis=-1)
        return quantum @ readout["kernel"] + readout["bias"]

    def loss_fn(params: dict[str, Any], points: jax.Array, labels: jax.Array) -> jax.Array:
        return optax.softmax_cross_entropy_with_integer_labels(
            logits(params, points), labels
        ).mean()

    adam = optax.adam(LEARNING_RATE)

    def step(state: State, points: jax.Array, labels: jax.Array) -> tuple[State, jax.Array]:
        params, opt_state = state
        loss, grads = jax.value_and_grad(loss_fn)(params, points, labels)
        updates, opt_state = adam.update(grads, opt_state, params)
        return (optax.apply_updates(params, updates), opt_state), loss

    return step, (params, adam.init(params))


def run_steps(call: Callable[[], jax.Array], settings: Settings) -> tuple[float, int]:
    """The median seconds per step over repetitions of :data:`STEPS_PER_REP` steps, and the
    number of repetitions (see :func:`~benchmarks.timing.steady_seconds`).

    >>> seconds, reps = run_steps(lambda: jnp.zeros(()), Settings(quick=True))
    >>> reps
    3
    """

    def repetition() -> jax.Array:
        for _ in range(STEPS_PER_REP - 1):
            call()
        return call()

    seconds, reps = steady_seconds(repetition, settings)
    return seconds / STEPS_PER_REP, reps


def measure_step(
    step: Step, state: State, points: jax.Array, labels: jax.Array, settings: Settings
) -> Iterator[Row]:
    """Times the jitted ``step`` stage by stage, then a training loop of it.

    Yields ``trace_s``, ``compile_s`` and the memory use, ``first_run_s``,
    ``first_call_s`` and ``first_loss`` (the loss before the first update),
    then ``steady_s`` (seconds per step), ``reps`` and ``final_loss``.
    """
    compiled, (state, loss), first = yield from compile_and_run_once(step, (state, points, labels))
    yield {**first, "first_loss": float(loss), "stage": "timing"}
    current = [state, loss]

    def call() -> jax.Array:
        current[0], current[1] = compiled(current[0], points, labels)
        return current[1]

    steady_s, reps = run_steps(call, settings)
    yield {"steady_s": steady_s, "reps": reps, "final_loss": float(current[1])}


def measure_qjax(
    layers: int, points: jax.Array, labels: jax.Array, settings: Settings
) -> Iterator[Row]:
    """qjax's step, then ``demo_step_s``: the same step as the demo calls it (``nnx.jit``
    on the model and optimizer objects, its graph handling included)."""
    model, optimizer = initial_model(layers)
    step, state = qjax_step(model, optimizer)
    yield {"base_rss_bytes": peak_rss_bytes()}
    yield from measure_step(step, state, points, labels, settings)
    yield {"stage": "timing the demo's call"}
    jax.block_until_ready(demo.train_step(model, optimizer, points, labels))
    demo_step_s, _ = run_steps(lambda: demo.train_step(model, optimizer, points, labels), settings)
    yield {"demo_step_s": demo_step_s}


def measure_pennylane(
    layers: int, points: jax.Array, labels: jax.Array, settings: Settings
) -> Iterator[Row]:
    """PennyLane's step from qjax's initial weights; raises if its first loss disagrees."""
    model, _ = initial_model(layers)
    expected = float(nnx.jit(demo.loss_fn)(model, points, labels))
    yield {"stage": "importing"}
    step, state = pennylane_step(pennylane_weights(model))
    yield {"base_rss_bytes": peak_rss_bytes()}
    for results in measure_step(step, state, points, labels, settings):
        if "first_loss" in results:
            difference = abs(results["first_loss"] - expected)
            yield {**results, "loss_difference": difference}
            if difference > TOLERANCE:
                raise ValueError(
                    f"first loss {results['first_loss']:.6f} differs from qjax's "
                    f"{expected:.6f} by {difference:.1e} > {TOLERANCE:g}"
                )
        else:
            yield results


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times one simulator's training step on ``params["batch"]`` points."""
    layers, batch = params["layers"], params["batch"]
    points, labels = moons(batch)
    # Both models train as their users train them, under JAX's default promotion rules:
    # optax's Adam needs them (its bias correction raises a Python float to the int32 count).
    with jax.numpy_dtype_promotion("standard"), jax.numpy_rank_promotion("allow"):
        if params["simulator"] == SIMULATOR:
            yield from measure_qjax(layers, points, labels, settings)
        else:
            yield from measure_pennylane(layers, points, labels, settings)
    yield {"peak_rss_bytes": peak_rss_bytes(), "stage": "done"}


def derive(rows: list[Row]) -> list[Row]:
    """Adds steps and samples per second and ``vs_qjax``, a row's step time over qjax's;
    rounds the losses for the table (six decimals; the difference to two digits).

    >>> size = {"layers": 2, "batch": 8}
    >>> rows = derive([
    ...     {"simulator": "qjax", **size, "steady_s": 0.004},
    ...     {"simulator": "default.qubit", **size, "steady_s": 0.002},
    ... ])
    >>> [(row["steps_per_s"], row["samples_per_s"], row["vs_qjax"]) for row in rows]
    [(250.0, 2000, 1.0), (500.0, 4000, 0.5)]
    """

    def size(row: Row) -> tuple[int, int]:
        return row["layers"], row["batch"]

    qjax = {
        size(row): row["steady_s"]
        for row in rows
        if row["simulator"] == SIMULATOR and row.get("steady_s")
    }

    def with_rates(row: Row) -> Row:
        extra: Row = {}
        if "first_loss" in row:
            extra["first_loss"] = round(row["first_loss"], 6)
        if "loss_difference" in row:
            extra["loss_difference"] = _digits(row["loss_difference"])
        steady_s = row.get("steady_s")
        if steady_s:
            extra["steps_per_s"] = round(1 / steady_s, 1)
            extra["samples_per_s"] = round(row["batch"] / steady_s)
            if size(row) in qjax:
                extra["vs_qjax"] = steady_s / qjax[size(row)]
        return {**row, **extra}

    return [with_rates(row) for row in rows]


def _digits(value: float) -> float:
    """``value`` to two significant digits.

    >>> _digits(1.2345e-7), _digits(0.0)
    (1.2e-07, 0.0)
    """
    if not value:
        return value
    return round(value, 1 - math.floor(math.log10(abs(value))))


WORKLOAD = Workload(
    name="training",
    description="steps/s of qjax demo's hybrid classifier (forward, backward, Adam), vs PennyLane",
    cases=cases,
    measure=measure,
    columns=(
        Column("simulator", "simulator"),
        Column("layers", "layers"),
        Column("batch", "batch"),
        Column("compile_s", "compile", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "step", "seconds"),
        Column("steps_per_s", "steps/s"),
        Column("samples_per_s", "samples/s"),
        Column("vs_qjax", "PennyLane/qjax", "ratio"),
        Column("demo_step_s", "nnx.jit step", "seconds"),
        Column("temp_bytes", "temp", "bytes"),
        Column("first_loss", "first loss"),
        Column("loss_difference", "vs qjax loss"),
    ),
    notes=(
        "One step = forward + backward + Adam update of the 4-qubit hybrid classifier, "
        "jitted whole (qjax: qjax.demo.train_step; PennyLane: default.qubit, JAX interface, "
        "parameter broadcasting over the batch, the same classical layers, loss and "
        "optax.adam, from qjax's initial weights). first call = trace + compile + first "
        f"step; step = the median seconds per step over runs of {STEPS_PER_REP} back-to-back "
        "steps, compilation excluded. PennyLane/qjax = step time over qjax's (below 1: "
        "PennyLane is faster). nnx.jit step = the demo's own call of train_step on the "
        "model objects (Flax's graph handling included). vs qjax loss = |first loss - "
        f"qjax's| from the same weights (must be <= {TOLERANCE:g})."
    ),
    derive=derive,
)
