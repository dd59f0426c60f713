"""Awards on the public pages and in the open data: organizations by name, people only
counted and added up."""

import csv
import datetime
import io
from decimal import Decimal

from funding.models import Award, FundingArea

HEADER = [
    "area",
    "area_name",
    "award_type",
    "recipient",
    "awards",
    "amount",
    "purpose",
    "starts_on",
    "ends_on",
    "illustrative",
]
SAMPLE_ROWS = [
    [
        "cpted",
        "Crime Prevention Through Environmental Design",
        "Contract",
        "Sample Lighting Contractors Inc.",
        "1",
        "140000.00",
        "Street and alley lighting on the blocks the crime analysis center chose, "
        "installed in phases through 2026.",
        "2022-06-15",
        "2026-12-31",
        "true",
    ],
    [
        "gun-buyback",
        "Gun Buyback Programs",
        "",
        "Individual recipients",
        "3",
        "450.00",
        "",
        "",
        "",
        "true",
    ],
    [
        "violence-intervention",
        "Violence Intervention",
        "Grant",
        "Sample Southside Peace Alliance",
        "1",
        "120000.00",
        "Street outreach workers who reach the people at highest risk of gun violence.",
        "2022-06-15",
        "2024-12-31",
        "true",
    ],
    [
        "violence-intervention",
        "Violence Intervention",
        "Grant",
        "Sample Southside Peace Alliance",
        "1",
        "105000.00",
        "Street outreach renewed for 2025 and 2026, with more outreach hours.",
        "2024-12-16",
        "2026-12-31",
        "true",
    ],
    [
        "neighborhood-watch",
        "Expanded Neighborhood Watch Partnerships",
        "Grant",
        "Sample Westside Neighborhood Watch",
        "1",
        "20000.00",
        "Radios, signs and National Night Out events of the watch groups.",
        "2023-06-15",
        "2024-12-31",
        "true",
    ],
    [
        "neighborhood-watch",
        "Expanded Neighborhood Watch Partnerships",
        "Grant",
        "Sample Westside Neighborhood Watch",
        "1",
        "24000.00",
        "The watch groups' grant renewed for 2025 and 2026.",
        "2024-12-16",
        "2026-12-31",
        "true",
    ],
]


def rows_of(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_awards_download_names_organizations_and_adds_up_people(
    client, sample_data
):
    response = client.get("/data/awards.csv")
    assert response["Content-Disposition"] == 'attachment; filename="awards.csv"'
    assert rows_of(response) == [HEADER, *SAMPLE_ROWS]


def test_the_open_data_page_describes_the_awards_download(client, sample_data):
    from funding.awards import PUBLIC_AWARD_COLUMNS

    html = client.get("/data/").content.decode()
    assert 'href="/data/awards.csv"' in html
    assert [name for name, _ in PUBLIC_AWARD_COLUMNS] == HEADER
    for name in HEADER:
        assert f"<code>{name}</code>" in html


def test_an_area_page_lists_its_awards_to_organizations(client, sample_data):
    html = client.get("/areas/violence-intervention/").content.decode()
    assert (
        '<tr><th scope="row">Sample Southside Peace Alliance '
        '<span class="badge">Illustrative</span><br><span class="asof">Grant</span></th>'
    ) in html
    # The first grant, and its renewal to the end of 2026.
    assert (
        '<td data-label="Dates" class="nowrap">Jun 15, 2022 to Dec 31, 2024</td>\n'
        '          <td class="num" data-label="Amount">$120,000.00</td></tr>'
    ) in html
    assert (
        '<td data-label="Dates" class="nowrap">Dec 16, 2024 to Dec 31, 2026</td>\n'
        '          <td class="num" data-label="Amount">$105,000.00</td></tr>'
    ) in html


def test_an_area_page_counts_awards_to_people_without_a_name(client, sample_data):
    html = client.get("/areas/gun-buyback/").content.decode()
    assert "Individual recipients (3 awards, $450.00)" in html
    assert "Sample buyback participant" not in html


def test_an_area_without_awards_says_so(client, sample_data):
    html = client.get("/areas/community-policing/").content.decode()
    assert "No award has been recorded for this area yet." in html


def test_a_new_award_reaches_the_cached_download(client, sample_data):
    before = rows_of(client.get("/data/awards.csv"))
    area = FundingArea.objects.get(slug="community-policing")
    Award.objects.create(
        number="C-2024-001",
        kind=Award.Kind.CONTRACT,
        recipient_kind=Award.RecipientKind.ORGANIZATION,
        recipient="=cmd|' /C calc'!A0",
        amount=Decimal("1000.00"),
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        purpose="Bicycles for patrols.",
        area=area,
        project=area.projects.first(),
    )
    after = rows_of(client.get("/data/awards.csv"))
    assert after[1] == [
        "community-policing",
        "Community Policing and Street Outreach",
        "Contract",
        "'=cmd|' /C calc'!A0",
        "1",
        "1000.00",
        "Bicycles for patrols.",
        "2024-01-01",
        "2024-12-31",
        "false",
    ]
    assert after[2:] == before[1:]
