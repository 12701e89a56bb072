#!/usr/bin/env python3
"""Opens a province's HTML report (more entities than the detailed layout
shows) in headless Chromium and checks that it loads in time and stays
usable: a row per entity, a page of a hundred shown, search and paging
through the page's own link syntax, a distribution chart per rule.

    python3 tests/browser/check_province_html.py REPORT.html SCREENSHOT.png ENTITIES MAX_SECONDS

MAX_SECONDS bounds loading the page and running its script (generous: a
CI machine is slower than a desk's).
"""
import os
import re
import sys
import tempfile
import time

from check_html import chromium


def dom(url):
    with tempfile.TemporaryDirectory() as profile:
        started = time.monotonic()
        text = chromium(["--dump-dom", url], profile).stdout
        return text, time.monotonic() - started


def visible_rows(page):
    rows = re.findall(r'<tr data-entity="([^"]*)"( hidden="")?>', page)
    return [name for name, hidden in rows if not hidden], len(rows)


def main(report, screenshot, entities, max_seconds):
    url = "file://" + os.path.abspath(report)
    source = open(report, encoding="utf-8").read()
    problems = []
    page, seconds = dom(url)
    if seconds > max_seconds:
        problems.append(f"loading took {seconds:.1f} s, more than {max_seconds} s")
    if 'data-ready="1"' not in page:
        problems.append("the page's script did not run (body not marked ready)")
    shown, rows = visible_rows(page)
    if rows != entities:
        problems.append(f"{rows} entity rows for {entities} entities")
    if len(shown) != min(100, entities):
        problems.append(f"{len(shown)} rows shown, not a page of 100")
    if f"1–{min(100, entities)} " not in page:
        problems.append("the pager does not say which rows are shown")
    rules = source.count("<tr><td><code>")
    if rules == 0 or page.count('<svg class="dist"') != rules:
        problems.append("a rule's distribution chart is missing")
    if shown:
        # Searching for one entity shows it alone; page 2 the next hundred.
        name = shown[-1]
        found, _ = visible_rows(dom(url + "#q=" + name)[0])
        if found != [name]:
            problems.append(f"searching for {name} shows {found[:5]}")
        second, _ = visible_rows(dom(url + "#page=2")[0])
        if entities > 100 and (len(second) != min(100, entities - 100) or set(second) & set(shown)):
            problems.append("page 2 does not show the next rows")
    with tempfile.TemporaryDirectory() as profile:
        chromium([f"--screenshot={os.path.abspath(screenshot)}", url], profile)
    if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10_000:
        problems.append("the screenshot is missing or empty")
    for problem in problems:
        print(f"{report}: {problem}", file=sys.stderr)
    if problems:
        return 1
    size = os.path.getsize(report) / 1e6
    print(f"{report}: {rows} entities, {size:.1f} MB, loaded in {seconds:.1f} s, screenshot {screenshot}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
