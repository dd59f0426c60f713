"""The corrections page: a published packet's figures that changed since, with their
figures before and after and the day they changed; nothing when nothing changed."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from binghamton_safety.models import CouncilPacket
from funding.models import (
    BudgetEntry,
    FundingArea,
    Program,
    SpendingEntry,
    TreasuryProject,
)
from incidents.models import DataCompleteness, FirearmRecovery, Incident, Victim

pytestmark = pytest.mark.django_db

HISTORIES = (Incident, Victim, FirearmRecovery, DataCompleteness)
HISTORIES += (Program, FundingArea, TreasuryProject, BudgetEntry, SpendingEntry)


def _recorded_an_hour_ago() -> datetime.datetime:
    """Every record so far as saved an hour ago; a packet 30 minutes ago is then after
    them, and whatever is saved from now on after it."""
    earlier = timezone.now() - datetime.timedelta(hours=1)
    for model in HISTORIES:
        model.history.update(history_date=earlier)
    return timezone.now() - datetime.timedelta(minutes=30)


@pytest.fixture
def published(program, budget, make_spending, make_incident, complete_through):
    """2 shootings by May 16, 2022 (1 person shot), $1,000 obligated and $400 spent,
    published in a packet of that day."""
    make_incident("2022-02-01", Victim.Outcome.INJURED)
    make_incident("2022-04-10")
    make_incident("2021-03-01")
    make_spending("obligation", datetime.date(2022, 5, 16), "1000.00")
    complete_through("2022-05-16")
    return CouncilPacket.objects.create(
        title="Council work session packet",
        presented_on=datetime.date(2022, 5, 16),
        recorded_at=_recorded_an_hour_ago(),
    )


def _rows(text: str) -> str:
    return text[text.find("Figures of") :]


def test_nothing_is_listed_when_nothing_changed(client, published, text_of):
    text = text_of(client.get("/corrections/"))
    assert "No published figure has changed" in text
    assert "Figures of" not in text
    assert "Council work session packet (May 16, 2022): no figure changed" in text


def test_a_late_reported_shooting_is_listed_with_its_figures_and_date(
    client, published, make_incident, text_of
):
    make_incident("2022-05-02", Victim.Outcome.KILLED)
    today = timezone.localdate()
    text = _rows(text_of(client.get("/corrections/")))
    changed_on = f"{today:%B} {today.day}, {today.year}"
    assert f"Confirmed shots fired, 2022 to date 2 3 +1 {changed_on}" in text
    assert f"People shot, 2022 to date 1 2 +1 {changed_on}" in text
    assert f"People shot and killed, 2022 to date 0 1 +1 {changed_on}" in text
    assert f"Shootings with someone hit, 2022 to date 1 2 +1 {changed_on}" in text
    # The same period of 2021 and the money did not change.
    assert "2021 same period" not in text
    assert "Obligated" not in text


def test_a_corrected_spending_entry_is_listed_with_the_money_before_and_after(
    client, published, text_of
):
    entry = SpendingEntry.objects.get()
    entry.amount = Decimal("1250.00")
    entry.save()
    text = _rows(text_of(client.get("/corrections/")))
    today = timezone.localdate()
    assert (
        f"Obligated $1,000.00 $1,250.00 +$250.00 {today:%B} {today.day}, {today.year}"
    ) in text
    assert "Confirmed shots fired" not in text


def test_a_change_outside_the_packets_windows_is_not_a_correction(
    client, published, make_incident, text_of
):
    make_incident("2022-06-01")  # after the packet's date
    make_incident("2021-07-01")  # after the same days of 2021
    assert "No published figure has changed" in text_of(client.get("/corrections/"))


def test_the_packet_stays_reproducible_from_the_page(client, published, make_incident):
    make_incident("2022-05-02")
    body = client.get("/corrections/").content.decode()
    moment = published.reproduce_param
    ytd = f"/api/ytd.json?as_of=2022-05-16&amp;compare=2021&amp;recorded_at={moment}"
    assert ytd.replace(":", "%3A") in body
    answer = client.get(ytd.replace("&amp;", "&")).json()
    assert answer["metrics"]["shots_fired_confirmed"]["current"] == 2
    assert (
        client.get("/api/ytd.json?as_of=2022-05-16").json()["metrics"][
            "shots_fired_confirmed"
        ]["current"]
        == 3
    )


def test_a_new_packet_shows_on_the_next_request(client, published, text_of):
    """Packets are watched by the data version: the cached page is not served after."""
    assert "Budget review" not in text_of(client.get("/corrections/"))
    CouncilPacket.objects.create(
        title="Budget review",
        presented_on=datetime.date(2022, 6, 30),
        recorded_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert "Budget review" in text_of(client.get("/corrections/"))
