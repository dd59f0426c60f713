"""Sums of the daily counts, made by the database: over windows, and per month.

A figure over a window of days (a year to date, the last 28 days, a year of the
five-year average) or a monthly series is a sum of the daily counts (`incidents.daily`).
Asking the database for the sums, rather than every day's row, keeps the cost of a figure
the same however many records there are: one query returns a row per window, and the
monthly sums a row per month.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, Func, Sum

from .models import DailyCount


class YearMonth(Func):
    """A date's year and month as text, "2022-05", in the database's own terms (not a
    function of Django's, which SQLite would call once per row in Python)."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps a date as its ISO text: the year and month are its first 7 letters.
        return self.as_sql(
            compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s, 'YYYY-MM')",
            **extra,
        )


def window_key(key: str, name: str) -> str:
    """The name of the sum of column `key` over the window called `name`."""
    return f"{key}__{name}"


def window_sums(
    windows: Mapping[str, object], keys: Iterable[str], using: str = DEFAULT_DB_ALIAS
) -> dict[str, int]:
    """The sum of each column of `keys` over each window (anything with `start` and
    `end` dates), by `window_key`: one query, a row per window, each read from the
    primary key's range of its own days.

    Written as SQL: the ORM's filtered sums read every day of the whole span once per
    sum and spend more time building ninety expressions than the database spends."""
    keys, names = list(keys), list(windows)
    if not names or not keys:
        return {}
    connection = connections[using]
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datefield_value
    field = DailyCount._meta.get_field
    sums = ", ".join(f"SUM({quote(field(key).column)})" for key in keys)
    date = quote(field("date").column)
    table = quote(DailyCount._meta.db_table)
    sql = " UNION ALL ".join(
        f"SELECT {index}, {sums} FROM {table} WHERE {date} >= %s AND {date} <= %s"
        for index in range(len(names))
    )
    params = [
        adapt(day) for name in names for day in (windows[name].start, windows[name].end)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}
    for index, *values in rows:
        for key, value in zip(keys, values, strict=True):
            found[window_key(key, names[index])] = value or 0
    return found


def monthly_sums(
    first: datetime.date,
    last: datetime.date,
    keys: Iterable[str],
    using: str = DEFAULT_DB_ALIAS,
) -> dict[tuple[int, int], dict[str, int]]:
    """The sum of each column of `keys` per month from `first` to `last`, by (year,
    month), months without records left out: one query, a row per month."""
    keys = list(keys)
    rows = (
        DailyCount.objects.using(using)
        .filter(date__gte=first, date__lte=last)
        .annotate(month=YearMonth("date"))
        .values("month")
        .annotate(**{f"{key}_sum": Sum(key) for key in keys})
        .order_by("month")
    )
    return {
        tuple(int(part) for part in row["month"].split("-")): {
            key: row[f"{key}_sum"] or 0 for key in keys
        }
        for row in rows
    }
