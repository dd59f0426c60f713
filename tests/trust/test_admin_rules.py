"""The admin runs the rules the staff pages run, or edits nothing: a superuser cannot set
a program's total below its budgets, add victims to an incident without a confirmed
discharge, overwrite someone else's save, or revert a record from its history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Program
from incidents.models import Incident, Victim


def form_data(admin_client, url: str, **changes) -> dict:
    """What the admin's change form at `url` would post, with `changes`."""
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return {**data, **changes}


def test_the_program_total_cannot_be_set_below_its_budgets(
    admin_client, program, budget
):
    url = reverse("admin:funding_program_change", args=[program.pk])
    response = admin_client.post(url, form_data(admin_client, url, total="1.00"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["total"] == [
        "The areas' budgets add up to $10,000.00 on May 16, 2022, more than a total "
        "of $1.00: the total cannot be less than what is budgeted."
    ]
    program.refresh_from_db()
    assert program.total == Decimal("1000000.00")


def test_the_program_total_can_be_set_to_exactly_its_budgets(
    admin_client, program, budget
):
    url = reverse("admin:funding_program_change", args=[program.pk])
    response = admin_client.post(url, form_data(admin_client, url, total="10000.00"))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.total == Decimal("10000.00")


def test_a_save_over_someone_elses_is_refused(admin_client, program):
    url = reverse("admin:funding_program_change", args=[program.pk])
    opened = form_data(admin_client, url, total="2000000.00")
    other = Program.objects.get(pk=program.pk)
    other.name = "Renamed meanwhile"
    other.save()
    response = admin_client.post(url, opened)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Someone saved this record after you opened it; your changes were not saved. "
        "Open it again to see their changes, then make yours."
    ]
    program.refresh_from_db()
    assert (program.name, program.total) == ("Renamed meanwhile", Decimal("1000000.00"))


def test_a_record_cannot_be_reverted_from_its_history(admin_client, program):
    old = program.history.earliest()
    program.total = Decimal("2000000.00")
    program.save()
    url = reverse(
        "admin:funding_program_simple_history", args=[program.pk, old.history_id]
    )
    response = admin_client.post(url, {"name": program.name, "total": "1.00"})
    assert response.status_code == 403
    program.refresh_from_db()
    assert program.total == Decimal("2000000.00")


def test_an_areas_program_cannot_be_changed_here(admin_client, program, area):
    other = Program.objects.create(name="Other", total=Decimal("1.00"))
    url = reverse("admin:funding_fundingarea_change", args=[area.pk])
    data = form_data(admin_client, url, name="Buybacks", program=str(other.pk))
    assert admin_client.post(url, data).status_code == 302
    area.refresh_from_db()
    assert (area.name, area.program_id) == ("Buybacks", program.pk)


def test_a_projects_area_is_fixed_once_it_has_entries(
    admin_client, project, budget, other_area
):
    url = reverse("admin:funding_treasuryproject_change", args=[project.pk])
    data = form_data(admin_client, url, area=str(other_area.pk))
    assert admin_client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.area_id == budget.area_id


def test_incidents_are_shown_with_a_pointer_to_the_staff_pages(
    admin_client, make_incident
):
    incident = make_incident("2022-02-01", "injured")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert (
        "Read only: incidents are entered and corrected on the staff pages "
        "(/incidents/), which check the rules and that nobody saved the record "
        "meanwhile."
    ) in response.content.decode()


def test_killed_victims_cannot_be_added_without_a_confirmed_discharge(
    admin_client, make_incident
):
    incident = make_incident("2022-02-01", confirmed=False)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    data = {
        "case_number": incident.case_number,
        "date": "2022-02-01",
        "location": incident.location,
        "status": incident.status,
        "victims-TOTAL_FORMS": "2",
        "victims-INITIAL_FORMS": "0",
        "victims-0-outcome": "killed",
        "victims-1-outcome": "killed",
    }
    assert admin_client.post(url, data).status_code == 403
    assert Victim.all_objects.filter(incident=incident).count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "admin:incidents_incident_add",
        "admin:incidents_firearmrecovery_add",
        "admin:incidents_datacompleteness_add",
    ],
)
def test_incident_records_cannot_be_added_in_the_admin(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 403


def test_an_incident_cannot_be_changed_in_the_admin(admin_client, make_incident):
    incident = make_incident("2022-02-01", "injured")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    response = admin_client.post(url, {"case_number": "CHANGED", "date": "2022-02-01"})
    assert response.status_code == 403
    assert Incident.all_objects.get(pk=incident.pk).case_number == incident.case_number


@pytest.fixture
def awards(area, project):
    """C-1, and C-2 voided."""
    from funding.models import Award

    def make(number):
        return Award.objects.create(
            number=number,
            kind=Award.Kind.CONTRACT,
            recipient_kind=Award.RecipientKind.ORGANIZATION,
            recipient=f"Recipient of {number}",
            amount=Decimal("100.00"),
            starts_on=datetime.date(2022, 6, 1),
            ends_on=datetime.date(2022, 12, 31),
            purpose="Lighting.",
            area=area,
            project=project,
        )

    voided = make("C-2")
    voided.void("Entered twice.", None)
    return make("C-1"), voided


def test_awards_are_listed_void_ones_too_with_a_pointer_to_the_staff_pages(
    admin_client, awards
):
    response = admin_client.get(reverse("admin:funding_award_changelist"))
    assert [award.number for award in response.context["cl"].result_list] == [
        "C-1",
        "C-2",
    ]
    html = response.content.decode()
    assert "Read only: awards are entered and corrected on the staff pages " in html
    assert "(/funding/awards/)" in html
    assert response.context["cl"].list_display[-1] == "voided_at"


def test_an_award_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, awards):
    live, voided = awards
    assert admin_client.get(reverse("admin:funding_award_add")).status_code == 403
    url = reverse("admin:funding_award_change", args=[voided.pk])
    response = admin_client.post(url, {"number": "CHANGED", "void_reason": ""})
    assert response.status_code == 403
    delete = reverse("admin:funding_award_delete", args=[live.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    voided.refresh_from_db()
    assert (voided.number, voided.void_reason) == ("C-2", "Entered twice.")
    assert live.__class__.all_objects.count() == 2


def test_an_awards_page_shows_its_void_and_its_history(admin_client, awards):
    _, voided = awards
    page = admin_client.get(reverse("admin:funding_award_change", args=[voided.pk]))
    assert page.status_code == 200
    assert set(page.context["adminform"].form.fields) == set()  # nothing to edit
    assert "Entered twice." in page.content.decode()
    history = admin_client.get(reverse("admin:funding_award_history", args=[voided.pk]))
    assert history.status_code == 200
    assert len(history.context["page_obj"].object_list) == 2
