"""export_data writes the whole backup or nothing: a failure half way leaves no partial
file, and an earlier backup of the same name stays as it was."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from binghamton_safety.serializers import Serializer
from funding.models import SpendingEntry


@pytest.fixture
def failing_on_spending(monkeypatch):
    """Serializing fails at the first spending entry, after other records were written."""
    original = Serializer._value_from_field

    def value(self, obj, field):
        if isinstance(obj, SpendingEntry):
            raise ValueError("a value that cannot be written")
        return original(self, obj, field)

    monkeypatch.setattr(Serializer, "_value_from_field", value)


def test_a_backup_that_fails_half_way_leaves_no_file(
    budget, make_spending, tmp_path, failing_on_spending
):
    make_spending("obligation", "2022-06-01", "600.00")
    path = tmp_path / "backup.json"
    with pytest.raises(CommandError, match="a value that cannot be written"):
        call_command("export_data", str(path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_a_failed_backup_leaves_the_earlier_one_whole(
    budget, make_spending, tmp_path, failing_on_spending
):
    make_spending("obligation", "2022-06-01", "600.00")
    path = tmp_path / "backup.json"
    path.write_text("[]")
    with pytest.raises(CommandError):
        call_command("export_data", str(path), stdout=io.StringIO())
    assert path.read_text() == "[]"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]


def test_a_backup_that_succeeds_replaces_the_file_and_leaves_nothing_else(
    budget, tmp_path
):
    path = tmp_path / "backup.json"
    path.write_text("[]")
    out = io.StringIO()
    call_command("export_data", str(path), stdout=out)
    assert out.getvalue() == f"Wrote {path}.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]
    models = {row["model"] for row in json.loads(path.read_text())}
    assert {"funding.budgetentry", "funding.program"} <= models


def test_a_backup_into_a_missing_folder_says_so(db, tmp_path):
    path = tmp_path / "missing" / "backup.json"
    with pytest.raises(CommandError) as excinfo:
        call_command("export_data", str(path), stdout=io.StringIO())
    assert str(excinfo.value) == f"Cannot write {path}: No such file or directory."
