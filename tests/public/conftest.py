import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _sample_data_once(django_db_setup, django_db_blocker):
    """Load the sample once per module inside a transaction that is rolled back at its end;
    each test runs in a savepoint inside it, so tests still see the data fresh."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_sample_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def sample_data(_sample_data_once, db):
    """The whole sample: program, six areas, illustrative money, the council districts
    and incidents and recoveries from 2017-01-01 to 2026-11-30."""


@pytest.fixture
def as_announced(sample_data):
    """The sample as it stood on the day of the announcement: data complete through
    May 4, 2022 (18 vs 10 shots fired), the date the pages then default to."""
    from incidents.models import DataCompleteness

    DataCompleteness.set(datetime.date(2022, 5, 4))


@pytest.fixture
def secrets(sample_data):
    """Staff-only details that must never reach a public page or download."""
    from funding.models import FundingArea, SpendingEntry
    from incidents.models import FirearmRecovery, Incident, Victim

    incident = Incident.objects.create(
        case_number="BPD-22-SECRET-0001",
        date=datetime.date(2022, 4, 2),
        location="100 block of Oak St",
        address="17 Quietwater Lane",
        latitude=Decimal("42.098700"),
        longitude=Decimal("-75.917900"),
        shots_fired_confirmed=True,
        notes="Witness Zebulon Quimby saw a grey sedan",
    )
    Victim.objects.create(incident=incident, outcome=Victim.Outcome.INJURED)
    # Saved as "unit block of Hushwillow Ct"; the house number is for staff only.
    recovery = FirearmRecovery.objects.create(
        reference="SR22-SECRET-0001",
        date=datetime.date(2022, 4, 3),
        count=1,
        location="41 Hushwillow Ct",
    )
    area = FundingArea.objects.get(slug="gun-buyback")
    entry = SpendingEntry(
        area=area,
        project=area.projects.first(),
        kind="expenditure",
        occurred_on=datetime.date(2023, 6, 29),
        amount=Decimal("10.00"),
        payee="Xylophone Payee Holdings LLC",
        description="Vendor detail",
    )
    entry.full_clean()
    entry.save()
    person, payee = _payment_to_a_person(area)
    return [
        incident.case_number,
        incident.address,
        recovery.address,
        "42.0987",
        "-75.9179",
        "Zebulon Quimby",
        entry.payee,
        person,
        payee,
    ]


def _payment_to_a_person(area) -> tuple[str, str]:
    """A stipend to a person, paid under their award: neither their name nor the
    entries' payee may be public. Returns both."""
    from funding.models import Award, SpendingEntry

    award = Award(
        number="ST-2023-SECRET",
        kind=Award.Kind.DIRECT_PAYMENT,
        recipient_kind=Award.RecipientKind.INDIVIDUAL,
        recipient="Philippa Wrenfield-Oyelaran",
        amount=Decimal("750.00"),
        starts_on=datetime.date(2023, 6, 1),
        ends_on=datetime.date(2023, 6, 30),
        purpose="Peer mentor stipend",
        area=area,
        project=area.projects.first(),
    )
    award.full_clean()
    award.save()
    _staff_only_document(award)
    # The sample's area is fully obligated: the stipend's money is released first.
    release = SpendingEntry(
        area=area,
        project=award.project,
        kind="obligation",
        occurred_on=datetime.date(2023, 6, 29),
        amount=Decimal("-750.00"),
        payee="Sample vendor 4",
        description="Released for a stipend",
        reason="Part of the event budget now pays a peer mentor's stipend.",
    )
    release.full_clean()
    release.save()
    payee = "P. Wrenfield-Oyelaran (stipend account)"
    for kind in ("obligation", "expenditure"):
        entry = SpendingEntry(
            area=area,
            project=award.project,
            award=award,
            kind=kind,
            occurred_on=datetime.date(2023, 6, 29),
            amount=Decimal("750.00"),
            payee=payee,
            description="Stipend",
        )
        entry.full_clean()
        entry.save()
    return award.recipient, payee


def _staff_only_document(award) -> None:
    """The person's signed agreement, for staff only: its title and file name them."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import files
    from documents.models import Document
    from documents.sample_data import pdf

    upload = SimpleUploadedFile("agreement.pdf", pdf([f"Agreement: {award.recipient}"]))
    document = Document(
        title=f"Stipend agreement, {award.recipient}",
        kind=Document.Kind.CONTRACT,
        dated=award.starts_on,
        public=False,
        award=award,
        **files.file_details(upload),
    )
    document.file.save(upload.name, upload)


@pytest.fixture
def text_of():
    """The page as plain text with collapsed whitespace, for reading its sentences."""

    def read(response) -> str:
        html = response.content.decode()
        html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    return read
