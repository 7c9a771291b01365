"""Templates against their definitions.

Each template's state is compared with the dense NumPy oracle applied to the
gates its definition (PennyLane's, where it has one) prescribes, written out
here independently of qjax; tiny examples pin the recorded gate names and
wires; the ``.shape`` helpers, every error message (raised before any gate is
recorded) and one template under ``jit``, ``vmap`` and ``grad`` are checked.
The oracle comparisons run in complex128 (the ``x64`` fixture).
"""

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import assert_close

import oracle
import qjax as qj
from qjax import errors
from qjax.ops import recording

T = qj.templates

Gate = tuple[str, Sequence[float], Sequence[int]]
"""An oracle gate: its name, parameters and wires."""


# --- helpers ------------------------------------------------------------------------------


def oracle_state(num_wires: int, gates: Sequence[Gate], initial: Any = None) -> np.ndarray:
    """The state after ``gates`` applied to ``initial`` (default ``|0...0>``), by dense matrices."""
    if initial is None:
        initial = np.zeros(2**num_wires, np.complex128)
        initial[0] = 1
    state = np.asarray(initial, np.complex128)
    for name, params, wires in gates:
        matrix = oracle.gate_matrix(name, params, num_wires=len(wires))
        state = oracle.apply(state, matrix, wires, num_wires)
    return state


def qjax_state(body: Callable[..., None], num_wires: int, *args: Any) -> jax.Array:
    """The final state of a circuit that runs ``body(*args)``."""

    def circuit(*inner: Any) -> Any:
        body(*inner)
        return qj.state()

    return qj.circuit(circuit, wires=num_wires)(*args)


def recorded(body: Callable[..., None], num_wires: int, *args: Any) -> list[tuple[str, tuple]]:
    """``(name, wires)`` of every operation ``body(*args)`` records."""

    def circuit(*inner: Any) -> Any:
        body(*inner)
        return qj.probs()

    return [(op.name, op.wires) for op in qj.record(circuit, wires=num_wires)(*args).operations]


def basis(num_wires: int, index: int) -> np.ndarray:
    """The computational basis state ``|index>``."""
    state = np.zeros(2**num_wires, np.complex128)
    state[index] = 1
    return state


def uniform(num_wires: int) -> np.ndarray:
    """The uniform superposition ``H^n |0...0>``."""
    return np.full(2**num_wires, 2 ** (-num_wires / 2), np.complex128)


# --- embeddings ---------------------------------------------------------------------------


@pytest.mark.parametrize("rotation", ["X", "Y", "Z"])
@pytest.mark.parametrize("num_features", [1, 3])
def test_angle_embedding_matches_its_definition(x64, rng, rotation, num_features):
    features = rng.uniform(-np.pi, np.pi, num_features)
    start = uniform(3)  # RZ changes nothing on |000>: start from a superposition

    def body(x):
        for wire in range(3):
            qj.H(wires=wire)
        T.AngleEmbedding(x, wires=[2, 0, 1], rotation=rotation)

    expected = oracle_state(
        3, [(f"R{rotation}", [features[i]], [[2, 0, 1][i]]) for i in range(num_features)], start
    )
    assert_close(qjax_state(body, 3, features), expected)


def _amplitudes_on(vector: np.ndarray, wires: Sequence[int], num_wires: int) -> np.ndarray:
    """The state with ``vector`` on ``wires`` (first most significant) and 0 on the others."""
    state = np.zeros(2**num_wires, np.complex128)
    for sub, amplitude in enumerate(vector):
        index = sum(
            ((sub >> (len(wires) - 1 - k)) & 1) << (num_wires - 1 - w) for k, w in enumerate(wires)
        )
        state[index] = amplitude
    return state


@pytest.mark.parametrize(
    "features, kwargs, expected",
    [
        ([0.5, 0.5, 0.5, 0.5], {}, [0.5, 0.5, 0.5, 0.5]),
        ([0.6, 0.8j, 0.0, 0.0], {}, [0.6, 0.8j, 0.0, 0.0]),
        ([15, 15, 15, 15], {"normalize": True}, [0.5, 0.5, 0.5, 0.5]),
        ([0.6, 0.8], {"pad_with": 0.0}, [0.6, 0.8, 0.0, 0.0]),
        ([3.0, 4.0], {"pad_with": 0.0, "normalize": True}, [0.6, 0.8, 0.0, 0.0]),
        # PennyLane normalises whenever pad_with is nonzero, normalize or not
        ([1.0, 1.0, 1.0], {"pad_with": 1.0}, [0.5, 0.5, 0.5, 0.5]),
        ([1.0], {"pad_with": 1j}, [0.5, 0.5j, 0.5j, 0.5j]),
    ],
    ids=["normalised", "complex", "normalize", "pad", "pad-normalize", "pad-1", "pad-complex"],
)
def test_amplitude_embedding_pads_then_normalises(x64, features, kwargs, expected):
    state = qjax_state(lambda x: T.AmplitudeEmbedding(x, wires=[2, 0], **kwargs), 3, features)
    assert_close(state, _amplitudes_on(np.array(expected), [2, 0], 3))


def test_amplitude_embedding_is_a_state_preparation_before_gates(x64, rng):
    vector = oracle.random_state(2, rng)

    def body(x):
        T.AmplitudeEmbedding(x, wires=[0, 1])
        qj.RX(0.3, wires=1)

    assert [name for name, _ in recorded(body, 2, vector)] == ["StatePrep", "RX"]
    expected = oracle_state(2, [("RX", [0.3], [1])], vector)
    assert_close(qjax_state(body, 2, vector), expected)

    def late(x):
        qj.H(wires=0)
        T.AmplitudeEmbedding(x, wires=[0, 1])

    with pytest.raises(errors.CircuitError, match="state preparations must come first"):
        recorded(late, 2, vector)


def test_amplitude_embedding_normalises_traced_features_under_vmap(x64, rng):
    batch = rng.uniform(0.1, 1.0, (4, 3))

    @qj.circuit(wires=2)
    def probs(x):
        T.AmplitudeEmbedding(x, wires=[0, 1], pad_with=0.0, normalize=True)
        return qj.probs()

    expected = [np.append(row, 0.0) ** 2 / np.sum(row**2) for row in batch]
    assert_close(jax.jit(jax.vmap(probs))(batch), np.array(expected))


@pytest.mark.parametrize(
    "features, index",
    [([0, 1, 0], 0b010), ([1, 1, 1], 0b111), (np.array([1, 0, 1]), 0b101), (6, 0b110), (0, 0)],
    ids=["bits-010", "bits-111", "array-101", "int-6", "int-0"],
)
def test_basis_embedding_prepares_the_basis_state(x64, features, index):
    state = qjax_state(lambda x: T.BasisEmbedding(x, wires=range(3)), 3, features)
    assert_close(state, basis(3, index))


def test_basis_embedding_reads_integers_with_the_first_wire_most_significant():
    # PennyLane: features=2 on three wires is |010>; concrete bits apply X where the bit is 1
    assert recorded(lambda: T.BasisEmbedding(2, wires=["a", "b", "c"]), ["a", "b", "c"]) == [
        ("X", ("b",))
    ]
    assert recorded(lambda: T.BasisEmbedding([1, 0, 1], wires=[2, 0, 1]), 3) == [
        ("X", (2,)),
        ("X", (1,)),
    ]


@pytest.mark.parametrize("features", [jnp.array([1, 0, 1]), jnp.int32(5)], ids=["bits", "int"])
def test_basis_embedding_of_traced_features_has_a_static_structure(x64, features):
    def circuit(x):
        T.BasisEmbedding(x, wires=range(3))
        return qj.state()

    names = []

    def run(x):
        names.append([op.name for op in qj.record(circuit, wires=3)(x).operations])
        return qj.circuit(circuit, wires=3)(x)

    assert_close(jax.jit(run)(features), basis(3, 0b101))
    assert names == [["PhaseShift", "RX", "PhaseShift"] * 3]


def _iqp_gates(x: np.ndarray, wires: Sequence[int], pairs: Sequence[tuple[int, int]], repeats: int):
    """PennyLane's IQP layer: H, RZ(x_i) per wire, then MultiRZ(x_i x_j) per pair of positions."""
    layer: list[Gate] = []
    for i, wire in enumerate(wires):
        layer += [("H", [], [wire]), ("RZ", [x[i]], [wire])]
    layer += [("MultiRZ", [x[i] * x[j]], [wires[i], wires[j]]) for i, j in pairs]
    return layer * repeats


@pytest.mark.parametrize(
    "wires, pattern, repeats, pairs",
    [
        ([0, 1, 2], None, 1, [(0, 1), (0, 2), (1, 2)]),
        ([2, 0, 1], None, 2, [(0, 1), (0, 2), (1, 2)]),
        ([0, 1, 2], [[1, 2], [0, 2], [1, 0]], 3, [(1, 2), (0, 2), (1, 0)]),
    ],
    ids=["default", "permuted-wires-repeated", "custom-pattern"],
)
def test_iqp_embedding_matches_its_definition(x64, rng, wires, pattern, repeats, pairs):
    x = rng.uniform(-1, 1, 3)
    state = qjax_state(
        lambda f: T.IQPEmbedding(f, wires=wires, n_repeats=repeats, pattern=pattern), 3, x
    )
    assert_close(state, oracle_state(3, _iqp_gates(x, wires, pairs, repeats)))


def test_iqp_embedding_records_pennylanes_gate_sequence():
    ops = recorded(lambda x: T.IQPEmbedding(x, wires=[0, 1, 2]), 3, jnp.ones(3))
    assert ops == [
        ("H", (0,)), ("RZ", (0,)), ("H", (1,)), ("RZ", (1,)), ("H", (2,)), ("RZ", (2,)),
        ("MultiRZ", (0, 1)), ("MultiRZ", (0, 2)), ("MultiRZ", (1, 2)),
    ]  # fmt: skip


# --- layers -------------------------------------------------------------------------------


def _ring_pairs(n: int) -> list[tuple[int, int]]:
    return [] if n == 1 else [(0, 1)] if n == 2 else [(i, (i + 1) % n) for i in range(n)]


@pytest.mark.parametrize("num_wires", [1, 2, 3])
def test_basic_entangler_layers_matches_its_definition(x64, rng, num_wires):
    w = rng.uniform(-np.pi, np.pi, (2, num_wires))
    gates: list[Gate] = []
    for layer in range(2):
        gates += [("RY", [w[layer, i]], [i]) for i in range(num_wires)]
        gates += [("CNOT", [], [a, b]) for a, b in _ring_pairs(num_wires)]
    state = qjax_state(
        lambda v: T.BasicEntanglerLayers(v, wires=range(num_wires), rotation="Y"), num_wires, w
    )
    assert_close(state, oracle_state(num_wires, gates))


def _sel_gates(w: np.ndarray, ranges: Sequence[int], imprimitive: str = "CNOT") -> list[Gate]:
    """PennyLane's StronglyEntanglingLayers: Rot on every wire, then wire i to (i + r) mod n."""
    num_layers, n, _ = w.shape
    gates: list[Gate] = []
    for layer in range(num_layers):
        gates += [("Rot", list(w[layer, i]), [i]) for i in range(n)]
        if n > 1:
            gates += [(imprimitive, [], [i, (i + ranges[layer]) % n]) for i in range(n)]
    return gates


@pytest.mark.parametrize(
    "num_wires, num_layers, ranges, default_ranges",
    [(1, 2, None, [0, 0]), (2, 2, None, [1, 1]), (3, 3, None, [1, 2, 1]), (4, 2, [3, 2], None)],
    ids=["1-wire", "2-wires", "3-wires-default", "4-wires-custom"],
)
def test_strongly_entangling_layers_matches_its_definition(
    x64, rng, num_wires, num_layers, ranges, default_ranges
):
    w = rng.uniform(-np.pi, np.pi, T.StronglyEntanglingLayers.shape(num_layers, num_wires))
    state = qjax_state(
        lambda v: T.StronglyEntanglingLayers(v, wires=range(num_wires), ranges=ranges),
        num_wires,
        w,
    )
    assert_close(state, oracle_state(num_wires, _sel_gates(w, ranges or default_ranges)))


def test_strongly_entangling_layers_records_pennylanes_entanglers():
    # PennyLane's docstring: default ranges r = 1, 2 on four wires; ranges=[2, 3] with CZ
    w = jnp.zeros((2, 4, 3))
    default = [ws for name, ws in recorded(lambda: T.StronglyEntanglingLayers(w, range(4)), 4)]
    assert default[4:8] == [(0, 1), (1, 2), (2, 3), (3, 0)]
    assert default[12:] == [(0, 2), (1, 3), (2, 0), (3, 1)]
    custom = recorded(lambda: T.StronglyEntanglingLayers(w, range(4), [2, 3], qj.CZ), 4)
    assert [ws for name, ws in custom if name == "CZ"] == [
        (0, 2), (1, 3), (2, 0), (3, 1), (0, 3), (1, 0), (2, 1), (3, 2),
    ]  # fmt: skip
    assert [name for name, _ in custom[:4]] == ["Rot"] * 4


def _two_design_gates(w0: np.ndarray, w: np.ndarray, n: int) -> list[Gate]:
    """PennyLane's SimplifiedTwoDesign: even pairs, then odd pairs at index n // 2 + k."""
    gates: list[Gate] = [("RY", [w0[i]], [i]) for i in range(n)]
    for layer in range(len(w)):
        pairs = [(k, 2 * k) for k in range(n // 2)]
        pairs += [(n // 2 + k, 2 * k + 1) for k in range((n - 1) // 2)]
        for k, a in pairs:
            gates += [("CZ", [], [a, a + 1]), ("RY", [w[layer, k, 0]], [a])]
            gates += [("RY", [w[layer, k, 1]], [a + 1])]
    return gates


@pytest.mark.parametrize("num_wires", [1, 2, 3, 4, 5])
def test_simplified_two_design_matches_its_definition(x64, rng, num_wires):
    shapes = T.SimplifiedTwoDesign.shape(n_layers=2, n_wires=num_wires)
    w0, w = (rng.uniform(-np.pi, np.pi, shape) for shape in shapes)
    state = qjax_state(
        lambda a, b: T.SimplifiedTwoDesign(a, b, wires=range(num_wires)), num_wires, w0, w
    )
    assert_close(state, oracle_state(num_wires, _two_design_gates(w0, w, num_wires)))


def test_simplified_two_design_reproduces_pennylanes_example():
    # PennyLane's docstring: these weights give <Z> = [1, -1, 1]
    pi = np.pi

    @qj.circuit(wires=3)
    def circuit(w0, w):
        T.SimplifiedTwoDesign(w0, w, wires=range(3))
        return [qj.expval(qj.Z(i)) for i in range(3)]

    w = [[[0.0, pi], [0.0, pi]], [[pi, 0.0], [pi, 0.0]]]
    np.testing.assert_allclose(circuit([pi, pi, pi], w), [1.0, -1.0, 1.0], atol=1e-5)
    names = recorded(lambda: T.SimplifiedTwoDesign([pi] * 3, w, ["a", "b", "c"]), ["a", "b", "c"])
    assert names[3:9] == [
        ("CZ", ("a", "b")), ("RY", ("a",)), ("RY", ("b",)),
        ("CZ", ("b", "c")), ("RY", ("b",)), ("RY", ("c",)),
    ]  # fmt: skip


def test_hardware_efficient_ansatz_matches_its_definition_and_the_benchmarks(x64, rng):
    from benchmarks.circuits import hardware_efficient

    w = rng.uniform(-np.pi, np.pi, T.HardwareEfficientAnsatz.shape(n_layers=2, n_wires=3))
    gates: list[Gate] = []
    for layer in range(2):
        for i in range(3):
            gates += [("RY", [w[layer, i, 0]], [i]), ("RZ", [w[layer, i, 1]], [i])]
        gates += [("CNOT", [], [0, 1]), ("CNOT", [], [1, 2])]
    ansatz = lambda v: T.HardwareEfficientAnsatz(v, wires=range(3))  # noqa: E731
    assert_close(qjax_state(ansatz, 3, w), oracle_state(3, gates))
    benchmark = qj.record(hardware_efficient(3))(w).operations
    assert recorded(ansatz, 3, w) == [(op.name, op.wires) for op in benchmark]


@pytest.mark.parametrize(
    "num_wires, imprimitive, pairs",
    [(1, qj.CNOT, []), (3, qj.CNOT, [(0, 1), (1, 2), (2, 0)]), (3, None, [])],
    ids=["1-wire", "3-wires-ring", "no-entanglers"],
)
def test_data_reuploading_matches_its_definition(x64, rng, num_wires, imprimitive, pairs):
    x = rng.uniform(-np.pi, np.pi, num_wires)
    w = rng.uniform(-np.pi, np.pi, T.DataReuploading.shape(n_layers=3, n_wires=num_wires))
    gates: list[Gate] = []
    for layer in range(3):
        gates += [("RY", [x[i]], [i]) for i in range(num_wires)]
        gates += [("Rot", list(w[layer, i]), [i]) for i in range(num_wires)]
        gates += [("CNOT", [], list(pair)) for pair in pairs]
    state = qjax_state(
        lambda a, b: T.DataReuploading(
            a, b, wires=range(num_wires), rotation="Y", imprimitive=imprimitive
        ),
        num_wires,
        x,
        w,
    )
    assert_close(state, oracle_state(num_wires, gates))


def test_data_reuploading_records_encoding_rotations_and_a_ring_per_layer():
    ops = recorded(lambda: T.DataReuploading([0.1], jnp.zeros((2, 2, 3)), wires=[0, 1]), 2)
    assert ops == [("RX", (0,)), ("Rot", (0,)), ("Rot", (1,)), ("CNOT", (0, 1))] * 2


# --- RandomLayers -------------------------------------------------------------------------


def _random_ops(weights: Any, num_wires: int, **kwargs: Any) -> list[qj.ops.Operation]:
    with recording() as ops:
        T.RandomLayers(weights, wires=range(num_wires), **kwargs)
    return ops  # type: ignore[return-value]


def test_random_layers_state_uses_each_weight_once_in_order(x64, rng):
    w = rng.uniform(-np.pi, np.pi, T.RandomLayers.shape(n_layers=2, n_rotations=5))
    ops = _random_ops(w, 3, seed=3)
    rotations = [op for op in ops if op.name != "CNOT"]
    assert [float(op.params[0]) for op in rotations] == w.ravel().tolist()
    gates = [(op.name, [float(p) for p in op.params], list(op.wires)) for op in ops]
    state = qjax_state(lambda v: T.RandomLayers(v, wires=range(3), seed=3), 3, w)
    assert_close(state, oracle_state(3, gates))


def test_random_layers_structure_depends_on_the_seed_and_shapes_only():
    def structure(weights: Any, seed: int) -> list[tuple[str, tuple]]:
        return [(op.name, op.wires) for op in _random_ops(weights, 4, seed=seed)]

    ones, twos = np.ones((3, 6)), np.full((3, 6), 2.0)
    assert structure(ones, 5) == structure(twos, 5) == structure(jnp.asarray(twos), 5)
    assert structure(ones, 5) != structure(ones, 6)
    assert structure(ones, 42) == structure(ones, 42)


def test_random_layers_follows_pennylanes_distribution():
    """Uniform rotation types and wires, uniform ordered pairs, ratio / (1 - ratio) entanglers
    per rotation: counted over 300 seeds of 2 layers x 10 rotations (6000 rotations)."""
    counts = {"names": {}, "wires": {}, "pairs": {}}
    entanglers = rotations = 0
    for seed in range(300):
        for op in _random_ops(np.zeros((2, 10)), 3, ratio_imprim=0.4, seed=seed):
            if op.name == "CNOT":
                entanglers += 1
                counts["pairs"][op.wires] = counts["pairs"].get(op.wires, 0) + 1
            else:
                rotations += 1
                counts["names"][op.name] = counts["names"].get(op.name, 0) + 1
                counts["wires"][op.wires] = counts["wires"].get(op.wires, 0) + 1
    assert rotations == 6000
    assert entanglers / rotations == pytest.approx(0.4 / 0.6, rel=0.06)
    assert sorted(counts["names"]) == ["RX", "RY", "RZ"]
    assert sorted(counts["pairs"]) == sorted(itertools.permutations(range(3), 2))
    for key, outcomes in counts.items():
        total = sum(outcomes.values())
        for value in outcomes.values():  # each outcome within ~5 sigma of uniform
            assert value / total == pytest.approx(1 / len(outcomes), rel=0.15), key


def test_random_layers_options():
    ops = _random_ops(np.zeros((1, 40)), 2, imprimitive=qj.CZ, rotations=[qj.RY], seed=1)
    assert {op.name for op in ops} == {"CZ", "RY"}
    assert {op.name for op in _random_ops(np.zeros((1, 20)), 2, ratio_imprim=0.0)} <= {
        "RX", "RY", "RZ"
    }  # fmt: skip
    assert {op.name for op in _random_ops(np.zeros((2, 20)), 1, ratio_imprim=0.9)} <= {
        "RX", "RY", "RZ"
    }  # fmt: skip


def test_templates_take_numpy_arguments_and_pennylanes_none_defaults():
    w = jnp.zeros((2, 3, 3))
    given = recorded(
        lambda: T.StronglyEntanglingLayers(w, range(3), ranges=np.array([2, 1]), imprimitive=None),
        3,
    )
    assert given == recorded(lambda: T.StronglyEntanglingLayers(w, range(3), [2, 1], qj.CNOT), 3)
    pairs = np.array([[0, 2]])
    assert recorded(lambda: T.IQPEmbedding([1.0, 2.0, 3.0], range(3), pattern=pairs), 3)[-1] == (
        "MultiRZ",
        (0, 2),
    )
    assert T.maxcut(np.array([[0, 1], [1, 2]]))[0].wires == (0, 1, 2)
    defaults = _random_ops(np.zeros((1, 30)), 2, imprimitive=None, rotations=None)
    assert {op.name for op in defaults} == {"RX", "RY", "RZ", "CNOT"}


# --- QAOA ---------------------------------------------------------------------------------


def _z_diagonal(coefficients: Sequence[float], words: Sequence[str]) -> np.ndarray:
    """The diagonal of sum_k c_k word_k for words over I and Z."""
    return sum(
        c * np.real(np.diag(oracle.pauli_matrix(w)))
        for c, w in zip(coefficients, words, strict=True)
    )


def test_qaoa_cost_layer_is_the_time_evolution_of_its_hamiltonian(x64):
    coefficients, words = [0.7, -1.3, 0.4, 0.25], ["ZZI", "IZZ", "ZIZ", "IIZ"]
    gamma = 0.37

    def body(g, hamiltonian):
        for wire in range(3):
            qj.H(wires=wire)
        T.qaoa_cost_layer(g, hamiltonian)

    expected = np.exp(-1j * gamma * _z_diagonal(coefficients, words)) * uniform(3)
    assert_close(qjax_state(lambda g: body(g, (coefficients, words)), 3, gamma), expected)
    observable = (
        0.7 * (qj.Z(0) @ qj.Z(1)) - 1.3 * (qj.Z(1) @ qj.Z(2)) + 0.4 * (qj.Z(0) @ qj.Z(2))
    ) + 0.25 * qj.Z(2)
    assert_close(qjax_state(lambda g: body(g, observable), 3, gamma), expected)


def test_qaoa_cost_layer_gates_and_dropped_identities():
    # ApproxTimeEvolution: PauliRot(2 gamma c) per non-identity term, in order; the words'
    # letters act on the given wires
    with recording() as ops:
        T.qaoa_cost_layer(0.5, ([1.0, 2.0, 3.0], ["ZIZ", "III", "IZI"]), wires=["a", "b", "c"])
    assert [(op.name, op.wires, float(op.params[0])) for op in ops] == [
        ("MultiRZ", ("a", "c"), 1.0),
        ("RZ", ("b",), 3.0),
    ]


def test_qaoa_cost_layer_consumes_an_observable_built_in_the_circuit(x64):
    @qj.circuit(wires=2)
    def energy(gamma):
        qj.H(wires=0)
        qj.H(wires=1)
        hamiltonian = qj.Z(0) @ qj.Z(1) - 0.5 * qj.I(0)
        T.qaoa_cost_layer(gamma, hamiltonian)
        return qj.expval(qj.X(0))

    # <X0> after exp(-i g Z0 Z1) on |++> is cos(2 g)
    assert_close(energy(0.3), np.cos(0.6))


def test_qaoa_mixer_layer_is_exp_of_minus_i_alpha_sum_x(x64, rng):
    alpha = 0.61
    start = oracle.random_state(3, rng)
    single = np.cos(alpha) * np.eye(2) - 1j * np.sin(alpha) * oracle.pauli_matrix("X")
    expected = np.kron(np.kron(single, single), single) @ start

    def body(a):
        qj.StatePrep(start, wires=range(3))
        T.qaoa_mixer_layer(a, wires=range(3))

    assert_close(qjax_state(body, 3, alpha), expected)
    assert recorded(lambda: T.qaoa_mixer_layer(0.25, [1, 0]), 2) == [("RX", (1,)), ("RX", (0,))]


def test_maxcut_energy_is_minus_the_cut_size(x64):
    edges = [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]
    cost, mixer = T.maxcut(edges)
    assert [c for c, _ in cost.terms()] == [0.5] * 5 + [-0.5] * 5
    assert [f[0].wires[0] for _, f in mixer.terms()] == [0, 1, 2, 3]

    @qj.circuit(wires=4)
    def energy(bits):
        qj.BasisState(bits, wires=range(4))
        return qj.expval(cost)

    every = list(itertools.product((0, 1), repeat=4))
    cuts = [sum(bits[a] != bits[b] for a, b in edges) for bits in every]
    assert_close(jax.vmap(energy)(jnp.array(every)), -np.array(cuts, float))


def test_qaoa_circuit_under_jit_vmap_and_grad(x64):
    cost, _ = T.maxcut([(0, 1), (1, 2), (2, 0)])

    @qj.circuit(wires=3)
    def energy(params):
        for wire in range(3):
            qj.H(wires=wire)
        T.qaoa_cost_layer(params[0], cost)
        T.qaoa_mixer_layer(params[1], wires=range(3))
        return qj.expval(cost)

    params = jnp.array([[0.3, 0.2], [0.9, -0.4]])
    jitted = jax.jit(energy)
    assert_close(jax.jit(jax.vmap(energy))(params), np.array([jitted(p) for p in params]))
    eps = 1e-6
    numeric = [(jitted(params[0] + s) - jitted(params[0] - s)) / (2 * eps) for s in np.eye(2) * eps]
    np.testing.assert_allclose(jax.jit(jax.grad(energy))(params[0]), numeric, rtol=1e-6, atol=1e-8)


# --- shape helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template, args, shape",
    [
        (T.BasicEntanglerLayers, (2, 3), (2, 3)),
        (T.StronglyEntanglingLayers, (2, 3), (2, 3, 3)),
        (T.SimplifiedTwoDesign, (2, 3), [(3,), (2, 2, 2)]),
        (T.SimplifiedTwoDesign, (2, 1), [(1,), (2,)]),
        (T.RandomLayers, (2, 7), (2, 7)),
        (T.HardwareEfficientAnsatz, (4, 5), (4, 5, 2)),
        (T.DataReuploading, (3, 2), (3, 2, 3)),
    ],
)
def test_shape_helpers(template, args, shape):
    assert template.shape(*args) == shape
    assert template.shape.__qualname__ == f"{template.__name__}.shape"


def test_shape_helpers_take_pennylanes_keywords():
    assert T.StronglyEntanglingLayers.shape(n_layers=1, n_wires=2) == (1, 2, 3)
    assert T.RandomLayers.shape(n_layers=1, n_rotations=2) == (1, 2)


# --- errors -------------------------------------------------------------------------------

_OBSERVABLE_WITH_X = qj.Z(0) @ qj.Z(1) + 0.5 * qj.X(0)
_GATE = qj.RX(0.1, wires=0)
_Z01 = qj.Z(0) @ qj.Z(1)
_W3 = jnp.zeros((1, 3, 3))

ERRORS = {
    # embeddings
    "angle-rotation": (
        lambda: T.AngleEmbedding(jnp.ones(2), [0, 1], rotation="W"),
        errors.ParameterError,
        r"AngleEmbedding rotation must be 'X', 'Y' or 'Z', got 'W'",
    ),
    "angle-features": (
        lambda: T.AngleEmbedding(jnp.ones(3), [0, 1]),
        errors.ParameterError,
        r"AngleEmbedding features must have shape \(N,\) with N <= 2 wires, got shape \(3,\)",
    ),
    "angle-no-wires": (
        lambda: T.AngleEmbedding(jnp.ones(0), []),
        errors.WireError,
        r"AngleEmbedding needs at least one wire, got wires=\[\]",
    ),
    "amplitude-length": (
        lambda: T.AmplitudeEmbedding(jnp.ones(3) / np.sqrt(3), [0, 1]),
        errors.ParameterError,
        r"AmplitudeEmbedding features must have shape \(4,\) for 2 wires, got shape \(3,\); "
        r"pad shorter features with pad_with=0\.0",
    ),
    "amplitude-padded-length": (
        lambda: T.AmplitudeEmbedding(jnp.ones(5), [0, 1], pad_with=0.0),
        errors.ParameterError,
        r"AmplitudeEmbedding features must have shape \(K,\) with 1 <= K <= 4 for 2 wires, "
        r"got shape \(5,\)",
    ),
    "amplitude-batched": (
        lambda: T.AmplitudeEmbedding(jnp.ones((2, 4)) / 2, [0, 1]),
        errors.ParameterError,
        r"AmplitudeEmbedding features must have shape \(4,\) for 2 wires, got shape \(2, 4\); "
        r"batch with jax\.vmap",
    ),
    "amplitude-norm": (
        lambda: T.AmplitudeEmbedding(jnp.ones(4), [0, 1]),
        errors.ParameterError,
        r"AmplitudeEmbedding features must have norm 1 \(within 1e-05\), got norm 2; "
        r"pass normalize=True",
    ),
    "amplitude-zero": (
        lambda: T.AmplitudeEmbedding(jnp.zeros(4), [0, 1], normalize=True),
        errors.ParameterError,
        r"AmplitudeEmbedding cannot normalise features of norm 0",
    ),
    "amplitude-pad-array": (
        lambda: T.AmplitudeEmbedding(jnp.ones(2), [0, 1], pad_with=jnp.zeros(2)),
        errors.ParameterError,
        r"AmplitudeEmbedding pad_with must be a number or None",
    ),
    "basis-length": (
        lambda: T.BasisEmbedding([1, 0], [0, 1, 2]),
        errors.ParameterError,
        r"BasisEmbedding features must be bits of shape \(3,\) or an integer, got shape \(2,\)",
    ),
    "basis-bits": (
        lambda: T.BasisEmbedding([1, 2, 0], [0, 1, 2]),
        errors.ParameterError,
        r"BasisEmbedding features must each be 0 or 1, got \[1, 2, 0\]",
    ),
    "basis-int-range": (
        lambda: T.BasisEmbedding(8, [0, 1, 2]),
        errors.ParameterError,
        r"BasisEmbedding integer features must lie in \[0, 8\) for 3 wires, got 8",
    ),
    "basis-negative": (
        lambda: T.BasisEmbedding(-1, [0, 1, 2]),
        errors.ParameterError,
        r"BasisEmbedding integer features must lie in \[0, 8\) for 3 wires, got -1",
    ),
    "basis-float": (
        lambda: T.BasisEmbedding(2.0, [0, 1, 2]),
        errors.ParameterError,
        r"BasisEmbedding features must be bits of shape \(3,\) or an integer, got 2\.0",
    ),
    "iqp-features": (
        lambda: T.IQPEmbedding(jnp.ones(2), [0, 1, 2]),
        errors.ParameterError,
        r"IQPEmbedding features must have shape \(3,\), one per wire, got shape \(2,\)",
    ),
    "iqp-repeats": (
        lambda: T.IQPEmbedding(jnp.ones(2), [0, 1], n_repeats=0),
        errors.ParameterError,
        r"IQPEmbedding n_repeats must be a positive int, got 0",
    ),
    "iqp-pattern-pair": (
        lambda: T.IQPEmbedding(jnp.ones(2), [0, 1], pattern=[[0, 0]]),
        errors.WireError,
        r"IQPEmbedding pattern entries must be pairs of distinct wires, got \(0, 0\)",
    ),
    "iqp-pattern-wire": (
        lambda: T.IQPEmbedding(jnp.ones(2), [0, 1], pattern=[[0, 5]]),
        errors.WireError,
        r"IQPEmbedding pattern uses wire\(s\) \[5\] that are not in wires=\[0, 1\]",
    ),
    "iqp-pattern-type": (
        lambda: T.IQPEmbedding(jnp.ones(2), [0, 1], pattern="01"),
        errors.ParameterError,
        r"IQPEmbedding pattern must be a list of wire pairs, got '01'",
    ),
    # layers
    "basic-weights": (
        lambda: T.BasicEntanglerLayers(jnp.ones((1, 3)), [0, 1]),
        errors.ParameterError,
        r"BasicEntanglerLayers weights must have shape \(layers, 2\), got \(1, 3\); "
        r"e\.g\. weights of shape BasicEntanglerLayers\.shape\(n_layers=2, n_wires=2\)",
    ),
    "sel-weights": (
        lambda: T.StronglyEntanglingLayers(jnp.ones((2, 3, 2)), [0, 1, 2]),
        errors.ParameterError,
        r"StronglyEntanglingLayers weights must have shape \(layers, 3, 3\), got \(2, 3, 2\)",
    ),
    "sel-ranges-length": (
        lambda: T.StronglyEntanglingLayers(_W3, [0, 1, 2], ranges=[1, 2]),
        errors.ParameterError,
        r"StronglyEntanglingLayers ranges must have one entry per layer \(1\), got 2",
    ),
    "sel-ranges-multiple": (
        lambda: T.StronglyEntanglingLayers(_W3, [0, 1, 2], ranges=[3]),
        errors.ParameterError,
        r"StronglyEntanglingLayers ranges must not be 0 or a multiple of the number of wires "
        r"\(3\), got 3",
    ),
    "sel-ranges-type": (
        lambda: T.StronglyEntanglingLayers(_W3, [0, 1, 2], ranges=[1.5]),
        errors.ParameterError,
        r"StronglyEntanglingLayers ranges must be ints, got 1\.5",
    ),
    "sel-imprimitive": (
        lambda: T.StronglyEntanglingLayers(_W3, [0, 1, 2], imprimitive=qj.RX),
        errors.ParameterError,
        r"StronglyEntanglingLayers imprimitive must be a parameter-free 2-wire gate class "
        r"such as qj\.CNOT or qj\.CZ, got <class 'qjax\.ops\._gates\.RX'>",
    ),
    "two-design-initial": (
        lambda: T.SimplifiedTwoDesign(jnp.ones(2), jnp.ones((1, 2, 2)), [0, 1, 2]),
        errors.ParameterError,
        r"SimplifiedTwoDesign initial_layer_weights must have shape \(3,\), got \(2,\)",
    ),
    "two-design-weights": (
        lambda: T.SimplifiedTwoDesign(jnp.ones(3), jnp.ones((1, 3, 2)), [0, 1, 2]),
        errors.ParameterError,
        r"SimplifiedTwoDesign weights must have shape \(layers, 2, 2\), got \(1, 3, 2\)",
    ),
    "hea-weights": (
        lambda: T.HardwareEfficientAnsatz(jnp.ones((1, 2, 3)), [0, 1]),
        errors.ParameterError,
        r"HardwareEfficientAnsatz weights must have shape \(layers, 2, 2\), got \(1, 2, 3\)",
    ),
    "reuploading-inputs": (
        lambda: T.DataReuploading(jnp.ones(3), jnp.ones((1, 2, 3)), [0, 1]),
        errors.ParameterError,
        r"DataReuploading inputs must have shape \(N,\) with N <= 2 wires, got shape \(3,\)",
    ),
    "reuploading-weights": (
        lambda: T.DataReuploading(jnp.ones(2), jnp.ones((1, 2)), [0, 1]),
        errors.ParameterError,
        r"DataReuploading weights must have shape \(layers, 2, 3\), got \(1, 2\)",
    ),
    "reuploading-rotation": (
        lambda: T.DataReuploading(jnp.ones(2), jnp.ones((1, 2, 3)), [0, 1], rotation="x"),
        errors.ParameterError,
        r"DataReuploading rotation must be 'X', 'Y' or 'Z', got 'x'",
    ),
    "reuploading-imprimitive": (
        lambda: T.DataReuploading(jnp.ones(2), jnp.ones((1, 2, 3)), [0, 1], imprimitive="CNOT"),
        errors.ParameterError,
        r"DataReuploading imprimitive must be a parameter-free 2-wire gate class .* got 'CNOT'",
    ),
    # RandomLayers
    "random-weights": (
        lambda: T.RandomLayers(jnp.ones(3), [0, 1]),
        errors.ParameterError,
        r"RandomLayers weights must have shape \(layers, rotations\), got \(3,\)",
    ),
    "random-ratio": (
        lambda: T.RandomLayers(jnp.ones((1, 3)), [0, 1], ratio_imprim=1.0),
        errors.ParameterError,
        r"RandomLayers ratio_imprim must be a number in \[0, 1\) .* got 1\.0",
    ),
    "random-seed": (
        lambda: T.RandomLayers(jnp.ones((1, 3)), [0, 1], seed=None),
        errors.ParameterError,
        r"RandomLayers seed must be a non-negative int .* got None",
    ),
    "random-rotations-empty": (
        lambda: T.RandomLayers(jnp.ones((1, 3)), [0, 1], rotations=[]),
        errors.ParameterError,
        r"RandomLayers rotations must be a non-empty sequence of gate classes",
    ),
    "random-rotations-gate": (
        lambda: T.RandomLayers(jnp.ones((1, 3)), [0, 1], rotations=[qj.RX, qj.CNOT]),
        errors.ParameterError,
        r"RandomLayers rotations must be a 1-parameter 1-wire gate class such as qj\.RX, "
        r"qj\.RY or qj\.RZ, got <class 'qjax\.ops\._gates\.CNOT'>",
    ),
    "random-rotations-any-wires": (
        lambda: T.RandomLayers(jnp.ones((1, 3)), [0, 1], rotations=[qj.MultiRZ]),
        errors.ParameterError,
        r"RandomLayers rotations must be a 1-parameter 1-wire gate class",
    ),
    # QAOA
    "cost-gamma": (
        lambda: T.qaoa_cost_layer(jnp.ones(2), _Z01),
        errors.ParameterError,
        r"qaoa_cost_layer gamma must be a scalar, got shape \(2,\); batch with jax\.vmap",
    ),
    "cost-not-diagonal": (
        lambda: T.qaoa_cost_layer(0.1, _OBSERVABLE_WITH_X),
        errors.ParameterError,
        r"qaoa_cost_layer hamiltonian must be diagonal, built from Z and I only, got the "
        r"factor X\(wires=\[0\]\)",
    ),
    "cost-gate": (
        lambda: T.qaoa_cost_layer(0.1, _GATE),
        errors.ParameterError,
        r"qaoa_cost_layer hamiltonian must be an observable .* got the gate RX",
    ),
    "cost-type": (
        lambda: T.qaoa_cost_layer(0.1, "ZZ"),
        errors.ParameterError,
        r"qaoa_cost_layer hamiltonian must be an observable such as .* or a pair "
        r"\(coefficients, words\) .* got 'ZZ'",
    ),
    "cost-word-letters": (
        lambda: T.qaoa_cost_layer(0.1, ([1.0], ["ZX"])),
        errors.ParameterError,
        r"qaoa_cost_layer words must be strings over 'I' and 'Z' .* got 'ZX'",
    ),
    "cost-coefficients": (
        lambda: T.qaoa_cost_layer(0.1, ([1.0, 2.0], ["ZZ"])),
        errors.ParameterError,
        r"qaoa_cost_layer coefficients must have shape \(1,\), one per word, got shape \(2,\)",
    ),
    "cost-complex": (
        lambda: T.qaoa_cost_layer(0.1, ([1j], ["ZZ"])),
        errors.ParameterError,
        r"qaoa_cost_layer coefficients must be real",
    ),
    "cost-word-length": (
        lambda: T.qaoa_cost_layer(0.1, ([1.0], ["ZZ"]), wires=[0, 1, 2]),
        errors.WireError,
        r"qaoa_cost_layer words must have one letter per wire \(3: \[0, 1, 2\]\), got 'ZZ'",
    ),
    "cost-wires-with-observable": (
        lambda: T.qaoa_cost_layer(0.1, _Z01, wires=[0, 1]),
        errors.ParameterError,
        r"qaoa_cost_layer wires apply to \(coefficients, words\) only",
    ),
    "mixer-alpha": (
        lambda: T.qaoa_mixer_layer(jnp.ones(3), [0, 1]),
        errors.ParameterError,
        r"qaoa_mixer_layer alpha must be a scalar, got shape \(3,\)",
    ),
    "maxcut-loop": (
        lambda: T.maxcut([(0, 1), (1, 1)]),
        errors.WireError,
        r"maxcut edges must be pairs of distinct wires, got \(1, 1\)",
    ),
    "maxcut-repeated": (
        lambda: T.maxcut([(0, 1), (1, 0)]),
        errors.WireError,
        r"maxcut edges must each appear once, got \(1, 0\) twice",
    ),
    "maxcut-empty": (
        lambda: T.maxcut([]),
        errors.WireError,
        r"maxcut edges must be a non-empty list of wire pairs, got \[\]",
    ),
    # shape helpers
    "shape-negative": (
        lambda: T.StronglyEntanglingLayers.shape(n_layers=-1, n_wires=2),
        errors.ParameterError,
        r"StronglyEntanglingLayers\.shape n_layers must be a non-negative int, got -1",
    ),
    "shape-float": (
        lambda: T.RandomLayers.shape(2, 2.5),
        errors.ParameterError,
        r"RandomLayers\.shape n_rotations must be a non-negative int, got 2\.5",
    ),
}


@pytest.mark.parametrize("case", ERRORS.values(), ids=ERRORS.keys())
def test_errors_name_the_template_the_argument_and_the_shapes(case):
    call, error, message = case
    with recording() as ops, pytest.raises(error, match=message):
        call()
    assert ops == [], "a template recorded gates before raising"


# --- transforms ---------------------------------------------------------------------------


def test_embedded_layers_under_jit_vmap_and_grad_match_finite_differences(x64, rng):
    @qj.circuit(wires=3)
    def model(weights, x):
        T.AngleEmbedding(x, wires=range(3), rotation="Y")
        T.StronglyEntanglingLayers(weights, wires=range(3))
        return qj.expval(qj.Z(0) @ qj.Z(2))

    weights = jnp.asarray(rng.uniform(-np.pi, np.pi, T.StronglyEntanglingLayers.shape(2, 3)))
    batch = jnp.asarray(rng.uniform(-np.pi, np.pi, (5, 3)))

    batched = jax.jit(jax.vmap(model, in_axes=(None, 0)))(weights, batch)
    jitted = jax.jit(model)
    assert_close(batched, np.array([jitted(weights, x) for x in batch]))
    loss = jax.jit(lambda w: jnp.sum(jax.vmap(model, in_axes=(None, 0))(w, batch)))
    grad = jax.jit(jax.grad(loss))(weights)
    eps = 1e-6
    numeric = np.zeros(weights.shape)
    for index in np.ndindex(weights.shape):
        shift = jnp.zeros(weights.shape).at[index].set(eps)
        numeric[index] = (loss(weights + shift) - loss(weights - shift)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)
