"""Every gate of qjax's gate set against the dense NumPy oracle.

Each gate is checked where it can go wrong: its matrix, its action on a
random state of 4 to 6 qubits on many wire orders (eager and jitted), its
inverse, its generator, the kind of kernel it claims (diagonal, permutation,
controlled, sequence), ``qj.ctrl``/``qj.adjoint`` of gates and of functions,
and its pytree round trip. All expected values come from ``oracle``.
"""

import dataclasses
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import jax
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close, tolerance

import oracle
import qjax as qj
from qjax.ops import Adjoint, Controlled, Kind, NamedControlled, Operation, Operator

Params = tuple[Any, ...]
Wires = Sequence[int]


@dataclasses.dataclass(frozen=True)
class GateCase:
    """One gate configuration: how to draw its parameters, build it and what it must equal."""

    id: str
    num_wires: int
    sample: Callable[[np.random.Generator], Params]
    build: Callable[[Params, Wires], Operation]
    expected: Callable[[Params], np.ndarray]
    """The oracle's matrix, in the order of the gate's wires."""
    angles: bool = True
    """Whether the parameters are real angles (not matrices or diagonals)."""

    def __str__(self) -> str:
        return self.id


def _angles(count: int) -> Callable[[np.random.Generator], Params]:
    return lambda rng: tuple(float(x) for x in rng.uniform(-2 * np.pi, 2 * np.pi, size=count))


def _named(name: str) -> GateCase:
    """A gate of fixed size that the oracle knows by name (RX, CNOT, CRot, ...)."""
    num_params, num_wires = oracle.GATES[name]
    return GateCase(
        name,
        num_wires,
        _angles(num_params),
        lambda params, wires: getattr(qj, name)(*params, wires=wires),
        lambda params: oracle.gate_matrix(name, params),
    )


def _identity(k: int) -> GateCase:
    return GateCase(
        f"I-{k}",
        k,
        _angles(0),
        lambda params, wires: qj.I(wires=wires),
        lambda params: np.eye(2**k, dtype=np.complex128),
    )


def _multi_rz(k: int) -> GateCase:
    return GateCase(
        f"MultiRZ-{k}",
        k,
        _angles(1),
        lambda params, wires: qj.MultiRZ(params[0], wires=wires),
        lambda params: oracle.gate_matrix("MultiRZ", params, num_wires=k),
    )


def _pauli_rot(word: str) -> GateCase:
    return GateCase(
        f"PauliRot-{word}",
        len(word),
        _angles(1),
        lambda params, wires: qj.PauliRot(params[0], word, wires=wires),
        lambda params: oracle.gate_matrix("PauliRot", params, word=word),
    )


def _multi_controlled_x(k: int, control_values: tuple[int, ...] | None) -> GateCase:
    hyper = {} if control_values is None else {"control_values": control_values}
    label = "" if control_values is None else "-" + "".join(map(str, control_values))
    return GateCase(
        f"MultiControlledX-{k}{label}",
        k,
        _angles(0),
        lambda params, wires: qj.MultiControlledX(wires=wires, control_values=control_values),
        lambda params: oracle.gate_matrix("MultiControlledX", num_wires=k, **hyper),
    )


def _unitary(k: int) -> Callable[[np.random.Generator], Params]:
    return lambda rng: (oracle.random_unitary(2**k, rng),)


def _qubit_unitary(k: int) -> GateCase:
    return GateCase(
        f"QubitUnitary-{k}",
        k,
        _unitary(k),
        lambda params, wires: qj.QubitUnitary(params[0], wires=wires),
        lambda params: params[0],
        angles=False,
    )


def _controlled_qubit_unitary(
    targets: int, controls: int, control_values: tuple[int, ...] | None
) -> GateCase:
    label = "" if control_values is None else "-" + "".join(map(str, control_values))
    return GateCase(
        f"ControlledQubitUnitary-{controls}c{targets}t{label}",
        controls + targets,
        _unitary(targets),
        lambda params, wires: qj.ControlledQubitUnitary(
            params[0], wires=wires, control_values=control_values
        ),
        lambda params: oracle.controlled(params[0], controls, control_values),
        angles=False,
    )


def _diagonal_qubit_unitary(k: int) -> GateCase:
    return GateCase(
        f"DiagonalQubitUnitary-{k}",
        k,
        lambda rng: (np.exp(1j * rng.uniform(-np.pi, np.pi, size=2**k)),),
        lambda params, wires: qj.DiagonalQubitUnitary(params[0], wires=wires),
        lambda params: np.diag(params[0]),
        angles=False,
    )


def _global_phase(k: int) -> GateCase:
    return GateCase(
        f"GlobalPhase-{k}",
        k,
        _angles(1),
        lambda params, wires: qj.GlobalPhase(params[0], wires=tuple(wires)),
        lambda params: oracle.gate_matrix("GlobalPhase", params, num_wires=k),
    )


def _barrier(k: int, barrier: type = qj.Barrier) -> GateCase:
    return GateCase(
        f"{barrier.__name__}-{k}",
        k,
        _angles(0),
        lambda params, wires: barrier(wires=wires),
        lambda params: np.eye(2**k),
    )


FIXED_SIZE_GATES = [name for name, (_, num_wires) in oracle.GATES.items() if num_wires is not None]

PAULI_WORDS = [
    # one letter, two letters: a dense matrix (or a diagonal for I/Z-only words)
    *("X", "Y", "Z", "I", "XY", "ZX", "YI", "ZZ", "IZ", "II"),
    # three and four letters: I/Z-only words are diagonals, words with at most
    # PAULI_ROT_DENSE_MAX_WIRES active letters dense, the others a basis change
    # around a MultiRZ (Kind.SEQUENCE)
    *("ZIZ", "XIY", "XYZ", "YYY", "IZZI", "ZZZZ", "IXIY", "XIYZ", "YXZX"),
]

CASES = [
    *(_named(name) for name in FIXED_SIZE_GATES),
    _identity(2),
    _identity(3),
    *(_multi_rz(k) for k in (1, 2, 3, 4)),
    *(_pauli_rot(word) for word in PAULI_WORDS),
    _multi_controlled_x(2, None),
    _multi_controlled_x(2, (0,)),
    _multi_controlled_x(3, None),
    _multi_controlled_x(3, (0, 1)),
    _multi_controlled_x(4, (1, 0, 1)),
    _multi_controlled_x(4, (0, 0, 0)),
    *(_qubit_unitary(k) for k in (1, 2, 3)),
    _controlled_qubit_unitary(1, 1, None),
    _controlled_qubit_unitary(1, 2, (0, 1)),
    _controlled_qubit_unitary(2, 1, None),
    _controlled_qubit_unitary(2, 1, (0,)),
    *(_diagonal_qubit_unitary(k) for k in (1, 2, 3)),
    *(_global_phase(k) for k in (0, 1, 2)),
    *(_barrier(k) for k in (1, 3)),
    _barrier(2, qj.ops.MeasuredAtEnd),
]
CASE_BY_ID = {case.id: case for case in CASES}

X64_CASES = [
    CASE_BY_ID[name]
    for name in (
        "RX",
        "U3",
        "CRot",
        "IsingXY",
        "Toffoli",
        "MultiRZ-3",
        "PauliRot-ZX",
        "PauliRot-IZZI",
        "PauliRot-XIYZ",
        "QubitUnitary-3",
        "ControlledQubitUnitary-2c1t-01",
        "GlobalPhase-0",
    )
]


def _wire_orders(num_gate_wires: int, num_wires: int, rng: np.random.Generator) -> list[Wires]:
    """Adjacent, reversed, spread-out and random wire orders of a gate on ``num_wires`` qubits.

    For 2-wire gates on 4 qubits: every ordered pair.
    """
    k, n = num_gate_wires, num_wires
    if k == 0:
        return [()]
    if k == 2 and n == 4:
        return list(itertools.permutations(range(n), 2))
    spread = tuple(range(n - 1, -1, -2))[:k]
    orders = [tuple(range(k)), tuple(range(n - k, n))[::-1]]
    orders += [spread] if len(spread) == k else []
    orders += [tuple(int(w) for w in rng.permutation(n)[:k])]
    return list(dict.fromkeys(orders))


def _prepared_circuit(num_wires: int, program: Callable[[Params], object]) -> Callable:
    """A circuit that starts in a given state, runs ``program(params)`` and returns the state."""

    @qj.circuit(wires=num_wires)
    def circuit(params: Params, state: np.ndarray) -> Any:
        qj.StatePrep(state, wires=range(num_wires))
        program(params)
        return qj.state()

    return circuit


def _final_states(
    transform: Callable,
    num_wires: int,
    programs: Sequence[Callable[[Params], object]],
    params: Params,
    state: np.ndarray,
) -> list[np.ndarray]:
    """The final states of several programs on one initial state, in one (jitted) function."""
    circuits = [_prepared_circuit(num_wires, program) for program in programs]

    def run(params: Params, state: np.ndarray) -> list[jax.Array]:
        return [circuit(params, state) for circuit in circuits]

    results = transform(run)(params, state)
    for result in results:
        assert result.shape == (2**num_wires,)
        assert result.dtype == jax.dtypes.canonicalize_dtype(np.complex128)
    return [np.asarray(result) for result in results]


def _gate_on(case: GateCase, wires: Wires) -> Callable[[Params], object]:
    return lambda params: case.build(params, wires)


def _check_gate_on_states(
    case: GateCase,
    transform: Callable,
    rng: np.random.Generator,
    sizes: Sequence[int],
    max_orders: int | None,
) -> None:
    params = case.sample(rng)
    expected_matrix = case.expected(params)
    for n in sizes:
        state = oracle.random_state(n, rng)
        orders = _wire_orders(case.num_wires, n, rng)[:max_orders]
        programs = [_gate_on(case, wires) for wires in orders]
        results = _final_states(transform, n, programs, params, state)
        for wires, result in zip(orders, results, strict=True):
            expected = oracle.apply(state, expected_matrix, wires, n)
            np.testing.assert_allclose(result, expected, **tolerance(), err_msg=f"wires={wires}")


# ---------------------------------------------------------------------------
# The gate applied to a state


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gate_on_random_state_eager(case: GateCase, rng: np.random.Generator) -> None:
    _check_gate_on_states(case, TRANSFORMS["eager"], rng, sizes=(4, 6), max_orders=None)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gate_on_random_state_jit(case: GateCase, rng: np.random.Generator) -> None:
    # One compiled program per gate: a few wire orders keep compile time down.
    _check_gate_on_states(case, TRANSFORMS["jit"], rng, sizes=(5,), max_orders=3)


# Wire labels of a circuit need not be 0..n-1: any distinct hashable values.
LABELS = ("a", 7, "b", -1, "wire 4")

LABELLED_CASES = [
    CASE_BY_ID[name]
    for name in (
        "RY",
        "ECR",
        "CRZ",
        "SWAP",
        "Toffoli",
        "PauliRot-XIYZ",
        "PauliRot-IZ",
        "MultiRZ-3",
        "MultiControlledX-3-01",
        "ControlledQubitUnitary-2c1t-01",
        "DiagonalQubitUnitary-2",
        "GlobalPhase-1",
    )
]


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_gates_on_labelled_wires(transform: Callable, rng: np.random.Generator) -> None:
    labels = LABELS
    n = len(labels)
    state = oracle.random_state(n, rng)
    params = [case.sample(rng) for case in LABELLED_CASES]
    positions = [
        tuple(int(p) for p in rng.permutation(n)[: case.num_wires]) for case in LABELLED_CASES
    ]

    @qj.circuit(wires=labels)
    def circuit(params: list[Params], state: np.ndarray) -> Any:
        qj.StatePrep(state, wires=labels)
        for case, case_params, wires in zip(LABELLED_CASES, params, positions, strict=True):
            case.build(case_params, [labels[p] for p in wires])
        return qj.state(), qj.probs(wires=[labels[3], labels[0]])

    result, probs = transform(circuit)(params, state)
    expected = state
    for case, case_params, wires in zip(LABELLED_CASES, params, positions, strict=True):
        expected = oracle.apply(expected, case.expected(case_params), wires, n)
    assert_close(result, expected)
    assert_close(probs, oracle.probs(expected, [3, 0], n))


@pytest.mark.parametrize(
    ("case", "positions"), [("PauliRot-XYZ", (2, 0, 1)), ("MultiControlledX-2", (0, 2))]
)
def test_tuple_wire_label(case: str, positions: Wires, rng: np.random.Generator) -> None:
    """A tuple is a valid label (``wires=[("x", 1), ...]``) wherever the circuit accepts it.

    The tuple label gets PauliRot's X (a basis change) and MultiControlledX's target.
    """
    labels = ("a", "b", ("x", 1))
    gate = CASE_BY_ID[case]
    params = gate.sample(rng)
    state = oracle.random_state(3, rng)

    @qj.circuit(wires=labels)
    def circuit(state: np.ndarray) -> Any:
        qj.StatePrep(state, wires=labels)
        gate.build(params, [labels[p] for p in positions])
        return qj.state()

    expected = oracle.apply(state, gate.expected(params), positions, 3)
    assert_close(circuit(state), expected)


@pytest.mark.parametrize("case", X64_CASES, ids=str)
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_gate_on_random_state_x64(
    x64: None, case: GateCase, transform: Callable, rng: np.random.Generator
) -> None:
    assert tolerance()["rtol"] == 1e-10
    _check_gate_on_states(case, transform, rng, sizes=(5,), max_orders=2)
    params = case.sample(rng)
    op = case.build(params, range(case.num_wires))
    assert op.matrix().dtype == np.complex128
    assert_close(op.matrix(), case.expected(params))


# ---------------------------------------------------------------------------
# Matrices, inverses, generators, kinds


@pytest.mark.parametrize("case", CASES, ids=str)
def test_matrix(case: GateCase, rng: np.random.Generator) -> None:
    params = case.sample(rng)
    op = case.build(params, tuple(range(case.num_wires)))
    matrix = op.matrix()
    assert matrix.dtype == jax.dtypes.canonicalize_dtype(np.complex128)
    assert_close(matrix, case.expected(params))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_adjoint_matrix(case: GateCase, rng: np.random.Generator) -> None:
    params = case.sample(rng)
    wires = tuple(range(case.num_wires))[::-1]
    expected = case.expected(params).conj().T
    for inverse in (case.build(params, wires).adjoint(), qj.adjoint(case.build(params, wires))):
        assert isinstance(inverse, Operation)
        assert inverse.wires == wires
        assert_close(inverse.matrix(), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_adjoint_on_state(case: GateCase, transform: Callable, rng: np.random.Generator) -> None:
    n = 5
    params = case.sample(rng)
    state = oracle.random_state(n, rng)
    wires = tuple(range(n - 1, -1, -2))[: case.num_wires]
    if len(wires) < case.num_wires:
        wires = tuple(int(w) for w in rng.permutation(n)[: case.num_wires])

    def adjoint_of_gate(params: Params) -> None:
        qj.adjoint(case.build(params, wires))

    def gate_then_adjoint_of_function(params: Params) -> None:
        case.build(params, wires)
        qj.adjoint(case.build)(params, wires)

    inverted, restored = _final_states(
        transform, n, [adjoint_of_gate, gate_then_adjoint_of_function], params, state
    )
    assert_close(inverted, oracle.apply(state, case.expected(params).conj().T, wires, n))
    assert_close(restored, state)


def _expm_i(theta: float, generator: np.ndarray) -> np.ndarray:
    """``exp(i theta G)`` for a Hermitian ``G``, through its eigendecomposition."""
    values, vectors = np.linalg.eigh(generator)
    return (vectors * np.exp(1j * theta * values)) @ vectors.conj().T


ONE_ANGLE_CASES = [
    case for case in CASES if case.angles and len(case.sample(np.random.default_rng(0))) == 1
]


@pytest.mark.parametrize("case", ONE_ANGLE_CASES, ids=str)
def test_generator(case: GateCase, rng: np.random.Generator) -> None:
    (theta,) = case.sample(rng)
    op = case.build((theta,), tuple(range(case.num_wires)))
    generator = op.generator()
    assert generator is not None, f"{op.name} is exp(i theta G) but has no generator"
    size = 2**case.num_wires
    matrix = np.zeros((size, size), dtype=np.complex128)
    for coeff, word in generator:
        assert len(word) == case.num_wires, f"word {word!r} does not span {op.wires}"
        matrix += coeff * oracle.pauli_matrix(word)
    np.testing.assert_allclose(matrix, matrix.conj().T, atol=1e-12)
    assert_close(_expm_i(theta, matrix), case.expected((theta,)), dtype=np.complex128)
    # The inverse is exp(i theta' G') with its own parameter theta' (-theta or theta).
    inverse = op.adjoint()
    inverse_generator = inverse.generator()
    assert inverse_generator is not None
    inverse_matrix = sum(c * oracle.pauli_matrix(w) for c, w in inverse_generator)
    inverse_theta = float(inverse.params[0])
    assert_close(_expm_i(inverse_theta, inverse_matrix), case.expected((theta,)).conj().T)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_kind_matches_matrix(case: GateCase, rng: np.random.Generator) -> None:
    params = case.sample(rng)
    k = case.num_wires
    op = case.build(params, tuple(range(k)))
    expected = case.expected(params)
    kind = op.kind
    assert isinstance(kind, Kind)
    if kind is Kind.DIAGONAL:
        np.testing.assert_array_equal(expected - np.diag(np.diag(expected)), 0)
        assert_close(op.diagonal(), np.diag(expected))
    elif kind is Kind.PERMUTATION:
        assert sorted(op.permutation) == list(range(2**k))
        np.testing.assert_array_equal(np.sort(np.abs(expected), axis=0)[-1], 1)
        np.testing.assert_array_equal(np.abs(expected).sum(axis=0), 1)
        for source, target in enumerate(op.permutation):
            assert expected[target, source] == 1, f"|{source}> goes to |{target}>"
    elif kind is Kind.CONTROLLED:
        controls, values = op.control_wires, op.control_values
        assert op.wires == controls + op.target_wires
        size = 2 ** len(op.target_wires)
        active = int("".join(map(str, values)), 2) * size
        block = expected[active : active + size, active : active + size]
        assert_close(oracle.controlled(block, len(controls), values), expected)
        assert_close(op.base.matrix(), block)
    elif kind is Kind.SEQUENCE:
        product = np.eye(2**k, dtype=np.complex128)
        for part in op.decomposition():
            assert part.kind is not Kind.SEQUENCE
            positions = [op.wires.index(w) for w in part.wires]
            product = oracle.embed(np.asarray(part.matrix()), positions, k) @ product
        assert_close(product, expected)


def test_every_gate_class_is_covered(rng: np.random.Generator) -> None:
    exported = {
        cls
        for name in qj.ops.__all__
        if isinstance(cls := getattr(qj.ops, name), type) and issubclass(cls, Operation)
    }
    covered = {type(case.build(case.sample(rng), range(case.num_wires))) for case in CASES}
    abstract_or_derived = {Operation, NamedControlled, Adjoint, Controlled}
    # channels and mid-circuit operations: tests/test_noise.py and tests/test_mid_measure.py
    non_unitary = {cls for cls in exported if cls.kind in qj.ops.NON_UNITARY_KINDS}
    assert exported - abstract_or_derived - non_unitary - covered == set()


# ---------------------------------------------------------------------------
# qj.ctrl of gates and of functions


@dataclasses.dataclass(frozen=True)
class CtrlCase:
    """A gate to control, on how many control wires, and the values they must hold."""

    gate: GateCase
    control_values: tuple[int, ...] | None

    @property
    def num_controls(self) -> int:
        return 1 if self.control_values is None else len(self.control_values)

    def expected(self, params: Params) -> np.ndarray:
        """The oracle's controlled matrix, on the control wires and then the gate's."""
        return oracle.controlled(self.gate.expected(params), self.num_controls, self.control_values)

    def __str__(self) -> str:
        label = "1" if self.control_values is None else "".join(map(str, self.control_values))
        return f"{self.gate.id}-ctrl{label}"


def _nested_ctrl(params: Params, wires: Wires) -> Operation:
    return qj.ctrl(qj.RX(params[0], wires=wires[1]), control=wires[0], control_values=0)


CTRL_CASES = [
    CtrlCase(CASE_BY_ID["RX"], None),
    CtrlCase(CASE_BY_ID["RY"], (0, 1)),
    CtrlCase(CASE_BY_ID["Rot"], (1, 1)),
    CtrlCase(CASE_BY_ID["QubitUnitary-2"], (0,)),
    CtrlCase(CASE_BY_ID["IsingXY"], None),
    CtrlCase(CASE_BY_ID["ISWAP"], (1, 0)),
    CtrlCase(CASE_BY_ID["SWAP"], (0,)),
    CtrlCase(CASE_BY_ID["SWAP"], (1, 1)),
    CtrlCase(CASE_BY_ID["X"], (0, 0, 1)),
    CtrlCase(CASE_BY_ID["IsingZZ"], (0,)),
    CtrlCase(CASE_BY_ID["CRZ"], None),
    CtrlCase(CASE_BY_ID["DiagonalQubitUnitary-2"], (1, 0)),
    CtrlCase(CASE_BY_ID["T"], None),
    CtrlCase(CASE_BY_ID["GlobalPhase-0"], None),
    CtrlCase(CASE_BY_ID["GlobalPhase-0"], (1, 0)),
    CtrlCase(CASE_BY_ID["GlobalPhase-1"], (0,)),
    CtrlCase(CASE_BY_ID["CNOT"], None),
    CtrlCase(CASE_BY_ID["CNOT"], (0,)),
    CtrlCase(CASE_BY_ID["Toffoli"], (0,)),
    CtrlCase(CASE_BY_ID["CRot"], (0,)),
    CtrlCase(CASE_BY_ID["MultiControlledX-3-01"], (0, 1)),
    CtrlCase(CASE_BY_ID["ControlledQubitUnitary-2c1t-01"], (1,)),
    CtrlCase(CASE_BY_ID["PauliRot-XYZ"], (1,)),
    CtrlCase(
        GateCase(
            "nested-ctrl-RX",
            2,
            _angles(1),
            _nested_ctrl,
            lambda params: oracle.controlled(oracle.gate_matrix("RX", params), 1, (0,)),
        ),
        (1, 0),
    ),
]


def _ctrl_layouts(
    case: CtrlCase, num_wires: int, rng: np.random.Generator
) -> list[tuple[Wires, Wires]]:
    """(controls, targets) pairs: controls first, controls last, interleaved at random."""
    c, t = case.num_controls, case.gate.num_wires
    layouts = [tuple(range(c + t)), tuple(range(num_wires - c - t, num_wires))[::-1]]
    layouts += [tuple(int(w) for w in rng.permutation(num_wires)[: c + t])]
    return [(wires[:c], wires[c:]) for wires in layouts]


def _controlled(case: CtrlCase, controls: Wires, targets: Wires) -> Callable[[Params], object]:
    def program(params: Params) -> None:
        target = case.gate.build(params, targets)
        qj.ctrl(target, control=controls, control_values=case.control_values)

    return program


def _controlled_inverse(
    case: CtrlCase, controls: Wires, targets: Wires
) -> Callable[[Params], object]:
    def program(params: Params) -> None:
        qj.adjoint(_controlled(case, controls, targets))(params)

    return program


@pytest.mark.parametrize("case", CTRL_CASES, ids=str)
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_ctrl_gate(case: CtrlCase, transform: Callable, rng: np.random.Generator) -> None:
    n = 5
    params = case.gate.sample(rng)
    state = oracle.random_state(n, rng)
    layouts = _ctrl_layouts(case, n, rng)
    programs = [_controlled(case, *layout) for layout in layouts]
    programs += [_controlled_inverse(case, *layouts[-1])]
    results = _final_states(transform, n, programs, params, state)
    matrix = case.expected(params)
    for (controls, targets), result in zip(layouts, results[:-1], strict=True):
        wires = controls + targets
        expected = oracle.apply(state, matrix, wires, n)
        np.testing.assert_allclose(result, expected, **tolerance(), err_msg=f"wires={wires}")
    controls, targets = layouts[-1]
    assert_close(results[-1], oracle.apply(state, matrix.conj().T, controls + targets, n))


@pytest.mark.parametrize("case", CTRL_CASES, ids=str)
def test_ctrl_gate_matrix(case: CtrlCase, rng: np.random.Generator) -> None:
    params = case.gate.sample(rng)
    t = case.gate.num_wires
    controls = tuple(range(t, t + case.num_controls))
    targets = tuple(range(t))
    target = case.gate.build(params, targets)
    op = qj.ctrl(target, control=controls, control_values=case.control_values)
    assert isinstance(op, Controlled)
    assert op.wires[: case.num_controls] == controls
    assert set(op.wires) == set(controls + targets)
    # Nested controls are merged: the matrix is in the order of op.wires.
    positions = [op.wires.index(w) for w in controls + targets]
    expected = oracle.embed(case.expected(params), positions, len(op.wires))
    assert_close(op.matrix(), expected)
    assert_close(op.adjoint().matrix(), expected.conj().T)
    if target.generator() is None:
        return
    # A controlled exp(i theta G) is exp(i theta P G), P the projector on the control values.
    (theta,) = params
    generator = op.generator()
    assert generator is not None, f"{op!r} has no generator, but its target has one"
    matrix = sum(coeff * oracle.pauli_matrix(word) for coeff, word in generator)
    assert_close(_expm_i(theta, matrix), expected)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_adjoint_wrapper(case: GateCase, rng: np.random.Generator) -> None:
    """``Adjoint(op)`` (what ``adjoint()`` returns for gates without an inverse of their own)."""
    params = case.sample(rng)
    op = case.build(params, tuple(range(case.num_wires)))
    wrapped = Adjoint(op)
    expected = case.expected(params).conj().T
    assert wrapped.wires == op.wires
    assert wrapped.kind is op.kind
    assert_close(wrapped.matrix(), expected)
    assert wrapped.adjoint() is op
    if op.kind is Kind.DIAGONAL:
        assert_close(wrapped.diagonal(), np.diag(expected))
    elif op.kind is Kind.PERMUTATION:
        for source, target in enumerate(wrapped.permutation):
            assert expected[target, source] == 1, f"|{source}> goes to |{target}>"
    elif op.kind is Kind.SEQUENCE:
        product = np.eye(2**case.num_wires, dtype=np.complex128)
        for part in wrapped.decomposition():
            positions = [op.wires.index(w) for w in part.wires]
            product = oracle.embed(np.asarray(part.matrix()), positions, case.num_wires) @ product
        assert_close(product, expected)
    generator = wrapped.generator()
    if generator is not None:
        (theta,) = params
        matrix = sum(coeff * oracle.pauli_matrix(word) for coeff, word in generator)
        assert_close(_expm_i(theta, matrix), expected)


def _layer(params: Params, wires: Wires) -> None:
    """A function that applies several gates, for qj.ctrl and qj.adjoint of functions."""
    a, b, c = wires
    qj.RX(params[0], wires=a)
    qj.CNOT(wires=[a, b])
    qj.ISWAP(wires=[b, c])
    qj.U3(params[1], params[2], params[3], wires=c)
    qj.PauliRot(params[4], "XYZ", wires=[c, a, b])
    qj.T(b)
    qj.CRY(params[5], wires=[c, a])
    qj.GlobalPhase(params[6])


def _layer_matrix(params: Params) -> np.ndarray:
    """The oracle's matrix of ``_layer`` on its three wires, in their order."""
    gates = [
        (oracle.gate_matrix("RX", params[:1]), [0]),
        (oracle.gate_matrix("CNOT"), [0, 1]),
        (oracle.gate_matrix("ISWAP"), [1, 2]),
        (oracle.gate_matrix("U3", params[1:4]), [2]),
        (oracle.gate_matrix("PauliRot", params[4:5], word="XYZ"), [2, 0, 1]),
        (oracle.gate_matrix("T"), [1]),
        (oracle.gate_matrix("CRY", params[5:6]), [2, 0]),
    ]
    matrix = np.eye(8, dtype=np.complex128)
    for gate, wires in gates:
        matrix = oracle.embed(gate, wires, 3) @ matrix
    return oracle.gate_matrix("GlobalPhase", params[6:7], num_wires=0)[0, 0] * matrix


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("control_values", [None, (0,), (1, 0)], ids=["1", "0", "10"])
def test_ctrl_and_adjoint_of_function(
    transform: Callable, control_values: tuple[int, ...] | None, rng: np.random.Generator
) -> None:
    n = 5
    params = _angles(7)(rng)
    state = oracle.random_state(n, rng)
    targets = (3, 0, 4)
    controls = (1,) if control_values is None or len(control_values) == 1 else (2, 1)
    c = len(controls)

    def controlled_layer(params: Params) -> None:
        qj.ctrl(_layer, control=controls, control_values=control_values)(params, targets)

    def inverse_layer(params: Params) -> None:
        qj.adjoint(_layer)(params, targets)

    def inverse_of_controlled(params: Params) -> None:
        qj.adjoint(qj.ctrl(_layer, control=controls, control_values=control_values))(
            params, targets
        )

    def controlled_inverse(params: Params) -> None:
        qj.ctrl(qj.adjoint(_layer), control=controls, control_values=control_values)(
            params, targets
        )

    def layer_then_inverse(params: Params) -> None:
        _layer(params, targets)
        qj.adjoint(_layer)(params, targets)

    programs = [
        controlled_layer,
        inverse_layer,
        inverse_of_controlled,
        controlled_inverse,
        layer_then_inverse,
    ]
    results = _final_states(transform, n, programs, params, state)
    layer = _layer_matrix(params)
    controlled = oracle.controlled(layer, c, control_values)
    wires = list(controls + targets)
    assert_close(results[0], oracle.apply(state, controlled, wires, n))
    assert_close(results[1], oracle.apply(state, layer.conj().T, targets, n))
    assert_close(results[2], oracle.apply(state, controlled.conj().T, wires, n))
    assert_close(results[3], oracle.apply(state, controlled.conj().T, wires, n))
    assert_close(results[4], state)


# ---------------------------------------------------------------------------
# Pytrees


def _assert_same_op(actual: Operator, expected: Operator) -> None:
    """Same type, wires, hyperparameters, parameters and parts, recursively."""
    assert type(actual) is type(expected)
    assert actual.wires == expected.wires
    assert actual.hyperparameters == expected.hyperparameters
    assert len(actual.params) == len(expected.params)
    for got, want in zip(actual.params, expected.params, strict=True):
        if isinstance(want, Operator):
            _assert_same_op(got, want)
        else:
            assert np.shape(got) == np.shape(want)
            assert_close(got, want)
    for attribute in ("control_wires", "control_values"):
        assert getattr(actual, attribute, None) == getattr(expected, attribute, None)
    if hasattr(expected, "base"):
        _assert_same_op(actual.base, expected.base)
    for attribute in ("factors", "summands"):
        parts = getattr(expected, attribute, ())
        assert len(getattr(actual, attribute, ())) == len(parts)
        for got, want in zip(getattr(actual, attribute, ()), parts, strict=True):
            _assert_same_op(got, want)
    if hasattr(expected, "coeff"):
        assert_close(actual.coeff, expected.coeff)


def _round_trips(op: Operator) -> list[Operator]:
    """``op`` flattened and unflattened, eagerly and through ``jax.jit`` as argument and result."""
    leaves, treedef = jax.tree_util.tree_flatten(op)
    eager = jax.tree_util.tree_unflatten(treedef, leaves)
    jitted = jax.jit(lambda op: op)(op)
    assert jax.tree_util.tree_structure(jitted) == treedef
    return [eager, jitted]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_gate_pytree_round_trip(case: GateCase, rng: np.random.Generator) -> None:
    params = case.sample(rng)
    wires = tuple(range(case.num_wires))[::-1]
    op = case.build(params, wires)
    for copy in _round_trips(op):
        _assert_same_op(copy, op)
        assert_close(copy.matrix(), case.expected(params))
    matrix = jax.jit(lambda op: op.matrix())(op)
    assert_close(matrix, case.expected(params))


def _observable_matrix(op: Operator, num_wires: int) -> np.ndarray:
    """``op.terms()`` summed with the oracle's matrices of the factors."""
    total = np.zeros((2**num_wires,) * 2, dtype=np.complex128)
    for coeff, factors in op.terms():
        term = np.eye(2**num_wires, dtype=np.complex128) * complex(coeff)
        for factor in factors:
            term = oracle.embed(oracle.gate_matrix(factor.name), factor.wires, num_wires) @ term
        total += term
    return total


def _other_operators(
    rng: np.random.Generator,
) -> dict[str, tuple[Operator, Callable[[Any], Any], np.ndarray]]:
    """Operators that are not in CASES: each with a reading of it and the oracle's value."""
    state = oracle.random_state(2, rng)
    hermitian = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    hermitian = hermitian + hermitian.conj().T
    iswap = oracle.gate_matrix("ISWAP")
    rx = oracle.gate_matrix("RX", [0.7])

    def matrix(op: Any) -> Any:
        return op.matrix()

    def state_vector(op: Any) -> Any:
        return op.state_vector()

    def on_3_wires(op: Any) -> Any:
        return _observable_matrix(op, 3)

    return {
        "Adjoint": (qj.ISWAP(wires=[1, 0]).adjoint(), matrix, iswap.conj().T),
        "Controlled": (
            qj.ctrl(qj.RX(0.7, wires=2), control=[0, 1], control_values=[1, 0]),
            matrix,
            oracle.controlled(rx, 2, (1, 0)),
        ),
        "Controlled-Adjoint": (
            qj.ctrl(qj.adjoint(qj.ISWAP(wires=[1, 2])), control=0),
            matrix,
            oracle.controlled(iswap.conj().T, 1),
        ),
        "StatePrep": (qj.StatePrep(state, wires=[0, 1]), state_vector, state),
        "BasisState": (
            qj.BasisState(np.array([1, 0, 1]), wires=[2, 0, 1]),
            state_vector,
            np.eye(8)[0b101],
        ),
        "Hermitian": (qj.Hermitian(hermitian, wires=[1, 0]), matrix, hermitian),
        "Prod": (qj.X(0) @ qj.Y(2) @ qj.Z(1), on_3_wires, oracle.pauli_matrix("XZY")),
        "SProd": (
            0.25 * qj.H(1),
            on_3_wires,
            0.25 * oracle.embed(oracle.gate_matrix("H"), [1], 3),
        ),
        "Sum": (
            qj.X(0) @ qj.Z(1) - 0.5 * qj.Y(2),
            on_3_wires,
            oracle.pauli_matrix("XZI") - 0.5 * oracle.pauli_matrix("IIY"),
        ),
    }


OTHER_OPERATORS = [
    "Adjoint",
    "Controlled",
    "Controlled-Adjoint",
    "StatePrep",
    "BasisState",
    "Hermitian",
    "Prod",
    "SProd",
    "Sum",
]


@pytest.mark.parametrize("name", OTHER_OPERATORS)
def test_other_operator_pytree_round_trip(name: str, rng: np.random.Generator) -> None:
    op, read, expected = _other_operators(rng)[name]
    assert_close(read(op), expected)
    for copy in _round_trips(op):
        _assert_same_op(copy, op)
        assert_close(read(copy), expected)
