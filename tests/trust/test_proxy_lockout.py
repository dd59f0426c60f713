"""Behind the reverse proxy, log-in lockout counts per username and visitor's address.

Persona: `clerk`, a staff account whose password someone elsewhere is guessing.
"""

import pytest
from django.urls import reverse

from binghamton_safety.middleware import client_address

PASSWORD = "correct-horse-battery-staple-42"
PROXY = "10.0.0.2"  # the nginx in front of gunicorn: REMOTE_ADDR of every request


@pytest.fixture
def clerk(db, django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD)


@pytest.fixture
def one_proxy(settings):
    settings.PROXY_COUNT = 1


def log_in(client, password: str, forwarded_for: str):
    return client.post(
        reverse("login"),
        {"username": "clerk", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_failures_from_one_address_do_not_stop_a_correct_log_in_from_another(
    client, clerk, one_proxy
):
    for _ in range(5):
        last = log_in(client, "wrong-password", "203.0.113.5")
    assert last.status_code == 429
    assert log_in(client, PASSWORD, "198.51.100.7").status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_the_guessing_address_stays_locked_out_even_with_the_right_password(
    client, clerk, one_proxy
):
    for _ in range(5):
        log_in(client, "wrong-password", "203.0.113.5")
    response = log_in(client, PASSWORD, "203.0.113.5")
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


@pytest.mark.parametrize(
    ("proxies", "forged"),
    [
        # No proxy: the whole header is the visitor's own invention.
        (0, "192.0.2.{n}"),
        # One proxy: what the visitor wrote precedes the address the proxy appended.
        (1, "192.0.2.{n}, 203.0.113.5"),
    ],
)
def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    client, clerk, settings, proxies, forged
):
    settings.PROXY_COUNT = proxies
    statuses = [
        log_in(client, "wrong-password", forged.format(n=n)).status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "address"),
    [
        (0, "203.0.113.5", PROXY),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1,203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        # A header shorter than the chain: the proxies are not set up as configured.
        (2, "203.0.113.5", PROXY),
        (1, "", PROXY),
        # Not an address: written by the visitor, not by a proxy.
        (1, "192.0.2.1, <script>", PROXY),
    ],
)
def test_the_client_address_is_counted_from_the_right(
    rf, settings, proxies, forwarded_for, address
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_address(request) == address


def test_no_proxy_is_trusted_unless_configured(settings):
    assert settings.PROXY_COUNT == 0
