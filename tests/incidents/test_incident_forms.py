"""The incident pages' forms: problems listed at the top of the page, empty choices that
say what they mean."""

import pytest
from django.urls import reverse
from test_incident_pages import incident_post


def summary_of(html: str) -> str:
    start = html.index('<div class="error-summary" id="error-summary" tabindex="-1"')
    return html[start : html.index("</div>", start)]


def test_a_failed_save_lists_field_and_victim_problems_linked_to_where_they_are(
    editor_client,
):
    data = incident_post(["injured"], case_number="", time="25:00")
    del data["shots_fired_confirmed"]
    html = editor_client.post(reverse("incidents:incident_add"), data).content.decode()
    summary = summary_of(html)
    assert "The incident was not saved: correct the problems below" in summary
    assert [line.strip() for line in summary.splitlines() if "<li>" in line] == [
        '<li><a href="#id_case_number">Case number: This field is required.</a></li>',
        '<li><a href="#id_time">Time: Enter a valid time.</a></li>',
        '<li><a href="#victims-errors">Someone was shot, so the discharge of a firearm '
        "is confirmed: tick &quot;Discharge of a firearm confirmed&quot; or remove the "
        "victims.</a></li>",
    ]
    assert 'id="victims-errors"' in html


def test_a_victim_rows_problem_links_to_that_row(editor_client):
    html = editor_client.post(
        reverse("incidents:incident_add"), incident_post(["injured", "hurt"])
    ).content.decode()
    assert (
        '<li><a href="#id_victims-1-outcome">Person 2: Select a valid choice. hurt is '
        "not one of the available choices.</a></li>"
    ) in summary_of(html)


def test_a_refused_date_reads_as_a_date_in_words(editor_client):
    html = editor_client.post(
        reverse("incidents:complete_through"), {"complete_through": "2999-01-01"}
    ).content.decode()
    assert (
        '<a href="#id_complete_through">Data complete through: The date January 1, '
        "2999 is in the future (today is "
    ) in summary_of(html)


@pytest.mark.parametrize(
    ("name", "record", "labels"),
    [
        ("incidents:incident_list", None, ["Any status", "With or without"]),
        ("incidents:incident_add", None, ["No one"]),
        ("incidents:incident_edit", "incident", ["No one"]),
        ("incidents:incident_void", "incident", []),
        ("incidents:recovery_list", None, ["Show, marked Voided"]),
        ("incidents:recovery_add", None, ["Not stated (mixed or unknown)"]),
        ("incidents:recovery_edit", "recovery", ["Not stated (mixed or unknown)"]),
        ("incidents:complete_through", None, []),
        ("incidents:import", None, []),
    ],
)
def test_no_incident_form_or_filter_offers_a_row_of_dashes(
    editor_client, make_incident, make_recovery, name, record, labels
):
    """Every empty choice says what it means ("Any status"), never "---------"."""
    records = {
        "incident": make_incident("2022-04-09", "injured"),
        "recovery": make_recovery("2022-04-10"),
    }
    args = [records[record].pk] if record else []
    html = editor_client.get(reverse(name, args=args)).content.decode()
    assert "-----" not in html
    for label in labels:
        assert f">{label}<" in html
