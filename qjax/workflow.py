"""``qj.circuit``: a quantum function turned into a pure JAX function.

The returned function records the circuit on every call (at trace time under
``jit``), adds the noise of its noise model, simulates it with its method
(a pure state, a density matrix, or one trajectory per key) and reads out the
measurements, exactly or, with ``shots``, from samples drawn with the
``key=`` of the call. It holds no state and calls no ``jit`` itself: jit,
vmap, grad, scan and checkpoint it like any other JAX function.
"""

import copy
from collections.abc import Callable
from typing import Any

import jax

from qjax.circuit import Circuit, QuantumFunction
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, as_options, compile_circuit, for_method
from qjax.errors import CircuitError, DifferentiationError
from qjax.grad import adjoint_execute, finite_diff_execute, parameter_shift_execute
from qjax.measure import readout
from qjax.noise import NoiseModel, add_channels, as_noise_model
from qjax.ops import Kind, Operation, OutcomeWire
from qjax.sampling import check_key, check_measurements, check_shots, sampled_readout
from qjax.simulate import METHODS, evolve


def _has_kind(operations: tuple[Operation, ...], kind: Kind) -> bool:
    """Whether any operation, inside scanned blocks too, is of ``kind``."""
    return any(
        op.kind is kind or (op.kind is Kind.REPEAT and _has_kind(op.body, kind))  # type: ignore[attr-defined]
        for op in operations
    )


def choose_method(circuit: Circuit, method: str | None) -> str:
    """The simulation method: ``method``, or ``"density"`` for a noisy circuit, else statevector.

    Raises:
      CircuitError: ``method`` is unknown, or ``"statevector"`` for a circuit with channels.

    >>> import qjax as qj
    >>> def noisy():
    ...     qj.BitFlip(0.1, wires=0)
    ...     return qj.probs()
    >>> choose_method(qj.record(noisy, wires=1)(), None)
    'density'
    """
    if method is not None and method not in METHODS:
        raise CircuitError(f"method must be one of {list(METHODS)} or None, got {method!r}")
    noisy = _has_kind(circuit.gates, Kind.CHANNEL)
    if method is None:
        return "density" if noisy else "statevector"
    if method == "statevector" and noisy:
        raise CircuitError(
            'the circuit has noise channels, which a pure state cannot hold: use method="density" '
            '(exact) or "trajectories" (one pure state per key), or leave method=None'
        )
    return method


def _split_key(method: str, key: Any) -> tuple[Any, Any]:
    """The keys of the trajectory and of the samples: independent draws from one key."""
    if method != "trajectories" or key is None:
        return None, key
    trajectory, samples = jax.random.split(key)
    return trajectory, samples


def execute(
    circuit: Circuit,
    options: CompileOptions = DEFAULT_OPTIONS,
    *,
    shots: int | None = None,
    key: Any = None,
    method: str = "statevector",
) -> Any:
    """Simulates a recorded circuit and returns its measurements in its output structure.

    The circuit is compiled with ``options`` and run with ``method``
    (mid-circuit measurements are deferred for the exact methods and drawn
    with ``key`` by ``"trajectories"``); the readout is exact, or with
    ``shots`` estimated from samples drawn with ``key`` (see
    :mod:`qjax.sampling`; differentiating the samples raises a
    :class:`~qjax.errors.DifferentiationError`).

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return {"zz": qj.expval(qj.Z(0) @ qj.Z(1))}
    >>> result = execute(qj.record(bell, wires=2)())
    >>> list(result), round(float(result["zz"]), 5)
    (['zz'], 1.0)
    """
    circuit = for_method(circuit, method)
    trajectory_key, sample_key = _split_key(method, key)
    state = evolve(compile_circuit(circuit, options), method, trajectory_key)
    if shots is None:
        return readout(state, circuit)
    return sampled_readout(state, circuit, shots, sample_key)


DIFF_METHODS: dict[str, Callable[..., Any]] = {
    "backprop": execute,
    "adjoint": adjoint_execute,
    "parameter-shift": parameter_shift_execute,
    "finite-diff": finite_diff_execute,
}
"""How each ``diff_method`` simulates a circuit; all give the same values."""

SAMPLED_METHODS: dict[str, Callable[..., Any]] = {
    "backprop": execute,
    "adjoint": execute,
    "parameter-shift": parameter_shift_execute,
    "finite-diff": finite_diff_execute,
}
"""How each ``diff_method`` runs a circuit with ``shots`` and ``key``; all read the same samples.

Samples have no backprop or adjoint derivative: those two simulate plainly and
raise a DifferentiationError when differentiated with respect to a gate.
"""


def _check_diff_method(diff_method: str, method: str) -> None:
    if method == "trajectories" and diff_method != "backprop":
        raise DifferentiationError(
            f'method="trajectories" differentiates each trajectory by backprop through its '
            f'gates; diff_method={diff_method!r} needs exact evolutions: use method="density"'
        )


def _check_trajectory_readout(circuit: Circuit, method: str) -> None:
    if method != "trajectories":
        return
    for mp in circuit.measurements:
        if any(isinstance(wire, OutcomeWire) for wire in mp.wires):
            raise CircuitError(
                f"{mp!r} reads mid-circuit outcomes, which a trajectory draws but does not "
                'return; use method="statevector" or "density" (exact, or with shots)'
            )


class CircuitFunction(QuantumFunction):
    """A quantum function bound to its wires; calling it simulates the circuit."""

    def __init__(
        self,
        fn: Callable[..., Any],
        wires: object,
        diff_method: str = "backprop",
        compile: CompileOptions | bool = True,
        shots: int | None = None,
        method: str | None = None,
    ):
        if diff_method not in DIFF_METHODS:
            raise DifferentiationError(
                f"diff_method must be one of {sorted(DIFF_METHODS)}, got {diff_method!r}"
            )
        if method is not None and method not in METHODS:
            raise CircuitError(f"method must be one of {list(METHODS)} or None, got {method!r}")
        super().__init__(fn, wires)
        self.diff_method = diff_method
        self.options = as_options(compile)
        self.shots = check_shots(shots)
        self.method = method
        self.noise_model: NoiseModel | None = None

    def record(self, *args: Any, **kwargs: Any) -> Circuit:
        """Runs the function once and returns its recorded circuit, with the model's noise."""
        return add_channels(super().record(*args, **kwargs), self.noise_model)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        random = self.shots is not None or self.method == "trajectories"
        key = kwargs.pop("key", None) if random else None
        circuit = self.record(*args, **kwargs)
        method = choose_method(circuit, self.method)
        _check_diff_method(self.diff_method, method)
        _check_trajectory_readout(circuit, method)
        check_measurements(circuit, self.shots)
        if self.shots is None and method != "trajectories":
            return DIFF_METHODS[self.diff_method](circuit, self.options, method=method)
        key = check_key(key, self.shots, method)
        run = SAMPLED_METHODS[self.diff_method]
        return run(circuit, self.options, shots=self.shots, key=key, method=method)

    def __repr__(self) -> str:
        return (
            f"<qjax circuit {getattr(self.fn, '__name__', self.fn)!r} on wires {list(self.wires)}>"
        )


def add_noise(target: CircuitFunction, noise_model: NoiseModel) -> CircuitFunction:
    """A copy of a circuit function whose every call adds ``noise_model``'s channels.

    The copy simulates with ``method="density"`` unless its method was set.

    >>> import qjax as qj
    >>> @qj.circuit(wires=1)
    ... def flip():
    ...     qj.X(0)
    ...     return qj.expval(qj.Z(0))
    >>> model = qj.NoiseModel({qj.noise.op_eq(qj.X): qj.noise.partial_wires(qj.BitFlip, 0.25)})
    >>> round(float(qj.add_noise(flip, model)()), 5)
    -0.5
    """
    if not isinstance(target, CircuitFunction):
        raise CircuitError(
            f"qj.add_noise takes a qj.circuit function and a qj.NoiseModel, got {target!r}"
        )
    noisy = copy.copy(target)
    noisy.noise_model = as_noise_model(noise_model)
    return noisy


def circuit(
    fn: Callable[..., Any] | None = None,
    *,
    wires: object,
    diff_method: str = "backprop",
    compile: CompileOptions | bool = True,
    shots: int | None = None,
    method: str | None = None,
) -> CircuitFunction | Callable[[Callable[..., Any]], CircuitFunction]:
    """Turns a function that applies gates and returns measurements into a JAX function.

    Args:
      fn: the quantum function; omit it to use ``circuit`` as a decorator factory.
      wires: the number of qubits, or a sequence of distinct wire labels.
      diff_method: how derivatives are computed: ``"backprop"`` (JAX through
        the simulation), ``"adjoint"`` (reverse mode, a constant number of
        stored states; pure states only), ``"parameter-shift"`` (shifted
        evaluations, as on hardware; gate parameters only) or
        ``"finite-diff"`` (central differences).
      compile: the compiler passes, a :class:`~qjax.compile.CompileOptions`:
        ``True`` for the defaults (cancellations, scans of repeated layers,
        fusion), ``False`` to apply the gates one by one as recorded.
      shots: ``None`` for exact results, or the number of samples every
        result is estimated from; the circuit function then takes a
        ``key=`` keyword argument (a ``jax.random`` key, never a hidden
        seed). Gate parameters differentiate through samples only by
        ``"parameter-shift"`` and ``"finite-diff"``, each shifted evaluation
        drawing with its own split of the key; ``"backprop"`` and
        ``"adjoint"`` raise a :class:`~qjax.errors.DifferentiationError`.
      method: ``"statevector"`` (a pure state), ``"density"`` (a density
        matrix: exact noise), ``"trajectories"`` (one pure state per
        ``key=``, noise and mid-circuit outcomes drawn; ``vmap`` over keys
        and average), or ``None``: density for a circuit with noise
        channels, statevector otherwise.

    Returns:
      A function with ``fn``'s signature (plus ``key=`` with shots or
      trajectories) that returns arrays in the structure ``fn`` returns
      measurements in (one, a tuple, a list or a dict).

    >>> import jax, qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(theta):
    ...     qj.RY(theta, wires=0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.expval(qj.Z(1))
    >>> round(float(jax.grad(model)(0.5)), 6)
    -0.479426
    """
    options = as_options(compile)
    shots = check_shots(shots)
    if fn is None:
        return lambda f: CircuitFunction(f, wires, diff_method, options, shots, method)
    return CircuitFunction(fn, wires, diff_method, options, shots, method)
