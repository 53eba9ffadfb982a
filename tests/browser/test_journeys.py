"""Every reader's journey in Chromium, at a phone and a desktop width, light and dark."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import LOOKS

ARTICLE = "/articles/2022-02-25-iran-blames-nato-expansion"
PASSAGE_KEY = "ytxinq6j"  # ¶6: the Foreign Ministry blames NATO
looks = pytest.mark.parametrize(("viewport", "scheme"), LOOKS)


def target(page) -> str | None:
    return page.evaluate("() => document.querySelector(':target')?.id ?? null")


def follow(page, link) -> str:
    """Click a link (a Locator) and wait until the browser is at its address; return it."""
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")
    return href


def assert_shown_and_highlighted(page, element_id: str) -> None:
    """The URL's target is this element, it is in view, and it is visibly highlighted."""
    assert target(page) == element_id
    box = page.evaluate(f"""() => {{ const r = document.getElementById('{element_id}').getBoundingClientRect();
        return {{top: r.top, height: innerHeight}}; }}""")
    assert 0 <= box["top"] < box["height"] / 2, box
    background = page.evaluate(f"() => getComputedStyle(document.getElementById('{element_id}')).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background


@looks
def test_home_article_passage_and_back_in_context(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/")
    page.shot("home")
    follow(page, page.locator(f'.article-list a[href="{ARTICLE}"]'))
    page.shot("article")
    follow(page, page.locator(f'a.passage-link[href="{ARTICLE}/p/{PASSAGE_KEY}"]'))
    assert "NATO’s provocation is directly responsible" in page.inner_text(".passage-quote")
    page.shot("passage")
    follow(page, page.locator("a", has_text="Read in context"))
    assert_shown_and_highlighted(page, f"p-{PASSAGE_KEY}")
    page.shot("in-context")


@looks
def test_a_passage_link_opened_directly_is_scrolled_to_and_highlighted(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto(f"{ARTICLE}#p-{PASSAGE_KEY}")
    assert_shown_and_highlighted(page, f"p-{PASSAGE_KEY}")
    page.shot("permalink")


@looks
def test_link_to_a_selected_sentence_opens_with_it_marked(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto(f"{ARTICLE}/p/{PASSAGE_KEY}")
    sentence = "“Unfortunately, provocative moves by NATO spearheaded by the US"
    page.evaluate("""(start) => {
        const text = document.querySelector('.passage-quote p').firstChild;
        const from = text.textContent.indexOf(start), to = text.textContent.indexOf('asserted.') + 'asserted.'.length;
        const range = document.createRange(); range.setStart(text, from); range.setEnd(text, to);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", sentence)
    page.click(".selection-tool button")
    link = page.input_value(".selection-url")
    assert re.search(rf"/p/{PASSAGE_KEY}\?hl=\d+-\d+#:~:text=", link)
    assert link == page.evaluate("() => navigator.clipboard.readText()")
    page.shot("selection")
    shared = open_page(viewport, scheme)
    shared.goto(link)
    marked = shared.inner_text(".passage-quote mark")
    assert marked.startswith(sentence) and marked.endswith("Saeed Khatibzadeh asserted.")
    shared.shot("shared-sentence")


@looks
def test_search_from_the_header_lands_on_the_passage(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/")
    page.fill("#site-search-q", "drones")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search?q=drones")
    page.shot("results")
    href = follow(page, page.locator(".search-hit a[href*='#p-']").first)
    assert_shown_and_highlighted(page, href.split("#")[1])
    page.shot("hit")


@looks
def test_a_search_filter_and_did_you_mean(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/search?q=Iran")
    page.locator("a[href*='year=2023']").first.click()
    page.wait_for_url("**year=2023**")
    assert "2023" in page.inner_text("main")
    page.shot("filtered")
    page.goto("/search?q=Lavarov")
    page.locator("a[href*='q=Lavrov']").first.click()
    page.wait_for_url("**q=Lavrov**")
    assert "Lavrov" in page.inner_text(".search-hit")
    page.shot("did-you-mean")


@looks
def test_timeline_event_to_a_cited_passage(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/timeline")
    page.shot("timeline")
    follow(page, page.locator("#e-kanaani-sputnik .passage-ref a").first)
    assert "Kanaani" in page.inner_text("main")


@looks
def test_an_event_anchor_opened_directly_is_highlighted(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/timeline#e-tehran-summit")
    assert_shown_and_highlighted(page, "e-tehran-summit")
    page.shot("event")


@looks
def test_a_person_page_to_a_passage(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/people")
    follow(page, page.locator("a[href='/people/hossein-amir-abdollahian']"))
    page.shot("person")
    follow(page, page.locator(".person-passages a", has_text="Permanent link").first)
    assert "Amir" in page.inner_text(".passage-quote") or "Abdollahian" in page.inner_text(".passage-quote")


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {tag: e.tagName, id: e.id, href: e.getAttribute('href'), text: e.textContent.trim().slice(0, 40),
                outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)}; }""")


@looks
def test_keyboard_only_from_the_skip_link_to_a_passage(open_page, viewport, scheme):
    page = open_page(viewport, scheme)
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"] == "#main" and first["outline"] != "none" and first["outlineWidth"] >= 2
    page.shot("skip-link")
    order = [first]
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(focused(page))
        assert order[-1]["outline"] != "none", order[-1]
    assert [f["href"] for f in order[1:5]] == ["/", "/", "/timeline", "/people"]
    assert any(f["id"] == "site-search-q" for f in order)
    while focused(page)["href"] != ARTICLE:
        page.keyboard.press("Tab")
    page.shot("focus-ring")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{ARTICLE}")
    while focused(page)["href"] != f"{ARTICLE}/p/{PASSAGE_KEY}":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/p/{PASSAGE_KEY}")
    while focused(page)["text"] != "Read in context":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#p-{PASSAGE_KEY}")
    assert_shown_and_highlighted(page, f"p-{PASSAGE_KEY}")


@looks
def test_the_pages_work_without_javascript(open_page, viewport, scheme):
    page = open_page(viewport, scheme, javascript=False)
    page.goto(f"{ARTICLE}/p/{PASSAGE_KEY}")
    assert page.locator(".selection-tool").count() == 0 and page.locator(".copy-link").count() == 0
    assert "[date accessed]" in page.inner_text(".cite__text")
    page.click("summary:has-text('Link to one sentence')")
    page.locator(".sentences a").nth(1).click()
    page.wait_for_url("**?hl=*")
    assert page.inner_text(".passage-quote mark").startswith("“Unfortunately")
    page.fill("#site-search-q", "Kanaani")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search?q=Kanaani")
    assert page.locator(".search-hit").count() > 0
    page.goto("/timeline?person=nasser-kanaani")
    assert page.locator("#e-kanaani-sputnik").count() == 1
    page.shot("no-js")
