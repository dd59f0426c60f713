"""The 403, 404 and 500 pages: the site's look, what happened in plain words, a way home."""

import pytest
from django.http import HttpResponse
from django.urls import include, path, reverse


def boom(request) -> HttpResponse:
    raise RuntimeError("A bug in a view.")


# The site's pages plus one that always fails, for the 500 page (see `settings` below).
urlpatterns = [path("boom/", boom), path("", include("pages.urls"))]


@pytest.fixture(autouse=True)
def _as_in_production(settings):
    settings.DEBUG = False


def assert_site_page_with_a_way_home(html: str) -> None:
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert f'<a href="{reverse("home")}">Go to the public summary</a>' in html


@pytest.mark.parametrize(
    ("persona", "url", "needed"),
    [
        (
            "viewer",
            "funding:record_entry",
            "This page is for city staff who record data (editor role).",
        ),
        (
            "nobody",
            "funding:ledger",
            "This page is for council members and city staff (viewer role).",
        ),
    ],
)
def test_a_denied_page_says_which_role_it_needs(
    client, viewer, django_user_model, persona, url, needed
):
    user = viewer
    if persona == "nobody":
        user = django_user_model.objects.create_user("nobody", password="x-pass-123")
    client.force_login(user)
    response = client.get(reverse(url))
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>You cannot open this page</h1>" in html
    assert f"<p>{needed}</p>" in html
    assert_site_page_with_a_way_home(html)


def test_a_missing_page_says_so(client, db):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert "There is no page at this address." in html
    assert_site_page_with_a_way_home(html)


def test_a_failing_page_shows_the_error_page_without_any_context(client, settings, db):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in html
    assert "Nothing you entered on it was saved." in html
    assert_site_page_with_a_way_home(html)
