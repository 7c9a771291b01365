"""The peers' adapters simulate the very circuit qjax simulates.

Each installed peer's ``<Z0>``, batch and gradient agree with qjax's at
n = 4; a peer that is not installed skips its tests (CI installs none:
``pip install -e ".[test,bench]"`` installs them all). The peers compute in
single precision (Qulacs in double), hence the complex64 tolerance.
"""

import jax
import numpy as np
import pytest
from helpers import assert_close

from benchmarks import peers
from benchmarks.circuits import QJAX, random_angles, random_inputs
from benchmarks.peers.base import Function, Simulator

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
