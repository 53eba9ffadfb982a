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
    "quote check": "/quote?q=including%20in%20the%20defense%20sector.%20But%20we%20will%20not%20help%20either%20of%20the%20sides",
    "no close match": "/quote?q=Iran%20will%20never%20sell%20drones%20to%20Russia",
    "bad quotation": "/quote?q=%21%21%21",
    "embed": "/articles/2022-02-25-iran-blames-nato-expansion/p/ytxinq6j/embed",
}
# axe's best practices that validators reported on these pages: each landmark named apart, and an h1.
BEST_PRACTICES = ["landmark-unique", "page-has-heading-one"]
WITH_HEADINGS = ["/search", "/search?q=drones", "/search?q=zzzzqq", "/quote", PAGES["quote check"], PAGES["bad quotation"]]


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


@pytest.mark.parametrize("path", WITH_HEADINGS)
def test_search_and_quote_pages_name_their_landmarks_apart_and_have_a_heading_one(open_page, path):
    page = open_page(bypass_csp=True)
    if page.goto(path).status >= 400:
        page.watch.expect_error_page()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", BEST_PRACTICES)
    assert [v["id"] for v in result["violations"]] == [] and len(result["passes"]) == len(BEST_PRACTICES)
