"""The side-by-side: the product's `/api/ytd.json` against Datasette, a general-purpose
tool, serving the same SQLite file with one hand-written query for the same windows
(bench/datasette_ytd.sql, a canned query in a metadata file made here).

The file is NYPD's real one, imported by `import_incidents --format nypd`
(bench/nypd.py), on SQLite whatever database the rest of the benchmark runs on. Each
server is one process on 127.0.0.1: the product under gunicorn (one sync worker, DEBUG
off, as bench/load.py serves it), Datasette as `datasette serve` (read-only). Both are
asked the same as-of dates, request by request in turn (who goes first alternates), each
date once: the product has never computed it, so each answer is computed. Each request
opens a new connection; the time is the client's, from asking to the last byte.

Datasette's answers are checked against the product's (the timed ones, and a few dates
apart: leap days, a year before the first record); any difference is printed loudly.
Datasette comes from the benchmark's own environment (`make bench` installs
bench/requirements.txt into .venv-bench), never the product's requirements.
"""

import calendar
import datetime
import json
import os
import random
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import nypd
from .load import Process, Server, free_port

ROOT = Path(__file__).resolve().parent.parent
# (ROOT / an absolute path is that path)
DATASETTE = ROOT / os.environ.get("BENCH_DATASETTE", ".venv-bench/bin/datasette")
QUERY = Path(__file__).with_name("datasette_ytd.sql")
DATES = int(os.environ.get("BENCH_DATES", "80"))
WARM_DATES = 3
# Checked apart: leap days (and the day before one), the first year (its comparison
# year has no record: "no data", not zero).
CHECKED_APART = ["2008-02-29", "2020-02-29", "2021-02-28", "2006-12-31"]
METRICS = [
    "shots_fired_confirmed",
    "shooting_incidents_with_injury",
    "shooting_victims",
    "victims_killed",
    "firearms_recovered",
]
TARGET = 1.0  # ours / Datasette, medians
FLAT = 1.5  # API computed time, NYPD file / 1,000 incidents
ISSUE_RATIO = 6.1  # what issue 15 measured before daily counts
SMALL_LABEL = f"{nypd.SYNTHETIC_INCIDENTS:,} synthetic incidents"


def month_ends(first_year: int, last_year: int) -> list[str]:
    return [
        datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
        for year in range(first_year, last_year + 1)
        for month in range(1, 13)
    ]


def pick_dates(count: int) -> tuple[list[str], list[str]]:
    """(warm-up dates, `count` timed dates): month ends (dates anyone may ask) from
    2007, so that every comparison year has records; none twice."""
    days = month_ends(2007, nypd.NYPD_COMPLETE_THROUGH.year)
    days = [day for day in days if day not in CHECKED_APART]
    chosen = random.Random(15).sample(days, min(len(days), count + WARM_DATES))
    return chosen[:WARM_DATES], chosen[WARM_DATES:]


def write_metadata(folder: Path, database: str) -> Path:
    """Datasette's metadata file: the canned query `ytd` of `database`."""
    metadata = {
        "databases": {
            database: {
                "queries": {"ytd": {"sql": QUERY.read_text(), "title": "Year to date"}}
            }
        }
    }
    path = folder / "metadata.json"
    path.write_text(json.dumps(metadata, indent=2))
    return path


class Datasette(Process):
    """`datasette serve FILE`, read-only, with the metadata file's canned query."""

    def __init__(self, database: Path, metadata: Path):
        port = free_port()
        command = [str(DATASETTE), "serve", str(database), "-m", str(metadata)]
        command += ["-h", "127.0.0.1", "-p", str(port)]
        env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "")}
        super().__init__(command, port, env, "Datasette")
        self.ytd = f"{self.url}/{database.stem}/ytd.json?_shape=array&as_of="


def fetch(url: str) -> tuple[float, dict | list]:
    """(ms from asking to the last byte, the JSON answer); a new connection each."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url}: {error.code} {error.read()[:500]!r}") from None
    return (time.perf_counter() - start) * 1000, json.loads(body)


def product_figures(answer: dict) -> dict:
    """{window: {metric: count}} of the product's `/api/ytd.json` answer."""
    return {
        window: {key: answer["metrics"][key][window] for key in METRICS}
        for window in ("current", "previous")
    }


def datasette_figures(rows: list[dict]) -> dict:
    """{window: {metric: count}} of the canned query's rows."""
    return {row["name"]: {key: row[key] for key in METRICS} for row in rows}


def _urls(ours: Server, theirs: Datasette, day: str) -> tuple[str, str]:
    return f"{ours.url}/api/ytd.json?as_of={day}", theirs.ytd + day


def alternate(ours: Server, theirs: Datasette, days: list[str]) -> dict:
    """Each date asked of both in turn, who goes first alternating: times, answers."""
    times: dict[str, list[float]] = {"ours": [], "datasette": []}
    answers = []
    for number, day in enumerate(days):
        ours_url, their_url = _urls(ours, theirs, day)
        turns = [("ours", ours_url), ("datasette", their_url)]
        got = {}
        for who, url in turns if number % 2 == 0 else turns[::-1]:
            ms, got[who] = fetch(url)
            times[who].append(ms)
        answers.append((day, got["ours"], got["datasette"]))
    return {"times": times, "answers": answers}


def mismatches(answers: list[tuple[str, dict, list]]) -> list[str]:
    """Every figure on which Datasette's answer differs from the product's, in words."""
    found = []
    for day, ours, theirs in answers:
        mine, peer = product_figures(ours), datasette_figures(theirs)
        for window, figures in mine.items():
            for key, value in figures.items():
                other = peer.get(window, {}).get(key, "missing")
                if value != other:
                    found.append(
                        f"{day} {window} {key}: ours {value}, Datasette {other}"
                    )
    return found


def _checked_apart(ours: Server, theirs: Datasette) -> list[tuple[str, dict, list]]:
    return [
        (day, fetch(mine)[1], fetch(peer)[1])
        for day in CHECKED_APART
        for mine, peer in [_urls(ours, theirs, day)]
    ]


def side_by_side(env: dict, database: Path, folder: Path) -> dict:
    """Both servers on `database`: medians, their ratio and the figures checked."""
    warm_days, days = pick_dates(DATES)
    metadata = write_metadata(folder, database.stem)
    product_env = {**env, "DATABASE_URL": f"sqlite:///{database}"}
    # One process each: a single gunicorn worker.
    with (
        Server(product_env, workers=1) as ours,
        Datasette(database, metadata) as theirs,
    ):
        alternate(ours, theirs, warm_days)
        measured = alternate(ours, theirs, days)
        answers = measured["answers"] + _checked_apart(ours, theirs)
    ours_ms = statistics.median(measured["times"]["ours"])
    datasette_ms = statistics.median(measured["times"]["datasette"])
    return {
        "datasette": _datasette_version(),
        "dates": len(days),
        "first_date": min(days),
        "last_date": max(days),
        "ours_ms": round(ours_ms, 2),
        "datasette_ms": round(datasette_ms, 2),
        "ours_over_datasette": round(ours_ms / datasette_ms, 2),
        "checked_dates": len(answers),
        "mismatches": mismatches(answers),
    }


def _datasette_version() -> str:
    out = subprocess.run(
        [str(DATASETTE), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return out.strip().split()[-1]


def measure(env: dict, runs: int) -> dict:
    """The NYPD file and 1,000 synthetic incidents in SQLite files of their own: the
    API's computed time on each, and the side-by-side on the NYPD file."""
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as name:
        folder = Path(name)
        paths = {kind: folder / f"{kind}.sqlite3" for kind in nypd.KINDS}
        files = {kind: nypd.build(kind, path, env) for kind, path in paths.items()}
        # A request of a few milliseconds: four times the runs, so that one pause of the
        # machine cannot move a median.
        for kind, figures in nypd.time_api(paths, env, 4 * runs).items():
            files[kind]["api_ytd"] = figures
        print("  NYPD file and 1,000 incidents loaded into SQLite files")
        if not DATASETTE.exists():
            peer = {
                "skipped": f"no Datasette at {DATASETTE} (make bench installs "
                "bench/requirements.txt into .venv-bench)"
            }
        else:
            peer = side_by_side(env, folder / "nypd.sqlite3", folder)
            print("  side by side with Datasette measured")
    return {"files": files, "side_by_side": peer}


def _print_side_by_side(peer: dict, engine: str) -> list[tuple[bool, str]]:
    print()
    print("Side by side: /api/ytd.json against Datasette on the same SQLite file")
    if skipped := peer.get("skipped"):
        print(f"  skipped: {skipped}")
        return []
    if engine != "SQLite":
        print(
            f"  (on SQLite although this run is on {engine}: Datasette serves SQLite only)"
        )
    print(
        f"  {peer['dates']} as-of dates (month ends, {peer['first_date']} to "
        f"{peer['last_date']}), each once, in turn; one process each on 127.0.0.1: "
        f"gunicorn, 1 worker, DEBUG off / Datasette {peer['datasette']}, read-only, "
        "one canned query; client time, a new connection per request"
    )
    ratio = peer["ours_over_datasette"]
    print(f"  {'median ms, ours':<28}{peer['ours_ms']:>8.1f}")
    print(f"  {'median ms, Datasette':<28}{peer['datasette_ms']:>8.1f}")
    print(f"  {'ours / Datasette':<28}{ratio:>8.2f}")
    wrong = peer["mismatches"]
    if wrong:
        print(f"  !!! MISMATCH: Datasette's figures differ from ours on {len(wrong)}:")
        for line in wrong[:20]:
            print(f"  !!!   {line}")
    else:
        print(f"  figures equal on all {peer['checked_dates']} dates checked")
    return [
        (
            ratio <= TARGET,
            f"ours / Datasette on /api/ytd.json <= {TARGET} ({ratio:.2f})",
        ),
        (not wrong, f"Datasette's figures equal ours ({len(wrong)} differences)"),
    ]


def print_peer(results: dict, engine: str) -> list[tuple[bool, str]]:
    """The NYPD file's figures and the side-by-side; (met, target in words) rows."""
    files = results["files"]
    small, real = files["synthetic"], files["nypd"]
    ratio = round(real["api_ytd"]["computed_ms"] / small["api_ytd"]["computed_ms"], 2)
    results["api_ytd_nypd_over_small"] = ratio
    print()
    print(
        f"NYPD file on SQLite: {real['victims']:,} victims in {real['incidents']:,} "
        f"incidents, imported in {real['import_seconds']} s. /api/ytd.json computed, "
        "in-process (as Pages), ms:"
    )
    print(f"  {SMALL_LABEL:<28}{small['api_ytd']['computed_ms']:>8.1f}")
    print(f"  {'NYPD file':<28}{real['api_ytd']['computed_ms']:>8.1f}")
    print(f"  {'NYPD / 1,000':<28}{ratio:>8.2f}  (issue 15 measured {ISSUE_RATIO})")
    rows = [
        (
            ratio <= FLAT,
            f"API ytd.json computed, NYPD file / 1,000 incidents (SQLite) <= {FLAT} "
            f"({ratio:.2f})",
        )
    ]
    return rows + _print_side_by_side(results["side_by_side"], engine)
