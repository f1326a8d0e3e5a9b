"""Writing many rows of one model at once, without a model ``save()`` per row.

On PostgreSQL the rows stream into the table with ``COPY``: no object per row, no
statement per batch, and the indexes the migrations made stay in place. Elsewhere they
go in with ``bulk_create`` in large batches. Either way each row is a tuple of the
columns named; every other column gets the field's default, worked out once.
"""

import enum
from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 2000


def _plain(value):
    # Choices are enums; COPY would write an enum's name, the database holds its value.
    return value.value if isinstance(value, enum.Enum) else value


def write_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write ``rows`` (tuples of the fields ``names``, by attname) into ``model``'s
    table; the number written. Primary keys are the database's own, in order."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = [name for name in names if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no field {', '.join(unknown)}")
    others = [
        field for name, field in fields.items() if name not in names and not field.primary_key
    ]
    if connection.vendor == "postgresql":
        return _copy(model, [fields[name] for name in names], others, rows)
    return _bulk(model, names, rows)


def _copy(model, given: list, others: list, rows: Iterable[tuple]) -> int:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in given + others)
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in others)
    written = 0
    with connection.cursor() as cursor:
        statement = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(tuple(map(_plain, row)) + defaults)
                written += 1
    return written


def _bulk(model, names: Sequence[str], rows: Iterable[tuple]) -> int:
    batch, written = [], 0
    for row in rows:
        batch.append(model(**dict(zip(names, row, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return written + len(batch)
