"""SQLite files of their own for the side-by-side (bench/peer.py): NYPD's real file
imported with `import_incidents --format nypd`, and 1,000 synthetic incidents.

Each file is built by a process of its own (`python bench/nypd.py KIND FILE`), whatever
database the rest of the benchmark runs on: Datasette serves SQLite files only. That
process also times `/api/ytd.json` computed (cache emptied) in-process on the file, as
bench/pages.py times every page, and prints its figures as JSON on its last line.
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


def build(kind: str, path: Path, env: dict, runs: int) -> dict:
    """Build the SQLite file `path` of `kind` in a process of its own; its figures."""
    env = {**env, "DATABASE_URL": f"sqlite:///{path}", "BENCH_RUNS": str(runs)}
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), kind, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"building the {kind} file failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


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
        stdout=io.StringIO(),
    )
    return {"import_seconds": round(time.perf_counter() - started, 1)}


def _load_synthetic() -> dict:
    from django.utils import timezone

    from bench import data

    made = data.generate(SYNTHETIC_INCIDENTS, 100, timezone.localdate())
    return {"spending": made["spending"]}


def _in_this_process(kind: str) -> dict:
    """Migrate, load `kind`, refresh the statistics, time the API computed."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import pages
    from incidents.models import Incident, Victim

    call_command("migrate", "--noinput", verbosity=0)
    figures = _load_nypd() if kind == "nypd" else _load_synthetic()
    with connection.cursor() as cursor:
        # Fresh statistics, as the generator leaves them: both servers read them.
        cursor.execute("ANALYZE")
    api = [page for page in pages.PAGES if page.url == "/api/ytd.json"]
    measured = pages.measure_pages(int(os.environ["BENCH_RUNS"]), api)
    return {
        **figures,
        "incidents": Incident.objects.count(),
        "victims": Victim.objects.count(),
        "api_ytd": measured[api[0].name],
    }


def main() -> None:
    kind, path = sys.argv[1:3]
    if kind not in KINDS:
        sys.exit(f"{kind!r}: the kinds of file are {', '.join(KINDS)}")
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "binghamton_safety.settings"
    print(json.dumps(_in_this_process(kind)))


if __name__ == "__main__":
    main()
