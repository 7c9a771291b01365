"""Circuits drawn as text (``qj.draw``) and with matplotlib (``qj.draw_mpl``), and their
resources (``qj.specs``)."""

from qjax.drawer._mpl import draw_mpl
from qjax.drawer._specs import CircuitSpecs, specs
from qjax.drawer._text import draw

__all__ = ["CircuitSpecs", "draw", "draw_mpl", "specs"]
