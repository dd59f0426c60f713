"""The illustrative sample incidents for the incidents tests."""

import pytest


@pytest.fixture
def sample_incidents(db):
    """The illustrative Binghamton sample: 18 vs 10 shots fired as of 2022-05-04."""
    import io

    from incidents import sample_data

    sample_data.load(io.StringIO())
