"""Request plumbing in front of every view: who is asking from behind the proxies, how
much they may send, what a browser may keep, and a busy database said plainly.

Knows no product app: the limits come from settings (see the README, "Running in
production").
"""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.utils.cache import add_never_cache_headers

# Short pages in the site's layout: they need the request (header, nonce), not a view.
_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}{{ title }}{% endblock %}'
    '{% block content %}<div class="wrap narrow"><h1>{{ title }}</h1><p>{{ text }}</p>'
    "<p><a href=\"{% url 'home' %}\">Go to the public summary</a></p></div>"
    "{% endblock %}"
)


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address, as the nearest of `settings.PROXY_COUNT` trusted reverse
    proxies saw it (django-axes locks per username and this address).

    Each proxy appends the address it was connected from to X-Forwarded-For, so the
    client is the PROXY_COUNT-th entry from the right; entries further left are whatever
    the client sent and are ignored. With no proxy (0), or a header shorter than the
    chain, the address of the connection itself.
    """
    count = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if count and len(hops) >= count:
        try:
            return str(ipaddress.ip_address(hops[-count]))
        except ValueError:
            pass  # not an address: no proxy of ours wrote it
    return request.META.get("REMOTE_ADDR")


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    html = _PAGE.render({"title": title, "text": text}, request)
    return HttpResponse(html, status=status)


class RequestLimitsMiddleware:
    """Refuse an oversized body before anything reads it, keep staff pages out of
    browser and proxy caches, and answer "try again" when SQLite stayed locked.

    Placed right after SecurityMiddleware: its process_view runs before CSRF's, which
    would parse (and spool to disk) a multipart body to look for the token.
    """

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Staff pages show unpublished detail: no copy on a shared computer or proxy.
            add_never_cache_headers(response)
        return response

    def process_view(self, request, view, args, kwargs) -> HttpResponse | None:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        user = getattr(request, "user", None)
        staff = user is not None and user.is_authenticated
        limit = (
            settings.MAX_REQUEST_BYTES
            if staff
            else settings.MAX_ANONYMOUS_REQUEST_BYTES
        )
        if size <= limit:
            return None
        return _page(
            request,
            413,
            "Too large to accept",
            f"What you sent is {size:,} bytes; this site accepts at most {limit:,} "
            "bytes in one request. Nothing was saved.",
        )

    def process_exception(self, request, exception) -> HttpResponse | None:
        # SQLite: another save held the write lock for longer than the busy timeout.
        if isinstance(exception, OperationalError) and "database is locked" in str(
            exception
        ):
            response = _page(
                request,
                503,
                "The database is busy",
                "Another change was being saved at the same moment, and yours could "
                "not wait for it. Nothing you entered was saved: go back and send the "
                "form again.",
            )
            response["Retry-After"] = "5"
            return response
        return None
