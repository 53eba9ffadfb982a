"""Lighthouse scores of the main page types, against the archive served as `make run` serves it.

    .venv/bin/python -m bench.lighthouse            # prints a table; reports go to bench/lighthouse/reports/

Runs Lighthouse (npm, pinned in bench/lighthouse/package.json, installed here with `npm ci`)
with Debian's Chromium, mobile emulation (Lighthouse's default), one run per page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.server import ROOT, serving

HERE = ROOT / "bench" / "lighthouse"
REPORTS = HERE / "reports"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "/",
    "article": "/articles/2022-02-25-iran-blames-nato-expansion",
    "passage": "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j",
    "search": "/search?q=drones",
    "timeline": "/timeline",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking --no-first-run --disable-component-update --disable-sync"


def lighthouse() -> Path:
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--silent"], check=True)
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"Lighthouse needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    return binary


def scores(binary: Path, url: str, report: Path) -> dict[str, int]:
    subprocess.run(
        [str(binary), url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=180,
    )
    categories = json.loads(report.read_text("utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    binary = lighthouse()
    REPORTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, serving(Path(scratch) / "gunicorn.log") as server:
        rows = {name: scores(binary, server.url + path, REPORTS / f"{name}.json") for name, path in PAGES.items()}
    print(f"{'page':10} " + " ".join(f"{name:>15}" for name in CATEGORIES))
    for name, row in rows.items():
        print(f"{name:10} " + " ".join(f"{row[c]:>15}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
