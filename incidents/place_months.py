"""The per-place monthly counts: each place's daily counts summed by month, kept with them.

A year to date of every place of a kind read by day is a row per place and day: 77 NYPD
precincts make 25,000 rows for one window. Read as its whole months here and only its
edge days from the daily counts, the same window is at most a row per place and month
plus the edge days, whatever the records: per-place figures cost what city figures cost.

`rewrite` replaces the months of the days just rewritten (`incidents.daily._rewrite`, in
its transaction); `split` cuts a window into its whole months and its edge days;
`differences` is the check of `manage.py check_daily_counts`.
"""

import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.models import DateField, Func, Q, Sum

# More months than this are rewritten as the span from the first to the last.
LISTED_MONTHS = 24


class MonthStart(Func):
    """A date's month as its first day, in the database's own terms (Django's TruncMonth
    is a Python function on SQLite, called once per row)."""

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "date(%(expressions)s, 'start of month')"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(date_trunc('month', %(expressions)s) AS date)"
        return self.as_sql(compiler, connection, template=template, **extra)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Parts:
    """A window of days as whole months (`first_month` to `last_month`, first days; none
    when `first_month` > `last_month`) and the days before and after them."""

    first_month: datetime.date
    last_month: datetime.date
    before: tuple[datetime.date, datetime.date]  # empty when its start > its end
    after: tuple[datetime.date, datetime.date]


def split(start: datetime.date, end: datetime.date) -> Parts:
    """`start` to `end` as whole months and edge days."""
    one = datetime.timedelta(days=1)
    first = start if start.day == 1 else month_end(start) + one
    last = month_start(end) if end == month_end(end) else month_start(end) - one
    last = month_start(last)
    if first > last:  # no whole month: every day is read by day
        return Parts(first, last, (start, end), (end + one, end))
    return Parts(first, last, (start, first - one), (month_end(last) + one, end))


def _months_of(span: Q) -> Q | None:
    """The months (over "month") of the days of `span` (as `incidents.daily._span`
    makes it); None: every month."""
    bounds = dict(span.children)
    if not bounds:
        return None
    if "date__in" in bounds:
        months = sorted({month_start(day) for day in bounds["date__in"]})
        if len(months) <= LISTED_MONTHS:
            return Q(month__in=months)
        bounds = {"date__gte": months[0], "date__lte": months[-1]}
    months = {}
    if "date__gte" in bounds:
        months["month__gte"] = month_start(bounds["date__gte"])
    if "date__lte" in bounds:
        months["month__lte"] = month_start(bounds["date__lte"])
    return Q(**months)


def _days_of(months: Q | None) -> Q:
    """The days (over "date") of the months of `months`."""
    if months is None:
        return Q()
    bounds = dict(months.children)
    if "month__in" in bounds:
        days = Q()
        for month in bounds["month__in"]:
            days |= Q(date__gte=month, date__lte=month_end(month))
        return days
    days = {}
    if "month__gte" in bounds:
        days["date__gte"] = bounds["month__gte"]
    if "month__lte" in bounds:
        days["date__lte"] = month_end(bounds["month__lte"])
    return Q(**days)


def summed(place_daily, columns: tuple[str, ...], days: Q, using: str):
    """The per-place daily counts of `days` summed per place and month."""
    return (
        place_daily._base_manager.using(using)
        .filter(days)
        .annotate(month=MonthStart("date"))
        .values("place_id", "month")
        .annotate(**{f"{name}_sum": Sum(name) for name in columns})
        .order_by()
    )


def rewrite(place_daily, place_monthly, columns, span: Q, using: str) -> None:
    """The months of the days of `span` rewritten from the per-place daily counts (just
    rewritten), in the caller's transaction: two statements."""
    months = _months_of(span)
    place_monthly._base_manager.using(using).filter(months or Q()).delete()
    rows = summed(place_daily, columns, _days_of(months), using).values_list(
        "month", "place_id", *(f"{name}_sum" for name in columns)
    )
    sql, params = rows.query.get_compiler(using=using).as_sql()
    connection = connections[using]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in ("month", "place_id", *columns))
    table = quote(place_monthly._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)


def differences(place_daily, place_monthly, columns, using: str) -> list[tuple]:
    """(month, place id, column, kept, summed) wherever the monthly counts differ from
    the sums of the per-place daily counts (kept or summed None: no row)."""
    kept = {
        (row.pop("month"), row.pop("place_id")): row
        for row in place_monthly._base_manager.using(using).values(
            "month", "place_id", *columns
        )
    }
    sums = {}
    for row in summed(place_daily, columns, Q(), using):
        sums[(row.pop("month"), row.pop("place_id"))] = {
            name: row[f"{name}_sum"] for name in columns
        }
    found = []
    for key in sorted(kept.keys() | sums.keys()):
        for name in columns:
            was = kept[key][name] if key in kept else None
            now = sums[key][name] if key in sums else None
            if was != now:
                found.append((*key, name, was, now))
    return found
