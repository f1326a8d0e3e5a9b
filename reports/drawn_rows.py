"""Rows of the Board's tables drawn once for what they show.

After an owner's update a kept page is drawn again with one action changed, yet its
tables hold tens or hundreds of rows. A row is a function of what it reads of its action
(and of the table it is in): drawn once, it is looked up while those are the same, so
only the changed action's rows are written again. Each app process keeps the latest
``DRAWN_ROWS_KEPT`` rows; nothing here can be stale, since the key holds everything the
row shows."""

from collections.abc import Callable, Hashable, Iterable

DRAWN_ROWS_KEPT = 20_000
_drawn: dict[tuple, str] = {}


def drawn_row(
    table: Hashable, action, reads: Iterable[str], draw: Callable[[], str], *also: Hashable
) -> str:
    """``draw()``, the row of ``action`` in ``table`` (what says which columns and how),
    or the same row drawn earlier: ``reads`` names every attribute of the action the row
    shows, and ``also`` anything else it shows (its lead's name, the query its links
    keep...)."""
    key = (table, *also, *(getattr(action, name) for name in reads))
    row = _drawn.get(key)
    if row is None:
        row = draw()
        if len(_drawn) >= DRAWN_ROWS_KEPT:
            _drawn.pop(next(iter(_drawn)), None)  # the oldest
        _drawn[key] = row
    return row
