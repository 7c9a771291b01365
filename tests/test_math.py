"""qjax.math against an independent NumPy oracle: values, transforms, gradients, errors.

The oracle works in complex128 with eigendecomposition-based matrix square
roots. Gradients are checked against central finite differences in float64,
along paths of states that keep their rank (where the derivative conventions
of qjax.math are exact), including degenerate points: pure density matrices,
equal states and the maximally mixed state.
"""

import itertools
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close, jaxpr_equations, tolerance
from jax import lax

import qjax.math as qmath
from qjax.errors import ParameterError, QjaxError

# --- the NumPy oracle -------------------------------------------------------------------------


def np_density(state: np.ndarray) -> np.ndarray:
    state = np.asarray(state, np.complex128)
    return np.outer(state, state.conj()) if state.ndim == 1 else state


def np_sqrtm(matrix: np.ndarray) -> np.ndarray:
    """The square root of a PSD matrix; float64 noise (|eigenvalue| < 1e-12) counts as 0."""
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.where(values > 1e-12, values, 0))) @ vectors.conj().T


def np_fidelity(state0: np.ndarray, state1: np.ndarray) -> float:
    root = np_sqrtm(np_density(state0))
    return float(np.real(np.trace(np_sqrtm(root @ np_density(state1) @ root))) ** 2)


def np_trace_distance(state0: np.ndarray, state1: np.ndarray) -> float:
    return float(np.sum(np.abs(np.linalg.eigvalsh(np_density(state0) - np_density(state1)))) / 2)


def np_purity(state: np.ndarray) -> float:
    rho = np_density(state)
    return float(np.real(np.trace(rho @ rho)))


def np_entropy(state: np.ndarray, base: float = np.e) -> float:
    values = np.linalg.eigvalsh(np_density(state))
    values = values[values > 1e-12]
    return float(-np.sum(values * np.log(values)) / np.log(base))


# --- random states ----------------------------------------------------------------------------


def random_vector(n: int, rng: np.random.Generator) -> np.ndarray:
    vector = rng.normal(size=2**n) + 1j * rng.normal(size=2**n)
    return vector / np.linalg.norm(vector)


def random_density(n: int, rng: np.random.Generator, rank: int | None = None) -> np.ndarray:
    """``G G^H / Tr`` for a Ginibre matrix ``G`` of ``rank`` columns (full rank by default)."""
    shape = (2**n, rank or 2**n)
    ginibre = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    rho = ginibre @ ginibre.conj().T
    return rho / np.trace(rho).real


KINDS = ("vector", "pure_dm", "rank2_dm", "mixed", "maximally_mixed")


def random_state(kind: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if kind == "vector":
        return random_vector(n, rng)
    if kind == "pure_dm":
        return np_density(random_vector(n, rng))
    if kind == "rank2_dm":
        return random_density(n, rng, rank=2)
    if kind == "mixed":
        return random_density(n, rng)
    return np.eye(2**n, dtype=np.complex128) / 2**n


def _kinds(n: int) -> tuple[str, ...]:
    return tuple(k for k in KINDS if not (k == "rank2_dm" and n == 1))


PAIRS = [(n, a, b) for n in (1, 2, 3) for a, b in itertools.product(_kinds(n), repeat=2)]
SINGLES = [(n, kind) for n in (1, 2, 3) for kind in _kinds(n)]


@pytest.fixture(params=["complex64", "complex128"])
def dtype(request):
    """The working dtype: complex128 runs with x64 on."""
    if request.param == "complex128":
        with jax.enable_x64(True):
            yield np.dtype(request.param)
    else:
        yield np.dtype(request.param)


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "kind0", "kind1"), PAIRS)
def test_fidelity_and_trace_distance_match_the_oracle(n, kind0, kind1, rng, dtype):
    state0, state1 = random_state(kind0, n, rng), random_state(kind1, n, rng)
    args = jnp.asarray(state0, dtype), jnp.asarray(state1, dtype)
    fidelity, distance = qmath.fidelity(*args), qmath.trace_distance(*args)
    assert fidelity.dtype == distance.dtype == np.finfo(dtype).dtype
    np.testing.assert_allclose(fidelity, np_fidelity(state0, state1), **tolerance(dtype))
    np.testing.assert_allclose(distance, np_trace_distance(state0, state1), **tolerance(dtype))
    np.testing.assert_allclose(fidelity, qmath.fidelity(*args[::-1]), **tolerance(dtype))
    assert -1e-6 <= float(distance) <= 1 + 1e-6


@pytest.mark.parametrize(("n", "kind"), SINGLES)
def test_a_state_has_fidelity_one_and_distance_zero_with_itself(n, kind, rng, dtype):
    state = jnp.asarray(random_state(kind, n, rng), dtype)
    np.testing.assert_allclose(qmath.fidelity(state, state), 1, **tolerance(dtype))
    assert float(qmath.trace_distance(state, state)) == 0


@pytest.mark.parametrize("n", [1, 2, 3])
def test_pure_fidelity_is_the_squared_overlap_in_every_representation(n, rng, dtype):
    a, b = random_vector(n, rng), random_vector(n, rng)
    expected = abs(np.vdot(a, b)) ** 2
    for x, y in itertools.product([a, np_density(a)], [b, np_density(b)]):
        result = qmath.fidelity(jnp.asarray(x, dtype), jnp.asarray(y, dtype))
        np.testing.assert_allclose(result, expected, **tolerance(dtype))


def test_orthogonal_states_have_fidelity_zero_and_distance_one():
    zero, one = jnp.array([1, 0, 0, 0]), jnp.array([0, 0, 1, 0])
    for x, y in itertools.product([zero, qmath.as_density_matrix(zero)], [one]):
        assert_close(qmath.fidelity(x, y), 0)
        assert_close(qmath.trace_distance(x, y), 1)


@pytest.mark.parametrize(("n", "kind"), SINGLES)
def test_purity_and_entropy_match_the_oracle(n, kind, rng, dtype):
    state = random_state(kind, n, rng)
    array = jnp.asarray(state, dtype)
    purity, entropy = qmath.purity(array), qmath.vn_entropy(array)
    assert purity.dtype == entropy.dtype == np.finfo(dtype).dtype
    np.testing.assert_allclose(purity, np_purity(state), **tolerance(dtype))
    np.testing.assert_allclose(entropy, np_entropy(state), **tolerance(dtype))
    bits = qmath.vn_entropy(array, base=2)
    np.testing.assert_allclose(bits, np_entropy(state, base=2), **tolerance(dtype))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_maximally_mixed_entropy_is_n_log_2_and_n_bits(n):
    rho = jnp.eye(2**n) / 2**n
    assert_close(qmath.vn_entropy(rho), n * np.log(2))
    assert_close(qmath.vn_entropy(rho, base=2), n)
    assert_close(qmath.purity(rho), 2.0**-n)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_pure_states_have_entropy_zero_and_purity_one(n, rng):
    vector = random_vector(n, rng)
    for state in (vector, np_density(vector)):
        assert_close(qmath.vn_entropy(jnp.asarray(state, jnp.complex64)), 0)
        assert_close(qmath.purity(jnp.asarray(state, jnp.complex64)), 1)


def test_as_density_matrix_is_the_outer_product_or_the_matrix_itself(rng):
    vector = random_vector(2, rng)
    assert_close(qmath.as_density_matrix(jnp.asarray(vector, jnp.complex64)), np_density(vector))
    rho = jnp.asarray(random_density(2, rng), jnp.complex64)
    assert qmath.as_density_matrix(rho) is rho


def test_dtypes_follow_the_inputs():
    assert qmath.fidelity([1.0, 0.0], jnp.eye(2) / 2).dtype == jnp.float32
    with jax.enable_x64(True):
        assert qmath.fidelity([1.0, 0.0], jnp.eye(2) / 2).dtype == jnp.float64
        half = jnp.eye(2, dtype=jnp.complex64) / 2
        assert qmath.trace_distance(half, half).dtype == jnp.float32
        assert qmath.vn_entropy(jnp.array([1, 0], jnp.complex64)).dtype == jnp.float32


# --- transforms -------------------------------------------------------------------------------

PAIRWISE = {"fidelity": qmath.fidelity, "trace_distance": qmath.trace_distance}
SINGLE = {
    "purity": qmath.purity,
    "vn_entropy": qmath.vn_entropy,
    "vn_entropy_bits": lambda rho: qmath.vn_entropy(rho, base=2),
}


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("name", PAIRWISE)
@pytest.mark.parametrize(
    ("kind0", "kind1"),
    [("vector", "vector"), ("vector", "mixed"), ("mixed", "pure_dm"), ("mixed", "mixed")],
)
def test_pairwise_functions_under_jit_and_vmap_equal_a_loop(name, kind0, kind1, transform, rng):
    batch = 4
    states0 = np.stack([random_state(kind0, 2, rng) for _ in range(batch)])
    states1 = np.stack([random_state(kind1, 2, rng) for _ in range(batch)])
    fn = PAIRWISE[name]
    a, b = jnp.asarray(states0, jnp.complex64), jnp.asarray(states1, jnp.complex64)
    batched = transform(jax.vmap(fn))(a, b)
    assert batched.shape == (batch,)
    assert_close(batched, [fn(x, y) for x, y in zip(a, b, strict=True)])
    assert_close(transform(fn)(a[0], b[0]), fn(a[0], b[0]))


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("name", SINGLE)
@pytest.mark.parametrize("kind", ["vector", "pure_dm", "mixed"])
def test_single_state_functions_under_jit_and_vmap_equal_a_loop(name, kind, transform, rng):
    states = jnp.asarray(np.stack([random_state(kind, 2, rng) for _ in range(4)]), jnp.complex64)
    fn = SINGLE[name]
    assert_close(transform(jax.vmap(fn))(states), [fn(s) for s in states])
    assert_close(transform(fn)(states[0]), fn(states[0]))


def test_new_numbers_of_the_same_shape_compile_nothing(rng):
    traces = []

    @jax.jit
    def run(rho, sigma):
        traces.append(None)
        return qmath.fidelity(rho, sigma), qmath.trace_distance(rho, sigma)

    for _ in range(3):
        run(*(jnp.asarray(random_density(2, rng), jnp.complex64) for _ in range(2)))
    assert len(traces) == 1


def test_the_matrix_square_root_uses_its_own_derivative(rng):
    rho = jnp.asarray(random_density(2, rng), jnp.complex64)
    jaxpr = jax.make_jaxpr(qmath.fidelity)(rho, rho).jaxpr
    assert "custom_jvp_call" in {eqn.primitive.name for eqn in jaxpr_equations(jaxpr)}


# --- gradients --------------------------------------------------------------------------------


def _family(kind: str, n: int, rng: np.random.Generator) -> tuple[Callable, np.ndarray]:
    """A differentiable map from real parameters to states of ``kind``, and a point."""
    dim = 2**n
    if kind == "maximally_mixed":
        # I/dim plus traceless Hermitian directions: full rank, all eigenvalues degenerate at 0.
        directions = np.stack([random_density(n, rng) - np.eye(dim) / dim for _ in range(3)])

        def build(theta):
            identity = jnp.eye(dim, dtype=jnp.complex128) / dim
            return identity + jnp.tensordot(theta.astype(jnp.complex128), directions, axes=1)

        return build, np.zeros(3)
    columns = {"vector": 1, "pure_dm": 1, "rank2_dm": 2, "mixed": dim}[kind]
    size = dim * columns

    def build(theta):
        ginibre = jnp.reshape(lax.complex(theta[:size], theta[size:]), (dim, columns))
        if kind == "vector":
            return ginibre[:, 0] / jnp.linalg.norm(ginibre).astype(ginibre.dtype)
        rho = jnp.matmul(ginibre, jnp.conj(ginibre).T, precision=lax.Precision.HIGHEST)
        return rho / jnp.trace(rho)

    return build, rng.normal(size=2 * size)


STEP = 1e-6
"""Central differences in float64: truncation ~STEP**2, rounding ~1e-16 / STEP."""


def _check_gradient(fn: Callable, theta: np.ndarray, transform: Callable) -> None:
    """Reverse and forward mode against central differences, along random directions."""

    def derivatives(t, directions):
        gradient = jax.grad(fn)(t)
        forward = jax.vmap(lambda d: jax.jvp(fn, (t,), (d,))[1])(directions)
        central = jax.vmap(lambda d: fn(t + STEP * d) - fn(t - STEP * d))(directions)
        return gradient, forward, central / (2 * STEP)

    directions = np.random.default_rng(7).normal(size=(2, theta.size))
    gradient, forward, central = transform(derivatives)(jnp.asarray(theta), directions)
    assert np.all(np.isfinite(gradient))
    np.testing.assert_allclose(directions @ gradient, central, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(forward, directions @ gradient, rtol=1e-9, atol=1e-9)


GRADIENT_PAIRS = [
    *[(2, kind0, kind1) for kind0 in KINDS for kind1 in ("vector", "mixed")],
    (2, "pure_dm", "pure_dm"),
    (1, "pure_dm", "maximally_mixed"),
    (3, "rank2_dm", "rank2_dm"),
]
GRADIENT_SINGLES = [(2, kind) for kind in KINDS] + [(1, "pure_dm"), (3, "rank2_dm")]
"""Compiling each gradient check takes most of this file's time: these cover every kind."""


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize(("n", "kind0", "kind1"), GRADIENT_PAIRS)
def test_pairwise_gradients_match_finite_differences(n, kind0, kind1, transform, rng, x64):
    build, theta = _family(kind0, n, rng)
    other = jnp.asarray(random_state(kind1, n, rng))

    def objective(t):
        # One check covers both functions, each with the moving state in either position.
        state = build(t)
        fidelities = qmath.fidelity(state, other) + 0.7 * qmath.fidelity(other, state)
        distances = qmath.trace_distance(state, other) - 0.4 * qmath.trace_distance(other, state)
        return fidelities + 0.3 * distances

    _check_gradient(objective, theta, transform)


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize(("n", "kind"), GRADIENT_SINGLES)
def test_gradients_at_equal_states_are_finite_and_match(n, kind, transform, rng, x64):
    build, theta = _family(kind, n, rng)
    fixed = build(jnp.asarray(theta))

    def both_moving(t):
        # Constant (1 and 0) for normalised states: the gradient is 0.
        state = build(t)
        return qmath.fidelity(state, state) + qmath.trace_distance(state, state)

    gradient = transform(jax.grad(both_moving))(jnp.asarray(theta))
    np.testing.assert_allclose(gradient, 0, atol=1e-9)
    # One argument moving: F has its maximum there (gradient 0); the trace distance has a
    # symmetric kink, whose derivative is taken as 0, as central differences give. Jitted,
    # the fixed state need not be bitwise the moving one, so there is no exact kink to test.
    with_kink = transform is TRANSFORMS["eager"]
    _check_gradient(
        lambda t: (
            qmath.fidelity(build(t), fixed)
            + (0.5 * qmath.trace_distance(fixed, build(t)) if with_kink else 0.0)
        ),
        theta,
        transform,
    )


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize(("n", "kind"), GRADIENT_SINGLES)
def test_single_state_gradients_match_finite_differences(n, kind, transform, rng, x64):
    build, theta = _family(kind, n, rng)
    weights = (1.0, 0.7, -0.4)  # one check covers every single-state function

    def objective(t):
        return sum(w * fn(build(t)) for w, fn in zip(weights, SINGLE.values(), strict=True))

    _check_gradient(objective, theta, transform)


@pytest.mark.parametrize("kind", ["pure_dm", "maximally_mixed", "rank2_dm"])
def test_gradients_with_respect_to_density_matrices_have_no_nan(kind, rng):
    rho = jnp.asarray(random_state(kind, 2, rng), jnp.complex64)
    sigma = jnp.asarray(random_state("pure_dm", 2, rng), jnp.complex64)
    for fn in (
        lambda r: qmath.fidelity(r, r),
        lambda r: qmath.fidelity(r, sigma),
        lambda r: qmath.fidelity(sigma, r),
        lambda r: qmath.trace_distance(r, r),
        lambda r: qmath.trace_distance(r, sigma),
        qmath.vn_entropy,
        qmath.purity,
    ):
        assert np.all(np.isfinite(jax.grad(fn)(rho)))


def test_derivative_of_the_kink_and_of_sqrt_at_zero_is_zero():
    # Equal states: |x| at x = 0 has derivative 0 (jnp.abs would give 1, the trace).
    rho = jnp.eye(2, dtype=jnp.complex64) / 2
    assert_close(jax.grad(lambda r: qmath.trace_distance(r, jnp.eye(2) / 2))(rho), np.zeros((2, 2)))
    # A pure state: raising its zero eigenvalue would have slope +inf; it is taken as 0.
    zero = jnp.diag(jnp.array([1, 0], jnp.complex64))
    one = jnp.diag(jnp.array([0, 1], jnp.complex64))
    growing = jax.grad(lambda p: qmath.fidelity(jnp.eye(2) / 2, zero + p.astype(one.dtype) * one))
    assert_close(growing(jnp.asarray(0.0)), 0)


# --- errors -----------------------------------------------------------------------------------

BAD_SHAPES = [
    ((2, 2, 2), r"must be a state vector of shape \(2\*\*n,\) .*got shape \(2, 2, 2\).*jax\.vmap"),
    ((), r"must be a state vector .*got shape \(\)"),
    ((2, 4), r"must be a square density matrix .*got shape \(2, 4\).*jax\.vmap"),
    ((3,), r"must have a power-of-2 size .*got shape \(3,\)"),
    ((6, 6), r"must have a power-of-2 size .*got shape \(6, 6\)"),
    ((0,), r"must have a power-of-2 size .*got shape \(0,\)"),
]


@pytest.mark.parametrize(("shape", "message"), BAD_SHAPES)
@pytest.mark.parametrize("name", PAIRWISE)
def test_pairwise_functions_reject_bad_shapes(name, shape, message):
    good = jnp.ones(2, jnp.complex64)
    with pytest.raises(ParameterError, match=f"{name}: state0 {message}"):
        PAIRWISE[name](jnp.ones(shape, jnp.complex64), good)
    with pytest.raises(ParameterError, match=f"{name}: state1 {message}"):
        PAIRWISE[name](good, jnp.ones(shape, jnp.complex64))


@pytest.mark.parametrize(("shape", "message"), BAD_SHAPES)
@pytest.mark.parametrize("name", ["purity", "vn_entropy", "as_density_matrix"])
def test_single_state_functions_reject_bad_shapes(name, shape, message):
    with pytest.raises(ParameterError, match=f"{name}: state {message}"):
        getattr(qmath, name)(np.ones(shape))


@pytest.mark.parametrize("name", PAIRWISE)
def test_states_of_different_sizes_are_rejected(name):
    with pytest.raises(
        ParameterError, match=rf"{name}: .* same number of qubits.*\(2,\) and \(4, 4\)"
    ):
        PAIRWISE[name](jnp.ones(2), jnp.eye(4))


@pytest.mark.parametrize("base", [0, -2, 1, "2"])
def test_entropy_rejects_a_bad_base(base):
    with pytest.raises(ParameterError, match=r"vn_entropy: base must be a positive number"):
        qmath.vn_entropy(jnp.eye(2) / 2, base=base)


def test_errors_are_qjax_value_errors_raised_before_tracing():
    assert issubclass(ParameterError, QjaxError) and issubclass(ParameterError, ValueError)
    with pytest.raises(ParameterError, match=r"jax\.vmap"):
        jax.jit(qmath.fidelity)(jnp.ones((3, 2)), jnp.ones(2))
