"""What users found on the pages: the answer first, whole dollars on tiles, deadlines and
stale data said plainly, the chosen comparison year used everywhere, and a glossary."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from binghamton_safety.money import money
from incidents import ytd
from incidents.models import DataCompleteness
from pages import headline

ANSWER = (
    "Confirmed shots fired are up from 10 to 18 compared with the same days of 2021, "
    "within normal variation for numbers this small; $981,042 of the $1,000,000 has "
    "been spent."
)
# The public summary's first answer, on the sample as announced.
SHOOTINGS = (
    "Confirmed shots fired are up from 10 to 18 and people shot are up from 3 to 6, "
    "January 1 to May 4 against the same days of 2021: within normal variation for "
    "numbers this small."
)
STALE = "These figures run to May 4, 2022; nothing later has been entered yet."


@pytest.fixture
def today(monkeypatch):
    """Pin today: the sample's money and the deadlines depend on it."""
    day = datetime.date(2026, 12, 1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
    return day


@pytest.mark.parametrize(
    ("value", "whole", "expected"),
    [
        ("202500.00", False, "$202,500.00"),
        ("202500.00", True, "$202,500"),
        ("6583.34", True, "$6,583"),
        ("0.50", True, "$1"),
        ("-5.49", True, "-$5"),
    ],
)
def test_money_in_whole_dollars_rounds_half_up(value, whole, expected):
    assert money(Decimal(value), whole=whole) == expected


def test_the_public_summary_opens_with_a_sentence_built_from_the_figures(
    text_of, client, as_announced, today
):
    page = text_of(client.get("/"))
    assert SHOOTINGS in page
    assert page.index(SHOOTINGS) < page.index("Confirmed shots fired 18 2022 to date")


def test_the_answer_says_when_a_year_has_no_data(sample_data):
    comparison = ytd.compare(datetime.date(2022, 5, 4), 2016)
    assert headline.answer(comparison, None) == (
        "Confirmed shots fired: 18 so far in 2022, with no data for 2016 to compare."
    )


def test_the_dashboard_opens_with_the_answer_before_its_settings(
    viewer_client, as_announced, today
):
    html = viewer_client.get(reverse("dashboard")).content.decode()
    assert ANSWER in html
    assert html.index(ANSWER) < html.index('<details class="settings')
    assert html.index('<details class="settings') < html.index('id="id_compare"')


def test_old_data_are_flagged_on_every_public_page_and_the_dashboard(
    text_of, client, viewer_client, as_announced, today
):
    for response in (
        client.get("/"),
        client.get(reverse("open_data")),
        viewer_client.get(reverse("dashboard")),
    ):
        assert STALE in text_of(response)
    assert "January 1 to May 4 of 2022 and of 2021" in text_of(client.get("/"))
    assert client.get(reverse("api_ytd")).json()["stale_notice"] == STALE


def test_recent_data_carry_no_warning(text_of, client, sample_data, settings, today):
    DataCompleteness.objects.filter(pk=1).update(
        complete_through=today - datetime.timedelta(days=10)
    )
    page = text_of(client.get("/"))
    assert "Not up to date" not in page
    assert "January 1 to November 21 of 2026 and of 2025" in page


def test_the_lag_before_the_warning_is_a_setting(
    text_of, client, as_announced, settings, today
):
    settings.STALE_AFTER_DAYS = (today - datetime.date(2022, 5, 4)).days
    assert "Not up to date" not in text_of(client.get("/"))
    settings.STALE_AFTER_DAYS -= 1
    cache.clear()  # a setting is not data: cached pages keep the old answer until then
    assert STALE in text_of(client.get("/"))


def test_the_public_pages_say_what_the_deadlines_put_at_risk(
    text_of, client, sample_data, today
):
    # The sample obligated everything in time; December 2026's invoices are unspent.
    page = text_of(client.get("/"))
    assert (
        "$981,042 of the $1,000,000 has been spent and all of it was obligated "
        "(promised under contract) by December 31, 2024; $18,958 is left to spend in "
        "the 30 days before December 31, 2026." in page
    )
    area = text_of(client.get(reverse("area", args=["gun-buyback"])))
    assert (
        "All of the money was obligated (promised under contract) by December 31, "
        "2024. $1,354 is still unspent, with 30 days left to spend it before "
        "December 31, 2026." in area
    )
    # Money released after the deadline cannot be obligated again: it is at risk.
    release_after_the_deadline("gun-buyback", Decimal("-1000.00"))
    page = text_of(client.get("/"))
    assert (
        "$981,042 of the $1,000,000 has been spent and $1,000 was not obligated "
        "(promised under contract) by December 31, 2024 and is at risk of return to "
        "the US Treasury; $17,958 is left to spend in the 30 days before December 31, "
        "2026." in page
    )
    area = text_of(client.get(reverse("area", args=["gun-buyback"])))
    assert (
        "$1,000 was not obligated (promised under contract) by December 31, 2024 and "
        "is at risk of return to the US Treasury. $354 is still unspent, with 30 "
        "days left to spend it before December 31, 2026." in area
    )


def release_after_the_deadline(slug: str, amount: Decimal) -> None:
    from funding.models import FundingArea, SpendingEntry

    area = FundingArea.objects.get(slug=slug)
    entry = SpendingEntry(
        area=area,
        project=area.projects.first(),
        kind="obligation",
        occurred_on=datetime.date(2025, 3, 31),
        amount=amount,
        payee="Sample vendor 4",
        description="Obligation released",
        reason="An event was cancelled.",
    )
    entry.full_clean()
    entry.save()


def test_the_public_figures_match_the_staff_deadline_panel(
    text_of, client, viewer_client, sample_data, today
):
    staff = text_of(viewer_client.get(reverse("funding:overview")))
    assert "All of the $1,000,000.00 was obligated by December 31, 2024." in staff
    assert (
        "$18,958.18 obligated but not yet spent must be spent in the next 30 days, by "
        "December 31, 2026: $631.94 a day" in staff
    )


def test_tiles_and_cards_show_whole_dollars_and_tables_keep_cents(
    text_of, client, viewer_client, sample_data, today
):
    area = text_of(client.get(reverse("area", args=["gun-buyback"])))
    assert "Budget $75,000 " in area
    summary = text_of(client.get("/"))
    assert "Budget $75,000 · obligated $75,000 · spent $73,646" in summary
    dashboard = text_of(viewer_client.get(reverse("dashboard")))
    assert "$632 a day" in dashboard  # $631.94, rounded up
    assert "Gun Buyback Programs $75,000.00 $75,000.00 $73,645.91" in dashboard


def test_a_comparison_year_without_data_is_used_and_named_everywhere(
    text_of, viewer_client, as_announced, today
):
    response = viewer_client.get(reverse("dashboard"), {"compare": "2016"})
    page = text_of(response)
    assert "Year to date: 2022 against 2016" in page
    assert "There is no data for 2016: records start in 2017." in page
    rolling = response.context["comparison"].last_28_days
    assert rolling.previous_window.end == datetime.date(2016, 5, 4)
    assert "The last 28 days against the same days of 2016" in page
    assert response.context["last_28_rows"][0] == ("Confirmed shots fired", 6, None)
    chart = response.context["monthly_charts"][0]
    assert chart.summary.startswith(
        "As of May 4, 2022 there were 18 confirmed shots-fired reports; there are no "
        "records to compare with for 2016."
    )


def test_the_comparison_field_offers_the_years_with_data(
    viewer_client, sample_data, today
):
    html = viewer_client.get(reverse("dashboard")).content.decode()
    assert 'list="compare-years"' in html
    options = "".join(
        f'<option value="{year}"></option>' for year in range(2025, 2016, -1)
    )
    assert f'<datalist id="compare-years">{options}</datalist>' in html


def test_the_glossary_explains_the_words_and_the_public_pages_link_to_it(
    text_of, client, sample_data
):
    glossary = text_of(client.get(reverse("glossary")))
    for term in ("ARPA", "Obligated", "Treasury expenditure category"):
        assert f" {term}" in glossary
    for path in ("/", reverse("area", args=["gun-buyback"])):
        assert 'href="/glossary/#obligated"' in client.get(path).content.decode()


def test_the_public_pages_say_obligated_not_committed(
    text_of, client, sample_data, today
):
    for path in ("/", reverse("area", args=["gun-buyback"]), reverse("glossary")):
        assert "ommitted" not in text_of(client.get(path))
