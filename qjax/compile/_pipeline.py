"""The compiler: the recorded circuit through each enabled pass, in order."""

import dataclasses

from qjax.circuit import Circuit
from qjax.compile._fuse import FusionLimits, expand_sequences, fuse_gates
from qjax.compile._options import DEFAULT_OPTIONS, CompileOptions
from qjax.compile._repeat import scan_repeats
from qjax.compile._simplify import cancel_pair, combine_adjacent, merge_pair


def compile_circuit(circuit: Circuit, options: CompileOptions = DEFAULT_OPTIONS) -> Circuit:
    """The circuit after the passes ``options`` enables; it prepares the same final state.

    The passes run in this order: (when fusing) expand composite gates into
    their parts, cancel adjacent inverses (the basis changes between two
    Pauli rotations cancel), merge adjacent rotations, lower repeated blocks
    to scans, fuse. Fusion works inside each
    scanned block and between them, never across one. Scans apply to circuits
    of at least ``options.min_scan_gates`` gates, fusion to circuits of at
    least ``options.min_fusion_wires`` qubits.

    >>> import qjax as qj
    >>> def layers(angles):
    ...     for a in angles:
    ...         qj.RY(a, wires=0)
    ...         qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> options = CompileOptions(min_fusion_wires=1, min_scan_gates=1)
    >>> compiled = compile_circuit(qj.record(layers, wires=2)([0.1, 0.2, 0.3]), options)
    >>> compiled.gates
    (Repeat([Fused], count=3),)
    """
    fuse = options.fuse and circuit.num_wires >= options.min_fusion_wires
    gates = expand_sequences(circuit.gates) if fuse else list(circuit.gates)
    if options.cancel_inverses:
        gates = combine_adjacent(gates, cancel_pair)
    if options.merge_rotations:
        gates = combine_adjacent(gates, merge_pair)
    if options.scan_repeats and len(gates) >= options.min_scan_gates:
        gates = scan_repeats(gates, options.min_repeats)
    if fuse:
        limits = FusionLimits(dense=options.fused_wires, diagonal=options.max_diagonal_wires)
        gates = fuse_gates(gates, limits, order=circuit.axis)
    return dataclasses.replace(circuit, operations=circuit.preparations + tuple(gates))
