"""Run every benchmark of bench/ and print one table: ``bash scripts/bench``.

    .venv/bin/python bench/runner.py [--quick] [NAME ...]

A benchmark is a bench/*.py with a top-level ``main()`` that prints its
figures through common.figure() or common.check(): it is found by reading
the file (nothing is imported, so a script that does not load cannot stop
the others), and may declare, as plain literals at module level:

    FIGURES = ["name", ...]        # the figures a full run prints
    QUICK_FIGURES = [...]          # those --quick prints (default: FIGURES)
    QUICK_SECONDS = 30             # its time budget with --quick
    FULL_SECONDS = 600             # and without

Each runs in a process group of its own (its gunicorn included), stopped at
its budget. The table lists every ``NAME VALUE TARGET ok|over`` line, a
declared figure that was never printed as ``NAME - - missing``, a script that
exited non-zero or ran over its budget as ``SCRIPT failed``, and the load
average at start and end. The exit status is 1 when anything is over,
missing or failed.
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common.py", "runner.py"}
PROTOCOL = {"figure", "check"}
QUICK_SECONDS = 30
FULL_SECONDS = 600
QUICK_TOTAL = 120  # what the whole --quick run should take, said at the end
FIGURE_LINE = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+) (?P<value>\S+) (?P<target>\S+) (?P<verdict>ok|over)$")


@dataclass
class Script:
    path: Path
    figures: list[str] = field(default_factory=list)
    quick_figures: list[str] | None = None
    quick_seconds: float = QUICK_SECONDS
    full_seconds: float = FULL_SECONDS

    @property
    def name(self) -> str:
        return self.path.stem

    def expected(self, quick: bool) -> list[str]:
        return (self.quick_figures if quick and self.quick_figures is not None else self.figures) or []

    def budget(self, quick: bool) -> float:
        return self.quick_seconds if quick else self.full_seconds


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    target: str
    ok: bool

    def line(self) -> str:
        return f"{self.name} {self.value} {self.target} {'ok' if self.ok else 'over'}"


@dataclass
class Outcome:
    script: Script
    figures: list[Figure]
    notes: list[str]
    failure: str | None  # why the script failed, None when it exited 0 in time
    seconds: float
    quick: bool = False

    @property
    def missing(self) -> list[str]:
        """Declared figures the script did not print."""
        printed = {f.name for f in self.figures}
        return [name for name in self.script.expected(self.quick) if name not in printed]


def _literal(node: ast.AST):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None  # not a plain literal: as if not declared


def read_script(path: Path) -> Script | None:
    """The benchmark in ``path``, or None when it is not one (no main(), or
    no figure()/check() imported from common)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    has_main = any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)
    uses_protocol = any(
        isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "common"
        and PROTOCOL & {alias.name for alias in node.names}
        for node in ast.walk(tree)
    )
    if not (has_main and uses_protocol):
        return None
    script = Script(path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, _literal(node.value)
            if name == "FIGURES" and isinstance(value, list):
                script.figures = [str(v) for v in value]
            elif name == "QUICK_FIGURES" and isinstance(value, list):
                script.quick_figures = [str(v) for v in value]
            elif name == "QUICK_SECONDS" and isinstance(value, (int, float)):
                script.quick_seconds = value
            elif name == "FULL_SECONDS" and isinstance(value, (int, float)):
                script.full_seconds = value
    return script


def discover(folder: Path = BENCH, names: list[str] | None = None) -> list[Script]:
    """The benchmarks in ``folder`` (all, or those named, with or without .py), by name."""
    wanted = {Path(n).stem for n in names or []}
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name in NOT_BENCHMARKS or (wanted and path.stem not in wanted):
            continue
        script = read_script(path)
        if script is not None:
            found.append(script)
    unknown = wanted - {s.name for s in found}
    if unknown:
        raise SystemExit(f"not a benchmark in {folder}: {', '.join(sorted(unknown))}")
    return found


def parse(lines: list[str]) -> tuple[list[Figure], list[str]]:
    """The figure lines and the notes ('# ...') of a script's output; other lines are ignored."""
    figures, notes = [], []
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("#"):
            notes.append(line[1:].strip())
        elif match := FIGURE_LINE.match(line):
            figures.append(Figure(match["name"], match["value"], match["target"], match["verdict"] == "ok"))
    return figures, notes


def _stop(process: subprocess.Popen) -> None:
    """Stop the script's process group (its gunicorn too): TERM, then KILL."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def run(script: Script, quick: bool, echo=print) -> Outcome:
    """Run one script in its own process group within its budget, echoing its output."""
    command = [sys.executable, str(script.path), *(["--quick"] if quick else [])]
    budget = script.budget(quick)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=BENCH.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    timer = threading.Timer(budget, _stop, args=(process,))
    timer.start()
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            echo(f"  {script.name}: {line.rstrip()}")
        process.wait()
    finally:
        timer.cancel()
        if process.poll() is None:
            _stop(process)
    seconds = time.monotonic() - started
    failure = None
    if seconds >= budget and process.returncode != 0:
        failure = f"over its {budget:g} s budget"
    elif process.returncode != 0:
        failure = f"exit {process.returncode}"
    figures, notes = parse(lines)
    return Outcome(script, figures, notes, failure, seconds, quick)


def table(outcomes: list[Outcome], load_start: str, load_end: str, seconds: float, quick: bool) -> tuple[list[str], bool]:
    """The final table's lines and whether everything is ok."""
    rows: list[tuple[str, str, str, str]] = []
    failed: list[str] = []
    for outcome in outcomes:
        rows += [(f.name, f.value, f.target, "ok" if f.ok else "over") for f in outcome.figures]
        rows += [(name, "-", "-", "missing") for name in outcome.missing]
        if outcome.failure:
            failed.append(f"{outcome.script.name} failed ({outcome.failure})")
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    lines = [f"# {load_start} (start)"]
    lines += [f"{n:<{widths[0]}} {v:>{widths[1]}} {t:>{widths[2]}} {verdict}" for n, v, t, verdict in rows]
    lines += failed
    lines.append(f"# {load_end} (end)")
    bad = sum(1 for row in rows if row[3] != "ok")
    summary = (f"# {len(rows)} figures, {bad} not ok, {len(failed)} scripts failed, "
               f"{len(outcomes)} scripts in {seconds:.0f} s")
    if quick:
        summary += f" (the quick run aims at {QUICK_TOTAL} s)"
    lines.append(summary)
    return lines, bad == 0 and not failed


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each script's quick run (the whole aims at 2 minutes)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and their budgets, run nothing")
    parser.add_argument("names", nargs="*", help="only these scripts (e.g. applicants page_weight)")
    arguments = parser.parse_args(argv)
    scripts = discover(BENCH, arguments.names)
    if arguments.list:
        for script in scripts:
            print(f"{script.name} {script.budget(arguments.quick):g} s: {' '.join(script.expected(arguments.quick))}")
        return 0
    load_start = load_average()
    started = time.monotonic()
    outcomes = []
    for script in scripts:
        print(f"== {script.name} (budget {script.budget(arguments.quick):g} s)", flush=True)
        outcomes.append(run(script, arguments.quick, echo=lambda line: print(line, flush=True)))
    lines, ok = table(outcomes, load_start, load_average(), time.monotonic() - started, arguments.quick)
    print("\n== bench table", *lines, sep="\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
