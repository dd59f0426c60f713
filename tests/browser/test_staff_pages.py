"""Real browser: the staff pages (lists, forms, imports, reports, history) have no axe-core
violations and no console errors at desktop and phone widths; screenshots are written for
people to look at.

Persona: `editor` (city staff), signed in, on the sample data.
"""

import re

import pytest
from browser_checks import (
    WIDTHS,
    assert_no_axe_violations,
    open_and_check,
    sign_in,
    slug,
)

from funding.models import SpendingEntry
from incidents.models import Incident

pytestmark = pytest.mark.browser

STAFF_PAGES = [
    "/funding/",
    "/funding/ledger/",
    "/funding/ledger/?page=2",
    "/funding/entries/new/",
    "/funding/entries/{entry}/edit/",
    "/funding/entries/{entry}/history/",
    "/funding/budget/",
    "/funding/budget/new/",
    "/funding/reports/",
    "/funding/reports/import/",
    "/funding/reports/reconciliation/",
    "/incidents/",
    "/incidents/new/",
    "/incidents/{incident}/",
    "/incidents/{incident}/history/",
    "/incidents/recoveries/",
    "/incidents/recoveries/new/",
    "/incidents/complete-through/",
    "/incidents/import/",
]


@pytest.fixture
def signed_in_editor(page, live_server, sample, django_user_model):
    sign_in(page, live_server, django_user_model, "clerk", "Editors")
    return page


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_have_no_axe_violations(
    signed_in_editor, live_server, artifacts, path
):
    page = signed_in_editor
    name = re.sub(r"[^a-z0-9]+", "-", slug(path)).strip("-")
    path = path.format(
        entry=SpendingEntry.objects.order_by("pk").first().pk,
        incident=Incident.objects.filter(victims__isnull=False)
        .order_by("pk")
        .first()
        .pk,
    )
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        errors = open_and_check(page, live_server.url + path)
        assert errors == []
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)
        page.screenshot(path=artifacts / f"staff-{name}-{width}.png", full_page=True)


def test_a_voided_entry_can_be_restored_from_its_history_page(
    signed_in_editor, live_server, artifacts
):
    page = signed_in_editor
    entry = SpendingEntry.objects.filter(kind="expenditure").order_by("-pk").first()
    entry.void("Entered twice.", None)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/funding/entries/{entry.pk}/history/")
    page.get_by_role("link", name="Restore it").click()
    page.wait_for_url(re.compile(r"/restore/$"))
    assert_no_axe_violations(page)
    page.screenshot(path=artifacts / "staff-restore-390.png", full_page=True)
    page.get_by_label("Why should this record count again?").fill("Not a duplicate.")
    page.get_by_role("button", name="Restore this entry").click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert "It counts again." in page.locator(".messages").inner_text()
    assert not SpendingEntry.objects.get(pk=entry.pk).is_voided
