"""Page weight: bytes over the wire for a first and a return visit, read by Chromium.

Served as in production: gunicorn (bench.load.Server), DEBUG off, whitenoise serving the
collected static files with their hashed names, gzip and brotli. Each page gets a fresh
browser context (empty cache); the return visit navigates to it again in that context,
with the cache warm. Bytes are what the DevTools protocol reports as received for each
request (`Network.loadingFinished` encodedDataLength: response headers plus the
compressed body); responses served from the browser's cache cost nothing and are counted
apart.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from binghamton_safety.roles import VIEWERS
from funding.models import FundingArea

from .load import Server

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
]
NAVIGATION_TIMEOUT_MS = 300_000  # a computed dashboard at a million incidents is slow
TARGETS = {
    "/": {"first_visit_bytes": 460_800, "return_visit_bytes": 61_440},
    # The map page with the 77 NYC precincts' boundaries (issue 16): under 1 MB.
    "/by-place/?kind=precinct": {"first_visit_bytes": 1_048_576},
}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    staff: bool = False


def pages() -> list[Page]:
    area = FundingArea.objects.order_by("pk").first()
    return [
        Page("public summary", "/"),
        Page("council dashboard", "/dashboard/", staff=True),
        Page("area page", f"/areas/{area.slug}/"),
        Page("by place (map)", "/by-place/?kind=precinct"),
    ]


def viewer_session() -> str:
    """A session key of a council member (sessions live in the database: gunicorn sees it)."""
    user, _ = get_user_model().objects.get_or_create(username="bench-viewer")
    user.groups.add(Group.objects.get_or_create(name=VIEWERS)[0])
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Meter:
    """Sums the bytes Chromium receives on one page, per visit."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.requestServedFromCache", self._from_cache)
        self.cdp.on("Network.responseReceived", self._response)
        self.reset()

    def reset(self) -> None:
        self.received = {"bytes": 0, "requests": 0, "cached": 0}
        self.cached_ids: set[str] = set()

    def _from_cache(self, event) -> None:
        self.cached_ids.add(event["requestId"])

    def _response(self, event) -> None:
        if event["response"].get("fromDiskCache"):
            self.cached_ids.add(event["requestId"])

    def _finished(self, event) -> None:
        if event["requestId"] in self.cached_ids:
            self.received["cached"] += 1
            return
        self.received["bytes"] += int(event["encodedDataLength"])
        self.received["requests"] += 1

    def visit(self, url: str) -> dict:
        self.reset()
        response = self.page.goto(
            url, wait_until="networkidle", timeout=NAVIGATION_TIMEOUT_MS
        )
        assert response.status == 200, (url, response.status)
        return dict(self.received)


def measure_page(browser, base_url: str, page: Page, session: str) -> dict:
    context = browser.new_context()
    if page.staff:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    meter = Meter(context.new_page())
    first = meter.visit(base_url + page.path)
    again = meter.visit(base_url + page.path)
    context.close()
    return {
        "name": page.name,
        "first_visit_bytes": first["bytes"],
        "first_visit_requests": first["requests"],
        "return_visit_bytes": again["bytes"],
        "return_visit_requests": again["requests"],
        "return_visit_from_cache": again["cached"],
    }


def page_weights(base_url: str) -> dict[str, dict]:
    """Per page path: bytes and requests of a first and a return visit."""
    from playwright.sync_api import sync_playwright

    # Database first: Django refuses ORM calls inside playwright's event loop.
    session, to_weigh = viewer_session(), pages()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=BROWSER_ARGS
        )
        try:
            return {
                page.path: measure_page(browser, base_url, page, session)
                for page in to_weigh
            }
        finally:
            browser.close()


def measure(env: dict) -> dict[str, dict]:
    """Start gunicorn on the collected static files and weigh the pages."""
    with Server(env) as server:
        return page_weights(server.url)


def targets(weights: dict[str, dict]) -> list[tuple[bool, str]]:
    rows = []
    for path, limits in TARGETS.items():
        for key, limit in limits.items():
            visit = key.removesuffix("_bytes").replace("_", " ")
            measured = weights[path][key]
            rows.append(
                (
                    measured <= limit,
                    f"page weight of {path}: {visit} <= {limit:,} bytes ({measured:,})",
                )
            )
    return rows


def print_weights(weights: dict[str, dict]) -> None:
    print(
        "Page weight, bytes over the wire (headers + compressed bodies), Chromium, "
        "gunicorn + whitenoise, DEBUG off"
    )
    print(f"  {'page':<20}{'path':<28}{'first visit':>14}{'return visit':>14}")
    for path, row in weights.items():
        first = f"{row['first_visit_bytes']:,} ({row['first_visit_requests']})"
        again = f"{row['return_visit_bytes']:,} ({row['return_visit_requests']})"
        print(f"  {row['name']:<20}{path:<28}{first:>14}{again:>14}")
    print("  (requests over the network in brackets; the rest came from the cache)")
