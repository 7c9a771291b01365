"""``qj.nn.QuantumLayer`` (Flax NNX) and ``qj.nn.LinenQuantumLayer`` in hybrid models.

The layer is checked for shapes, for one batched circuit evaluation in its
jaxpr (not a loop over the batch), against the plain circuit and finite
differences, under nnx.jit, nnx.grad and nnx.vmap, with every diff_method,
through an Orbax checkpoint, and by learning a set that is not linearly
separable with no classical layer.
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import orbax.checkpoint as ocp
import pytest
from flax import linen, nnx
from helpers import assert_close, jaxpr_equations

import qjax as qj
from qjax.errors import ParameterError

NUM_WIRES = 3


@pytest.fixture
def standard_promotion(strict_promotion):
    """Optax's updates and Flax's dense layers promote dtypes (a float64 layer output meets
    float32 kernels under x64); the quantum layer alone is tested under strict promotion."""
    with jax.numpy_dtype_promotion("standard"):
        yield


def _ansatz(weights, inputs):
    qj.templates.AngleEmbedding(inputs, wires=range(NUM_WIRES))
    for layer in range(weights.shape[0]):
        for wire in range(NUM_WIRES):
            qj.Rot(*weights[layer, wire], wires=wire)
        for wire in range(NUM_WIRES):
            qj.CNOT(wires=[wire, (wire + 1) % NUM_WIRES])
    return [qj.expval(qj.Z(wire)) for wire in range(NUM_WIRES)]


def ansatz(diff_method: str = "backprop") -> qj.CircuitFunction:
    return qj.circuit(_ansatz, wires=NUM_WIRES, diff_method=diff_method)


class Hybrid(nnx.Module):
    def __init__(self, rngs: nnx.Rngs, diff_method: str = "backprop"):
        self.pre = nnx.Linear(16, NUM_WIRES, rngs=rngs)
        self.q = qj.nn.QuantumLayer(ansatz(diff_method), {"weights": (2, NUM_WIRES, 3)}, rngs=rngs)
        self.post = nnx.Linear(NUM_WIRES, 2, rngs=rngs)

    def __call__(self, x):
        return self.post(self.q(jnp.tanh(self.pre(x))))


def _batch(size: int, seed: int = 0) -> tuple[jax.Array, jax.Array]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(size, 16)).astype(np.float32)
    return jnp.asarray(x), jnp.asarray((x[:, 0] * x[:, 1] > 0).astype(np.int32))


def _loss(model: Hybrid, x: jax.Array, y: jax.Array) -> jax.Array:
    return optax.softmax_cross_entropy_with_integer_labels(model(x), y).mean()


@pytest.mark.usefixtures("standard_promotion")
def test_the_hybrid_model_trains_and_its_circuit_weights_get_gradients():
    model = Hybrid(nnx.Rngs(0))
    optimizer = nnx.Optimizer(model, optax.adam(1e-2), wrt=nnx.Param)
    x, y = _batch(32)

    @nnx.jit
    def step(model, optimizer, x, y):
        loss, grads = nnx.value_and_grad(_loss)(model, x, y)
        optimizer.update(model, grads)
        return loss, grads

    first, grads = step(model, optimizer, x, y)
    assert model(x).shape == (32, 2)
    assert float(jnp.abs(grads.q.weights["weights"][...]).max()) > 1e-4
    for _ in range(20):
        loss, _ = step(model, optimizer, x, y)
    assert float(loss) < float(first)


def test_the_layer_matches_the_circuit_row_by_row_and_keeps_batch_axes():
    layer = qj.nn.QuantumLayer(ansatz(), {"weights": (2, NUM_WIRES, 3)}, rngs=nnx.Rngs(1))
    inputs = jax.random.normal(jax.random.key(2), (2, 3, NUM_WIRES))
    outputs = nnx.jit(lambda layer, x: layer(x))(layer, inputs)
    assert outputs.shape == (2, 3, NUM_WIRES)
    weights = layer.weights["weights"][...]
    one_row = jax.jit(ansatz())
    for i in range(2):
        for j in range(3):
            assert_close(outputs[i, j], jnp.stack(one_row(weights, inputs[i, j])))
    assert layer(inputs[0, 0]).shape == (NUM_WIRES,)


def test_the_layer_is_one_batched_circuit_evaluation():
    layer = qj.nn.QuantumLayer(ansatz(), {"weights": (2, NUM_WIRES, 3)}, rngs=nnx.Rngs(1))

    def equations(batch: int) -> int:
        jaxpr = jax.make_jaxpr(layer)(jnp.zeros((batch, NUM_WIRES)))
        return len(list(jaxpr_equations(jaxpr.jaxpr)))

    assert equations(4) == equations(256)


def test_layer_gradients_match_finite_differences(x64):
    layer = qj.nn.QuantumLayer(ansatz(), {"weights": (1, NUM_WIRES, 3)}, rngs=nnx.Rngs(3))
    inputs = jax.random.normal(jax.random.key(4), (5, NUM_WIRES), jnp.float64)

    @nnx.jit
    def loss(layer):
        return jnp.sum(layer(inputs) ** 2)

    grads = nnx.grad(loss)(layer).weights["weights"][...]
    weights = layer.weights["weights"][...]
    step = 1e-6
    for index in [(0, 0, 0), (0, 2, 1), (0, 1, 2)]:
        shifted = []
        for sign in (1, -1):
            layer.weights["weights"][...] = weights.at[index].add(sign * step)
            shifted.append(loss(layer))
        layer.weights["weights"][...] = weights
        np.testing.assert_allclose(grads[index], (shifted[0] - shifted[1]) / (2 * step), atol=1e-6)


@pytest.mark.usefixtures("standard_promotion")
@pytest.mark.parametrize("diff_method", ["adjoint", "parameter-shift"])
def test_every_diff_method_gives_the_backprop_gradient(x64, diff_method):
    x, y = _batch(4)
    reference = Hybrid(nnx.Rngs(5))
    model = Hybrid(nnx.Rngs(5), diff_method=diff_method)
    want = nnx.jit(nnx.grad(_loss))(reference, x, y)
    got = nnx.jit(nnx.grad(_loss))(model, x, y)
    assert_close(got.q.weights["weights"][...], want.q.weights["weights"][...])


def test_the_layer_under_nnx_vmap():
    layer = qj.nn.QuantumLayer(ansatz(), {"weights": (1, NUM_WIRES, 3)}, rngs=nnx.Rngs(6))
    stacks = jax.random.normal(jax.random.key(7), (3, 5, NUM_WIRES))
    mapped = nnx.vmap(lambda layer, x: layer(x), in_axes=(None, 0))(layer, stacks)
    assert_close(mapped, layer(stacks))


def test_a_checkpoint_round_trips_bit_exactly(tmp_path):
    model = Hybrid(nnx.Rngs(8))
    _, state = nnx.split(model)
    with ocp.StandardCheckpointer() as checkpointer:
        checkpointer.save(tmp_path / "model", state)
        checkpointer.wait_until_finished()
        fresh = Hybrid(nnx.Rngs(9))
        graph, template = nnx.split(fresh)
        restored = nnx.merge(graph, checkpointer.restore(tmp_path / "model", template))
    x, _ = _batch(6)
    np.testing.assert_array_equal(restored(x), model(x))
    np.testing.assert_array_equal(
        restored.q.weights["weights"][...], model.q.weights["weights"][...]
    )


@pytest.mark.usefixtures("standard_promotion")
def test_a_quantum_only_model_learns_concentric_circles():
    """No classical layer: both features re-uploaded into two qubits per layer, read as <Z0>."""
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, size=(600, 2)).astype(np.float32)
    labels = (np.linalg.norm(points, axis=1) < 0.65).astype(np.float32)
    train, test = slice(0, 400), slice(400, None)

    @qj.circuit(wires=2)
    def classifier(weights, inputs):
        for layer in range(weights.shape[0]):
            for wire in range(2):
                w = weights[layer, wire]
                qj.Rot(w[0] * inputs[0] + w[1], w[2] * inputs[1] + w[3], w[4], wires=wire)
            qj.CZ(wires=[0, 1])
        return qj.expval(qj.Z(0))

    layer = qj.nn.QuantumLayer(classifier, {"weights": (3, 2, 5)}, rngs=nnx.Rngs(0))
    optimizer = nnx.Optimizer(layer, optax.adam(5e-2), wrt=nnx.Param)
    x, y = jnp.asarray(points), jnp.asarray(labels)

    def loss(layer, x, y):
        return jnp.mean((layer(x) - (1 - 2 * y)) ** 2)

    @nnx.jit
    def step(layer, optimizer, x, y):
        grads = nnx.grad(loss)(layer, x, y)
        optimizer.update(layer, grads)

    for _ in range(150):
        step(layer, optimizer, x[train], y[train])
    predicted = (layer(x[test]) < 0).astype(jnp.float32)
    accuracy = float(jnp.mean(predicted == y[test]))
    assert accuracy >= 0.85  # a linear classifier cannot beat the 2/3 majority class


def test_the_linen_twin_gives_the_same_layer():
    circuit = ansatz()
    layer = qj.nn.LinenQuantumLayer(circuit, {"weights": (2, NUM_WIRES, 3)})
    inputs = jax.random.normal(jax.random.key(10), (6, NUM_WIRES))
    variables = layer.init(jax.random.key(11), inputs)
    weights = variables["params"]["weights"]
    assert weights.shape == (2, NUM_WIRES, 3)
    expected = qj.nn.evaluate(circuit, {"weights": weights}, inputs)
    assert_close(jax.jit(layer.apply)(variables, inputs), expected)
    grads = jax.grad(lambda v: jnp.sum(layer.apply(v, inputs)))(variables)
    assert float(jnp.abs(grads["params"]["weights"]).max()) > 1e-4

    class Model(linen.Module):
        @linen.compact
        def __call__(self, x):
            return linen.Dense(2)(
                qj.nn.LinenQuantumLayer(circuit, {"weights": (1, NUM_WIRES, 3)})(x)
            )

    params = Model().init(jax.random.key(12), inputs)
    assert Model().apply(params, inputs).shape == (6, 2)


def test_initialisers_by_name():
    zeros = jax.nn.initializers.zeros
    layer = qj.nn.QuantumLayer(
        ansatz(), {"weights": (1, NUM_WIRES, 3)}, rngs=nnx.Rngs(0), init={"weights": zeros}
    )
    assert float(jnp.abs(layer.weights["weights"][...]).max()) == 0.0


def test_layer_errors_are_clear():
    with pytest.raises(ParameterError, match=r"missing \['inputs'\]"):
        qj.nn.QuantumLayer(lambda weights, x: None, {"weights": (1,)}, rngs=nnx.Rngs(0))
    with pytest.raises(ParameterError, match=r"missing \['theta'\]"):
        qj.nn.QuantumLayer(ansatz(), {"theta": (1,)}, rngs=nnx.Rngs(0))
    with pytest.raises(ParameterError, match="non-empty dict"):
        qj.nn.QuantumLayer(ansatz(), {}, rngs=nnx.Rngs(0))
    layer = qj.nn.QuantumLayer(ansatz(), {"weights": (1, NUM_WIRES, 3)}, rngs=nnx.Rngs(0))
    with pytest.raises(ParameterError, match="scalar"):
        layer(jnp.float32(1.0))
