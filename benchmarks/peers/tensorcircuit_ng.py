"""TensorCircuit-NG on its JAX backend in complex64: a JAX function, jitted, vmapped and
differentiated (``jax.grad``) by the workloads, as its documentation recommends.

The ``noise`` workload's density matrix (:func:`noisy`) is a ``DMCircuit``, its channels
TensorCircuit's: ``depolarizing(px, py, pz)`` is the Pauli channel, given ``p/3`` for
each Pauli (PennyLane's ``DepolarizingChannel(p)``); ``amplitudedamping(gamma, p)`` is
generalized amplitude damping, which ``p = 1`` makes PennyLane's ``AmplitudeDamping(gamma)``.
"""

from typing import Any

import jax
import tensorcircuit as tc

from benchmarks.peers.base import Channel, Function, angle_values, ansatz, noisy_ansatz


def _expval(num_qubits: int, depth: int, *, embed: bool = False) -> Function:
    backend = tc.set_backend("jax")
    tc.set_dtype("complex64")
    gates = ansatz(num_qubits, depth, embed=embed)

    def expval(angles: Any, inputs: Any = None) -> Any:
        values = angle_values(angles, inputs)
        circuit = tc.Circuit(num_qubits)
        for gate in gates:
            if gate.angle is None:
                circuit.cnot(*gate.wires)
            else:
                getattr(circuit, gate.name.lower())(*gate.wires, theta=values[gate.angle])
        return backend.real(circuit.expectation_ps(z=[0]))

    return expval


def forward(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>``.

    >>> round(float(forward(2, 1)(jax.numpy.zeros((1, 2, 2)))), 5)
    1.0
    """
    return _expval(num_qubits, depth)


def batched(num_qubits: int, depth: int) -> Function:
    """``(angles, inputs) -> <Z0>`` per input row, by ``jax.vmap``.

    >>> angles, inputs = jax.numpy.zeros((1, 2, 2)), jax.numpy.full((3, 2), jax.numpy.pi)
    >>> [round(float(value), 5) for value in batched(2, 1)(angles, inputs)]
    [-1.0, -1.0, -1.0]
    """
    return jax.vmap(_expval(num_qubits, depth, embed=True), in_axes=(None, 0))


def gradient(num_qubits: int, depth: int) -> Function:
    """``angles -> d<Z0>/d angles``, by ``jax.grad``.

    >>> gradient(2, 1)(jax.numpy.ones((1, 2, 2))).shape
    (1, 2, 2)
    """
    return jax.grad(_expval(num_qubits, depth))


def _apply(circuit: Any, channel: Channel) -> None:
    """Applies ``channel`` (PennyLane's convention) to the ``DMCircuit``."""
    (wire,), p = channel.wires, channel.probability
    if channel.name == "DepolarizingChannel":
        circuit.depolarizing(wire, px=p / 3, py=p / 3, pz=p / 3)
    elif channel.name == "AmplitudeDamping":
        circuit.amplitudedamping(wire, gamma=p, p=1.0)
    else:
        raise ValueError(f"no TensorCircuit channel for {channel.name}")


def noisy(num_qubits: int, depth: int) -> Function:
    """``angles -> <Z0>`` of the noisy ansatz (angles of shape ``(depth, num_qubits)``).

    >>> round(float(jax.jit(noisy(2, 1))(jax.numpy.zeros((1, 2)))), 4)
    0.9867
    """
    backend = tc.set_backend("jax")
    tc.set_dtype("complex64")
    ops = noisy_ansatz(num_qubits, depth)

    def expval(angles: Any) -> Any:
        values = angle_values(angles)
        circuit = tc.DMCircuit(num_qubits)
        for op in ops:
            if isinstance(op, Channel):
                _apply(circuit, op)
            elif op.angle is None:
                circuit.cnot(*op.wires)
            else:
                circuit.ry(*op.wires, theta=values[op.angle])
        return backend.real(circuit.expectation_ps(z=[0]))

    return expval
