"""Who may see and change incident records: anonymous residents, council viewers, editors."""

import pytest
from django.urls import reverse


@pytest.fixture
def records(make_incident, make_recovery):
    incident = make_incident("2022-03-01", "injured")
    return incident, make_recovery("2022-03-02", incident=incident)


def read_urls(records) -> list[str]:
    incident, _ = records
    return [
        reverse("incidents:incident_list"),
        reverse("incidents:incident_detail", args=[incident.pk]),
        reverse("incidents:recovery_list"),
    ]


def change_urls(records) -> list[str]:
    incident, recovery = records
    return [
        reverse("incidents:incident_add"),
        reverse("incidents:incident_edit", args=[incident.pk]),
        reverse("incidents:recovery_add"),
        reverse("incidents:recovery_edit", args=[recovery.pk]),
        reverse("incidents:complete_through"),
        reverse("incidents:import"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, records):
    for url in [*read_urls(records), *change_urls(records)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_viewers_read_the_incident_pages(viewer_client, records):
    for url in read_urls(records):
        assert viewer_client.get(url).status_code == 200, url


def test_a_viewer_who_tries_to_change_something_gets_403(viewer_client, records):
    for url in [*change_urls(records), reverse("incidents:import_confirm")]:
        assert viewer_client.post(url, {}).status_code == 403, url
    for url in change_urls(records):
        assert viewer_client.get(url).status_code == 403, url


def test_an_editor_opens_every_page(editor_client, records):
    for url in [*read_urls(records), *change_urls(records)]:
        assert editor_client.get(url).status_code == 200, url


def test_viewers_see_no_edit_links(viewer_client, records):
    html = viewer_client.get(reverse("incidents:incident_list")).content.decode()
    assert "Add an incident" not in html
    assert ">Edit<" not in html


def test_the_year_to_date_api_is_public(client, db):
    assert client.get(reverse("api_ytd")).status_code == 200


def test_staff_see_the_incident_links_in_the_header(viewer_client):
    link = "Firearm recoveries</a>"
    assert link in viewer_client.get(reverse("home")).content.decode()
    viewer_client.logout()
    assert link not in viewer_client.get(reverse("home")).content.decode()
