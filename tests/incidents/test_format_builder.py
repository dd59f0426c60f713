"""The format builder: a sample's header and first rows, read within a bound and kept in
the session only; a column chosen for each field; the TOML it writes reads back to those
columns; saving checks the text against the sample's header; bad samples are refused."""

import tomllib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from incidents import format_builder
from incidents.format_forms import SampleForm
from incidents.format_views import SAMPLE_SESSION_KEY
from incidents.imports.mapping import from_toml
from incidents.models import ImportFormat

HEADER = "dc_key,date_,time,location,fatal,race,age"
ROWS = [
    f"K{n},2023-01-0{n},13:30:00,{n}00 BLOCK A ST,{n % 2},W,3{n}" for n in range(1, 9)
]
CSV = "\n".join([HEADER, *ROWS]) + "\n"
VICTIM_CHOICES = {
    "record": "incident",
    "rows": "victim",
    "key": "dc_key",
    "key_prefix": "PHL-",
    "column_date": "date_",
    "date_format": "%Y-%m-%d",
    "column_time": "time",
    "column_location": "location",
    "outcome_column": "fatal",
    "outcome_killed": "1",
    "outcome_injured": "0",
    "outcome_unknown": "",
    "outcome_blank_unknown": "on",
}


def send_sample(client, content: bytes, name: str = "sample.csv"):
    file = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(reverse("incidents:format_builder_sample"), {"file": file})


def build(client, button: str = "write", **fields):
    return client.post(reverse("incidents:format_builder"), {button: "", **fields})


@pytest.fixture
def sampled(editor_client):
    """An editor at step 2, with the sample of CSV in the session."""
    response = send_sample(editor_client, CSV.encode())
    assert response["Location"] == reverse("incidents:format_builder")
    return editor_client


def test_the_sample_keeps_only_the_header_and_the_first_five_rows(sampled):
    assert sampled.session[SAMPLE_SESSION_KEY] == {
        "name": "sample.csv",
        "header": HEADER.split(","),
        "rows": [row.split(",") for row in ROWS[:5]],
    }


def test_step_two_shows_each_column_beside_its_first_values(sampled):
    response = sampled.get(reverse("incidents:format_builder"))
    html = response.content.decode()
    assert (
        '<tr><th scope="row"><code>dc_key</code></th><td>K1</td><td>K2</td>'
        "<td>K3</td><td>K4</td><td>K5</td></tr>"
    ) in html
    assert "<td>K6</td>" not in html
    choices = response.context["choices"].fields["column_date"].choices
    assert choices == [
        ("", "Not in this file"),
        ("dc_key", "dc_key (K1)"),
        ("date_", "date_ (2023-01-01)"),
        ("time", "time (13:30:00)"),
        ("location", "location (100 BLOCK A ST)"),
        ("fatal", "fatal (1)"),
        ("race", "race (W)"),
        ("age", "age (31)"),
    ]


def test_each_column_is_offered_with_its_first_value_not_blank_and_short(
    editor_client,
):
    long = "x" * 30
    send_sample(editor_client, f"a,b,c\n,,{long}\n,2,\n".encode())
    response = editor_client.get(reverse("incidents:format_builder"))
    assert response.context["choices"].fields["key"].choices[1:] == [
        ("a", "a (blank)"),
        ("b", "b (2)"),
        ("c", f"c ({'x' * 23}…)"),
    ]


def test_the_written_toml_reads_back_to_the_chosen_columns(sampled):
    response = build(sampled, name="Philly", **VICTIM_CHOICES)
    text = response.context["review"]["text"].value()
    mapping = from_toml(text, default_name="Philly")
    assert (mapping.record, mapping.rows, mapping.key, mapping.key_prefix) == (
        "incident",
        "victim",
        "dc_key",
        "PHL-",
    )
    assert mapping.columns == {"date": "date_", "time": "time", "location": "location"}
    assert mapping.formats == {"date": ("%Y-%m-%d",)}
    assert mapping.outcome.column == "fatal"
    assert (mapping.outcome.killed, mapping.outcome.injured) == ({"1"}, {"0"})
    assert mapping.outcome.unknown == {""}
    assert response.context["review"].errors == {}
    assert ImportFormat.objects.count() == 0  # written, not saved


def test_saving_stores_the_reviewed_text_and_forgets_the_sample(sampled, editor):
    text = build(sampled, name="Philly", **VICTIM_CHOICES).context["review"]
    text = text["text"].value()
    response = build(sampled, "save", name="Philly", text=text, **VICTIM_CHOICES)
    stored = ImportFormat.objects.get()
    assert response["Location"] == reverse("incidents:format_edit", args=[stored.pk])
    assert (stored.name, stored.record, stored.text, stored.saved_by) == (
        "Philly",
        "incident",
        text,
        editor,
    )
    assert SAMPLE_SESSION_KEY not in sampled.session


def test_saving_refuses_a_column_the_sample_lacks(sampled):
    text = build(sampled, name="Philly", **VICTIM_CHOICES).context["review"]
    text = text["text"].value().replace('time = "time"', 'time = "hour"')
    response = build(sampled, "save", name="Philly", text=text)
    assert response.status_code == 200
    assert response.context["review"].errors == {
        "text": [
            "The format's columns.time is 'hour', a column the file lacks. "
            "(The sample's columns are the file's.)"
        ]
    }
    assert ImportFormat.objects.count() == 0


def test_saving_refuses_a_bad_text_naming_the_key(sampled):
    response = build(sampled, "save", name="X", text='record = "incident"\n')
    assert response.context["review"].errors == {
        "text": ["The format lacks the key rows."]
    }
    assert ImportFormat.objects.count() == 0


def test_one_row_per_victim_needs_the_outcome_column_and_a_key(sampled):
    choices = {**VICTIM_CHOICES, "outcome_column": "", "key": ""}
    response = build(sampled, name="X", **choices)
    assert response.context["choices"].errors == {
        "key": ["Choose the column of the key."],
        "outcome_column": ["One row per victim: choose the column."],
    }
    assert response.context["review"]["text"].value() in (None, "")


def test_a_column_chosen_for_a_field_the_rows_do_not_take_is_refused(sampled):
    choices = {**VICTIM_CHOICES, "rows": "recovery", "record": "recovery"}
    choices["column_time"] = "time"
    response = build(sampled, name="X", **choices)
    assert response.context["choices"].errors == {
        "column_time": [
            "Not read from One row per recovery: choose “Not in this file”."
        ],
        "outcome_column": [
            "Not read from One row per recovery: choose “Not in this file”."
        ],
    }


def test_rows_of_another_record_are_refused(sampled):
    response = build(sampled, name="X", **{**VICTIM_CHOICES, "record": "recovery"})
    assert response.context["choices"].errors == {
        "rows": ["These rows are not of the record chosen above."]
    }


def test_values_in_two_outcomes_are_refused_naming_the_key(sampled):
    choices = {**VICTIM_CHOICES, "outcome_killed": "1, Y", "outcome_injured": "Y"}
    response = build(sampled, name="X", **choices)
    assert response.context["review"].errors["text"] == [
        "values.outcome: 'Y' is in both killed and injured."
    ]


def test_daily_counts_write_their_counts(editor_client):
    send_sample(editor_client, b"Day,Seized,Buyback\n2022-01-03,2,\n")
    choices = {
        "record": "recovery",
        "rows": "daily counts",
        "column_date": "Day",
        "count_seized": "Seized",
        "count_bought_back": "Buyback",
    }
    response = build(editor_client, name="Counts", **choices)
    mapping = from_toml(response.context["review"]["text"].value())
    assert (mapping.rows, mapping.key, mapping.columns) == (
        "daily counts",
        "",
        {"date": "Day"},
    )
    assert mapping.counts == {"seized": "Seized", "bought_back": "Buyback"}


def test_awkward_column_names_are_written_as_toml_reads_them(editor_client):
    names = ['a "quoted" name', "back\\slash", "=cmd|' /C calc'!A1", "tab\there"]
    header = ",".join(f'"{n.replace(chr(34), chr(34) * 2)}"' for n in names)
    send_sample(editor_client, f"{header}\nK,2023-01-01,x,y\n".encode())
    choices = {
        "record": "incident",
        "rows": "incident",
        "key": names[0],
        "column_date": names[1],
        "column_location": names[2],
        "column_place": names[3],
    }
    response = build(editor_client, name="Awkward", **choices)
    mapping = from_toml(response.context["review"]["text"].value())
    assert mapping.key == names[0]
    assert mapping.columns == {
        "date": names[1],
        "location": names[2],
        "place": names[3],
    }


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"])))
def test_any_text_is_written_as_a_toml_string_that_reads_back(text):
    assert tomllib.loads(f"a = {format_builder.toml_string(text)}") == {"a": text}


# --- Samples refused, samples bounded ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "Not a CSV file: The file is not UTF-8 text (byte 0x89); save it as UTF-8.",
        ),
        (b"", "The submitted file is empty."),
        (
            b"\n",
            "Not a CSV file the builder can read: Row 1: The file is empty; a "
            "header row is required.",
        ),
        (
            b"a,b\n",
            "Not a CSV file the builder can read: Row 1: The file has a header "
            "but no data rows.",
        ),
        (
            b"a,a\n1,2\n",
            "Not a CSV file the builder can read: Row 1: The column a appears twice.",
        ),
        (
            b"a,b\n1,2\n3\n",
            "Not a CSV file the builder can read: Row 3: The row has 1 "
            "fields; the header has 2.",
        ),
    ],
)
def test_a_sample_that_is_not_csv_is_refused_clearly(editor_client, content, problem):
    response = send_sample(editor_client, content)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [problem]}
    assert SAMPLE_SESSION_KEY not in editor_client.session


def test_a_sample_whose_first_rows_exceed_64_kb_is_refused(editor_client):
    content = b"a,b\n" + b"1," + b"x" * 70_000 + b"\n2,y\n"
    response = send_sample(editor_client, content)
    assert response.context["form"].errors == {
        "file": [
            "The header and first 5 rows of the file take more than 64 KB, the most "
            "the builder reads."
        ]
    }


def test_a_large_file_is_read_only_to_its_fifth_row(editor_client):
    row = "K,2023-01-01,é block of Main St\n"  # a two-byte character on every row
    content = ("key,date,location\n" + row * 10_000).encode()
    assert len(content) > 5 * format_builder.SAMPLE_BYTES
    send_sample(editor_client, content)
    sample = editor_client.session[SAMPLE_SESSION_KEY]
    assert sample["rows"] == [row.strip().split(",")] * 5


def test_a_file_larger_than_an_import_is_refused(db):
    upload = SimpleUploadedFile("big.csv", b"a,b\n1,2\n")
    upload.size = 20 * 1024 * 1024 + 1
    form = SampleForm({}, {"file": upload})
    assert form.errors == {
        "file": [
            "The file is 20,971,521 bytes; an import takes at most 20,971,520, so "
            "the builder does too."
        ]
    }


def test_step_two_without_a_sample_goes_back_to_step_one(editor_client):
    response = editor_client.get(reverse("incidents:format_builder"), follow=True)
    assert response.redirect_chain == [
        (reverse("incidents:format_builder_sample"), 302)
    ]
    assert "Upload a sample of the file first." in response.content.decode()


def test_viewers_may_not_send_a_sample(viewer_client):
    response = send_sample(viewer_client, CSV.encode())
    assert response.status_code == 403
    assert SAMPLE_SESSION_KEY not in viewer_client.session
