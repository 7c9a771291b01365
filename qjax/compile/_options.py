"""Which compiler passes run, and how far fusion may reach."""

import dataclasses

import jax

from qjax.errors import CircuitError

MAX_FUSED_WIRES = {"cpu": 4, "gpu": 4, "tpu": 4}
"""Fusion width by backend: the widest block that costs less than its parts.

On a 2-core CPU one pass of a dense k-qubit block over a 20-qubit state took
0.9, 1.4, 1.4, 1.9 and 3.1 ms for k = 1..5. The hardware-efficient ansatz
(20 qubits, depth 10) ran in 584, 332, 352 and 375 ms for k = 2..5, and
batched (10 qubits, 1024 inputs) in 207 ms for k = 3 and 192 ms for k = 4.
GPUs and TPUs keep the same width until a measurement says otherwise.
"""

MIN_FUSION_WIRES = 10
"""Fusion runs on circuits of at least this many qubits; smaller ones go gate by gate.

Building a fused block's matrix costs about as much as applying its gates to a
state of twice its width, and under ``vmap`` with per-sample angles (an
embedding) every sample builds its own. One run of the hardware-efficient
classifier (angle embedding, 3 entangling layers, ``<Z>`` of every qubit),
forward / gradient with fusion vs without: 17 / 112 ms vs 4.4 / 13 ms at 4
qubits x 1024 inputs, 7.8 / 20 vs 2.4 / 5.9 ms at 6 x 256, 10 / 66 vs 12 / 24 ms
at 8 x 256, but 5.6 / 16 vs 13 / 28 ms at 10 x 64 and 1.5 / 3.2 vs 2.8 / 8.6 ms
at 14 qubits, one input.
"""

MIN_SCAN_GATES = 128
"""Repeated layers become scans only in circuits of at least this many gates.

A scan keeps compile time flat in depth but costs every layer a loop step;
a short circuit compiles quickly unrolled and runs faster so. One run of the
gradient of a 4-qubit classifier, batched: at depth 3 (about 30 gates) 3.7 ms
unrolled vs 11 ms scanned, both compiling in 1.6 s; at depth 50 unrolled ran
in 9.7 ms vs 47 ms but took 13 s to compile vs 3.8 s, and at depth 200 144 s
vs 25 s. ``qj.repeat`` scans whatever the size.
"""

MAX_DIAGONAL_WIRES = 12
"""Diagonal gates merge into one phase multiply over at most this many wires (4096 phases)."""


@dataclasses.dataclass(frozen=True)
class CompileOptions:
    """The compiler passes a circuit goes through before it is simulated.

    Every pass is exact: switching one off changes speed, never results
    (beyond rounding).

    Attributes:
      cancel_inverses: drop adjacent gate pairs that multiply to the identity
        (``H H``, ``S Sdg``, ``CNOT CNOT``).
      merge_rotations: add the angles of adjacent rotations of one kind on
        the same wires (``RX(a) RX(b)`` becomes ``RX(a + b)``).
      scan_repeats: run a block of gates repeated with the same structure
        (the layers of a Python loop) as one ``lax.scan``, so trace and
        compile time do not grow with depth.
      min_repeats: the fewest repetitions worth a scan.
      min_scan_gates: scans apply only to circuits of at least this many
        gates (see :data:`MIN_SCAN_GATES`).
      fuse: multiply runs of gates on at most ``max_fused_wires`` wires into
        one matrix, diagonal gates into one phase multiply and basis
        permutations into one index map.
      max_fused_wires: the widest dense block; ``None`` takes the default
        backend's entry of :data:`MAX_FUSED_WIRES`.
      max_diagonal_wires: the widest merged diagonal.
      min_fusion_wires: fusion applies only to circuits of at least this many
        qubits (see :data:`MIN_FUSION_WIRES`).

    >>> CompileOptions(fuse=False).fuse, CompileOptions.none().scan_repeats
    (False, False)
    """

    cancel_inverses: bool = True
    merge_rotations: bool = True
    scan_repeats: bool = True
    min_repeats: int = 2
    min_scan_gates: int = MIN_SCAN_GATES
    fuse: bool = True
    max_fused_wires: int | None = None
    max_diagonal_wires: int = MAX_DIAGONAL_WIRES
    min_fusion_wires: int = MIN_FUSION_WIRES

    def __post_init__(self) -> None:
        if self.min_repeats < 2:
            raise CircuitError(f"min_repeats must be at least 2, got {self.min_repeats}")
        if self.max_fused_wires is not None and self.max_fused_wires < 1:
            raise CircuitError(f"max_fused_wires must be at least 1, got {self.max_fused_wires}")
        if self.min_scan_gates < 1:
            raise CircuitError(f"min_scan_gates must be at least 1, got {self.min_scan_gates}")
        if self.min_fusion_wires < 1:
            raise CircuitError(f"min_fusion_wires must be at least 1, got {self.min_fusion_wires}")
        if self.max_diagonal_wires < 1:
            raise CircuitError(
                f"max_diagonal_wires must be at least 1, got {self.max_diagonal_wires}"
            )

    @classmethod
    def none(cls) -> "CompileOptions":
        """Every pass off: the gates run one by one, as recorded."""
        return cls(cancel_inverses=False, merge_rotations=False, scan_repeats=False, fuse=False)

    @property
    def fused_wires(self) -> int:
        """The dense fusion width in effect."""
        if self.max_fused_wires is not None:
            return self.max_fused_wires
        return MAX_FUSED_WIRES.get(jax.default_backend(), MAX_FUSED_WIRES["cpu"])


DEFAULT_OPTIONS = CompileOptions()
"""Every pass on, fusion at the default backend's width."""


def as_options(compile: "CompileOptions | bool") -> CompileOptions:
    """``True`` is the default passes, ``False`` none, an options object itself.

    >>> as_options(False) == CompileOptions.none()
    True
    """
    if isinstance(compile, CompileOptions):
        return compile
    if isinstance(compile, bool):
        return CompileOptions() if compile else CompileOptions.none()
    raise CircuitError(f"compile must be True, False or a qj.CompileOptions(...), got {compile!r}")
