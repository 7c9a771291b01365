"""The circuits the workloads simulate, written the way a user writes them, and qjax as a
:class:`~benchmarks.peers.base.Simulator` beside the peers."""

import jax
import jax.numpy as jnp
import numpy as np

import qjax as qj
from benchmarks.peers.base import Function, Simulator

PARAM_DTYPE = jnp.float32
"""Gate angles are float32, the real dtype of complex64 states."""

DIFF_METHODS = ("backprop", "adjoint", "parameter-shift")


def _layers(params: jax.Array, num_qubits: int) -> None:
    for layer in range(params.shape[0]):
        for wire in range(num_qubits):
            qj.RY(params[layer, wire, 0], wires=wire)
            qj.RZ(params[layer, wire, 1], wires=wire)
        for wire in range(num_qubits - 1):
            qj.CNOT(wires=[wire, wire + 1])


def hardware_efficient(num_qubits: int, diff_method: str = "backprop") -> qj.CircuitFunction:
    """The hardware-efficient ansatz, measuring ``<Z0>``.

    Each layer applies RY then RZ to every qubit, then a CNOT ladder
    ``0 -> 1 -> ... -> n-1``. The circuit takes angles of shape
    ``(depth, num_qubits, 2)``: a plain Python loop over layers, unrolled.

    >>> circuit = hardware_efficient(3)
    >>> round(float(circuit(jnp.zeros((2, 3, 2), PARAM_DTYPE))), 5)
    1.0
    """

    @qj.circuit(wires=num_qubits, diff_method=diff_method)
    def ansatz(params: jax.Array) -> jax.Array:
        _layers(params, num_qubits)
        return qj.expval(qj.Z(0))

    return ansatz


def embedded_hardware_efficient(num_qubits: int) -> qj.CircuitFunction:
    """The ansatz after an angle embedding of inputs ``x`` (``RY(x[w])`` on each wire ``w``).

    >>> model = embedded_hardware_efficient(2)
    >>> round(float(model(jnp.zeros((1, 2, 2), PARAM_DTYPE), jnp.full(2, np.pi, PARAM_DTYPE))), 5)
    -1.0
    """

    @qj.circuit(wires=num_qubits)
    def model(params: jax.Array, x: jax.Array) -> jax.Array:
        for wire in range(num_qubits):
            qj.RY(x[wire], wires=wire)
        _layers(params, num_qubits)
        return qj.expval(qj.Z(0))

    return model


def random_angles(num_qubits: int, depth: int, seed: int = 0) -> jax.Array:
    """Angles for :func:`hardware_efficient`, uniform in ``[0, 2 pi)``.

    >>> random_angles(4, 3).shape
    (3, 4, 2)
    """
    angles = np.random.default_rng(seed).uniform(0, 2 * np.pi, (depth, num_qubits, 2))
    return jnp.asarray(angles, PARAM_DTYPE)


def random_inputs(batch: int, num_qubits: int, seed: int = 1) -> jax.Array:
    """Inputs for :func:`embedded_hardware_efficient`, uniform in ``[0, pi)``.

    >>> random_inputs(8, 4).shape
    (8, 4)
    """
    inputs = np.random.default_rng(seed).uniform(0, np.pi, (batch, num_qubits))
    return jnp.asarray(inputs, PARAM_DTYPE)


def _forward(num_qubits: int, depth: int) -> Function:
    return hardware_efficient(num_qubits)


def _batched(num_qubits: int, depth: int) -> Function:
    return jax.vmap(embedded_hardware_efficient(num_qubits), in_axes=(None, 0))


def _gradient(diff_method: str) -> Function:
    return lambda num_qubits, depth: jax.grad(hardware_efficient(num_qubits, diff_method))


QJAX = Simulator(
    name="qjax",
    jax=True,
    forward=_forward,
    batched=_batched,
    gradients={method: _gradient(method) for method in DIFF_METHODS},
)
"""qjax, the simulator measured against its peers."""
