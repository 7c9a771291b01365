"""Circuits are plain JAX functions: jit, vmap, grad, hessian, jacfwd, scan, checkpoint."""

import jax
import jax.flatten_util
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import assert_close

import oracle
import qjax as qj

FD_STEP = 1e-6


def _unitary(seed):
    return oracle.random_unitary(4, np.random.default_rng(seed))


@qj.circuit(wires=3)
def model(weights, x):
    """The circuit of the core issue: every kind of gate, a Hamiltonian readout."""
    qj.RX(x[0], wires=0)
    qj.RY(weights[0], wires=1)
    qj.CNOT(wires=[0, 1])
    qj.Rot(*weights[1:4], wires=2)
    qj.QubitUnitary(_unitary(0), wires=[1, 2])
    qj.ctrl(qj.RZ(weights[4], wires=2), control=0)
    return qj.expval(qj.Z(0) @ qj.Z(1) + 0.5 * qj.X(2))


def model_oracle(weights, x):
    """The same circuit, built from the oracle's dense matrices."""
    n = 3
    state = np.zeros(2**n, complex)
    state[0] = 1
    steps = [
        (oracle.gate_matrix("RX", [x[0]]), [0]),
        (oracle.gate_matrix("RY", [weights[0]]), [1]),
        (oracle.gate_matrix("CNOT"), [0, 1]),
        (oracle.gate_matrix("Rot", list(weights[1:4])), [2]),
        (_unitary(0), [1, 2]),
        (oracle.controlled(oracle.gate_matrix("RZ", [weights[4]]), 1), [0, 2]),
    ]
    for matrix, wires in steps:
        state = oracle.apply(state, matrix, wires, n)
    zz = oracle.embed(np.kron(oracle.pauli_matrix("Z"), oracle.pauli_matrix("Z")), [0, 1], n)
    x2 = oracle.embed(oracle.pauli_matrix("X"), [2], n)
    return oracle.expval(state, zz + 0.5 * x2)


WEIGHTS = np.array([0.3, -0.7, 1.1, 0.25, -1.4])
INPUTS = np.array([0.9])


def _central_difference(f, x, step=FD_STEP):
    x = np.asarray(x, float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        shift = np.zeros_like(x)
        shift.flat[i] = step
        grad.flat[i] = (f(x + shift) - f(x - shift)) / (2 * step)
    return grad


def test_forward_matches_the_oracle_eager_and_jitted():
    expected = model_oracle(WEIGHTS, INPUTS)
    assert_close(
        model(jnp.asarray(WEIGHTS, jnp.float32), jnp.asarray(INPUTS, jnp.float32)), expected
    )
    assert_close(jax.jit(model)(WEIGHTS.astype(np.float32), INPUTS.astype(np.float32)), expected)


def test_grad_matches_finite_differences_in_float64(x64):
    grad_w, grad_x = jax.jit(jax.grad(model, argnums=(0, 1)))(WEIGHTS, INPUTS)
    expected_w = _central_difference(lambda w: model_oracle(w, INPUTS), WEIGHTS)
    expected_x = _central_difference(lambda x: model_oracle(WEIGHTS, x), INPUTS)
    np.testing.assert_allclose(grad_w, expected_w, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(grad_x, expected_x, rtol=1e-7, atol=1e-8)


def test_hessian_matches_finite_differences_of_the_gradient(x64):
    hessian = jax.jit(jax.hessian(model))(WEIGHTS, INPUTS)
    oracle_grad = lambda w: _central_difference(lambda v: model_oracle(v, INPUTS), w, 1e-5)  # noqa: E731
    expected = np.stack(
        [
            (oracle_grad(WEIGHTS + d) - oracle_grad(WEIGHTS - d)) / 2e-4
            for d in np.eye(len(WEIGHTS)) * 1e-4
        ]
    )
    np.testing.assert_allclose(hessian, expected, atol=1e-5)
    np.testing.assert_allclose(hessian, hessian.T, atol=1e-12)


def test_forward_and_reverse_mode_agree(x64):
    np.testing.assert_allclose(
        jax.jacfwd(model)(WEIGHTS, INPUTS), jax.grad(model)(WEIGHTS, INPUTS), rtol=1e-10, atol=1e-12
    )


def test_vmap_over_inputs_and_weights_equals_a_python_loop():
    rng = np.random.default_rng(7)
    xs = rng.uniform(-np.pi, np.pi, size=(5, 1)).astype(np.float32)
    ws = rng.uniform(-np.pi, np.pi, size=(4, 5)).astype(np.float32)
    over_inputs = jax.vmap(model, in_axes=(None, 0))(WEIGHTS.astype(np.float32), xs)
    over_weights = jax.jit(jax.vmap(model, in_axes=(0, None)))(ws, INPUTS.astype(np.float32))
    assert_close(over_inputs, [model_oracle(WEIGHTS, x) for x in xs])
    assert_close(over_weights, [model_oracle(w, INPUTS) for w in ws])


def test_nested_vmap_and_vmap_of_grad():
    rng = np.random.default_rng(8)
    xs = rng.uniform(-np.pi, np.pi, size=(3, 1)).astype(np.float32)
    ws = rng.uniform(-np.pi, np.pi, size=(2, 5)).astype(np.float32)
    table = jax.vmap(jax.vmap(model, in_axes=(None, 0)), in_axes=(0, None))(ws, xs)
    assert table.shape == (2, 3)
    assert_close(table, [[model_oracle(w, x) for x in xs] for w in ws])
    grads = jax.jit(jax.vmap(jax.grad(model), in_axes=(0, None)))(ws, INPUTS.astype(np.float32))
    assert_close(grads, [jax.grad(model)(w, INPUTS.astype(np.float32)) for w in ws])


def test_scan_and_checkpoint_compose():
    xs = jnp.linspace(-1, 1, 4, dtype=jnp.float32)[:, None]
    weights = jnp.asarray(WEIGHTS, jnp.float32)

    def body(total, x):
        value = jax.checkpoint(model)(weights, x)
        return total + value, value

    total, values = jax.lax.scan(body, jnp.zeros((), jnp.float32), xs)
    expected = [model_oracle(WEIGHTS, np.asarray(x)) for x in xs]
    assert_close(values, expected)
    assert_close(total, sum(expected))
    grad = jax.grad(
        lambda w: jax.lax.scan(
            lambda c, x: (c + jax.checkpoint(model)(w, x), None), jnp.zeros((), jnp.float32), xs
        )[0]
    )(weights)
    assert_close(grad, sum(jax.grad(model)(weights, x) for x in xs))


def test_any_pytree_of_parameters():
    @qj.circuit(wires=2)
    def circuit(params):
        qj.RX(params["layer"][0], wires=0)
        qj.IsingZZ(params["coupling"], wires=[0, 1])
        qj.RY(params["layer"][1], wires=1)
        return qj.expval(qj.Z(0) @ qj.X(1))

    params = {"layer": jnp.array([0.4, 1.2]), "coupling": jnp.asarray(0.3)}
    grads = jax.grad(circuit)(params)
    assert jax.tree_util.tree_structure(grads) == jax.tree_util.tree_structure(params)
    flat, unravel = jax.flatten_util.ravel_pytree(params)
    f = lambda v: float(circuit(unravel(jnp.asarray(v, jnp.float32))))  # noqa: E731
    numeric = _central_difference(f, np.asarray(flat), step=1e-3)
    np.testing.assert_allclose(jax.flatten_util.ravel_pytree(grads)[0], numeric, atol=2e-3)


def test_new_numbers_never_retrace():
    traces = []

    @qj.circuit(wires=3)
    def counted(weights, x):
        traces.append(None)
        return model.fn(weights, x)

    compiled = jax.jit(counted)
    for seed in range(4):
        w = np.random.default_rng(seed).normal(size=5).astype(np.float32)
        compiled(w, INPUTS.astype(np.float32)).block_until_ready()
    assert len(traces) == 1


def test_traced_state_preparation_and_unitary():
    rng = np.random.default_rng(3)
    vectors = np.stack([oracle.random_state(2, rng) for _ in range(3)])
    unitary = oracle.random_unitary(4, rng)

    @qj.circuit(wires=2)
    def run(vector, matrix):
        qj.StatePrep(vector, wires=[1, 0])
        qj.QubitUnitary(matrix, wires=[0, 1])
        return qj.state()

    @qj.circuit(wires=3)
    def basis(bits):
        qj.BasisState(bits, wires=[2, 0, 1])
        return qj.probs()

    batched = jax.jit(jax.vmap(run, in_axes=(0, None)))
    result = batched(jnp.asarray(vectors, jnp.complex64), jnp.asarray(unitary, jnp.complex64))
    swap = oracle.gate_matrix("SWAP")
    expected = [unitary @ (swap @ v) for v in vectors]
    assert_close(result, expected)
    probs = jax.jit(basis)(jnp.array([1, 0, 1]))
    assert int(jnp.argmax(probs)) == 0b011


def test_complex128_under_x64(x64):
    @qj.circuit(wires=2)
    def run(theta):
        qj.RY(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        return qj.state(), qj.expval(qj.Z(1))

    state, value = jax.jit(run)(0.3)
    assert state.dtype == jnp.complex128
    assert value.dtype == jnp.float64
    np.testing.assert_allclose(value, np.cos(0.3), rtol=1e-12)


@pytest.mark.parametrize("wires", [["a", "b", "c"], [10, 5, 7]])
def test_wire_labels(wires):
    @qj.circuit(wires=wires)
    def run():
        qj.X(wires[2])
        qj.CNOT(wires=[wires[2], wires[0]])
        return qj.probs(wires=[wires[0], wires[1]]), qj.state()

    probs, state = run()
    assert_close(probs, [0, 0, 1, 0])
    assert int(jnp.argmax(jnp.abs(state))) == 0b101
