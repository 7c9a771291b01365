"""Measurements against the dense NumPy oracle: state, probs, density matrices, expval, var."""

import itertools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close

import oracle
import qjax as qj
from qjax.measure import qubitwise_groups

NUM_WIRES = 4


def _prepared(measure, num_wires=NUM_WIRES):
    """A circuit that starts in a given state vector and returns ``measure()``."""

    @qj.circuit(wires=num_wires)
    def run(vector):
        qj.StatePrep(vector, wires=range(num_wires))
        return measure()

    return run


def _observable_matrix(terms, num_wires=NUM_WIRES):
    """The full matrix of ``sum_i c_i prod_j M_ij`` built with the oracle's embedding."""
    total = np.zeros((2**num_wires,) * 2, complex)
    for coeff, factors in terms:
        product = np.eye(2**num_wires, dtype=complex)
        for matrix, wires in factors:
            product = product @ oracle.embed(matrix, wires, num_wires)
        total += coeff * product
    return total


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_state_is_the_prepared_vector(rng, transform):
    vector = oracle.random_state(NUM_WIRES, rng)
    result = transform(_prepared(qj.state))(jnp.asarray(vector, jnp.complex64))
    assert result.shape == (2**NUM_WIRES,)
    assert result.dtype == jnp.complex64
    assert_close(result, vector)


@pytest.mark.parametrize("wires", [None, [0], [3], [2, 0], [1, 3, 0], [3, 2, 1, 0]])
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_probs_of_wires_in_the_order_given(rng, wires, transform):
    vector = oracle.random_state(NUM_WIRES, rng)
    run = _prepared(lambda: qj.probs(wires=wires))
    result = transform(run)(jnp.asarray(vector, jnp.complex64))
    expected = oracle.probs(vector, wires or list(range(NUM_WIRES)), NUM_WIRES)
    assert result.dtype == jnp.float32
    assert_close(result, expected)


@pytest.mark.parametrize("wires", [[0], [2], [3, 1], [0, 2, 3]])
def test_density_matrix_is_the_reduced_state(rng, wires):
    vector = oracle.random_state(NUM_WIRES, rng)
    run = jax.jit(_prepared(lambda: qj.density_matrix(wires)))
    result = run(jnp.asarray(vector, jnp.complex64))
    assert result.shape == (2 ** len(wires),) * 2
    assert_close(result, oracle.reduced_density_matrix(vector, wires, NUM_WIRES))


def _hermitian(rng, dim):
    a = rng.normal(size=(dim, dim)) + 1j * rng.normal(size=(dim, dim))
    return (a + a.conj().T) / 2


PAULI = {name: oracle.pauli_matrix(name) for name in "IXYZ"}
HADAMARD = oracle.gate_matrix("H")
OBSERVABLE_CASES = {
    "Z0": (lambda h: qj.Z(0), [(1.0, [(PAULI["Z"], [0])])]),
    "X2": (lambda h: qj.X(2), [(1.0, [(PAULI["X"], [2])])]),
    "Y3": (lambda h: qj.Y(3), [(1.0, [(PAULI["Y"], [3])])]),
    "H1": (lambda h: qj.H(1), [(1.0, [(HADAMARD, [1])])]),
    "I0": (lambda h: qj.I(0), [(1.0, [(PAULI["I"], [0])])]),
    "Z0@Z1": (lambda h: qj.Z(0) @ qj.Z(1), [(1.0, [(PAULI["Z"], [0]), (PAULI["Z"], [1])])]),
    "X3@Y0@Z1": (
        lambda h: qj.X(3) @ qj.Y(0) @ qj.Z(1),
        [(1.0, [(PAULI["X"], [3]), (PAULI["Y"], [0]), (PAULI["Z"], [1])])],
    ),
    "hamiltonian": (
        lambda h: 0.3 * qj.Z(0) @ qj.Z(1) - 1.2 * qj.X(2) + qj.Y(1) @ qj.Y(3) + 0.5 * qj.I(2),
        [
            (0.3, [(PAULI["Z"], [0]), (PAULI["Z"], [1])]),
            (-1.2, [(PAULI["X"], [2])]),
            (1.0, [(PAULI["Y"], [1]), (PAULI["Y"], [3])]),
            (0.5, [(PAULI["I"], [2])]),
        ],
    ),
    "z_sum": (
        lambda h: qj.Z(0) + 2.0 * qj.Z(1) @ qj.Z(3) - qj.Z(2),
        [
            (1.0, [(PAULI["Z"], [0])]),
            (2.0, [(PAULI["Z"], [1]), (PAULI["Z"], [3])]),
            (-1.0, [(PAULI["Z"], [2])]),
        ],
    ),
    "hermitian": (lambda h: qj.Hermitian(h, wires=[2, 0]), [(1.0, [("h", [2, 0])])]),
    "hermitian@X": (
        lambda h: qj.Hermitian(h, wires=[3, 1]) @ qj.X(0),
        [(1.0, [("h", [3, 1]), (PAULI["X"], [0])])],
    ),
    "hermitian+paulis": (
        lambda h: 0.7 * qj.Hermitian(h, wires=[1, 2]) + qj.X(0) @ qj.H(3) - qj.Z(1),
        [
            (0.7, [("h", [1, 2])]),
            (1.0, [(PAULI["X"], [0]), (HADAMARD, [3])]),
            (-1.0, [(PAULI["Z"], [1])]),
        ],
    ),
}


def _oracle_observable(spec, hermitian):
    terms = [
        (c, [(hermitian if isinstance(m, str) else m, w) for m, w in factors])
        for c, factors in spec
    ]
    return _observable_matrix(terms)


@pytest.mark.parametrize("case", OBSERVABLE_CASES, ids=OBSERVABLE_CASES.keys())
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_expval_and_var_match_the_oracle(rng, case, transform):
    build, spec = OBSERVABLE_CASES[case]
    hermitian = _hermitian(rng, 4)
    vector = oracle.random_state(NUM_WIRES, rng)
    run = _prepared(lambda: (qj.expval(build(hermitian)), qj.var(build(hermitian))))
    mean, variance = transform(run)(jnp.asarray(vector, jnp.complex64))
    matrix = _oracle_observable(spec, hermitian)
    assert mean.dtype == variance.dtype == jnp.float32
    assert mean.shape == variance.shape == ()
    assert_close(mean, oracle.expval(vector, matrix))
    assert_close(variance, oracle.var(vector, matrix))


def test_expval_and_var_in_complex128(rng, x64):
    build, spec = OBSERVABLE_CASES["hermitian+paulis"]
    hermitian = _hermitian(rng, 4)
    vector = oracle.random_state(NUM_WIRES, rng)
    run = _prepared(lambda: (qj.expval(build(hermitian)), qj.var(build(hermitian))))
    mean, variance = jax.jit(run)(jnp.asarray(vector))
    matrix = _oracle_observable(spec, hermitian)
    assert mean.dtype == jnp.float64
    assert_close(mean, oracle.expval(vector, matrix), dtype=np.complex128)
    assert_close(variance, oracle.var(vector, matrix), dtype=np.complex128)


def test_traced_coefficients_and_hermitian_matrices_are_differentiable(rng):
    hermitian = _hermitian(rng, 2)
    vector = jnp.asarray(oracle.random_state(2, rng), jnp.complex64)

    @qj.circuit(wires=2)
    def energy(coeffs, matrix):
        qj.StatePrep(vector, wires=[0, 1])
        return qj.expval(coeffs[0] * qj.Z(0) + coeffs[1] * qj.Hermitian(matrix, wires=1))

    coeffs = jnp.array([0.4, -0.9])
    grad = jax.grad(energy)(coeffs, jnp.asarray(hermitian, jnp.complex64))
    expected = [
        oracle.expval(np.asarray(vector), oracle.embed(PAULI["Z"], [0], 2)),
        oracle.expval(np.asarray(vector), oracle.embed(hermitian, [1], 2)),
    ]
    assert_close(grad, expected)


@pytest.mark.parametrize("structure", ["tuple", "list", "dict", "nested"])
def test_results_come_back_in_the_structure_returned(structure):
    def measurements():
        a, b, c = qj.expval(qj.Z(0)), qj.probs(wires=[1]), qj.state()
        return {
            "tuple": (a, b, c),
            "list": [a, b, c],
            "dict": {"z": a, "p": b, "psi": c},
            "nested": {"pair": (a, b), "psi": [c]},
        }[structure]

    @qj.circuit(wires=2)
    def run():
        qj.X(1)
        return measurements()

    result = run()
    z, p, psi = np.float32(1.0), np.array([0.0, 1.0]), np.array([0, 1, 0, 0])
    expected = {
        "tuple": (z, p, psi),
        "list": [z, p, psi],
        "dict": {"z": z, "p": p, "psi": psi},
        "nested": {"pair": (z, p), "psi": [psi]},
    }[structure]
    assert jax.tree_util.tree_structure(result) == jax.tree_util.tree_structure(expected)
    for got, want in zip(jax.tree.leaves(result), jax.tree.leaves(expected), strict=True):
        assert_close(got, want)


def test_observables_passed_to_measurements_apply_no_gate():
    def bell():
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        return qj.expval(qj.Z(0) @ qj.Z(1)), qj.var(2.0 * qj.X(0) + qj.Y(1))

    circuit = qj.record(bell, wires=2)()
    assert [op.name for op in circuit.operations] == ["H", "CNOT"]
    assert_close(qj.execute(circuit)[0], 1.0)


@pytest.mark.parametrize(
    ("words", "groups"),
    [
        ([], []),
        ([((0, "Z"),), ((1, "Z"),), ((0, "Z"), (1, "Z"))], [[0, 1, 2]]),
        ([((0, "X"),), ((0, "Z"),), ((0, "X"), (1, "Y")), ((1, "Z"),)], [[0, 2], [1, 3]]),
        ([(), ((0, "Y"),), ((0, "X"),)], [[0, 1], [2]]),
    ],
)
def test_qubitwise_groups_share_a_basis(words, groups):
    assert qubitwise_groups(words) == groups
    for group in qubitwise_groups(words):
        for a, b in itertools.combinations(group, 2):
            shared = dict(words[a]).keys() & dict(words[b]).keys()
            assert all(dict(words[a])[w] == dict(words[b])[w] for w in shared)


def test_sum_of_observables_builds_the_hamiltonian():
    coefficients = [0.5, -1.25, 2.0]
    words = [qj.Z(0) @ qj.Z(1), qj.X(0), qj.Y(1)]

    def program():
        qj.RX(0.3, wires=0)
        qj.RY(0.7, wires=1)
        return (
            qj.expval(sum(c * w for c, w in zip(coefficients, words, strict=True))),
            [qj.expval(w) for w in words],
        )

    total, parts = qj.circuit(program, wires=2)()
    assert_close(total, sum(c * float(p) for c, p in zip(coefficients, parts, strict=True)))
    observable = qj.Z(0)
    assert 0 + observable is observable
    with pytest.raises(TypeError):
        _ = 1 + observable
