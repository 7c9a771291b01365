"""``qj.draw``: a circuit as text, one line per wire, gates in columns.

::

    0: ──H─╭●─RX(0.30)─┤  <Z@Z>
    1: ────╰X──────────┤  <Z@Z>

Multi-wire gates join their wires with ``╭ ├ │ ╰``; controls are ``●``
(control value 1) and ``○`` (0); a barrier is ``║``; a mid-circuit
measurement is ``┤↗├`` (``┤↗│  │0⟩`` with a reset), and its outcome runs on
a classical row of double lines (``╚═╩═╝``) to the gates it conditions and
the terminal measurements that read it. Drawings wider than ``max_length``
continue in blocks below, separated by blank lines.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from qjax.drawer._labels import Labeller, check_decimals, format_matrix
from qjax.drawer._layout import Element, Layout, layout, recorder
from qjax.errors import CircuitError

QUANTUM = "─"
CLASSICAL = "═"
BLANK = " "


@dataclasses.dataclass(frozen=True)
class _Cell:
    """The text at the start of a cell, and the character that pads it to the column's width."""

    text: str
    pad: str


class _Grid:
    """The cells of a layout, and the characters of the lines that run between them."""

    def __init__(self, grid: Layout):
        self.layout = grid
        self.cells: dict[tuple[int, int], _Cell] = {}

    def is_classical(self, row: int) -> bool:
        return row >= len(self.layout.wires)

    def span(self, row: int) -> tuple[int, int]:
        return self.layout.spans[row - len(self.layout.wires)]

    def gap(self, row: int, column: int) -> str:
        """The line's character just before ``column`` (``num_columns``: before the end)."""
        if not self.is_classical(row):
            return QUANTUM
        first, last = self.span(row)
        return CLASSICAL if first < column <= last else BLANK

    def pad(self, row: int, column: int) -> str:
        """The line's character after the content of a cell."""
        if not self.is_classical(row):
            return QUANTUM
        first, last = self.span(row)
        return CLASSICAL if first <= column < last else BLANK

    def put(self, row: int, column: int, text: str, pad: str | None = None) -> None:
        self.cells[row, column] = _Cell(text, self.pad(row, column) if pad is None else pad)

    def cell(self, row: int, column: int) -> _Cell:
        return self.cells.get((row, column), _Cell("", self.pad(row, column)))


def _group_symbol(row: int, top: int, bottom: int, continues: bool) -> str:
    """``╭`` on the first row, ``╰`` on the last (``├`` if a link goes on below), else ``├``."""
    if row == top:
        return "╭"
    return "╰" if row == bottom and not continues else "├"


def _put_element(grid: _Grid, element: Element) -> None:
    """Writes one element's cells: its labels, controls, joins and links to classical rows."""
    column, rows = element.column, element.rows
    labels = dict(element.targets)
    controls = {row: "●" if value else "○" for row, value in element.controls}
    top, bottom = rows[0], rows[-1]
    grouped = element.kind in ("gate", "prep") and top != bottom
    for row in range(top, bottom + 1):
        if row in labels or row in controls:
            symbol = _group_symbol(row, top, bottom, bool(element.links)) if grouped else ""
            grid.put(row, column, symbol + (labels.get(row) or controls[row]))
        elif element.kind != "barrier":
            grid.put(row, column, "│")
    offset = 1 if element.kind == "measure" else 0
    for row in range(bottom + 1, element.bottom + 1):
        grid.put(row, column, *_link(grid, element, row, offset))


def _link(grid: _Grid, element: Element, row: int, offset: int) -> tuple[str, str]:
    """The cell of a vertical link below an element: through a wire, or into a classical row."""
    column = element.column
    if not grid.is_classical(row):
        return QUANTUM * offset + "║", QUANTUM
    first, last = grid.span(row)
    before = grid.gap(row, column) * offset
    if row not in element.links:
        return before + ("╬" if first < column < last else "║"), grid.pad(row, column)
    if element.kind == "measure":
        return BLANK * offset + "╚", CLASSICAL
    continues = column < last
    if row == element.bottom:
        return before + ("╩" if continues else "╝"), grid.pad(row, column)
    return before + ("╬" if continues else "╣"), grid.pad(row, column)


def _tails(grid: Layout) -> list[str]:
    """The end of each row: ``─┤`` and its terminal measurements, ``═╡`` on a classical row."""
    read = grid.readout_labels()
    tails = []
    for row in range(grid.num_rows):
        labels = read.get(row, [])
        text = "  " + "  ".join(labels) if labels else ""
        if row < len(grid.wires):
            tails.append(QUANTUM + "┤" + text)
        else:
            tails.append(CLASSICAL + "╡" + text if labels else "")
    return tails


def _blocks(widths: list[int], prefix: int, tail: int, max_length: int) -> list[range]:
    """The columns of each block: as many as fit in ``max_length`` (at least one per block)."""
    blocks: list[range] = []
    start, used = 0, prefix
    for column, width in enumerate(widths):
        if used + 1 + width > max_length and column > start:
            blocks.append(range(start, column))
            start, used = column, 1
        used += 1 + width
    if used + tail > max_length and len(widths) > start:
        blocks.append(range(start, len(widths)))
        start = len(widths)
    blocks.append(range(start, len(widths)))
    return blocks


def render(grid: Layout, max_length: int = 100) -> str:
    """The text drawing of a layout (without the listing of its matrices).

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> print(render(layout(qj.record(bell, wires=2)(), Labeller())))
    0: ──H─╭●─┤  Probs
    1: ────╰X─┤  Probs
    """
    cells = _Grid(grid)
    for element in grid.elements:
        _put_element(cells, element)
    widths = [
        max((len(cells.cell(row, column).text) for row in range(grid.num_rows)), default=0)
        for column in range(grid.num_columns)
    ]
    names = [f"{wire}: " for wire in grid.wires]
    name_width = max(len(name) for name in names) if names else 0
    prefixes = [name.rjust(name_width) + QUANTUM for name in names]
    prefixes += [BLANK * (name_width + 1)] * len(grid.outcomes)
    tails = _tails(grid)
    blocks = _blocks(widths, name_width + 1, max(map(len, tails), default=0), max_length)
    texts = []
    for number, block in enumerate(blocks):
        lines = []
        for row in range(grid.num_rows):
            line = prefixes[row] if number == 0 else cells.gap(row, block.start)
            for column in block:
                cell = cells.cell(row, column)
                line += cells.gap(row, column) + cell.text.ljust(widths[column], cell.pad)
            if number == len(blocks) - 1:
                line += tails[row]
            if line.strip() or row < len(grid.wires):
                lines.append(line.rstrip())
        texts.append("\n".join(lines))
    return "\n\n".join(texts)


def _check_max_length(max_length: object) -> int:
    if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
        raise CircuitError(f"max_length must be a positive int, got {max_length!r}; e.g. 80")
    return max_length


def draw(
    fn: Callable[..., Any],
    *,
    wires: object = None,
    decimals: int | None = 2,
    wire_order: object = None,
    show_all_wires: bool = False,
    max_length: int = 100,
    show_matrices: bool = True,
) -> Callable[..., str]:
    """Draws a circuit as text: ``qj.draw(circuit)(*args)`` returns a string to print.

    Args:
      fn: a ``qj.circuit``, or a quantum function together with ``wires``.
      wires: the wires of a plain quantum function (``N`` or a sequence of labels).
      decimals: the decimals parameters are rounded to; ``None`` draws no
        parameters. Traced parameters (under ``jit``) show their names.
      wire_order: wires to draw first, in this order; the others follow in
        the circuit's order.
      show_all_wires: draw the wires nothing acts on or measures too.
      max_length: the widest line; wider drawings continue in blocks below.
      show_matrices: list the matrices that labels such as ``U(M0)`` name.

    Returns:
      A function with ``fn``'s arguments that records the circuit and
      returns its drawing. Repeated layers (``qj.repeat``) are drawn layer
      by layer; a noise model's channels are drawn where they act.

    Raises:
      CircuitError, ParameterError, WireError: a bad argument.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(theta):
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     qj.RX(theta, wires=0)
    ...     return qj.expval(qj.Z(0) @ qj.Z(1))
    >>> print(qj.draw(model)(0.3))
    0: ──H─╭●─RX(0.30)─┤  <Z@Z>
    1: ────╰X──────────┤  <Z@Z>
    """
    decimals = check_decimals(decimals)
    max_length = _check_max_length(max_length)
    if not isinstance(show_all_wires, bool) or not isinstance(show_matrices, bool):
        raise CircuitError(
            "show_all_wires and show_matrices must be True or False, got "
            f"{show_all_wires!r} and {show_matrices!r}"
        )
    record_call = recorder(fn, wires, "qj.draw")

    def drawing(*args: Any, **kwargs: Any) -> str:
        labeller = Labeller(decimals)
        grid = layout(record_call(*args, **kwargs), labeller, wire_order, show_all_wires)
        text = render(grid, max_length)
        if show_matrices and grid.matrices:
            listing = [format_matrix(i, m, decimals) for i, m in enumerate(grid.matrices)]
            text += "\n\n" + "\n".join(listing)
        return text

    return drawing
