"""Import formats stored in the database: added and edited with their history, refused
when bad (naming the key), chosen on the upload page, read at the confirm step exactly as
previewed, and shown escaped whatever their name. Editors only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from incidents import sample_data
from incidents.imports import plan as planning
from incidents.imports.mapping import from_toml
from incidents.models import ImportFormat, Incident, Victim

# The README's example: the illustrative format's layout.
CAD_CSV = (
    "CADNumber,CallDate,CallTime,Block,Sector,Outcome\n"
    "24-000123,01/05/2024,23:15,100 BLOCK CLINTON ST,North,Injured\n"
    "24-000123,01/05/2024,23:15,100 BLOCK CLINTON ST,North,Killed\n"
    "24-000200,02/10/2024,01:40,300 BLOCK MAIN ST,South,\n"
)
SMALL = """\
record = "incident"
rows = "incident"
key = "case"
[columns]
date = "day"
"""
HOSTILE = ["=cmd|' /C calc'!A1", "<script>alert(1)</script>"]


@pytest.fixture
def cad_format(db):
    """The illustrative stored format of the sample data."""
    sample_data.load_formats(io.StringIO())
    return ImportFormat.objects.get(name=sample_data.FORMAT_NAME)


def add(client, name: str, text: str = "", file=None):
    data = {"name": name, "text": text}
    if file is not None:
        data["file"] = file
    return client.post(reverse("incidents:format_add"), data)


def edit(client, stored: ImportFormat, name: str, text: str):
    url = reverse("incidents:format_edit", args=[stored.pk])
    return client.post(url, {"name": name, "text": text})


def upload(client, text: str, fmt: str):
    file = SimpleUploadedFile("cad.csv", text.encode(), content_type="text/csv")
    return client.post(reverse("incidents:import"), {"file": file, "format": fmt})


def confirm(client, response):
    digest = response.context["stored"]["digest"]
    return client.post(reverse("incidents:import_confirm"), {"digest": digest})


# --- Storing and editing ------------------------------------------------------------


def test_a_pasted_format_is_stored_with_its_record_and_who_saved_it(
    editor_client, editor
):
    response = add(editor_client, "Small", SMALL)
    stored = ImportFormat.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:format_edit", args=[stored.pk])
    assert (stored.name, stored.record, stored.text, stored.saved_by) == (
        "Small",
        "incident",
        SMALL,
        editor,
    )


def test_an_uploaded_format_file_is_stored_and_its_name_key_names_it(editor_client):
    text = 'name = "From a file"\n' + SMALL.replace("incident", "recovery", 1).replace(
        'rows = "incident"', 'rows = "recovery"'
    )
    file = SimpleUploadedFile("f.toml", text.encode(), content_type="text/plain")
    add(editor_client, "", file=file)
    stored = ImportFormat.objects.get()
    assert (stored.name, stored.record, stored.text) == (
        "From a file",
        "recovery",
        text,
    )


def test_editing_a_format_keeps_every_version_and_the_page_lists_them(
    editor_client, editor
):
    add(editor_client, "Small", SMALL)
    stored = ImportFormat.objects.get()
    changed = SMALL.replace('key = "case"', 'key = "case"\nkey_prefix = "X-"')
    response = edit(editor_client, stored, "Small", changed)
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.text == changed
    texts = list(stored.history.order_by("history_date").values_list("text", flat=True))
    assert texts == [SMALL, changed]
    page = editor_client.get(reverse("incidents:format_edit", args=[stored.pk]))
    html = page.content.decode()
    assert "2 versions" in html
    assert html.count("· editor · <strong>") == 2
    assert [v.history_type for v in page.context["versions"]] == ["~", "+"]
    assert "key_prefix = &quot;X-&quot;" in html  # the newer text, in its version


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (SMALL + 'colour = "red"\n', "Unknown key columns.colour; known keys: "),
        (SMALL.replace('rows = "incident"\n', ""), "The format lacks the key rows."),
        ("record = [", "The format file is not TOML: "),
        (
            SMALL.replace('key = "case"', 'key = "case"\nduplicates = "all"'),
            'duplicates must be "refuse" or "first" or "last", not \'all\'.',
        ),
    ],
)
def test_a_bad_format_is_refused_naming_the_key_and_nothing_is_saved(
    editor_client, text, problem
):
    response = add(editor_client, "Bad", text)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["text"]
    assert errors["text"][0].startswith(problem)
    assert ImportFormat.objects.count() == 0


def test_a_bad_edit_is_refused_and_the_stored_text_kept(editor_client):
    add(editor_client, "Small", SMALL)
    stored = ImportFormat.objects.get()
    response = edit(editor_client, stored, "Small", SMALL + "[skip]\nx = 3\n")
    assert response.context["form"].errors["text"] == [
        "[skip].x must be a text or a list of texts."
    ]
    stored.refresh_from_db()
    assert (stored.text, stored.history.count()) == (SMALL, 1)


def test_a_name_key_that_differs_from_the_name_is_refused(editor_client):
    response = add(editor_client, "Mine", 'name = "Theirs"\n' + SMALL)
    assert response.context["form"].errors["name"] == [
        "The text names the format 'Theirs' (its name key): give the same name here, "
        "or remove the name key."
    ]


def test_a_format_needs_a_name_and_a_text(editor_client):
    response = add(editor_client, "", "")
    assert response.context["form"].errors == {
        "text": ["Paste the format's text or upload its file."]
    }
    response = add(editor_client, "", SMALL)
    assert response.context["form"].errors == {
        "name": ["Give the format a name, here or as its name key."]
    }


def test_two_formats_cannot_share_a_name(editor_client):
    add(editor_client, "Small", SMALL)
    response = add(editor_client, "Small", SMALL)
    assert response.context["form"].errors == {
        "name": ["A format with this name already exists."]
    }


def test_a_format_file_that_is_not_utf8_or_too_long_is_refused(editor_client):
    latin = SimpleUploadedFile("f.toml", "name = 'Café'".encode("latin-1"))
    response = add(editor_client, "X", file=latin)
    assert response.context["form"].errors["file"] == [
        "The file is not UTF-8 text; save it as UTF-8."
    ]
    for content in (b"#" * 20_001, "é".encode() * 40_001):
        long = SimpleUploadedFile("f.toml", content)
        response = add(editor_client, "X", file=long)
        assert response.context["form"].errors["file"] == [
            "A format file has at most 20,000 characters."
        ]
    response = add(editor_client, "X", "#" * 20_001)
    assert response.context["form"].errors["text"] == [
        "Ensure this value has at most 20000 characters (it has 20001)."
    ]
    assert ImportFormat.objects.count() == 0


def test_the_sample_data_store_one_illustrative_format_once(cad_format):
    out = io.StringIO()
    sample_data.load_formats(out)
    assert out.getvalue() == "Import formats: 1 stored."
    assert ImportFormat.objects.get() == cad_format
    assert cad_format.name.startswith("Illustrative: ")
    assert "Illustrative: an invented layout" in cad_format.text
    assert cad_format.record == "incident"


# --- The list, the shipped formats -----------------------------------------------------


def test_the_list_shows_the_shipped_formats_and_the_stored_ones(
    editor_client, cad_format
):
    html = editor_client.get(reverse("incidents:format_list")).content.decode()
    assert "Philadelphia shooting victims" in html
    assert reverse("incidents:shipped_format", args=["philadelphia"]) in html
    assert reverse("incidents:format_edit", args=[cad_format.pk]) in html
    assert "Illustrative: Binghamton PD CAD export" in html


def test_a_shipped_format_is_shown_and_downloaded_but_has_no_edit_page(editor_client):
    url = reverse("incidents:shipped_format", args=["philadelphia"])
    page = editor_client.get(url)
    assert "key = &quot;dc_key&quot;" in page.content.decode()
    download = editor_client.get(url + "?download")
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="philadelphia.toml"'
    assert download.content.decode().startswith("# The Philadelphia Police")
    missing = reverse("incidents:shipped_format", args=["nothing-here"])
    assert editor_client.get(missing).status_code == 404


def test_a_stored_format_downloads_as_its_text(editor_client, cad_format):
    url = reverse("incidents:format_download", args=[cad_format.pk])
    response = editor_client.get(url)
    assert response.content.decode() == sample_data.FORMAT_TEXT
    assert response["Content-Disposition"] == (
        'attachment; filename="illustrative-binghamton-pd-cad-export.toml"'
    )


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_stored_as_given_and_shown_escaped(editor_client, name):
    add(editor_client, name, SMALL)
    stored = ImportFormat.objects.get()
    assert stored.name == name
    pages = [
        reverse("incidents:format_list"),
        reverse("incidents:format_edit", args=[stored.pk]),
        reverse("incidents:import"),
    ]
    for url in pages:
        html = editor_client.get(url).content.decode()
        assert "<script>alert" not in html
    html = editor_client.get(reverse("incidents:format_list")).content.decode()
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped.replace("'", "&#x27;") in html
    download = editor_client.get(reverse("incidents:format_download", args=[stored.pk]))
    disposition = download["Content-Disposition"]
    assert disposition in (
        'attachment; filename="cmd-c-calca1.toml"',
        'attachment; filename="scriptalert1script.toml"',
    )


# --- Chosen on the upload page ---------------------------------------------------------


def test_the_upload_page_offers_the_shipped_and_the_stored_formats(
    editor_client, cad_format
):
    form = editor_client.get(reverse("incidents:import")).context["form"]
    values = [value for value, _ in form.fields["format"].choices]
    assert values[:3] == ["canonical", "nypd", "recoveries"]
    assert "philadelphia" in values
    assert values[-1] == f"stored-{cad_format.pk}"
    labels = dict(form.fields["format"].choices)
    assert labels[f"stored-{cad_format.pk}"] == (
        "Illustrative: Binghamton PD CAD export (stored)"
    )


def test_a_file_imports_by_a_stored_format_through_preview_and_confirm(
    editor_client, cad_format
):
    response = upload(editor_client, CAD_CSV, f"stored-{cad_format.pk}")
    plan = response.context["plan"]
    assert plan.ok, list(plan.errors)
    assert plan.format == "Illustrative: Binghamton PD CAD export"
    html = response.content.decode()
    assert (
        '<p class="asof">Illustrative: Binghamton PD CAD export · cad.csv</p>' in html
    )
    assert Incident.objects.count() == 0
    assert confirm(editor_client, response).status_code == 302
    saved = Incident.objects.order_by("case_number")
    assert [(i.case_number, str(i.date), i.location) for i in saved] == [
        ("BPD-24-000123", "2024-01-05", "100 BLOCK CLINTON ST"),
        ("BPD-24-000200", "2024-02-10", "300 BLOCK MAIN ST"),
    ]
    outcomes = Victim.objects.order_by("outcome").values_list("outcome", flat=True)
    # The blank outcome: a victim of unknown outcome, a person shot but not killed.
    assert list(outcomes) == ["injured", "injured", "killed"]


def test_confirm_reads_the_text_previewed_even_if_the_format_is_edited_between(
    editor_client, cad_format
):
    response = upload(editor_client, CAD_CSV, f"stored-{cad_format.pk}")
    edit(
        editor_client,
        cad_format,
        cad_format.name,
        cad_format.text.replace('key_prefix = "BPD-"', 'key_prefix = "CHANGED-"'),
    )
    cad_format.refresh_from_db()
    assert 'key_prefix = "CHANGED-"' in cad_format.text
    confirm(editor_client, response)
    assert sorted(Incident.objects.values_list("case_number", flat=True)) == [
        "BPD-24-000123",
        "BPD-24-000200",
    ]


def test_a_stored_format_removed_before_the_upload_is_refused(
    editor_client, cad_format
):
    value = f"stored-{cad_format.pk}"
    page = editor_client.get(reverse("incidents:import"))  # offered then
    assert value in dict(page.context["form"].fields["format"].choices)
    cad_format.delete()
    response = upload(editor_client, CAD_CSV, value)
    assert response.context["form"].errors["format"] == [
        f"Select a valid choice. {value} is not one of the available choices."
    ]


def test_the_shipped_philadelphia_format_is_chosen_by_name(editor_client):
    header = "dc_key,date_,time,location,dist,lat,lng,fatal,officer_involved"
    text = f"{header}\n202301000001.0,2023-01-02 00:00:00+00,13:30:00,100 BLOCK A ST,5,,,1,N\n"
    response = upload(editor_client, text, "philadelphia")
    plan = response.context["plan"]
    assert plan.ok, list(plan.errors)
    assert response.context["format_label"] == "Philadelphia shooting victims"
    confirm(editor_client, response)
    incident = Incident.objects.get()
    assert (incident.case_number, incident.status) == ("PHL-202301000001", "final")
    assert list(incident.victims.values_list("outcome", flat=True)) == ["killed"]


def test_the_built_in_formats_keep_their_labels(editor_client):
    text = "reference,date,count,weapon_type,location,case_number\n"
    text += "R-1,2022-03-01,1,,100 block of Main St,\n"
    response = upload(editor_client, text, "recoveries")
    assert response.context["format_label"] == "Firearm recoveries CSV"


def test_the_preview_shows_how_the_public_figures_will_change(db):
    plan = planning.plan(CAD_CSV, from_toml(sample_data.FORMAT_TEXT, "CAD"))
    context = {"plan": plan, "rows": [], "format_label": "CAD", "stored": None}
    html = render_to_string("incidents/import_preview.html", context)
    assert "How the public figures will change" not in html
    plan.effect = ["People shot this year: 3 now, 5 after the import (+2)."]
    html = render_to_string("incidents/import_preview.html", context)
    assert "<h2>How the public figures will change</h2>" in html
    assert "<li>People shot this year: 3 now, 5 after the import (+2).</li>" in html


# --- Who may ---------------------------------------------------------------------------


def format_urls(stored: ImportFormat) -> list[str]:
    return [
        reverse("incidents:format_list"),
        reverse("incidents:format_add"),
        reverse("incidents:format_edit", args=[stored.pk]),
        reverse("incidents:format_download", args=[stored.pk]),
        reverse("incidents:shipped_format", args=["philadelphia"]),
        reverse("incidents:format_builder_sample"),
        reverse("incidents:format_builder"),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, cad_format):
    for url in format_urls(cad_format):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_viewers_may_not_see_or_change_formats(viewer_client, cad_format):
    for url in format_urls(cad_format):
        assert viewer_client.get(url).status_code == 403, url
    response = edit(viewer_client, cad_format, "Changed", SMALL)
    assert response.status_code == 403
    cad_format.refresh_from_db()
    assert cad_format.name == sample_data.FORMAT_NAME
