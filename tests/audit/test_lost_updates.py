"""Two editors open the same record and both save: the second save is refused, shows
what differs, and overwrites nothing."""

import datetime
import re

import pytest
from django.urls import reverse

from funding.models import BudgetEntry, SpendingEntry
from incidents.models import FirearmRecovery, Incident


def opened(client, url: str) -> dict:
    """The form's fields as the page fills them in (the hidden version included)."""
    form = client.get(url).context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


@pytest.fixture
def spending(budget, make_spending):
    return make_spending(
        "obligation", datetime.date(2022, 6, 1), "2500.00", payee="Acme Events"
    )


CASES = {
    "spending": (
        "funding:correct_entry",
        {"amount": "3000.00"},
        {"amount": "2750.00", "payee": "Acme Events LLC"},
        SpendingEntry,
        ["Amount: $2,750.00 → $3,000.00", "Payee: Acme Events LLC → Acme Events"],
    ),
    "budget": (
        "funding:correct_budget",
        {"reference": "R-2022-1a"},
        {"reference": "R-2022-1b"},
        BudgetEntry,
        ["Reference: R-2022-1b → R-2022-1a"],
    ),
    "recovery": (
        "incidents:recovery_edit",
        {"count": "3"},
        {"count": "4"},
        FirearmRecovery,
        ["Number of firearms: 4 → 3"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_second_of_two_saves_is_refused_and_shows_what_differs(
    editor_client, second_editor_client, spending, make_recovery, case
):
    url_name, first_change, second_change, model, differences = CASES[case]
    record = {
        "spending": spending,
        "budget": BudgetEntry.objects.first(),
        "recovery": make_recovery("2022-03-01", 2),
    }[case]
    url = reverse(url_name, args=[record.pk])
    mine, theirs = opened(editor_client, url), opened(second_editor_client, url)

    assert editor_client.post(url, {**mine, **first_change}).status_code == 302
    response = second_editor_client.post(url, {**theirs, **second_change})

    assert response.status_code == 200
    saved = model.all_objects.get(pk=record.pk)
    field, value = next(iter(first_change.items()))
    assert str(getattr(saved, field)) == value
    assert saved.version == 2
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "Not saved: editor saved this record at " in text
    assert "Their save was kept and nothing you entered was saved." in text
    assert [
        f"{c.label}: {c.old} → {c.new}" for c in response.context["conflict"].changes
    ] == differences
    for line in differences:
        assert f"<li>{line}</li>" in text
    # The form now holds the saved record and its version: saving again is deliberate.
    assert response.context["form"]["version"].value() == 2


def test_an_incident_and_its_victims_are_not_overwritten(
    editor_client, second_editor_client, make_incident
):
    incident = make_incident("2022-04-09", "injured", case_number="BPD-7")
    url = reverse("incidents:incident_edit", args=[incident.pk])
    mine, theirs = opened(editor_client, url), opened(second_editor_client, url)
    formset = {
        "victims-TOTAL_FORMS": "2",
        "victims-INITIAL_FORMS": "1",
        "victims-MIN_NUM_FORMS": "0",
        "victims-MAX_NUM_FORMS": "1000",
        "victims-0-id": incident.victims.get().pk,
        "victims-0-outcome": "injured",
    }
    assert (
        editor_client.post(
            url, {**mine, **formset, "victims-1-outcome": "killed"}
        ).status_code
        == 302
    )
    response = second_editor_client.post(
        url, {**theirs, **formset, "location": "200 block of Main St"}
    )
    assert response.status_code == 200
    changes = [(c.label, c.old, c.new) for c in response.context["conflict"].changes]
    assert changes == [
        ("Public location", "200 block of Main St", "100 block of Main St"),
        ("People shot", "Injured", "Injured, Killed"),
    ]
    incident = Incident.all_objects.get(pk=incident.pk)
    assert incident.location == "100 block of Main St"
    assert sorted(incident.victims.values_list("outcome", flat=True)) == [
        "injured",
        "killed",
    ]


def test_a_save_without_the_version_it_was_opened_on_is_refused(
    editor_client, spending
):
    url = reverse("funding:correct_entry", args=[spending.pk])
    data = opened(editor_client, url)
    del data["version"]
    response = editor_client.post(url, {**data, "amount": "1.00"})
    assert response.context["conflict"] is not None
    spending.refresh_from_db()
    assert spending.amount == 2500
