"""Embeddings: classical data written into rotation angles, amplitudes or basis states.

Each follows PennyLane's template of the same name: the same arguments, gate
order, wire order, padding and normalisation.
"""

from collections.abc import Sequence
from itertools import combinations
from typing import Any

import jax.numpy as jnp
import numpy as np
from jax.typing import ArrayLike

from qjax._dtypes import complex_dtype, is_traced, real_dtype
from qjax.errors import ParameterError, WireError
from qjax.ops import NORM_ATOL, RX, RY, RZ, H, MultiRZ, Operation, PhaseShift, StatePrep, X
from qjax.templates._common import as_array, template_wires

ROTATIONS: dict[str, type[Operation]] = {"X": RX, "Y": RY, "Z": RZ}
"""The rotation gate of each ``rotation="X" | "Y" | "Z"`` option."""


def rotation_gate(rotation: object, owner: str) -> type[Operation]:
    """The gate class of a ``rotation`` option, or a :class:`ParameterError` naming ``owner``.

    >>> rotation_gate("Y", "AngleEmbedding").__name__
    'RY'
    """
    if not isinstance(rotation, str) or rotation not in ROTATIONS:
        raise ParameterError(f"{owner} rotation must be 'X', 'Y' or 'Z', got {rotation!r}")
    return ROTATIONS[rotation]


def check_features(features: Any, num_wires: int, owner: str, name: str = "features") -> Any:
    """``features`` as an array of shape ``(N,)`` with ``N <= num_wires``, else an error.

    >>> check_features([0.1, 0.2], 3, "AngleEmbedding").shape
    (2,)
    """
    features = as_array(features)
    shape = np.shape(features)
    if len(shape) != 1 or shape[0] > num_wires:
        raise ParameterError(
            f"{owner} {name} must have shape (N,) with N <= {num_wires} wires, "
            f"got shape {shape}; batch with jax.vmap"
        )
    return features


def embed_angles(features: Any, wires: Sequence[Any], gate: type[Operation]) -> None:
    """Applies ``gate(features[i])`` on ``wires[i]`` for every feature (checked already)."""
    for index in range(np.shape(features)[0]):
        gate(features[index], wires=[wires[index]])


def AngleEmbedding(features: ArrayLike, wires: object, rotation: str = "X") -> None:
    """Encodes ``N`` features as rotation angles on the first ``N`` of ``wires``.

    As in PennyLane, there may be fewer features than wires: the remaining
    wires get no rotation.

    Args:
      features: array of shape ``(N,)`` with ``N <= len(wires)``.
      wires: the wires to encode on.
      rotation: ``"X"``, ``"Y"`` or ``"Z"``, the rotation axis.

    Raises:
      ParameterError: ``features`` has the wrong shape, or ``rotation`` is unknown.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def embed(x):
    ...     qj.templates.AngleEmbedding(x, wires=range(3), rotation="Y")
    ...     return qj.probs()
    >>> [op.name for op in qj.record(embed, wires=3)(jnp.ones(2)).operations]
    ['RY', 'RY']
    """
    wires = template_wires(wires, "AngleEmbedding", "AngleEmbedding(x, wires=range(4))")
    gate = rotation_gate(rotation, "AngleEmbedding")
    features = check_features(features, len(wires), "AngleEmbedding")
    embed_angles(features, wires, gate)


def AmplitudeEmbedding(
    features: ArrayLike, wires: object, pad_with: complex | None = None, normalize: bool = False
) -> None:
    """Prepares ``n`` wires in the state whose ``2**n`` amplitudes are ``features``.

    A state preparation (a :class:`~qjax.ops.StatePrep`): it must come before
    any gate of the circuit. As in PennyLane, ``pad_with`` fills the missing
    amplitudes of a shorter ``features`` with a constant *before* normalising;
    the vector is normalised when ``normalize=True`` or when ``pad_with`` is
    nonzero. A concrete vector that is not normalised otherwise is an error
    (a traced one is trusted).

    Args:
      features: array of shape ``(2**n,)``, or ``(K,)`` with ``K <= 2**n`` when padding;
        real or complex.
      wires: the ``n`` wires to prepare.
      pad_with: the constant to pad with, or ``None`` for no padding.
      normalize: whether to divide the (padded) vector by its norm.

    Raises:
      ParameterError: ``features`` has the wrong length or norm, or ``pad_with`` is not a
        static number.

    >>> import jax.numpy as jnp, qjax as qj
    >>> @qj.circuit(wires=2)
    ... def prepared(x):
    ...     qj.templates.AmplitudeEmbedding(x, wires=[0, 1], pad_with=1.0)
    ...     return qj.probs()
    >>> prepared(jnp.array([1.0, 1.0, 1.0]))  # padded to [1, 1, 1, 1], then normalised
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)
    """
    owner = "AmplitudeEmbedding"
    wires = template_wires(wires, owner, f"{owner}(x, wires=range(2))")
    dim = 2 ** len(wires)
    features = as_array(features)
    shape = np.shape(features)
    if pad_with is not None and (is_traced(pad_with) or np.ndim(pad_with) != 0):
        raise ParameterError(f"{owner} pad_with must be a number or None, got {pad_with!r}")
    if len(shape) != 1 or (shape[0] != dim if pad_with is None else not 0 < shape[0] <= dim):
        wanted = f"({dim},)" if pad_with is None else f"(K,) with 1 <= K <= {dim}"
        if len(shape) != 1:
            hint = "; batch with jax.vmap"
        elif pad_with is None and shape[0] < dim:
            hint = "; pad shorter features with pad_with=0.0"
        else:
            hint = ""
        raise ParameterError(
            f"{owner} features must have shape {wanted} for {len(wires)} wires, "
            f"got shape {shape}{hint}"
        )
    rescale = bool(normalize) or (pad_with is not None and complex(pad_with) != 0)
    vector = jnp.asarray(features, complex_dtype())
    if shape[0] < dim:
        padding = jnp.full((dim - shape[0],), pad_with, complex_dtype())
        vector = jnp.concatenate([vector, padding])
    if not is_traced(vector):
        norm = float(np.linalg.norm(np.asarray(vector)))
        if rescale and norm == 0:
            raise ParameterError(f"{owner} cannot normalise features of norm 0")
        if not rescale and abs(norm - 1) > NORM_ATOL:
            raise ParameterError(
                f"{owner} features must have norm 1 (within {NORM_ATOL}), got norm {norm:.6g}; "
                "pass normalize=True to normalise them"
            )
    StatePrep(vector, wires=wires, normalize=rescale)


def _basis_bits(features: Any, num_wires: int, owner: str) -> Any:
    """The bits of ``features`` (bits, or an integer read with the first wire most significant)."""
    features = as_array(features)
    shape = np.shape(features)
    if shape == ():
        kind = np.dtype(getattr(features, "dtype", type(features))).kind
        if kind not in "iu" or isinstance(features, bool):
            raise ParameterError(
                f"{owner} features must be bits of shape ({num_wires},) or an integer, "
                f"got {features!r}"
            )
        if not is_traced(features) and not 0 <= int(features) < 2**num_wires:
            raise ParameterError(
                f"{owner} integer features must lie in [0, {2**num_wires}) for {num_wires} "
                f"wires, got {int(features)}"
            )
        shifts = np.arange(num_wires - 1, -1, -1)
        if is_traced(features):
            return (features >> jnp.asarray(shifts, features.dtype)) & 1
        return (int(features) >> shifts) & 1
    if shape != (num_wires,):
        raise ParameterError(
            f"{owner} features must be bits of shape ({num_wires},) or an integer, got shape "
            f"{shape}; batch with jax.vmap"
        )
    if not is_traced(features) and not np.isin(np.asarray(features), (0, 1)).all():
        raise ParameterError(
            f"{owner} features must each be 0 or 1, got {np.asarray(features).tolist()}"
        )
    return features


def BasisEmbedding(features: ArrayLike, wires: object) -> None:
    """Flips the wires into the basis state ``|features>``: bits, or an integer.

    As in PennyLane, an integer is read in binary with ``wires[0]`` the most
    significant bit (``features=2`` on three wires is ``|010>``). Concrete
    features apply ``X`` to the wires whose bit is 1; traced features (under
    ``jit`` or ``vmap``) apply ``PhaseShift(b pi/2) RX(b pi) PhaseShift(b pi/2)``
    on every wire, which is ``X`` when ``b = 1`` and the identity when
    ``b = 0``, so the circuit's structure does not depend on the data.

    Args:
      features: 0/1 array of shape ``(len(wires),)``, or an integer in ``[0, 2**len(wires))``.
      wires: the wires to encode on.

    Raises:
      ParameterError: the features are not bits of the right length, or the
        integer is out of range.

    >>> import qjax as qj
    >>> def embed(x):
    ...     qj.templates.BasisEmbedding(x, wires=range(3))
    ...     return qj.probs()
    >>> qj.record(embed, wires=3)(6).operations
    (X(wires=[0]), X(wires=[1]))
    """
    owner = "BasisEmbedding"
    wires = template_wires(wires, owner, f"{owner}([1, 0, 1], wires=range(3))")
    bits = _basis_bits(features, len(wires), owner)
    if not is_traced(bits):
        for wire, bit in zip(wires, np.asarray(bits).tolist(), strict=True):
            if bit == 1:
                X(wires=[wire])
        return
    angles = jnp.asarray(bits, real_dtype()) * np.pi
    for index, wire in enumerate(wires):
        PhaseShift(angles[index] / 2, wires=[wire])
        RX(angles[index], wires=[wire])
        PhaseShift(angles[index] / 2, wires=[wire])


def _iqp_pattern(pattern: object, wires: tuple[Any, ...], owner: str) -> list[tuple[int, int]]:
    """The positions in ``wires`` of each entangled pair (default: all pairs, in order)."""
    if pattern is None:
        return list(combinations(range(len(wires)), 2))
    example = f"e.g. pattern=[{list(wires[:2])}] for wires={list(wires)}"
    if isinstance(pattern, np.ndarray):
        pattern = pattern.tolist()
    if isinstance(pattern, (str, bytes)) or not isinstance(pattern, Sequence):
        raise ParameterError(
            f"{owner} pattern must be a list of wire pairs, got {pattern!r}; {example}"
        )
    positions = []
    for pair in pattern:
        pair = tuple(pair) if isinstance(pair, (list, tuple)) else (pair,)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise WireError(
                f"{owner} pattern entries must be pairs of distinct wires, got {pair!r}; {example}"
            )
        unknown = [w for w in pair if w not in wires]
        if unknown:
            raise WireError(
                f"{owner} pattern uses wire(s) {unknown} that are not in wires={list(wires)}"
            )
        positions.append((wires.index(pair[0]), wires.index(pair[1])))
    return positions


def IQPEmbedding(
    features: ArrayLike, wires: object, n_repeats: int = 1, pattern: object = None
) -> None:
    """Encodes ``n`` features into ``n`` wires with the diagonal gates of an IQP circuit.

    The layer, repeated ``n_repeats`` times, is PennyLane's: on every wire
    ``i`` a Hadamard then ``RZ(features[i])``, then for every pair ``(a, b)``
    of the pattern ``MultiRZ(features[i] * features[j], wires=[a, b])``, where
    ``i`` and ``j`` are the positions of ``a`` and ``b`` in ``wires``. The
    default pattern is every pair of wires, ``itertools.combinations(wires, 2)``.

    Args:
      features: array of shape ``(len(wires),)``.
      wires: the wires to encode on.
      n_repeats: how many times the layer is applied, at least 1.
      pattern: a list of wire pairs ``[[a, b], [c, d], ...]``, or ``None`` for all pairs.

    Raises:
      ParameterError: ``features`` has the wrong shape or ``n_repeats`` is not positive.
      WireError: a pattern pair is not two distinct wires of ``wires``.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def embed(x):
    ...     qj.templates.IQPEmbedding(x, wires=range(3), pattern=[[0, 2]])
    ...     return qj.probs()
    >>> [op.name for op in qj.record(embed, wires=3)(jnp.ones(3)).operations]
    ['H', 'RZ', 'H', 'RZ', 'H', 'RZ', 'MultiRZ']
    """
    owner = "IQPEmbedding"
    wires = template_wires(wires, owner, f"{owner}(x, wires=range(3))")
    features = as_array(features)
    shape = np.shape(features)
    if shape != (len(wires),):
        raise ParameterError(
            f"{owner} features must have shape ({len(wires)},), one per wire, got shape "
            f"{shape}; batch with jax.vmap"
        )
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, int) or n_repeats < 1:
        raise ParameterError(f"{owner} n_repeats must be a positive int, got {n_repeats!r}")
    pairs = _iqp_pattern(pattern, wires, owner)
    for _ in range(n_repeats):
        for index, wire in enumerate(wires):
            H(wires=[wire])
            RZ(features[index], wires=[wire])
        for first, second in pairs:
            MultiRZ(features[first] * features[second], wires=[wires[first], wires[second]])
