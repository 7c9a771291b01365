"""Random circuits over the whole gate set against the dense NumPy oracle.

Hypothesis draws the number of qubits, an optional state preparation, up to
a dozen gates on random distinct wires with random parameters, and the
measurements; qjax's state, marginal probabilities, expectation values and
variances must equal the oracle's. Circuits are evaluated eagerly (a new
structure per example would mean a new compilation per example); the jitted
path, in complex64 and complex128, gets one fixed structure with random
numbers, compiled once.
"""

import dataclasses
from collections.abc import Sequence
from typing import Any

import chex
import jax
import numpy as np
from helpers import assert_close
from hypothesis import given
from hypothesis import strategies as st

import oracle
import qjax as qj

MAX_WIRES = 5
MAX_GATES = 12

ANGLES = st.floats(-2 * np.pi, 2 * np.pi, allow_nan=False, allow_infinity=False)
SEEDS = st.integers(0, 2**32 - 1)

# Variable-size gates: the range of their number of wires on n qubits.
_VARIABLE = {
    "I": lambda n: (1, n),
    "MultiRZ": lambda n: (1, n),
    "PauliRot": lambda n: (1, n),
    "MultiControlledX": lambda n: (2, n),
    "GlobalPhase": lambda n: (0, n),
    "QubitUnitary": lambda n: (1, min(n, 3)),
    "ControlledQubitUnitary": lambda n: (2, n),
    "DiagonalQubitUnitary": lambda n: (1, min(n, 3)),
}
GATE_NAMES = sorted(set(oracle.GATES) | set(_VARIABLE))


@dataclasses.dataclass(frozen=True)
class Gate:
    """One drawn gate: enough to build it in qjax and in the oracle."""

    name: str
    wires: tuple[int, ...]
    params: tuple[Any, ...] = ()
    hyper: tuple[tuple[str, Any], ...] = ()

    def apply(self) -> None:
        """Records the gate on the current circuit."""
        hyper = dict(self.hyper)
        if self.name == "PauliRot":
            qj.PauliRot(*self.params, hyper["word"], wires=self.wires)
        elif self.name in ("MultiControlledX", "ControlledQubitUnitary"):
            getattr(qj, self.name)(*self.params, wires=self.wires, **hyper)
        else:
            getattr(qj, self.name)(*self.params, wires=self.wires)

    def matrix(self) -> np.ndarray:
        """The oracle's matrix, in the order of ``wires``."""
        k = len(self.wires)
        hyper = dict(self.hyper)
        if self.name == "I":
            return np.eye(2**k, dtype=np.complex128)
        if self.name == "QubitUnitary":
            return self.params[0]
        if self.name == "DiagonalQubitUnitary":
            return np.diag(self.params[0])
        if self.name == "ControlledQubitUnitary":
            (unitary,) = self.params
            targets = unitary.shape[0].bit_length() - 1
            return oracle.controlled(unitary, k - targets, hyper["control_values"])
        if self.name in ("MultiRZ", "MultiControlledX", "GlobalPhase"):
            return oracle.gate_matrix(self.name, self.params, num_wires=k, **hyper)
        return oracle.gate_matrix(self.name, self.params, **hyper)


def _control_values(draw: st.DrawFn, count: int) -> tuple[int, ...] | None:
    return draw(st.none() | st.tuples(*[st.sampled_from((0, 1))] * count))


def _fits(name: str, num_wires: int) -> bool:
    if name in _VARIABLE:
        return _VARIABLE[name](num_wires)[0] <= num_wires
    return oracle.GATES[name][1] <= num_wires


@st.composite
def gates(draw: st.DrawFn, num_wires: int, name: str) -> Gate:
    """A random ``name`` gate on distinct random wires of ``num_wires`` qubits."""
    n = num_wires
    if name in _VARIABLE:
        low, high = _VARIABLE[name](n)
        k = draw(st.integers(low, high))
    else:
        k = oracle.GATES[name][1]
    wires = tuple(draw(st.permutations(range(n)))[:k])
    if name == "PauliRot":
        word = "".join(draw(st.lists(st.sampled_from("IXYZ"), min_size=k, max_size=k)))
        return Gate(name, wires, (draw(ANGLES),), (("word", word),))
    if name == "MultiControlledX":
        return Gate(name, wires, (), (("control_values", _control_values(draw, k - 1)),))
    if name == "QubitUnitary":
        unitary = oracle.random_unitary(2**k, np.random.default_rng(draw(SEEDS)))
        return Gate(name, wires, (unitary,))
    if name == "ControlledQubitUnitary":
        targets = draw(st.integers(1, min(2, k - 1)))
        unitary = oracle.random_unitary(2**targets, np.random.default_rng(draw(SEEDS)))
        values = _control_values(draw, k - targets)
        return Gate(name, wires, (unitary,), (("control_values", values),))
    if name == "DiagonalQubitUnitary":
        phases = draw(st.lists(ANGLES, min_size=2**k, max_size=2**k))
        return Gate(name, wires, (np.exp(1j * np.array(phases)),))
    num_params = oracle.GATES[name][0]
    return Gate(
        name, wires, tuple(draw(st.lists(ANGLES, min_size=num_params, max_size=num_params)))
    )


@dataclasses.dataclass(frozen=True)
class Preparation:
    """``StatePrep`` or ``BasisState`` on some wires, in a random order."""

    name: str
    wires: tuple[int, ...]
    vector: np.ndarray

    def apply(self) -> None:
        if self.name == "StatePrep":
            qj.StatePrep(self.vector, wires=self.wires)
        else:
            qj.BasisState(self.bits, wires=self.wires)

    @property
    def bits(self) -> np.ndarray:
        index = int(np.argmax(np.abs(self.vector)))
        return np.array([(index >> (len(self.wires) - 1 - i)) & 1 for i in range(len(self.wires))])


@st.composite
def preparations(draw: st.DrawFn, num_wires: int) -> Preparation | None:
    kind = draw(st.sampled_from([None, "StatePrep", "BasisState"]))
    if kind is None:
        return None
    k = draw(st.integers(1, num_wires))
    wires = tuple(draw(st.permutations(range(num_wires)))[:k])
    if kind == "StatePrep":
        vector = oracle.random_state(k, np.random.default_rng(draw(SEEDS)))
    else:
        vector = np.eye(2**k, dtype=np.complex128)[draw(st.integers(0, 2**k - 1))]
    return Preparation(kind, wires, vector)


def _initial_state(preparation: Preparation | None, num_wires: int) -> np.ndarray:
    """``vector`` on the prepared wires (first listed most significant), ``|0>`` elsewhere."""
    state = np.zeros(2**num_wires, dtype=np.complex128)
    if preparation is None:
        state[0] = 1
        return state
    k = len(preparation.wires)
    for sub, amplitude in enumerate(preparation.vector):
        index = 0
        for position, wire in enumerate(preparation.wires):
            bit = (sub >> (k - 1 - position)) & 1
            index |= bit << (num_wires - 1 - wire)
        state[index] = amplitude
    return state


_LETTERS = "IXYZH"


@dataclasses.dataclass(frozen=True)
class Word:
    """``coeff`` times a tensor product of I, X, Y, Z, H on distinct wires."""

    coeff: float
    letters: tuple[tuple[int, str], ...]

    def build(self) -> qj.ops.Operator:
        factors = [getattr(qj, letter)(wire) for wire, letter in self.letters]
        product = factors[0]
        for factor in factors[1:]:
            product = product @ factor
        return self.coeff * product

    def matrix(self, num_wires: int) -> np.ndarray:
        local = np.ones((1, 1), dtype=np.complex128)
        for _, letter in self.letters:
            local = np.kron(local, oracle.gate_matrix(letter))
        wires = [wire for wire, _ in self.letters]
        return self.coeff * oracle.embed(local, wires, num_wires)


@st.composite
def words(draw: st.DrawFn, num_wires: int) -> Word:
    k = draw(st.integers(1, num_wires))
    wires = draw(st.permutations(range(num_wires)))[:k]
    letters = draw(st.lists(st.sampled_from(_LETTERS), min_size=k, max_size=k))
    coeff = draw(st.floats(-1, 1, allow_nan=False))
    return Word(coeff, tuple(zip(wires, letters, strict=True)))


@dataclasses.dataclass(frozen=True)
class HermitianObservable:
    """A random Hermitian matrix of spectral norm 1 on one or two wires."""

    wires: tuple[int, ...]
    matrix_: np.ndarray

    def build(self) -> qj.ops.Operator:
        return qj.Hermitian(self.matrix_, wires=self.wires)

    def matrix(self, num_wires: int) -> np.ndarray:
        return oracle.embed(self.matrix_, self.wires, num_wires)


@st.composite
def hermitians(draw: st.DrawFn, num_wires: int) -> HermitianObservable:
    k = draw(st.integers(1, min(2, num_wires)))
    wires = tuple(draw(st.permutations(range(num_wires)))[:k])
    rng = np.random.default_rng(draw(SEEDS))
    matrix = rng.normal(size=(2**k, 2**k)) + 1j * rng.normal(size=(2**k, 2**k))
    matrix = matrix + matrix.conj().T
    return HermitianObservable(wires, matrix / np.abs(np.linalg.eigvalsh(matrix)).max())


@dataclasses.dataclass(frozen=True)
class Hamiltonian:
    """A weighted sum of Pauli words (several measurement groups, as a rule)."""

    terms: tuple[Word, ...]

    def build(self) -> qj.ops.Operator:
        total = self.terms[0].build()
        for term in self.terms[1:]:
            total = total + term.build()
        return total

    def matrix(self, num_wires: int) -> np.ndarray:
        return sum(term.matrix(num_wires) for term in self.terms)


@dataclasses.dataclass(frozen=True)
class RandomCircuit:
    num_wires: int
    preparation: Preparation | None
    gates: tuple[Gate, ...]
    probs_wires: tuple[int, ...]
    observables: tuple[Any, ...]

    def run(self) -> tuple[jax.Array, ...]:
        """Simulates the circuit eagerly with qjax."""

        def program() -> tuple[Any, ...]:
            if self.preparation is not None:
                self.preparation.apply()
            for gate in self.gates:
                gate.apply()
            measurements = [qj.state(), qj.probs(wires=self.probs_wires)]
            for observable in self.observables:
                measurements += [qj.expval(observable.build()), qj.var(observable.build())]
            return tuple(measurements)

        return qj.circuit(program, wires=self.num_wires)()

    def expected(self) -> tuple[np.ndarray, ...]:
        """The same results from the oracle."""
        n = self.num_wires
        state = _initial_state(self.preparation, n)
        for gate in self.gates:
            state = oracle.apply(state, gate.matrix(), gate.wires, n)
        results = [state, oracle.probs(state, self.probs_wires, n)]
        for observable in self.observables:
            matrix = observable.matrix(n)
            results += [oracle.expval(state, matrix), oracle.var(state, matrix)]
        return tuple(results)


@st.composite
def circuits(draw: st.DrawFn) -> RandomCircuit:
    n = draw(st.sampled_from(range(1, MAX_WIRES + 1)))
    preparation = draw(preparations(n))
    # Distinct gate names: hypothesis repeats a sampled value often, and 40 examples of
    # repeated gates leave much of the gate set out.
    fitting = [name for name in GATE_NAMES if _fits(name, n)]
    names = draw(st.lists(st.sampled_from(fitting), min_size=1, max_size=MAX_GATES, unique=True))
    drawn = tuple(draw(gates(n, name)) for name in names)
    probs_wires = tuple(draw(st.permutations(range(n)))[: draw(st.integers(1, n))])
    hamiltonian = Hamiltonian(tuple(draw(st.lists(words(n), min_size=2, max_size=3))))
    observables = (draw(words(n)), draw(hermitians(n)), hamiltonian)
    return RandomCircuit(n, preparation, drawn, probs_wires, observables)


def _check(circuit: RandomCircuit) -> None:
    state, probs, *moments = circuit.run()
    expected_state, expected_probs, *expected_moments = circuit.expected()
    assert state.dtype == jax.dtypes.canonicalize_dtype(np.complex128)
    assert state.shape == (2**circuit.num_wires,)
    assert probs.shape == (2 ** len(circuit.probs_wires),)
    assert_close(np.linalg.norm(np.asarray(state)), 1.0)
    assert_close(state, expected_state)
    assert_close(probs, expected_probs)
    for got, want in zip(moments, expected_moments, strict=True):
        assert np.shape(got) == ()
        assert_close(got, want)


@given(circuits())
def test_random_circuit_matches_oracle(circuit: RandomCircuit) -> None:
    _check(circuit)


# ---------------------------------------------------------------------------
# One fixed structure, jitted once: random numbers, no new compilation


def _layer(angles: jax.Array, unitary: jax.Array, state: jax.Array) -> None:
    qj.StatePrep(state, wires=[2, 0, 3, 1])
    qj.RX(angles[0], wires=3)
    qj.U3(angles[1], angles[2], angles[3], wires=0)
    qj.CRot(angles[4], angles[5], angles[6], wires=[2, 0])
    qj.PauliRot(angles[7], "XIYZ", wires=[1, 3, 0, 2])
    qj.IsingXY(angles[8], wires=[3, 1])
    qj.QubitUnitary(unitary, wires=[1, 3])
    qj.MultiControlledX(wires=[0, 3, 2], control_values=[0, 1])
    qj.ctrl(qj.GlobalPhase(angles[9]), control=[1, 2], control_values=[1, 0])
    qj.MultiRZ(angles[10], wires=[3, 0, 1])


def _layer_matrix(angles: np.ndarray, unitary: np.ndarray) -> list[tuple[np.ndarray, list[int]]]:
    phase = oracle.gate_matrix("GlobalPhase", angles[9:10], num_wires=0)
    return [
        (oracle.gate_matrix("RX", angles[0:1]), [3]),
        (oracle.gate_matrix("U3", angles[1:4]), [0]),
        (oracle.gate_matrix("CRot", angles[4:7]), [2, 0]),
        (oracle.gate_matrix("PauliRot", angles[7:8], word="XIYZ"), [1, 3, 0, 2]),
        (oracle.gate_matrix("IsingXY", angles[8:9]), [3, 1]),
        (unitary, [1, 3]),
        (oracle.gate_matrix("MultiControlledX", num_wires=3, control_values=(0, 1)), [0, 3, 2]),
        (oracle.controlled(phase, 2, (1, 0)), [1, 2]),
        (oracle.gate_matrix("MultiRZ", angles[10:11], num_wires=3), [3, 0, 1]),
    ]


@qj.circuit(wires=4)
def _fixed_structure(
    angles: jax.Array, unitary: jax.Array, state: jax.Array, observable: jax.Array
) -> tuple[Any, ...]:
    _layer(angles, unitary, state)
    return (
        qj.state(),
        qj.probs(wires=[3, 1]),
        qj.expval(qj.Hermitian(observable, wires=[0, 2])),
        qj.var(qj.X(1) @ qj.Y(3) - 0.5 * qj.Z(0)),
    )


@jax.jit
@chex.assert_max_traces(n=1)
def _fixed_structure_jit(
    angles: jax.Array, unitary: jax.Array, state: jax.Array, observable: jax.Array
) -> tuple[jax.Array, ...]:
    """``_fixed_structure`` compiled once for every example: new numbers never retrace."""
    return _fixed_structure(angles, unitary, state, observable)


@jax.jit
@chex.assert_max_traces(n=1)
def _fixed_structure_jit_x64(
    angles: jax.Array, unitary: jax.Array, state: jax.Array, observable: jax.Array
) -> tuple[jax.Array, ...]:
    """The same, for 64-bit types (its own compilation, also made once)."""
    return _fixed_structure(angles, unitary, state, observable)


def _check_fixed_structure(run: Any, angles: Sequence[float], seed: int) -> None:
    rng = np.random.default_rng(seed)
    angles = np.array(angles)
    unitary = oracle.random_unitary(4, rng)
    prepared = oracle.random_state(4, rng)
    observable = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    observable = (observable + observable.conj().T) / 4
    state, probs, expval, var = run(angles, unitary, prepared, observable)
    assert state.dtype == jax.dtypes.canonicalize_dtype(np.complex128)

    # StatePrep on [2, 0, 3, 1]: the first bit of the prepared vector's index is wire 2.
    expected = _initial_state(Preparation("StatePrep", (2, 0, 3, 1), prepared), 4)
    for matrix, wires in _layer_matrix(angles, unitary):
        expected = oracle.apply(expected, matrix, wires, 4)
    assert_close(state, expected)
    assert_close(probs, oracle.probs(expected, [3, 1], 4))
    assert_close(expval, oracle.expval(expected, oracle.embed(observable, [0, 2], 4)))
    pauli = oracle.embed(oracle.pauli_matrix("XY"), [1, 3], 4) - 0.5 * oracle.embed(
        oracle.pauli_matrix("Z"), [0], 4
    )
    assert_close(var, oracle.var(expected, pauli))


@given(st.lists(ANGLES, min_size=11, max_size=11), SEEDS)
def test_fixed_structure_jitted_with_random_numbers(angles: Sequence[float], seed: int) -> None:
    _check_fixed_structure(_fixed_structure_jit, angles, seed)


@given(st.lists(ANGLES, min_size=11, max_size=11), SEEDS)
def test_fixed_structure_jitted_with_random_numbers_x64(angles: Sequence[float], seed: int) -> None:
    # Not the x64 fixture: hypothesis runs every example inside one function-scoped fixture.
    with jax.enable_x64(True):
        _check_fixed_structure(_fixed_structure_jit_x64, angles, seed)
