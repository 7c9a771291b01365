"""The ``qjax.qubit`` device: PennyLane's device API on top of ``qj.circuit``.

Preprocessing (PennyLane transforms) decomposes what qjax does not run,
rotates observables that are sampled into their eigenbasis, expands
parameter broadcasting and validates wires and measurements. Execution turns
each tape into a qjax quantum function and calls ``qj.circuit`` on it:
exactly, or with shots and a ``jax.random`` key drawn from the device's
seed. Every step is a JAX function of the tape's parameters, so under
``diff_method="backprop"`` a QNode is jitted, vmapped and differentiated
end to end by JAX.
"""

import dataclasses
import secrets
from collections.abc import Sequence
from typing import Any

import jax
import numpy as np
import pennylane as qml
from pennylane import measurements as plm
from pennylane.devices import Device, ExecutionConfig
from pennylane.devices.modifiers import simulator_tracking, single_tape_support
from pennylane.devices.preprocess import (
    decompose,
    no_sampling,
    validate_device_wires,
    validate_measurements,
)
from pennylane.exceptions import DeviceError
from pennylane.math import Interface
from pennylane.transforms import (
    broadcast_expand,
    defer_measurements,
    diagonalize_measurements,
    split_non_commuting,
)
from pennylane.transforms.core import CompilePipeline

from qjax.interop.pennylane._convert import (
    GATES,
    apply_operation,
    finish,
    measurement,
    supports_operation,
)
from qjax.workflow import circuit

_JAX_INTERFACES = frozenset({Interface.JAX, Interface.JAX_JIT})
_BACKPROP_INTERFACES = _JAX_INTERFACES | {Interface.NUMPY, Interface.AUTO}
_MCM_METHODS = (None, "device", "deferred")

_EIGENBASIS = (plm.SampleMP, plm.CountsMP, plm.ProbabilityMP)
"""Measurements read in the computational basis: their observable is rotated to Z first."""


def _null_postprocessing(results: Sequence[Any]) -> Any:
    return results[0]


def _is_diagonal(obs: Any) -> bool:
    return not obs.diagonalizing_gates()


def _has_observable(obs: Any) -> bool:
    """Whether qjax can read ``obs``: structured observables, or anything with a matrix."""
    if isinstance(obs, (qml.ops.Sum, qml.ops.Prod)):
        return all(_has_observable(operand) for operand in obs.operands)
    if isinstance(obs, qml.ops.SProd):
        return _has_observable(obs.base)
    return obs.has_matrix


def _analytic_measurement(mp: Any) -> bool:
    if not isinstance(mp, plm.StateMeasurement):
        return False
    if isinstance(mp, plm.ProbabilityMP) and mp.obs is not None:
        return _is_diagonal(mp.obs)
    return mp.obs is None or _has_observable(mp.obs)


def _sampled_measurement(mp: Any) -> bool:
    if not isinstance(mp, plm.SampleMeasurement):
        return False
    if mp.obs is None:
        return True
    if isinstance(mp, _EIGENBASIS):
        return _is_diagonal(mp.obs)
    return _has_observable(mp.obs)


@qml.transform
def rotate_sampled_observables(tape: Any) -> tuple[Sequence[Any], Any]:
    """Rotates the observables of samples, counts and probabilities into the Z basis.

    qjax samples bits in the computational basis; PennyLane reads an
    observable's samples as its eigenvalues after its diagonalizing gates.
    The tape is split into qubit-wise commuting groups first, so that one
    rotation serves every measurement of a group.

    >>> import pennylane as qml
    >>> tape = qml.tape.QuantumScript([], [qml.sample(qml.X(0))], shots=10)
    >>> (rotated,), _ = rotate_sampled_observables(tape)
    >>> rotated.operations, rotated.measurements
    ([RY(-1.5707963267948966, wires=[0])], [sample(Z(0))])
    """
    if not any(isinstance(mp, _EIGENBASIS) and mp.obs is not None for mp in tape.measurements):
        return (tape,), _null_postprocessing
    groups, recombine = split_non_commuting(tape, grouping_strategy="qwc")
    rotated = [_to_eigenbasis(diagonalize_measurements(group)[0][0]) for group in groups]
    return tuple(rotated), recombine


def _to_eigenbasis(tape: Any) -> Any:
    """Rotates what Pauli rotations did not diagonalize (``Hermitian``, ``Projector``, ...).

    Each such observable is replaced by its eigenvalues on its wires, after its
    diagonalizing gates; no other measurement may share its wires.
    """
    rotations, measurements = [], []
    for mp in tape.measurements:
        if not isinstance(mp, _EIGENBASIS) or mp.obs is None or _is_diagonal(mp.obs):
            measurements.append(mp)
            continue
        others = [w for other in tape.measurements if other is not mp for w in other.wires]
        if set(others) & set(mp.obs.wires):
            raise DeviceError(
                f"qjax.qubit samples {mp} in its observable's eigenbasis, which the other "
                f"measurements on wires {list(mp.obs.wires)} do not share; measure them in "
                "separate circuits"
            )
        rotations += mp.obs.diagonalizing_gates()
        options = {"all_outcomes": mp.all_outcomes} if isinstance(mp, plm.CountsMP) else {}
        measurements.append(type(mp)(eigvals=mp.obs.eigvals(), wires=mp.obs.wires, **options))
    if not rotations:
        return tape
    return tape.copy(operations=[*tape.operations, *rotations], measurements=measurements)


def _as_key(seed: Any) -> tuple[Any, int | None]:
    """The device's base ``jax.random`` key and the int seed it came from (if any)."""
    dtype = getattr(seed, "dtype", None)
    if dtype is not None and jax.dtypes.issubdtype(dtype, jax.dtypes.prng_key):
        return seed, None
    if dtype == np.uint32 and np.shape(seed) == (2,):
        return seed, None
    if seed is None:
        seed = secrets.randbits(32)
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return jax.random.key(int(seed)), int(seed)
    raise DeviceError(
        f"qjax.qubit seed must be None, an int or a jax.random key, got {seed!r}; "
        'e.g. qml.device("qjax.qubit", wires=2, seed=1234)'
    )


def _numpy_results(result: Any) -> Any:
    """Arrays as NumPy arrays (for the NumPy, Autograd and Torch interfaces)."""
    if isinstance(result, tuple):
        return tuple(_numpy_results(r) for r in result)
    if isinstance(result, dict):
        return {key: np.asarray(count) for key, count in result.items()}
    return np.asarray(result)


@simulator_tracking
@single_tape_support
class QjaxQubit(Device):
    """PennyLane's ``qjax.qubit`` device: circuits simulated by qjax, traceable by JAX.

    ``qml.device("qjax.qubit", wires=2)``. With ``diff_method="backprop"``
    (chosen by ``"best"``) and the JAX interface, a QNode is one JAX function
    of its parameters: ``jax.jit``, ``jax.vmap`` and ``jax.grad`` go through
    the simulation. Other interfaces, and circuits with shots, differentiate
    with PennyLane's gradient transforms (``"parameter-shift"``,
    ``"finite-diff"``). Noise channels switch to qjax's density-matrix
    method, and ``qml.state()`` then returns the density matrix.

    Results are 32-bit unless ``jax_enable_x64`` is on. Mid-circuit
    measurements are deferred by qjax (``mcm_method=None`` or ``"device"``) or by
    PennyLane (``"deferred"``); with shots, a postselected measurement keeps
    every shot and conditions the results on the outcome it keeps.

    Args:
      wires: the number of wires or their labels; ``None`` takes each
        circuit's own wires.
      shots: default shots (PennyLane prefers ``qml.set_shots`` on the QNode):
        ``None``, an int, or a shot vector such as ``[100, (10, 3)]``.
      seed: an int or a ``jax.random`` key from which every execution with
        shots draws a fresh key (``jax.random.fold_in(key, i)`` for the
        ``i``-th draw), so the same seed repeats the same results; ``None``
        takes an int seed from the operating system, readable as ``dev.seed``.
        A jitted QNode draws its key once, when it is traced.

    >>> import pennylane as qml
    >>> dev = qml.device("qjax.qubit", wires=2)
    >>> @qml.qnode(dev)
    ... def bell():
    ...     qml.Hadamard(0)
    ...     qml.CNOT(wires=[0, 1])
    ...     return qml.expval(qml.Z(0) @ qml.Z(1))
    >>> round(float(bell()), 5)
    1.0
    """

    def __init__(self, wires: Any = None, shots: Any = None, seed: Any = None):
        super().__init__(wires=wires, shots=shots)
        self._key, self._seed = _as_key(seed)
        self._draws = 0

    @property
    def name(self) -> str:
        """The device's name, ``"qjax.qubit"``."""
        return "qjax.qubit"

    @property
    def seed(self) -> int | None:
        """The int seed of the device's keys (``None`` when a key was given)."""
        return self._seed

    def next_key(self) -> Any:
        """A fresh ``jax.random`` key: the seed's key folded with the number of keys drawn.

        >>> import pennylane as qml
        >>> dev = qml.device("qjax.qubit", wires=1, seed=0)
        >>> bool((jax.random.key_data(dev.next_key()) != jax.random.key_data(dev.next_key())).any())
        True
        """
        key = jax.random.fold_in(self._key, self._draws)
        self._draws += 1
        return key

    def supports_derivatives(
        self, execution_config: ExecutionConfig | None = None, circuit: Any = None
    ) -> bool:
        """Backprop (alone, so also ``"best"``) for exact results in JAX or NumPy.

        Circuits with shots, and the Autograd and Torch interfaces, use
        PennyLane's gradient transforms instead.
        """
        if execution_config is None:
            return True
        if execution_config.gradient_method not in ("backprop", "best"):
            return False
        if circuit is None:
            return execution_config.interface in _BACKPROP_INTERFACES
        interface = execution_config.interface
        if interface is Interface.AUTO:
            interface = Interface(qml.math.get_interface(*circuit.get_parameters()))
        return interface in _BACKPROP_INTERFACES and not circuit.shots

    def setup_execution_config(
        self, config: ExecutionConfig | None = None, circuit: Any = None
    ) -> ExecutionConfig:
        """Resolves ``"best"`` to backprop and mid-circuit measurements to qjax's deferral."""
        config = config or ExecutionConfig()
        if config.device_options:
            raise DeviceError(
                f"qjax.qubit takes no device options, got {sorted(config.device_options)}"
            )
        method = config.mcm_config.mcm_method
        if method not in _MCM_METHODS:
            raise DeviceError(
                f"qjax.qubit runs mid-circuit measurements with mcm_method=None or 'device' "
                f"(qjax defers them) or 'deferred' (PennyLane does), got {method!r}"
            )
        mcm_config = dataclasses.replace(config.mcm_config, mcm_method=method or "device")
        gradient = "backprop" if config.gradient_method == "best" else config.gradient_method
        backprop = gradient == "backprop"
        updated = {
            "gradient_method": gradient,
            "mcm_config": mcm_config,
            "use_device_gradient": backprop,
            "use_device_jacobian_product": False,
            "grad_on_execution": False,
        }
        if config.interface in _JAX_INTERFACES and backprop:
            updated["convert_to_numpy"] = False
        return dataclasses.replace(config, **updated)

    def preprocess_transforms(
        self, execution_config: ExecutionConfig | None = None
    ) -> CompilePipeline:
        """Decomposition to qjax's gates, basis rotations for samples, validation."""
        config = execution_config or ExecutionConfig()
        program = CompilePipeline()
        if config.mcm_config.mcm_method == "deferred":
            program.add_transform(defer_measurements, allow_postselect=True)
        program.add_transform(rotate_sampled_observables)
        program.add_transform(
            decompose,
            stopping_condition=supports_operation,
            skip_initial_state_prep=True,
            device_wires=self.wires,
            target_gates=set(GATES) - {"StatePrep", "BasisState"},
            name=self.name,
        )
        program.add_transform(validate_device_wires, self.wires, name=self.name)
        program.add_transform(
            validate_measurements,
            analytic_measurements=_analytic_measurement,
            sample_measurements=_sampled_measurement,
            name=self.name,
        )
        program.add_transform(broadcast_expand)
        if config.gradient_method == "backprop":
            program.add_transform(no_sampling, name="backprop + qjax.qubit")
        return program

    def execute(self, circuits: Any, execution_config: ExecutionConfig | None = None) -> Any:
        """Simulates each tape with qjax; results follow PennyLane's shapes and structure."""
        config = execution_config or ExecutionConfig()
        results = tuple(self._simulate(tape) for tape in circuits)
        if config.interface in _JAX_INTERFACES:
            return results
        return _numpy_results(results)

    def _simulate(self, tape: Any) -> Any:
        wires = list(self.wires if self.wires is not None else tape.wires)
        if not wires:
            raise DeviceError(
                f"qjax.qubit needs at least one wire to simulate {tape.measurements}; "
                'give the device wires, e.g. qml.device("qjax.qubit", wires=1)'
            )
        if not tape.shots:
            return self._run(tape, wires, None)
        runs = [self._run(tape, wires, upper - lower) for lower, upper in tape.shots.bins()]
        return tuple(runs) if tape.shots.has_partitioned_shots else runs[0]

    def _run(self, tape: Any, wires: list[Any], shots: int | None) -> Any:
        def quantum_function() -> tuple[Any, ...]:
            outcomes: dict[Any, Any] = {}
            for op in tape.operations:
                apply_operation(op, outcomes)
            return tuple(measurement(mp, outcomes, shots is not None) for mp in tape.measurements)

        run = circuit(quantum_function, wires=wires, shots=shots)
        values = run() if shots is None else run(key=self.next_key())
        results = tuple(
            finish(mp, value, wires) for mp, value in zip(tape.measurements, values, strict=True)
        )
        return results[0] if len(results) == 1 else results
