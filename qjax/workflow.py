"""``qj.circuit``: a quantum function turned into a pure JAX function.

The returned function records the circuit on every call (at trace time under
``jit``), simulates it and reads out the measurements, exactly or, with
``shots``, from samples drawn with the ``key=`` of the call. It holds no state
and calls no ``jit`` itself: jit, vmap, grad, scan and checkpoint it like any
other JAX function.
"""

from collections.abc import Callable
from typing import Any

from qjax.circuit import Circuit, QuantumFunction
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, as_options, compile_circuit
from qjax.errors import DifferentiationError
from qjax.grad import adjoint_execute, finite_diff_execute, parameter_shift_execute
from qjax.measure import readout
from qjax.sampling import check_key, check_measurements, check_shots, sampled_readout
from qjax.simulate import final_state


def execute(
    circuit: Circuit,
    options: CompileOptions = DEFAULT_OPTIONS,
    *,
    shots: int | None = None,
    key: Any = None,
) -> Any:
    """Simulates a recorded circuit and returns its measurements in its output structure.

    The circuit is compiled with ``options`` first; the readout uses the
    recorded circuit's measurements, exactly, or with ``shots`` estimated
    from samples drawn with ``key`` (see :mod:`qjax.sampling`; differentiating
    the samples raises a :class:`~qjax.errors.DifferentiationError`).

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return {"zz": qj.expval(qj.Z(0) @ qj.Z(1))}
    >>> result = execute(qj.record(bell, wires=2)())
    >>> list(result), round(float(result["zz"]), 5)
    (['zz'], 1.0)
    """
    state = final_state(compile_circuit(circuit, options))
    if shots is None:
        return readout(state, circuit)
    return sampled_readout(state, circuit, shots, key)


DIFF_METHODS: dict[str, Callable[[Circuit, CompileOptions], Any]] = {
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


class CircuitFunction(QuantumFunction):
    """A quantum function bound to its wires; calling it simulates the circuit."""

    def __init__(
        self,
        fn: Callable[..., Any],
        wires: object,
        diff_method: str = "backprop",
        compile: CompileOptions | bool = True,
        shots: int | None = None,
    ):
        if diff_method not in DIFF_METHODS:
            raise DifferentiationError(
                f"diff_method must be one of {sorted(DIFF_METHODS)}, got {diff_method!r}"
            )
        super().__init__(fn, wires)
        self.diff_method = diff_method
        self.options = as_options(compile)
        self.shots = check_shots(shots)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.shots is None:
            circuit = self.record(*args, **kwargs)
            check_measurements(circuit, None)
            return DIFF_METHODS[self.diff_method](circuit, self.options)
        key = check_key(kwargs.pop("key", None), self.shots)
        circuit = self.record(*args, **kwargs)
        check_measurements(circuit, self.shots)
        run = SAMPLED_METHODS[self.diff_method]
        return run(circuit, self.options, shots=self.shots, key=key)

    def __repr__(self) -> str:
        return (
            f"<qjax circuit {getattr(self.fn, '__name__', self.fn)!r} on wires {list(self.wires)}>"
        )


def circuit(
    fn: Callable[..., Any] | None = None,
    *,
    wires: object,
    diff_method: str = "backprop",
    compile: CompileOptions | bool = True,
    shots: int | None = None,
) -> CircuitFunction | Callable[[Callable[..., Any]], CircuitFunction]:
    """Turns a function that applies gates and returns measurements into a JAX function.

    Args:
      fn: the quantum function; omit it to use ``circuit`` as a decorator factory.
      wires: the number of qubits, or a sequence of distinct wire labels.
      diff_method: how derivatives are computed: ``"backprop"`` (JAX through
        the simulation), ``"adjoint"`` (reverse mode, a constant number of
        stored states), ``"parameter-shift"`` (shifted evaluations, as on
        hardware) or ``"finite-diff"`` (central differences).
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

    Returns:
      A function with ``fn``'s signature (plus ``key=`` with shots) that
      returns arrays in the structure ``fn`` returns measurements in (one, a
      tuple, a list or a dict).

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
        return lambda f: CircuitFunction(f, wires, diff_method, options, shots)
    return CircuitFunction(fn, wires, diff_method, options, shots)
