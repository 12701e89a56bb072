#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium, checks the rendered DOM and
takes a screenshot.

    python3 tests/browser/check_html.py REPORT.html SCREENSHOT.png

The DOM check runs after the page's script: the body must be marked ready,
every status tile and every result row must be present, flow targets must
carry their quarterly chart, and the page must not reference anything
outside itself.
"""
import os
import re
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("CHROMIUM", "chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1300,1600",
]


def chromium(args, profile):
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        check=True, capture_output=True, text=True, timeout=120,
    )


def main(report, screenshot):
    url = "file://" + os.path.abspath(report)
    source = open(report, encoding="utf-8").read()
    problems = []
    if re.search(r'(src|href)\s*=\s*"(https?:)?//', source):
        problems.append("the page references an external resource")
    with tempfile.TemporaryDirectory() as profile:
        dom = chromium(["--dump-dom", url], profile).stdout
    with tempfile.TemporaryDirectory() as profile:
        chromium([f"--screenshot={os.path.abspath(screenshot)}", url], profile)

    if 'data-ready="1"' not in dom:
        problems.append("the page's script did not run (body not marked ready)")
    tiles = re.findall(r'<div class="tile (\w+)" data-status="\w+"><span class="n">(\d+)</span>', dom)
    if len(tiles) != 6:
        problems.append(f"expected 6 status tiles, found {len(tiles)}")
    rows = re.findall(r'<tr class="\w+" data-status="(\w+)"', dom)
    total = sum(int(n) for _, n in tiles)
    if len(rows) != total:
        problems.append(f"tiles count {total} results but the tables hold {len(rows)} rows")
    for status, n in tiles:
        if rows.count(status) != int(n):
            problems.append(f"tile {status} says {n}, the tables hold {rows.count(status)}")
    if "<svg" in source and dom.count('<svg class="chart"') != source.count('<svg class="chart"'):
        problems.append("charts were lost in rendering")
    # Filtering and sorting, driven through the page's own link syntax.
    with tempfile.TemporaryDirectory() as profile:
        view = chromium(["--dump-dom", url + "#status=fail,missing&sort=attainment"], profile).stdout
    shown = re.findall(r'<tr class="\w+" data-status="(\w+)"[^>]*data-attainment="([^"]*)"(?! hidden)>', view)
    hidden = re.findall(r'<tr class="\w+" data-status="(\w+)"[^>]*hidden', view)
    wanted = {"fail", "missing"}
    if any(status not in wanted for status, _ in shown) or any(status in wanted for status in hidden):
        problems.append("filtering by status shows the wrong rows")
    if len(shown) + len(hidden) != len(rows):
        problems.append("filtering lost rows")
    values = [float(a) if a else -1e9 for _, a in shown]
    if values != sorted(values):
        problems.append("sorting by attainment does not order the rows")
    if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10_000:
        problems.append("the screenshot is missing or empty")

    for problem in problems:
        print(f"{report}: {problem}", file=sys.stderr)
    if problems:
        return 1
    charts = dom.count('<svg class="chart"')
    print(f"{report}: {len(rows)} rows, {charts} charts, screenshot {screenshot}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
