"""Queries of a few rows, composed and compiled once per process for each shape.

A page kept across revisions recomputes, after an owner's update, that one action's
figures: one query of one row. Composing and compiling such a query (the as-at rules'
subqueries) costs Django some ten times what running it costs the database. So the SQL
of a query by keys is compiled once for each shape (what it asks, and how many keys), with
stand-in keys, and run again with the keys asked for, its rows converted as Django would
(``values_rows``)."""

import datetime
from collections.abc import Callable, Collection, Hashable, Sequence
from threading import Lock

from django.db import connections
from django.db.models import QuerySet

# How many shapes each process keeps compiled.
SHAPES_KEPT = 500

_compiled: dict[tuple, tuple[str, str, list, list[int], list[int]]] = {}
_lock = Lock()


def _date(value):
    if value is None or type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    return datetime.date.fromisoformat(value)


def _bool(value):
    return None if value is None else bool(value)


# How a column is read back, whatever the database returned it as (SQLite gives text
# for dates and 0 or 1 for true or false).
CONVERT: dict[str, Callable] = {"date": _date, "bool": _bool, "": lambda value: value}


def values_rows(
    shape: Hashable,
    build: Callable[[list[int]], QuerySet],
    keys: Collection[int] | None,
    kinds: Sequence[str],
) -> list[tuple]:
    """The rows of ``build(keys)``, a ``values_list`` query whose only use of the keys is
    as query parameters (``pk__in=keys``), each row converted column by column as
    ``kinds`` says ("date", "bool", or "" to leave it). ``shape`` names what else the
    query depends on (plan, day, picture...): the same shape and number of keys must
    always build the same SQL but for the keys. With ``keys`` None, every row of
    ``build(None)``, as Django reads it (a query of all rows is composed once a view)."""
    if keys is None:
        return list(build(None))
    keys = sorted(keys)
    converters = [CONVERT[kind] for kind in kinds]
    entry = _compiled.get((shape, len(keys)))
    if entry is None:
        entry = _compile(build, len(keys))
        if entry is None:  # the keys could not be told apart in the parameters
            return [
                tuple(convert(value) for convert, value in zip(converters, row, strict=True))
                for row in build(keys)
            ]
        with _lock:
            if len(_compiled) >= SHAPES_KEPT:
                _compiled.pop(next(iter(_compiled)), None)
            _compiled[(shape, len(keys))] = entry
    alias, sql, params, positions, order = entry
    params = list(params)
    for position in positions:
        params[position] = keys[-params[position] - 1]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        tuple(convert(row[index]) for convert, index in zip(converters, order, strict=True))
        for row in rows
    ]


def _compile(build: Callable[[list[int]], QuerySet], count: int):
    """The SQL of ``build`` with stand-in keys -1, -2...: its parameters, where the keys
    go in them, and where each asked-for value is in a row."""
    stand_ins = [-(number + 1) for number in range(count)]
    queryset = build(stand_ins)
    query = queryset.query
    sql, params = query.get_compiler(using=queryset.db).as_sql()
    positions = [
        index for index, value in enumerate(params) if type(value) is int and -count <= value < 0
    ]
    if sorted(params[index] for index in positions) != sorted(stand_ins):
        return None
    # The columns come as Django selects them (as asked, since Django 5.2); the values
    # as the query asked for them.
    names = (
        list(query.selected)
        if query.selected is not None
        else [*query.extra_select, *query.values_select, *query.annotation_select]
    )
    order = [names.index(name) for name in queryset._fields]
    return queryset.db, sql, list(params), positions, order
