"""The audit report for accessibility auditors, in one command:

    bash scripts/audit            # writes audit-report/report.html and report.json

For every page the application can show (the same list as the axe suite,
derived from the questionnaire) and every language: axe-core's results by rule
and by WCAG success criterion, the Nu Html Checker's verdict on the page as the
browser built it, and screenshots at 320 px and 1280 px wide; and every WCAG 2.2
success criterion with its checks and result (a11y_tests/wcag_criteria.md, copied
next to the report), the axe results of this run merged in.
"""
from __future__ import annotations

import argparse
import base64
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from axe_selenium_python import Axe  # noqa: E402

from a11y_tests import wcag_criteria  # noqa: E402
from a11y_tests.conftest import LiveServer, start_browser  # noqa: E402
from a11y_tests.pages import visit_every_page  # noqa: E402
from a11y_tests.test_axe import AXE_SCRIPT, OPTIONS  # noqa: E402
from a11y_tests.test_browser_walkthrough import set_viewport  # noqa: E402
from a11y_tests.test_html_validity import VNU  # noqa: E402

FULL_RESULTS = json.dumps({**json.loads(OPTIONS), "resultTypes": ["violations", "incomplete"]})


criteria = wcag_criteria.criteria_of


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def full_page_screenshot(browser, path: Path) -> None:
    """The whole page, not only the viewport (Chromium's DevTools protocol)."""
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    width = max(size["width"], browser.execute_script("return window.innerWidth"))  # with the scroll bar
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
    })
    path.write_bytes(base64.b64decode(shot["data"]))


def audit_page(browser, language: str, name: str, folder: Path) -> dict:
    axe = Axe(browser, script_url=str(AXE_SCRIPT))
    axe.inject()
    results = axe.run(options=FULL_RESULTS)
    by_criterion: dict[str, dict[str, int]] = {}
    for kind in ("violations", "passes", "incomplete"):
        for rule in results.get(kind, []):
            for criterion in criteria(rule["tags"]):
                counts = by_criterion.setdefault(criterion, {"violations": 0, "passes": 0, "incomplete": 0})
                counts[kind] += 1
    base = f"{language}-{slug(name)}"
    # The page as the browser built it (Selenium leaves out the doctype).
    (folder / "html" / f"{base}.html").write_text("<!DOCTYPE html>\n" + browser.page_source, encoding="utf-8")
    shots = {}
    for width, height in ((320, 640), (1280, 1024)):
        set_viewport(browser, width, height)
        path = folder / "screenshots" / f"{base}-{width}.png"
        full_page_screenshot(browser, path)
        shots[str(width)] = path.relative_to(folder).as_posix()
    set_viewport(browser, 1280, 1024)
    rule = lambda r: {  # noqa: E731
        "rule": r["id"], "impact": r.get("impact"), "help": r["help"], "wcag": criteria(r["tags"]),
        "tags": r["tags"], "nodes": [n["target"] for n in r["nodes"]][:10],
    }
    return {
        "language": language,
        "page": name,
        "url": browser.current_url.split("//", 1)[-1].split("/", 1)[-1],
        "title": browser.title,
        "axe": {
            "violations": [rule(r) for r in results["violations"]],
            "incomplete": [rule(r) for r in results.get("incomplete", [])],
            "passes": len(results.get("passes", [])),
            "by_criterion": dict(sorted(by_criterion.items(), key=lambda kv: [int(p) for p in kv[0].split(".")])),
            "engine": results["testEngine"]["version"],
        },
        "html_file": f"html/{base}.html",
        "screenshots": shots,
    }


def check_html(folder: Path) -> dict[str, list[str]]:
    """One Nu Html Checker call on every saved page: errors by file."""
    java = shutil.which("java")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", str(folder / "html")],
        capture_output=True, text=True, timeout=600,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr or "{}").get("messages", []):
        if message.get("type") == "error":
            name = message["url"].rsplit("/", 1)[-1]
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message['message']}")
    return errors


def _rule_items(rules: list[dict]) -> str:
    e = html.escape
    return "".join(
        f"<li>{e(r['rule'])} ({e(str(r['impact']))}; WCAG {e(', '.join(r['wcag']) or '–')}): {e(r['help'])}</li>"
        for r in rules
    )


def _criterion_table(page: dict, anchor: str) -> str:
    """One page's axe results by WCAG success criterion."""
    e = html.escape
    rows = "".join(
        f"<tr><th scope=\"row\">{e(criterion)}</th><td>{counts['violations']}</td>"
        f"<td>{counts['incomplete']}</td><td>{counts['passes']}</td></tr>"
        for criterion, counts in page["axe"]["by_criterion"].items()
    )
    return (
        f"<section aria-labelledby=\"{anchor}-title\"><h2 id=\"{anchor}-title\">{e(page['page'])} – {page['language']}</h2>"
        f"<table id=\"{anchor}\"><caption>axe rules by WCAG success criterion: {e(page['page'])}, {page['language']}</caption>"
        "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Rules violated</th>"
        "<th scope=\"col\">Rules to review by hand</th><th scope=\"col\">Rules passed</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


CRITERIA_DOCUMENT = "wcag-criteria.md"


def _criteria_section(rows_of_criteria: list[dict]) -> str:
    """Every WCAG 2.2 criterion: the criteria file's checks and result, and axe's in this run."""
    e = html.escape
    rows = []
    for c in rows_of_criteria:
        axe = c["axe"]
        in_run = "–" if axe["result"] is None else (
            f"{axe['result']} ({axe['pages_with_violations']} pages with violations, "
            f"{axe['pages_to_review']} with items to review)"
        )
        checks = "".join(f"<li>{e(check)}</li>" for check in c["checks"])
        rows.append(
            f"<tr><th scope=\"row\">{e(c['number'])} {e(c['name'])}</th><td>{c['level']}</td>"
            f"<td>{'yes' if c['applies'] else 'no'}</td><td>{f'<ul>{checks}</ul>' if checks else '–'}</td>"
            f"<td>{e(c['result'])}</td><td>{e(in_run)}</td><td>{e(c['note'])}</td></tr>"
        )
    return (
        "<section aria-labelledby=\"wcag-criteria-title\"><h2 id=\"wcag-criteria-title\">WCAG 2.2 success criteria</h2>"
        f"<p>Every success criterion, levels A to AAA: whether it applies, how it is checked and the result, from "
        f"<a href=\"{CRITERIA_DOCUMENT}\">the criteria document</a> (a11y_tests/wcag_criteria.md). For criteria axe "
        "checks, “axe in this run” gives this run's result: pass when no page had a violation of their rules.</p>"
        "<table id=\"wcag-criteria\"><caption>WCAG 2.2 success criteria, their checks and results</caption>"
        "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">Level</th><th scope=\"col\">Applies</th>"
        "<th scope=\"col\">How it is checked</th><th scope=\"col\">Result</th><th scope=\"col\">axe in this run</th>"
        f"<th scope=\"col\">Note</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def write_html_report(report: dict, folder: Path) -> None:
    e = html.escape
    rows, sections = [], []
    for page in report["pages"]:
        anchor = f"criteria-{page['language']}-{slug(page['page'])}"
        violations, incomplete = page["axe"]["violations"], page["axe"]["incomplete"]
        details, review = _rule_items(violations), _rule_items(incomplete)
        html_errors = page["html"]["errors"]
        rows.append(
            f"<tr><td lang=\"{page['language']}\">{e(page['title'])}</td><td>{e(page['page'])}</td>"
            f"<td>{page['language']}</td><td>{len(violations)}{f'<ul>{details}</ul>' if details else ''}</td>"
            f"<td>{len(incomplete)}{f'<ul>{review}</ul>' if review else ''}</td><td>{page['axe']['passes']}</td>"
            f"<td>{'valid' if not html_errors else e(str(len(html_errors)) + ' errors: ' + '; '.join(html_errors[:3]))}</td>"
            f"<td><a href=\"#{anchor}\">By criterion<span class=\"vh\"> – {e(page['page'])}, {page['language']}</span></a></td>"
            f"<td><a href=\"{page['screenshots']['320']}\">320 px<span class=\"vh\"> – {e(page['page'])}, {page['language']}</span></a>, "
            f"<a href=\"{page['screenshots']['1280']}\">1280 px<span class=\"vh\"> – {e(page['page'])}, {page['language']}</span></a></td></tr>"
        )
        sections.append(_criterion_table(page, anchor))
    summary = report["summary"]
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accessibility audit report – {e(report['generated_at'])}</title>
<style>body{{font-family:system-ui,sans-serif;line-height:1.5;margin:1rem;color:#0b0c0c}}table{{border-collapse:collapse}}
th,td{{border:1px solid #505a5f;padding:.3rem .5rem;vertical-align:top;text-align:left}}
a{{color:#0b3f75}}a:focus{{background:#fd0;color:#0b0c0c;outline:3px solid #0b0c0c}}
.vh{{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}}</style></head>
<body><main>
<h1>Accessibility audit report</h1>
<p>Generated {e(report['generated_at'])} with axe-core {e(report['tools']['axe-core'])}, the Nu Html Checker
(vnu-jar {e(report['tools']['vnu'])}) and Chromium {e(report['tools']['chromium'])}.
Rules: WCAG 2.0, 2.1 and 2.2, levels A, AA and AAA, and best practices.
Screenshots show the whole page, at 320 and 1280 CSS pixels wide.</p>
<p>{summary['pages']} page views in {', '.join(summary['languages'])}: {summary['axe_violations']} axe violations,
{summary['axe_incomplete']} items for manual review, {summary['html_errors']} HTML errors.
The full results, by rule and by WCAG success criterion, are in <a href="report.json">report.json</a>.
How every WCAG 2.2 criterion is checked, axe or not: <a href="#wcag-criteria">the criteria table</a> below and
<a href="{CRITERIA_DOCUMENT}">the criteria document</a>.</p>
<table><caption>Results by page and language</caption>
<thead><tr><th scope="col">Title</th><th scope="col">Page</th><th scope="col">Language</th><th scope="col">axe violations</th>
<th scope="col">To review by hand</th><th scope="col">axe rules passed</th><th scope="col">HTML</th>
<th scope="col">WCAG criteria</th><th scope="col">Screenshots</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
{_criteria_section(report['criteria']) if report.get('criteria') else ''}
{''.join(sections)}
</main></body></html>
"""
    (folder / "report.html").write_text(document, encoding="utf-8")


def run_audit(out: Path, languages: list[str], limit: int | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("html", "screenshots"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir()
    pages: list[dict] = []
    with tempfile.TemporaryDirectory() as temporary:
        os.environ["WEBFORM_INSTANCE_PATH"] = str(Path(temporary) / "instance")
        browser = start_browser()
        try:
            set_viewport(browser, 1280, 1024)
            chromium = browser.capabilities.get("browserVersion", "?")
            for language in languages:
                (Path(temporary) / language).mkdir()
                live = LiveServer(Path(temporary) / language)
                try:
                    for name in itertools.islice(visit_every_page(browser, live, language), limit):
                        pages.append(audit_page(browser, language, name, out))
                finally:
                    live.stop()
        finally:
            browser.quit()
    html_errors = check_html(out)
    for page in pages:
        page["html"] = {"errors": html_errors.get(Path(page["html_file"]).name, [])}
    vnu_version = json.loads((ROOT / "node_modules" / "vnu-jar" / "package.json").read_text())["version"]
    report = {
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "tools": {"axe-core": pages[0]["axe"]["engine"] if pages else "?", "vnu": vnu_version, "chromium": chromium},
        "summary": {
            "pages": len(pages),
            "languages": languages,
            "axe_violations": sum(len(p["axe"]["violations"]) for p in pages),
            "axe_incomplete": sum(len(p["axe"]["incomplete"]) for p in pages),
            "html_errors": sum(len(p["html"]["errors"]) for p in pages),
        },
        "pages": pages,
        "criteria": wcag_criteria.with_axe_results(pages),
    }
    shutil.copy(ROOT / "a11y_tests" / "wcag_criteria.md", out / CRITERIA_DOCUMENT)
    (out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    write_html_report(report, out)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "audit-report")
    parser.add_argument("--languages", nargs="+", default=["fr", "nl", "de"])
    parser.add_argument("--limit", type=int, default=None, help="pages per language (for a quick look)")
    arguments = parser.parse_args()
    report = run_audit(arguments.out, arguments.languages, arguments.limit)
    summary = report["summary"]
    print(
        f"audit: {summary['pages']} pages × languages, {summary['axe_violations']} axe violations, "
        f"{summary['axe_incomplete']} to review by hand, {summary['html_errors']} HTML errors"
    )
    by_axe = [c for c in report["criteria"] if c["axe"]["result"]]
    print(
        f"WCAG 2.2: {len(report['criteria'])} criteria, {len(by_axe)} checked by axe in this run, "
        f"{sum(c['axe']['result'] == 'fail' for c in by_axe)} of them failed"
    )
    print(f"report: {arguments.out / 'report.html'} and {arguments.out / 'report.json'}")


if __name__ == "__main__":
    main()
