"""``qj.draw_mpl``: the layout of ``qj.draw`` as a matplotlib figure.

Gates are labelled boxes, controls dots (filled for control value 1, open for
0), the X target of a controlled X a ``⊕``, swaps crosses, barriers dashed
lines, mid-circuit measurements meters with a double line to what reads
their outcome. Every artist carries a ``gid`` naming its part (``"wire"``,
``"gate"``, ``"control"``, ...), so a figure can be inspected.

matplotlib is imported when a figure is drawn, never with ``qjax``, and only
through its object API (``matplotlib.figure.Figure``): no global ``pyplot``
state, so it works on any backend, "Agg" included.
"""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from qjax.drawer._labels import Labeller, check_decimals
from qjax.drawer._layout import Element, Layout, layout, recorder
from qjax.errors import CircuitError

DEFAULT_STYLE: dict[str, Any] = {
    "facecolor": "white",
    "edgecolor": "black",
    "wirecolor": "black",
    "textcolor": "black",
    "background": "white",
    "fontsize": 12,
    "linewidth": 1.2,
}
"""The style a figure is drawn in; ``style={...}`` overrides some of these keys."""

CHAR_WIDTH = 0.17
"""The width of one label character, in grid units (one unit between wires)."""

MIN_BOX_WIDTH = 0.6
BOX_HEIGHT = 0.7
COLUMN_GAP = 0.35
INCHES_PER_UNIT = 0.6
CONTROL_RADIUS = 0.09
TARGET_RADIUS = 0.22
CLASSICAL_OFFSET = 0.04


def check_style(style: object) -> dict[str, Any]:
    """The full style: ``DEFAULT_STYLE`` with ``style``'s keys (``None``: the defaults).

    >>> check_style({"fontsize": 10})["fontsize"]
    10
    """
    if style is None:
        return dict(DEFAULT_STYLE)
    if not isinstance(style, Mapping):
        raise CircuitError(f"style must be None or a dict of style keys, got {style!r}")
    unknown = sorted(set(style) - set(DEFAULT_STYLE))
    if unknown:
        raise CircuitError(
            f"style keys {unknown} are unknown; the keys are {sorted(DEFAULT_STYLE)}, "
            'e.g. style={"fontsize": 10}'
        )
    return {**DEFAULT_STYLE, **style}


def _label_width(text: str) -> float:
    return max(MIN_BOX_WIDTH, CHAR_WIDTH * len(text) + 0.3)


def _column_widths(grid: Layout) -> list[float]:
    widths = [MIN_BOX_WIDTH] * grid.num_columns
    for element in grid.elements:
        for _, text in element.targets:
            widths[element.column] = max(widths[element.column], _label_width(text))
    return widths


@dataclasses.dataclass
class _Canvas:
    """The axes and style of a figure, and the x position of each column's centre."""

    ax: Any
    style: dict[str, Any]
    centres: list[float]

    def line(self, xs: list[float], ys: list[float], gid: str, **kwargs: Any) -> None:
        from matplotlib.lines import Line2D

        options = {"color": self.style["wirecolor"], "linewidth": self.style["linewidth"]}
        self.ax.add_line(Line2D(xs, ys, gid=gid, **{**options, **kwargs}))

    def double(self, xs: list[float], ys: list[float], gid: str) -> None:
        """Two parallel lines: a classical wire or link (horizontal or vertical)."""
        vertical = xs[0] == xs[1]
        for shift in (-CLASSICAL_OFFSET, CLASSICAL_OFFSET):
            if vertical:
                self.line([x + shift for x in xs], ys, gid, zorder=1)
            else:
                self.line(xs, [y + shift for y in ys], gid, zorder=1)

    def text(self, x: float, y: float, text: str, gid: str, **kwargs: Any) -> None:
        options = {"ha": "center", "va": "center", "zorder": 4}
        options |= {"color": self.style["textcolor"], "fontsize": self.style["fontsize"]}
        self.ax.text(x, y, text, gid=gid, **{**options, **kwargs})

    def box(self, x: float, top: float, bottom: float, width: float, gid: str) -> None:
        from matplotlib.patches import Rectangle

        height = bottom - top + BOX_HEIGHT
        corner = (x - width / 2, top - BOX_HEIGHT / 2)
        self.ax.add_patch(
            Rectangle(
                corner,
                width,
                height,
                gid=gid,
                facecolor=self.style["facecolor"],
                edgecolor=self.style["edgecolor"],
                linewidth=self.style["linewidth"],
                zorder=3,
            )
        )

    def circle(self, x: float, y: float, radius: float, filled: bool, gid: str) -> None:
        from matplotlib.patches import Circle

        face = self.style["edgecolor"] if filled else self.style["facecolor"]
        self.ax.add_patch(
            Circle(
                (x, y),
                radius,
                gid=gid,
                facecolor=face,
                edgecolor=self.style["edgecolor"],
                linewidth=self.style["linewidth"],
                zorder=3,
            )
        )


def _draw_gate(canvas: _Canvas, element: Element, x: float) -> None:
    rows = element.rows
    if len(rows) > 1 and element.kind != "prep":
        canvas.line([x, x], [rows[0], rows[-1]], "connector", zorder=2)
    for row, value in element.controls:
        canvas.circle(x, row, CONTROL_RADIUS, bool(value), "control")
    targets = [row for row, _ in element.targets]
    if element.glyph == "oplus" and element.controls:
        for row in targets:
            canvas.circle(x, row, TARGET_RADIUS, False, "target")
            canvas.line([x - TARGET_RADIUS, x + TARGET_RADIUS], [row, row], "target", zorder=4)
            canvas.line([x, x], [row - TARGET_RADIUS, row + TARGET_RADIUS], "target", zorder=4)
    elif element.glyph == "swap":
        size = TARGET_RADIUS * 0.6
        for row in targets:
            canvas.line([x - size, x + size], [row - size, row + size], "swap", zorder=4)
            canvas.line([x - size, x + size], [row + size, row - size], "swap", zorder=4)
    elif element.kind == "prep":
        for row, text in element.targets:
            canvas.box(x, row, row, _label_width(text), "gate")
            canvas.text(x, row, text, "label")
    else:
        text = element.targets[0][1]
        canvas.box(x, min(targets), max(targets), _label_width(text), "gate")
        canvas.text(x, (min(targets) + max(targets)) / 2, text, "label")


def _draw_measure(canvas: _Canvas, element: Element, x: float) -> None:
    from matplotlib.patches import Arc

    (row, _), hyper = element.targets[0], element.op.hyperparameters
    canvas.box(x, row, row, MIN_BOX_WIDTH, "measure")
    canvas.ax.add_patch(
        Arc(
            (x, row + 0.15),
            0.4,
            0.4,
            theta1=180,
            theta2=360,
            gid="meter",
            color=canvas.style["edgecolor"],
            linewidth=canvas.style["linewidth"],
            zorder=4,
        )
    )
    canvas.line([x, x + 0.15], [row + 0.15, row - 0.2], "meter", zorder=4)
    if hyper["postselect"] is not None:
        canvas.text(x + 0.2, row + 0.22, str(hyper["postselect"]), "postselect", fontsize=8)
    if hyper["reset"]:
        canvas.text(x + MIN_BOX_WIDTH / 2 + 0.05, row, "|0⟩", "reset", ha="left", fontsize=9)


def _draw_element(canvas: _Canvas, element: Element) -> None:
    x = canvas.centres[element.column]
    rows = element.rows
    if element.links:
        canvas.double([x, x], [rows[-1], element.bottom], "link")
    if element.kind == "barrier":
        canvas.line([x, x], [rows[0] - 0.45, rows[-1] + 0.45], "barrier", linestyle="--", zorder=2)
    elif element.kind == "measure":
        _draw_measure(canvas, element, x)
    else:
        _draw_gate(canvas, element, x)


def figure(grid: Layout, style: dict[str, Any]) -> tuple[Any, Any]:
    """Draws a layout; returns matplotlib's ``(Figure, Axes)``.

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.probs()
    >>> fig, ax = figure(layout(qj.record(bell, wires=2)(), Labeller()), check_style(None))
    >>> sorted(text.get_text() for text in ax.texts)
    ['0', '1', 'H', 'Probs', 'Probs']
    """
    from matplotlib.figure import Figure

    widths = [width + COLUMN_GAP for width in _column_widths(grid)]
    centres = [
        COLUMN_GAP + sum(widths[:column]) + widths[column] / 2 for column in range(len(widths))
    ]
    end = COLUMN_GAP + sum(widths) + COLUMN_GAP / 2
    labels = {row: "  ".join(texts) for row, texts in grid.readout_labels().items()}
    readout_space = 0.5 + CHAR_WIDTH * max(map(len, labels.values()), default=0)
    size = ((end + readout_space + 1) * INCHES_PER_UNIT, (grid.num_rows + 0.5) * INCHES_PER_UNIT)
    fig = Figure(figsize=size, facecolor=style["background"])
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(-1, end + readout_space)
    ax.set_ylim(grid.num_rows - 0.25, -0.75)
    canvas = _Canvas(ax, style, centres)
    for row, wire in enumerate(grid.wires):
        canvas.line([0, end], [row, row], "wire", zorder=1)
        canvas.text(-0.2, row, str(wire), "wire_label", ha="right")
    for index, (first, last) in enumerate(grid.spans):
        stop = end if last == grid.num_columns else centres[last]
        row = len(grid.wires) + index
        canvas.double([centres[first], stop], [row, row], "classical")
    for element in grid.elements:
        _draw_element(canvas, element)
    for row, text in labels.items():
        canvas.text(end + 0.15, row, text, "readout", ha="left")
    return fig, ax


def draw_mpl(
    fn: Callable[..., Any],
    *,
    wires: object = None,
    decimals: int | None = 2,
    wire_order: object = None,
    show_all_wires: bool = False,
    style: Mapping[str, Any] | None = None,
) -> Callable[..., tuple[Any, Any]]:
    """Draws a circuit with matplotlib: ``fig, ax = qj.draw_mpl(circuit)(*args)``.

    The layout and labels are those of :func:`~qjax.drawer.draw`.

    Args:
      fn: a ``qj.circuit``, or a quantum function together with ``wires``.
      wires: the wires of a plain quantum function.
      decimals: the decimals parameters are rounded to; ``None`` draws none.
      wire_order: wires to draw first, in this order.
      show_all_wires: draw the wires nothing acts on or measures too.
      style: overrides of :data:`DEFAULT_STYLE` (colours, ``fontsize``, ``linewidth``).

    Returns:
      A function with ``fn``'s arguments that returns a
      ``matplotlib.figure.Figure`` and its ``Axes``; save it with
      ``fig.savefig(path)``.

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.expval(qj.Z(0) @ qj.Z(1))
    >>> fig, ax = qj.draw_mpl(bell)()
    >>> len([p for p in ax.patches if p.get_gid() == "control"])
    1
    """
    decimals = check_decimals(decimals)
    full_style = check_style(style)
    if not isinstance(show_all_wires, bool):
        raise CircuitError(f"show_all_wires must be True or False, got {show_all_wires!r}")
    record_call = recorder(fn, wires, "qj.draw_mpl")

    def drawing(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
        grid = layout(record_call(*args, **kwargs), Labeller(decimals), wire_order, show_all_wires)
        return figure(grid, full_style)

    return drawing
