"""The benchmark runner (bench/runner.py, behind scripts/bench): which files
it runs, how it reads their output, when it fails; and common.figure()'s
ceilings and floors. No server: the scripts run here are written by the test."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import applicants  # noqa: E402
import common  # noqa: E402
import runner  # noqa: E402


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return path


BENCHMARK = """\
    from common import figure, note

    FIGURES = ["a_ratio", "b_ms"]
    QUICK_FIGURES = ["a_ratio"]
    QUICK_SECONDS = 7

    def main():
        note("load average 0.1")
        figure("a_ratio", 0.5, 1)
"""


def test_discover_runs_only_scripts_with_main_that_print_figures(tmp_path):
    write(tmp_path, "common.py", "def figure(): pass\ndef main(): pass\n")
    write(tmp_path, "fast.py", BENCHMARK)
    write(tmp_path, "helper.py", "from common import figure\n")  # no main()
    write(tmp_path, "plain.py", "def main():\n    print('seconds: 1')\n")  # not the protocol
    write(tmp_path, "checks.py", "from bench.common import check\ndef main(): pass\n")

    found = {script.name: script for script in runner.discover(tmp_path)}

    assert sorted(found) == ["checks", "fast"]
    fast = found["fast"]
    assert fast.expected(quick=False) == ["a_ratio", "b_ms"]
    assert fast.expected(quick=True) == ["a_ratio"]
    assert fast.budget(quick=True) == 7 and fast.budget(quick=False) == runner.FULL_SECONDS
    assert found["checks"].expected(quick=True) == [] and found["checks"].budget(True) == runner.QUICK_SECONDS


def test_discover_by_name_and_refuses_an_unknown_name(tmp_path):
    write(tmp_path, "fast.py", BENCHMARK)
    write(tmp_path, "other.py", BENCHMARK)
    assert [s.name for s in runner.discover(tmp_path, ["fast.py"])] == ["fast"]
    with pytest.raises(SystemExit, match="nowhere"):
        runner.discover(tmp_path, ["nowhere"])


def test_a_figure_list_that_is_not_a_literal_is_ignored(tmp_path):
    write(tmp_path, "built.py", "from common import figure\nFIGURES = [f'x_{n}' for n in (1, 2)]\ndef main(): pass\n")
    (script,) = runner.discover(tmp_path)
    assert script.expected(quick=False) == []


def test_parse_reads_figure_lines_and_notes_and_skips_the_rest():
    figures, notes = runner.parse([
        "# load average 1.00 0.50 0.25 on 2 cores\n",
        "step_cpu_ms 5.20 <=6 ok\n",
        "throughput_ratio 0.30 >=0.45 over\n",
        "static_assets_immutable 0/14 yes over\n",
        "seconds per PDF: 1.04\n",  # a free line: not a figure
        "broken line ok\n",
    ])
    assert figures == [
        runner.Figure("step_cpu_ms", "5.20", "<=6", True),
        runner.Figure("throughput_ratio", "0.30", ">=0.45", False),
        runner.Figure("static_assets_immutable", "0/14", "yes", False),
    ]
    assert notes == ["load average 1.00 0.50 0.25 on 2 cores"]


def outcome(figures, failure=None, expected=("a",), quick=False):
    script = runner.Script(Path("x.py"), figures=list(expected))
    return runner.Outcome(script, figures, [], failure, 1.0, quick)


def test_table_is_ok_only_when_every_figure_is_ok():
    good = runner.Figure("a", "1", "<=2", True)
    lines, ok = runner.table([outcome([good])], "load start", "load end", 3, quick=True)
    assert ok
    assert lines[0] == "# load start (start)" and "# load end (end)" in lines
    assert any(line.split() == ["a", "1", "<=2", "ok"] for line in lines)

    over = runner.Figure("a", "3", "<=2", False)
    lines, ok = runner.table([outcome([over])], "s", "e", 3, quick=True)
    assert not ok and any(line.split() == ["a", "3", "<=2", "over"] for line in lines)


def test_table_fails_on_a_missing_figure_and_on_a_failed_script():
    lines, ok = runner.table([outcome([])], "s", "e", 3, quick=False)
    assert not ok and any(line.split() == ["a", "-", "-", "missing"] for line in lines)

    good = runner.Figure("a", "1", "<=2", True)
    lines, ok = runner.table([outcome([good], failure="exit 1")], "s", "e", 3, quick=False)
    assert not ok and "x failed (exit 1)" in lines


def test_run_gathers_a_script_s_figures_and_its_failure(tmp_path, monkeypatch):
    """A real process: its output read line by line, its exit status kept."""
    monkeypatch.setattr(runner, "BENCH", BENCH)
    path = write(tmp_path, "fails.py", """\
        import sys
        print("a_ratio 0.5 <=1 ok", flush=True)
        sys.exit(3)
    """)
    result = runner.run(runner.Script(path, figures=["a_ratio", "b_ms"]), quick=True, echo=lambda line: None)
    assert result.figures == [runner.Figure("a_ratio", "0.5", "<=1", True)]
    assert result.failure == "exit 3" and result.missing == ["b_ms"]


def test_run_stops_a_script_at_its_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BENCH", BENCH)
    path = write(tmp_path, "slow.py", "import time\nprint('# started', flush=True)\ntime.sleep(60)\n")
    result = runner.run(runner.Script(path, quick_seconds=1), quick=True, echo=lambda line: None)
    assert result.failure == "over its 1 s budget" and result.seconds < 30
    assert result.notes == ["started"]


@pytest.fixture
def printed(monkeypatch):
    monkeypatch.setattr(common, "PRINTED", [])
    return common.PRINTED


def test_figure_is_a_ceiling_by_default(printed, capsys):
    assert common.figure("step_cpu_ms", 5.0, 6)
    assert common.figure("step_cpu_ms", 6.0, 6)  # the target itself is met
    assert not common.figure("step_cpu_ms", 6.5, 6)
    assert capsys.readouterr().out.splitlines() == [
        "step_cpu_ms 5.00 <=6 ok", "step_cpu_ms 6.00 <=6 ok", "step_cpu_ms 6.50 <=6 over",
    ]
    assert [ok for *_, ok in printed] == [True, True, False]


def test_figure_higher_is_better_is_a_floor(capsys):
    assert common.figure("throughput_ratio", 0.5, 0.45, higher_is_better=True)
    assert not common.figure("throughput_ratio", 0.3, 0.45, higher_is_better=True)
    assert capsys.readouterr().out.splitlines() == ["throughput_ratio 0.50 >=0.45 ok", "throughput_ratio 0.30 >=0.45 over"]


def test_what_figure_and_check_print_the_runner_reads_back(capsys):
    common.figure("errors", 0, 0, digits=0)
    common.check("html_compressed", False, "0/3")
    common.note("load average")
    figures, notes = runner.parse(capsys.readouterr().out.splitlines())
    assert figures == [runner.Figure("errors", "0", "<=0", True), runner.Figure("html_compressed", "0/3", "yes", False)]
    assert notes == ["load average"]


def test_percentile_is_a_measured_value_of_nearest_rank():
    values = [float(n) for n in range(100, 0, -1)]  # 100 values, in any order
    assert applicants.percentile(values, 0.95) == 95.0
    assert applicants.percentile([3.0], 0.95) == 3.0
    assert applicants.percentile([], 0.95) == 0.0


def test_the_applicants_browser_reads_forms_and_errors_like_a_browser():
    page = applicants.Page("/application/address", 200, """
        <link rel="stylesheet" href="/static/css/main.css"><link rel="preconnect" href="/x">
        <form id="step-form" method="post" action="/application/address">
          <input type="hidden" name="csrf_token" value="a&amp;b"><input name="street" value="">
          <input type='hidden' name='answers_seen' value='123'>
        </form>
        <form class="start-form close-form" method="post" action="/close"><input type="hidden" name="csrf_token" value="t"></form>
        <img src="/static/pictograms/logo.svg" alt="">""")
    step = page.form("#step-form")
    assert step.attributes["action"] == "/application/address"
    assert step.hidden == {"csrf_token": "a&b", "answers_seen": "123"}
    assert page.form(".close-form").attributes["action"] == "/close"
    with pytest.raises(applicants.WalkError):
        page.form("#upload-form")
    assert page.assets() == ["/static/css/main.css", "/static/pictograms/logo.svg"]
    assert not page.has_errors()
    assert applicants.Page("/", 200, '<div class="error-summary" role="alert">').has_errors()
