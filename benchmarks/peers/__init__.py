"""The peer simulators qjax is measured against, each in its documented fastest mode.

The registry is plain data: planning a run never imports a peer, and a peer
that is not installed is reported as such (``pip install -e ".[bench]"``
installs them all). Each adapter module builds the ansatz of
:mod:`benchmarks.peers.base` and exposes ``forward``, ``batched`` and, for a
peer that differentiates, ``gradient``. The ``noise`` workload's density-matrix
peers (:data:`DENSITY_PEERS`) expose ``noisy``: the density matrix of
:func:`~benchmarks.peers.base.noisy_ansatz`, evolved exactly.
"""

import dataclasses
import importlib
import importlib.metadata
import importlib.util

from benchmarks.peers.base import Builder, Simulator


@dataclasses.dataclass(frozen=True)
class Peer:
    """A peer simulator.

    Attributes:
      name: the rows' ``simulator``.
      package: the module it needs; the peer is installed when it can be found.
      distribution: the package to install (and whose version is reported).
      adapter: its module in :mod:`benchmarks.peers`.
      jax: whether its functions are JAX functions.
      gradient: the method its gradient uses, or ``None``.
      mode: how it runs, in a few words.
    """

    name: str
    package: str
    distribution: str
    adapter: str
    jax: bool
    gradient: str | None
    mode: str


PEERS: dict[str, Peer] = {
    peer.name: peer
    for peer in (
        Peer(
            "default.qubit",
            "pennylane",
            "pennylane",
            "default_qubit",
            jax=True,
            gradient="backprop",
            mode="PennyLane default.qubit, JAX interface, jax.jit; vmap; backprop",
        ),
        Peer(
            "lightning.qubit",
            "pennylane_lightning",
            "pennylane-lightning",
            "lightning_qubit",
            jax=False,
            gradient="adjoint",
            mode="PennyLane lightning.qubit, complex64; broadcasting; adjoint (autograd)",
        ),
        Peer(
            "tensorcircuit-ng",
            "tensorcircuit",
            "tensorcircuit-ng",
            "tensorcircuit_ng",
            jax=True,
            gradient="backprop",
            mode="TensorCircuit-NG, JAX backend, complex64, jit; vmap; jax.grad",
        ),
        Peer(
            "qsim",
            "qsimcirq",
            "qsimcirq",
            "qsim",
            jax=False,
            gradient=None,
            mode="qsimcirq, fused gates of up to 2 qubits (3 from n=22), all cores; sweeps",
        ),
        Peer(
            "qulacs",
            "qulacs",
            "qulacs",
            "qulacs_circuit",
            jax=False,
            gradient="adjoint",
            mode="Qulacs, a parametric circuit built once, complex128; loop; backprop()",
        ),
        Peer(
            "aer",
            "qiskit_aer",
            "qiskit-aer",
            "aer",
            jax=False,
            gradient=None,
            mode="Qiskit Aer statevector, single precision, fusion, no truncation; bindings",
        ),
    )
}
"""Every peer, by the name its rows carry."""

DENSITY_PEERS: dict[str, Peer] = {
    peer.name: peer
    for peer in (
        Peer(
            "default.mixed",
            "pennylane",
            "pennylane",
            "default_mixed",
            jax=True,
            gradient=None,
            mode="PennyLane default.mixed, JAX interface, jax.jit",
        ),
        Peer(
            "tensorcircuit-ng",
            "tensorcircuit",
            "tensorcircuit-ng",
            "tensorcircuit_ng",
            jax=True,
            gradient=None,
            mode="TensorCircuit-NG DMCircuit, JAX backend, complex64, jit",
        ),
        Peer(
            "qulacs",
            "qulacs",
            "qulacs",
            "qulacs_circuit",
            jax=False,
            gradient=None,
            mode="Qulacs DensityMatrix, a parametric circuit with noise gates, complex128",
        ),
        Peer(
            "aer",
            "qiskit_aer",
            "qiskit-aer",
            "aer",
            jax=False,
            gradient=None,
            mode="Qiskit Aer density_matrix, single precision, fusion, no truncation; bindings",
        ),
    )
}
"""The peers that evolve the ``noise`` workload's density matrix, by the name their rows carry."""


def missing(name: str) -> str | None:
    """The package simulator ``name`` needs and this environment lacks, if any.

    >>> missing("qjax") is None
    True
    """
    peer = PEERS.get(name) or DENSITY_PEERS.get(name)
    if peer is None or importlib.util.find_spec(peer.package) is not None:
        return None
    return peer.distribution


def versions() -> dict[str, str | None]:
    """Each peer's installed version, ``None`` where it is not installed.

    >>> set(versions()) == set(PEERS)
    True
    """
    return {
        name: None if missing(name) else importlib.metadata.version(peer.distribution)
        for name, peer in PEERS.items()
    }


def load(name: str) -> Simulator:
    """Peer ``name`` as a :class:`~benchmarks.peers.base.Simulator` (imports the peer).

    >>> load("qsim").gradients  # doctest: +SKIP
    {}
    """
    peer = PEERS[name]
    adapter = importlib.import_module(f"benchmarks.peers.{peer.adapter}")
    gradients = {} if peer.gradient is None else {peer.gradient: adapter.gradient}
    return Simulator(
        name=name,
        jax=peer.jax,
        forward=adapter.forward,
        batched=adapter.batched,
        gradients=gradients,
    )


def load_noisy(name: str) -> Builder:
    """Density-matrix peer ``name``'s ``noisy`` builder (imports the peer).

    >>> load_noisy("aer")(2, 1)  # doctest: +SKIP
    <function ...>
    """
    adapter = importlib.import_module(f"benchmarks.peers.{DENSITY_PEERS[name].adapter}")
    return adapter.noisy


__all__ = ["DENSITY_PEERS", "PEERS", "Peer", "load", "load_noisy", "missing", "versions"]
