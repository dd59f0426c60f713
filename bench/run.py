"""`make bench`: builds its own data, measures, prints a table, writes bench/results.json.

Runs against DATABASE_URL when it is set (use a throw-away database: the benchmark migrates
it and deletes incidents), else against a temporary SQLite file. Each time is the median of
several runs.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NYPD = (
    ROOT.parent
    / "shared/data/real/nypd_shooting/NYPD_Shooting_Incident_Data__Historic__2006-2022.csv"
)
RUNS = 3
PYTHON = sys.executable


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-only-not-secret")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = (
            f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.sqlite3"
        )
    return env


def manage(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def django_shell(env, code: str) -> str:
    return manage(env, "shell", "--no-imports", "-c", code).stdout.strip()


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_nypd_import(env) -> dict:
    rows = sum(1 for _ in NYPD.open(encoding="utf-8-sig")) - 1
    reset = "from incidents.models import Incident; Incident.objects.all().delete()"

    def run():
        django_shell(env, reset)
        started = time.perf_counter()
        manage(env, "import_incidents", str(NYPD), "--format", "nypd")
        run.seconds.append(time.perf_counter() - started)

    run.seconds = []
    for _ in range(RUNS):
        run()
    seconds = statistics.median(run.seconds)
    incidents = int(
        django_shell(
            env,
            "from incidents.models import Incident; print(Incident.objects.count())",
        )
    )
    return {
        "rows": rows,
        "incidents": incidents,
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_page_weight(env) -> dict:
    """Bytes over the wire (compressed, headers included) for a first and a return visit."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "binghamton_safety.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            page = browser.new_context().new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            received = {"bytes": 0, "requests": 0}

            def finished(event):
                received["bytes"] += int(event["encodedDataLength"])
                received["requests"] += 1

            cdp.on("Network.loadingFinished", finished)

            def visit() -> dict:
                received.update(bytes=0, requests=0)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="networkidle")
                return dict(received)

            first = visit()
            again = visit()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    return {
        "first_visit_bytes": first["bytes"],
        "first_visit_requests": first["requests"],
        "return_visit_bytes": again["bytes"],
        "return_visit_requests": again["requests"],
    }


def main() -> None:
    env = environment()
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"Benchmark on {engine} ({env['DATABASE_URL'].split('@')[-1]})")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    results: dict = {"database": engine}

    results["nypd_import"] = bench_nypd_import(env)
    manage(env, "load_sample_data")
    if shutil.which("/usr/bin/chromium"):
        results["page_weight"] = bench_page_weight(env)

    nypd = results["nypd_import"]
    rows = [
        ("NYPD import: rows", f"{nypd['rows']:,}"),
        ("NYPD import: incidents created", f"{nypd['incidents']:,}"),
        (f"NYPD import: seconds (median of {RUNS})", f"{nypd['seconds']:.2f}"),
        ("NYPD import: rows per second", f"{nypd['rows_per_second']:,}"),
    ]
    if "page_weight" in results:
        weight = results["page_weight"]
        rows += [
            (
                "/ first visit: bytes transferred",
                f"{weight['first_visit_bytes']:,} ({weight['first_visit_requests']} requests)",
            ),
            (
                "/ return visit: bytes transferred",
                f"{weight['return_visit_bytes']:,} ({weight['return_visit_requests']} requests)",
            ),
        ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
