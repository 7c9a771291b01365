"""Bad input gets a clear error before any work starts (DESIGN.md, principle 8).

Each test feeds one kind of bad input and checks three things: the qjax error
class, the built-in error it also is (``ValueError`` or ``TypeError``, so
``except ValueError`` keeps working), and the words of the message the user
acts on. A few run under ``jax.jit`` and ``jax.make_jaxpr``: the error must
surface while tracing, never as a shape error from inside XLA.
"""

import contextlib
import re
from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS

import qjax as qj
from qjax import errors

TRACING = {**TRANSFORMS, "make_jaxpr": jax.make_jaxpr}
"""Eager, jitted, and traced without compiling: errors must come from the trace."""

DID_NOT_RAISE = pytest.fail.Exception
"""What ``pytest.raises`` raises when nothing was raised: the failure of a silent case."""


@contextlib.contextmanager
def raises(
    error: type[Exception], builtin: type[Exception], match: str
) -> Iterator[pytest.ExceptionInfo]:
    """``pytest.raises(error, match=...)`` that also checks the built-in base class.

    For qjax's own errors it checks that the error is a ``QjaxError`` too.
    """
    with pytest.raises(error, match=re.compile(match, re.DOTALL)) as info:
        yield info
    assert isinstance(info.value, builtin), f"{type(info.value)} is not a {builtin.__name__}"
    if issubclass(error, errors.QjaxError):
        assert isinstance(info.value, errors.QjaxError)


def run(body: Callable[..., Any], *args: Any, wires: object = 2) -> Any:
    """Records and simulates ``body`` as a circuit on ``wires``."""
    return qj.circuit(body, wires=wires)(*args)


def probs_after(*gates: Callable[[], Any]) -> Callable[[], Any]:
    """A circuit body that applies ``gates`` (thunks) and returns ``qj.probs()``."""

    def body() -> Any:
        for gate in gates:
            gate()
        return qj.probs()

    return body


# --- wires --------------------------------------------------------------------------------


def test_gate_on_a_wire_not_in_the_circuit():
    with raises(errors.WireError, ValueError, match=r"X\(wires=\[5\]\) uses wire\(s\) \[5\]"):
        run(probs_after(lambda: qj.X(5)))


@pytest.mark.parametrize(
    "measurement, name",
    [
        (lambda: qj.expval(qj.Z(5)), r"qj\.expval\(Z"),
        (lambda: qj.var(qj.X(0) @ qj.Z(5)), r"qj\.var\(X"),
        (lambda: qj.probs(wires=[0, 5]), r"qj\.probs\(wires"),
        (lambda: qj.density_matrix(wires=[5]), r"qj\.density_matrix\(wires"),
    ],
    ids=["expval", "var", "probs", "density_matrix"],
)
def test_measurement_on_a_wire_not_in_the_circuit(measurement, name):
    with raises(errors.WireError, ValueError, match=rf"{name}.*\[5\].*not in the circuit's wires"):
        run(measurement)


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_unknown_wire_is_reported_while_tracing(transform):
    def body(theta):
        qj.RX(theta, wires=3)
        return qj.probs()

    with raises(errors.WireError, ValueError, match=r"uses wire\(s\) \[3\].*\[0, 1\]"):
        transform(qj.circuit(body, wires=2))(jnp.float32(0.1))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.CNOT(wires=[1, 1]), r"CNOT acts on distinct wires, got wires=\[1, 1\]"),
        (lambda: qj.Toffoli(wires=[0, 2, 0]), r"Toffoli acts on distinct wires"),
        (lambda: qj.MultiRZ(0.1, wires=[0, 1, 1]), r"MultiRZ acts on distinct wires"),
        (lambda: qj.probs(wires=[0, 0]), r"probs acts on distinct wires"),
        (lambda: qj.ctrl(qj.RX(0.1, wires=0), control=[1, 1]), r"ctrl acts on distinct wires"),
    ],
    ids=["CNOT", "Toffoli", "MultiRZ", "probs", "ctrl"],
)
def test_a_wire_repeated_in_one_operation(make, message):
    with raises(errors.WireError, ValueError, match=message):
        make()


def test_repeated_wire_message_shows_a_valid_example():
    with raises(errors.WireError, ValueError, match=re.escape("e.g. CNOT(wires=[0, 1])")):
        qj.CNOT(wires=[1, 1])


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.CNOT(wires=[0, 1, 2]), r"CNOT acts on 2 wire\(s\), got wires=\[0, 1, 2\]"),
        (lambda: qj.RX(0.1, wires=[0, 1]), r"RX acts on 1 wire\(s\), got wires=\[0, 1\]"),
        (lambda: qj.Toffoli(wires=[0, 1]), r"Toffoli acts on 3 wire\(s\)"),
        (lambda: qj.SWAP(wires=0), r"SWAP acts on 2 wire\(s\), got wires=\[0\]"),
    ],
    ids=["CNOT", "RX", "Toffoli", "SWAP"],
)
def test_wrong_number_of_wires_for_a_fixed_size_gate(make, message):
    with raises(errors.WireError, ValueError, match=message):
        make()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.RX(0.1), re.escape("RX needs wires, e.g. RX(0.5, wires=[0])")),
        (lambda: qj.CNOT(), re.escape("CNOT needs wires, e.g. CNOT(wires=[0, 1])")),
        (lambda: qj.MultiControlledX(), r"MultiControlledX needs wires"),
        (lambda: qj.density_matrix(wires=None), r"density_matrix needs wires"),
        (lambda: qj.ctrl(qj.RX(0.1, wires=0), control=None), r"ctrl needs wires"),
    ],
    ids=["RX", "CNOT", "MultiControlledX", "density_matrix", "ctrl"],
)
def test_missing_wires(make, message):
    with raises(errors.WireError, ValueError, match=message):
        make()


def test_too_many_positional_arguments_are_named_as_such():
    with raises(errors.QjaxError, ValueError, match=r"positional"):
        qj.RX(0.1, 0, 1)


def test_traced_wires_in_a_sequence():
    def body(wire):
        qj.X([wire])
        return qj.probs()

    with raises(errors.WireError, ValueError, match=r"X wires must be static Python values"):
        jax.jit(qj.circuit(body, wires=2))(0)


@pytest.mark.parametrize("transform", [jax.jit, jax.vmap], ids=["jit", "vmap"])
def test_traced_scalar_wire(transform):
    def body(wire):
        qj.X(wire)
        return qj.probs()

    with raises(errors.WireError, ValueError, match=r"X wires must be static Python values"):
        transform(qj.circuit(body, wires=2))(jnp.arange(2) if transform is jax.vmap else 0)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.X([[0]]), r"X wire labels must be hashable, got \[0\]"),
        (lambda: qj.CNOT(wires=[[0], 1]), r"CNOT wire labels must be hashable, got \[0\]"),
        (lambda: qj.circuit(lambda: qj.probs(), wires=[[0], 1]), r"circuit wire labels"),
    ],
    ids=["X", "CNOT", "circuit"],
)
def test_unhashable_wire_labels(make, message):
    with raises(errors.WireError, ValueError, match=message):
        make()


def test_wires_given_as_a_set_are_rejected():
    with raises(errors.WireError, ValueError, match=r"set"):
        qj.CNOT(wires={1, 0})


# --- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda: qj.RX(0.1, 0.2, wires=0),
            re.escape("RX takes 1 parameter(s) (theta), got 2; e.g. RX(0.5, wires=[0])"),
        ),
        (lambda: qj.RX(wires=0), r"RX takes 1 parameter\(s\) \(theta\), got 0"),
        (
            lambda: qj.Rot(0.1, 0.2, wires=0),
            r"Rot takes 3 parameter\(s\) \(phi, theta, omega\), got 2",
        ),
        (lambda: qj.CRX(wires=[0, 1]), r"CRX takes 1 parameter\(s\) \(theta\), got 0"),
    ],
    ids=["RX-too-many", "RX-none", "Rot", "CRX"],
)
def test_wrong_number_of_parameters(make, message):
    with raises(errors.ParameterError, ValueError, match=message):
        make()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.RX(jnp.ones((2, 2)), wires=0), r"RX parameter theta must have shape \(\)"),
        (lambda: qj.RX([0.1], wires=0), r"RX parameter theta must have shape \(\), got \(1,\)"),
        (
            lambda: qj.QubitUnitary(jnp.eye(4), wires=0),
            r"QubitUnitary parameter U must have shape \(2, 2\), got \(4, 4\)$",
        ),
        (
            lambda: qj.Hermitian(jnp.ones((2, 3)), wires=0),
            r"Hermitian parameter A must have shape \(2, 2\), got \(2, 3\)",
        ),
        (
            lambda: qj.DiagonalQubitUnitary(jnp.ones(4), wires=0),
            r"DiagonalQubitUnitary parameter D must have shape \(2,\), got \(4,\)",
        ),
        (
            lambda: qj.StatePrep(jnp.ones(4) / 2, wires=0),
            r"StatePrep parameter state must have shape \(2,\), got \(4,\)",
        ),
        (
            lambda: qj.BasisState(jnp.array([1, 0, 1]), wires=[0, 1]),
            r"BasisState parameter bits must have shape \(2,\), got \(3,\)",
        ),
    ],
    ids=["RX-matrix", "RX-list", "QubitUnitary", "Hermitian", "Diagonal", "StatePrep", "Basis"],
)
def test_wrong_parameter_shape(make, message):
    with raises(errors.ParameterError, ValueError, match=message):
        make()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: qj.RX(jnp.ones(3), wires=0), r"RX parameter theta .* got \(3,\)"),
        (lambda: qj.Rot(jnp.ones(5), 0.1, 0.2, wires=0), r"Rot parameter phi .* got \(5,\)"),
        (
            lambda: qj.QubitUnitary(jnp.stack([jnp.eye(2)] * 3), wires=0),
            r"QubitUnitary parameter U .* got \(3, 2, 2\)",
        ),
    ],
    ids=["RX", "Rot", "QubitUnitary"],
)
def test_a_batched_parameter_hints_at_vmap(make, message):
    with raises(errors.ParameterError, ValueError, match=message + r".*jax\.vmap"):
        make()


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_a_batched_parameter_is_reported_while_tracing(transform):
    def body(theta):
        qj.RX(theta, wires=0)
        return qj.probs()

    with raises(errors.ParameterError, ValueError, match=r"got \(3,\).*jax\.vmap"):
        transform(qj.circuit(body, wires=1))(jnp.ones(3))


@pytest.mark.parametrize(
    "value",
    [
        1j,
        np.complex128(1j),
        np.complex64(1j),
        jnp.array(1j, jnp.complex64),
    ],
    ids=["python", "numpy-complex128", "numpy-complex64", "jax"],
)
def test_complex_parameter_for_a_real_angle(value):
    with raises(
        errors.ParameterTypeError, TypeError, match=r"RX parameter theta must be a real number"
    ):
        qj.RX(value, wires=0)


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_a_traced_complex_angle_is_reported_while_tracing(transform):
    def body(theta):
        qj.RY(theta, wires=0)
        return qj.probs()

    with raises(errors.ParameterTypeError, TypeError, match=r"RY parameter theta .* kind 'c'"):
        transform(qj.circuit(body, wires=1))(jnp.ones((), jnp.complex64))


@pytest.mark.parametrize(
    "value, kind", [("a", "str"), (None, "NoneType"), ({"theta": 0.1}, "dict")]
)
def test_non_numeric_parameter(value, kind):
    with raises(
        errors.ParameterTypeError,
        TypeError,
        match=rf"RX parameter theta must be a real number .*got {kind}.*e\.g\. RX\(0\.5",
    ):
        qj.RX(value, wires=0)


def test_non_numeric_matrix():
    with raises(
        errors.ParameterTypeError, TypeError, match=r"QubitUnitary parameter U must be a number"
    ):
        qj.QubitUnitary(np.array([["a", "b"], ["c", "d"]]), wires=0)


def test_unknown_keyword_argument_is_rejected():
    with raises(TypeError, TypeError, match=r"foo"):
        qj.RX(0.1, wires=0, foo=1)


# --- unitaries, states and observables -----------------------------------------------------


def test_non_unitary_concrete_matrix():
    with raises(
        errors.UnitaryError,
        ValueError,
        match=r"QubitUnitary matrix is not unitary.*jnp\.linalg\.qr",
    ):
        qj.QubitUnitary(jnp.ones((2, 2)), wires=0)


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_a_concrete_non_unitary_matrix_is_checked_under_jit(transform):
    def body(theta):
        qj.RX(theta, wires=0)
        qj.QubitUnitary(np.ones((2, 2)), wires=0)
        return qj.probs()

    with raises(errors.UnitaryError, ValueError, match=r"not unitary"):
        transform(qj.circuit(body, wires=1))(jnp.float32(0.1))


def test_non_unitary_controlled_matrix_names_the_controlled_gate():
    with raises(errors.UnitaryError, ValueError, match=r"ControlledQubitUnitary"):
        qj.ControlledQubitUnitary(jnp.ones((2, 2)), wires=[0, 1])


def test_diagonal_entries_must_have_modulus_one():
    with raises(
        errors.UnitaryError, ValueError, match=r"DiagonalQubitUnitary entries must have modulus 1"
    ):
        qj.DiagonalQubitUnitary(jnp.array([1.0, 2.0]), wires=0)


def test_state_prep_must_be_normalised():
    with raises(
        errors.UnitaryError, ValueError, match=r"norm 1.*got norm 1\.41421.*normalize=True"
    ):
        qj.StatePrep(jnp.array([1.0, 1.0]), wires=0)


def test_state_prep_normalize_true_is_accepted():
    op = qj.StatePrep(jnp.array([1.0, 1.0]), wires=0, normalize=True)
    assert op.hyperparameters["normalize"] is True


def test_state_prep_normalize_true_simulates_the_normalised_state():
    def body():
        qj.StatePrep(jnp.array([1.0, 1.0]), wires=0, normalize=True)
        return qj.probs()

    np.testing.assert_allclose(run(body, wires=1), [0.5, 0.5], rtol=1e-5)


def test_state_prep_normalize_rejects_the_zero_vector():
    with raises(errors.UnitaryError, ValueError, match=r"norm"):
        qj.StatePrep(jnp.zeros(2), wires=0, normalize=True)


@pytest.mark.parametrize("bits", [[2, 0], [0.5, 0.0], [-1, 1]], ids=["two", "half", "minus"])
def test_basis_state_bits_must_be_zero_or_one(bits):
    with raises(errors.ParameterError, ValueError, match=r"BasisState bits must each be 0 or 1"):
        qj.BasisState(jnp.array(bits), wires=[0, 1])


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_state_prep_after_a_gate(transform):
    def body(bits):
        qj.X(0)
        qj.BasisState(bits, wires=[1])
        return qj.probs()

    with raises(
        errors.CircuitError, ValueError, match=r"BasisState.* comes after a gate; state prep"
    ):
        transform(qj.circuit(body, wires=2))(jnp.array([1]))


def test_overlapping_state_preparations():
    def body():
        qj.BasisState(jnp.array([1]), wires=[1])
        qj.StatePrep(jnp.array([0.0, 1.0]), wires=[1])
        return qj.probs()

    with raises(errors.CircuitError, ValueError, match=r"state preparations overlap on wires"):
        run(body)


def test_non_hermitian_hermitian():
    with raises(errors.ObservableError, ValueError, match=r"Hermitian matrix is not Hermitian"):
        qj.Hermitian(jnp.array([[0.0, 1.0], [0.0, 0.0]]), wires=0)


# --- memory -------------------------------------------------------------------------------


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_a_state_too_large_for_memory(transform):
    itemsize = jax.dtypes.canonicalize_dtype(np.complex128).itemsize
    needed = 2 * 2**60 * itemsize
    with raises(
        errors.StateSizeError,
        ValueError,
        match=rf"60-qubit complex\d+ circuit needs {needed} bytes.*use fewer wires",
    ):
        transform(qj.circuit(lambda: qj.probs(wires=[0]), wires=60))()


# --- circuits and measurements ------------------------------------------------------------


@pytest.mark.parametrize(
    "result",
    [None, (), {}],
    ids=["none", "empty-tuple", "empty-dict"],
)
def test_circuit_returning_no_measurement(result):
    with raises(
        errors.CircuitError, ValueError, match=r"returns no measurement; return e\.g\. qj\.expval"
    ):
        run(lambda: result)


@pytest.mark.parametrize(
    "result, shown",
    [
        (lambda: 1.0, "1.0"),
        (lambda: (qj.probs(), "energy"), "'energy'"),
        (lambda: {"p": qj.probs(), "x": jnp.float32(2.0)}, "2"),
    ],
    ids=["float", "tuple-with-str", "dict-with-array"],
)
def test_circuit_returning_a_non_measurement(result, shown):
    with raises(
        errors.CircuitError, ValueError, match=rf"must return measurements .*; got .*{shown}"
    ):
        run(result)


@pytest.mark.parametrize(
    "result, name",
    [(lambda: qj.RX(0.5, wires=0), "RX"), (lambda: qj.Z(0), "Z")],
    ids=["RX", "Z"],
)
def test_circuit_returning_an_operator_names_it(result, name):
    with raises(errors.CircuitError, ValueError, match=rf"{name}\(.*qj\.expval"):
        run(result)


@pytest.mark.parametrize(
    "standing, shown",
    [
        (lambda: 0.5 * qj.X(0), r"0\.5 \* \(X\(wires=\[0\]\)\)"),
        (lambda: qj.X(0) @ qj.Z(1), r"X\(wires=\[0\]\) @ Z\(wires=\[1\]\)"),
        (lambda: qj.X(0) + qj.Z(1), r"X\(wires=\[0\]\) \+ Z\(wires=\[1\]\)"),
        (lambda: qj.Hermitian(jnp.eye(2), wires=0), r"Hermitian\("),
    ],
    ids=["scaled", "product", "sum", "Hermitian"],
)
def test_an_unmeasured_observable_left_in_the_circuit(standing, shown):
    with raises(
        errors.CircuitError, ValueError, match=rf"{shown}.* is an observable, not a gate.*expval"
    ):
        run(probs_after(standing))


@pytest.mark.parametrize("measure", [qj.expval, qj.var], ids=["expval", "var"])
@pytest.mark.parametrize("gate", [lambda: qj.RX(0.1, wires=0), lambda: qj.S(0)], ids=["RX", "S"])
def test_measuring_a_gate_that_is_not_an_observable(measure, gate):
    with raises(errors.ObservableError, ValueError, match=r"is not an observable; use X, Y, Z"):
        run(lambda: measure(gate()))


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_measuring_a_non_observable_is_reported_while_tracing(transform):
    def body(theta):
        return qj.expval(qj.RX(theta, wires=0))

    with raises(errors.ObservableError, ValueError, match=r"RX is not an observable"):
        transform(qj.circuit(body, wires=1))(jnp.float32(0.1))


@pytest.mark.parametrize("measure", [qj.expval, qj.var], ids=["expval", "var"])
def test_measuring_something_that_is_not_an_operator(measure):
    name = measure.__name__
    with raises(TypeError, TypeError, match=rf"qj\.{name} takes an observable .*got 1\.0"):
        measure(1.0)


@pytest.mark.parametrize(
    "make, role",
    [
        (lambda: qj.X(0) @ qj.RX(0.1, wires=1), "tensor product factor"),
        (lambda: qj.X(0) + qj.RX(0.1, wires=1), "sum term"),
        (lambda: 0.5 * qj.RX(0.1, wires=1), "scaled term"),
    ],
    ids=["product", "sum", "scaled"],
)
def test_arithmetic_on_a_non_observable(make, role):
    with raises(
        errors.ObservableError, ValueError, match=rf"RX\(0\.1, wires=\[1\]\) .*cannot be a {role}"
    ):
        make()


@pytest.mark.parametrize("transform", TRACING.values(), ids=TRACING.keys())
def test_tensor_product_on_overlapping_wires(transform):
    def body(theta):
        qj.RX(theta, wires=0)
        return qj.expval(qj.X(0) @ qj.Y(1) @ qj.Z(0))

    with raises(
        errors.ObservableError,
        ValueError,
        match=r"tensor product factors must act on distinct wires.*e\.g\. X\(0\) @ Z\(1\)",
    ):
        transform(qj.circuit(body, wires=2))(jnp.float32(0.1))


@pytest.mark.parametrize(
    "scale",
    [
        lambda c: c * qj.Z(1),
        lambda c: qj.Z(1) * c,
        lambda c: qj.Z(1) / (1 / c),
        lambda c: qj.X(0) + c * qj.Z(1),
    ],
    ids=["left", "right", "divide", "in-a-sum"],
)
@pytest.mark.parametrize(
    "coeff",
    [
        1j,
        np.complex128(0.5j),
        np.complex64(0.5j),
        jnp.array(1j, jnp.complex64),
    ],
    ids=["python", "numpy-complex128", "numpy-complex64", "jax"],
)
def test_complex_observable_coefficient(scale, coeff):
    with raises(errors.ObservableError, ValueError, match=r"observable coefficients must be real"):
        scale(coeff)


def test_observable_coefficient_must_be_a_scalar():
    with raises(errors.ObservableError, ValueError, match=r"coefficient"):
        qj.ops.SProd(jnp.ones(2), qj.X(0))


# --- ctrl, adjoint and controlled gates ---------------------------------------------------


def test_ctrl_with_control_wires_overlapping_the_target():
    with raises(
        errors.WireError,
        ValueError,
        match=r"control wires \[1, 0\] overlap the wires \[0\] of RX",
    ):
        qj.ctrl(qj.RX(0.1, wires=0), control=[1, 0])


def test_ctrl_of_a_controlled_gate_overlapping_its_controls():
    with raises(errors.WireError, ValueError, match=r"overlap the wires \[0, 1\] of CNOT"):
        qj.ctrl(qj.CNOT(wires=[0, 1]), control=1)


@pytest.mark.parametrize(
    "controls, values, shown",
    [([1, 2], [1], r"\[1\]"), ([1], [1, 0], r"\[1, 0\]"), ([1], [2], r"\[2\]")],
    ids=["too-few", "too-many", "not-a-bit"],
)
def test_ctrl_with_wrong_control_values(controls, values, shown):
    with raises(
        errors.WireError,
        ValueError,
        match=rf"ctrl needs one control value \(0 or 1\) per control wire.*control_values={shown}",
    ):
        qj.ctrl(qj.RX(0.1, wires=0), control=controls, control_values=values)


@pytest.mark.parametrize("transform", [qj.ctrl, qj.adjoint], ids=["ctrl", "adjoint"])
@pytest.mark.parametrize(
    "target",
    [lambda: 3, lambda: qj.RX, lambda: qj.Hermitian(jnp.eye(2), wires=0)],
    ids=["int", "class", "observable"],
)
def test_ctrl_and_adjoint_of_something_that_is_not_a_gate(transform, target):
    args = (target(), 1) if transform is qj.ctrl else (target(),)
    name = transform.__name__
    with raises(
        TypeError, TypeError, match=rf"{name} takes a gate or a function that applies gates"
    ):
        transform(*args)


@pytest.mark.parametrize("transform", [qj.ctrl, qj.adjoint], ids=["ctrl", "adjoint"])
def test_ctrl_and_adjoint_of_a_function_that_records_a_non_gate(transform):
    def prepare():
        qj.BasisState(jnp.array([1]), wires=0)

    wrapped = transform(prepare, 1) if transform is qj.ctrl else transform(prepare)
    with raises(
        errors.CircuitError,
        ValueError,
        match=rf"{transform.__name__} can only transform gates.*BasisState",
    ):
        run(probs_after(wrapped))


@pytest.mark.parametrize(
    "call",
    [
        lambda: qj.ctrl(3, control=1),
        lambda: qj.adjoint(3),
        lambda: qj.expval(1.0),
        lambda: qj.var("Z"),
    ],
    ids=["ctrl", "adjoint", "expval", "var"],
)
def test_every_deliberate_type_error_is_a_qjax_error(call):
    with pytest.raises(TypeError) as info:
        call()
    assert isinstance(info.value, errors.QjaxError), type(info.value)


@pytest.mark.parametrize("wires", [[0], 0], ids=["list", "int"])
def test_multi_controlled_x_with_one_wire(wires):
    with raises(
        errors.WireError,
        ValueError,
        match=r"MultiControlledX needs at least 2 wires \(controls then target\), got wires=\[0\]",
    ):
        qj.MultiControlledX(wires=wires)


def test_multi_controlled_x_with_wrong_control_values():
    with raises(errors.WireError, ValueError, match=r"2 control wire\(s\)"):
        qj.MultiControlledX(wires=[0, 1, 2], control_values=[1])


@pytest.mark.parametrize(
    "matrix, wires, shape",
    [
        (np.eye(4), [0, 1], r"\(4, 4\)"),
        (np.eye(2), [0], r"\(2, 2\)"),
        (np.eye(3), [0, 1, 2], r"\(3, 3\)"),
        (np.ones(2), [0, 1], r"\(2,\)"),
    ],
    ids=["no-control-left", "one-wire", "not-a-power-of-two", "vector"],
)
def test_controlled_qubit_unitary_with_too_few_wires_or_a_bad_matrix(matrix, wires, shape):
    with raises(
        errors.ParameterError,
        ValueError,
        match=rf"ControlledQubitUnitary needs a \(2\*\*k, 2\*\*k\) matrix and more than k wires"
        rf".*got U of shape {shape}",
    ):
        qj.ControlledQubitUnitary(matrix, wires=wires)


@pytest.mark.parametrize(
    "word, wires",
    [("XA", [0, 1]), ("xy", [0, 1]), ("X Y", [0, 1, 2]), (3, [0])],
    ids=["letter", "lowercase", "space", "int"],
)
def test_pauli_rot_word_with_bad_letters(word, wires):
    with raises(
        errors.ParameterError,
        ValueError,
        match=rf"PauliRot pauli_word must be a string over I, X, Y, Z, got {re.escape(repr(word))}",
    ):
        qj.PauliRot(0.1, word, wires=wires)


@pytest.mark.parametrize("word, wires", [("XYZ", [0, 1]), ("X", [0, 1])], ids=["long", "short"])
def test_pauli_rot_word_of_the_wrong_length(word, wires):
    with raises(
        errors.WireError,
        ValueError,
        match=rf"PauliRot word '{word}' has {len(word)} letters but wires=.* one letter per wire",
    ):
        qj.PauliRot(0.1, word, wires=wires)


# --- qj.circuit wires and qj.probs ----------------------------------------------------------


@pytest.mark.parametrize(
    "wires, message",
    [
        (0, r"a circuit needs at least one wire, got wires=0"),
        (-1, r"a circuit needs at least one wire, got wires=-1"),
        ([], r"a circuit needs at least one wire, got wires=\[\]"),
        (None, r"a circuit needs wires=N \(a positive int\) or a sequence of labels, got None"),
        (True, r"got True"),
        ([0, 0], r"circuit acts on distinct wires"),
    ],
    ids=["zero", "negative", "empty", "none", "bool", "repeated"],
)
def test_circuit_with_bad_wires(wires, message):
    with raises(errors.WireError, ValueError, match=message):

        @qj.circuit(wires=wires)
        def body():
            return qj.probs()


def test_record_without_wires():
    with raises(errors.WireError, ValueError, match=r"a circuit needs wires=N"):
        qj.record(lambda: qj.probs())


def test_circuit_wires_numpy_integer_is_a_count():
    counted = qj.circuit(lambda: qj.probs(), wires=np.int64(3))
    assert counted.wires == (0, 1, 2)


def test_circuit_wires_float_is_rejected():
    with raises(errors.WireError, ValueError, match=r"wires=N"):
        qj.circuit(lambda: qj.probs(), wires=2.0)


def test_probs_of_no_wires():
    with raises(errors.WireError, ValueError, match=r"qj\.probs needs at least one wire"):
        qj.probs(wires=[])


def test_density_matrix_of_no_wires():
    with raises(errors.WireError, ValueError, match=r"qj\.density_matrix needs at least one wire"):
        qj.density_matrix(wires=[])


# --- templates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "features, message",
    [
        (jnp.ones((2, 2)), r"got shape \(2, 2\); batch with jax\.vmap"),
        (jnp.ones(3), r"N <= 2 wires, got shape \(3,\)"),
        (jnp.float32(0.5), r"got shape \(\)"),
    ],
    ids=["batched", "too-many", "scalar"],
)
def test_angle_embedding_with_bad_features(features, message):
    def body():
        qj.templates.AngleEmbedding(features, wires=[0, 1])
        return qj.probs()

    with raises(
        errors.ParameterError,
        ValueError,
        match=r"AngleEmbedding features must have shape \(N,\).*" + message,
    ):
        run(body)


@pytest.mark.parametrize(
    "template, data",
    [
        (qj.templates.AngleEmbedding, jnp.ones(2)),
        (qj.templates.BasicEntanglerLayers, jnp.ones((1, 2))),
    ],
    ids=["AngleEmbedding", "BasicEntanglerLayers"],
)
def test_template_with_a_bad_rotation(template, data):
    with raises(
        errors.ParameterError,
        ValueError,
        match=rf"{template.__name__} rotation must be 'X', 'Y' or 'Z', got 'W'",
    ):
        run(probs_after(lambda: template(data, wires=[0, 1], rotation="W")))


def test_template_with_repeated_wires():
    with raises(errors.WireError, ValueError, match=r"AngleEmbedding acts on distinct wires"):
        run(probs_after(lambda: qj.templates.AngleEmbedding(jnp.ones(2), wires=[0, 0])))


@pytest.mark.parametrize(
    "weights, shape",
    [
        (jnp.ones(2), r"\(2,\)"),
        (jnp.ones((1, 3)), r"\(1, 3\)"),
        (jnp.ones((4, 1, 2)), r"\(4, 1, 2\)"),
    ],
    ids=["unlayered", "too-wide", "batched"],
)
def test_basic_entangler_layers_with_bad_weights(weights, shape):
    with raises(
        errors.ParameterError,
        ValueError,
        match=rf"BasicEntanglerLayers weights must have shape \(layers, 2\), got {shape}",
    ):
        run(probs_after(lambda: qj.templates.BasicEntanglerLayers(weights, wires=[0, 1])))


def test_basic_entangler_layers_accepts_nested_lists():
    weights = [[0.1, 0.2], [0.3, 0.4]]

    def body(w):
        qj.templates.BasicEntanglerLayers(w, wires=[0, 1])
        return qj.probs()

    np.testing.assert_allclose(
        run(body, weights), run(body, jnp.asarray(weights, jnp.float32)), rtol=1e-5
    )


# --- immutability -------------------------------------------------------------------------


OPERATORS = {
    "RX": lambda: qj.RX(0.1, wires=0),
    "CNOT": lambda: qj.CNOT(wires=[0, 1]),
    "ctrl": lambda: qj.ctrl(qj.RY(0.2, wires=1), control=0),
    "adjoint": lambda: qj.adjoint(qj.ISWAP(wires=[0, 1])),
    "MultiControlledX": lambda: qj.MultiControlledX(wires=[0, 1, 2]),
    "QubitUnitary": lambda: qj.QubitUnitary(jnp.eye(2), wires=0),
    "StatePrep": lambda: qj.StatePrep(jnp.array([0.0, 1.0]), wires=0),
    "Hermitian": lambda: qj.Hermitian(jnp.eye(2), wires=0),
    "Prod": lambda: qj.X(0) @ qj.Z(1),
    "SProd": lambda: 0.5 * qj.X(0),
    "Sum": lambda: qj.X(0) + qj.Z(1),
}


@pytest.mark.parametrize("make", OPERATORS.values(), ids=OPERATORS.keys())
@pytest.mark.parametrize("attribute", ["wires", "params", "name_it_anything"])
def test_operators_are_immutable(make, attribute):
    op = make()
    before = (op.wires, op.params)
    with pytest.raises(AttributeError, match=r"is immutable; create a new operator instead"):
        setattr(op, attribute, (7,))
    assert (op.wires, op.params) == before


def test_recorded_circuits_are_immutable():
    recorded = qj.record(probs_after(lambda: qj.X(0)), wires=1)()
    with pytest.raises(AttributeError):
        recorded.wires = (1,)  # type: ignore[misc]


def test_operator_attributes_cannot_be_deleted():
    op = qj.RX(0.1, wires=0)
    with pytest.raises(AttributeError, match=r"immutable"):
        del op.params


def test_measurements_are_immutable():
    measurement = qj.probs(wires=[0])
    with pytest.raises(AttributeError):
        measurement.wires = (1,)
