"""SQLite files of their own for the side-by-side (bench/peer.py): NYPD's real file
imported with `import_incidents --format nypd`, and 1,000 synthetic incidents.

Each file is built by a process of its own (`python bench/nypd.py KIND FILE`), whatever
database the rest of the benchmark runs on: Datasette serves SQLite files only; it prints
its figures as JSON on its last line. Then one more process (`python bench/nypd.py time
SYNTHETIC_FILE NYPD_FILE`) times `/api/ytd.json` computed (cache emptied) in-process on
both files in turn, as bench/pages.py times the pages of the two scales.
"""

import datetime
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NYPD = (
    ROOT.parent
    / "shared/data/real/nypd_shooting/NYPD_Shooting_Incident_Data__Historic__2006-2022.csv"
)
# The file's last day: the figures default to it, as they would once an editor said so.
NYPD_COMPLETE_THROUGH = datetime.date(2022, 12, 31)
KINDS = ("nypd", "synthetic")
SYNTHETIC_INCIDENTS = 1_000


def _run(arguments: list[str], env: dict, what: str) -> dict:
    """`python bench/nypd.py *arguments` in a process of its own: its JSON last line."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(kind: str, path: Path, env: dict) -> dict:
    """Build the SQLite file `path` of `kind` in a process of its own; its figures."""
    env = {**env, "DATABASE_URL": f"sqlite:///{path}"}
    return _run([kind, str(path)], env, f"building the {kind} file")


def time_api(files: dict[str, Path], env: dict, runs: int) -> dict[str, dict]:
    """`/api/ytd.json` computed on each of `files` (kind: path), in turn: {kind: figures}."""
    first = next(iter(files.values()))
    env = {**env, "DATABASE_URL": f"sqlite:///{first}", "BENCH_RUNS": str(runs)}
    arguments = ["time", *(f"{kind}={path}" for kind, path in files.items())]
    return _run(arguments, env, "timing the API on the SQLite files")


def _load_nypd() -> dict:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "import_incidents",
        str(NYPD),
        "--format",
        "nypd",
        "--complete-through",
        NYPD_COMPLETE_THROUGH.isoformat(),
        quiet=True,
        stdout=io.StringIO(),
    )
    return {"import_seconds": round(time.perf_counter() - started, 1)}


def _load_synthetic() -> dict:
    from django.utils import timezone

    from bench import data

    made = data.generate(SYNTHETIC_INCIDENTS, 100, timezone.localdate())
    return {"spending": made["spending"]}


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "binghamton_safety.settings"
    import django

    django.setup()


def _loaded(kind: str) -> dict:
    """Migrate, load `kind`, refresh the statistics: the file's figures."""
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident, Victim

    call_command("migrate", "--noinput", verbosity=0)
    figures = _load_nypd() if kind == "nypd" else _load_synthetic()
    with connection.cursor() as cursor:
        # Fresh statistics, as the generator leaves them: both servers read them.
        cursor.execute("ANALYZE")
    return {
        **figures,
        "incidents": Incident.objects.count(),
        "victims": Victim.objects.count(),
    }


def _timed(files: list[str]) -> dict:
    """The API's figures on each file ("kind=path"), the computed requests in turn."""
    from bench import pages

    api = [page for page in pages.PAGES if page.url == "/api/ytd.json"]
    databases = dict(file.split("=", 1) for file in files)
    measured = pages.measure_in_turn(int(os.environ["BENCH_RUNS"]), databases, api)
    return {kind: figures[api[0].name] for kind, figures in measured.items()}


def main() -> None:
    kind, *files = sys.argv[1:]
    if kind not in (*KINDS, "time"):
        sys.exit(f"{kind!r}: the kinds of file are {', '.join(KINDS)}; or time")
    _setup()
    print(json.dumps(_timed(files) if kind == "time" else _loaded(kind)))


if __name__ == "__main__":
    main()
