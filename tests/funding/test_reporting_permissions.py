"""Who may use the Treasury reporting pages: council viewers read, city editors import."""

import io

import pytest
from django.urls import reverse

READ_URLS = [
    ("funding:period_report", []),
    ("funding:reconciliation", []),
    ("funding:period_report_csv", ["2022-Q3"]),
    ("funding:period_report_categories_csv", ["2022-Q3"]),
    ("funding:period_report_xlsx", ["2022-Q3"]),
]
IMPORT = "funding:import_report"


@pytest.mark.parametrize(("name", "args"), [*READ_URLS, (IMPORT, [])])
def test_anonymous_visitors_are_sent_to_the_login_page(client, q3, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "args"), READ_URLS)
def test_viewers_read_and_download_reports(viewer_client, q3, name, args):
    assert viewer_client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), READ_URLS)
def test_editors_read_and_download_reports(editor_client, q3, name, args):
    assert editor_client.get(reverse(name, args=args)).status_code == 200


def test_a_viewer_cannot_import(viewer_client, q3):
    url = reverse(IMPORT)
    assert viewer_client.get(url).status_code == 403
    file = io.BytesIO(b"year,quarter\r\n")
    file.name = "report.csv"
    response = viewer_client.post(url, {"file": file, "program": "P", "area": "A"})
    assert response.status_code == 403
    assert viewer_client.post(url, {"token": "x"}).status_code == 403


def test_an_editor_opens_the_import_page(editor_client, q3):
    response = editor_client.get(reverse(IMPORT))
    assert response.status_code == 200
    assert '<label for="id_file">Report file (CSV)' in response.content.decode()


def test_the_reporting_pages_say_so_when_no_period_exists(viewer_client, db):
    for name in ["funding:period_report", "funding:reconciliation"]:
        html = viewer_client.get(reverse(name)).content.decode()
        assert "No reporting period has been recorded yet." in html


def test_a_signed_in_user_without_a_role_gets_403(client, django_user_model, q3):
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))
    for name, args in READ_URLS:
        assert client.get(reverse(name, args=args)).status_code == 403
