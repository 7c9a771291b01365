"""The recording stack: operators created inside a circuit function land here.

The stack is thread-local, so circuits recorded on different threads never
see each other's operators.
"""

import contextlib
import threading
from collections.abc import Iterator

_local = threading.local()


def _stack() -> list[list[object]]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


@contextlib.contextmanager
def recording() -> Iterator[list[object]]:
    """Collects the operators created inside the ``with`` block, in order.

    >>> from qjax.ops import X
    >>> with recording() as recorded:
    ...     _ = X(0)
    >>> recorded
    [X(wires=[0])]
    """
    recorded: list[object] = []
    _stack().append(recorded)
    try:
        yield recorded
    finally:
        _stack().pop()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Operators created inside the block are recorded nowhere.

    >>> from qjax.ops import X
    >>> with recording() as recorded, paused():
    ...     _ = X(0)
    >>> recorded
    []
    """
    stack = _stack()
    saved = stack[:]
    stack.clear()
    try:
        yield
    finally:
        stack[:] = saved


def recorded_so_far() -> tuple[object, ...]:
    """What the innermost recording holds so far (nothing outside a recording).

    >>> from qjax.ops import X
    >>> with recording():
    ...     _ = X(0)
    ...     recorded_so_far()
    (X(wires=[0]),)
    """
    stack = _stack()
    return tuple(stack[-1]) if stack else ()


def enqueue(item: object) -> None:
    """Appends ``item`` to the innermost recording, if one is active.

    >>> with recording() as recorded:
    ...     enqueue("marker")
    >>> recorded
    ['marker']
    """
    stack = _stack()
    if stack:
        stack[-1].append(item)


def dequeue(item: object) -> None:
    """Takes ``item`` off the innermost recording: it was consumed by another operator.

    The item is looked up by identity, from the most recent end.

    >>> from qjax.ops import X
    >>> with recording() as recorded:
    ...     gate = X(0)
    ...     dequeue(gate)
    >>> recorded
    []
    """
    stack = _stack()
    if not stack:
        return
    recorded = stack[-1]
    for index in range(len(recorded) - 1, -1, -1):
        if recorded[index] is item:
            del recorded[index]
            return
