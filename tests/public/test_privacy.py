"""No case number, address, coordinate, note or payee on any public page or download, and
no name of a person who received an award."""

import html
import re
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

# Where a crawl starts; the open-data endpoints are also given with parameters.
SEEDS = [
    "/",
    "/data/",
    "/api/ytd.json",
    "/api/ytd.json?as_of=2022-04-30&compare=2021",
    "/api/funding.json",
    "/api/funding.json?as_of=2023-06-30",
    "/data/ytd.csv?as_of=2022-04-30",
]
NOT_PUBLIC = ("/static/", "/admin/", "/accounts/")


def crawl(client) -> dict[str, str]:
    """Every public page and download reachable from the seeds, as an anonymous visitor."""
    seen: dict[str, str] = {}
    queue = list(SEEDS)
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(NOT_PUBLIC):
            continue
        response = client.get(url)
        if response.status_code == 302:  # a staff page: it sends visitors to log in
            assert response["Location"].startswith(reverse("login")), url
            seen[url] = ""
            continue
        assert response.status_code == 200, url
        if response.streaming:  # a public document's file: its bytes, read as text
            body = b"".join(response.streaming_content).decode("latin-1")
            seen[url] = body
            continue
        body = response.content.decode()
        seen[url] = body
        for href in re.findall(r'href="([^"#]+)"', body):
            target = urljoin(url, html.unescape(href))
            if not urlsplit(target).scheme and not urlsplit(target).netloc:
                queue.append(target)
    return seen


def test_no_public_page_or_download_reveals_staff_only_details(client, secrets):
    pages = crawl(client)
    public = {url: body for url, body in pages.items() if body}
    # The crawl reached every kind of public output.
    for expected in [
        "/",
        "/areas/gun-buyback/",
        "/data/",
        "/data/ytd.csv",
        "/data/monthly-counts.csv",
        "/data/funding-monthly.csv",
        "/data/awards.csv",
        "/api/ytd.json",
        "/api/funding.json",
        "/by-place/",
        "/api/places.json?kind=council_district",
    ]:
        assert expected in public, expected
    # The public documents were downloaded (and read for secrets above); a staff-only
    # one, which names the person, is linked from nowhere and sends visitors to log in.
    from documents.models import Document

    files = {url for url in public if url.startswith("/documents/")}
    assert files == {f"/documents/{d.pk}/file/" for d in Document.objects.public()}
    assert len(files) >= 2

    for document in Document.objects.filter(public=False):
        assert client.get(f"/documents/{document.pk}/file/").status_code == 302
    for url, body in public.items():
        for secret in secrets:
            assert secret not in body, f"{secret!r} appears on {url}"
    # The awards were read: organizations are named, the person's award only counted.
    area_page = public["/areas/gun-buyback/"]
    assert "Individual recipients (4 awards, $1,200.00)" in area_page
    assert "Sample Lighting Contractors Inc." in public["/data/awards.csv"]


def test_the_crawl_would_notice_a_leak(client, secrets):
    """Guard against a crawl that passes because it reads nothing: the secrets are real
    strings of the test data, and the staff ledger (not public) does show them."""
    from django.contrib.auth.models import Group, User

    staff = User.objects.create_user("auditor")
    staff.groups.add(Group.objects.get_or_create(name="Viewers")[0])
    client.force_login(staff)
    ledger = client.get("/funding/ledger.csv").content.decode()
    assert "Xylophone Payee Holdings LLC" in ledger
    assert "P. Wrenfield-Oyelaran (stipend account)" in ledger
    awards = client.get("/funding/awards/").content.decode()
    assert "Philippa Wrenfield-Oyelaran" in awards
    # the list filtered to it: ten years of sample records come before it unfiltered
    incidents = client.get("/incidents/", {"case_number": "SECRET"}).content.decode()
    assert "BPD-22-SECRET-0001" in incidents
