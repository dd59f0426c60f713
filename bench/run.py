"""`make bench`: builds its own data, measures, prints a table, writes bench/results.json.

Runs against DATABASE_URL when it is set (use a throw-away database: the benchmark migrates
it and replaces its incidents and spending), else against a temporary SQLite file. Every
time is a median of several runs; every ratio compares figures of the same run.

BENCH_LARGE (default 1000000) sets the number of incidents of the large scale, and
BENCH_RUNS (default 5) the runs per median, for a quicker look. BENCH_ONLY=weight measures
only the page weight (in Chromium, on 1,000 incidents, well under a minute) and updates
that part of bench/results.json.
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

NYPD = (
    ROOT.parent
    / "shared/data/real/nypd_shooting/NYPD_Shooting_Incident_Data__Historic__2006-2022.csv"
)
PHILADELPHIA = ROOT.parent / "shared/data/real/philadelphia_shootings/shootings.csv"
PHILADELPHIA_FORMAT = ROOT / "incidents/imports/formats/philadelphia.toml"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ONLY = os.environ.get("BENCH_ONLY", "")
PARTS = ("weight",)
SMALL = 1_000
LARGE = int(os.environ.get("BENCH_LARGE", "1000000"))
SPENDING_PER_INCIDENT = 0.1  # 100 entries at the small scale, 100,000 at the large one

TARGETS = {
    "flat": 1.5,  # served time, large / small
    "floor": 3.0,  # API computed time / hand-written SQL time
    "import": 0.25,  # import rows/s / floor rows/s
    "load": 0.5,  # page rate / static-file rate
}


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
    from bench import data, weight

    made = data.generate(SMALL, int(SMALL * SPENDING_PER_INCIDENT), today)
    print(f"  {SMALL:,} incidents generated")
    results["page_weight"] = weigh(env, SMALL, today)
    data.wipe()
    if results["page_weight"] is None:
        sys.exit("BENCH_ONLY=weight needs Chromium")
    print()
    print(f"Data: {SMALL:,} incidents ({made['spending']:,} spending entries)")
    weight.print_weights(results["page_weight"]["pages"])
    print_targets(weight.targets(results["page_weight"]["pages"]), results)


def write_results(results: dict) -> Path:
    """bench/results.json; a part run alone replaces only its own figures and targets."""
    out = ROOT / "bench" / "results.json"
    if ONLY and out.exists():
        whole = json.loads(out.read_text())
        ours = {row["target"].split(":")[0] for row in results["targets"]}
        kept = [
            row
            for row in whole.get("targets", [])
            if row["target"].split(":")[0] not in ours
        ]
        whole["page_weight"] = results["page_weight"]
        whole["targets"] = kept + results["targets"]
        results = whole
    out.write_text(json.dumps(results, indent=2) + "\n")
    return out


def measure_all(env: dict, results: dict, today) -> None:
    from django.conf import settings
    from django.test import Client

    from bench import data, imports, load, pages

    for incidents in (SMALL, LARGE):
        spending = int(incidents * SPENDING_PER_INCIDENT)
        step = time.perf_counter()
        made = data.generate(incidents, spending, today)
        made["generate_seconds"] = round(time.perf_counter() - step, 1)
        print(f"  {incidents:,} incidents generated in {made['generate_seconds']} s")
        made["pages"] = pages.measure_pages(RUNS)
        made["floor"] = pages.measure_floor(today, today, RUNS)
        results["scales"][str(incidents)] = made

    # Under load and page weight, on the large data.
    html = Client().get("/").content
    results["load"] = load.under_load(env, Path(settings.STATIC_ROOT), html)
    print("  load measured")
    results["page_weight"] = weigh(env, LARGE, today)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        canonical = Path(folder) / "canonical.csv"
        imports.write_canonical(canonical, LARGE, today)
        import_runs = max(1, min(RUNS, 3))
        results["import"] = {
            "nypd": imports.time_import(NYPD, "nypd", import_runs),
            "philadelphia": imports.time_import(
                PHILADELPHIA, str(PHILADELPHIA_FORMAT), import_runs, "--mapping"
            ),
            "canonical": imports.time_import(canonical, "canonical", import_runs),
            "floor": imports.time_floor(canonical, import_runs),
            "same_writes": imports.time_same_writes(canonical, import_runs),
        }
    data.wipe()
    print_table(results)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("inf")


def verdict(ok: bool) -> str:
    return "met   " if ok else "MISSED"


def print_table(results: dict) -> None:
    """The results, in words and columns; adds the targets and ratios to `results`."""
    small, large = results["scales"][str(SMALL)], results["scales"][str(LARGE)]
    _print_data(small, large)
    served_ratios, equal_queries = _print_pages(small, large)
    floor_ratios = _print_floor(large)
    import_ratio = _print_import(results["import"])
    load_ratio = _print_load(results["load"])
    if weight := results.get("page_weight"):
        from bench.weight import print_weights

        print()
        print_weights(weight["pages"])
    worst, worst_name = max(served_ratios)
    ratios = {
        "served_large_small_worst": worst,
        "api_page_over_sql_worst": max(
            floor_ratios[n] for n in floor_ratios if n.startswith("API")
        ),
        "import_over_floor": import_ratio,
        "load_page_over_static": load_ratio,
    }
    loaded = results["load"]
    errors = loaded["page"]["errors"] + loaded["static"]["errors"]
    rows = _target_rows(ratios, worst_name, equal_queries, errors)
    if weight:
        from bench.weight import targets

        rows += targets(weight["pages"])
    print_targets(rows, results)
    results["ratios"] = ratios


def _target_rows(
    ratios: dict[str, float], worst_name: str, equal_queries: bool, errors: int
) -> list[tuple[bool, str]]:
    """(met, the target in words) of the targets of TARGETS."""
    worst = ratios["served_large_small_worst"]
    api_floor = ratios["api_page_over_sql_worst"]
    import_ratio = ratios["import_over_floor"]
    load_ratio = ratios["load_page_over_static"]
    return [
        (
            worst <= TARGETS["flat"],
            f"served time large/small <= {TARGETS['flat']} "
            f"(worst {worst:.2f}, {worst_name})",
        ),
        (equal_queries, "queries per page equal at both scales"),
        (
            api_floor <= TARGETS["floor"],
            f"API computed time / SQL <= {TARGETS['floor']:.0f} (worst {api_floor:.2f})",
        ),
        (
            import_ratio >= TARGETS["import"],
            f"import >= {TARGETS['import']} of the floor ({import_ratio:.2f})",
        ),
        (
            load_ratio >= TARGETS["load"] and errors == 0,
            f"under load >= {TARGETS['load']} of the static rate, no errors "
            f"({load_ratio:.2f}, {errors} errors)",
        ),
    ]


def print_targets(rows: list[tuple[bool, str]], results: dict) -> None:
    """Each target met or missed; they go into `results` too."""
    print()
    print("Targets")
    for ok, text in rows:
        print(f"  {verdict(ok)} {text}")
    results["targets"] = [{"met": ok, "target": text} for ok, text in rows]


def _print_data(small: dict, large: dict) -> None:
    print()
    print(
        f"Data: {SMALL:,} incidents ({small['victims']:,} victims, "
        f"{small['spending']:,} spending entries) and {LARGE:,} incidents "
        f"({large['victims']:,} victims, {large['spending']:,} spending entries); "
        f"firearm recoveries: half as many as incidents; 20 years."
    )


def _print_pages(small: dict, large: dict) -> tuple[list[tuple[float, str]], bool]:
    """The pages' times at both scales: (served ratio and name of each page, whether
    each page makes as many queries at both scales)."""
    print()
    print(
        "Pages, server time in ms (in-process test client). computed = cache emptied "
        "first (the first request after a change); served = the next requests."
    )
    header = (
        f"{'page':<20}{'computed':>10}{'computed':>10}{'':>7}"
        f"{'served':>9}{'served':>9}{'':>7}{'queries':>9}{'queries':>9}"
    )
    scales = f"{'':<20}{'small':>10}{'large':>10}{'ratio':>7}"
    scales += f"{'small':>9}{'large':>9}{'ratio':>7}{'small':>9}{'large':>9}"
    print(header)
    print(scales)
    served_ratios, equal_queries = [], True
    for name, big in large["pages"].items():
        little = small["pages"][name]
        computed = _ratio(big["computed_ms"], little["computed_ms"])
        served = _ratio(big["served_ms"], little["served_ms"])
        served_ratios.append((served, name))
        queries_small = f"{little['queries_computed']}/{little['queries_served']}"
        queries_large = f"{big['queries_computed']}/{big['queries_served']}"
        equal_queries &= queries_small == queries_large
        print(
            f"{name:<20}{little['computed_ms']:>10.1f}{big['computed_ms']:>10.1f}"
            f"{computed:>7.1f}{little['served_ms']:>9.2f}{big['served_ms']:>9.2f}"
            f"{served:>7.2f}{queries_small:>9}{queries_large:>9}"
        )
    print("(queries: computed/served)")
    return served_ratios, equal_queries


def _print_floor(large: dict) -> dict[str, float]:
    """Each page's computed time over its hand-written SQL's, at the large scale."""
    print()
    print(f"Floor: the same figures by hand-written SQL, ms, at {LARGE:,} incidents")
    print(f"{'page':<20}{'SQL':>10}{'page':>10}{'page/SQL':>10}")
    floor_ratios = {}
    for name, figures in large["floor"].items():
        page_ms = large["pages"][name]["computed_ms"]
        floor_ratios[name] = _ratio(page_ms, figures["sql_ms"])
        print(
            f"{name:<20}{figures['sql_ms']:>10.1f}{page_ms:>10.1f}"
            f"{floor_ratios[name]:>10.2f}"
        )
    return floor_ratios


def _import_line(label: str, row: dict, what: str) -> str:
    return (
        f"  {label:<22}{row['rows']:>10,} rows {row['seconds']:>8.2f} s "
        f"{row['rows_per_second']:>10,} rows/s  ({what})"
    )


def _print_import(imp: dict) -> float:
    """The import's rates; returns the canonical import's over the floor's."""
    print()
    print("Import (import_incidents, every row checked, all or nothing)")
    for label, key in (
        ("NYPD file", "nypd"),
        ("Philadelphia (format)", "philadelphia"),
        (f"canonical {LARGE:,}", "canonical"),
    ):
        if (row := imp.get(key)) is None:  # (results saved before it was measured)
            continue
        print(_import_line(label, row, f"{row['incidents']:,} incidents"))
    if "philadelphia" in imp:
        ratio = _ratio(
            imp["philadelphia"]["rows_per_second"], imp["nypd"]["rows_per_second"]
        )
        print(f"  Philadelphia / NYPD rows/s: {ratio:.2f} (target: at least 1)")
    floor = imp["floor"]
    import_ratio = _ratio(imp["canonical"]["rows_per_second"], floor["rows_per_second"])
    print(_import_line("floor", floor, floor["method"]))
    print(f"  import / floor: {import_ratio:.2f}")
    if same := imp.get("same_writes"):
        print(_import_line("same writes", same, same["method"]))
        print(
            "  import / same writes: "
            f"{_ratio(imp['canonical']['rows_per_second'], same['rows_per_second']):.2f}"
        )
    return import_ratio


def _print_load(loaded: dict) -> float:
    """The page's and the static file's rates under load; returns page / static."""
    print()
    print(
        f"Under load: gunicorn, 2 workers, 127.0.0.1, wrk {loaded['page']['connections']} "
        f"connections for {loaded['page']['seconds']} s; {loaded['page_bytes']:,}-byte "
        "page and a static file of the same size"
    )
    print(f"  {'':<16}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, key in (("public summary", "page"), ("static file", "static")):
        row = loaded[key]
        print(
            f"  {label:<16}{row['requests_per_second']:>8,}{row['p50_ms']:>9.2f}"
            f"{row['p99_ms']:>9.2f}{row['errors']:>8}"
        )
    load_ratio = _ratio(
        loaded["page"]["requests_per_second"], loaded["static"]["requests_per_second"]
    )
    print(f"  page / static: {load_ratio:.2f}")
    return load_ratio


if __name__ == "__main__":
    main()
