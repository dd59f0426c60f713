"""The upload pages: the submit button says the file is being checked (static/js/busy.js,
no inline script) and the preview says how long the check took."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

LOUISVILLE = (
    Path(__file__).parent.parent
    / "funding"
    / "data"
    / "louisville_arp_project_expenditures_2021Q4-2022Q3.csv"
)
INCIDENTS = b"""case_number,date,time,location,shots_fired_confirmed,victims_injured,victims_killed,status
B-1,2022-01-05,23:10,100 block of Main St,yes,2,0,final
B-2,2022-02-10,,Clinton St & Front St,no,0,0,
"""
BUSY_SCRIPT = re.compile(
    r'<script src="/static/js/busy\.[0-9a-f]+\.js" nonce="[^"]+" defer>'
)


def test_the_incident_upload_button_says_the_file_is_being_checked(editor_client):
    page = editor_client.get(reverse("incidents:import")).content.decode()
    assert '<button type="submit" data-busy-text="Checking the file…">' in page
    assert BUSY_SCRIPT.search(page)


def test_the_incident_preview_says_how_long_the_check_took(editor_client):
    upload = SimpleUploadedFile("incidents.csv", INCIDENTS, "text/csv")
    response = editor_client.post(
        reverse("incidents:import"), {"file": upload, "format": "canonical"}
    )
    page = response.content.decode()
    assert re.search(r'<p class="asof">Checked 2 rows in \d+\.\d s\.</p>', page)
    assert 'data-busy-text="Importing the records…"' in page
    assert BUSY_SCRIPT.search(page)


def test_the_treasury_report_preview_says_how_long_the_check_took(editor_client):
    page = editor_client.get(reverse("funding:import_report")).content.decode()
    assert '<button type="submit" data-busy-text="Checking the file…">' in page
    upload = SimpleUploadedFile("report.csv", LOUISVILLE.read_bytes(), "text/csv")
    response = editor_client.post(
        reverse("funding:import_report"),
        {"file": upload, "program": "Louisville", "area": "Projects"},
    )
    page = response.content.decode()
    assert re.search(r'<p class="asof">Checked 151 rows in \d+\.\d s\.</p>', page)
    assert 'data-busy-text="Saving the entries…"' in page
    assert BUSY_SCRIPT.search(page)
