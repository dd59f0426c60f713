"""Who may see and change what: anonymous residents, council viewers, city editors."""

import pytest
from django.urls import reverse

READ_PAGES = ["funding:overview", "funding:ledger", "funding:ledger_csv"]
CHANGE_PAGES = ["funding:record_entry", "funding:record_budget"]


@pytest.fixture
def entry(budget, make_spending):
    import datetime

    return make_spending("obligation", datetime.date(2022, 6, 1), "100.00")


def change_urls(entry):
    return [reverse(name) for name in CHANGE_PAGES] + [
        reverse("funding:correct_entry", args=[entry.pk])
    ]


@pytest.mark.parametrize("name", READ_PAGES + CHANGE_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", READ_PAGES)
def test_viewers_and_editors_read_staff_pages(viewer_client, program, name):
    assert viewer_client.get(reverse(name)).status_code == 200


def test_a_viewer_who_tries_to_change_something_gets_403(viewer_client, entry):
    for url in change_urls(entry):
        assert viewer_client.get(url).status_code == 403, url
        assert viewer_client.post(url, {}).status_code == 403, url


def test_an_editor_opens_every_change_page(editor_client, entry):
    for url in change_urls(entry):
        assert editor_client.get(url).status_code == 200, url


def test_a_signed_in_user_without_a_role_gets_403(client, django_user_model, program):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    assert client.get(reverse("funding:overview")).status_code == 403


def test_the_public_pages_are_open_to_everyone(client, program):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("api_funding")).status_code == 200


def test_the_groups_exist_after_migrating(db):
    from django.contrib.auth.models import Group

    assert sorted(Group.objects.values_list("name", flat=True)) == [
        "Editors",
        "Viewers",
    ]


def test_the_login_page_uses_the_sites_look(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "<h1>Staff log in</h1>" in html
    assert 'href="#main"' in html
