"""What the simulator compiles to: the fast paths are taken, checked in the jaxpr."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import jaxpr_equations
from jax import lax

import qjax as qj


def _primitives(fn, *args):
    return [eqn for eqn in jaxpr_equations(jax.make_jaxpr(fn)(*args).jaxpr)]


def _named(equations, name):
    return [eqn for eqn in equations if eqn.primitive.name == name]


def test_permutation_and_diagonal_gates_never_multiply_matrices():
    @qj.circuit(wires=4, compile=False)
    def run(theta):
        qj.X(0)
        qj.CNOT(wires=[0, 2])
        qj.RZ(theta, wires=1)
        qj.CZ(wires=[3, 1])
        qj.SWAP(wires=[1, 2])
        qj.Toffoli(wires=[2, 0, 3])
        qj.MultiControlledX(wires=[0, 1, 2, 3], control_values=[1, 0, 1])
        qj.IsingZZ(theta, wires=[0, 3])
        qj.PauliRot(theta, "ZIZ", wires=[0, 1, 2])
        qj.I(2)
        return qj.state()

    equations = _primitives(run, 0.3)
    assert _named(equations, "dot_general") == []
    assert {"rev", "transpose", "concatenate"} <= {eqn.primitive.name for eqn in equations}


def test_every_contraction_asks_for_full_precision():
    @qj.circuit(wires=3)
    def run(theta, matrix, hermitian):
        qj.RX(theta, wires=0)
        qj.QubitUnitary(matrix, wires=[2, 0])
        qj.CRY(theta, wires=[1, 2])
        qj.PauliRot(theta, "XYZ", wires=[0, 1, 2])
        return (
            qj.expval(qj.Y(0) @ qj.X(2) + qj.Hermitian(hermitian, wires=1)),
            qj.var(qj.X(0) + qj.Z(0)),
            qj.density_matrix(wires=[0, 2]),
        )

    dots = _named(_primitives(run, 0.3, jnp.eye(4, dtype=jnp.complex64), jnp.eye(2)), "dot_general")
    assert len(dots) > 5
    for eqn in dots:
        assert eqn.params["precision"] == (lax.Precision.HIGHEST, lax.Precision.HIGHEST)


@pytest.mark.parametrize("num_terms", [1, 4, 12])
def test_a_sum_of_z_terms_is_one_pass_over_the_probabilities(num_terms):
    num_wires = 5
    rng = np.random.default_rng(num_terms)
    words = [
        rng.choice(num_wires, size=rng.integers(1, 4), replace=False) for _ in range(num_terms)
    ]

    @qj.circuit(wires=num_wires)
    def run(coeffs):
        for wire in range(num_wires):
            qj.H(wire)
        terms = [c * _z_word(word) for c, word in zip(coeffs, words, strict=True)]
        return qj.expval(sum(terms[1:], start=terms[0]))

    equations = _primitives(run, jnp.ones(num_terms))
    full_reductions = [
        eqn for eqn in _named(equations, "reduce_sum") if len(eqn.invars[0].aval.shape) == num_wires
    ]
    assert len(full_reductions) == 1
    assert len(_named(equations, "dot_general")) == num_wires  # the Hadamards only


def _z_word(wires):
    word = qj.Z(int(wires[0]))
    for wire in wires[1:]:
        word = word @ qj.Z(int(wire))
    return word


def test_qubitwise_commuting_terms_share_one_basis_change():
    @qj.circuit(wires=3)
    def grouped():
        return qj.expval(qj.X(0) + qj.X(0) @ qj.Y(1) + qj.Y(1) + 2.0 * qj.Z(2) @ qj.X(0))

    equations = _primitives(grouped)
    assert len(_named(equations, "dot_general")) == 2  # X on wire 0, Y on wire 1, once each
    full = [e for e in _named(equations, "reduce_sum") if len(e.invars[0].aval.shape) == 3]
    assert len(full) == 1


def test_controlled_gates_touch_only_their_slice():
    num_wires = 5

    @qj.circuit(wires=num_wires)
    def run(theta):
        qj.ctrl(qj.RX(theta, wires=4), control=[0, 2], control_values=[1, 0])
        return qj.state()

    (dot,) = _named(_primitives(run, 0.3), "dot_general")
    state_operand = max(dot.invars, key=lambda v: np.prod(v.aval.shape))
    assert np.prod(state_operand.aval.shape) == 2 ** (num_wires - 2)
