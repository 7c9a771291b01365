"""Noise channels, the density-matrix and trajectory methods, and noise models.

Every channel is checked against the NumPy Kraus operators of ``noise_oracle``
(PennyLane's definitions), the density-matrix engine against dense
``K rho K^dagger`` evolution of random noisy circuits over the whole gate set,
trajectories against the density matrix within sampling error, and gradients
with respect to gate and noise parameters against central finite differences,
at zero noise included.
"""

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close, jaxpr_equations
from hypothesis import given
from hypothesis import strategies as st
from test_random_circuits import GATE_NAMES, Gate, Hamiltonian, _fits, gates, hermitians, words

import noise_oracle
import oracle
import qjax as qj
from qjax.errors import CircuitError, DifferentiationError, ParameterError, SamplingError

# name, qjax constructor arguments (before wires), the oracle's arguments, wires
CHANNEL_CASES = [
    ("BitFlip", (0.1,), (0.1,), 1),
    ("PhaseFlip", (0.3,), (0.3,), 1),
    ("DepolarizingChannel", (0.2,), (0.2,), 1),
    ("AmplitudeDamping", (0.4,), (0.4,), 1),
    ("GeneralizedAmplitudeDamping", (0.3, 0.7), (0.3, 0.7), 1),
    ("PhaseDamping", (0.6,), (0.6,), 1),
    ("ThermalRelaxationError", (0.1, 1.2, 1.3, 0.1), (0.1, 1.2, 1.3, 0.1), 1),
    ("ThermalRelaxationError", (0.2, 1.0, 0.8, 0.3), (0.2, 1.0, 0.8, 0.3), 1),
    ("ThermalRelaxationError", (0.0, 1.0, 2.0, 0.5), (0.0, 1.0, 2.0, 0.5), 1),
    ("PauliError", ("XY", 0.25), ("XY", 0.25), 2),
    ("ResetError", (0.2, 0.1), (0.2, 0.1), 1),
]
CASE_IDS = [f"{name}{args}" for name, args, _, _ in CHANNEL_CASES]


def _channel(name: str, args: tuple, wires: Any) -> qj.ops.Channel:
    return getattr(qj, name)(*args, wires=wires)


def _superoperator(kraus: list[np.ndarray]) -> np.ndarray:
    """The oracle channel's superoperator, from the map itself (not from qjax's formula)."""
    dim = kraus[0].shape[0]
    columns = []
    for index in range(dim * dim):
        unit = np.zeros(dim * dim, complex)
        unit[index] = 1
        rho = unit.reshape(dim, dim)
        columns.append(sum(k @ rho @ k.conj().T for k in kraus).reshape(-1))
    return np.array(columns).T


# ---------------------------------------------------------------------------
# Channels


@pytest.mark.parametrize(("name", "args", "oracle_args", "num_wires"), CHANNEL_CASES, ids=CASE_IDS)
def test_channel_matches_pennylane_kraus_operators(x64, name, args, oracle_args, num_wires):
    channel = _channel(name, args, list(range(num_wires)))
    expected = noise_oracle.kraus_operators(name, *oracle_args, num_wires=num_wires)
    assert_close(channel.superoperator(), _superoperator(expected))
    kraus = np.asarray(channel.kraus_matrices())
    assert noise_oracle.is_cptp(list(kraus))
    assert_close(_superoperator(list(kraus)), _superoperator(expected))
    if name != "ThermalRelaxationError":  # the same Kraus operators, not only the same map
        assert_close(kraus, np.array(expected))


def test_every_channel_class_is_covered():
    exported = {
        name
        for name in qj.ops.__all__
        if isinstance(cls := getattr(qj.ops, name), type)
        and issubclass(cls, qj.ops.Channel)
        and cls is not qj.ops.Channel
    }
    assert exported == {case[0] for case in CHANNEL_CASES} | {"KrausChannel", "QubitChannel"}


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("BitFlip", (1.5,)),
        ("DepolarizingChannel", (-0.1,)),
        ("AmplitudeDamping", (2.0,)),
        ("GeneralizedAmplitudeDamping", (0.1, 1.1)),
        ("ResetError", (0.6, 0.6)),
        ("ThermalRelaxationError", (0.1, 1.0, 2.5, 0.1)),
        ("ThermalRelaxationError", (0.1, 0.0, 1.0, 0.1)),
        ("ThermalRelaxationError", (0.1, 1.0, 1.0, -0.1)),
    ],
)
def test_channel_parameters_out_of_range_are_errors(name, args):
    with pytest.raises(ParameterError, match=name):
        getattr(qj, name)(*args, wires=0)


def test_pauli_error_checks_its_word():
    with pytest.raises(ParameterError, match="over X, Y, Z"):
        qj.PauliError("XA", 0.1, wires=[0, 1])
    with pytest.raises(qj.errors.WireError, match="one letter per wire"):
        qj.PauliError("XYZ", 0.1, wires=[0, 1])


def test_kraus_channel_checks_completeness_when_concrete():
    x = np.array([[0, 1], [1, 0]])
    qj.KrausChannel([np.sqrt(0.9) * np.eye(2), np.sqrt(0.1) * x], wires=0)
    with pytest.raises(qj.errors.UnitaryError, match="trace preserving"):
        qj.KrausChannel([np.eye(2), x], wires=0)
    with pytest.raises(ParameterError, match="shape"):
        qj.KrausChannel([np.eye(4)], wires=0)
    assert qj.QubitChannel is qj.KrausChannel


def test_kraus_channel_takes_traced_operators():
    @jax.jit
    def probability_of_one(p):
        kraus = [jnp.sqrt(1 - p) * jnp.eye(2), jnp.sqrt(p) * jnp.array([[0.0, 1.0], [1.0, 0.0]])]

        def f():
            qj.KrausChannel(kraus, wires=0)
            return qj.probs()

        return qj.circuit(f, wires=1)()[1]

    assert_close(probability_of_one(0.3), 0.3)


def test_a_channel_has_no_matrix_inverse_or_control():
    channel = qj.BitFlip(0.1, wires=0)
    with pytest.raises(qj.errors.OperatorTypeError, match="no matrix"):
        channel.matrix()
    with pytest.raises(qj.errors.OperatorTypeError, match="no inverse"):
        channel.adjoint()
    with pytest.raises(CircuitError, match="can only transform gates"):
        qj.ctrl(qj.BitFlip(0.1, wires=0), control=1)


# ---------------------------------------------------------------------------
# The density-matrix engine against the oracle


def _noise_steps(name, args, wires) -> tuple[str, list[np.ndarray], tuple[int, ...]]:
    return ("kraus", noise_oracle.kraus_operators(name, *args, num_wires=len(wires)), wires)


@st.composite
def noisy_circuits(draw: st.DrawFn) -> tuple[int, list]:
    """Random gates over the whole gate set with random channels between them."""
    n = draw(st.integers(1, 3))
    fitting = [name for name in GATE_NAMES if _fits(name, n)]
    names = draw(st.lists(st.sampled_from(fitting), min_size=1, max_size=6, unique=True))
    items: list = []
    for name in names:
        items.append(draw(gates(n, name)))
        case = draw(st.sampled_from(CHANNEL_CASES))
        if case[3] <= n:
            wires = tuple(draw(st.permutations(range(n)))[: case[3]])
            items.append((case, wires))
    return n, items


def _run_noisy(n: int, items: list, observables: list) -> tuple:
    def program():
        for item in items:
            if isinstance(item, Gate):
                item.apply()
            else:
                (name, args, _, _), wires = item
                _channel(name, args, wires)
        results = [qj.state(), qj.probs(), qj.density_matrix(wires=[n - 1])]
        for observable in observables:
            results += [qj.expval(observable.build()), qj.var(observable.build())]
        return tuple(results)

    return qj.circuit(program, wires=n, method="density")()


def _expected_noisy(n: int, items: list, observables: list) -> tuple:
    steps = []
    for item in items:
        if isinstance(item, Gate):
            steps.append(("gate", item.matrix(), item.wires))
        else:
            (name, _, oracle_args, _), wires = item
            steps.append(_noise_steps(name, oracle_args, wires))
    rho = np.zeros((2**n, 2**n), complex)
    rho[0, 0] = 1
    rho = noise_oracle.evolve_density(rho, steps, n)
    results = [
        rho,
        noise_oracle.probs_density(rho, list(range(n)), n),
        noise_oracle.partial_trace(rho, [n - 1], n),
    ]
    for observable in observables:
        matrix = observable.matrix(n)
        mean = noise_oracle.expval_density(rho, matrix)
        results += [mean, noise_oracle.expval_density(rho, matrix @ matrix) - mean**2]
    return tuple(results)


@given(noisy_circuits(), st.data())
def test_random_noisy_circuits_match_the_density_oracle(circuit, data):
    n, items = circuit
    observables = [
        data.draw(words(n)),
        data.draw(hermitians(n)),
        Hamiltonian(tuple(data.draw(st.lists(words(n), min_size=2, max_size=3)))),
    ]
    got = _run_noisy(n, items, observables)
    want = _expected_noisy(n, items, observables)
    assert got[0].shape == (2**n, 2**n)
    for actual, expected in zip(got, want, strict=True):
        assert_close(actual, expected)


def _noisy_bell(p, theta):
    qj.RY(theta, wires=0)
    qj.CNOT(wires=[0, 1])
    qj.DepolarizingChannel(p, wires=0)
    qj.AmplitudeDamping(p, wires=1)
    return qj.expval(qj.Z(0) @ qj.Z(1)), qj.probs(wires=[1]), qj.state()


def _noisy_bell_oracle(p: float, theta: float) -> tuple:
    cnot = oracle.gate_matrix("CNOT")
    steps = [
        ("gate", oracle.gate_matrix("RY", [theta]), (0,)),
        ("gate", cnot, (0, 1)),
        _noise_steps("DepolarizingChannel", (p,), (0,)),
        _noise_steps("AmplitudeDamping", (p,), (1,)),
    ]
    rho = np.zeros((4, 4), complex)
    rho[0, 0] = 1
    rho = noise_oracle.evolve_density(rho, steps, 2)
    zz = oracle.embed(np.kron(np.diag([1, -1]), np.diag([1, -1])), [0, 1], 2)
    return (
        noise_oracle.expval_density(rho, zz),
        noise_oracle.probs_density(rho, [1], 2),
        rho,
    )


@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("compile", [True, False])
def test_density_method_is_chosen_for_noise_and_runs_under_jit(transform, compile):
    f = TRANSFORMS[transform](qj.circuit(_noisy_bell, wires=2, compile=compile))
    for got, want in zip(f(0.2, 0.7), _noisy_bell_oracle(0.2, 0.7), strict=True):
        assert_close(got, want)


def test_density_method_runs_under_vmap():
    f = qj.circuit(_noisy_bell, wires=2)
    ps = np.array([0.0, 0.1, 0.5])
    thetas = np.array([0.3, 1.0, 2.0])
    got = jax.vmap(f)(ps, thetas)
    for i, (p, theta) in enumerate(zip(ps, thetas, strict=True)):
        for actual, expected in zip(got, _noisy_bell_oracle(p, theta), strict=True):
            assert_close(actual[i], expected)


def test_noiseless_circuit_on_the_density_method_equals_the_pure_state():
    def f(theta):
        qj.H(0)
        qj.CRX(theta, wires=[0, 1])
        qj.Toffoli(wires=[0, 1, 2])
        return qj.probs(), qj.expval(qj.X(0) @ qj.Y(1)), qj.density_matrix(wires=[2, 0])

    pure = qj.circuit(f, wires=3)(0.4)
    mixed = qj.circuit(f, wires=3, method="density")(0.4)
    for a, b in zip(pure, mixed, strict=True):
        assert_close(a, b)


def test_repeated_noisy_layers_run_as_one_scan_with_the_same_result():
    def layers(angles):
        for angle in angles:
            qj.RX(angle, wires=0)
            qj.CNOT(wires=[0, 1])
            qj.DepolarizingChannel(0.05, wires=1)
        return qj.expval(qj.Z(1))

    angles = np.linspace(0.1, 1.0, 6)
    scanning = qj.CompileOptions(min_scan_gates=1)
    compiled = qj.compile_circuit(qj.record(layers, wires=2)(angles), scanning)
    assert [op.name for op in compiled.gates] == ["Repeat"]
    scanned = qj.circuit(layers, wires=2, compile=scanning)(angles)
    plain = qj.circuit(layers, wires=2, compile=False)(angles)
    assert_close(scanned, plain)


def test_statevector_method_refuses_channels():
    with pytest.raises(CircuitError, match='method="density"'):
        qj.circuit(_noisy_bell, wires=2, method="statevector")(0.1, 0.2)
    with pytest.raises(CircuitError, match="method must be one of"):
        qj.circuit(_noisy_bell, wires=2, method="mixed")


# ---------------------------------------------------------------------------
# Gradients


def _central_difference(f, x: float, step: float = 1e-6) -> float:
    return (f(x + step) - f(x - step)) / (2 * step)


NOISE_GRADIENT_CASES = [
    ("BitFlip", lambda p: (p,)),
    ("PhaseFlip", lambda p: (p,)),
    ("DepolarizingChannel", lambda p: (p,)),
    ("AmplitudeDamping", lambda p: (p,)),
    ("GeneralizedAmplitudeDamping", lambda p: (p, 0.3)),
    ("PhaseDamping", lambda p: (p,)),
    ("PauliError", lambda p: ("Y", p)),
    ("ResetError", lambda p: (p, 0.5 * p)),
    ("ThermalRelaxationError", lambda p: (p, 1.0, 1.5, 0.2)),
]


@pytest.mark.parametrize(
    ("name", "args"), NOISE_GRADIENT_CASES, ids=[c[0] for c in NOISE_GRADIENT_CASES]
)
@pytest.mark.parametrize("p", [0.0, 0.3])
def test_noise_gradients_are_finite_at_zero_and_match_finite_differences(x64, name, args, p):
    def f(p):
        qj.RX(0.7, wires=0)
        qj.RY(0.4, wires=0)
        getattr(qj, name)(*args(p), wires=0)
        return qj.expval(qj.Z(0) + 0.5 * qj.X(0))

    circuit = qj.circuit(f, wires=1)
    gradient = jax.grad(circuit)(p)
    assert np.isfinite(gradient)
    if p == 0.0:  # one-sided: the parameter's interval starts at 0
        expected = (circuit(1e-7) - circuit(0.0)) / 1e-7
        np.testing.assert_allclose(gradient, expected, atol=1e-6)
    else:
        np.testing.assert_allclose(gradient, _central_difference(circuit, p), atol=1e-7)


@pytest.mark.parametrize("diff_method", ["backprop", "parameter-shift", "finite-diff"])
def test_gate_gradients_through_noise_agree_across_methods(x64, diff_method):
    def f(theta):
        qj.RX(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        qj.DepolarizingChannel(0.0, wires=0)
        qj.AmplitudeDamping(0.2, wires=1)
        qj.CRY(2 * theta, wires=[1, 0])
        return qj.expval(qj.Z(0) @ qj.X(1) + qj.Z(1))

    reference = qj.circuit(f, wires=2)
    circuit = qj.circuit(f, wires=2, diff_method=diff_method)
    gradient = jax.jit(jax.grad(circuit))(0.6)
    assert np.isfinite(gradient)
    np.testing.assert_allclose(gradient, _central_difference(reference, 0.6), atol=1e-6)


def test_gradient_methods_that_cannot_handle_noise_say_so():
    with pytest.raises(DifferentiationError, match='method="statevector"'):
        qj.circuit(_noisy_bell, wires=2, diff_method="adjoint")(0.1, 0.2)
    shifted = qj.circuit(_noisy_bell, wires=2, diff_method="parameter-shift")
    with pytest.raises(DifferentiationError, match="noise channel"):
        jax.grad(lambda p: shifted(p, 0.2)[0])(0.1)


# ---------------------------------------------------------------------------
# Trajectories


def _trajectory_program(theta):
    qj.H(0)
    qj.RY(theta, wires=1)
    qj.CNOT(wires=[0, 1])
    qj.AmplitudeDamping(0.3, wires=0)
    qj.DepolarizingChannel(0.2, wires=1)
    qj.PhaseDamping(0.4, wires=0)
    return qj.expval(qj.Z(0) @ qj.Z(1)), qj.expval(qj.X(0)), qj.probs()


def test_trajectories_average_to_the_density_matrix():
    exact = qj.circuit(_trajectory_program, wires=2, method="density")(0.5)
    sampled = qj.circuit(_trajectory_program, wires=2, method="trajectories")
    keys = jax.random.split(jax.random.key(7), 4000)
    runs = jax.jit(jax.vmap(lambda k: sampled(0.5, key=k)))(keys)
    for values, expected in zip(runs, exact, strict=True):
        mean = np.mean(np.asarray(values, np.float64), axis=0)
        error = np.std(np.asarray(values, np.float64), axis=0) / np.sqrt(len(keys))
        assert np.all(np.abs(mean - np.asarray(expected)) <= 5 * error + 1e-6)


def test_a_trajectory_is_a_pure_state_reproducible_from_its_key():
    def f():
        qj.H(0)
        qj.BitFlip(0.5, wires=0)
        qj.AmplitudeDamping(0.5, wires=0)
        return qj.state()

    run = qj.circuit(f, wires=1, method="trajectories")
    key = jax.random.key(3)
    state = run(key=key)
    assert_close(np.linalg.norm(state), 1.0)
    assert_close(state, run(key=key))
    assert_close(state, jax.jit(run)(key=key))


def test_trajectory_gradients_flow_through_the_gates(x64):
    def f(theta):
        qj.RX(theta, wires=0)
        qj.DepolarizingChannel(0.3, wires=0)
        qj.RY(theta, wires=0)
        return qj.expval(qj.Z(0))

    run = qj.circuit(f, wires=1, method="trajectories")
    for seed in range(5):
        key = jax.random.key(seed)
        gradient = jax.grad(lambda t, key=key: run(t, key=key))(0.4)
        np.testing.assert_allclose(
            gradient, _central_difference(lambda t, key=key: run(t, key=key), 0.4), atol=1e-7
        )


def test_trajectories_need_a_key_and_backprop():
    run = qj.circuit(_trajectory_program, wires=2, method="trajectories")
    with pytest.raises(SamplingError, match="needs a key"):
        run(0.1)
    shifted = qj.circuit(
        _trajectory_program, wires=2, method="trajectories", diff_method="parameter-shift"
    )
    with pytest.raises(DifferentiationError, match="backprop"):
        shifted(0.1, key=jax.random.key(0))


# ---------------------------------------------------------------------------
# Shots on noisy circuits


def test_sampled_noisy_expectations_are_within_binomial_error():
    def f():
        qj.X(0)
        qj.AmplitudeDamping(0.3, wires=0)
        return qj.expval(qj.Z(0)), qj.probs(), qj.counts()

    shots = 20_000
    value, probs, counts = qj.circuit(f, wires=1, shots=shots)(key=jax.random.key(5))
    assert int(counts.sum()) == shots
    bound = 5 * np.sqrt(0.3 * 0.7 / shots)
    assert abs(float(probs[0]) - 0.3) < bound
    assert_close(value, 2 * probs[0] - 1)


# ---------------------------------------------------------------------------
# Noise models


def _ideal(theta):
    qj.H(0)
    qj.CNOT(wires=[0, 1])
    qj.RX(theta, wires=1)
    return qj.expval(qj.Z(0) @ qj.Z(1))


def test_add_noise_inserts_channels_after_matching_gates():
    model = qj.NoiseModel(
        {
            qj.noise.op_eq(qj.CNOT): qj.noise.partial_wires(qj.DepolarizingChannel, 0.1),
            qj.noise.op_eq("RX") & qj.noise.wires_in([1]): lambda op: qj.PhaseFlip(
                0.2, wires=op.wires
            ),
        }
    )
    noisy = qj.add_noise(qj.circuit(_ideal, wires=2), model)
    circuit = noisy.record(0.4)
    names = [op.name for op in circuit.operations]
    assert names == ["H", "CNOT", "DepolarizingChannel", "DepolarizingChannel", "RX", "PhaseFlip"]

    def written_out(theta):
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        qj.DepolarizingChannel(0.1, wires=0)
        qj.DepolarizingChannel(0.1, wires=1)
        qj.RX(theta, wires=1)
        qj.PhaseFlip(0.2, wires=1)
        return qj.expval(qj.Z(0) @ qj.Z(1))

    assert_close(noisy(0.4), qj.circuit(written_out, wires=2)(0.4))
    assert_close(jax.jit(jax.grad(noisy))(0.4), jax.grad(qj.circuit(written_out, wires=2))(0.4))
    assert qj.circuit(_ideal, wires=2)(0.4) != noisy(0.4)


def test_noise_conditions_combine():
    cnot, rx = qj.ops.CNOT(wires=[0, 1]), qj.ops.RX(0.1, wires=2)
    either = qj.noise.op_eq(qj.CNOT) | qj.noise.wires_eq([2])
    assert either(cnot) and either(rx)
    assert not (~either)(cnot)
    assert "op_eq(CNOT)" in repr(either)


def test_noise_model_errors_are_clear():
    with pytest.raises(qj.errors.OperatorTypeError, match="NoiseModel"):
        qj.add_noise(qj.circuit(_ideal, wires=2), {})
    with pytest.raises(qj.errors.OperatorTypeError, match="must be a function of the gate"):
        qj.NoiseModel({qj.noise.op_eq(qj.X): 0.1})
    gate_noise = qj.NoiseModel({qj.noise.op_eq(qj.H): lambda op: qj.X(op.wires)})
    with pytest.raises(CircuitError, match="channels only"):
        qj.add_noise(qj.circuit(_ideal, wires=2), gate_noise)(0.1)
    outside = qj.NoiseModel({qj.noise.op_eq(qj.H): lambda op: qj.BitFlip(0.1, wires=5)})
    with pytest.raises(CircuitError, match="not in the circuit's wires"):
        qj.add_noise(qj.circuit(_ideal, wires=2), outside)(0.1)
    with pytest.raises(qj.errors.OperatorTypeError, match="by class or name"):
        qj.noise.op_eq(3)


def test_gates_and_their_noise_on_two_wires_are_one_pass_over_the_density_matrix():
    def layer(theta):
        qj.RY(theta, wires=0)
        qj.BitFlip(0.1, wires=0)
        qj.RX(theta, wires=3)
        qj.PhaseFlip(0.2, wires=3)
        qj.CNOT(wires=[0, 3])
        qj.AmplitudeDamping(0.3, wires=3)
        return qj.probs()

    circuit = qj.circuit(layer, wires=5)
    jaxpr = jax.make_jaxpr(circuit)(0.4)
    density_size = 4**5
    passes = [
        eqn
        for eqn in jaxpr_equations(jaxpr.jaxpr)
        if eqn.primitive.name == "dot_general" and eqn.outvars[0].aval.size == density_size
    ]
    assert len(passes) == 1
    steps = [
        ("gate", oracle.gate_matrix("RY", [0.4]), (0,)),
        _noise_steps("BitFlip", (0.1,), (0,)),
        ("gate", oracle.gate_matrix("RX", [0.4]), (3,)),
        _noise_steps("PhaseFlip", (0.2,), (3,)),
        ("gate", oracle.gate_matrix("CNOT"), (0, 3)),
        _noise_steps("AmplitudeDamping", (0.3,), (3,)),
    ]
    rho = np.zeros((32, 32), complex)
    rho[0, 0] = 1
    expected = noise_oracle.evolve_density(rho, steps, 5)
    assert_close(circuit(0.4), np.real(np.diag(expected)))
