import io

import pytest
from django.core.management import call_command


@pytest.fixture
def sample(transactional_db):
    """The sample data, in a database the live server's threads can see."""
    call_command("load_sample_data", stdout=io.StringIO())
