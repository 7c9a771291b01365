"""The circuit compiler: exact rewrites that make a circuit cheaper to simulate.

Each pass maps a list of gates to an equivalent one, and
:class:`CompileOptions` switches each on or off.
"""

from qjax.compile._deferred import (
    defer_measurements,
    for_method,
    has_mid_measurements,
)
from qjax.compile._fuse import FusionLimits, expand_sequences, fuse_gates
from qjax.compile._fused import Fused, Repeat, is_permutation
from qjax.compile._layers import repeat
from qjax.compile._options import (
    DEFAULT_OPTIONS,
    MAX_DIAGONAL_WIRES,
    MAX_FUSED_WIRES,
    CompileOptions,
    as_options,
)
from qjax.compile._pipeline import compile_circuit
from qjax.compile._repeat import longest_repeat, scan_repeats, structure
from qjax.compile._simplify import cancel_pair, combine_adjacent, merge_pair

__all__ = [
    "DEFAULT_OPTIONS", "MAX_DIAGONAL_WIRES", "MAX_FUSED_WIRES", "CompileOptions", "Fused",
    "FusionLimits", "Repeat", "as_options", "cancel_pair", "combine_adjacent", "compile_circuit",
    "expand_sequences", "fuse_gates", "is_permutation", "longest_repeat", "merge_pair", "repeat",
    "scan_repeats", "structure", "defer_measurements", "for_method",
    "has_mid_measurements",
]  # fmt: skip
