"""The capture page in Chromium: from the article and a passage to its lines and back, and a
line opened by its #L link, at a phone and a desktop width, light and dark."""

from __future__ import annotations

from tests.browser.test_journeys import assert_shown_and_highlighted, follow, looks

HAUSATV = "/articles/2022-06-22-iran-president-us-nato-provocation-root-cause"  # hard-wrapped: ¶2 is lines 4–9
HAUSATV_P2 = f"{HAUSATV}/p/tdcashwm"
EXPRESS = "/articles/2022-07-14-iran-turns-on-putin-war-must-be-stopped"  # nine lines left out


@looks
def test_from_the_article_to_the_capture(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto(EXPRESS)
    page.click(".provenance summary")
    follow(page, page.locator("a", has_text="The capture line by line"))
    assert page.locator(".capture-line").count() == 79
    assert "9 lines were left out" in page.inner_text(".capture-summary")
    page.shot("express-capture-top")


@looks
def test_from_a_passage_to_its_lines_in_the_capture_and_back(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto(HAUSATV_P2)
    follow(page, page.locator("a", has_text="lines 4–9"))
    assert_shown_and_highlighted(page, "L4")
    assert [page.inner_text(f"#L{n} .capture-line__fate") for n in (4, 5, 9)] == ["¶2, lines 4–9", "¶2, continued", "¶2, continued"]
    page.shot("hausatv-capture")
    follow(page, page.locator("#L7 .capture-line__fate a"))
    assert page.url.endswith(HAUSATV_P2)


@looks
def test_a_left_out_line_opened_by_its_link_is_highlighted_with_its_reason(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto(f"{EXPRESS}/capture#L40")
    assert_shown_and_highlighted(page, "L40")
    assert page.inner_text("#L40 .capture-line__fate") == "Left out: “DON’T MISS” related-article links"
    page.shot("express-capture-left-out")
