"""`make bench`: builds its own data, measures, prints a table, writes bench/results.json.

Runs against DATABASE_URL when it is set (use a throw-away database: the benchmark migrates
it and replaces its incidents and spending), else against a temporary SQLite file. Every
time is a median of several runs; every ratio compares figures of the same run.

What it measures, at 1,000 (SMALL) and LARGE incidents: each page's time computed (cache
emptied: the first request after a change, or a new as-of date) and served, and the
ratios large / small (bench/pages.py), each scale in a database of its own and the
pages timed at the two in turn (bench/scales.py); the same figures by hand-written SQL (the floor);
the public summary under load (bench/load.py); page weight (bench/weight.py); import
rates against COPY and against the same writes by the fastest path, the canonical import
and the same writes run in turn (bench/imports.py).
And, on SQLite files of its own whatever DATABASE_URL says (bench/peer.py): NYPD's real
file imported, `/api/ytd.json` computed on it against on 1,000 incidents, and side by
side with Datasette (from .venv-bench) serving the same file with one hand-written query.

BENCH_LARGE (default 1000000) sets the number of incidents of the large scale, BENCH_RUNS
(default 5) the runs per median and BENCH_DATES (default 80) the as-of dates of the
side-by-side, for a quicker look. BENCH_ONLY runs one part alone and updates that part of
bench/results.json: `weight` (page weight in Chromium, on 1,000 incidents, well under a
minute) or `peer` (the NYPD file and the side-by-side, under a minute).

Each part shows as a phase on standard error while it runs (a bar on a terminal, a line
every few seconds elsewhere); `bench/run.py --quiet` or BENCH_QUIET=1 shows none. The
table on standard output is the same either way.
"""

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHILADELPHIA = ROOT.parent / "shared/data/real/philadelphia_shootings/shootings.csv"
PHILADELPHIA_FORMAT = ROOT / "incidents/imports/formats/philadelphia.toml"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ONLY = os.environ.get("BENCH_ONLY", "")
PARTS = {"weight": "page_weight", "peer": "peer"}  # part: its key in results
SMALL = 1_000
LARGE = int(os.environ.get("BENCH_LARGE", "1000000"))
SPENDING_PER_INCIDENT = 0.1  # 100 entries at the small scale, 100,000 at the large one
QUIET = "--quiet" in sys.argv[1:] or os.environ.get("BENCH_QUIET", "") not in ("", "0")


def progress():
    """The benchmark's progress on standard error (`binghamton_safety.progress`)."""
    from binghamton_safety.progress import Progress

    return Progress(sys.stderr, quiet=QUIET)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only-not-secret")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = (
            f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.sqlite3"
        )
    return env


def main() -> None:
    if ONLY and ONLY not in PARTS:
        sys.exit(
            f"BENCH_ONLY={ONLY!r}: the parts that run alone are {', '.join(PARTS)}"
        )
    if not ONLY and shutil.which("wrk") is None:
        sys.exit("make bench needs wrk for its load test: apt-get install -y wrk")
    env = environment()
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "binghamton_safety.settings"
    import django

    django.setup()

    from django.core.management import call_command
    from django.utils import timezone

    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    where = env["DATABASE_URL"].split("@")[-1]
    print(f"Benchmark on {engine} ({where}), {os.cpu_count()} CPUs, {RUNS} runs each")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    today = timezone.localdate()
    results: dict = {
        "database": engine,
        "date": today.isoformat(),
        "python": platform.python_version(),
        "runs": RUNS,
        "scales": {},
    }
    started = time.perf_counter()
    if ONLY == "weight":
        weight_alone(env, results, today)
    elif ONLY == "peer":
        peer_alone(env, results)
    else:
        measure_all(env, results, today)
    results["seconds"] = round(time.perf_counter() - started)
    out = write_results(results)
    print(f"Written to {out.relative_to(ROOT)} ({results['seconds']} s in all)")


def weigh(env: dict, incidents: int, today) -> dict | None:
    """Page weight in Chromium, or None (said plainly) when there is no Chromium."""
    from bench import weight

    if not shutil.which(weight.CHROMIUM):
        print(f"  page weight SKIPPED: no Chromium at {weight.CHROMIUM}")
        return None
    figures = {
        "date": today.isoformat(),
        "incidents": incidents,
        "pages": weight.measure(env),
    }
    print("  page weight measured")
    return figures


def weight_alone(env: dict, results: dict, today) -> None:
    from bench import data, report, weight

    made = data.generate(SMALL, int(SMALL * SPENDING_PER_INCIDENT), today)
    print(f"  {SMALL:,} incidents generated")
    results["page_weight"] = weigh(env, SMALL, today)
    data.wipe()
    if results["page_weight"] is None:
        sys.exit("BENCH_ONLY=weight needs Chromium")
    print()
    print(f"Data: {SMALL:,} incidents ({made['spending']:,} spending entries)")
    weight.print_weights(results["page_weight"]["pages"])
    report.print_targets(weight.targets(results["page_weight"]["pages"]), results)


def peer_alone(env: dict, results: dict) -> None:
    from bench import peer, report

    results["peer"] = peer.measure(env, RUNS)
    report.print_targets(peer.print_peer(results["peer"], results["database"]), results)


def _target_name(row: dict) -> str:
    """A target's words without the figure measured (in brackets at the end)."""
    return row["target"].split(" (")[0]


def write_results(results: dict) -> Path:
    """bench/results.json; a part run alone replaces only its own figures and targets."""
    out = ROOT / "bench" / "results.json"
    if ONLY and out.exists():
        whole = json.loads(out.read_text())
        ours = {_target_name(row) for row in results["targets"]}
        kept = [
            row for row in whole.get("targets", []) if _target_name(row) not in ours
        ]
        whole[PARTS[ONLY]] = results[PARTS[ONLY]]
        whole["targets"] = kept + results["targets"]
        results = whole
    out.write_text(json.dumps(results, indent=2) + "\n")
    return out


def generated(incidents: int, today) -> dict:
    """The data of a scale generated (bench/data.py), with the floor's times on them."""
    from bench import data, pages

    spending = int(incidents * SPENDING_PER_INCIDENT)
    step = time.perf_counter()
    with progress().phase(f"generating {incidents:,} incidents"):
        made = data.generate(incidents, spending, today)
    made["generate_seconds"] = round(time.perf_counter() - step, 1)
    print(
        f"  {incidents:,} incidents generated in {made['generate_seconds']} s "
        f"({made['daily_counts']})"
    )
    with progress().phase(f"timing the floor at {incidents:,} incidents"):
        made["floor"] = pages.measure_floor(today, today, RUNS)
    return made


def measure_scales(results: dict, today) -> None:
    """Both scales generated, each in a database of its own, and the pages timed at the
    two in turn (bench/scales.py); where a second database cannot be made, one scale
    after the other in the one database. The large data stay in the benchmark's own."""
    from django.db import connection

    from bench import pages, scales

    with scales.sibling() as small:
        if small is None:
            for incidents in (SMALL, LARGE):
                made = generated(incidents, today)
                with progress().phase(f"timing pages at {incidents:,} incidents"):
                    made["pages"] = pages.measure_pages(RUNS)
                results["scales"][str(incidents)] = made
            return
        databases = {SMALL: small, LARGE: connection.settings_dict["NAME"]}
        for incidents, name in databases.items():
            with scales.on(name):
                results["scales"][str(incidents)] = generated(incidents, today)
        with progress().phase("timing pages at both scales in turn"):
            timed = pages.measure_in_turn(RUNS, databases)
        for incidents, figures in timed.items():
            results["scales"][str(incidents)]["pages"] = figures
        results["pages_timed"] = "in turn, each scale in a database of its own"


def measure_imports(today) -> dict:
    """Import rates (bench/imports.py), on a canonical file of LARGE rows."""
    from bench import imports, nypd

    with (
        tempfile.TemporaryDirectory(prefix="bench-import-") as folder,
        progress().phase("timing imports", 5, "measures") as phase,
    ):
        canonical = Path(folder) / "canonical.csv"
        imports.write_canonical(canonical, LARGE, today)
        import_runs = max(1, min(RUNS, 3))
        imported, same_writes = imports.time_import_and_same_writes(
            canonical, import_runs
        )
        phase.advance(2)
        nypd_import = imports.time_import(nypd.NYPD, "nypd", import_runs)
        phase.advance(1)
        philadelphia = imports.time_import(
            PHILADELPHIA, str(PHILADELPHIA_FORMAT), import_runs, "--mapping"
        )
        phase.advance(1)
        floor = imports.time_floor(canonical, import_runs)
        phase.advance(1)
        return {
            "nypd": nypd_import,
            "philadelphia": philadelphia,
            "canonical": imported,
            "floor": floor,
            "same_writes": same_writes,
        }


def measure_all(env: dict, results: dict, today) -> None:
    from django.conf import settings
    from django.test import Client

    from bench import data, load, peer, report

    measure_scales(results, today)

    # Under load and page weight, on the large data.
    html = Client().get("/").content
    with progress().phase("load"):
        results["load"] = load.under_load(env, Path(settings.STATIC_ROOT), html)
    print("  load measured")
    with progress().phase("page weight"):
        results["page_weight"] = weigh(env, LARGE, today)

    results["import"] = measure_imports(today)
    data.wipe()
    with progress().phase("peer: NYPD's file and Datasette"):
        results["peer"] = peer.measure(env, RUNS)
    report.print_table(results)


if __name__ == "__main__":
    main()
