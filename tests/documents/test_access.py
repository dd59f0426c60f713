"""Who may see a document: public ones on the area pages, the open-data page and their
download, for anyone; staff-only and voided ones for staff only."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from documents import files
from documents.models import Document
from documents.sample_data import pdf
from funding.models import Award


def make_document(title, public=True, **targets):
    content = pdf([title])
    upload = SimpleUploadedFile(f"{title}.pdf", content)
    document = Document(
        title=title,
        kind=Document.Kind.RESOLUTION,
        dated=datetime.date(2022, 5, 16),
        public=public,
        **files.file_details(upload),
        award=targets.get("award"),
        project=targets.get("project"),
    )
    document.file.save(upload.name, upload)
    document.budget_entries.set(targets.get("budget_entries", []))
    return document


@pytest.fixture
def award(area, project):
    return Award.objects.create(
        number="C-1",
        kind="contract",
        recipient_kind="organization",
        recipient="Lights Inc.",
        amount="5000.00",
        starts_on=datetime.date(2022, 6, 1),
        ends_on=datetime.date(2023, 6, 1),
        purpose="Lights.",
        area=area,
        project=project,
    )


@pytest.fixture
def documents(budget, project, award, editor):
    resolution = make_document("Resolution 22-45", budget_entries=[budget])
    make_document("Lighting contract", public=False, award=award)
    make_document("Project plan", project=project)
    withdrawn = make_document("Withdrawn notice", budget_entries=[budget])
    withdrawn.void("Posted by mistake.", editor)
    return resolution


def listed(html: str) -> list[str]:
    section = html.split('id="documents-heading"')[1].split("</section>")[0]
    return [part.split("</a>")[0] for part in section.split('file/">')[1:]]


def test_the_area_page_lists_its_public_documents_only(documents, area):
    html = Client().get(f"/areas/{area.slug}/").content.decode()
    assert listed(html) == ["Project plan", "Resolution 22-45"]
    assert "adopted May 16, 2022" in html


def test_the_open_data_page_lists_every_public_document(documents):
    assert listed(Client().get("/data/").content.decode()) == [
        "Project plan",
        "Resolution 22-45",
    ]


def test_anyone_downloads_a_public_document_and_no_one_else_a_staff_one(documents):
    anonymous = Client()
    response = anonymous.get(f"/documents/{documents.pk}/file/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="resolution-22-45.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf(["Resolution 22-45"])
    for title in ("Lighting contract", "Withdrawn notice"):
        pk = Document.all_objects.get(title=title).pk
        response = anonymous.get(f"/documents/{pk}/file/")
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next=/documents/{pk}/file/"


def test_staff_download_staff_only_documents_and_earlier_versions(
    documents, viewer_client
):
    contract = Document.all_objects.get(title="Lighting contract")
    response = viewer_client.get(f"/documents/{contract.pk}/file/")
    assert b"".join(response.streaming_content) == pdf(["Lighting contract"])
    row = contract.history.get()
    earlier = f"/documents/{contract.pk}/versions/{row.history_id}/file/"
    assert viewer_client.get(earlier).status_code == 200
    assert Client().get(earlier).status_code == 302


def test_a_missing_file_is_a_404_not_a_500(documents, viewer_client):
    documents.file.storage.delete(documents.file.name)
    assert viewer_client.get(f"/documents/{documents.pk}/file/").status_code == 404


def test_only_editors_add_documents(documents, viewer_client):
    assert viewer_client.get("/documents/new/").status_code == 403
    assert viewer_client.get("/documents/").status_code == 200


def test_the_staff_list_filters_by_who_sees_a_document(documents, viewer_client):
    def titles(query):
        page = viewer_client.get(f"/documents/?{query}").content.decode()
        return [t.split("</a>")[0] for t in page.split('/file/">')[1:]]

    assert titles("public=false") == ["Lighting contract"]
    assert titles("public=true") == [
        "Project plan",
        "Resolution 22-45",
        "Withdrawn notice",
    ]
