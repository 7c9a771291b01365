"""The recorded circuit: recording rules, immutability, pytree round trips."""

import dataclasses
import threading

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import assert_close

import qjax as qj


def _example(theta, matrix):
    qj.BasisState(jnp.array([1, 0]), wires=[2, 0])
    qj.RX(theta, wires=0)
    qj.ctrl(qj.Rot(theta, 0.2, 0.3, wires=1), control=2, control_values=0)
    qj.adjoint(qj.ISWAP(wires=[0, 1]))
    qj.PauliRot(theta, "XYZ", wires=[2, 1, 0])
    return {
        "energy": qj.expval(theta * qj.Z(0) @ qj.X(1) + qj.Hermitian(matrix, wires=2)),
        "probs": qj.probs(wires=[1]),
    }


RECORD = qj.record(_example, wires=3)
HERMITIAN = jnp.array([[1.0, 0.5], [0.5, -1.0]], jnp.complex64)


def test_recording_keeps_gates_in_order_and_measurements_in_their_structure():
    circuit = RECORD(0.4, HERMITIAN)
    assert [op.name for op in circuit.operations] == [
        "BasisState",
        "RX",
        "Controlled",
        "Adjoint(ISWAP)",
        "PauliRot",
    ]
    assert [type(op).__name__ for op in circuit.preparations] == ["BasisState"]
    assert len(circuit.gates) == 4
    assert circuit.wires == (0, 1, 2)
    assert circuit.num_wires == 3
    assert [type(m).__name__ for m in circuit.measurements] == ["ExpectationMP", "ProbabilityMP"]
    assert jax.tree_util.tree_unflatten(circuit.output, [1, 2]) == {"energy": 1, "probs": 2}


def test_ops_consumed_by_ctrl_adjoint_products_and_measurements_apply_no_gate():
    def consumed():
        qj.ctrl(qj.X(1), control=0)
        qj.adjoint(qj.S(0))
        observable = qj.Z(0) @ qj.Y(1)
        return qj.expval(observable), qj.var(qj.X(0) + 2 * qj.Z(1))

    circuit = qj.record(consumed, wires=2)()
    assert [op.name for op in circuit.operations] == ["Controlled", "Sdg"]


def test_the_circuit_is_an_immutable_pytree_that_round_trips_eagerly_and_under_jit():
    circuit = RECORD(0.4, HERMITIAN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        circuit.wires = (0,)  # type: ignore[misc]
    leaves, treedef = jax.tree_util.tree_flatten(circuit)
    rebuilt = jax.tree_util.tree_unflatten(treedef, leaves)
    assert [repr(op) for op in rebuilt.operations] == [repr(op) for op in circuit.operations]
    assert jax.tree_util.tree_structure(rebuilt) == treedef

    through_jit = jax.jit(lambda c: c)(circuit)
    assert jax.tree_util.tree_structure(through_jit) == treedef
    for got, want in zip(jax.tree.leaves(through_jit), leaves, strict=True):
        assert_close(got, want)
    assert_close(qj.execute(through_jit)["energy"], qj.execute(circuit)["energy"])


def test_a_recorded_circuit_can_be_executed_under_jit_and_grad():
    def energy(theta):
        return qj.execute(RECORD(theta, HERMITIAN))["energy"]

    value, grad = jax.jit(jax.value_and_grad(energy))(0.4)
    step = 1e-3
    numeric = (energy(0.4 + step) - energy(0.4 - step)) / (2 * step)
    assert_close(value, energy(0.4))
    np.testing.assert_allclose(grad, numeric, atol=2e-3)


def test_record_accepts_a_circuit_function_and_overrides_its_wires():
    decorated = qj.circuit(_example, wires=3)
    assert qj.record(decorated)(0.4, HERMITIAN).wires == (0, 1, 2)
    assert qj.record(decorated, wires=[0, 1, 2, 3])(0.4, HERMITIAN).num_wires == 4


def test_recording_on_two_threads_keeps_the_circuits_apart():
    results = {}
    barrier = threading.Barrier(2)

    def gates(name, count):
        barrier.wait()
        for _ in range(count):
            qj.X(0)
        return qj.probs()

    def worker(name, count):
        results[name] = qj.record(lambda: gates(name, count), wires=1)()

    threads = [threading.Thread(target=worker, args=(n, c)) for n, c in (("a", 3), ("b", 5))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results["a"].operations) == 3
    assert len(results["b"].operations) == 5


def test_gates_created_outside_a_circuit_are_recorded_nowhere():
    op = qj.RX(0.5, wires=0)
    assert_close(op.matrix(), qj.RX(0.5, wires=0).matrix())

    def uses_it():
        qj.H(0)
        return qj.probs()

    assert [o.name for o in qj.record(uses_it, wires=1)().operations] == ["H"]


def test_a_function_transformed_by_ctrl_and_adjoint_records_transformed_gates():
    def block(theta):
        qj.RY(theta, wires=1)
        qj.S(1)

    def run():
        qj.ctrl(block, control=0)(0.3)
        qj.adjoint(block)(0.3)
        return qj.state()

    names = [repr(op) for op in qj.record(run, wires=2)().operations]
    assert names == [
        "Controlled(RY(0.3, wires=[1]), control_wires=[0], control_values=[1])",
        "Controlled(S(wires=[1]), control_wires=[0], control_values=[1])",
        "Sdg(wires=[1])",
        "RY(-0.3, wires=[1])",
    ]
