"""Load test: the archive under gunicorn as `make run` starts it, with slow clients, then behind nginx.

    .venv/bin/python -m bench.load [--seconds 60] [--connections 64] [--max-requests N] [--slow-clients N] [--no-nginx]

Phase 1 sends a weighted mix of article, passage, timeline, search and API requests (the table
ROUTE_MIX) to gunicorn on 127.0.0.1 from `--connections` concurrent clients, for `--seconds` or
`--max-requests`, whichever ends first. It reports requests/s, p50/p99/max latency per route
type, errors (any answer other than 200 with a complete body, or no answer: must be 0), and
each worker's resident memory after a warm-up, at its peak and after; a worker that grows by
more than LEAK_BOUND_MIB fails the run. With `--slow-clients N` (`make load`: 1,000), the same
mix is sent again while N connections send slowly, send nothing or never read (bench/slow_clients.py).

Phase 2 starts nginx (Debian's package) with bench/nginx-load.conf in front of the same
gunicorn and sends the same mix. It counts the requests that reached the app (gunicorn's
access-log lines) against those nginx answered, and compares every body nginx served with the
body the app serves directly for that URL (nothing stale or wrong).

An asyncio client, not wrk: the report needs latency per route type and each body, which wrk's
Lua hooks do not see cheaply. It shares the two cores with gunicorn (its CPU time is printed),
so the requests/s are a floor. Every request opens a connection and asks it to close.

Writes the figures to bench/RESULTS-load.md. Exits non-zero on any error or leak.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import signal
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.corpus import load_corpus
from bench.fetch import fetch, timed_fetch
from bench.hostile import HostileClients
from bench.nginx import start_nginx
from bench.slow_clients import SlowClients
from harness.server import ROOT, free_port, start, wait_until_healthy, worker_pids

TRUSTED_PROXY = "127.0.0.1"  # the load's connections stand for readers behind a proxy (reader_address)
HOSTILE_TARGETS = (0.100, 1.0)  # ordinary pages' p99 and /healthz's slowest answer, in seconds, with hostile clients
LEAK_BOUND_MIB = 16  # a worker's RSS after the run may exceed its RSS after the warm-up by at most this
REQUEST_TIMEOUT = 30
SEARCHES = ["drones", "Raisi", "NATO expansion", "sanctions", "Putin", "Abdollahian Lavrov", '"political solution"', "war OR conflict",
            "Ukraine -Russia", "Kiev", "Raeisi", "nuclear talks", "pr*", "Zelensky", "ceasefire", "Tehran Moscow", "humanitarian", "NATO"]
SEARCH_VARIANTS = ["", "&sort=newest", "&sort=date", "&year=2022"]
BROAD_SEARCHES = ["Iran", "Russia", "Ukraine", "war", "Putin"]  # results pages are of ten articles: these are narrowed by filters instead
NARROWING = ["&person=Ebrahim+Raisi", "&year=2023"]


def route_mix(corpus) -> list[tuple[str, int, list[str]]]:
    """(route type, weight, the URLs it draws from): the one table of what the load asks for."""
    articles = [f"/articles/{article.slug}" for article in corpus.articles]
    passages = [f"/articles/{p.slug}/p/{p.key}" for article in corpus.articles for p in article.passages]
    searches = [f"/search?q={urllib.request.quote(q)}{v}" for q in SEARCHES for v in SEARCH_VARIANTS]
    searches += [f"/search?q={q}{narrowed}" for q in BROAD_SEARCHES for narrowed in NARROWING]
    people = [f"/people/{person.slug}" for person in corpus.people.persons]
    api = ["/api/timeline", "/api/people", *(f"/api/people/{p.slug}" for p in corpus.people.persons),
           *(f"/api/search?q={urllib.request.quote(q)}" for q in SEARCHES)]
    return [
        ("home", 5, ["/"]),
        ("article", 20, articles),
        ("passage", 25, passages),
        ("timeline", 10, ["/timeline", "/people", *people]),
        ("search", 25, searches),
        ("api", 15, api),
    ]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    bodies: dict[str, set[str]] = field(default_factory=dict)
    requests: int = 0


async def run_load(port: int, mix, connections: int, seconds: float, max_requests: int, seed: int) -> Tally:
    tally, rng = Tally(), random.Random(seed)
    kinds = [kind for kind, _, _ in mix]
    weights = [weight for _, weight, _ in mix]
    urls = {kind: paths for kind, _, paths in mix}
    deadline = time.monotonic() + seconds

    async def client(number: int) -> None:
        address = reader_address(number)
        while time.monotonic() < deadline and tally.requests < max_requests:
            tally.requests += 1
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(urls[kind])
            answer = await timed_fetch(port, path, address, tally.errors, REQUEST_TIMEOUT)
            if answer is None:
                continue
            status, body, _, seconds = answer
            tally.latencies.setdefault(kind, []).append(seconds)
            if status != 200:
                tally.errors.append(f"{path}: HTTP {status}")
            tally.bodies.setdefault(path, set()).add(hashlib.sha256(body).hexdigest())

    await asyncio.gather(*(client(number) for number in range(connections)))
    return tally


def reader_address(number: int) -> str:
    """Each connection of the load is a reader of its own, as behind a proxy (the server trusts
    127.0.0.1 as one: TRUSTED_PROXY), so that the per-client rate of searches applies to each
    reader, not to the whole load at once."""
    return f"198.19.{number // 250}.{number % 250 + 1}"


def ordinary_pages(mix) -> list[tuple[str, int, list[str]]]:
    """The mix without its expensive requests (searches): what a reader must keep getting quickly."""
    return [(kind, weight, [path for path in paths if "search" not in path]) for kind, weight, paths in mix if kind != "search"]


def check_every_url(port: int, mix) -> None:
    """Each URL of the mix once: a table that asks for a page that does not exist is a mistake here, not load."""
    every = [path for _, _, paths in mix for path in paths]
    wrong = [f"{path}: HTTP {status}" for number, path in enumerate(every)
             if (status := asyncio.run(fetch(port, path, forwarded_for=reader_address(number)))[0]) != 200]
    if wrong:
        sys.exit("bench/load.py: the route mix names URLs that do not answer 200:\n  " + "\n  ".join(wrong))


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def sample_rss(master: int, peaks: dict[int, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for pid in worker_pids(master):
            peaks[pid] = max(peaks.get(pid, 0.0), rss_mib(pid))
        await asyncio.sleep(0.5)


async def load_with_memory(master: int, port: int, mix, args) -> tuple[Tally, dict[int, float], float]:
    stop, peaks = asyncio.Event(), {}
    sampler = asyncio.create_task(sample_rss(master, peaks, stop))
    started = time.monotonic()
    tally = await run_load(port, mix, args.connections, args.seconds, args.max_requests, seed=1)
    elapsed = time.monotonic() - started
    stop.set()
    await sampler
    return tally, peaks, elapsed


def percentile(values: list[float], fraction: float) -> float:
    """NaN when nothing was answered (as with sync workers and slow clients)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def table(tally: Tally, elapsed: float) -> list[str]:
    rows = ["| route type | requests | req/s | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    every = [value for values in tally.latencies.values() for value in values]
    for kind, values in [*sorted(tally.latencies.items()), ("all", every)]:
        rows.append(f"| {kind} | {len(values)} | {len(values) / elapsed:.0f} | {percentile(values, 0.5) * 1000:.1f} | "
                    f"{percentile(values, 0.99) * 1000:.1f} | {max(values, default=float('nan')) * 1000:.1f} |")
    return rows


def with_slow_clients(port: int, mix, args) -> tuple[list[str], list[str]]:
    """The same mix while `--slow-clients` connections send slowly, send nothing or never read."""
    async def run() -> tuple[Tally, float, SlowClients]:
        async with SlowClients(port, args.slow_clients) as slow:
            started = time.monotonic()
            tally = await run_load(port, mix, args.connections, args.seconds, args.max_requests, seed=2)
            return tally, time.monotonic() - started, slow

    tally, elapsed, slow = asyncio.run(run())
    every = [value for values in tally.latencies.values() for value in values]
    return ["", f"## gunicorn directly, with {args.slow_clients} slow connections open: {args.connections} connections, {elapsed:.0f} s", "",
            *slow.report(), "", *table(tally, elapsed), "",
            f"Ordinary requests: {len(every) / elapsed:.0f} requests/s, p50 {percentile(every, 0.5) * 1000:.1f} ms, "
            f"**p99 {percentile(every, 0.99) * 1000:.1f} ms**, **{len(tally.errors)} errors**."], tally.errors


def with_hostile(port: int, mix, corpus, args, count: int) -> tuple[list[str], list[str]]:
    """Ordinary pages (no searches) while `count` hostile clients send distinct expensive requests (bench/hostile.py)."""
    pages = ordinary_pages(mix)

    async def run() -> tuple[Tally, float, HostileClients]:
        async with HostileClients(port, count, corpus) as hostile:
            started = time.monotonic()
            tally = await run_load(port, pages, args.connections, args.seconds, args.max_requests, seed=3)
            return tally, time.monotonic() - started, hostile

    tally, elapsed, hostile = asyncio.run(run())
    every = [value for values in tally.latencies.values() for value in values]
    p99, slowest_health = percentile(every, 0.99), max(hostile.health, default=float("inf"))
    met = p99 < HOSTILE_TARGETS[0] and slowest_health < HOSTILE_TARGETS[1]
    return ["", f"## gunicorn directly, with {count} hostile clients: ordinary pages from {args.connections} connections, {elapsed:.0f} s", "",
            *table(tally, elapsed), "",
            f"Ordinary pages: {len(every) / elapsed:.0f} requests/s, p50 {percentile(every, 0.5) * 1000:.1f} ms, **p99 {p99 * 1000:.1f} ms**, "
            f"**{len(tally.errors)} errors**.", *hostile.report(percentile), "",
            f"Targets (p99 under {HOSTILE_TARGETS[0] * 1000:.0f} ms, /healthz under {HOSTILE_TARGETS[1]:g} s): {'met' if met else '**missed**'}."], \
        tally.errors + hostile.failures


def app_hits(log: Path) -> Counter:
    """The requests gunicorn's access log shows, by status (304s are nginx revalidating with the ETag)."""
    return Counter(re.findall(r'"GET [^"]*" (\d{3}) ', log.read_text("utf-8", "replace")))


def stale_bodies(served: dict[str, set[str]], port: int) -> list[str]:
    """URLs for which nginx served a body other than the one the app serves now."""
    wrong = []
    for path, digests in served.items():
        _, body, _ = asyncio.run(fetch(port, path))
        if digests != {hashlib.sha256(body).hexdigest()}:
            wrong.append(path)
    return wrong


def forged_host_is_cached_for_others(port: int, article_path: str) -> bool:
    """Whether a redirect built from one client's forged Host is then served to a client with the real one
    (werkzeug answers `/articles//<slug>` with an absolute 308 to the Host it was sent)."""
    path = article_path.replace("/articles/", "/articles//")
    asyncio.run(fetch(port, path, host="evil.example"))
    _, _, headers = asyncio.run(fetch(port, path))
    return "evil.example" in headers.get("location", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long each phase sends requests (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections (default 64)")
    parser.add_argument("--max-requests", type=int, default=500_000, help="stop a phase after this many requests (default 500,000)")
    parser.add_argument("--slow-clients", type=int, default=0, help="then the same load with this many slow connections open (`make load`: 1000)")
    parser.add_argument("--hostile", type=int, nargs="+", default=[], metavar="N",
                        help="then ordinary pages while N hostile clients send distinct searches and cards, for each N given (e.g. 8 64)")
    parser.add_argument("--no-nginx", action="store_true", help="skip the phase behind nginx")
    parser.add_argument("--server-root", type=Path, default=ROOT,
                        help="serve the code of another checkout (a git worktree of an earlier commit) to compare in the same conditions")
    parser.add_argument("--results", type=Path, default=ROOT / "bench/RESULTS-load.md", help="where to write the figures")
    args = parser.parse_args()

    corpus = load_corpus(ROOT / "corpus")
    mix = route_mix(corpus)
    report, failed = [], False
    with tempfile.TemporaryDirectory(prefix="archive-load-") as folder:
        folder = Path(folder)
        os.chmod(folder, 0o755)
        app_port, log_path = free_port(), folder / "gunicorn.log"
        with open(log_path, "wb") as log:
            gunicorn = start(ROOT / "corpus", app_port, log, args.server_root, ARCHIVE_TRUSTED_PROXIES=TRUSTED_PROXY)
            nginx = None
            try:
                wait_until_healthy(app_port, gunicorn)
                check_every_url(app_port, mix)
                asyncio.run(run_load(app_port, mix, 8, 30, 600, seed=0))  # warm-up: every worker has served each kind
                before = {pid: rss_mib(pid) for pid in worker_pids(gunicorn.pid)}
                cpu = time.process_time()
                tally, peaks, elapsed = asyncio.run(load_with_memory(gunicorn.pid, app_port, mix, args))
                cpu = time.process_time() - cpu
                after = {pid: rss_mib(pid) for pid in worker_pids(gunicorn.pid)}
                report += [f"## gunicorn directly: {args.connections} connections, {elapsed:.0f} s", "", *table(tally, elapsed), "",
                           f"{tally.requests} requests, {sum(map(len, tally.latencies.values())) / elapsed:.0f} requests/s, "
                           f"**{len(tally.errors)} errors**; the client used {cpu:.0f} s of CPU.", "",
                           "| worker | RSS after warm-up MiB | peak MiB | after MiB | growth MiB |", "|---|---:|---:|---:|---:|"]
                for number, pid in enumerate(sorted(before), start=1):
                    growth = after.get(pid, 0.0) - before[pid]
                    failed |= pid not in after or growth > LEAK_BOUND_MIB
                    report.append(f"| {number} | {before[pid]:.1f} | {peaks.get(pid, 0.0):.1f} | {after.get(pid, 0.0):.1f} | {growth:+.1f} |")
                report += ["", f"Leak bound: a worker may grow by at most {LEAK_BOUND_MIB} MiB over the run "
                               f"({'held' if not failed else 'EXCEEDED, or a worker was replaced'})."]
                failed |= bool(tally.errors)
                errors = list(tally.errors)

                if args.slow_clients:
                    lines, slow_errors = with_slow_clients(app_port, mix, args)
                    report, errors, failed = report + lines, errors + slow_errors, failed or bool(slow_errors)

                for count in args.hostile:
                    lines, hostile_errors = with_hostile(app_port, mix, corpus, args, count)
                    report, errors, failed = report + lines, errors + hostile_errors, failed or bool(hostile_errors)

                if not args.no_nginx:
                    proxy_port = free_port()
                    nginx = start_nginx(folder, proxy_port, app_port)
                    hits_before = app_hits(log_path)
                    proxied, _, proxied_elapsed = asyncio.run(load_with_memory(gunicorn.pid, proxy_port, mix, args))
                    reached_app = app_hits(log_path) - hits_before
                    by_status = ", ".join(f"{count} × {status}" for status, count in sorted(reached_app.items()))
                    wrong = stale_bodies(proxied.bodies, app_port)
                    poisoned = forged_host_is_cached_for_others(proxy_port, mix[1][2][0])
                    answered = sum(map(len, proxied.latencies.values()))
                    report += ["", f"## behind nginx's cache: {args.connections} connections, {proxied_elapsed:.0f} s", "",
                               *table(proxied, proxied_elapsed), "",
                               f"{answered} requests answered by nginx, **{len(proxied.errors)} errors**; {reached_app.total()} reached the app "
                               f"({by_status}) for {len(proxied.bodies)} distinct URLs; **{len(wrong)} of {len(proxied.bodies)} URLs** "
                               "served a body other than the app's.", "",
                               "A redirect built from a forged Host header "
                               + ("**was served to another client** (cache poisoning)." if poisoned else "was not served to any other client.")]
                    failed |= bool(proxied.errors or wrong or poisoned)
                    errors += proxied.errors
            finally:
                if nginx is not None:
                    nginx.send_signal(signal.SIGQUIT)
                    nginx.wait(timeout=30)
                gunicorn.send_signal(signal.SIGTERM)
                gunicorn.wait(timeout=60)

    header = ["# Load figures (latest run)", "", f"Command: `.venv/bin/python -m bench.load --seconds {args.seconds:g} --connections {args.connections}"
              + (f" --slow-clients {args.slow_clients}" if args.slow_clients else "")
              + (" --hostile " + " ".join(map(str, args.hostile)) if args.hostile else "")
              + (" --no-nginx" if args.no_nginx else "") + "`", "",
              f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
              "gunicorn and the client share the machine.", ""]
    text = "\n".join(header + report) + "\n"
    print(text)
    for error in errors[:20]:
        print("error:", error, file=sys.stderr)
    args.results.write_text(text, "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
