"""What the public figure APIs let anyone ask (README, "Disclosure of small counts").

Personas: an anonymous resident (`client`) gets figures as of month ends, the default
date and council packet dates, and the past only as a packet recorded it; a council
member (`viewer_client`) keeps exact dates and moments. Everyone's comparison years and
past moments are bounded, so no request can ask for unbounded work.
"""

import datetime

import pytest
from django.utils import timezone

from binghamton_safety.models import CouncilPacket
from funding.models import Program
from incidents.models import Incident

YTD = "/api/ytd.json"
YTD_CSV = "/data/ytd.csv"
FUNDING = "/api/funding.json"
UNPUBLISHED = (
    "Public figures are published as of month ends, the data-complete date and "
    "council packet dates; 2022-05-02 is none of these."
)
UNPUBLISHED_MONEY = (
    "Public figures are published as of month ends, today and council packet dates; "
    "2022-05-02 is none of these."
)


def minute(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%dT%H:%M}"


@pytest.fixture
def figures(program, make_incident, complete_through):
    """Shootings from 2021 on, data complete through May 20, 2022."""
    make_incident("2021-03-01", "injured")
    make_incident("2022-05-02", "killed")
    complete_through("2022-05-20")


@pytest.fixture
def packet(db) -> CouncilPacket:
    """The announcement's packet, presented May 4, 2022, its figures taken this minute."""
    return CouncilPacket.objects.create(
        title="Announcement",
        presented_on=datetime.date(2022, 5, 4),
        recorded_at=timezone.now().replace(second=0, microsecond=0),
    )


# --- As-of dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [(YTD, UNPUBLISHED), (YTD_CSV, UNPUBLISHED), (FUNDING, UNPUBLISHED_MONEY)],
)
def test_an_anonymous_visitor_may_not_ask_a_day_between_published_dates(
    client, figures, packet, url, message
):
    response = client.get(url, {"as_of": "2022-05-02"})
    assert response.status_code == 400
    assert response.json() == {"error": message}


@pytest.mark.parametrize("url", [YTD, YTD_CSV, FUNDING])
@pytest.mark.parametrize("day", ["2022-05-04", "2022-04-30", "2022-02-28"])
def test_an_anonymous_visitor_may_ask_a_packet_date_or_a_month_end(
    client, figures, packet, url, day
):
    assert client.get(url, {"as_of": day}).status_code == 200


def test_an_anonymous_visitor_may_ask_the_data_complete_date(client, figures):
    data = client.get(YTD, {"as_of": "2022-05-20"}).json()
    assert (data["as_of"], data["metrics"]["victims_killed"]["current"]) == (
        "2022-05-20",
        1,
    )


@pytest.mark.parametrize("url", [YTD, YTD_CSV, FUNDING])
def test_a_council_member_may_ask_any_day(viewer_client, figures, url):
    assert viewer_client.get(url, {"as_of": "2022-05-02"}).status_code == 200


def test_a_council_members_exact_date_never_reaches_an_anonymous_visitor(
    client, viewer_client, figures
):
    # The viewer's answer must not be cached for the next (anonymous) visitor.
    assert viewer_client.get(YTD, {"as_of": "2022-05-02"}).status_code == 200
    client.logout()
    response = client.get(YTD, {"as_of": "2022-05-02"})
    assert response.status_code == 400
    assert response.json() == {"error": UNPUBLISHED}


# --- Past moments --------------------------------------------------------------------


@pytest.mark.parametrize("url", [YTD, FUNDING])
def test_an_anonymous_visitor_may_ask_the_past_only_as_a_packet_recorded_it(
    client, figures, packet, url
):
    other = minute(packet.recorded_at - datetime.timedelta(minutes=1))
    response = client.get(url, {"recorded_at": other})
    assert response.status_code == 400
    assert response.json() == {
        "error": "Past figures are published only as a council packet recorded them; "
        f"recorded_at {other!r} is no packet's."
    }


@pytest.mark.parametrize("url", [YTD, FUNDING])
@pytest.mark.parametrize("seconds", ["", ":59"])
def test_a_packets_moment_is_public(client, figures, packet, url, seconds):
    moment = minute(packet.recorded_at) + seconds
    response = client.get(url, {"recorded_at": moment})
    assert response.status_code == 200
    assert response.json()["recorded_at"] == f"{minute(packet.recorded_at)}:59"


def test_a_moment_within_a_packets_minute_is_not_its_moment(client, figures, packet):
    moment = f"{minute(packet.recorded_at)}:30"
    assert client.get(YTD, {"recorded_at": moment}).status_code == 400


@pytest.mark.parametrize(("url", "first_saved"), [(YTD, Incident), (FUNDING, Program)])
def test_nobody_may_ask_a_moment_before_the_first_history_record(
    viewer_client, figures, url, first_saved
):
    first = first_saved.history.earliest("history_date").history_date
    response = viewer_client.get(url, {"recorded_at": "2022-01-01T00:00"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "recorded_at '2022-01-01T00:00' is before the first figure was "
        f"recorded (on {timezone.localtime(first):%Y-%m-%dT%H:%M:%S}).",
    }


# --- Comparison years ----------------------------------------------------------------


@pytest.mark.parametrize("compare", ["1901", "2015"])
def test_nobody_may_compare_with_a_year_long_before_the_first_record(
    viewer_client, figures, compare
):
    response = viewer_client.get(YTD, {"compare": compare})
    assert response.status_code == 400
    assert response.json() == {
        "error": f"compare must be 2016 or later, not {compare!r}: comparisons reach "
        "back at most five years before the first year with records."
    }


def test_five_years_before_the_first_record_may_be_compared(client, figures):
    data = client.get(YTD, {"compare": "2016"}).json()
    assert data["previous"]["year"] == 2016


def test_the_dashboard_refuses_a_comparison_year_long_before_the_first_record(
    viewer_client, figures
):
    response = viewer_client.get("/dashboard/", {"compare": "1901"})
    assert response.context["form"].errors["compare"] == [
        "Choose 2016 or later: comparisons reach back at most five years before the "
        "first year with records."
    ]
    assert response.context["compare_year"] == 2021


# --- Nothing else --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "as_of=2022-04-30&nocache=1",
            "Unknown parameter 'nocache': this API takes recorded_at, as_of, compare.",
        ),
        ("as_of=2022-04-30&as_of=2022-05-02", "Give as_of once."),
        ("compare=02021", "compare must be a year before 2022, not '02021'."),
    ],
)
def test_unknown_repeated_or_oddly_written_parameters_get_a_400(
    client, figures, query, message
):
    response = client.get(f"{YTD}?{query}")
    assert response.status_code == 400
    assert response.json() == {"error": message}
