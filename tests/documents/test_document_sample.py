"""The sample's documents: the resolution that adopted the $1,000,000 on every adopted
budget, a staff-only contract and a Treasury report, all flagged illustrative."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from documents.models import Document
from funding.models import BudgetEntry


@pytest.fixture
def sample(db):
    call_command("load_sample_data", stdout=io.StringIO())


def test_the_resolution_is_attached_to_the_six_adopted_budgets(sample):
    resolution = Document.objects.get(title="Council resolution 22-45")
    adopted = BudgetEntry.objects.filter(kind="adopted", illustrative=True)
    assert set(resolution.budget_entries.all()) == set(adopted)
    assert adopted.count() == 6
    assert (resolution.public, resolution.illustrative) == (True, True)
    assert resolution.date_phrase == "adopted May 16, 2022"
    assert b"".join(Client().get(f"/documents/{resolution.pk}/file/")).startswith(
        b"%PDF-1.4"
    )


def test_the_amendments_resolution_is_attached_to_its_two_entries(sample):
    resolution = Document.objects.get(title="Council resolution 24-41")
    entries = resolution.budget_entries.order_by("amount")
    assert [(e.area.slug, str(e.amount)) for e in entries] == [
        ("hot-spots-policing", "-25000.00"),
        ("violence-intervention", "25000.00"),
    ]
    assert resolution.date_phrase == "adopted June 5, 2024"


def test_the_contract_is_for_staff_only_and_the_report_is_public(sample):
    contract = Document.objects.get(title="Contract C-2022-014")
    assert (contract.public, contract.award.number) == (False, "C-2022-014")
    report = Document.objects.get(period__name="2026-Q3")
    assert (report.public, report.file_kind) == (True, "xlsx")
    assert all(d.illustrative for d in Document.all_objects.all())


def test_loading_twice_adds_nothing(sample):
    count = Document.all_objects.count()
    call_command("load_sample_data", stdout=io.StringIO())
    assert Document.all_objects.count() == count
