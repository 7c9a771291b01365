"""Mid-circuit measurements, resets, postselection and classically controlled gates.

The oracle is a NumPy branching simulation written independently of qjax's
deferred measurements: each measurement splits every branch (an unnormalised
pure state with its outcomes) into its two projections, a conditioned gate
acts on the branches whose outcomes meet the condition, and the final density
matrix is the sum over branches (renormalised after postselection).
"""

import dataclasses
from typing import Any

import jax
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close
from hypothesis import given
from hypothesis import strategies as st

import noise_oracle
import oracle
import qjax as qj
from qjax.errors import CircuitError, DifferentiationError

# ---------------------------------------------------------------------------
# The branching oracle

Branch = tuple[np.ndarray, dict[int, int]]


def _project(state: np.ndarray, wire: int, bit: int, n: int) -> np.ndarray:
    projector = np.diag([1.0, 0.0] if bit == 0 else [0.0, 1.0])
    return oracle.apply(state, projector, [wire], n)


@dataclasses.dataclass(frozen=True)
class Measure:
    wire: int
    reset: bool = False
    postselect: int | None = None


@dataclasses.dataclass(frozen=True)
class Cond:
    """``gate`` (name, params, wires) applied where ``rule(outcomes)`` holds."""

    measurements: tuple[int, ...]
    table: tuple[int, ...]
    gate: tuple[str, tuple[float, ...], tuple[int, ...]]


def branch_oracle(n: int, steps: list) -> np.ndarray:
    """The final density matrix of ``steps`` (gates, Measure, Cond), by explicit branching."""
    start = np.zeros(2**n, complex)
    start[0] = 1
    branches: list[Branch] = [(start, {})]
    measured = 0
    for step in steps:
        if isinstance(step, Measure):
            split = []
            for state, bits in branches:
                for bit in (0, 1):
                    if step.postselect is not None and bit != step.postselect:
                        continue
                    part = _project(state, step.wire, bit, n)
                    if step.reset and bit == 1:
                        part = oracle.apply(part, oracle.gate_matrix("X"), [step.wire], n)
                    split.append((part, {**bits, measured: bit}))
            branches = split
            measured += 1
        elif isinstance(step, Cond):
            name, params, wires = step.gate
            matrix = oracle.gate_matrix(name, params)
            updated = []
            for state, bits in branches:
                index = int("".join(str(bits[m]) for m in step.measurements), 2)
                if step.table[index]:
                    state = oracle.apply(state, matrix, wires, n)
                updated.append((state, bits))
            branches = updated
        else:
            name, params, wires = step
            branches = [
                (oracle.apply(s, oracle.gate_matrix(name, params), wires, n), b)
                for s, b in branches
            ]
    rho = sum(noise_oracle.pure_density(state) for state, _ in branches)
    return rho / np.real(np.trace(rho))


def run_steps(steps: list) -> None:
    """Records ``steps`` with qjax's measure and cond."""
    values: list[Any] = []
    for step in steps:
        if isinstance(step, Measure):
            values.append(qj.measure(step.wire, reset=step.reset, postselect=step.postselect))
        elif isinstance(step, Cond):
            ids = tuple(values[m].ids[0] for m in step.measurements)
            condition = qj.ops.MeasurementValue(ids, step.table)
            name, params, wires = step.gate
            qj.cond(condition, getattr(qj, name))(*params, wires=wires)
        else:
            name, params, wires = step
            getattr(qj, name)(*params, wires=wires)


ONE_QUBIT = ["H", "X", "RX", "RY", "S"]


@st.composite
def measured_circuits(draw: st.DrawFn) -> tuple[int, list]:
    n = draw(st.integers(2, 3))
    steps: list = []
    measurements = 0
    for _ in range(draw(st.integers(2, 7))):
        choice = draw(st.sampled_from(["gate", "cnot", "measure", "cond"]))
        wire = draw(st.integers(0, n - 1))
        if choice == "gate" or (choice == "cond" and measurements == 0):
            name = draw(st.sampled_from(ONE_QUBIT))
            params = (draw(st.floats(-3, 3)),) if name in ("RX", "RY") else ()
            steps.append((name, params, (wire,)))
        elif choice == "cnot":
            target = (wire + 1) % n
            steps.append(("CNOT", (), (wire, target)))
        elif choice == "measure" and measurements < 3:
            reset = draw(st.booleans())
            steps.append(Measure(wire, reset))
            measurements += 1
        elif choice == "cond":
            count = draw(st.integers(1, measurements))
            chosen = tuple(draw(st.permutations(range(measurements)))[:count])
            table = tuple(
                draw(st.lists(st.sampled_from((0, 1)), min_size=2**count, max_size=2**count))
            )
            name = draw(st.sampled_from(ONE_QUBIT))
            params = (draw(st.floats(-3, 3)),) if name in ("RX", "RY") else ()
            steps.append(Cond(chosen, table, (name, params, (wire,))))
    return n, steps


@pytest.mark.parametrize("method", ["statevector", "density"])
@given(circuit=measured_circuits())
def test_random_measured_circuits_match_the_branching_oracle(method, circuit):
    n, steps = circuit

    def program():
        run_steps(steps)
        return qj.density_matrix(wires=list(range(n))), qj.probs(), qj.expval(qj.X(0) @ qj.Z(1))

    rho, probs, value = qj.circuit(program, wires=n, method=method)()
    expected = branch_oracle(n, steps)
    assert_close(rho, expected)
    assert_close(probs, np.real(np.diag(expected)))
    xz = oracle.embed(np.kron(oracle.gate_matrix("X"), oracle.gate_matrix("Z")), [0, 1], n)
    assert_close(value, noise_oracle.expval_density(expected, xz))


# ---------------------------------------------------------------------------
# Fixed protocols


def _teleport(angles):
    qj.U3(*angles, wires=0)
    qj.H(1)
    qj.CNOT(wires=[1, 2])
    qj.CNOT(wires=[0, 1])
    qj.H(0)
    m0 = qj.measure(0)
    m1 = qj.measure(1)
    qj.cond(m1, qj.X)(wires=2)
    qj.cond(m0, qj.Z)(wires=2)
    return qj.density_matrix(wires=[2])


@pytest.mark.parametrize("transform", TRANSFORMS)
def test_teleportation_moves_the_state(transform):
    angles = np.array([0.7, 1.9, -0.4])
    teleported = TRANSFORMS[transform](qj.circuit(_teleport, wires=3))(angles)
    state = oracle.gate_matrix("U3", angles)[:, 0]
    assert_close(teleported, noise_oracle.pure_density(state))


def test_teleportation_under_vmap_and_every_gradient_method(x64):
    angles = np.array([[0.7, 1.9, -0.4], [2.0, 0.1, 0.5]])
    batched = jax.vmap(qj.circuit(_teleport, wires=3))(angles)
    for rho, row in zip(batched, angles, strict=True):
        assert_close(rho, noise_oracle.pure_density(oracle.gate_matrix("U3", row)[:, 0]))

    def _teleported_z(angles):
        _teleport(angles)
        return qj.expval(qj.Z(2))

    expected = -np.sin(0.7)  # d cos(theta) / d theta
    for diff_method in ["backprop", "adjoint", "parameter-shift", "finite-diff"]:
        circuit = qj.circuit(_teleported_z, wires=3, diff_method=diff_method)
        gradient = jax.grad(circuit)(np.array([0.7, 1.9, -0.4]))
        np.testing.assert_allclose(gradient, [expected, 0, 0], atol=1e-6)


def test_reset_returns_the_wire_to_zero():
    def f():
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        qj.measure(0, reset=True)
        return qj.probs(wires=[0]), qj.probs(wires=[1])

    zero, other = qj.circuit(f, wires=2)()
    assert_close(zero, [1.0, 0.0])
    assert_close(other, [0.5, 0.5])


def test_postselection_conditions_every_result_and_keeps_the_state_pure():
    def f(theta):
        qj.RY(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        qj.measure(0, postselect=1)
        return qj.state(), qj.probs(wires=[1])

    state, probs = qj.circuit(f, wires=2)(0.8)
    assert_close(np.abs(np.asarray(state)) ** 2, [0, 0, 0, 1])
    assert_close(probs, [0, 1])
    density = qj.circuit(f, wires=2, method="density")(0.8)[1]
    assert_close(density, [0, 1])


def test_postselected_outcome_drives_conditions_statically():
    def f():
        qj.H(0)
        m = qj.measure(0, postselect=0, reset=True)
        qj.cond(m == 0, qj.X)(wires=1)
        qj.cond(m, qj.X, qj.H)(wires=0)
        return qj.probs()

    assert_close(qj.circuit(f, wires=2)(), [0, 0.5, 0, 0.5])


def test_false_branch_and_combined_outcomes():
    def f():
        qj.H(0)
        qj.H(1)
        m0, m1 = qj.measure(0), qj.measure(1)
        qj.cond(m0 ^ m1, qj.X)(wires=2)
        qj.cond(m0 & m1, qj.X, qj.H)(wires=3)
        return qj.density_matrix(wires=[0, 1, 2, 3])

    steps = [
        ("H", (), (0,)),
        ("H", (), (1,)),
        Measure(0),
        Measure(1),
        Cond((0, 1), (0, 1, 1, 0), ("X", (), (2,))),
        Cond((0, 1), (0, 0, 0, 1), ("X", (), (3,))),
        Cond((0, 1), (1, 1, 1, 0), ("H", (), (3,))),
    ]
    assert_close(qj.circuit(f, wires=4)(), branch_oracle(4, steps))


def test_measurement_values_combine_into_tables():
    m0, m1 = qj.measure(0), qj.measure(1)
    assert (m0 + m1).table == (0, 1, 1, 2)
    assert (2 * m0 - m1).table == (0, -1, 2, 1)
    assert (m0 | m1).table == (0, 1, 1, 1)
    assert (~m0).table == (1, 0)
    assert (m0 != 1).table == (1, 0)
    with pytest.raises(CircuitError, match=r"qj\.cond"):
        bool(m0)


def test_sampled_mid_circuit_outcomes_are_per_shot_and_reproducible():
    @qj.circuit(wires=3, shots=4000)
    def f(theta):
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        qj.RY(theta, wires=1)
        m = qj.measure(1)
        qj.cond(m, qj.X)(wires=2)
        qj.DepolarizingChannel(0.01, wires=0)
        return qj.sample(), qj.counts(), qj.expval(qj.Z(0))

    key = jax.random.key(0)
    samples, counts, value = f(0.3, key=key)
    jitted = jax.jit(f)(0.3, key=key)
    for got, want in zip(jitted, (samples, counts, value), strict=True):
        np.testing.assert_array_equal(got, want)
    assert samples.shape == (4000, 3)
    # wire 2 copies wire 1's outcome in every shot
    np.testing.assert_array_equal(samples[:, 2], samples[:, 1])
    expected = qj.circuit(lambda t: _probs_of(f.fn, t), wires=3)(0.3)
    frequencies = np.asarray(counts) / 4000
    bound = 5 * np.sqrt(np.asarray(expected) * (1 - np.asarray(expected)) / 4000) + 1e-9
    assert np.all(np.abs(frequencies - np.asarray(expected)) <= bound)
    keys = jax.random.split(key, 3)
    assert jax.vmap(lambda k: f(0.3, key=k)[2])(keys).shape == (3,)


def _probs_of(fn, theta):
    fn(theta)
    return qj.probs()


def test_trajectories_draw_outcomes_and_average_to_the_exact_result():
    def f(theta):
        qj.RY(theta, wires=0)
        m = qj.measure(0, reset=True)
        qj.cond(m, qj.RX)(1.1, wires=1)
        return qj.expval(qj.Z(1)), qj.probs(wires=[0])

    exact = qj.circuit(f, wires=2)(0.9)
    run = qj.circuit(f, wires=2, method="trajectories")
    values, probs = jax.vmap(lambda k: run(0.9, key=k))(jax.random.split(jax.random.key(2), 4000))
    assert_close(probs, np.broadcast_to([1.0, 0.0], probs.shape))
    mean = float(np.mean(values))
    error = float(np.std(values)) / np.sqrt(4000)
    assert abs(mean - float(exact[0])) < 5 * error


def test_mid_circuit_measurement_errors_are_clear():
    def mixed_state():
        qj.H(0)
        qj.measure(0)
        return qj.state()

    with pytest.raises(CircuitError, match="density_matrix"):
        qj.circuit(mixed_state, wires=1)()
    with pytest.raises(CircuitError, match="noise channels and mid-circuit"):
        qj.circuit(
            lambda: (qj.cond(qj.measure(0), qj.BitFlip)(0.1, wires=1), qj.probs())[1], wires=2
        )()
    with pytest.raises(qj.errors.ParameterError, match="postselect"):
        qj.measure(0, postselect=2)

    def postselected():
        qj.H(0)
        qj.measure(0, postselect=1)
        return qj.expval(qj.Z(0))

    with pytest.raises(CircuitError, match="postselection"):
        qj.circuit(postselected, wires=1, method="trajectories")(key=jax.random.key(0))
    shifted = qj.circuit(
        lambda t: (qj.RX(t, wires=0), postselected())[1], wires=1, diff_method="parameter-shift"
    )
    with pytest.raises(DifferentiationError, match="postselected"):
        jax.grad(shifted)(0.3)
    adjoint = qj.circuit(
        lambda t: (qj.RX(t, wires=0), postselected())[1], wires=1, diff_method="adjoint"
    )
    with pytest.raises(DifferentiationError, match="not unitary"):
        jax.grad(adjoint)(0.3)


# ---------------------------------------------------------------------------
# Statistics of the outcomes themselves


def _outcome_statistics(theta):
    qj.RY(theta, wires=0)
    qj.CNOT(wires=[0, 1])
    m0 = qj.measure(0)
    m1 = qj.measure(1, reset=True)
    return (
        qj.expval(m0),
        qj.var(2 * m0 - m1),
        qj.probs(op=m0),
        qj.probs(op=[m1, m0]),
        qj.expval(qj.Z(1)),
    )


@pytest.mark.parametrize("method", ["statevector", "density"])
@pytest.mark.parametrize("transform", TRANSFORMS)
def test_outcome_statistics_are_exact(method, transform):
    theta = 0.9
    p1 = np.sin(theta / 2) ** 2
    run = TRANSFORMS[transform](qj.circuit(_outcome_statistics, wires=2, method=method))
    mean, variance, probs, joint, z1 = run(theta)
    # the outcomes agree: 2 m0 - m1 = m0
    assert_close(mean, p1)
    assert_close(variance, p1 * (1 - p1))
    assert_close(probs, [1 - p1, p1])
    assert_close(joint, [1 - p1, 0, 0, p1])
    assert_close(z1, 1.0)


def test_outcome_statistics_gradients(x64):
    for diff_method in ["backprop", "adjoint", "parameter-shift"]:
        run = qj.circuit(_outcome_statistics, wires=2, diff_method=diff_method)
        gradient = jax.grad(lambda t, run=run: run(t)[0])(0.9)
        np.testing.assert_allclose(gradient, np.sin(0.9) / 2, atol=1e-8)


def test_outcome_samples_are_per_shot_bits():
    @qj.circuit(wires=2, shots=2000)
    def f():
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        m = qj.measure(0)
        return qj.sample(m), qj.sample([m]), qj.counts(op=m), qj.sample(wires=[1]), qj.expval(m)

    bits, column, counts, terminal, mean = f(key=jax.random.key(4))
    assert bits.shape == (2000,) and column.shape == (2000, 1)
    np.testing.assert_array_equal(bits, column[:, 0])
    np.testing.assert_array_equal(bits, terminal[:, 0])  # the measured wire keeps its outcome
    assert int(counts.sum()) == 2000 and int(counts[1]) == int(bits.sum())
    assert_close(mean, bits.mean())


def test_outcome_statistics_errors():
    def expression():
        m0, m1 = qj.measure(0), qj.measure(1)
        return qj.probs(op=m0 + m1)

    with pytest.raises(qj.errors.OperatorTypeError, match="not expressions"):
        qj.circuit(expression, wires=2)()

    def postselected():
        m = qj.measure(0, postselect=0)
        return qj.expval(m)

    with pytest.raises(CircuitError, match="fixed by the postselection"):
        qj.circuit(postselected, wires=1)()

    def drawn():
        return qj.expval(qj.measure(0))

    with pytest.raises(CircuitError, match="a trajectory draws"):
        qj.circuit(drawn, wires=1, method="trajectories")(key=jax.random.key(0))

    def foreign():
        return qj.probs(wires=[qj.ops.OutcomeWire(10**9)])

    with pytest.raises(qj.errors.WireError, match="not in the circuit's wires"):
        qj.circuit(foreign, wires=1)()


def test_measure_and_cond_equal_the_written_out_deferred_circuit(x64):
    def measured(theta):
        qj.RY(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        m = qj.measure(0, reset=True)
        qj.cond(m, qj.RX)(0.7, wires=1)
        qj.H(0)
        return qj.expval(qj.Z(0) @ qj.X(1)), qj.probs(wires=[0, 1])

    def deferred(theta):
        qj.RY(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        qj.CNOT(wires=[0, "m"])
        qj.CNOT(wires=["m", 0])
        qj.CRX(0.7, wires=["m", 1])
        qj.H(0)
        return qj.expval(qj.Z(0) @ qj.X(1)), qj.probs(wires=[0, 1])

    got = qj.circuit(measured, wires=2)
    want = qj.circuit(deferred, wires=[0, 1, "m"])
    for a, b in zip(got(1.2), want(1.2), strict=True):
        assert_close(a, b)
    assert_close(jax.grad(lambda t: got(t)[0])(1.2), jax.grad(lambda t: want(t)[0])(1.2))
