"""The import's fast paths give exactly what the careful ones give.

Clean canonical rows skip the column-by-column checks, and new incidents reach the
database through temporary tables: neither may accept a row the checks refuse, read a value
differently, or save anything else.
"""

import csv
import datetime
import io
from operator import itemgetter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidents.imports import canonical, formats, records, save
from incidents.imports import plan as import_plan
from incidents.models import Incident, Victim

TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)


# Per column: values that pass, and values that may not (or pass differently).
CLEAN = [
    ["B-1", "B-2", "B-3", " B-4 "],
    ["2022-01-05", "2024-02-29", "2006-12-31"],
    ["", "23:10", "00:00", " 12:30 "],
    ["100 block of Main St", "Main St, rear", "y" * 200],
    ["yes", "YES", "no", "No"],
    ["0", "2", "01"],
    ["0", "1", " 3 "],
    ["", "final", "Preliminary", "FINAL"],
]
DOUBTFUL = [
    ["", "x" * 51, "   "],
    ["2022-02-29", "2099-01-01", "2022-1-5", "20220105", "", "\u0662" * 4 + "-01-05"],
    ["24:00", "7:05", "23:10:00", "12:60"],
    ["", "y" * 201, "   "],
    ["", "y", "true", "1"],
    ["-1", "", "1.0", "\u0663", "+1"],
    ["-1", "", "one", "\u0663"],
    ["draft", "final!", "void"],
]


@st.composite
def rows(draw) -> list[str]:
    """A clean row, sometimes with one or two doubtful cells."""
    row = [draw(st.sampled_from(values)) for values in CLEAN]
    for _ in range(draw(st.integers(0, 2))):
        column = draw(st.integers(0, len(row) - 1))
        row[column] = draw(st.one_of(st.sampled_from(DOUBTFUL[column]), TEXT))
    return row


def canonical_file(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(canonical.CANONICAL_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def parsed(text: str) -> tuple[list, list]:
    plan = import_plan.ImportPlan(format=formats.CANONICAL)
    canonical._parse_canonical(text, plan)
    return plan.records, [str(error) for error in plan.errors]


def careful(text: str) -> tuple[list, list]:
    original = canonical._clean_canonical_row
    canonical._clean_canonical_row = lambda *args: None  # every row the careful way
    try:
        return parsed(text)
    finally:
        canonical._clean_canonical_row = original


@pytest.mark.parametrize(
    ("column", "value"),
    [(column, value) for column, values in enumerate(DOUBTFUL) for value in values],
)
def test_each_doubtful_cell_is_read_as_the_checks_read_it(column, value):
    row = [values[0] for values in CLEAN]
    row[column] = value
    text = canonical_file([row, row])  # the second one repeats the case number
    assert parsed(text) == careful(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows(), min_size=1, max_size=6))
def test_clean_rows_read_exactly_as_the_checks_read_them(file_rows):
    text = canonical_file(file_rows)
    assert parsed(text) == careful(text)


def test_a_clean_row_takes_the_shortcut():
    record = canonical._clean_canonical_row(
        7,
        ["B-1", "2022-01-05", "23:10", "Main St", "Yes", "2", "1", ""],
        itemgetter(*range(8)),
        datetime.date(2022, 5, 4),
        {},
        50,
    )
    assert record == records.IncidentRecord(
        7,
        "B-1",
        datetime.date(2022, 1, 5),
        datetime.time(23, 10),
        "Main St",
        True,
        "preliminary",
        2,
        1,
    )


ROWS = [
    "C-1,2022-01-05,23:10,100 block of Main St,yes,2,1,final",
    'C-2,2022-02-10,,"Court St\twest, ""rear""\\n",no,0,0,',
    "C-3,2022-03-15,01:05,Front St,yes,0,0,preliminary",
]


def saved_state():
    incidents = [
        (i.case_number, i.date, i.time, i.location, i.shots_fired_confirmed, i.status)
        for i in Incident.all_objects.order_by("pk")
    ]
    victims = list(
        Victim.all_objects.order_by("pk").values_list(
            "incident__case_number", "outcome"
        )
    )
    history = [
        (h.case_number, h.history_type, h.location)
        for h in Incident.history.order_by("history_id")
    ]
    victim_history = list(
        Victim.history.order_by("history_id").values_list("incident_id", "outcome")
    )
    return incidents, victims, history, len(victim_history)


@pytest.mark.django_db
def test_new_incidents_are_saved_with_their_victims_and_history():
    header = ",".join(canonical.CANONICAL_COLUMNS)
    result = save.apply("\n".join([header, *ROWS]) + "\n", formats.CANONICAL)
    assert result.ok
    incidents, victims, history, victim_history = saved_state()
    assert incidents == [
        (
            "C-1",
            datetime.date(2022, 1, 5),
            datetime.time(23, 10),
            "100 block of Main St",
            True,
            "final",
        ),
        (
            "C-2",
            datetime.date(2022, 2, 10),
            None,
            'Court St\twest, "rear"\\n',
            False,
            "preliminary",
        ),
        (
            "C-3",
            datetime.date(2022, 3, 15),
            datetime.time(1, 5),
            "Front St",
            True,
            "preliminary",
        ),
    ]
    assert victims == [("C-1", "injured"), ("C-1", "injured"), ("C-1", "killed")]
    assert history == [
        (case, "+", location) for case, _, _, location, _, _ in incidents
    ]
    assert victim_history == 3
    new = Incident.all_objects.get(case_number="C-1")
    assert (new.version, new.voided_at, new.illustrative) == (1, None, False)
