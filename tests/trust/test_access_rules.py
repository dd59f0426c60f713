"""Every URL of the site against every persona. A new URL without a row here fails."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

PERSONAS = ("anonymous", "viewer", "editor", "superuser")
PUBLIC = (200, 200, 200, 200)
STAFF_READ = (302, 200, 200, 200)  # anonymous visitors are sent to log in
EDITORS_ONLY = (302, 403, 200, 200)
SIGNED_IN = (302, 200, 200, 200)
# Restoring a record that counts: editors are sent back to its history.
EDITORS_ONLY_VOIDED = (302, 403, 302, 302)

# name -> (arguments, expected GET status for each persona)
ACCESS = {
    "home": ({}, PUBLIC),
    "area": ({"slug": "gun-buyback"}, PUBLIC),
    "area_results": ({"slug": "hot-spots-policing"}, PUBLIC),
    "open_data": ({}, PUBLIC),
    "glossary": ({}, PUBLIC),
    "methodology": ({}, PUBLIC),
    "corrections": ({}, PUBLIC),
    "embed": ({"chart": "money-by-area"}, PUBLIC),
    "open_data_ytd": ({}, PUBLIC),
    "open_data_monthly": ({}, PUBLIC),
    "open_data_trends": ({}, PUBLIC),
    "open_data_places": ({}, PUBLIC),
    "open_data_funding": ({}, PUBLIC),
    "open_data_awards": ({}, PUBLIC),
    "api_funding": ({}, PUBLIC),
    "api_ytd": ({}, PUBLIC),
    "api_trends": ({}, PUBLIC),
    "api_places": ({}, PUBLIC),
    "api_programs": ({}, PUBLIC),
    "by_place": ({}, PUBLIC),
    "login": ({}, (200, 302, 302, 302)),  # signed-in users go straight on
    "logout": ({}, (405, 405, 405, 405)),  # log out is a POST, never a link
    "password_change": ({}, SIGNED_IN),
    "password_change_done": ({}, SIGNED_IN),
    "dashboard": ({}, STAFF_READ),
    "dashboard_present": ({}, STAFF_READ),
    "dashboard_summary": ({}, STAFF_READ),
    "funding:overview": ({}, STAFF_READ),
    "funding:ledger": ({}, STAFF_READ),
    "funding:ledger_csv": ({}, STAFF_READ),
    "funding:record_entry": ({}, EDITORS_ONLY),
    "funding:correct_entry": ({"pk": "spending"}, EDITORS_ONLY),
    "funding:record_budget": ({}, EDITORS_ONLY),
    "funding:void_entry": ({"pk": "spending"}, EDITORS_ONLY),
    "funding:restore_entry": ({"pk": "spending"}, EDITORS_ONLY_VOIDED),
    "funding:entry_history": ({"pk": "spending"}, STAFF_READ),
    "funding:budget_list": ({}, STAFF_READ),
    "funding:correct_budget": ({"pk": "budget"}, EDITORS_ONLY),
    "funding:void_budget": ({"pk": "budget"}, EDITORS_ONLY),
    "funding:restore_budget": ({"pk": "budget"}, EDITORS_ONLY_VOIDED),
    "funding:budget_history": ({"pk": "budget"}, STAFF_READ),
    "funding:project_history": ({"pk": "project"}, STAFF_READ),
    "funding:area_history": ({"pk": "area"}, STAFF_READ),
    "funding:project_evidence": ({"pk": "project"}, EDITORS_ONLY),
    "documents:document_list": ({}, STAFF_READ),
    "documents:document_add": ({}, EDITORS_ONLY),
    "documents:document_edit": ({"pk": "document"}, EDITORS_ONLY),
    "documents:document_void": ({"pk": "document"}, EDITORS_ONLY),
    "documents:document_restore": ({"pk": "document"}, EDITORS_ONLY_VOIDED),
    "documents:document_history": ({"pk": "document"}, STAFF_READ),
    # A public document's file is anyone's (tests/documents/test_access.py); this one is
    # for staff only.
    "documents:file": ({"pk": "staff_document"}, STAFF_READ),
    "documents:version_file": (
        {"pk": "document", "history_id": "document_version"},
        STAFF_READ,
    ),
    "funding:award_list": ({}, STAFF_READ),
    "funding:award_add": ({}, EDITORS_ONLY),
    "funding:award_edit": ({"pk": "award"}, EDITORS_ONLY),
    "funding:award_history": ({"pk": "award"}, STAFF_READ),
    "funding:award_void": ({"pk": "award"}, EDITORS_ONLY),
    "funding:award_restore": ({"pk": "award"}, EDITORS_ONLY_VOIDED),
    "funding:period_report": ({}, STAFF_READ),
    "funding:period_report_csv": ({"name": "2026-Q3"}, STAFF_READ),
    "funding:period_report_categories_csv": ({"name": "2026-Q3"}, STAFF_READ),
    "funding:period_report_xlsx": ({"name": "2026-Q3"}, STAFF_READ),
    "funding:period_report_subawards_csv": ({"name": "2026-Q3"}, STAFF_READ),
    "funding:import_report": ({}, EDITORS_ONLY),
    "funding:reconciliation": ({}, STAFF_READ),
    "incidents:incident_list": ({}, STAFF_READ),
    "incidents:incident_add": ({}, EDITORS_ONLY),
    "incidents:incident_detail": ({"pk": "incident"}, STAFF_READ),
    "incidents:incident_edit": ({"pk": "incident"}, EDITORS_ONLY),
    "incidents:incident_void": ({"pk": "incident"}, EDITORS_ONLY),
    "incidents:incident_restore": ({"pk": "incident"}, EDITORS_ONLY_VOIDED),
    "incidents:incident_history": ({"pk": "incident"}, STAFF_READ),
    "incidents:incident_map": ({}, STAFF_READ),
    "incidents:recovery_list": ({}, STAFF_READ),
    "incidents:recovery_add": ({}, EDITORS_ONLY),
    "incidents:recovery_edit": ({"pk": "recovery"}, EDITORS_ONLY),
    "incidents:recovery_void": ({"pk": "recovery"}, EDITORS_ONLY),
    "incidents:recovery_restore": ({"pk": "recovery"}, EDITORS_ONLY_VOIDED),
    "incidents:recovery_history": ({"pk": "recovery"}, STAFF_READ),
    "incidents:complete_through": ({}, EDITORS_ONLY),
    "incidents:import": ({}, EDITORS_ONLY),
    # Confirming an upload is a POST from the preview page.
    "incidents:import_confirm": ({}, (302, 403, 405, 405)),
    "incidents:format_list": ({}, EDITORS_ONLY),
    "incidents:format_add": ({}, EDITORS_ONLY),
    "incidents:format_edit": ({"pk": "format"}, EDITORS_ONLY),
    "incidents:format_download": ({"pk": "format"}, EDITORS_ONLY),
    "incidents:shipped_format": ({"name": "philadelphia"}, EDITORS_ONLY),
    "incidents:format_builder_sample": ({}, EDITORS_ONLY),
    # The builder's step 2 without a sample in the session goes back to step 1.
    "incidents:format_builder": ({}, (302, 403, 302, 302)),
    "places:place_list": ({}, STAFF_READ),
    "places:place_add": ({}, EDITORS_ONLY),
    "places:place_edit": ({"pk": "place"}, EDITORS_ONLY),
    "places:place_history": ({"pk": "place"}, STAFF_READ),
    "places:kind_map": ({"kind": "council_district"}, STAFF_READ),
    "programs:overview": ({}, STAFF_READ),
    "programs:value_list": ({}, STAFF_READ),
    "programs:value_add": ({}, EDITORS_ONLY),
    "programs:value_edit": ({"pk": "value"}, EDITORS_ONLY),
    "programs:value_void": ({"pk": "value"}, EDITORS_ONLY),
    "programs:value_restore": ({"pk": "value"}, EDITORS_ONLY_VOIDED),
    "programs:value_history": ({"pk": "value"}, STAFF_READ),
}


def url_names(patterns=None, namespace: str | None = None) -> set[str]:
    """Every named URL of the site except Django's own admin (which has its own rules)."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            names |= url_names(pattern.url_patterns, inner)
        else:
            assert pattern.name, f"every URL needs a name: {pattern.pattern}"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row_in_the_access_table():
    assert url_names() == set(ACCESS)


@pytest.fixture(scope="module")
def _site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_sample_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def clients(_site, db, django_user_model) -> dict[str, Client]:
    people = {"anonymous": None}
    for role, group in (("viewer", "Viewers"), ("editor", "Editors")):
        user = django_user_model.objects.create_user(f"access-{role}")
        user.groups.add(Group.objects.get_or_create(name=group)[0])
        people[role] = user
    people["superuser"] = django_user_model.objects.create_superuser("access-root")
    result = {}
    for persona, user in people.items():
        client = Client()
        if user:
            client.force_login(user)
        result[persona] = client
    return result


def url_for(name: str, arguments: dict) -> str:
    from documents.models import Document
    from funding.models import (
        Award,
        BudgetEntry,
        FundingArea,
        SpendingEntry,
        TreasuryProject,
    )
    from incidents.models import FirearmRecovery, ImportFormat, Incident
    from places.models import Place
    from programs.models import MeasureValue

    first = {
        "spending": SpendingEntry.objects.order_by("pk").first,
        "award": Award.objects.order_by("pk").first,
        "budget": BudgetEntry.objects.order_by("pk").first,
        "project": TreasuryProject.objects.order_by("pk").first,
        "area": FundingArea.objects.order_by("pk").first,
        "incident": Incident.objects.order_by("pk").first,
        "recovery": FirearmRecovery.objects.order_by("pk").first,
        "format": ImportFormat.objects.order_by("pk").first,
        "place": Place.objects.order_by("pk").first,
        "value": MeasureValue.objects.order_by("pk").first,
        "document": Document.objects.order_by("pk").first,
        "staff_document": Document.objects.filter(public=False).order_by("pk").first,
        "document_version": lambda: Document.history.order_by("history_id").first(),
    }
    kwargs = {
        key: first[value]().pk if value in first else value
        for key, value in arguments.items()
    }
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_persona_gets_the_expected_status(clients, name):
    arguments, expected = ACCESS[name]
    url = url_for(name, arguments)
    got = tuple(clients[persona].get(url).status_code for persona in PERSONAS)
    assert got == expected, f"{url}: {dict(zip(PERSONAS, got, strict=True))}"


def test_django_admin_is_for_superusers_only(clients):
    assert clients["anonymous"].get("/admin/").status_code == 302
    assert clients["editor"].get("/admin/").status_code == 302
    assert clients["superuser"].get("/admin/").status_code == 200
