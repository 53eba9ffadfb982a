"""Serving: requests/s and p50/p99 latency (wrk, 127.0.0.1, a fixed duration each) for an article
page, a passage page, the timeline and a search, each served four ways in one run:

  app            the archive under gunicorn as `make run` starts it (2 sync workers)
  bare Flask     a Flask route returning the same bytes from memory (bench/bare_app.py), under
                 the same gunicorn settings: the ceiling for any Flask page
  nginx static   nginx serving the same bytes as files
  nginx cache    nginx's caching proxy in front of the app (bench/nginx-load.conf), repeat requests

    .venv/bin/python -m bench.serving [--seconds 5] [--connections 16]

The issue's targets: the app at 80 % or more of bare Flask, the nginx cache at 50 % or more of
nginx static. wrk shares the two cores with the servers, so compare within one run.
Needs wrk and nginx (Debian's packages; `make serving` installs them as root).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from app.corpus import load_corpus
from bench.nginx import ensure_nginx, installed, start_nginx
from harness.server import ROOT, free_port, run_command_from_makefile, start, wait_until_healthy


def pages() -> dict[str, str]:
    """Name: the URL the archive serves it at. The longest article and its first passage."""
    article = max(load_corpus(ROOT / "corpus").articles, key=lambda article: len(article.passages))
    return {"article": f"/articles/{article.slug}", "passage": f"/articles/{article.slug}/p/{article.passages[0].key}",
            "timeline": "/timeline", "search": "/search?q=drones"}

STATIC_CONF = """worker_processes 1;
daemon off;
pid {prefix}/static.pid;
error_log {prefix}/static-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy_temp;
    fastcgi_temp_path {prefix}/fastcgi_temp;
    uwsgi_temp_path {prefix}/uwsgi_temp;
    scgi_temp_path {prefix}/scgi_temp;
    default_type text/html;
    server {{ listen 127.0.0.1:{port}; root {prefix}/pages; }}
}}
"""


def wrk(url: str, seconds: float, connections: int) -> tuple[float, float, float]:
    """Requests/s, p50 and p99 latency in ms."""
    command = [installed("wrk", "wrk"), "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)", output)
    if errors:
        sys.exit(f"bench/serving.py: {url} answered with errors:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, _ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)), _ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


@contextmanager
def running(process: subprocess.Popen, stop=signal.SIGTERM):
    try:
        yield process
    finally:
        process.send_signal(stop)
        process.wait(timeout=60)


def serve_bare(folder: Path, port: int, log) -> subprocess.Popen:
    """bench/bare_app.py under the archive's gunicorn command and settings."""
    command = run_command_from_makefile()
    command[0] = os.path.join(os.path.dirname(sys.executable), command[0])
    env = {**os.environ, "ARCHIVE_BIND": f"127.0.0.1:{port}", "BARE_PAGES": str(folder)}
    return subprocess.Popen([*command, "bench.bare_app:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def serve_static(prefix: Path, port: int) -> subprocess.Popen:
    (prefix / "static.conf").write_text(("user root;\n" if os.geteuid() == 0 else "") + STATIC_CONF.format(prefix=prefix, port=port))
    process = subprocess.Popen([ensure_nginx(), "-p", str(prefix), "-c", str(prefix / "static.conf"), "-e", str(prefix / "static-error.log")])
    wait_for(f"http://127.0.0.1:{port}/timeline", process)
    return process


def wait_for(url: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                sys.exit(f"bench/serving.py: the server for {url} exited")
            time.sleep(0.1)
    sys.exit(f"bench/serving.py: {url} never answered")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="how long wrk runs per page and server (default 5)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's connections (default 16)")
    args = parser.parse_args()
    ports = {name: free_port() for name in ("app", "bare", "static", "cache")}
    urls = pages()
    with tempfile.TemporaryDirectory(prefix="archive-serving-") as scratch:
        prefix = Path(scratch)
        os.chmod(prefix, 0o755)
        (prefix / "pages").mkdir()
        with open(prefix / "app.log", "wb") as app_log, running(start(ROOT / "corpus", ports["app"], app_log)) as app:
            wait_until_healthy(ports["app"], app)
            bodies = {name: fetch(f"http://127.0.0.1:{ports['app']}{path}") for name, path in urls.items()}
            for name, body in bodies.items():
                (prefix / "pages" / name).write_bytes(body)
            with open(prefix / "bare.log", "wb") as bare_log, running(serve_bare(prefix / "pages", ports["bare"], bare_log)) as bare, \
                    running(serve_static(prefix, ports["static"]), signal.SIGQUIT), \
                    running(start_nginx(prefix, ports["cache"], ports["app"]), signal.SIGQUIT):
                wait_for(f"http://127.0.0.1:{ports['bare']}/timeline", bare)
                paths = {"app": urls.get, "bare": "/{}".format, "static": "/{}".format, "cache": urls.get}
                print(f"wrk -t2 -c{args.connections} -d{args.seconds:g}s --latency, {os.cpu_count()} cores shared with the servers\n")
                print(f"{'page':>9} {'bytes':>7} | {'app':>17} | {'bare Flask':>17} | {'app/bare':>8} | {'nginx static':>17} | "
                      f"{'nginx cache':>17} | {'cache/static':>12}")
                for name in urls:
                    figures = {}
                    for server, path in paths.items():
                        url = f"http://127.0.0.1:{ports[server]}{path(name)}"
                        if fetch(url) != bodies[name]:
                            sys.exit(f"bench/serving.py: {url} does not serve the app's bytes")
                        figures[server] = wrk(url, args.seconds, args.connections)
                    cell = {server: f"{rate:>7,.0f}/s {p50:.1f}/{p99:.1f}" for server, (rate, p50, p99) in figures.items()}
                    print(f"{name:>9} {len(bodies[name]):>7,} | {cell['app']:>17} | {cell['bare']:>17} | "
                          f"{figures['app'][0] / figures['bare'][0]:>7.0%} | {cell['static']:>17} | {cell['cache']:>17} | "
                          f"{figures['cache'][0] / figures['static'][0]:>11.0%}")
                print("\nEach cell: requests/s, then p50/p99 latency in ms.")


if __name__ == "__main__":
    main()
