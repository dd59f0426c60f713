"""Test modules in folders without __init__.py are imported by their file name alone."""

from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_file_name():
    names = Counter(
        path.name
        for path in TESTS.rglob("test_*.py")
        if not (path.parent / "__init__.py").exists()
    )
    assert [name for name, count in names.items() if count > 1] == []
