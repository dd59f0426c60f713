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

from places.models import Place

from . import place_months
from .models import DailyCount, PlaceDailyCount, PlaceMonthlyCount


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


# The places' sums read a few thousand rows in a few milliseconds; PostgreSQL would plan
# them in parallel (the daily table is large) and spend more than that starting its
# workers. Sent in the same statement, so it holds for this query alone (in autocommit,
# the statements of one query string are one transaction).
SERIAL = "SET LOCAL max_parallel_workers_per_gather = 0"


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
    return _sums(windows, list(keys), using).get(None, {})


def place_window_sums(
    windows: Mapping[str, object],
    keys: Iterable[str],
    kind: str,
    using: str = DEFAULT_DB_ALIAS,
) -> dict[int, dict[str, int]]:
    """As `window_sums`, for each place of `kind` with records in a window, by place
    id: one query of the per-place monthly and daily counts, a row per window and
    place."""
    return _sums(windows, list(keys), using, kind)


def _sums(windows, keys: list[str], using: str, kind: str | None = None) -> dict:
    """{place id (None for the city): {window_key: sum}}, one UNION ALL query."""
    names = list(windows)
    if not names or not keys:
        return {}
    connection = connections[using]
    adapt = connection.ops.adapt_datefield_value
    parts, params = [], []
    for index, name in enumerate(names):
        window = windows[name]
        if kind is None:
            parts.append(f"SELECT {index}, NULL, {_city_sums(keys, connection)}")
            params += [adapt(window.start), adapt(window.end)]
        else:
            parts.append(f"SELECT {index}, {_place_sums(keys, connection)}")
            params += [adapt(day) for day in _place_bounds(window)] + [kind]
    sql = " UNION ALL ".join(parts)
    if kind is not None and connection.vendor == "postgresql":
        sql = f"{SERIAL}; {sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found: dict = {}
    for index, place_id, *values in rows:
        sums_of = found.setdefault(place_id, {})
        for key, value in zip(keys, values, strict=True):
            sums_of[window_key(key, names[index])] = value or 0
    return found


def _city_sums(keys: list[str], connection) -> str:
    """The city's sums over one window: its days' range (2 parameters)."""
    quote = connection.ops.quote_name
    field = DailyCount._meta.get_field
    sums = ", ".join(f"SUM({quote(field(key).column)})" for key in keys)
    date = quote(field("date").column)
    table = quote(DailyCount._meta.db_table)
    return f"{sums} FROM {table} WHERE {date} >= %s AND {date} <= %s"


def _place_sums(keys: list[str], connection) -> str:
    """Each place's sums over one window: its whole months from the monthly counts, its
    edge days from the daily counts (7 parameters: `_place_bounds` and the kind)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(PlaceDailyCount._meta.get_field(k).column) for k in keys)
    sums = ", ".join(f"SUM({quote(key)})" for key in keys)
    monthly, daily = PlaceMonthlyCount._meta, PlaceDailyCount._meta
    month, date = quote("month"), quote("date")
    place = quote(daily.get_field("place").column)
    return (
        f"{place}, {sums} FROM ("
        f"SELECT {place}, {columns} FROM {quote(monthly.db_table)} "
        f"WHERE {month} >= %s AND {month} <= %s UNION ALL "
        f"SELECT {place}, {columns} FROM {quote(daily.db_table)} "
        f"WHERE ({date} >= %s AND {date} <= %s) OR ({date} >= %s AND {date} <= %s)"
        f") parts WHERE {place} IN "
        f"(SELECT id FROM {quote(Place._meta.db_table)} WHERE kind = %s) "
        f"GROUP BY {place}"
    )


def _place_bounds(window) -> tuple:
    """The first and last whole months of `window`, and its days before and after them."""
    parts = place_months.split(window.start, window.end)
    return (parts.first_month, parts.last_month, *parts.before, *parts.after)


def monthly_sums(
    first: datetime.date,
    last: datetime.date,
    keys: Iterable[str],
    using: str = DEFAULT_DB_ALIAS,
    place_id: int | None = None,
) -> dict[tuple[int, int], dict[str, int]]:
    """The sum of each column of `keys` per month from `first` to `last`, by (year,
    month), months without records left out: one query, a row per month. With
    `place_id`, that place's sums."""
    keys = list(keys)
    if place_id is None:
        days = DailyCount.objects.using(using)
    else:
        days = PlaceDailyCount.objects.using(using).filter(place_id=place_id)
    rows = (
        days.filter(date__gte=first, date__lte=last)
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
