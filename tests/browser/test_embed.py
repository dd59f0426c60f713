"""Real browser: an embed shows in a frame on an allowed origin's page and is blocked on
any other's; the embed page and the methodology page pass axe."""

import pytest
from browser_checks import assert_no_axe_violations, open_and_check

pytestmark = pytest.mark.browser

ALLOWED = "http://allowed.example"
NOT_ALLOWED = "http://not-allowed.example"
EMBED = "/embed/money-by-area/"


def _host_page(page, origin: str, frame_src: str) -> None:
    """Serve, at `origin`, a page whose only content is a frame of `frame_src` (the
    other origin is faked by the browser's routing: nothing leaves the machine)."""
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>A news site</title></head><body>"
        f"<main><h1>Our story</h1><iframe title='Chart' src='{frame_src}' "
        "width='800' height='700'></iframe></main></body></html>"
    )
    page.route(
        f"{origin}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )


def _open(page, live_server, origin: str):
    """Open the host page of `origin` and wait until the embed has answered."""
    _host_page(page, origin, live_server.url + EMBED)
    with page.expect_response(lambda r: r.url == live_server.url + EMBED) as answer:
        page.goto(f"{origin}/story/")
    assert answer.value.status == 200
    page.wait_for_load_state("load")
    return next(frame for frame in page.frames if frame != page.main_frame)


def test_an_allowed_origin_shows_the_embed(
    page, live_server, sample, settings, artifacts
):
    settings.EMBED_ALLOWED_ORIGINS = [ALLOWED]
    frame = _open(page, live_server, ALLOWED)
    frame.locator(".chart-plot svg.main-svg").first.wait_for(state="attached")
    assert frame.url == live_server.url + EMBED
    assert "How these figures are made" in frame.locator(".embed-source").inner_text()
    page.screenshot(path=artifacts / "embed-allowed-origin.png", full_page=True)


def test_any_other_origin_cannot_show_it(
    page, live_server, sample, settings, artifacts
):
    settings.EMBED_ALLOWED_ORIGINS = [ALLOWED]
    frame = _open(page, live_server, NOT_ALLOWED)
    # Chromium puts its own error page in a frame that frame-ancestors refuses.
    assert frame.url != live_server.url + EMBED
    assert frame.locator(".chart-plot").count() == 0
    page.screenshot(path=artifacts / "embed-blocked-origin.png", full_page=True)


def test_with_no_origin_allowed_no_one_can(page, live_server, sample, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    frame = _open(page, live_server, ALLOWED)
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
