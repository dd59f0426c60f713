"""Real browser: an editor logs in, adds an incident with two victims and finds it listed."""

import re

import pytest
from browser_checks import sign_in

from incidents.models import Incident

pytestmark = pytest.mark.browser


def test_an_editor_adds_an_incident_with_two_victims(
    page, live_server, django_user_model, artifacts
):
    sign_in(
        page,
        live_server,
        django_user_model,
        "records-clerk",
        "Editors",
        then="/incidents/new/",
    )

    page.get_by_label("Case number").fill("BPD-22-0409")
    page.get_by_label("Date").fill("2022-04-09")
    page.get_by_label("Time").fill("23:10")
    page.get_by_label("Public location").fill("100 block of Tremont Ave")
    page.get_by_label("Discharge of a firearm confirmed").check()
    page.get_by_label("Person 1").select_option("injured")
    page.get_by_label("Person 2").select_option("killed")
    # The script adds rows beyond the three the page starts with.
    page.get_by_role("button", name="Add another person").click()
    assert page.get_by_label("Person 4").is_visible()
    page.screenshot(path=artifacts / "incident-form-two-victims.png", full_page=True)
    page.get_by_role("button", name="Add incident").click()

    page.wait_for_url(re.compile(r"/incidents/$"))
    assert "Added incident BPD-22-0409." in page.get_by_role("status").inner_text()
    row = page.get_by_role("row", name=re.compile("BPD-22-0409"))
    cells = row.get_by_role("cell")
    assert cells.nth(4).inner_text() == "Yes"
    assert cells.nth(5).inner_text() == "2"
    assert cells.nth(6).inner_text() == "1"
    page.screenshot(path=artifacts / "incident-list-after-adding.png", full_page=True)

    incident = Incident.objects.get(case_number="BPD-22-0409")
    assert sorted(incident.victims.values_list("outcome", flat=True)) == [
        "injured",
        "killed",
    ]
