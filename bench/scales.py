"""The two scales' data side by side, each in a database of its own, so that a page can
be timed at one scale and then the other, run after run.

Timed one scale after the other, minutes apart, a ratio of the two also measures what
the machine did in between (on a shared machine, a slow spell of a minute swings a page's
median by a third). Timed in turn, a slow spell falls on both scales alike.

The large scale lives in the benchmark's database (DATABASE_URL, or its SQLite file), the
small one in a sibling: `<name>_small` on PostgreSQL (created, and dropped at the end),
`<file>-small.sqlite3` beside the SQLite file. The application's one connection is moved
from one to the other (`on`); the figures' cache is emptied at each move, so that no page
is served from the other scale's figures.
"""

import contextlib
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


def sibling_name(name: str, vendor: str) -> str:
    """The small scale's database name beside the benchmark's `name`."""
    if vendor == "postgresql":
        return f"{name}_small"
    path = Path(name)
    return str(path.with_name(f"{path.stem}-small{path.suffix}"))


@contextlib.contextmanager
def sibling():
    """The small scale's database, created empty and migrated; its name. Dropped (or
    its file deleted) when the block ends. None, said in words, where it cannot be
    created (a PostgreSQL role without CREATEDB): then the scales are timed in turn
    within the one database, as before."""
    main = connection.settings_dict["NAME"]
    name = sibling_name(main, connection.vendor)
    try:
        _create(name)
    except Exception as error:  # noqa: BLE001 - any refusal: fall back, said plainly
        print(f"  no second database ({error}): the scales are timed apart")
        yield None
        return
    try:
        with on(name):
            call_command("migrate", "--noinput", verbosity=0)
        yield name
    finally:
        _drop(name)


@contextlib.contextmanager
def on(name: str):
    """The application's connection on the database `name` for the block, with an empty
    cache at both ends; back on the one it was on after."""
    before = connection.settings_dict["NAME"]
    _move(name)
    try:
        yield
    finally:
        _move(before)


def _move(name: str) -> None:
    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    cache.clear()
    connection.ensure_connection()  # the connection's cost stays out of any timing


def _create(name: str) -> None:
    if connection.vendor != "postgresql":
        Path(name).unlink(missing_ok=True)
        return
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")


def _drop(name: str) -> None:
    if connection.vendor != "postgresql":
        Path(name).unlink(missing_ok=True)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
