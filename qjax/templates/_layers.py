"""Layered ansätze: trainable rotations followed by entanglers.

BasicEntanglerLayers, StronglyEntanglingLayers and SimplifiedTwoDesign follow
PennyLane's templates of the same names (gate order, wire order, ranges);
HardwareEfficientAnsatz is the ansatz of ``benchmarks/``; DataReuploading is
qjax's own, defined in its docstring. Each has a ``.shape`` helper for its
weights, as PennyLane's ``shape`` static method. A Python loop over layers of
one structure is recognised by the compiler and run as one ``lax.scan``.
"""

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from jax.typing import ArrayLike

from qjax.errors import ParameterError
from qjax.ops import CNOT, CZ, RY, RZ, Operation, Rot
from qjax.templates._common import (
    as_array,
    check_gate,
    check_shape,
    count,
    ring,
    template_wires,
    with_shape,
)
from qjax.templates._embeddings import check_features, embed_angles, rotation_gate


def _layers_and_wires(owner: str, n_layers: int, n_wires: int) -> tuple[int, int]:
    owner = f"{owner}.shape"
    return count(n_layers, owner, "n_layers"), count(n_wires, owner, "n_wires")


def _hint(owner: str, num_wires: int) -> str:
    return f"; e.g. weights of shape {owner}.shape(n_layers=2, n_wires={num_wires})"


def _basic_entangler_shape(n_layers: int, n_wires: int) -> tuple[int, int]:
    """The shape of BasicEntanglerLayers' weights, ``(n_layers, n_wires)``.

    >>> BasicEntanglerLayers.shape(n_layers=2, n_wires=3)
    (2, 3)
    """
    return _layers_and_wires("BasicEntanglerLayers", n_layers, n_wires)


@with_shape(_basic_entangler_shape)
def BasicEntanglerLayers(weights: ArrayLike, wires: object, rotation: str = "X") -> None:
    """``L`` layers of one-parameter rotations on every wire, then a ring of CNOTs.

    As in PennyLane, layer ``l`` applies ``rotation(weights[l, i])`` on
    ``wires[i]`` for every ``i``, then ``CNOT(wires[i], wires[i + 1])`` around
    the ring; the ring closes (last wire to first) only with more than two
    wires, and one wire gets no CNOT.

    Args:
      weights: array of shape ``(L, len(wires))``, see ``BasicEntanglerLayers.shape``.
      wires: the wires the layers act on.
      rotation: ``"X"``, ``"Y"`` or ``"Z"``, the rotation axis.

    Raises:
      ParameterError: ``weights`` has the wrong shape, or ``rotation`` is unknown.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w):
    ...     qj.templates.BasicEntanglerLayers(w, wires=range(3))
    ...     return qj.probs()
    >>> weights = jnp.zeros(qj.templates.BasicEntanglerLayers.shape(n_layers=1, n_wires=3))
    >>> [op.name for op in qj.record(ansatz, wires=3)(weights).operations]
    ['RX', 'RX', 'RX', 'CNOT', 'CNOT', 'CNOT']
    """
    owner = "BasicEntanglerLayers"
    wires = template_wires(wires, owner, f"{owner}(w, wires=range(4))")
    gate = rotation_gate(rotation, owner)
    weights = as_array(weights)
    num_layers, _ = check_shape(
        weights, (None, len(wires)), owner, "weights", _hint(owner, len(wires))
    )
    for layer in range(num_layers):
        for index, wire in enumerate(wires):
            gate(weights[layer, index], wires=[wire])
        for control, target in ring(len(wires)):
            CNOT(wires=[wires[control], wires[target]])


def _strongly_entangling_shape(n_layers: int, n_wires: int) -> tuple[int, int, int]:
    """The shape of StronglyEntanglingLayers' weights, ``(n_layers, n_wires, 3)``.

    >>> StronglyEntanglingLayers.shape(n_layers=2, n_wires=4)
    (2, 4, 3)
    """
    return (*_layers_and_wires("StronglyEntanglingLayers", n_layers, n_wires), 3)


def _ranges(ranges: object, num_layers: int, num_wires: int, owner: str) -> tuple[int, ...]:
    """Each layer's range: PennyLane's default ``1, 2, ..., n-1, 1, 2, ...``, or checked ones."""
    if ranges is None:
        if num_wires == 1:
            return (0,) * num_layers
        return tuple(layer % (num_wires - 1) + 1 for layer in range(num_layers))
    if isinstance(ranges, np.ndarray):
        ranges = ranges.tolist()
    if isinstance(ranges, (str, bytes)) or not isinstance(ranges, Sequence):
        raise ParameterError(
            f"{owner} ranges must be a sequence of ints, one per layer, got {ranges!r}"
        )
    if len(ranges) != num_layers:
        raise ParameterError(
            f"{owner} ranges must have one entry per layer ({num_layers}), got {len(ranges)}"
        )
    for value in ranges:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ParameterError(f"{owner} ranges must be ints, got {value!r}")
        if num_wires > 1 and value % num_wires == 0:
            raise ParameterError(
                f"{owner} ranges must not be 0 or a multiple of the number of wires "
                f"({num_wires}), got {value}"
            )
    return tuple(int(value) for value in ranges)


@with_shape(_strongly_entangling_shape)
def StronglyEntanglingLayers(
    weights: ArrayLike,
    wires: object,
    ranges: Sequence[int] | None = None,
    imprimitive: type[Operation] | None = CNOT,
) -> None:
    """``L`` layers of general rotations on every wire, then entanglers of a given range.

    PennyLane's template (the circuit-centric classifier, arXiv:1804.00633):
    layer ``l`` applies ``Rot(*weights[l, i])`` on ``wires[i]`` for every
    ``i``, then, with more than one wire, ``imprimitive`` on
    ``(wires[i], wires[(i + r) % n])`` for ``i = 0, ..., n-1``, where ``r`` is
    the layer's range. The default ranges cycle through ``1, ..., n-1``:
    ``r = l % (n - 1) + 1``.

    Args:
      weights: array of shape ``(L, len(wires), 3)``, see ``StronglyEntanglingLayers.shape``.
      wires: the wires the layers act on.
      ranges: one range per layer, none 0 or a multiple of ``len(wires)``, or
        ``None`` for the default.
      imprimitive: the parameter-free two-wire gate class (``None``: CNOT).

    Raises:
      ParameterError: ``weights``, ``ranges`` or ``imprimitive`` is malformed.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w):
    ...     qj.templates.StronglyEntanglingLayers(w, wires=range(3), imprimitive=qj.CZ)
    ...     return qj.probs()
    >>> weights = jnp.zeros(qj.templates.StronglyEntanglingLayers.shape(n_layers=2, n_wires=3))
    >>> ops = qj.record(ansatz, wires=3)(weights).operations
    >>> [op.wires for op in ops if op.name == "CZ"]
    [(0, 1), (1, 2), (2, 0), (0, 2), (1, 0), (2, 1)]
    """
    owner = "StronglyEntanglingLayers"
    wires = template_wires(wires, owner, f"{owner}(w, wires=range(4))")
    num_wires = len(wires)
    weights = as_array(weights)
    num_layers, _, _ = check_shape(
        weights, (None, num_wires, 3), owner, "weights", _hint(owner, num_wires)
    )
    gate = check_gate(imprimitive or CNOT, owner, "imprimitive", num_params=0, num_wires=2)
    layer_ranges = _ranges(ranges, num_layers, num_wires, owner)
    for layer in range(num_layers):
        for index, wire in enumerate(wires):
            Rot(*(weights[layer, index, k] for k in range(3)), wires=[wire])
        if num_wires > 1:
            for index in range(num_wires):
                partner = (index + layer_ranges[layer]) % num_wires
                gate(wires=[wires[index], wires[partner]])


def _simplified_two_design_shape(n_layers: int, n_wires: int) -> list[tuple[int, ...]]:
    """The shapes of SimplifiedTwoDesign's weights, ``[(n_wires,), (n_layers, n_wires - 1, 2)]``.

    As in PennyLane, one wire has ``(n_layers,)`` layer weights (and no layer gates).

    >>> SimplifiedTwoDesign.shape(n_layers=2, n_wires=3)
    [(3,), (2, 2, 2)]
    """
    n_layers, n_wires = _layers_and_wires("SimplifiedTwoDesign", n_layers, n_wires)
    if n_wires == 1:
        return [(1,), (n_layers,)]
    return [(n_wires,), (n_layers, n_wires - 1, 2)]


@with_shape(_simplified_two_design_shape)
def SimplifiedTwoDesign(
    initial_layer_weights: ArrayLike, weights: ArrayLike, wires: object
) -> None:
    """An RY layer, then ``L`` layers of CZ entanglers each followed by two RY rotations.

    PennyLane's template (Cerezo et al. 2021): ``RY(initial_layer_weights[i])``
    on every wire, then in each layer ``l`` an "even" block on the pairs
    ``(0, 1), (2, 3), ...`` and an "odd" block on ``(1, 2), (3, 4), ...``
    (positions in ``wires``). The ``k``-th pair ``(a, b)`` of the even block
    gets ``CZ(a, b)``, ``RY(weights[l, k, 0], a)``, ``RY(weights[l, k, 1], b)``;
    the ``k``-th pair of the odd block the same with ``weights[l, n // 2 + k]``.

    Args:
      initial_layer_weights: array of shape ``(len(wires),)``.
      weights: array of shape ``(L, len(wires) - 1, 2)`` (``(L,)`` on one
        wire), see ``SimplifiedTwoDesign.shape``.
      wires: the wires the layers act on.

    Raises:
      ParameterError: a weight array has the wrong shape.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w0, w):
    ...     qj.templates.SimplifiedTwoDesign(w0, w, wires=range(3))
    ...     return qj.probs()
    >>> shapes = qj.templates.SimplifiedTwoDesign.shape(n_layers=1, n_wires=3)
    >>> ops = qj.record(ansatz, wires=3)(*(jnp.zeros(s) for s in shapes)).operations
    >>> [(op.name, op.wires) for op in ops[3:]]  # doctest: +NORMALIZE_WHITESPACE
    [('CZ', (0, 1)), ('RY', (0,)), ('RY', (1,)), ('CZ', (1, 2)), ('RY', (1,)), ('RY', (2,))]
    """
    owner = "SimplifiedTwoDesign"
    wires = template_wires(wires, owner, f"{owner}(w0, w, wires=range(4))")
    num_wires = len(wires)
    initial_layer_weights = as_array(initial_layer_weights)
    weights = as_array(weights)
    hint = f"; e.g. weights of shapes {owner}.shape(n_layers=2, n_wires={num_wires})"
    check_shape(initial_layer_weights, (num_wires,), owner, "initial_layer_weights")
    expected = (None,) if num_wires == 1 else (None, num_wires - 1, 2)
    num_layers = check_shape(weights, expected, owner, "weights", hint)[0]
    for index, wire in enumerate(wires):
        RY(initial_layer_weights[index], wires=[wire])
    even = range(0, num_wires - 1, 2)
    odd = range(1, num_wires - 1, 2)
    for layer in range(num_layers):
        blocks = [(k, first) for k, first in enumerate(even)]
        blocks += [(num_wires // 2 + k, first) for k, first in enumerate(odd)]
        for k, first in blocks:
            CZ(wires=[wires[first], wires[first + 1]])
            RY(weights[layer, k, 0], wires=[wires[first]])
            RY(weights[layer, k, 1], wires=[wires[first + 1]])


def _hardware_efficient_shape(n_layers: int, n_wires: int) -> tuple[int, int, int]:
    """The shape of HardwareEfficientAnsatz's weights, ``(n_layers, n_wires, 2)``.

    >>> HardwareEfficientAnsatz.shape(n_layers=3, n_wires=4)
    (3, 4, 2)
    """
    return (*_layers_and_wires("HardwareEfficientAnsatz", n_layers, n_wires), 2)


@with_shape(_hardware_efficient_shape)
def HardwareEfficientAnsatz(weights: ArrayLike, wires: object) -> None:
    """``L`` layers of RY then RZ on every wire, then a CNOT ladder: the ansatz of ``benchmarks/``.

    Layer ``l`` applies ``RY(weights[l, i, 0])`` then ``RZ(weights[l, i, 1])``
    on ``wires[i]``, wire by wire, then ``CNOT(wires[i], wires[i + 1])`` for
    ``i = 0, ..., n-2`` (an open ladder, no ring).

    Args:
      weights: array of shape ``(L, len(wires), 2)``, see ``HardwareEfficientAnsatz.shape``.
      wires: the wires the layers act on.

    Raises:
      ParameterError: ``weights`` has the wrong shape.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w):
    ...     qj.templates.HardwareEfficientAnsatz(w, wires=range(2))
    ...     return qj.probs()
    >>> weights = jnp.zeros(qj.templates.HardwareEfficientAnsatz.shape(n_layers=1, n_wires=2))
    >>> [op.name for op in qj.record(ansatz, wires=2)(weights).operations]
    ['RY', 'RZ', 'RY', 'RZ', 'CNOT']
    """
    owner = "HardwareEfficientAnsatz"
    wires = template_wires(wires, owner, f"{owner}(w, wires=range(4))")
    weights = as_array(weights)
    num_layers = check_shape(
        weights, (None, len(wires), 2), owner, "weights", _hint(owner, len(wires))
    )[0]
    for layer in range(num_layers):
        for index, wire in enumerate(wires):
            RY(weights[layer, index, 0], wires=[wire])
            RZ(weights[layer, index, 1], wires=[wire])
        for index in range(len(wires) - 1):
            CNOT(wires=[wires[index], wires[index + 1]])


def _data_reuploading_shape(n_layers: int, n_wires: int) -> tuple[int, int, int]:
    """The shape of DataReuploading's weights, ``(n_layers, n_wires, 3)``.

    >>> DataReuploading.shape(n_layers=2, n_wires=2)
    (2, 2, 3)
    """
    return (*_layers_and_wires("DataReuploading", n_layers, n_wires), 3)


@with_shape(_data_reuploading_shape)
def DataReuploading(
    inputs: ArrayLike,
    weights: ArrayLike,
    wires: object,
    rotation: str = "X",
    imprimitive: type[Operation] | None = CNOT,
) -> None:
    """``L`` layers that each re-encode the inputs, then apply trainable rotations and a ring.

    Data re-uploading (Pérez-Salinas et al., Quantum 4, 226 (2020)): encoding
    the same inputs again in every layer makes the model a richer function
    of them. Layer ``l`` applies

    1. ``AngleEmbedding(inputs, wires, rotation)``: ``R(inputs[i])`` on ``wires[i]``;
    2. ``Rot(*weights[l, i])`` on ``wires[i]`` for every ``i``;
    3. unless ``imprimitive`` is ``None``, the ring of BasicEntanglerLayers:
       ``imprimitive(wires[i], wires[i + 1])``, closed (last to first) with
       more than two wires, a single gate with two, none with one.

    Args:
      inputs: array of shape ``(N,)`` with ``N <= len(wires)``.
      weights: array of shape ``(L, len(wires), 3)``, see ``DataReuploading.shape``.
      wires: the wires the layers act on.
      rotation: ``"X"``, ``"Y"`` or ``"Z"``, the encoding rotation's axis.
      imprimitive: the parameter-free two-wire gate class of the ring, or
        ``None`` for no entanglers.

    Raises:
      ParameterError: ``inputs``, ``weights``, ``rotation`` or ``imprimitive`` is malformed.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def model(x, w):
    ...     qj.templates.DataReuploading(x, w, wires=range(2))
    ...     return qj.probs()
    >>> weights = jnp.zeros(qj.templates.DataReuploading.shape(n_layers=2, n_wires=2))
    >>> [op.name for op in qj.record(model, wires=2)(jnp.ones(2), weights).operations]
    ['RX', 'RX', 'Rot', 'Rot', 'CNOT', 'RX', 'RX', 'Rot', 'Rot', 'CNOT']
    """
    owner = "DataReuploading"
    wires = template_wires(wires, owner, f"{owner}(x, w, wires=range(4))")
    encoding = rotation_gate(rotation, owner)
    inputs = check_features(inputs, len(wires), owner, "inputs")
    weights = as_array(weights)
    num_layers = check_shape(
        weights, (None, len(wires), 3), owner, "weights", _hint(owner, len(wires))
    )[0]
    entangler: Any = None
    if imprimitive is not None:
        entangler = check_gate(imprimitive, owner, "imprimitive", num_params=0, num_wires=2)
    for layer in range(num_layers):
        embed_angles(inputs, wires, encoding)
        for index, wire in enumerate(wires):
            Rot(*(weights[layer, index, k] for k in range(3)), wires=[wire])
        if entangler is not None:
            for first, second in ring(len(wires)):
                entangler(wires=[wires[first], wires[second]])
