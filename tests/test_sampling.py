"""Shots: samples, counts and sampled estimates against the dense NumPy oracle.

Statistical checks use fixed keys and bounds of ``SIGMAS`` standard errors
set from the shot count, so they are deterministic and far from flaky; the
rest are exact: counts are the histogram of the samples, Z-diagonal
estimates are the means of the very samples ``qj.sample`` returns, and the
same key gives the same samples under every transform and diff_method.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close, jaxpr_equations

import oracle
import qjax as qj
from qjax import errors

SHOTS = 10_000
SIGMAS = 5
NUM_WIRES = 3
KEYS = {"key": jax.random.key, "PRNGKey": jax.random.PRNGKey}
"""New-style typed keys and legacy uint32 keys are both accepted."""

PAULI = {name: oracle.pauli_matrix(name) for name in "IXYZ"}


def _prepared(measure, *, shots=SHOTS, diff_method="backprop"):
    """A circuit that starts in a given state vector and returns ``measure()``."""

    @qj.circuit(wires=NUM_WIRES, shots=shots, diff_method=diff_method)
    def run(vector):
        qj.StatePrep(vector, wires=range(NUM_WIRES))
        return measure()

    return run


def _random_vector(seed):
    vector = oracle.random_state(NUM_WIRES, np.random.default_rng(seed))
    return vector, jnp.asarray(vector, jnp.complex64)


def _matrix(terms):
    """``sum_i c_i prod_j M_ij`` on NUM_WIRES wires, from ``[(c, [(M, wires), ...]), ...]``."""
    total = np.zeros((2**NUM_WIRES,) * 2, complex)
    for coeff, factors in terms:
        product = np.eye(2**NUM_WIRES, dtype=complex)
        for matrix, wires in factors:
            product = product @ oracle.embed(matrix, wires, NUM_WIRES)
        total += coeff * product
    return total


def _hermitian(seed, dim=4):
    a = np.random.default_rng(seed).normal(size=(dim, dim, 2)) @ np.array([1, 1j])
    return (a + a.conj().T) / 2


def _bits_histogram(bits):
    """The counts of each row of 0/1 bits, first column most significant."""
    weights = 2 ** np.arange(bits.shape[1])[::-1]
    return np.bincount(np.asarray(bits) @ weights, minlength=2 ** bits.shape[1])


# --- samples and counts -------------------------------------------------------------------


@pytest.mark.parametrize("wires", [None, [2, 0], [1]])
def test_counts_pass_a_chi_square_test(wires):
    vector, state = _random_vector(1)
    counts = _prepared(lambda: qj.counts(wires=wires))(state, key=jax.random.key(0))
    expected = SHOTS * oracle.probs(vector, wires or list(range(NUM_WIRES)), NUM_WIRES)
    assert counts.dtype == jnp.int32 and counts.shape == expected.shape
    assert int(counts.sum()) == SHOTS
    chi_square = np.sum((np.asarray(counts) - expected) ** 2 / expected)
    dof = expected.size - 1
    assert chi_square <= dof + SIGMAS * np.sqrt(2 * dof), chi_square


@pytest.mark.parametrize("wires", [None, [2, 0], [0, 1]])
def test_probs_are_the_counts_over_the_shots(wires):
    vector, state = _random_vector(2)
    run = _prepared(lambda: (qj.probs(wires=wires), qj.counts(wires=wires)))
    probs, counts = run(state, key=jax.random.key(1))
    assert probs.dtype == jnp.float32
    assert_close(probs, np.asarray(counts) / SHOTS)
    exact = oracle.probs(vector, wires or list(range(NUM_WIRES)), NUM_WIRES)
    bound = SIGMAS * np.sqrt(exact * (1 - exact) / SHOTS)
    assert np.all(np.abs(probs - exact) <= bound), (probs, exact)


@pytest.mark.parametrize("wires", [None, [2, 0], [1], [0, 2, 1]])
def test_counts_are_the_histogram_of_the_samples(wires):
    _, state = _random_vector(3)
    run = _prepared(lambda: (qj.sample(wires=wires), qj.counts(wires=wires)))
    bits, counts = run(state, key=jax.random.key(2))
    width = len(wires or range(NUM_WIRES))
    assert bits.shape == (SHOTS, width) and bits.dtype == jnp.int32
    assert set(np.unique(bits)) <= {0, 1}
    np.testing.assert_array_equal(_bits_histogram(bits), counts)


def test_samples_follow_the_wire_order_given():
    @qj.circuit(wires=["a", "b", "c"], shots=4)
    def flipped():
        qj.X("c")
        return qj.sample(), qj.sample(wires=["c", "a"])

    every, chosen = flipped(key=jax.random.key(0))
    np.testing.assert_array_equal(every, [[0, 0, 1]] * 4)
    np.testing.assert_array_equal(chosen, [[1, 0]] * 4)


def test_z_diagonal_estimates_are_the_means_of_the_samples():
    _, state = _random_vector(4)
    observable = lambda: 0.5 * qj.Z(0) + 2.0 * qj.Z(1) @ qj.Z(2) - qj.I(1)  # noqa: E731
    run = _prepared(
        lambda: (qj.sample(), qj.expval(observable()), qj.var(observable()), qj.probs([1]))
    )
    bits, mean, variance, probs = run(state, key=jax.random.key(3))
    z = 1 - 2 * np.asarray(bits, float)
    values = 0.5 * z[:, 0] + 2.0 * z[:, 1] * z[:, 2] - 1.0
    assert_close(mean, values.mean())
    assert_close(variance, values.var())
    assert_close(probs, [np.mean(bits[:, 1] == 0), np.mean(bits[:, 1] == 1)])


def test_counts_to_dict():
    assert qj.counts_to_dict(jnp.array([3, 0, 0, 5])) == {"00": 3, "11": 5}
    assert qj.counts_to_dict(np.array([0, 7])) == {"1": 7}

    @qj.circuit(wires=3, shots=50)
    def flipped():
        qj.X(0)
        return qj.counts(wires=[2, 0])

    assert qj.counts_to_dict(flipped(key=jax.random.key(0))) == {"01": 50}


# --- estimates in other bases -------------------------------------------------------------

HERMITIAN = _hermitian(7)
HERMITIAN_2 = _hermitian(8, dim=2)

ESTIMATE_CASES = {
    "X0": (lambda: qj.X(0), [[(1.0, [(PAULI["X"], [0])])]]),
    "Y1@X2": (lambda: qj.Y(1) @ qj.X(2), [[(1.0, [(PAULI["Y"], [1]), (PAULI["X"], [2])])]]),
    "H1": (lambda: qj.H(1), [[(1.0, [(oracle.gate_matrix("H"), [1])])]]),
    "hamiltonian": (
        lambda: 0.3 * qj.Z(0) @ qj.Z(1) - 1.2 * qj.X(2) + qj.Y(1) @ qj.Y(0) + 0.5 * qj.I(2),
        [
            [
                (0.3, [(PAULI["Z"], [0]), (PAULI["Z"], [1])]),
                (-1.2, [(PAULI["X"], [2])]),
                (0.5, [(PAULI["I"], [2])]),
            ],
            [(1.0, [(PAULI["Y"], [1]), (PAULI["Y"], [0])])],
        ],
    ),
    "hermitian": (lambda: qj.Hermitian(HERMITIAN, wires=[2, 0]), [[(1.0, [(HERMITIAN, [2, 0])])]]),
    "hermitian@X+Z": (
        lambda: 0.7 * qj.Hermitian(HERMITIAN_2, wires=1) @ qj.X(0) - qj.Z(2),
        [
            [(-1.0, [(PAULI["Z"], [2])])],
            [(0.7, [(HERMITIAN_2, [1]), (PAULI["X"], [0])])],
        ],
    ),
}
"""Observables and, in oracle form, the groups of terms each measurement basis reads."""


@pytest.mark.parametrize("case", ESTIMATE_CASES)
def test_expval_is_within_bounds_of_the_exact_value(case):
    build, bases = ESTIMATE_CASES[case]
    vector, state = _random_vector(5)
    mean = _prepared(lambda: qj.expval(build()))(state, key=jax.random.key(4))
    matrices = [_matrix(terms) for terms in bases]
    exact = sum(oracle.expval(vector, m) for m in matrices)
    # Each basis draws its own samples: the estimators' variances add.
    error = np.sqrt(sum(oracle.var(vector, m) for m in matrices) / SHOTS)
    assert abs(float(mean) - exact) <= SIGMAS * error, (float(mean), exact, error)


@pytest.mark.parametrize("case", ["X0", "Y1@X2", "H1", "hermitian"])
def test_var_is_within_bounds_of_the_exact_value(case):
    """``m2 - m1**2`` from one basis: its error is at most that of m2 plus 2 max|O| times m1's."""
    build, [terms] = ESTIMATE_CASES[case]
    vector, state = _random_vector(6)
    variance = _prepared(lambda: qj.var(build()))(state, key=jax.random.key(5))
    matrix = _matrix(terms)
    square = matrix @ matrix
    largest = np.max(np.abs(np.linalg.eigvalsh(matrix)))
    error = np.sqrt(oracle.var(vector, square) / SHOTS) + 2 * largest * np.sqrt(
        oracle.var(vector, matrix) / SHOTS
    )
    exact = oracle.var(vector, matrix)
    assert abs(float(variance) - exact) <= SIGMAS * error + 1e-6, (float(variance), exact)


# --- keys, transforms and cost ------------------------------------------------------------


def _mixed(theta):
    qj.RY(theta, wires=0)
    qj.CNOT(wires=[0, 1])
    qj.RX(0.4 * theta, wires=2)
    return {
        "bits": qj.sample(),
        "counts": qj.counts(wires=[1]),
        "zz": qj.expval(qj.Z(0) @ qj.Z(1)),
        "x": qj.expval(qj.X(2) + 0.5 * qj.Y(0)),
        "var": qj.var(qj.Hermitian(HERMITIAN_2, wires=1)),
    }


@pytest.mark.parametrize("make_key", KEYS.values(), ids=KEYS.keys())
def test_the_same_key_gives_the_same_samples_with_and_without_jit(make_key):
    run = qj.circuit(_mixed, wires=3, shots=500)
    key = make_key(11)
    eager, jitted, again = run(0.7, key=key), jax.jit(run)(0.7, key=key), run(0.7, key=key)
    leaves = [jax.tree.leaves(result) for result in (eager, jitted, again)]
    for a, b, c in zip(*leaves, strict=True):
        assert_close(a, b)
        np.testing.assert_array_equal(a, c)
    other = run(0.7, key=make_key(12))
    assert not np.array_equal(eager["bits"], other["bits"])


@pytest.mark.parametrize("make_key", KEYS.values(), ids=KEYS.keys())
def test_vmap_over_keys_equals_a_loop(make_key):
    run = qj.circuit(_mixed, wires=3, shots=200)
    keys = jax.random.split(make_key(3), 4)
    batched = jax.jit(jax.vmap(lambda key: run(1.1, key=key)))(keys)
    for index, key in enumerate(keys):
        expected = jax.tree.leaves(run(1.1, key=key))
        for got, want in zip(jax.tree.leaves(batched), expected, strict=True):
            assert_close(got[index], want)
    bits = np.asarray(batched["bits"])
    assert all(not np.array_equal(bits[0], bits[i]) for i in range(1, 4))


def test_every_diff_method_reads_the_same_samples():
    results = [
        qj.circuit(_mixed, wires=3, shots=300, diff_method=method)(0.9, key=jax.random.key(8))
        for method in ("backprop", "adjoint", "parameter-shift", "finite-diff")
    ]
    for result in results[1:]:
        for got, want in zip(jax.tree.leaves(result), jax.tree.leaves(results[0]), strict=True):
            np.testing.assert_array_equal(got, want)


def test_a_new_key_does_not_retrace():
    traces = []

    @qj.circuit(wires=2, shots=100)
    def run(theta):
        traces.append(None)
        qj.RX(theta, wires=0)
        return qj.expval(qj.X(0) @ qj.Z(1)), qj.counts()

    jitted = jax.jit(run)
    for seed in range(3):
        jitted(0.1 * seed, key=jax.random.key(seed))
    assert len(traces) == 1


def test_sampling_never_holds_shots_times_states():
    """Inverse-CDF sampling: no intermediate as large as shots x 2**n (a categorical draw's)."""
    num_wires, shots = 8, 4096

    @qj.circuit(wires=num_wires, shots=shots)
    def run(theta):
        for wire in range(num_wires):
            qj.RY(theta * (wire + 1), wires=wire)
        return qj.sample(), qj.expval(qj.X(0) @ qj.Y(3)), qj.probs()

    jaxpr = jax.make_jaxpr(lambda t: run(t, key=jax.random.key(0)))(0.3).jaxpr
    sizes = [v.aval.size for eqn in jaxpr_equations(jaxpr) for v in eqn.outvars]
    assert max(sizes) <= shots * num_wires
    assert any(eqn.primitive.name == "cumsum" for eqn in jaxpr_equations(jaxpr))


# --- gradients ----------------------------------------------------------------------------

GRADIENT_OBSERVABLE = (0.7, -0.4, 1.0)
"""Coefficients of ``X0 Z1``, ``Y2`` and ``Z0 Z2``: every sampled value is within their sum."""


def _energy(method, shots):
    c = GRADIENT_OBSERVABLE

    @qj.circuit(wires=3, shots=shots, diff_method=method)
    def energy(params):
        qj.RX(params[0], wires=0)
        qj.RY(params[1], wires=1)
        qj.CNOT(wires=[1, 2])
        qj.CRX(params[2], wires=[0, 2])
        qj.RY(params[3], wires=2)
        return qj.expval(c[0] * qj.X(0) @ qj.Z(1) + c[1] * qj.Y(2) + c[2] * qj.Z(0) @ qj.Z(2))

    return energy


PARAMS = np.array([0.4, -0.8, 1.3, 0.6], np.float32)


def _gradient_bound(weights_squared):
    """``SIGMAS`` standard errors of ``sum_i w_i f_i``, each ``f_i`` an independent estimate of
    variance at most ``(sum |c|)**2 / shots``."""
    spread = sum(abs(c) for c in GRADIENT_OBSERVABLE)
    return SIGMAS * spread * np.sqrt(np.asarray(weights_squared) / SHOTS)


def test_parameter_shift_gradient_is_within_bounds_and_reproducible():
    exact = jax.jit(jax.grad(_energy("backprop", None)))(PARAMS)
    sampled = _energy("parameter-shift", SHOTS)
    gradient = jax.jit(jax.grad(lambda p, k: sampled(p, key=k)))
    key = jax.random.key(21)
    grad = gradient(PARAMS, key)
    two_term = sum(w**2 for w in qj.grad.shift_coefficients([1.0])[1])
    four_term = sum(w**2 for w in qj.grad.shift_coefficients([0.5, 1.0])[1])
    bound = _gradient_bound([two_term, two_term, four_term, two_term])
    assert np.all(np.abs(grad - exact) <= bound), (grad, exact, bound)
    np.testing.assert_array_equal(gradient(PARAMS, key), grad)
    assert not np.allclose(gradient(PARAMS, jax.random.key(22)), grad)


def test_vmap_of_parameter_shift_gradients_over_keys():
    exact = jax.jit(jax.grad(_energy("backprop", None)))(PARAMS)
    sampled = _energy("parameter-shift", SHOTS)
    keys = jax.random.split(jax.random.PRNGKey(5), 3)
    grads = jax.jit(jax.vmap(jax.grad(lambda p, k: sampled(p, key=k)), in_axes=(None, 0)))(
        PARAMS, keys
    )
    assert grads.shape == (3, 4)
    assert not np.allclose(grads[0], grads[1])
    assert np.all(np.abs(np.asarray(grads) - np.asarray(exact)) <= _gradient_bound(1.0))


def test_finite_diff_gradient_with_shots():
    """Independent samples per evaluation: the error grows as 1 / step, and stays within it."""
    sampled = _energy("finite-diff", SHOTS)
    gradient = jax.jit(jax.grad(lambda p, k: sampled(p, key=k)))
    grad = gradient(PARAMS, jax.random.key(2))
    np.testing.assert_array_equal(gradient(PARAMS, jax.random.key(2)), grad)
    step = qj.grad.FD_STEP_SCALE * float(jnp.finfo(jnp.float32).eps) ** (1 / 3)
    exact = jax.jit(jax.grad(_energy("backprop", None)))(PARAMS)
    assert np.all(np.abs(grad - exact) <= _gradient_bound(2 / (2 * step) ** 2))


@pytest.mark.parametrize("method", ["backprop", "parameter-shift"])
def test_coefficient_gradients_are_read_from_the_same_samples(method):
    """A sampled expectation is linear in the coefficients, whatever the samples."""

    @qj.circuit(wires=2, shots=1000, diff_method=method)
    def energy(theta, coeff):
        qj.RX(theta, wires=0)
        qj.H(1)
        return qj.expval(coeff * qj.Y(0) + qj.X(1) @ qj.Z(0))

    key = jax.random.key(4)
    grad = jax.grad(lambda c: energy(0.3, c, key=key))(1.0)
    assert_close(grad, energy(0.3, 1.0, key=key) - energy(0.3, 0.0, key=key))


@pytest.mark.parametrize("method", ["backprop", "adjoint"])
@pytest.mark.parametrize("derivative", [jax.grad, jax.jacfwd], ids=["grad", "jacfwd"])
def test_backprop_and_adjoint_refuse_to_differentiate_samples(method, derivative):
    sampled = _energy(method, 100)
    with pytest.raises(errors.DifferentiationError, match=r"no derivative.*parameter-shift"):
        jax.jit(derivative(lambda p: sampled(p, key=jax.random.key(0))))(PARAMS)


def test_a_hermitian_matrix_has_no_sampled_derivative():
    @qj.circuit(wires=1, shots=100, diff_method="parameter-shift")
    def measure(matrix):
        qj.H(0)
        return qj.expval(qj.Hermitian(matrix, wires=0))

    with pytest.raises(errors.DifferentiationError, match=r"Hermitian's matrix only with shots"):
        jax.jit(jax.grad(lambda m: measure(m, key=jax.random.key(0))))(jnp.eye(2))


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("shots", [0, -5, 1.5, True, "100"])
def test_shots_must_be_a_positive_int(shots):
    with pytest.raises(errors.SamplingError, match=r"shots must be None .* positive int"):
        qj.circuit(lambda: qj.sample(), wires=1, shots=shots)


def test_a_missing_key_is_an_error_not_a_hidden_seed():
    run = qj.circuit(lambda: qj.counts(), wires=1, shots=10)
    with pytest.raises(errors.SamplingError, match=r"shots=10 .* needs a key: .*jax.random.key"):
        run()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (0, r"key must be a jax.random key .* got int"),
        (np.zeros(2, np.float32), r"got ndarray of dtype float32"),
        (jax.random.split(jax.random.key(0), 3), r"one key, got a batch of keys of shape \(3,\)"),
        (np.zeros((4, 2), np.uint32), r"batch of keys of shape \(4,\).*jax.vmap"),
    ],
    ids=["int", "float-array", "typed-batch", "legacy-batch"],
)
def test_a_bad_key(key, message):
    run = qj.circuit(lambda: qj.counts(), wires=1, shots=10)
    with pytest.raises(errors.SamplingError, match=message):
        run(key=key)


@pytest.mark.parametrize("measure", [qj.sample, qj.counts])
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_samples_need_shots(measure, transform):
    run = qj.circuit(lambda: measure(wires=[0]), wires=1)
    match = rf"qj.{measure.__name__}\(\) draws samples, so the circuit needs shots: .*shots=1000"
    with pytest.raises(errors.SamplingError, match=match):
        transform(run)()
    with pytest.raises(errors.SamplingError, match=match):
        qj.execute(qj.record(run)())


@pytest.mark.parametrize(
    "measure", [qj.state, lambda: qj.density_matrix(wires=[0])], ids=["state", "density_matrix"]
)
def test_exact_only_measurements_with_shots(measure):
    run = qj.circuit(lambda: measure(), wires=1, shots=10)
    with pytest.raises(errors.SamplingError, match=r"no estimate from samples.*shots=None"):
        run(key=jax.random.key(0))


@pytest.mark.parametrize(
    "observable",
    [
        lambda: qj.X(0) + qj.Z(0),
        lambda: qj.Z(0) @ qj.X(1) + qj.Y(1),
        lambda: qj.Hermitian(HERMITIAN_2, wires=0) + qj.Z(1),
    ],
    ids=["X+Z", "ZX+Y", "hermitian+Z"],
)
def test_a_variance_needs_one_measurement_basis(observable):
    run = qj.circuit(lambda: qj.var(observable()), wires=2, shots=10)
    with pytest.raises(errors.SamplingError, match=r"needs one measurement basis.*shots=None"):
        run(key=jax.random.key(0))


def test_counts_to_dict_needs_concrete_counts_of_a_power_of_two_length():
    with pytest.raises(errors.SamplingError, match=r"concrete counts.*outside jax.jit"):
        jax.jit(qj.counts_to_dict)(jnp.array([1, 2]))
    with pytest.raises(errors.SamplingError, match=r"1-D array of 2\*\*k counts.*\(3,\)"):
        qj.counts_to_dict(np.array([1, 2, 3]))


def test_samples_and_counts_share_the_default_integer_dtype(x64):
    @qj.circuit(wires=2, shots=5)
    def spread():
        qj.H(0)
        return qj.sample(), qj.counts()

    bits, counts = spread(key=jax.random.key(0))
    assert bits.dtype == counts.dtype == jnp.int64
