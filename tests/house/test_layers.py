"""The layers of README "Layout", as the import-linter contracts in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [
    "pages",
    "programs",
    "documents",
    "funding",
    "incidents",
    "places",
    "audit",
    "binghamton_safety",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = (
    "Layers: pages on the program results and the documents, those on the product apps"
)


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(where / "pyproject.toml")],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of the packages' Python files and pyproject.toml."""
    for package in PACKAGES:
        for source in (ROOT / package).rglob("*.py"):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "contract"),
    [
        ("funding/wrong.py", "import incidents.models", "Funding and incidents never"),
        (
            "incidents/wrong.py",
            "from funding import money",
            "Funding and incidents never",
        ),
        ("audit/wrong.py", "import funding.models", LAYERS),
        ("binghamton_safety/wrong.py", "from audit import history", LAYERS),
        ("funding/wrong.py", "from pages import charts", LAYERS),
        ("programs/wrong.py", "from pages import views", LAYERS),
        ("documents/wrong.py", "from programs import results", LAYERS),
        ("funding/wrong.py", "from documents import models", LAYERS),
    ],
)
def test_a_wrong_import_breaks_its_contract(scratch, module, wrong_import, contract):
    (scratch / module).write_text(wrong_import + "\n")
    result = lint_imports(scratch)
    assert result.returncode == 1
    assert "1 broken" in result.stdout
    broken = result.stdout.split("Broken contracts")[1]
    assert contract in broken.replace("\n", "")
    assert module.removesuffix(".py").replace("/", ".") in broken
