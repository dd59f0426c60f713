"""The public summary under load, served by gunicorn (2 workers) on 127.0.0.1, against a
static file of the same size served by the same stack (whitenoise): the ceiling.

The load generator is wrk (Debian package `wrk`): a fixed duration, a fixed number of
connections, a timeout per request. bench/weight.py weighs pages on the same kind of
server (`Server`), and bench/peer.py starts Datasette as a `Process` too.
"""

import re
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_COPY = "bench/summary-copy.html"
WARM_PARALLEL = 4  # requests at once while warming: twice the workers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A server process on 127.0.0.1:`port`, ready once its port answers; stopped on
    exit. Output is dropped."""

    def __init__(self, command: list[str], port: int, env: dict, name: str):
        self.port, self.name = port, name
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"{self.name} did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait()


class Server(Process):
    """gunicorn with 2 sync workers, as in production."""

    def __init__(self, env: dict, workers: int = 2):
        port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "-b", f"127.0.0.1:{port}", "-w", str(workers)]
        command += ["--timeout", "300", "binghamton_safety.wsgi"]
        super().__init__(command, port, env, "gunicorn")


def warm(url: str, rounds_needed: int = 10, limit_seconds: float = 600) -> None:
    """Ask until `rounds_needed` rounds in a row come from the cache: every worker has
    computed the page once. Each round asks several times at once, so that every worker
    gets a request (one at a time, the same worker may answer them all)."""

    def cache_status(_) -> str | None:
        with urllib.request.urlopen(url, timeout=limit_seconds) as response:
            return response.headers.get("X-Cache")

    deadline = time.monotonic() + limit_seconds
    streak = 0
    with ThreadPoolExecutor(WARM_PARALLEL) as pool:
        while streak < rounds_needed and time.monotonic() < deadline:
            answers = list(pool.map(cache_status, range(WARM_PARALLEL)))
            streak = streak + 1 if all(a == "hit" for a in answers) else 0


def wrk(url: str, seconds: int = 10, connections: int = 8) -> dict:
    """Load `url` for `seconds` from `connections` connections: rate, latency, errors."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    out = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    return {
        **_wrk_figures(out),
        "seconds": seconds,
        "connections": connections,
    }


def _wrk_figures(out: str) -> dict:
    """Requests, rate, median and 99th-percentile latency and errors, from wrk's report."""

    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, out)
        return float(match[1]) if match else default

    def ms(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        if not match:
            return float("nan")
        return float(match[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]

    socket_line = re.search(r"Socket errors: (.*)", out)
    socket_errors = (
        sum(int(n) for n in re.findall(r"\d+", socket_line[1])) if socket_line else 0
    )
    return {
        "requests": int(number(r"(\d+) requests in")),
        "requests_per_second": round(number(r"Requests/sec:\s+([\d.]+)")),
        "p50_ms": round(ms("50%"), 2),
        "p99_ms": round(ms("99%"), 2),
        "errors": int(number(r"Non-2xx or 3xx responses: (\d+)")) + socket_errors,
    }


def under_load(env: dict, static_root: Path, page_html: bytes) -> dict:
    copy = static_root / STATIC_COPY
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(page_html)  # before start: whitenoise indexes files at start
    try:
        with Server(env) as server:
            warm(f"{server.url}/")
            page = wrk(f"{server.url}/")
            static = wrk(f"{server.url}/static/{STATIC_COPY}")
    finally:
        copy.unlink(missing_ok=True)
    return {"page_bytes": len(page_html), "page": page, "static": static}
