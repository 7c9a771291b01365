"""Every diff_method gives the derivatives backprop gives, and finite differences confirm them."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import jaxpr_equations
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
import qjax as qj
from qjax.errors import DifferentiationError

METHODS = ("adjoint", "parameter-shift", "finite-diff")
FD_STEP = 1e-6
TOLERANCE = {"adjoint": 1e-9, "parameter-shift": 1e-9, "finite-diff": 1e-6}
"""float64 agreement with backprop: exact methods to rounding, finite-diff to its step."""

PARAMETRIZED = {
    "RX": (1, lambda p, w: qj.RX(p[0], wires=w[0])),
    "RY": (1, lambda p, w: qj.RY(p[0], wires=w[0])),
    "RZ": (1, lambda p, w: qj.RZ(p[0], wires=w[0])),
    "PhaseShift": (1, lambda p, w: qj.PhaseShift(p[0], wires=w[0])),
    "U1": (1, lambda p, w: qj.U1(p[0], wires=w[0])),
    "U2": (2, lambda p, w: qj.U2(p[0], p[1], wires=w[0])),
    "U3": (3, lambda p, w: qj.U3(p[0], p[1], p[2], wires=w[0])),
    "Rot": (3, lambda p, w: qj.Rot(p[0], p[1], p[2], wires=w[0])),
    "CRX": (1, lambda p, w: qj.CRX(p[0], wires=w[:2])),
    "CRY": (1, lambda p, w: qj.CRY(p[0], wires=w[:2])),
    "CRZ": (1, lambda p, w: qj.CRZ(p[0], wires=w[:2])),
    "ControlledPhaseShift": (1, lambda p, w: qj.ControlledPhaseShift(p[0], wires=w[:2])),
    "CRot": (3, lambda p, w: qj.CRot(p[0], p[1], p[2], wires=w[:2])),
    "IsingXX": (1, lambda p, w: qj.IsingXX(p[0], wires=w[:2])),
    "IsingYY": (1, lambda p, w: qj.IsingYY(p[0], wires=w[:2])),
    "IsingZZ": (1, lambda p, w: qj.IsingZZ(p[0], wires=w[:2])),
    "IsingXY": (1, lambda p, w: qj.IsingXY(p[0], wires=w[:2])),
    "MultiRZ": (1, lambda p, w: qj.MultiRZ(p[0], wires=w)),
    "PauliRot-XY": (1, lambda p, w: qj.PauliRot(p[0], "XY", wires=w[:2])),
    "PauliRot-XYZ": (1, lambda p, w: qj.PauliRot(p[0], "XYZ", wires=w)),
    "PauliRot-ZIZ": (1, lambda p, w: qj.PauliRot(p[0], "ZIZ", wires=w)),
    "ctrl-GlobalPhase": (1, lambda p, w: qj.ctrl(qj.GlobalPhase(p[0]), control=w[0])),
    "ctrl-Rot": (
        3,
        lambda p, w: qj.ctrl(qj.Rot(*p, wires=w[2]), control=w[:2], control_values=[1, 0]),
    ),
    "adjoint-IsingXY": (1, lambda p, w: qj.adjoint(qj.IsingXY(p[0], wires=w[1:]))),
}


def _circuit(name, method):
    """Fixed gates around the gate under test, applied twice on different wires with
    shared and processed parameters, and a Hamiltonian readout."""
    count, build = PARAMETRIZED[name]

    @qj.circuit(wires=3, diff_method=method)
    def energy(params, x):
        for wire in range(3):
            qj.RY(0.3 * (wire + 1), wires=wire)
        qj.CNOT(wires=[0, 1])
        build(params[:count] * x, [2, 0, 1])
        qj.CZ(wires=[1, 2])
        build(params[count:], [0, 1, 2])
        qj.H(1)
        return qj.expval(0.7 * qj.X(0) @ qj.Z(1) - 0.4 * qj.Y(2) + qj.Z(0) @ qj.Z(2))

    return energy, 2 * count


def _central_difference(f, x):
    x = np.asarray(x, float)
    return np.array(
        [(f(x + FD_STEP * e) - f(x - FD_STEP * e)) / (2 * FD_STEP) for e in np.eye(len(x))]
    )


@pytest.mark.parametrize("name", PARAMETRIZED)
def test_every_method_agrees_with_backprop_and_finite_differences(name, x64):
    params = np.random.default_rng(len(name)).uniform(-2, 2, size=_circuit(name, "backprop")[1])
    x = 1.3
    circuits = {m: _circuit(name, m)[0] for m in ("backprop", *METHODS)}

    @jax.jit
    def all_gradients(params):
        return {m: jax.grad(c)(params, x) for m, c in circuits.items()}

    gradients = all_gradients(params)
    forward = jax.jit(circuits["backprop"])
    numeric = _central_difference(lambda p: float(forward(p, x)), params)
    np.testing.assert_allclose(gradients["backprop"], numeric, atol=1e-7)
    for method in METHODS:
        np.testing.assert_allclose(
            gradients[method], gradients["backprop"], atol=TOLERANCE[method], err_msg=method
        )


def _readouts(method):
    @qj.circuit(wires=3, diff_method=method)
    def run(params, coeffs, hermitian):
        qj.RX(params[0], wires=0)
        qj.IsingXY(params[1], wires=[0, 2])
        qj.CRY(params[2], wires=[2, 1])
        return (
            qj.expval(coeffs[0] * qj.Z(0) + coeffs[1] * qj.Hermitian(hermitian, wires=[1, 2])),
            qj.var(qj.X(1) @ qj.Y(2) + 0.5 * qj.Z(0)),
            qj.probs(wires=[2, 0]),
            qj.density_matrix(wires=[1]),
        )

    def real_parts(*args):
        *real, rho = run(*args)
        return (*real, jnp.real(rho), jnp.imag(rho))

    return real_parts


@pytest.mark.parametrize("method", METHODS)
def test_every_measurement_kind_and_observable_parameter(method, x64):
    rng = np.random.default_rng(5)
    a = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    args = (rng.uniform(-2, 2, size=3), np.array([0.8, -1.1]), (a + a.conj().T) / 2)
    expected = jax.jit(jax.jacrev(_readouts("backprop"), argnums=(0, 1)))(*args)
    got = jax.jit(jax.jacrev(_readouts(method), argnums=(0, 1)))(*args)
    for g, e in zip(jax.tree.leaves(got), jax.tree.leaves(expected), strict=True):
        np.testing.assert_allclose(g, e, atol=TOLERANCE[method])


@pytest.mark.parametrize("method", METHODS)
def test_vmap_of_grad_equals_a_loop(method):
    energy, size = _circuit("CRot", method)
    batch = np.random.default_rng(9).uniform(-2, 2, size=(4, size)).astype(np.float32)
    batched = jax.jit(jax.vmap(jax.grad(energy), in_axes=(0, None)))(batch, np.float32(0.9))
    reference = jax.jit(jax.grad(_circuit("CRot", "backprop")[0]))
    expected = np.stack([reference(p, np.float32(0.9)) for p in batch])
    np.testing.assert_allclose(batched, expected, atol=1e-4 if method == "finite-diff" else 1e-5)


@pytest.mark.parametrize(("method", "gate"), [("parameter-shift", "Rot"), ("adjoint", "CRot")])
def test_hessians_match_backprop(method, gate, x64):
    """Parameter-shift applies its rule twice; adjoint is forward over its reverse pass."""
    params = np.random.default_rng(3).uniform(-2, 2, size=6)
    method_fn, backprop = _circuit(gate, method)[0], _circuit(gate, "backprop")[0]
    np.testing.assert_allclose(
        jax.jit(jax.hessian(method_fn))(params, 1.1),
        jax.jit(jax.hessian(backprop))(params, 1.1),
        atol=1e-9,
    )


def test_parameter_shift_forward_mode_matches_backprop(x64):
    params = np.random.default_rng(3).uniform(-2, 2, size=6)
    shift, backprop = _circuit("Rot", "parameter-shift")[0], _circuit("Rot", "backprop")[0]
    np.testing.assert_allclose(
        jax.jacfwd(shift)(params, 1.1), jax.grad(backprop)(params, 1.1), atol=1e-9
    )


def test_shift_coefficients_reproduce_known_rules():
    shifts, weights = qj.grad.shift_coefficients([1.0])
    np.testing.assert_allclose(shifts, [np.pi / 2, -np.pi / 2])
    np.testing.assert_allclose(weights, [0.5, -0.5])
    shifts, weights = qj.grad.shift_coefficients([0.5, 1.0])
    d_plus, d_minus = (np.sqrt(2) + 1) / (4 * np.sqrt(2)), (np.sqrt(2) - 1) / (4 * np.sqrt(2))
    np.testing.assert_allclose(shifts, [np.pi / 2, 3 * np.pi / 2, -np.pi / 2, -3 * np.pi / 2])
    np.testing.assert_allclose(weights, [d_plus, -d_minus, -d_plus, d_minus], atol=1e-12)


def _state_contractions(fn, *args, num_wires):
    """The dot_generals of fn's jaxpr that act on a state (an operand of 2**num_wires or more)."""
    jaxpr = jax.make_jaxpr(fn)(*args).jaxpr
    return [
        eqn
        for eqn in jaxpr_equations(jaxpr)
        if eqn.primitive.name == "dot_general"
        and max(v.aval.size for v in eqn.invars) >= 2**num_wires
    ]


def test_parameter_shift_gradient_is_shifted_forward_evaluations_only():
    def make(method):
        @qj.circuit(wires=4, diff_method=method, compile=False)
        def f(params):
            for wire in range(4):
                qj.RY(params[wire], wires=wire)
            qj.CNOT(wires=[0, 1])
            qj.CNOT(wires=[2, 3])
            return qj.expval(qj.Z(1) @ qj.Z(3))

        return f

    params = jnp.linspace(0.1, 0.4, 4)
    forward = _state_contractions(make("backprop"), params, num_wires=4)
    shifted = _state_contractions(jax.grad(make("parameter-shift")), params, num_wires=4)
    backprop = _state_contractions(jax.grad(make("backprop")), params, num_wires=4)
    batched = [e for e in shifted if e.outvars[0].aval.size == 8 * 2**4]
    assert len(batched) == len(forward) == 4  # one vmapped forward: 2 shifts x 4 parameters
    assert len(shifted) == 2 * len(forward)  # plus the primal forward, and no transposes
    assert len(backprop) > len(shifted)


def test_adjoint_is_a_custom_vjp_whose_memory_does_not_grow_with_depth():
    num_wires = 12

    def make(depth):
        @qj.circuit(wires=num_wires, diff_method="adjoint")
        def f(params):
            for layer in range(depth):
                for wire in range(num_wires):
                    qj.RY(params[layer, wire], wires=wire)
                for wire in range(num_wires - 1):
                    qj.CNOT(wires=[wire, wire + 1])
            return qj.expval(qj.Z(0))

        return f

    primitives = {
        e.primitive.name
        for e in jaxpr_equations(jax.make_jaxpr(make(1))(jnp.ones((1, num_wires))).jaxpr)
    }
    assert any("custom_vjp" in name for name in primitives)
    state_bytes = 8 * 2**num_wires
    temp = {}
    for depth in (10, 50):
        compiled = jax.jit(jax.grad(make(depth))).lower(jnp.ones((depth, num_wires))).compile()
        temp[depth] = compiled.memory_analysis().temp_size_in_bytes / state_bytes
    assert temp[50] <= temp[10] + 0.1, temp


def test_adjoint_rejects_forward_mode_naming_the_alternatives():
    energy, size = _circuit("RX", "adjoint")
    with pytest.raises(DifferentiationError, match=r"reverse mode only.*parameter-shift"):
        jax.jacfwd(energy)(jnp.ones(size), 1.0)


@pytest.mark.parametrize(
    ("gate", "message"),
    [
        (lambda m: qj.QubitUnitary(m, wires=[0]), r"QubitUnitary.*no known generator"),
        (lambda m: qj.StatePrep(m[0], wires=[0], normalize=True), r"StatePrep"),
    ],
    ids=["QubitUnitary", "StatePrep"],
)
def test_parameter_shift_names_what_it_cannot_differentiate(gate, message):
    @qj.circuit(wires=1, diff_method="parameter-shift")
    def f(matrix):
        gate(matrix)
        return qj.expval(qj.Z(0))

    with pytest.raises(DifferentiationError, match=message):
        jax.grad(lambda m: f(m.astype(jnp.complex64)))(jnp.eye(2))


def test_unknown_diff_method():
    with pytest.raises(DifferentiationError, match="diff_method must be one of"):
        qj.circuit(lambda: qj.probs(), wires=1, diff_method="best")


def test_oracle_confirms_a_parameter_shift_gradient(x64):
    @qj.circuit(wires=2, diff_method="parameter-shift")
    def f(theta):
        qj.H(0)
        qj.CRX(theta, wires=[0, 1])
        return qj.expval(qj.Z(1))

    def oracle_f(theta):
        state = oracle.apply(np.array([1, 0, 0, 0], complex), oracle.gate_matrix("H"), [0], 2)
        state = oracle.apply(state, oracle.gate_matrix("CRX", [theta]), [0, 1], 2)
        return oracle.expval(state, oracle.embed(oracle.pauli_matrix("Z"), [1], 2))

    theta = 0.83
    expected = (oracle_f(theta + FD_STEP) - oracle_f(theta - FD_STEP)) / (2 * FD_STEP)
    np.testing.assert_allclose(jax.grad(f)(theta), expected, atol=1e-8)


GATE_NAMES = sorted(PARAMETRIZED)


@settings(max_examples=8, deadline=None)
@given(
    names=st.lists(st.sampled_from(GATE_NAMES), min_size=1, max_size=4),
    wire_orders=st.lists(st.permutations([0, 1, 2]), min_size=4, max_size=4),
    seed=st.integers(0, 2**16),
    observable=st.sampled_from(["pauli-sum", "hermitian", "var"]),
)
def test_random_circuits_agree_across_methods(names, wire_orders, seed, observable):
    """Random sequences of parametrized gates: every method's gradient is backprop's."""
    counts = [PARAMETRIZED[name][0] for name in names]
    rng = np.random.default_rng(seed)
    params = rng.uniform(-2, 2, size=sum(counts))
    a = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    hermitian = (a + a.conj().T) / 2

    def make(method):
        @qj.circuit(wires=3, diff_method=method)
        def f(params):
            offset = 0
            for name, count, wires in zip(names, counts, wire_orders, strict=False):
                PARAMETRIZED[name][1](params[offset : offset + count], list(wires))
                qj.CNOT(wires=[wires[0], wires[1]])
                offset += count
            if observable == "var":
                return qj.var(qj.X(0) @ qj.Z(2) + 0.3 * qj.Y(1))
            if observable == "hermitian":
                return qj.expval(qj.Hermitian(hermitian, wires=[1]) - 0.5 * qj.X(2))
            return qj.expval(qj.Z(0) @ qj.Y(2) + 0.8 * qj.X(1))

        return f

    with jax.enable_x64(True):
        expected = jax.grad(make("backprop"))(params)
        for method in METHODS:
            got = jax.grad(make(method))(params)
            np.testing.assert_allclose(got, expected, atol=TOLERANCE[method], err_msg=method)
