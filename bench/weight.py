"""Weight: bytes of HTML, CSS and JS each page type sends, raw and compressed, against the
targets (under 50 KB raw and 15 KB compressed a page; one stylesheet the only
render-blocking request).

    .venv/bin/python -m bench.weight
"""

from __future__ import annotations

import re

from app import create_app

PAGES = {
    "home": "/",
    "article": "/articles/2022-07-14-iran-turns-on-putin-war-must-be-stopped",
    "passage": "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j",
    "timeline": "/timeline",
    "search": "/search?q=Iran",
    "person": "/people/hossein-amir-abdollahian",
}


def size(client, path: str, encoding: str | None) -> int:
    return len(client.get(path, headers={"Accept-Encoding": encoding} if encoding else {}).data)


def blocking(page: str) -> list[str]:
    """Requests that hold up the first paint: stylesheets, and scripts without defer/async."""
    head = page.split("</head>")[0]
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', head)
    scripts = [src for src, attrs in re.findall(r'<script src="([^"]+)"([^>]*)>', head) if "defer" not in attrs and "async" not in attrs]
    return sheets + scripts


def main() -> None:
    client = create_app({"TESTING": True}).test_client()
    print(f"{'page':10} {'HTML':>7} {'+CSS+JS':>8} {'gzip':>7} {'brotli':>7}  render-blocking")
    for name, path in PAGES.items():
        page = client.get(path).get_data(as_text=True)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
        raw = len(page.encode()) + sum(size(client, a, None) for a in assets)
        gz = size(client, path, "gzip") + sum(size(client, a, "gzip") for a in assets)
        br = size(client, path, "br") + sum(size(client, a, "br") for a in assets)
        print(f"{name:10} {len(page.encode()):>7,} {raw:>8,} {gz:>7,} {br:>7,}  {len(blocking(page))}: {', '.join(blocking(page))}")


if __name__ == "__main__":
    main()
