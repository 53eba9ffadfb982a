"""Crawl every URL the archive serves and keep each body's SHA-256: a refactor that changes
no behaviour must give the same bodies.

    python -m bench.crawl --write crawl.json      # before the change
    python -m bench.crawl --compare crawl.json    # after: lists every URL whose body differs

The crawl starts from the fixed pages, the sitemap, the feeds, the JSON API and a few bad
addresses (errors are responses too), then follows every same-site link (href, src, action
targets without their fragment) of every HTML page, and the `url` fields of JSON answers, up to
--limit URLs. It runs the app in-process on the real corpus, uncompressed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from app import create_app

BASE_URL = "https://archive.example"
SEEDS = (
    "/", "/timeline", "/people", "/search", "/search?q=iran", "/search?q=NATO+expansion&sort=date",
    "/sitemap.xml", "/robots.txt", "/feed.atom", "/opensearch.xml", "/favicon.ico", "/healthz",
    "/api", "/api/timeline", "/api/people", "/api/search?q=iran", "/api/search?q=drones&page=2",
    # errors, in every family
    "/no-such-page", "/articles/no-such-article", "/articles/no-such-article/p/aaaaaaaa", "/people/no-such-person",
    "/api/no-such-thing", "/api/people/no-such-person", "/api/search", "/api/search?q=iran&page=999",
    "/articles/no-such-article/cite.json", "/search?q=iran&page=999", "/search?sort=nonsense&q=x",
)
LINK = re.compile(r"""(?:href|src|action)="([^"]+)\"""")


def same_site(url: str) -> str | None:
    """The path and query of a link to this archive, or None for another site's."""
    url = urldefrag(url.replace("&amp;", "&"))[0]
    if url.startswith(BASE_URL):
        url = url[len(BASE_URL):] or "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url.startswith("/"):
        return None
    return url


def json_links(value) -> list[str]:
    if isinstance(value, dict):
        return [link for key, item in value.items() for link in ([item] if key in ("url", "permalink") and isinstance(item, str) else json_links(item))]
    if isinstance(value, list):
        return [link for item in value for link in json_links(item)]
    return []


def crawl(limit: int) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as state:
        app = create_app({"TESTING": True, "BASE_URL": BASE_URL, "STATE_DIR": state})
        client = app.test_client()
        queue, seen, bodies = deque(SEEDS), set(SEEDS), {}
        while queue and len(bodies) < limit:
            path = queue.popleft()
            response = client.get(path)
            body = response.get_data()
            bodies[path] = f"{response.status_code} {response.mimetype} {hashlib.sha256(body).hexdigest()}"
            found = []
            if response.mimetype == "text/html" or response.mimetype.endswith("xml"):
                found = LINK.findall(body.decode("utf-8")) + re.findall(r"<loc>([^<]+)</loc>", body.decode("utf-8"))
            elif response.is_json:
                found = json_links(response.get_json())
            for link in filter(None, map(same_site, found)):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        return bodies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", type=Path, help="keep the crawl in this JSON file")
    action.add_argument("--compare", type=Path, help="compare with the crawl kept in this file")
    parser.add_argument("--limit", type=int, default=5000, help="most URLs to fetch (default 5000)")
    args = parser.parse_args()
    bodies = crawl(args.limit)
    if args.write:
        args.write.write_text(json.dumps(bodies, indent=0, sort_keys=True) + "\n", "utf-8")
        print(f"{len(bodies)} URLs crawled into {args.write}")
        return 0
    before = json.loads(args.compare.read_text("utf-8"))
    changed = sorted(url for url in before.keys() & bodies.keys() if before[url] != bodies[url])
    for url in changed:
        print(f"changed  {url}: {before[url]} -> {bodies[url]}")
    for url in sorted(before.keys() - bodies.keys()):
        print(f"gone     {url}")
    for url in sorted(bodies.keys() - before.keys()):
        print(f"new      {url}")
    same = len(before.keys() & bodies.keys()) - len(changed)
    print(f"{same} of {len(before)} URLs give the same body; {len(changed)} changed, "
          f"{len(before.keys() - bodies.keys())} gone, {len(bodies.keys() - before.keys())} new")
    return 1 if changed or before.keys() != bodies.keys() else 0


if __name__ == "__main__":
    sys.exit(main())
