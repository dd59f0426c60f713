"""Recording and correcting entries through the editor's forms."""

import datetime
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
            "Obligations for Gun Buyback Programs would reach $10,000.01 on 2022-06-01, "
            "more than its budget of $10,000.00 at that date.",
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
        "Expenditures for Gun Buyback Programs would reach $2,000.00 on 2022-07-01, "
        "more than the $1,500.00 obligated by then."
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
