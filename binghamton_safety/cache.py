"""Cached public pages and APIs, and the data version that keeps them right.

Every public figure comes from the tables of the `funding`, `incidents` and `programs`
apps. Any statement that writes one of them (a form save, a delete, a void, a bulk import, a
`QuerySet.update()`, the "data complete through" date) gives the data version a new random
value, in the same transaction. The version is part of every cache key, so a response
cached before a change is never served after it; old entries just age out. Random, not a
counter: a rollback or a restore from a backup brings back an old state with its old
number, and a number never comes back for different data.

The version lives in the database, which every process on every server shares, so the
cache itself need not be shared: with a per-process local-memory cache each process
computes a page once per version, with a shared cache (database or Redis, see
settings.CACHES) once in all. Reading it costs one primary-key query per cached request.

Writes are seen at the database cursor (an execute wrapper on every connection), not by
model signals: bulk_create, update() and raw SQL send no signals. Writes that bypass the
cursor wrapper (PostgreSQL COPY) call `bump_data_version()` themselves.
"""

import base64
import hashlib
import os
import re
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

WATCHED_APPS = ("funding", "incidents", "programs", "documents")
TIMEOUT = 24 * 60 * 60  # keys carry the version, so this only bounds memory

_TABLE = "binghamton_safety_dataversion"
_BUMP = (
    f"INSERT INTO {_TABLE} (id, version) VALUES (1, %s) "
    "ON CONFLICT (id) DO UPDATE SET version = excluded.version"
)
_READ = f"SELECT version FROM {_TABLE} WHERE id = 1"
_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)',
    re.IGNORECASE,
)
# Published council packets too: they decide which figures are public, and the
# corrections page compares theirs.
_WATCHED = (*(f"{app}_" for app in WATCHED_APPS), "binghamton_safety_councilpacket")


# --- The data version -------------------------------------------------------------------


class _Bumped:
    """A no-op on-commit callback: its presence says "this transaction has bumped".

    Django drops on-commit callbacks when a transaction or savepoint rolls back, exactly
    when the bump itself is undone, so the mark never outlives the bump. `epoch` counts
    version reads: a write after a read bumps again even within one transaction.
    """

    def __init__(self, epoch: int):
        self.epoch = epoch

    def __call__(self) -> None:
        pass


def bump_data_version(using: str = DEFAULT_DB_ALIAS) -> None:
    """Make every cached public response stale; once per transaction is enough."""
    connection = connections[using]
    if connection.in_atomic_block:
        epoch = getattr(connection, "_data_version_epoch", 0)
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, _Bumped) and callback.epoch == epoch:
                return
        transaction.on_commit(_Bumped(epoch), using=using)
    with connection.cursor() as cursor:
        cursor.execute(_BUMP, [secrets.randbits(62)])


def data_version(using: str = DEFAULT_DB_ALIAS) -> int:
    connection = connections[using]
    connection._data_version_epoch = getattr(connection, "_data_version_epoch", 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(_READ)
        row = cursor.fetchone()
    return row[0] if row else 0


class _Watching:
    """Whether writes bump the version; off while migrations build the tables."""

    on = True


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper: after a statement that writes a watched table, bump the version."""
    result = execute(sql, params, many, context)
    if _Watching.on and isinstance(sql, str):
        match = _WRITE.match(sql)
        if match and match[1].lower().startswith(_WATCHED):
            bump_data_version(context["connection"].alias)
    return result


def install(connection, **kwargs) -> None:
    """`connection_created` receiver: watch every new database connection."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def pause_during_migrations(**kwargs) -> None:
    _Watching.on = False


def resume_after_migrations(**kwargs) -> None:
    _Watching.on = True


def bump_after_migrations(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """`post_migrate` receiver: a data migration may have changed figures unseen (writes
    are not watched while migrations run), so the cached responses are stale."""
    if _TABLE in connections[using].introspection.table_names():
        bump_data_version(using)


# --- Cached responses -------------------------------------------------------------------

PAGE = "page"  # HTML with the visitor's header: cached for visitors without a session
DATA = "data"  # JSON or CSV: served from the cache to anyone, stored from anonymous


def public_cache(kind: str) -> Callable:
    """Mark a public view cacheable; `PublicCacheMiddleware` does the caching.

    Its response is cached per full URL (path and every query parameter), day and data
    version. Use PAGE for HTML pages and DATA for JSON and CSV.
    """

    def mark(view: Callable) -> Callable:
        view.public_cache = kind
        return view

    return mark


def _personal(request: HttpRequest) -> bool:
    """A session (staff) or a pending message: the page is this visitor's own."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _key(request: HttpRequest, version: int) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    # Defaults such as "as of today" change at midnight without any write.
    return f"public:v{version}:{timezone.localdate().isoformat()}:{url}"


class PublicCacheMiddleware:
    """Serve cached public responses before the rest of the stack runs.

    Placed right after WhiteNoise: a hit costs one query (the data version) and one cache
    read, and skips sessions, authentication and rendering. A miss goes through the whole
    stack, and the finished response (headers of the inner middleware included) is stored
    when it is a cookie-free 200.

    Script nonces: the stored page carries the nonce of the request that rendered it,
    in its scripts and in its Content-Security-Policy header. Every hit replaces it, in
    both, by a fresh random one, so no two responses share a nonce.
    """

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kind = self._kind(request)
        if kind is None or (kind == PAGE and _personal(request)):
            return self.get_response(request)
        key = _key(request, data_version())
        stored = cache.get(key)
        if stored is not None:
            return self._replay(*stored)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            # Staff may ask figures anonymous visitors may not (disclosure.py): what
            # is rendered for a session is never served to anyone else.
            and not _personal(request)
        ):
            nonce = getattr(request, "_csp_nonce", None)
            headers = dict(response.items())
            cache.set(key, (response.content, headers, nonce), TIMEOUT)
        response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _kind(request: HttpRequest) -> str | None:
        if request.method not in ("GET", "HEAD"):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return getattr(match.func, "public_cache", None)

    @staticmethod
    def _replay(content: bytes, headers: dict, nonce: str | None) -> HttpResponse:
        if nonce:
            fresh = base64.b64encode(os.urandom(16)).decode("ascii")
            content = content.replace(nonce.encode(), fresh.encode())
            headers = {
                name: value.replace(nonce, fresh) for name, value in headers.items()
            }
        response = HttpResponse(content, headers=headers)
        response["X-Cache"] = "hit"
        return response


def cached_figures(name: str, compute: Callable, *args):
    """`compute(*args)`, kept per data version and day: figures that several pages share
    (the council dashboard and the public summary show the same year-to-date figures).

    The arguments make the key by their repr, so pass every input of the computation.
    """
    digest = hashlib.sha256(repr(args).encode()).hexdigest()
    day = timezone.localdate().isoformat()
    key = f"figures:v{data_version()}:{day}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute(*args)
        cache.set(key, value, TIMEOUT)
    return value
