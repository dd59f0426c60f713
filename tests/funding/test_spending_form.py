"""Recording and correcting entries through the editor's forms."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import BudgetEntry, SpendingEntry


@pytest.fixture
def good_post(area, project):
    return {
        "kind": "obligation",
        "area": area.pk,
        "project": project.pk,
        "occurred_on": "2022-06-01",
        "amount": "2500.00",
        "payee": "First Baptist Church",
        "description": "Buyback event venue and gift cards",
        "reference": "PO-1001",
        "reason": "",
    }


def test_an_editor_records_an_obligation(editor_client, editor, budget, good_post):
    response = editor_client.post(
        reverse("funding:record_entry"), good_post, follow=True
    )
    entry = SpendingEntry.objects.get()
    assert entry.amount == Decimal("2500.00")
    assert entry.recorded_by == editor
    assert entry.occurred_on == datetime.date(2022, 6, 1)
    assert [str(m) for m in response.context["messages"]] == [
        "Recorded: Obligation $2,500.00 to First Baptist Church on 2022-06-01."
    ]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount": "abc"}, "amount", "Enter a number."),
        (
            {"amount": "1.005"},
            "amount",
            "Ensure that there are no more than 2 decimal places.",
        ),
        ({"occurred_on": "2022-13-01"}, "occurred_on", "Enter a valid date."),
        ({"payee": ""}, "payee", "This field is required."),
        (
            {"kind": "gift"},
            "kind",
            "Select a valid choice. gift is not one of the available choices.",
        ),
        (
            {"amount": "10000.01"},
            "amount",
            "Obligations for Gun Buyback Programs and project BGM-01 would reach "
            "$10,000.01 on June 1, 2022, more than their budget of $10,000.00 at that "
            "date. $10,000.00 can still be obligated against the budget.",
        ),
        (
            {"amount": "-5.00"},
            "reason",
            "Give a reason for the negative amount of -$5.00 "
            "(a de-obligation, refund or budget reduction).",
        ),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    editor_client, budget, good_post, change, field, message
):
    response = editor_client.post(
        reverse("funding:record_entry"), {**good_post, **change}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert SpendingEntry.objects.count() == 0
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html


def test_an_editor_corrects_an_entry(editor_client, budget, make_spending, good_post):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "2500.00")
    url = reverse("funding:correct_entry", args=[entry.pk])
    editor_client.post(url, {**good_post, "amount": "3000.00", "version": 1})
    entry.refresh_from_db()
    assert entry.amount == Decimal("3000.00")
    assert SpendingEntry.objects.count() == 1


def test_a_correction_is_checked_against_the_rest_of_the_ledger(
    editor_client, budget, make_spending, good_post
):
    entry = make_spending("obligation", datetime.date(2022, 6, 1), "2500.00")
    make_spending("expenditure", datetime.date(2022, 7, 1), "2000.00")
    url = reverse("funding:correct_entry", args=[entry.pk])
    response = editor_client.post(url, {**good_post, "amount": "1500.00", "version": 1})
    assert response.context["form"].errors["amount"][0] == (
        "Expenditures for Gun Buyback Programs and project BGM-01 would reach "
        "$2,000.00 on July 1, 2022, more than the $1,500.00 obligated by then."
    )
    entry.refresh_from_db()
    assert entry.amount == Decimal("2500.00")


def test_an_editor_records_a_budget_amendment(editor_client, budget, area, project):
    response = editor_client.post(
        reverse("funding:record_budget"),
        {
            "kind": "amendment",
            "area": area.pk,
            "project": project.pk,
            "effective_on": "2022-09-01",
            "amount": "-1000.00",
            "reference": "R-2022-88",
            "reason": "Moved to violence intervention",
        },
    )
    assert response.status_code == 302
    assert BudgetEntry.objects.filter(kind="amendment").get().amount == Decimal(
        "-1000.00"
    )


# --- The error summary, one message per problem, the project list ------------------------


def test_a_failed_save_lists_each_problem_at_the_top_linked_to_its_field(
    editor_client, budget, good_post
):
    response = editor_client.post(
        reverse("funding:record_entry"), {**good_post, "amount": "abc", "payee": ""}
    )
    html = response.content.decode()
    start = html.index('<div class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    assert 'id="error-summary" tabindex="-1"' in summary
    assert '<a href="#id_amount">Amount: Enter a number.</a>' in summary
    assert '<a href="#id_payee">Payee: This field is required.</a>' in summary
    assert summary.count("<li>") == 2
    assert re.search(
        r'<script src="/static/js/forms\.\w+\.js" nonce="[^"]+" defer>', html
    )


def test_spending_over_the_area_and_project_limits_says_so_once_with_the_room_left(
    editor_client, budget, make_spending, area, project, good_post
):
    BudgetEntry.objects.create(
        area=area,
        project=project,
        kind=BudgetEntry.Kind.AMENDMENT,
        amount=Decimal("10000.00"),
        effective_on=datetime.date(2022, 5, 20),
    )
    make_spending("obligation", datetime.date(2022, 6, 1), "15000.00")
    make_spending("expenditure", datetime.date(2022, 6, 15), "2500.00")
    response = editor_client.post(
        reverse("funding:record_entry"),
        {**good_post, "kind": "expenditure", "amount": "13000.00"},
    )
    assert response.context["form"].errors == {
        "amount": [
            "Expenditures for Gun Buyback Programs and project BGM-01 would reach "
            "$15,500.00 on June 15, 2022, more than the $15,000.00 obligated by then. "
            "$12,500.00 can still be spent against what is obligated."
        ]
    }
    assert SpendingEntry.objects.count() == 2


def test_limits_broken_by_different_figures_still_give_one_message(
    editor_client, budget, area, good_post
):
    """The area has $5,000 more than its project: the project's limit binds."""
    BudgetEntry.objects.create(
        area=area, amount=Decimal("5000.00"), effective_on=datetime.date(2022, 5, 20)
    )
    response = editor_client.post(
        reverse("funding:record_entry"), {**good_post, "amount": "16000.00"}
    )
    assert response.context["form"].errors["amount"] == [
        "Obligations for project BGM-01 would reach $16,000.00 on June 1, 2022, more "
        "than its budget of $10,000.00 at that date. The same goes for Gun Buyback "
        "Programs. $10,000.00 can still be obligated against the budget."
    ]


def test_each_project_option_names_its_area_for_the_area_select_to_filter(
    editor_client, area, other_area, project
):
    from funding.models import TreasuryProject

    other = TreasuryProject.objects.create(
        area=other_area, identifier="CPT-01", name="Lighting", category_rationale="."
    )
    html = editor_client.get(reverse("funding:record_entry")).content.decode()
    assert '<select name="project" data-follows="id_area" id="id_project">' in html
    assert (
        '<option value="" selected>No project: the area as a whole</option>\n\n'
        f'  <option value="{project.pk}" data-area="{area.pk}">BGM-01 Buybacks</option>'
        f'\n\n  <option value="{other.pk}" data-area="{other_area.pk}">CPT-01 Lighting'
        "</option>"
    ) in html


def test_a_project_of_another_area_is_refused(
    editor_client, budget, other_area, good_post
):
    response = editor_client.post(
        reverse("funding:record_entry"), {**good_post, "area": other_area.pk}
    )
    assert response.context["form"].errors["project"] == [
        "Project BGM-01 belongs to Gun Buyback Programs, not to CPTED."
    ]


@pytest.mark.parametrize(
    ("name", "record", "labels"),
    [
        ("funding:record_entry", None, ["Choose a kind", "Choose an area"]),
        ("funding:correct_entry", "entry", ["Choose an area", "No project"]),
        ("funding:record_budget", None, ["Choose an area", "No project"]),
        ("funding:correct_budget", "budget", ["Choose an area", "No project"]),
        ("funding:void_entry", "entry", []),
        ("funding:ledger", None, ["All areas", "All kinds", "Show, marked Voided"]),
        ("funding:budget_list", None, ["All areas", "Show, marked Voided"]),
        ("funding:overview", None, []),
        ("funding:period_report", None, ["All programs"]),
        ("funding:reconciliation", None, ["All programs"]),
        ("funding:import_report", None, []),
    ],
)
def test_no_staff_form_or_filter_offers_a_row_of_dashes(
    editor_client, budget, make_spending, name, record, labels
):
    """Every empty choice says what it means ("All areas"), never "---------"."""
    records = {
        "entry": make_spending("obligation", datetime.date(2022, 6, 1), "100.00"),
        "budget": budget,
    }
    args = [records[record].pk] if record else []
    html = editor_client.get(reverse(name, args=args)).content.decode()
    assert "-----" not in html
    for label in labels:
        assert f">{label}" in html
