"""axe-core on every page type, at both widths and in both colour schemes: no violation
of WCAG 2.2 A or AA. axe is injected by the test (the pages' own policy would refuse it)."""

from __future__ import annotations

import json

import pytest

from harness.server import ROOT
from tests.browser.conftest import LOOKS

AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = {
    "home": "/",
    "article": "/articles/2022-06-22-iran-president-us-nato-provocation-root-cause",
    "passage": "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j?hl=146-355",
    "capture": "/articles/2023-02-25-interaction-with-russia-not-against-others/capture#L26",
    "search": "/search?q=drones",
    "search help": "/search",
    "timeline": "/timeline",
    "people": "/people",
    "person": "/people/ebrahim-raisi",
    "tombstone-less 404": "/articles/2099-01-01-nothing",
}


@pytest.mark.parametrize(("viewport", "scheme"), LOOKS)
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_wcag_violations(open_page, viewport, scheme, path):
    assert AXE.is_file(), f"axe-core is missing at {AXE}: `make test` installs it with npm ci"
    page = open_page(viewport, scheme, bypass_csp=True)
    response = page.goto(path)
    if response.status >= 400:
        page.watch.expect_error_page()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    problems = [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]], "help": v["help"]}
        for v in result["violations"]
    ]
    assert problems == [], json.dumps(problems, indent=1)
    assert len(result["passes"]) >= 10, "axe checked almost nothing: is the page empty?"
