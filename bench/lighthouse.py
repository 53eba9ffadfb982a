"""Lighthouse scores of the main page types, against the archive served as `make run` serves it.

    .venv/bin/python -m bench.lighthouse            # prints a table; reports go to bench/lighthouse/reports/

Runs Lighthouse (npm, pinned in bench/lighthouse/package.json, installed here with `npm ci`)
under the Node pinned beside it (npm's `node` package: Lighthouse 13.5 needs Node 22.19 or
later, and on an older one some audits error), with Debian's Chromium, mobile emulation
(Lighthouse's default), one run per page. Exits non-zero if any audit errored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.server import ROOT, serving

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


BIN = HERE / "node_modules" / ".bin"
NODE_AT_LEAST = (22, 19)


def lighthouse() -> dict[str, str]:
    """Installs Lighthouse and its Node if needed; the environment that runs them."""
    if not (BIN / "lighthouse").exists() or not (BIN / "node").exists():
        subprocess.run(["npm", "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--silent"], check=True)
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"Lighthouse needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    version = subprocess.run(["node", "--version"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    if tuple(int(part) for part in version.lstrip("v").split(".")[:2]) < NODE_AT_LEAST:
        sys.exit(f"Lighthouse 13.5 needs Node {'.'.join(map(str, NODE_AT_LEAST))} or later; {BIN / 'node'} is {version}")
    print(f"Lighthouse under Node {version}")
    return env


def run(env: dict[str, str], url: str, report: Path) -> dict:
    """One Lighthouse run (its `lighthouse` script starts with `env node`: the pinned one, first on PATH)."""
    subprocess.run(
        ["lighthouse", url, "--quiet", "--output=json", f"--output-path={report}", f"--chrome-flags={FLAGS}",
         f"--only-categories={','.join(CATEGORIES)}"],
        check=True, env=env, timeout=180,
    )
    return json.loads(report.read_text("utf-8"))


def scores(result: dict) -> dict[str, int]:
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def errored(result: dict) -> list[str]:
    """Audits that could not run: a broken audit scores nothing, so the scores alone hide it."""
    return [f"{audit['id']}: {audit.get('errorMessage', '')}" for audit in result["audits"].values() if audit["scoreDisplayMode"] == "error"]


def main() -> None:
    env = lighthouse()
    REPORTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, serving(Path(scratch) / "gunicorn.log") as server:
        results = {name: run(env, server.url + path, REPORTS / f"{name}.json") for name, path in PAGES.items()}
    print(f"{'page':10} " + " ".join(f"{name:>15}" for name in CATEGORIES))
    for name, result in results.items():
        row = scores(result)
        print(f"{name:10} " + " ".join(f"{row[c]:>15}" for c in CATEGORIES))
    failures = {name: errored(result) for name, result in results.items() if errored(result)}
    for name, audits in failures.items():
        print(f"{name}: errored audits: " + "; ".join(audits))
    if failures:
        sys.exit(1)
    print("no audit errored")


if __name__ == "__main__":
    main()
