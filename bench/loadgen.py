"""Load from a second process against a real server: gunicorn with two workers, loaded by
wrk (or, without wrk, a Python thread pool doing the same), on loopback.

Shared by the benchmarks that measure pages through a server rather than in-process.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from throwaway import ROOT

HOST = "127.0.0.1"
WRK = shutil.which("wrk")
DURATION = 10
# Keep database connections between requests, as a production set-up would.
CONN_MAX_AGE = os.environ.get("PLATSKRAFT_CONN_MAX_AGE", "60")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "PLATSKRAFT_DEBUG": "0",
            "PLATSKRAFT_ALLOWED_HOSTS": f"{HOST},localhost",
            "PLATSKRAFT_LOG_LEVEL": "ERROR",
            "PLATSKRAFT_CONN_MAX_AGE": CONN_MAX_AGE,
        }
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [
                sys.executable,
                "-m",
                "gunicorn",
                "platskraft.wsgi",
                "-w",
                "2",
                "-b",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(self.port, "/")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def fetch(port: int, path: str, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        if own:
            conn.close()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * UNITS[unit]


def load_wrk(port: int, path: str) -> dict[str, float]:
    out = subprocess.run(  # noqa: S603 - our own fixed command line
        [WRK, "-t2", "-c4", f"-d{DURATION}s", "--latency", f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"{path}: error responses under load\n{out}")
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise SystemExit(f"{path}: wrk measured no latencies\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(percentiles["50"]),
        "p99_ms": _ms(percentiles["99"]),
    }


def load_python(port: int, path: str) -> dict[str, float]:
    """Four connections for DURATION seconds, like wrk -c4 (slower client, same idea)."""
    laps: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + DURATION

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            started = time.perf_counter()
            status, _ = fetch(port, path, conn)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            laps.extend(mine)

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(worker) for _ in range(4)]:
            future.result()
    elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(laps, n=100)
    return {
        "rps": len(laps) / elapsed,
        "p50_ms": quantiles[49] * 1000,
        "p99_ms": quantiles[98] * 1000,
    }


def load(port: int, path: str) -> dict[str, float]:
    return (load_wrk if WRK else load_python)(port, path)


def generator() -> str:
    return "wrk" if WRK else "python-threads"


def machine_stalls(seconds: float = 5.0) -> dict[str, float]:
    """How much of the wall clock a busy process gets here, and how often it is held up.

    A loop reads the clock for `seconds`; every gap longer than 20 ms between two reads is
    time the process was not running (another process, or the host not running this
    virtual machine). On an idle machine the share is near 1 and gaps over 100 ms are
    rare; a response time measured during a gap includes it, whatever the server does."""
    gaps: list[float] = []
    started = previous = time.perf_counter()
    end = started + seconds
    while previous < end:
        now = time.perf_counter()
        if now - previous > 0.02:
            gaps.append(now - previous)
        previous = now
    wall = previous - started
    return {
        "cpu_share": 1 - sum(gaps) / wall,
        "stalls_over_100ms_per_min": sum(1 for g in gaps if g > 0.1) * 60 / wall,
        "longest_stall_ms": max(gaps, default=0.0) * 1000,
    }
