"""A passage embedded on another site, in Chromium: a page served from another port frames the
passage's embed page, which renders; the same page framing any other page of the archive is refused."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from harness.server import free_port
from tests.browser.conftest import SCREENSHOTS

PASSAGE = "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j"
REFUSED = [PASSAGE, "/", "/quote", "/search?q=drones"]


@pytest.fixture
def host(tmp_path, base_url):
    """Another site (another origin: another port) whose page frames the embed page and each refused page."""
    frames = [f'<iframe id="embed" src="{base_url}{PASSAGE}/embed" width="550" height="400"></iframe>']
    frames += [f'<iframe class="refused" src="{base_url}{path}" width="550" height="200"></iframe>' for path in REFUSED]
    (tmp_path / "index.html").write_text(f"<!doctype html><title>A blog</title><h1>A blog post</h1>{''.join(frames)}", "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_another_site_frames_the_embed_page_and_no_other(browser, base_url, host):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: "frame-ancestors" in message.text and refused.append(message.text))
    page.goto(host, wait_until="load")
    embed = page.frame_locator("#embed")
    assert "Unfortunately, provocative moves by NATO" in embed.locator("blockquote").inner_text()
    assert "Young Bhartiya" in embed.locator(".embed-card__source").inner_text()
    border = embed.locator("blockquote").evaluate("element => getComputedStyle(element).borderLeftStyle")
    assert border == "solid"  # the archive's style sheet applied inside the frame
    framed = {frame.url: frame for frame in page.frames}
    for path in REFUSED:
        frame = framed.get(base_url + path)
        rendered = frame.evaluate("() => document.body ? document.body.innerText : ''") if frame else ""
        assert "Iran on the War in Ukraine" not in rendered, path
    assert len(refused) == len(REFUSED), refused
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "embedded-on-another-site.png"), full_page=True)
    context.close()
