"""Log-in protection: lockout after failed attempts, strong passwords, sessions that end."""

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "correct-horse-battery-staple-42"


@pytest.fixture
def clerk(db, django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD)


def log_in(client, password, username="clerk"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_good_password_logs_in(client, clerk):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_five_failures_lock_the_account_even_for_the_right_password(client, clerk):
    for _ in range(4):
        response = log_in(client, "wrong-password")
        assert response.status_code == 200
        assert (
            "Please enter a correct username and password" in response.content.decode()
        )
    response = log_in(client, "wrong-password")
    assert response.status_code == 429
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, clerk):
    for _ in range(4):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "wrong-password").status_code == 200


def test_changing_the_password_signs_out_every_other_device(
    client, clerk, django_user_model
):
    from django.test import Client

    laptop, phone = client, Client()
    assert log_in(laptop, PASSWORD).status_code == 302
    assert log_in(phone, PASSWORD).status_code == 302
    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase-2026",
            "new_password2": "a-brand-new-passphrase-2026",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert laptop.get(reverse("password_change_done")).status_code == 200
    phone_response = phone.get(reverse("password_change"))
    assert phone_response.status_code == 302
    assert phone_response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("password", "This password is too common."),
        ("12345678901", "This password is entirely numeric."),
        (
            "short1",
            "This password is too short. It must contain at least 8 characters.",
        ),
    ],
)
def test_weak_passwords_are_refused(client, clerk, new, message):
    client.force_login(clerk)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert message in response.context["form"].errors["new_password2"]


def test_sessions_end_after_eight_hours_or_when_the_browser_closes(client, clerk):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    response = log_in(client, PASSWORD)
    assert response.cookies["sessionid"]["expires"] == ""
    assert response.cookies["sessionid"]["max-age"] == ""


@pytest.mark.parametrize(
    ("group", "landing"),
    [("Viewers", "dashboard"), ("Editors", "funding:overview")],
)
def test_logging_in_lands_each_role_on_its_own_page(client, clerk, group, landing):
    """Council members start on their dashboard; city staff on the funding overview."""
    from django.contrib.auth.models import Group

    clerk.groups.add(Group.objects.get_or_create(name=group)[0])
    assert log_in(client, PASSWORD)["Location"] == reverse(landing)
    # Opening the log-in page when already signed in leads to the same place.
    assert client.get(reverse("login"))["Location"] == reverse(landing)


def test_a_next_page_still_wins_over_the_landing_page(client, viewer):
    response = client.post(
        f"{reverse('login')}?next=/funding/ledger/",
        {"username": "viewer", "password": "pass-viewer", "next": "/funding/ledger/"},
    )
    assert response["Location"] == "/funding/ledger/"


def test_logging_out_says_so_and_offers_the_way_back(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("logout"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>You are logged out</h1>" in html
    assert f'<a href="{reverse("login")}">Log in again</a>' in html
    assert f'<a href="{reverse("home")}">Go to the public summary</a>' in html
    assert "_auth_user_id" not in client.session
