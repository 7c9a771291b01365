"""``qj.draw`` and ``qj.draw_mpl``: fixed circuits against drawings written out by hand.

Each expected string follows the layout rules (a gate takes the first column
after the last one used on every row it blocks; every column is as wide as
its widest cell and preceded by one line character) and was written from
them, character by character, not printed by the drawer.
"""

import io
import subprocess
import sys

import jax
import jax.numpy as jnp
import matplotlib.colors
import matplotlib.figure
import numpy as np
import pytest

import qjax as qj
from qjax.errors import CircuitError, ParameterError, WireError


def _lines(*lines: str) -> str:
    return "\n".join(lines)


def bell():
    qj.H(0)
    qj.CNOT(wires=[0, 1])
    return qj.expval(qj.Z(0) @ qj.Z(1))


def rotations(theta, phi):
    qj.RX(theta, wires=0)
    qj.Rot(0.1, phi, 0.3, wires=1)
    qj.CRZ(theta, wires=[1, 0])
    return qj.expval(qj.X(0)), qj.var(qj.Y(1))


def controls():
    qj.ctrl(qj.RY(0.5, wires=2), control=[0, 1], control_values=[0, 1])
    qj.MultiControlledX(wires=[2, 0, 1], control_values=[1, 0])
    qj.Toffoli(wires=[0, 1, 2])
    return qj.probs()


def spanning():
    qj.IsingZZ(0.25, wires=[0, 2])
    qj.adjoint(qj.ISWAP(wires=[1, 2]))
    qj.adjoint(qj.S(0))
    qj.Barrier(wires=[0, 1, 2])
    qj.adjoint(qj.T(1))
    return qj.expval(qj.Z(1))


def reset_and_cond():
    qj.H(0)
    m = qj.measure(0, reset=True)
    qj.cond(m, qj.X)(wires=1)
    return qj.expval(qj.Z(1))


def outcomes():
    qj.H(0)
    qj.H(1)
    m0 = qj.measure(0)
    m1 = qj.measure(1, postselect=1)
    qj.cond(m0 & m1, qj.RX)(0.5, wires=2)
    return qj.expval(qj.Z(2)), qj.probs(op=m0)


def prepared_and_noisy():
    qj.StatePrep(np.array([0.6, 0.8]), wires="a")
    qj.BasisState(np.array([1, 0]), wires=["b", "c"])
    qj.BitFlip(0.1, wires="a")
    qj.AmplitudeDamping(0.5, wires="c")
    return qj.density_matrix(wires=["a"]), qj.purity(wires=["b", "c"]), qj.probs(wires=["c"])


def sparse():
    qj.H(2)
    qj.CNOT(wires=[2, 0])
    return qj.expval(qj.Z(0))


def wide():
    for i in range(6):
        qj.RX(0.5 * i, wires=0)
    qj.CNOT(wires=[0, 1])
    return qj.expval(qj.Z(1))


def _layer(angles):
    qj.RY(angles[0], wires=0)
    qj.CZ(wires=[0, 1])


def layered(angles):
    qj.repeat(_layer, angles)
    return qj.probs(wires=[1])


def entangler(weights):
    qj.templates.BasicEntanglerLayers(weights, wires=range(3))
    return qj.probs()


def unitaries():
    flip = np.array([[0, 1], [1, 0]])
    qj.QubitUnitary(flip, wires=0)
    qj.ctrl(qj.QubitUnitary(flip, wires=1), control=0)
    return qj.state()


def test_bell():
    expected = _lines(
        "0: ──H─╭●─┤  <Z@Z>",
        "1: ────╰X─┤  <Z@Z>",
    )
    assert qj.draw(bell, wires=2)() == expected


def test_a_qj_circuit_is_drawn_with_its_own_wires():
    assert qj.draw(qj.circuit(bell, wires=2))() == qj.draw(bell, wires=2)()


def test_parameters_rounded_to_two_decimals():
    expected = _lines(
        "0: ──RX(0.12)─────────────╭RZ(0.12)─┤  <X>",
        "1: ──Rot(0.10,-1.50,0.30)─╰●────────┤  Var[Y]",
    )
    assert qj.draw(rotations, wires=2, decimals=2)(0.123, -1.5) == expected


def test_no_parameters_with_decimals_none():
    expected = _lines(
        "0: ──RX──╭RZ─┤  <X>",
        "1: ──Rot─╰●──┤  Var[Y]",
    )
    assert qj.draw(rotations, wires=2, decimals=None)(0.123, -1.5) == expected


def test_controls_with_control_values_zero_and_one():
    expected = _lines(
        "0: ──╭○────────╭○─╭●─┤  Probs",
        "1: ──├●────────├X─├●─┤  Probs",
        "2: ──╰RY(0.50)─╰●─╰X─┤  Probs",
    )
    assert qj.draw(controls, wires=3)() == expected


def test_gate_spanning_an_uninvolved_wire_adjoints_and_a_barrier():
    expected = _lines(
        "0: ──╭IsingZZ(0.25)─S†──────║────┤",
        "1: ──│──────────────╭ISWAP†─║─T†─┤  <Z>",
        "2: ──╰IsingZZ(0.25)─╰ISWAP†─║────┤",
    )
    assert qj.draw(spanning, wires=3)() == expected


def test_mid_circuit_measurement_with_reset_conditions_a_gate():
    expected = _lines(
        "0: ──H─┤↗│  │0⟩───┤",
        "1: ─────║───────X─┤  <Z>",
        "        ╚═══════╝",
    )
    assert qj.draw(reset_and_cond, wires=2)() == expected


def test_postselection_a_condition_on_two_outcomes_and_an_outcome_readout():
    expected = _lines(
        "0: ──H─┤↗├───────────────┤",
        "1: ──H──║──┤↗₁├──────────┤",
        "2: ─────║───║───RX(0.50)─┤  <Z>",
        "        ╚═══╬═══╬════════╡  Probs",
        "            ╚═══╝",
    )
    assert qj.draw(outcomes, wires=3)() == expected


def test_state_preparations_channels_string_wires_and_measurements():
    expected = _lines(
        "a: ──|Ψ⟩──BitFlip(0.10)──────────┤  \u03c1",  # rho: a density matrix
        "b: ──╭|1⟩────────────────────────┤  Purity",
        "c: ──╰|0⟩─AmplitudeDamping(0.50)─┤  Purity  Probs",
    )
    assert qj.draw(prepared_and_noisy, wires=["a", "b", "c"])() == expected


def test_noise_model_channels_are_drawn():
    flip = qj.circuit(lambda: (qj.X(0), qj.expval(qj.Z(0)))[1], wires=1)
    model = qj.NoiseModel({qj.noise.op_eq(qj.X): qj.noise.partial_wires(qj.BitFlip, 0.25)})
    assert qj.draw(qj.add_noise(flip, model))() == "0: ──X─BitFlip(0.25)─┤  <Z>"


def test_unused_wires_are_hidden_unless_show_all_wires():
    hidden = _lines(
        "0: ────╭X─┤  <Z>",
        "2: ──H─╰●─┤",
    )
    shown = _lines(
        "0: ────╭X─┤  <Z>",
        "1: ────│──┤",
        "2: ──H─╰●─┤",
        "3: ───────┤",
    )
    assert qj.draw(sparse, wires=4)() == hidden
    assert qj.draw(sparse, wires=4, show_all_wires=True)() == shown


def test_wire_order():
    expected = _lines(
        "2: ──H─╭●─┤",
        "0: ────╰X─┤  <Z>",
    )
    assert qj.draw(sparse, wires=4, wire_order=[2, 0])() == expected


def test_wide_drawing_wraps_at_max_length():
    first = _lines(
        "0: ──RX(0.00)─RX(0.50)─RX(1.00)─RX(1.50)",
        "1: ─────────────────────────────────────",
    )
    second = _lines(
        "──RX(2.00)─RX(2.50)─╭●─┤",
        "────────────────────╰X─┤  <Z>",
    )
    text = qj.draw(wide, wires=2, max_length=40)()
    assert text == first + "\n\n" + second
    assert max(len(line) for line in text.splitlines()) <= 40


@pytest.mark.parametrize("max_length", [12, 30, 45, 70])
def test_wrapped_blocks_join_into_the_unwrapped_drawing(max_length):
    def circuit(angles):
        for i, angle in enumerate(angles):
            qj.RY(angle, wires=i % 3)
            qj.CNOT(wires=[i % 3, (i + 1) % 3])
        m = qj.measure(0)
        qj.cond(m, qj.X)(wires=2)
        return qj.expval(qj.Z(2))

    angles = [0.1 * i for i in range(7)]
    whole = qj.draw(circuit, wires=3, max_length=1000)(angles).split("\n")[:3]
    blocks = [
        block.split("\n")
        for block in qj.draw(circuit, wires=3, max_length=max_length)(angles).split("\n\n")
    ]
    assert len(blocks) > 1
    one_column = len("0: ─") + len("─RY(0.60)")  # a block holds at least one column
    for row, line in enumerate(whole):
        joined = blocks[0][row] + "".join(block[row][1:] for block in blocks[1:])
        assert joined == line
    for block in blocks[:-1]:
        assert len({len(line) for line in block[:3]}) == 1
        assert len(block[0]) <= max(max_length, one_column)


def test_repeated_layers_are_drawn_layer_by_layer():
    expected = _lines(
        "0: ──RY(0.10)─╭●─RY(0.20)─╭●─┤",
        "1: ───────────╰Z──────────╰Z─┤  Probs",
    )
    assert qj.draw(layered, wires=2)(jnp.array([[0.1], [0.2]])) == expected


def test_templates_appear_as_their_gates():
    expected = _lines(
        "0: ──RX(0.10)─╭●────╭X─┤  Probs",
        "1: ──RX(0.20)─╰X─╭●─│──┤  Probs",
        "2: ──RX(0.30)────╰X─╰●─┤  Probs",
    )
    assert qj.draw(entangler, wires=3)(jnp.array([[0.1, 0.2, 0.3]])) == expected


def test_matrices_are_named_and_listed_once():
    expected = _lines(
        "0: ──U(M0)─╭●─────┤  State",
        "1: ────────╰U(M0)─┤  State",
        "",
        "M0 =",
        "[[0 1]",
        " [1 0]]",
    )
    assert qj.draw(unitaries, wires=2)() == expected
    assert "M0 =" not in qj.draw(unitaries, wires=2, show_matrices=False)()


def test_observable_labels_pauli_words_and_a_global_phase():
    def circuit():
        qj.PauliRot(0.1, "XY", wires=[0, 1])
        qj.GlobalPhase(0.2)
        hamiltonian = qj.Z(0) + 0.5 * qj.X(1)
        return (
            qj.expval(hamiltonian),
            qj.expval(0.5 * qj.Z(0)),
            qj.var(qj.Hermitian(np.eye(2), wires=1)),
        )

    script_h = "\U0001d4d7"  # a sum of observables, or a Hermitian matrix
    expected = _lines(
        f"0: ──╭RXY(0.10)─╭GlobalPhase(0.20)─┤  <{script_h}>  <0.50*Z>",
        f"1: ──╰RXY(0.10)─╰GlobalPhase(0.20)─┤  <{script_h}>  Var[{script_h}(M0)]",
        "",
        "M0 =",
        "[[1. 0.]",
        " [0. 1.]]",
    )
    assert qj.draw(circuit, wires=2)() == expected


def test_conditioned_repeated_layers_are_unrolled():
    def circuit(angles):
        m = qj.measure(1)
        qj.cond(m, lambda: qj.repeat(_layer, angles))()
        return qj.probs(wires=[0])

    expected = _lines(
        "0: ──────RY(0.10)─╭●─RY(0.20)─╭●─┤  Probs",
        "1: ──┤↗├─║────────├Z─║────────├Z─┤",
        "      ╚══╩════════╩══╩════════╝",
    )
    assert qj.draw(circuit, wires=2)(jnp.array([[0.1], [0.2]])) == expected


def test_traced_parameters_are_shown_by_name_under_jit():
    def circuit(theta):
        qj.RX(theta, wires=0)
        qj.RY(0.5, wires=0)
        return qj.expval(qj.Z(0))

    drawings = []

    def traced(theta):
        drawings.append(qj.draw(circuit, wires=1)(theta))
        return theta

    jax.jit(traced)(0.3)
    assert drawings == ["0: ──RX(theta)─RY(0.50)─┤  <Z>"]


def test_key_of_a_sampled_circuit_is_not_passed_to_the_function():
    sampled = qj.circuit(bell, wires=2, shots=10)
    assert qj.draw(sampled)(key=jax.random.key(0)) == qj.draw(bell, wires=2)()


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"decimals": -1}, ParameterError),
        ({"decimals": "2"}, ParameterError),
        ({"max_length": 0}, CircuitError),
        ({"show_all_wires": "yes"}, CircuitError),
    ],
)
def test_bad_options_raise_before_recording(kwargs, error):
    with pytest.raises(error):
        qj.draw(bell, wires=2, **kwargs)


@pytest.mark.parametrize("wire_order", [[5], [0, 0], "01"])
def test_bad_wire_order_raises(wire_order):
    with pytest.raises(WireError, match="wire_order"):
        qj.draw(bell, wires=2, wire_order=wire_order)()


def test_plain_function_needs_wires_and_a_circuit_takes_none():
    with pytest.raises(WireError, match="wires=2"):
        qj.draw(bell)
    with pytest.raises(WireError, match="has its wires already"):
        qj.draw(qj.circuit(bell, wires=2), wires=3)
    with pytest.raises(CircuitError, match="quantum function"):
        qj.draw(42, wires=2)


# --- draw_mpl --------------------------------------------------------------------------------


def test_importing_qjax_does_not_import_matplotlib():
    check = "import sys, qjax; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def _gids(artists, gid):
    return [artist for artist in artists if artist.get_gid() == gid]


def _texts(ax):
    return sorted(text.get_text() for text in ax.texts)


def test_mpl_bell():
    fig, ax = qj.draw_mpl(bell, wires=2)()
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(_gids(ax.patches, "gate")) == 1
    assert len(_gids(ax.patches, "control")) == 1
    assert len(_gids(ax.patches, "target")) == 1
    assert len(_gids(ax.lines, "wire")) == 2
    assert len(_gids(ax.lines, "connector")) == 1
    assert _texts(ax) == ["0", "1", "<Z@Z>", "<Z@Z>", "H"]
    fig.savefig(io.BytesIO(), format="png")


def test_mpl_control_values_fill_the_dots():
    _, ax = qj.draw_mpl(controls, wires=3)()
    dots = _gids(ax.patches, "control")
    filled = [dot for dot in dots if dot.get_facecolor() == dot.get_edgecolor()]
    assert (len(dots), len(filled)) == (6, 4)
    assert len(_gids(ax.patches, "target")) == 2
    assert _texts(ax) == ["0", "1", "2", "Probs", "Probs", "Probs", "RY(0.50)"]


def test_mpl_swaps_barriers_and_boxes():
    def circuit():
        qj.SWAP(wires=[0, 1])
        qj.Barrier(wires=[0, 1])
        qj.CSWAP(wires=[2, 0, 1])
        qj.IsingXX(0.5, wires=[0, 2])
        return qj.state()

    _, ax = qj.draw_mpl(circuit, wires=3)()
    assert len(_gids(ax.lines, "swap")) == 8
    assert len(_gids(ax.lines, "barrier")) == 1
    assert len(_gids(ax.patches, "gate")) == 1
    assert len(_gids(ax.patches, "control")) == 1
    assert "IsingXX(0.50)" in _texts(ax)


def test_mpl_measurement_reset_and_condition():
    _, ax = qj.draw_mpl(reset_and_cond, wires=2)()
    assert len(_gids(ax.patches, "measure")) == 1
    assert len(_gids(ax.patches, "meter")) == 1
    assert len(_gids(ax.lines, "classical")) == 2
    assert len(_gids(ax.lines, "link")) == 4
    assert _texts(ax) == ["0", "1", "<Z>", "H", "X", "|0⟩"]


def test_mpl_wire_order_and_style():
    _, ax = qj.draw_mpl(sparse, wires=4, wire_order=[2, 0], style={"facecolor": "yellow"})()
    (box,) = _gids(ax.patches, "gate")
    assert box.get_facecolor() == matplotlib.colors.to_rgba("yellow")
    labels = {text.get_text(): text.get_position()[1] for text in _gids(ax.texts, "wire_label")}
    assert labels == {"2": 0, "0": 1}


def test_mpl_under_jit_labels_traced_parameters_by_name():
    def circuit(theta):
        qj.RX(theta, wires=0)
        return qj.expval(qj.Z(0))

    texts = []

    def traced(theta):
        _, ax = qj.draw_mpl(circuit, wires=1)(theta)
        texts.append(_texts(ax))
        return theta

    jax.jit(traced)(0.3)
    assert texts == [["0", "<Z>", "RX(theta)"]]


@pytest.mark.parametrize("style", [{"colour": "red"}, "dark"])
def test_mpl_bad_style_raises(style):
    with pytest.raises(CircuitError, match="style"):
        qj.draw_mpl(bell, wires=2, style=style)
