"""Real browser: an embed shows in a frame on an allowed origin's page and is blocked on
any other's; the embed pages, the methodology and the corrections pages pass axe."""

import http.server
import threading

import pytest
from browser_checks import assert_no_axe_violations, open_and_check

pytestmark = pytest.mark.browser

EMBED = "/embed/money-by-area/"


@pytest.fixture
def host_sites(live_server):
    """Two other sites (two origins on this machine, so nothing leaves it), each serving
    a page whose only content is a frame of the live server's embed: {name: origin}."""
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>A news site</title></head><body>"
        f"<main><h1>Our story</h1><iframe title='Chart' src='{live_server.url}{EMBED}' "
        "width='800' height='700'></iframe></main></body></html>"
    ).encode()

    class Story(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    servers = {}
    for name in ("allowed", "other"):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Story)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[name] = server
    yield {name: f"http://127.0.0.1:{s.server_port}" for name, s in servers.items()}
    for server in servers.values():
        server.shutdown()
        server.server_close()


def _open(page, live_server, origin: str):
    """Open the story page of `origin` and wait until the embed has answered."""
    with page.expect_response(lambda r: r.url == live_server.url + EMBED) as answer:
        page.goto(f"{origin}/story/")
    assert answer.value.status == 200
    page.wait_for_load_state("load")
    return next(frame for frame in page.frames if frame != page.main_frame)


def test_an_allowed_origin_shows_the_embed(
    page, live_server, sample, settings, host_sites, artifacts
):
    settings.EMBED_ALLOWED_ORIGINS = [host_sites["allowed"]]
    frame = _open(page, live_server, host_sites["allowed"])
    frame.locator(".chart-plot svg.main-svg").first.wait_for(state="attached")
    assert frame.url == live_server.url + EMBED
    assert "How these figures are made" in frame.locator(".embed-source").inner_text()
    page.screenshot(path=artifacts / "embed-allowed-origin.png", full_page=True)


def test_any_other_origin_cannot_show_it(
    page, live_server, sample, settings, host_sites, artifacts
):
    settings.EMBED_ALLOWED_ORIGINS = [host_sites["allowed"]]
    frame = _open(page, live_server, host_sites["other"])
    # Chromium puts its own error page in a frame that frame-ancestors refuses.
    assert frame.url != live_server.url + EMBED
    assert frame.locator(".chart-plot").count() == 0
    page.screenshot(path=artifacts / "embed-blocked-origin.png", full_page=True)


def test_with_no_origin_allowed_no_one_can(
    page, live_server, sample, settings, host_sites
):
    settings.EMBED_ALLOWED_ORIGINS = []
    frame = _open(page, live_server, host_sites["allowed"])
    assert frame.locator(".chart-plot").count() == 0


@pytest.mark.parametrize(
    "path", ["/embed/long-run-trend/", EMBED, "/methodology/", "/corrections/"]
)
def test_embed_methodology_and_corrections_pages_pass_axe(
    page, live_server, sample, artifacts, path
):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert open_and_check(page, live_server.url + path) == []
        assert_no_axe_violations(page)
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
