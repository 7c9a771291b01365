"""The PennyLane device ``qjax.qubit`` against PennyLane's own simulators.

``default.qubit`` (and ``default.mixed`` for noise) are independent
simulators: every gate, observable and measurement gives what they give,
gradients agree with theirs and with central finite differences, and
backprop runs under ``jax.jit``, ``jax.vmap`` and ``jax.grad`` without
leaving JAX. Shot results lie within a few standard errors of the exact
ones, drawn from the device's seed.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import assert_close, tolerance

qml = pytest.importorskip("pennylane")

from pennylane.exceptions import DeviceError, QuantumFunctionError  # noqa: E402

from qjax.interop.pennylane import QjaxQubit  # noqa: E402

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::pennylane.exceptions.PennyLaneDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Explicitly requested dtype:UserWarning"),
    pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning"),
]
"""PennyLane's own notices are not this project's to fix."""

ANGLES = np.array([0.4, 1.3, -0.7, 2.1, 0.9, -1.6])
HERMITIAN = np.array([[1.5, 0.5 - 0.2j], [0.5 + 0.2j, -0.5]])
UNITARY = np.linalg.qr(np.array([[1, 2j, 0, 1], [0, 1, 1j, 2], [1, 0, 3, 1j], [2, 1, 0, 1]]))[0]


@pytest.fixture(autouse=True)
def standard_promotion(strict_promotion, x64):
    """PennyLane runs as its users run it (standard promotion); both simulators in double."""
    with jax.numpy_dtype_promotion("standard"):
        yield


def _spread(wires: int) -> None:
    """A generic entangled state, so that every gate acts on nontrivial amplitudes."""
    for wire in range(wires):
        qml.RY(ANGLES[wire], wires=wire)
        qml.RZ(ANGLES[wire + 3], wires=wire)
    for wire in range(wires - 1):
        qml.CNOT(wires=[wire, wire + 1])


def _both(fn, wires: int = 3, **kwargs):
    """``fn`` as a QNode on qjax.qubit and on default.qubit (with room to defer measurements)."""
    qjax_node = qml.QNode(fn, qml.device("qjax.qubit", wires=wires, seed=7), **kwargs)
    reference = qml.QNode(fn, qml.device("default.qubit"), **kwargs)
    return qjax_node, reference


def _assert_results_close(actual, expected) -> None:
    if isinstance(expected, (tuple, list)):
        assert len(actual) == len(expected)
        for a, e in zip(actual, expected, strict=True):
            _assert_results_close(a, e)
    else:
        assert_close(actual, expected, np.complex128)


def test_the_entry_point_makes_the_device_with_labelled_wires():
    dev = qml.device("qjax.qubit", wires=["a", "b"])
    assert isinstance(dev, QjaxQubit)
    assert dev.name == "qjax.qubit" and list(dev.wires) == ["a", "b"]


GATES = {
    "Identity": lambda: qml.Identity(0),
    "PauliX": lambda: qml.X(1),
    "PauliY": lambda: qml.Y(0),
    "PauliZ": lambda: qml.Z(2),
    "Hadamard": lambda: qml.H(1),
    "S": lambda: qml.S(0),
    "T": lambda: qml.T(1),
    "SX": lambda: qml.SX(2),
    "CNOT": lambda: qml.CNOT([2, 0]),
    "CY": lambda: qml.CY([0, 1]),
    "CZ": lambda: qml.CZ([1, 2]),
    "CH": lambda: qml.CH([2, 1]),
    "SWAP": lambda: qml.SWAP([0, 2]),
    "ISWAP": lambda: qml.ISWAP([0, 1]),
    "ECR": lambda: qml.ECR([1, 0]),
    "Toffoli": lambda: qml.Toffoli([2, 0, 1]),
    "CCZ": lambda: qml.CCZ([0, 1, 2]),
    "CSWAP": lambda: qml.CSWAP([1, 0, 2]),
    "RX": lambda: qml.RX(0.3, 0),
    "RY": lambda: qml.RY(-1.1, 1),
    "RZ": lambda: qml.RZ(2.2, 2),
    "Rot": lambda: qml.Rot(0.1, 0.7, -0.4, 1),
    "PhaseShift": lambda: qml.PhaseShift(0.8, 0),
    "U1": lambda: qml.U1(0.5, 2),
    "U2": lambda: qml.U2(0.3, -0.6, 1),
    "U3": lambda: qml.U3(0.3, -0.6, 1.2, 0),
    "CRX": lambda: qml.CRX(0.9, [0, 2]),
    "CRY": lambda: qml.CRY(-0.9, [2, 1]),
    "CRZ": lambda: qml.CRZ(1.4, [1, 0]),
    "CRot": lambda: qml.CRot(0.2, 0.5, 0.9, [0, 1]),
    "ControlledPhaseShift": lambda: qml.ControlledPhaseShift(0.6, [1, 2]),
    "IsingXX": lambda: qml.IsingXX(0.4, [0, 1]),
    "IsingYY": lambda: qml.IsingYY(0.4, [1, 2]),
    "IsingZZ": lambda: qml.IsingZZ(0.4, [0, 2]),
    "IsingXY": lambda: qml.IsingXY(0.4, [2, 0]),
    "MultiRZ": lambda: qml.MultiRZ(0.7, [0, 1, 2]),
    "PauliRot": lambda: qml.PauliRot(0.7, "XIY", [0, 1, 2]),
    "MultiControlledX": lambda: qml.MultiControlledX(wires=[0, 1, 2], control_values=[1, 0]),
    "QubitUnitary": lambda: qml.QubitUnitary(UNITARY, [2, 0]),
    "ControlledQubitUnitary": lambda: qml.ControlledQubitUnitary(UNITARY, wires=[1, 0, 2]),
    "DiagonalQubitUnitary": lambda: qml.DiagonalQubitUnitary(np.exp(1j * ANGLES[:4]), [1, 2]),
    "GlobalPhase": lambda: qml.GlobalPhase(0.3),
    "Adjoint(S)": lambda: qml.adjoint(qml.S(0)),
    "Adjoint(SX)": lambda: qml.adjoint(qml.SX(1)),
    "Adjoint(IsingXY)": lambda: qml.adjoint(qml.IsingXY(0.4, [2, 0])),
    "C(RY) on 0": lambda: qml.ctrl(qml.RY(0.8, 2), control=[0, 1], control_values=[0, 1]),
    "C(GlobalPhase)": lambda: qml.ctrl(qml.GlobalPhase(0.8), control=1),
    "QFT (decomposed)": lambda: qml.QFT(wires=[0, 1, 2]),
    "StatePrep (decomposed)": lambda: qml.StatePrep(UNITARY[0], wires=[1, 2]),
    "Barrier": lambda: qml.Barrier([0, 1]),
    "BlockEncode (matrix only)": lambda: qml.BlockEncode(HERMITIAN.real / 3, wires=[2, 0]),
}


@pytest.mark.parametrize("name", list(GATES))
def test_each_gate_gives_default_qubits_state(name):
    def circuit():
        _spread(3)
        GATES[name]()
        return qml.state()

    ours, reference = _both(circuit)
    _assert_results_close(ours(), reference())


@pytest.mark.parametrize(
    "prepare",
    [
        lambda: qml.StatePrep(UNITARY[:, 1], wires=[2, 0]),
        lambda: qml.BasisState(np.array([1, 0, 1]), wires=[0, 1, 2]),
        lambda: qml.AmplitudeEmbedding(np.arange(1.0, 5.0), wires=[1, 2], normalize=True),
    ],
    ids=["StatePrep", "BasisState", "AmplitudeEmbedding"],
)
def test_a_first_state_preparation_is_qjaxs_own(prepare):
    def circuit():
        prepare()
        qml.CRX(0.5, wires=[0, 1])
        return qml.state()

    ours, reference = _both(circuit)
    _assert_results_close(ours(), reference())


OBSERVABLES = {
    "X@Z": lambda: qml.X(0) @ qml.Z(2),
    "Hadamard": lambda: qml.Hadamard(1),
    "Hermitian": lambda: qml.Hermitian(HERMITIAN, wires=2),
    "Hermitian@Y": lambda: qml.Hermitian(HERMITIAN, wires=1) @ qml.Y(0),
    "LinearCombination": lambda: qml.Hamiltonian([0.5, -1.2], [qml.X(0) @ qml.X(1), qml.Z(2)]),
    "Sum of SProd": lambda: 0.3 * qml.Y(1) + qml.Z(0) @ qml.Z(1) - 2 * qml.Identity(2),
    "Prod on one wire": lambda: qml.prod(qml.X(0), qml.X(0)) @ qml.Y(1) + qml.X(0),
    "Projector": lambda: qml.Projector([1, 0], wires=[0, 2]),
}


@pytest.mark.parametrize("name", list(OBSERVABLES))
def test_each_observable_gives_default_qubits_expval_and_var(name):
    def circuit():
        _spread(3)
        return qml.expval(OBSERVABLES[name]()), qml.var(OBSERVABLES[name]())

    ours, reference = _both(circuit)
    _assert_results_close(ours(), reference())


def test_every_exact_measurement_gives_default_qubits():
    def circuit():
        _spread(3)
        return (
            qml.probs(wires=[2, 0]),
            qml.probs(op=qml.X(1)),
            qml.probs(),
            qml.density_matrix(wires=[1, 0]),
            qml.purity(wires=[0]),
            qml.vn_entropy(wires=[1], log_base=2),
            qml.mutual_info(wires0=[0], wires1=[2]),
            qml.state(),
        )

    ours, reference = _both(circuit)
    _assert_results_close(ours(), reference())


def test_labelled_wires_keep_the_devices_order():
    def circuit():
        qml.RY(0.7, wires="b")
        qml.CNOT(wires=["b", "a"])
        return qml.state(), qml.probs(wires=["a"])

    ours = qml.QNode(circuit, qml.device("qjax.qubit", wires=["b", "a", 3]))
    reference = qml.QNode(circuit, qml.device("default.qubit", wires=["b", "a", 3]))
    _assert_results_close(ours(), reference())


def _model(x):
    _spread(3)
    qml.RX(x[0], wires=0)
    qml.IsingZZ(x[1], wires=[0, 2])
    qml.CRot(x[2], x[1], x[0], wires=[2, 1])
    return qml.expval(qml.X(0) @ qml.Z(1) + 0.5 * qml.Hermitian(HERMITIAN, wires=2))


X = np.array([0.3, -0.8, 1.7])


def test_best_is_backprop_and_the_jitted_qnode_never_leaves_jax():
    node = qml.QNode(_model, qml.device("qjax.qubit", wires=3), interface="jax")
    config = qml.workflow.construct_execution_config(node)(jnp.asarray(X))
    assert config.gradient_method == "backprop"
    primitives = {str(eqn.primitive) for eqn in jax.make_jaxpr(jax.grad(node))(jnp.asarray(X)).eqns}
    assert not any("callback" in name for name in primitives)


def test_jit_grad_matches_default_qubit_and_finite_differences():
    ours, reference = _both(_model, interface="jax", diff_method="backprop")
    gradient = jax.jit(jax.grad(ours))(jnp.asarray(X))
    assert_close(gradient, jax.grad(reference)(jnp.asarray(X)), np.complex128)
    step = 1e-6
    shifts = np.eye(3) * step
    central = [(ours(X + s) - ours(X - s)) / (2 * step) for s in shifts]
    np.testing.assert_allclose(gradient, central, rtol=1e-6, atol=1e-6)


def test_vmap_matches_a_loop():
    ours, _ = _both(_model, interface="jax")
    batch = jnp.asarray(np.stack([X, 2 * X, -X]))
    assert_close(jax.jit(jax.vmap(ours))(batch), [ours(x) for x in batch], np.complex128)


@pytest.mark.parametrize("interface", ["jax", "autograd"])
def test_parameter_shift_matches_backprop(interface):
    shifted = qml.QNode(
        _model,
        qml.device("qjax.qubit", wires=3),
        interface=interface,
        diff_method="parameter-shift",
    )
    backprop, _ = _both(_model, interface="jax", diff_method="backprop")
    if interface == "jax":
        gradient = jax.grad(shifted)(jnp.asarray(X))
    else:
        gradient = qml.grad(shifted)(qml.numpy.array(X, requires_grad=True))
    assert_close(gradient, jax.grad(backprop)(jnp.asarray(X)), np.complex128)


def test_broadcast_parameters_run_one_circuit_each():
    def circuit(angles):
        _spread(2)
        qml.RX(angles, wires=0)
        return qml.expval(qml.Z(0)), qml.probs(wires=[1])

    ours, reference = _both(circuit, wires=2)
    angles = np.array([0.1, 0.8, -2.0])
    _assert_results_close(ours(angles), reference(angles))


def _sampled(shots, seed=3):
    def circuit():
        _spread(3)
        return (
            qml.expval(qml.X(0) @ qml.Y(2)),
            qml.var(qml.Z(1)),
            qml.probs(wires=[0, 1]),
            qml.sample(wires=[2, 0]),
            qml.counts(wires=[1]),
            qml.sample(qml.X(1)),
        )

    return qml.set_shots(qml.QNode(circuit, qml.device("qjax.qubit", wires=3, seed=seed)), shots)


def _exact():
    def circuit():
        _spread(3)
        return (
            qml.expval(qml.X(0) @ qml.Y(2)),
            qml.var(qml.Z(1)),
            qml.probs(wires=[0, 1]),
            qml.probs(wires=[2, 0]),
            qml.probs(wires=[1]),
            qml.expval(qml.X(1)),
        )

    return qml.QNode(circuit, qml.device("default.qubit", wires=3))()


def test_shot_estimates_lie_within_a_few_standard_errors():
    shots = 20_000
    expval, variance, probs, samples, counts, x_samples = _sampled(shots)()
    exact = _exact()
    bound = 5 / np.sqrt(shots)
    assert abs(expval - exact[0]) < bound and abs(variance - exact[1]) < bound
    np.testing.assert_allclose(probs, exact[2], atol=bound)
    assert samples.shape == (shots, 2) and set(np.unique(samples)) <= {0, 1}
    frequencies = np.bincount(samples[:, 0] * 2 + samples[:, 1], minlength=4) / shots
    np.testing.assert_allclose(frequencies, exact[3], atol=bound)
    assert set(counts) <= {"0", "1"} and sum(counts.values()) == shots
    assert abs(counts.get("1", 0) / shots - exact[4][1]) < bound
    assert set(np.unique(x_samples)) <= {-1.0, 1.0}
    assert abs(np.mean(x_samples) - exact[5]) < bound


def test_samples_of_a_hermitian_are_its_eigenvalues_in_their_proportions():
    shots = 20_000

    def circuit():
        _spread(2)
        return qml.sample(qml.Hermitian(HERMITIAN, wires=1)), qml.counts(qml.Z(0))

    node = qml.set_shots(qml.QNode(circuit, qml.device("qjax.qubit", wires=2, seed=2)), shots)
    samples, counts = node()

    def exact():
        _spread(2)
        return qml.expval(qml.Hermitian(HERMITIAN, wires=1)), qml.expval(qml.Z(0))

    mean, z = qml.QNode(exact, qml.device("default.qubit", wires=2))()
    eigenvalues = np.linalg.eigvalsh(HERMITIAN)
    assert set(np.round(np.unique(samples), 8)) <= set(np.round(eigenvalues, 8))
    spread = np.ptp(eigenvalues)
    assert abs(np.mean(samples) - mean) < 5 * spread / np.sqrt(shots)
    assert abs((counts[1.0] - counts[-1.0]) / shots - z) < 10 / np.sqrt(shots)


def test_the_seed_repeats_results_and_each_execution_draws_afresh():
    first, again = _sampled(50, seed=11), _sampled(50, seed=11)
    one, two = first()[3], first()[3]
    np.testing.assert_array_equal(one, again()[3])
    assert not np.array_equal(one, two)
    keyed = _sampled(50, seed=None)
    assert isinstance(keyed.device.seed, int)
    node = qml.QNode(
        lambda: qml.sample(wires=[0]), qml.device("qjax.qubit", wires=1, seed=jax.random.key(0))
    )
    assert qml.set_shots(node, 5)().shape == (5, 1)


def test_a_shot_vector_gives_one_result_per_bin():
    results = _sampled([100, (20, 2)])()
    assert len(results) == 3
    assert [r[3].shape[0] for r in results] == [100, 20, 20]


def test_shots_with_jit_and_parameter_shift():
    def circuit(x):
        qml.RX(x, wires=0)
        return qml.expval(qml.Z(0))

    dev = qml.device("qjax.qubit", wires=1, seed=5)
    node = qml.set_shots(
        qml.QNode(circuit, dev, interface="jax", diff_method="parameter-shift"), 20_000
    )
    value, gradient = jax.jit(jax.value_and_grad(node))(0.6)
    bound = 5 / np.sqrt(20_000)
    assert abs(value - np.cos(0.6)) < bound and abs(gradient + np.sin(0.6)) < 2 * bound


CHANNELS = {
    "AmplitudeDamping": lambda: qml.AmplitudeDamping(0.3, wires=0),
    "GeneralizedAmplitudeDamping": lambda: qml.GeneralizedAmplitudeDamping(0.3, 0.2, wires=1),
    "PhaseDamping": lambda: qml.PhaseDamping(0.4, wires=1),
    "BitFlip": lambda: qml.BitFlip(0.2, wires=0),
    "PhaseFlip": lambda: qml.PhaseFlip(0.2, wires=1),
    "DepolarizingChannel": lambda: qml.DepolarizingChannel(0.3, wires=0),
    "PauliError": lambda: qml.PauliError("XZ", 0.3, wires=[0, 1]),
    "ResetError": lambda: qml.ResetError(0.1, 0.3, wires=1),
    "ThermalRelaxationError": lambda: qml.ThermalRelaxationError(0.1, 2.0, 1.5, 0.3, wires=0),
    "QubitChannel": lambda: qml.QubitChannel(
        [np.sqrt(0.7) * np.eye(2), np.sqrt(0.3) * np.array([[0, 1], [1, 0]])], wires=1
    ),
}


@pytest.mark.parametrize("name", list(CHANNELS))
def test_each_channel_gives_default_mixeds_density_matrix(name):
    def circuit():
        _spread(2)
        CHANNELS[name]()
        qml.CRY(0.4, wires=[1, 0])
        return qml.state(), qml.expval(qml.X(0) @ qml.Y(1)), qml.purity(wires=[0, 1])

    ours = qml.QNode(circuit, qml.device("qjax.qubit", wires=2))
    reference = qml.QNode(circuit, qml.device("default.mixed", wires=2))
    _assert_results_close(ours(), reference())


def test_noise_differentiates_by_backprop():
    def circuit(p):
        qml.RY(0.8, wires=0)
        qml.DepolarizingChannel(p, wires=0)
        return qml.expval(qml.Z(0))

    ours = qml.QNode(circuit, qml.device("qjax.qubit", wires=1), interface="jax")
    # <Z> = (1 - 4p/3) cos(0.8)
    assert_close(jax.jit(jax.grad(ours))(0.2), -4 / 3 * np.cos(0.8), np.complex128)


def test_mid_circuit_measurements_give_default_qubits_statistics():
    def circuit():
        _spread(3)
        m0 = qml.measure(0)
        m1 = qml.measure(1, reset=True)
        qml.cond(m0 & ~m1, qml.RX)(0.7, wires=2)
        qml.cond(m1, qml.X, qml.Hadamard)(wires=0)
        return (
            qml.expval(qml.Z(2) @ qml.X(0)),
            qml.probs(wires=[1, 2]),
            qml.expval(m0 + 2 * m1),
            qml.probs(op=[m1, m0]),
        )

    ours, reference = _both(circuit)
    _assert_results_close(ours(), reference())


def test_a_postselected_measurement_conditions_the_results():
    def circuit():
        _spread(2)
        qml.measure(0, postselect=1)
        return qml.probs(wires=[0, 1])

    ours, reference = _both(circuit, wires=2)
    _assert_results_close(ours(), reference())


def test_what_qjax_cannot_do_is_a_clear_error():
    dev = qml.device("qjax.qubit", wires=2)
    with pytest.raises(DeviceError, match="not accepted"):
        qml.QNode(lambda: qml.classical_shadow(wires=[0]), dev)()
    with pytest.raises(QuantumFunctionError, match="backprop"):
        node = qml.QNode(lambda: qml.expval(qml.Z(0)), dev, diff_method="backprop")
        qml.set_shots(node, 10)()
    with pytest.raises(NotImplementedError, match="counts"):
        node = qml.QNode(lambda x: (qml.RX(x, 0), qml.counts())[1], dev, interface="jax")
        jax.jit(qml.set_shots(node, 10))(0.5)
    with pytest.raises(DeviceError, match="mcm_method"):
        qml.QNode(lambda: qml.expval(qml.Z(0)), dev, mcm_method="tree-traversal")()
    with pytest.raises(DeviceError, match="seed"):
        qml.device("qjax.qubit", wires=1, seed="lucky")


def test_tolerance_helper_is_double_precision_here():
    assert tolerance(np.complex128)["rtol"] == 1e-10
