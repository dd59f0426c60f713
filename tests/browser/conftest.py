import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _patient_page(page):
    """Waits of up to a minute, not Playwright's 30 s: on two cores the other test worker
    may be running a heavy test while this one draws its charts. A real failure still
    fails, only later."""
    page.set_default_timeout(60_000)


@pytest.fixture
def sample(transactional_db):
    """The sample data (2017-01-01 to 2026-11-30), in a database the live server's
    threads can see."""
    call_command("load_sample_data", stdout=io.StringIO())


@pytest.fixture
def as_announced(sample):
    """The sample as it stood on the day of the announcement: data complete through
    May 4, 2022 (18 vs 10 shots fired), the date the pages then default to."""
    import datetime

    from incidents.models import DataCompleteness

    DataCompleteness.set(datetime.date(2022, 5, 4))
