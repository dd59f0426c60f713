"""Reading saved rows for many keys at once, a chunk of keys per query."""

import json
from collections.abc import Iterator

from django.db import connections, router

BATCH = 2000  # rows per INSERT and per IN (...) lookup
SEPARATOR = chr(31)  # the unit separator: between the keys of a lookup on PostgreSQL


def chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def chunked_values(queryset, key: str, keys, *fields) -> Iterator:
    for chunk in chunks(sorted(keys)):
        yield from queryset.filter(**{f"{key}__in": chunk}).values_list(
            *fields, flat=len(fields) == 1
        )


def existing(model, field: str, keys: list[str]) -> list[str]:
    """The `keys` that some saved row of `model` has as its (unique) `field`.

    Each query takes 50,000 keys as one parameter (on PostgreSQL one text the server
    splits, or an array if a key holds the separator; on SQLite a JSON list): a million
    keys cost 20 queries, not 500 queries of 2,000 placeholders. (An array of 50,000
    texts costs the driver and the server more than the lookups themselves.)
    """
    connection = connections[router.db_for_read(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    if connection.vendor == "postgresql" and not any(SEPARATOR in k for k in keys):
        sql = f"SELECT {column} FROM {table} WHERE {column} = "
        sql += "ANY(string_to_array(%s, chr(31)))"
        param = SEPARATOR.join
    elif connection.vendor == "postgresql":
        sql = f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)"
        param = list
    else:
        sql = f"SELECT {column} FROM {table} WHERE {column} IN "
        sql += "(SELECT value FROM json_each(%s))"
        param = json.dumps
    found = []
    with connection.cursor() as cursor:
        for chunk in chunks(keys, 50_000):
            cursor.execute(sql, [param(chunk)])
            found += (row[0] for row in cursor.fetchall())
    return found
