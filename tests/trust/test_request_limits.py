"""Request bodies are bounded: an oversized one is refused before a byte of it is read.

Personas: an anonymous visitor sending a huge body; `editor` (city staff) importing files.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from incidents.forms import MAX_UPLOAD_BYTES

MB = 1024 * 1024


class EndlessBody:
    """A request body that never ends, counting what the server reads of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        self.read_bytes += size
        return b"x" * size

    def readline(self, size=-1):
        return self.read(size)


def post_endless(client, path: str, length: int):
    body = EndlessBody()
    started = time.monotonic()
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return response, body.read_bytes, time.monotonic() - started


@pytest.fixture
def visitor(db):
    """An anonymous visitor's browser, with CSRF checked as in production."""
    browser = Client(enforce_csrf_checks=True)
    browser.get("/")  # the first request of a process loads templates and URLs
    return browser


def test_an_anonymous_300_mb_body_is_refused_unread_and_quickly(visitor):
    response, read, seconds = post_endless(visitor, "/", 300 * MB)
    assert response.status_code == 413
    assert read == 0
    assert seconds < 1
    html = response.content.decode()
    assert "<h1>Too large to accept</h1>" in html
    assert (
        "What you sent is 314,572,800 bytes; this site accepts at most 65,536 bytes "
        "in one request. Nothing was saved." in html
    )


def test_staff_may_send_an_import_but_not_more(editor_client):
    response, read, _ = post_endless(
        editor_client, reverse("incidents:import"), 25 * MB
    )
    assert response.status_code == 413
    assert read == 0
    assert (
        "What you sent is 26,214,400 bytes; this site accepts at most 22,020,096 bytes"
        in response.content.decode()
    )


def test_a_file_just_over_the_import_limit_gets_the_forms_own_message(editor_client):
    """The body limit leaves room for the largest import, so its field error shows."""
    upload = SimpleUploadedFile("big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), "text/csv")
    response = editor_client.post(
        reverse("incidents:import"), {"file": upload, "format": "canonical"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is 20,971,521 bytes; the limit is 20,971,520."
    ]


def test_an_import_with_two_files_is_refused(editor_client):
    files = [SimpleUploadedFile(f"{n}.csv", b"case_number\n", "text/csv") for n in "ab"]
    response = editor_client.post(reverse("incidents:import"), {"file": files})
    assert response.status_code == 400


@pytest.mark.parametrize("length", ["", "not-a-number"])
def test_a_missing_or_garbled_length_counts_as_an_empty_body(visitor, length):
    response = visitor.generic("POST", "/", CONTENT_LENGTH=length)
    assert response.status_code == 403  # CSRF, as for any post without a token
