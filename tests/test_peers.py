"""The peers' adapters simulate the very circuit qjax simulates.

Each installed peer's ``<Z0>``, batch and gradient agree with qjax's at
n = 4; a peer that is not installed skips its tests (CI installs none:
``pip install -e ".[test,bench]"`` installs them all). The peers compute in
single precision (Qulacs in double), hence the complex64 tolerance.

The density-matrix peers of the ``noise`` workload agree with qjax's density
matrix of the noisy ansatz, and each of their channels, converted to
PennyLane's convention, acts on a density matrix as PennyLane's Kraus
operators (qjax's) do.
"""

from typing import Any

import jax
import numpy as np
import pytest
from helpers import assert_close

import qjax as qj
from benchmarks import peers
from benchmarks.circuits import QJAX, random_angles, random_inputs
from benchmarks.peers.base import DAMPING, DEPOLARIZING, Channel, Function, Simulator
from benchmarks.workloads import noise

NUM_QUBITS, DEPTH, BATCH = 4, 3, 5
COMPLEX64 = np.complex64

PEER_NOTICES = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Explicitly requested dtype:UserWarning"),
]
"""The peers' own notices (deprecations; PennyLane asking for complex128 with x64 off):
not this project's to fix."""
pytestmark = PEER_NOTICES


def _call(simulator: Simulator, fn: Function, *args: jax.Array) -> np.ndarray:
    if simulator.jax:
        return np.asarray(jax.jit(fn)(*args))
    return np.asarray(fn(*(np.asarray(arg) for arg in args)))


@pytest.fixture(autouse=True)
def standard_promotion(strict_promotion):
    """Peers run as their users run them, outside qjax's strict promotion."""
    with jax.numpy_dtype_promotion("standard"):
        yield


@pytest.fixture
def peer(request: pytest.FixtureRequest) -> Simulator:
    """The peer named by the test's parameter; the test skips if it is not installed."""
    pytest.importorskip(peers.PEERS[request.param].package)
    return peers.load(request.param)


@pytest.mark.parametrize("peer", list(peers.PEERS), indirect=True)
def test_a_peer_agrees_with_qjax_on_z0(peer):
    angles = random_angles(NUM_QUBITS, DEPTH)
    expected = _call(QJAX, QJAX.forward(NUM_QUBITS, DEPTH), angles)
    actual = _call(peer, peer.forward(NUM_QUBITS, DEPTH), angles)
    assert actual.shape == ()
    assert_close(actual, expected, COMPLEX64)


@pytest.mark.parametrize("peer", list(peers.PEERS), indirect=True)
def test_a_peer_agrees_with_qjax_on_a_batch(peer):
    args = random_angles(NUM_QUBITS, DEPTH), random_inputs(BATCH, NUM_QUBITS)
    expected = _call(QJAX, QJAX.batched(NUM_QUBITS, DEPTH), *args)
    actual = _call(peer, peer.batched(NUM_QUBITS, DEPTH), *args)
    assert actual.shape == (BATCH,)
    assert_close(actual, expected, COMPLEX64)


@pytest.mark.parametrize(
    "peer", [name for name, peer in peers.PEERS.items() if peer.gradient], indirect=True
)
def test_a_peer_agrees_with_qjax_on_the_gradient(peer):
    angles = random_angles(NUM_QUBITS, DEPTH)
    expected = _call(QJAX, QJAX.gradients["backprop"](NUM_QUBITS, DEPTH), angles)
    (method,) = peer.gradients
    actual = _call(peer, peer.gradients[method](NUM_QUBITS, DEPTH), angles)
    assert actual.shape == angles.shape
    assert_close(actual, expected, COMPLEX64)


@pytest.fixture
def density_peer(request: pytest.FixtureRequest) -> str:
    """The density-matrix peer named by the test's parameter; skips if it is not installed."""
    pytest.importorskip(peers.DENSITY_PEERS[request.param].package)
    return request.param


@pytest.mark.parametrize("density_peer", list(peers.DENSITY_PEERS), indirect=True)
def test_a_density_peer_agrees_with_qjax_on_the_noisy_z0(density_peer):
    angles = noise.random_angles(NUM_QUBITS, DEPTH)
    expected = np.asarray(jax.jit(noise.noisy_ansatz(NUM_QUBITS, "density"))(angles))
    fn = peers.load_noisy(density_peer)(NUM_QUBITS, DEPTH)
    is_jax = peers.DENSITY_PEERS[density_peer].jax
    actual = np.asarray(jax.jit(fn)(angles) if is_jax else fn(np.asarray(angles)))
    assert actual.shape == ()
    assert_close(actual, expected, COMPLEX64)


def _aer(channel: Channel, rho: np.ndarray) -> Any:
    from qiskit.quantum_info import DensityMatrix

    from benchmarks.peers.aer import quantum_error

    return DensityMatrix(rho).evolve(quantum_error(channel).to_quantumchannel()).data


def _default_mixed(channel: Channel, rho: np.ndarray) -> Any:
    import pennylane as qml

    from benchmarks.peers.default_mixed import CHANNELS

    @qml.qnode(qml.device("default.mixed", wires=1))
    def evolve() -> Any:
        qml.QubitDensityMatrix(rho, wires=0)
        CHANNELS[channel.name](channel.probability, wires=channel.wires)
        return qml.density_matrix(0)

    return evolve()


def _qulacs(channel: Channel, rho: np.ndarray) -> Any:
    from qulacs import DensityMatrix

    from benchmarks.peers.qulacs_circuit import NOISE_GATES

    state = DensityMatrix(1)
    state.load(rho)
    NOISE_GATES[channel.name](*channel.wires, channel.probability).update_quantum_state(state)
    return state.get_matrix()


def _tensorcircuit(channel: Channel, rho: np.ndarray) -> Any:
    import tensorcircuit as tc

    from benchmarks.peers.tensorcircuit_ng import _apply

    tc.set_backend("jax")
    tc.set_dtype("complex64")
    circuit = tc.DMCircuit(1, dminputs=rho.astype(COMPLEX64))
    _apply(circuit, channel)
    return circuit.densitymatrix()


CHANNEL_ON = {
    "aer": _aer,
    "default.mixed": _default_mixed,
    "qulacs": _qulacs,
    "tensorcircuit-ng": _tensorcircuit,
}
"""Per density-matrix peer: ``(channel, rho) -> rho'``, one qubit, as its adapter applies it."""


@pytest.mark.parametrize("density_peer", list(peers.DENSITY_PEERS), indirect=True)
@pytest.mark.parametrize(
    "channel",
    [
        Channel("DepolarizingChannel", (0,), DEPOLARIZING),
        Channel("DepolarizingChannel", (0,), 0.3),
        Channel("AmplitudeDamping", (0,), DAMPING),
        Channel("AmplitudeDamping", (0,), 0.3),
    ],
)
def test_a_density_peers_channel_is_pennylanes(density_peer, channel, rng):
    """Qiskit's depolarizing_error(p) or a Pauli probability of p (not p/3) would fail here."""
    amplitudes = rng.normal(size=(2, 2)) + 1j * rng.normal(size=(2, 2))
    rho = amplitudes @ amplitudes.conj().T
    rho /= np.trace(rho)
    kraus = np.asarray(getattr(qj, channel.name)(channel.probability, wires=0).kraus_matrices())
    expected = sum(k @ rho @ k.conj().T for k in kraus)
    actual = np.asarray(CHANNEL_ON[density_peer](channel, rho))
    assert_close(actual, expected, COMPLEX64)
