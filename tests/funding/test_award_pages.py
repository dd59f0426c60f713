"""The awards' staff pages: the list, recording and correcting an award, and the spending
entry form's award field."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import Award, SpendingEntry, TreasuryProject


@pytest.fixture
def award_post(area, project):
    return {
        "number": "C-2022-014",
        "kind": "contract",
        "recipient_kind": "organization",
        "recipient": "Bright Streets LLC",
        "amount": "5000.00",
        "starts_on": "2022-06-01",
        "ends_on": "2023-06-30",
        "purpose": "Street lighting on Oak St.",
        "area": area.pk,
        "project": project.pk,
    }


@pytest.fixture
def lighting(budget, make_award):
    return make_award("C-2022-014", "5000.00")


def test_an_editor_records_an_award(editor_client, editor, budget, award_post):
    response = editor_client.post(reverse("funding:award_add"), award_post, follow=True)
    award = Award.objects.get()
    assert (award.number, award.amount, award.ends_on) == (
        "C-2022-014",
        Decimal("5000.00"),
        datetime.date(2023, 6, 30),
    )
    assert [str(m) for m in response.context["messages"]] == ["Saved award C-2022-014."]
    assert award.history.get().history_user == editor


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "abc"}, "amount", "Enter a number."),
        (
            {"amount": "0"},
            "amount",
            "An award's amount must be more than $0.00, not $0.00.",
        ),
        (
            {"ends_on": "2022-05-01"},
            "ends_on",
            "The award cannot end (2022-05-01) before it starts (2022-06-01).",
        ),
        ({"starts_on": "2022-02-30"}, "starts_on", "Enter a valid date."),
        ({"recipient": ""}, "recipient", "This field is required."),
        (
            {"recipient_kind": "robot"},
            "recipient_kind",
            "Select a valid choice. robot is not one of the available choices.",
        ),
        (
            {"number": "C-1\tX"},
            "number",
            "Remove the control character (U+0009) at position 4: a name or "
            "identifier is one line of plain text.",
        ),
        (
            {"project": "999999"},
            "project",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_bad_award_input_is_shown_next_to_the_field_and_nothing_is_saved(
    editor_client, budget, award_post, change, field, message
):
    response = editor_client.post(
        reverse("funding:award_add"), {**award_post, **change}
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert f"Error: {message}" in response.content.decode().replace("&#x27;", "'")
    assert not Award.objects.exists()


def test_a_smaller_amount_must_still_cover_the_obligations_under_it(
    editor_client, lighting, make_spending, award_post
):
    make_spending("obligation", datetime.date(2022, 6, 1), "4000.00", award=lighting)
    form = editor_client.get(reverse("funding:award_edit", args=[lighting.pk]))
    version = form.context["form"]["version"].value()
    response = editor_client.post(
        reverse("funding:award_edit", args=[lighting.pk]),
        {**award_post, "amount": "3000.00", "version": version},
    )
    assert response.context["form"].errors["amount"] == [
        "Obligations under award C-2022-014 would reach $4,000.00 on June 1, 2022, "
        "more than the $3,000.00 awarded."
    ]
    lighting.refresh_from_db()
    assert lighting.amount == Decimal("5000.00")


def test_the_project_of_an_award_with_entries_is_fixed(
    editor_client, lighting, make_spending, award_post, area
):
    make_spending("obligation", datetime.date(2022, 6, 1), "100.00", award=lighting)
    other = TreasuryProject.objects.create(
        area=area, identifier="BGM-09", name="Other", category_rationale="-"
    )
    url = reverse("funding:award_edit", args=[lighting.pk])
    version = editor_client.get(url).context["form"]["version"].value()
    editor_client.post(
        url,
        {
            **award_post,
            "project": other.pk,
            "amount": "6000.00",
            "version": version,
        },
    )
    lighting.refresh_from_db()
    assert (lighting.project.identifier, lighting.amount) == (
        "BGM-01",
        Decimal("6000.00"),
    )


def test_a_save_over_someone_elses_is_refused_and_shows_what_differs(
    editor_client, lighting, award_post
):
    url = reverse("funding:award_edit", args=[lighting.pk])
    version = editor_client.get(url).context["form"]["version"].value()
    lighting.purpose = "Changed meanwhile."
    lighting.save()
    response = editor_client.post(
        url, {**award_post, "amount": "7000.00", "version": version}
    )
    assert [(c.label, c.old, c.new) for c in response.context["conflict"].changes] == [
        ("Amount", "$7,000.00", "$5,000.00"),
        ("Purpose", "Street lighting on Oak St.", "Changed meanwhile."),
    ]
    lighting.refresh_from_db()
    assert (lighting.amount, lighting.version) == (Decimal("5000.00"), 2)
    assert response.context["form"]["version"].value() == 2


def test_the_list_shows_each_awards_figures(viewer_client, lighting, make_spending):
    make_spending("obligation", datetime.date(2022, 6, 1), "4000.00", award=lighting)
    make_spending("expenditure", datetime.date(2022, 7, 1), "1250.50", award=lighting)
    html = viewer_client.get(reverse("funding:award_list")).content.decode()
    assert (
        '<td class="num">$5,000.00</td><td class="num">$4,000.00</td>'
        '<td class="num">$1,250.50</td>'
    ) in html
    assert "Edit<span" not in html  # viewers read, editors edit


def test_the_list_refuses_an_unbounded_page_size(viewer_client, db):
    response = viewer_client.get(reverse("funding:award_list"), {"per_page": "100000"})
    assert response.status_code == 400


def test_the_list_makes_as_many_queries_for_more_awards(
    viewer_client, lighting, make_award, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        viewer_client.get(reverse("funding:award_list"))
    for number in range(2, 12):
        make_award(f"C-{number}", "10.00")
    with django_assert_max_num_queries(8):
        viewer_client.get(reverse("funding:award_list"))


def test_the_overview_links_to_the_awards(viewer_client, program):
    html = viewer_client.get(reverse("funding:overview")).content.decode()
    assert f'<a href="{reverse("funding:award_list")}">Awards</a>' in html


# --- The spending entry form's award field --------------------------------------------


@pytest.fixture
def entry_post(area, project):
    return {
        "kind": "obligation",
        "area": area.pk,
        "project": project.pk,
        "occurred_on": "2022-06-01",
        "amount": "2500.00",
        "payee": "Bright Streets LLC",
        "description": "First phase",
        "reference": "PO-1",
        "reason": "",
    }


def test_an_entry_is_recorded_under_an_award(editor_client, lighting, entry_post):
    editor_client.post(
        reverse("funding:record_entry"), {**entry_post, "award": lighting.pk}
    )
    assert SpendingEntry.objects.get().award == lighting


def test_the_award_field_names_each_awards_project(editor_client, lighting):
    html = editor_client.get(reverse("funding:record_entry")).content.decode()
    select = re.search(r'<select name="award"[^>]*>(.*?)</select>', html, re.S)
    # static/js/forms.js: only the chosen project's awards, none before one is chosen.
    assert 'data-follows="id_project" data-follows-empty="none"' in select.group(0)
    assert (
        f'<option value="{lighting.pk}" data-area="{lighting.project_id}">'
        "C-2022-014 Bright Streets LLC</option>"
    ) in select.group(1)


def test_an_award_of_another_project_is_refused_next_to_the_field(
    editor_client, lighting, entry_post, area
):
    other = TreasuryProject.objects.create(
        area=area, identifier="BGM-09", name="Other", category_rationale="-"
    )
    response = editor_client.post(
        reverse("funding:record_entry"),
        {**entry_post, "project": other.pk, "award": lighting.pk},
    )
    assert response.context["form"].errors["award"] == [
        "Award C-2022-014 is for Gun Buyback Programs, project BGM-01; this entry is "
        "for Gun Buyback Programs, project BGM-09. Choose an award of the entry's area "
        "and project."
    ]
    assert not SpendingEntry.objects.exists()


def test_an_obligation_over_the_award_is_refused_next_to_the_amount(
    editor_client, lighting, entry_post
):
    response = editor_client.post(
        reverse("funding:record_entry"),
        {**entry_post, "amount": "5000.01", "award": lighting.pk},
    )
    assert response.context["form"].errors["amount"] == [
        "Obligations under award C-2022-014 would reach $5,000.01 on June 1, 2022, "
        "more than the $5,000.00 awarded. $5,000.00 can still be obligated against "
        "the budget."
    ]
    assert not SpendingEntry.objects.exists()
