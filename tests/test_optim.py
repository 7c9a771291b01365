"""``qjax.optim.qng``: the quantum natural gradient as an Optax transformation."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest
from helpers import assert_close

import qjax as qj


@qj.circuit(wires=2)
def energy(params, *, field):
    qj.RY(params[0], wires=0)
    qj.RY(params[1], wires=1)
    qj.CNOT(wires=[0, 1])
    qj.RX(params[2], wires=0)
    qj.RZ(params[3], wires=1)
    return qj.expval(qj.Z(0) @ qj.Z(1) + field * (qj.X(0) + qj.X(1)))


PARAMS = jnp.array([0.4, -0.3, 0.9, 0.2])
FIELD = jnp.array(0.7)


def _step(optimizer: optax.GradientTransformationExtraArgs):
    """One optimisation step of ``energy``, jitted as a user would."""

    @jax.jit
    def step(params, state, field):
        grads = jax.grad(energy)(params, field=field)
        updates, state = optimizer.update(grads, state, params, field=field)
        return optax.apply_updates(params, updates), state

    return step


def test_steps_inside_a_jitted_chain_reduce_the_energy():
    optimizer = optax.chain(optax.clip_by_global_norm(10.0), qj.optim.qng(0.1, energy, lam=0.01))
    step = _step(optimizer)
    value = jax.jit(energy)
    params, state = PARAMS, optimizer.init(PARAMS)
    energies = [float(value(params, field=FIELD))]
    for _ in range(5):
        params, state = step(params, state, FIELD)
        energies.append(float(value(params, field=FIELD)))
    assert np.all(np.diff(energies) < 0)
    assert energies[-1] < energies[0] - 0.3


def _first_update(optimizer: optax.GradientTransformationExtraArgs, circuit=energy, **inputs):
    """``(grads, updates)`` of one update at PARAMS, jitted."""

    def run(params):
        grads = jax.grad(circuit)(params, **inputs)
        return grads, optimizer.update(grads, optimizer.init(params), params, **inputs)[0]

    return jax.jit(run)


@pytest.mark.parametrize("approx", [None, "block-diag", "diag"])
def test_the_update_solves_the_regularized_metric_system(approx):
    learning_rate, lam = 0.2, 0.1
    optimizer = qj.optim.qng(learning_rate, energy, lam=lam, approx=approx)
    grads, updates = _first_update(optimizer, field=FIELD)(PARAMS)
    metric = jax.jit(qj.metric_tensor(energy, approx))(PARAMS, field=FIELD)
    system = np.asarray(metric, float) + lam * np.eye(4)
    expected = -learning_rate * np.linalg.solve(system, np.asarray(grads, float))
    assert_close(updates, expected)


def test_a_large_regularization_approaches_scaled_gradient_descent():
    learning_rate, lam = 0.5, 1e4
    optimizer = qj.optim.qng(learning_rate, energy, lam=lam)
    grads, updates = _first_update(optimizer, field=FIELD)(PARAMS)
    # (g + lam I)^-1 = (I - g / lam + ...) / lam: the first correction is |g| / lam ~ 1e-4.
    np.testing.assert_allclose(updates * lam / learning_rate, -grads, rtol=1e-3, atol=1e-6)


def test_directions_that_do_not_move_the_state_get_no_update():
    @qj.circuit(wires=1)
    def circuit(params):
        qj.RZ(params[0], wires=0)
        qj.RY(params[1], wires=0)
        return qj.expval(qj.Z(0))

    _, updates = _first_update(qj.optim.qng(0.1, circuit), circuit)(jnp.array([0.3, 0.5]))
    # RZ on |0> is a global phase: a zero row of the metric, pseudo-inverted to zero.
    assert bool(jnp.all(jnp.isfinite(updates))) and float(updates[0]) == 0.0
    assert_close(updates[1], 0.1 * np.sin(0.5) / 0.25)


def test_pytree_parameters_are_preconditioned_jointly():
    @qj.circuit(wires=2)
    def circuit(params):
        qj.RY(params["layer"][0], wires=0)
        qj.RY(params["layer"][1], wires=1)
        qj.CNOT(wires=[0, 1])
        qj.RX(params["last"], wires=1)
        return qj.expval(qj.Z(0) @ qj.Z(1))

    flat_circuit = qj.circuit(
        lambda v: circuit.fn({"last": v[0], "layer": v[1:]}), wires=circuit.wires
    )
    params = {"layer": jnp.array([0.3, 0.8]), "last": jnp.array(0.4)}
    flat = jnp.array([0.4, 0.3, 0.8])  # ravel_pytree order: sorted dict keys

    def updates(circuit, p):
        optimizer = qj.optim.qng(0.1, circuit, lam=0.01, approx=None)
        return optimizer.update(jax.grad(circuit)(p), optimizer.init(p), p)[0]

    tree, reference = jax.jit(lambda: (updates(circuit, params), updates(flat_circuit, flat)))()
    assert jax.tree_util.tree_structure(tree) == jax.tree_util.tree_structure(params)
    assert_close(tree["last"], reference[0])
    assert_close(tree["layer"], reference[1:])


def test_the_state_is_an_empty_pytree():
    optimizer = qj.optim.qng(0.1, energy)
    state = optimizer.init(PARAMS)
    leaves, treedef = jax.tree_util.tree_flatten(state)
    assert leaves == [] and jax.tree_util.tree_unflatten(treedef, leaves) == state
    assert jax.jit(optimizer.init)(PARAMS) == state


def test_a_second_step_compiles_nothing():
    optimizer = qj.optim.qng(0.1, energy, lam=0.01)
    traces = []

    @jax.jit
    def step(params, state, field):
        traces.append(None)
        grads = jax.grad(energy)(params, field=field)
        updates, state = optimizer.update(grads, state, params, field=field)
        return optax.apply_updates(params, updates), state

    params, state = step(PARAMS, optimizer.init(PARAMS), FIELD)
    params, state = step(params, state, FIELD * 2)
    assert len(traces) == 1


def test_update_needs_params_and_a_valid_approximation():
    optimizer = qj.optim.qng(0.1, energy)
    with pytest.raises(ValueError, match="needs the current parameters"):
        optimizer.update(PARAMS, optimizer.init(PARAMS))
    with pytest.raises(qj.errors.DifferentiationError, match="approx must be None"):
        qj.optim.qng(0.1, energy, approx="full")
