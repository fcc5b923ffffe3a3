"""What every benchmark shares: the figure line, the load average, servers
on 127.0.0.1 and side-by-side timing.

Every script in bench/ prints its figures through ``figure()``, one line each:

    NAME VALUE TARGET ok|over

so that ``scripts/bench`` can gather them into one table. A figure is a ratio
or a CPU time measured side by side with its baseline in the same run
(interleaved rounds, the minimum and the median of three), never a wall-clock
time compared with a number measured on another day: the machine a figure is
measured on changes, a ratio to a baseline measured beside it much less.
"""
from __future__ import annotations

import base64
import contextlib
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
ROUNDS = 3

# Every figure printed in this process (scripts/bench reads the lines from stdout).
PRINTED: list[tuple[str, str, str, bool]] = []


def figure(name: str, value: float, target: float, *, unit: str = "", higher_is_better: bool = False,
           digits: int = 2) -> bool:
    """Print one figure line, ``NAME VALUE TARGET ok|over``; True when it meets its target.

    ``target`` is a ceiling (``VALUE <= TARGET``) unless ``higher_is_better``
    (then a floor, printed with ``>=``)."""
    ok = value >= target if higher_is_better else value <= target
    shown = f"{value:.{digits}f}{unit}"
    wanted = f"{'>=' if higher_is_better else '<='}{target:g}{unit}"
    PRINTED.append((name, shown, wanted, ok))
    print(f"{name} {shown} {wanted} {'ok' if ok else 'over'}", flush=True)
    return ok


def check(name: str, ok: bool, detail: str = "") -> bool:
    """A yes/no figure (e.g. "static assets immutable"): VALUE is the detail."""
    PRINTED.append((name, detail or str(ok).lower(), "yes", ok))
    print(f"{name} {detail or ('yes' if ok else 'no')} yes {'ok' if ok else 'over'}", flush=True)
    return ok


def note(text: str) -> None:
    """A line that is not a figure (context for a reader), prefixed with '#'."""
    print(f"# {text}", flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def min_and_median(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def side_by_side(measures: dict[str, Callable[[], float]], rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Run each measure once per round, interleaved (a, b, a, b, ...), so that
    a change in the machine's load falls on all of them alike."""
    results: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, measure in measures.items():
            results[name].append(measure())
    return results


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def production_keys() -> dict[str, str]:
    """The keys a production start requires (config.require_shared_secrets),
    new for each run: a benchmark's data means nothing after it."""
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    return {
        "SECRET_KEY": secrets.token_hex(32),
        "ENCRYPTION_KEYS": key,
        "SEARCH_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "WEBFORM_ENV": "production",
    }


class Server:
    """A gunicorn (sync workers) serving wsgi:app on 127.0.0.1, with the
    embedded default storage under ``folder`` unless ``env`` says otherwise."""

    def __init__(self, folder: Path, env: dict[str, str] | None = None, workers: int = 2,
                 keys: dict[str, str] | None = None):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            **(keys or production_keys()),
            "WEBFORM_INSTANCE_PATH": str(folder / "instance"),
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
            **(env or {}),
        }
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def migrate(self) -> None:
        subprocess.run([PYTHON, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=self.env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self, timeout: float = 30) -> "Server":
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=open(self.folder / "gunicorn.log", "ab"),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.url}/accessibility", timeout=2).read()
                if len(self.worker_pids()) >= self.workers:
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url}: see {self.folder / 'gunicorn.log'}")

    def worker_pids(self) -> list[int]:
        return children_of(self.process.pid) if self.process else []

    def cpu(self) -> float:
        """CPU seconds of the workers so far (what the requests cost the server)."""
        return sum(process_cpu(pid) for pid in self.worker_pids())

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def served(env: dict[str, str] | None = None, workers: int = 2, folder: Path | None = None,
           keys: dict[str, str] | None = None) -> Iterator[Server]:
    """A migrated, started gunicorn for the length of a ``with`` block."""
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        server = Server(folder, env, workers, keys)
        server.migrate()
        stack.callback(server.stop)
        yield server.start()
