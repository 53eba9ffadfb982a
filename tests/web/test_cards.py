"""Link-preview cards: every page names one, each is a 1200×630 PNG that says the passage
(or the marked part of it), drawn the same way every time, cached like a page."""

import hashlib
import html
import io
import re
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw

from app.web import cards
from tests.conftest import ROOT

SLUG = "2022-02-25-iran-blames-nato-expansion"
PASSAGE = f"/articles/{SLUG}/p/gopmzmom"
SUPPLIED = "2023-08-08-amir-abdollahian-in-tokyo-nato-provocations"
BODY_HEIGHT = cards.BODY_BOTTOM - cards.BODY_TOP


def meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"no {name}"
    return html.unescape(match.group(1))


def card_of(client, path: str) -> str:
    """The path of the card a page names, checked to be named the same way for every reader."""
    page = client.get(path).get_data(as_text=True)
    image = meta(page, "property", "og:image")
    assert meta(page, "name", "twitter:image") == image and meta(page, "name", "twitter:card") == "summary_large_image"
    assert (meta(page, "property", "og:image:width"), meta(page, "property", "og:image:height")) == ("1200", "630")
    alt, short_alt = meta(page, "property", "og:image:alt"), meta(page, "name", "twitter:image:alt")
    assert alt and (short_alt == alt or (len(short_alt) <= 420 and alt.startswith(short_alt.removesuffix("…"))))
    assert image.startswith("http://127.0.0.1:8000/")
    return image.removeprefix("http://127.0.0.1:8000")


def png(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "image/png", path
    with Image.open(io.BytesIO(response.data)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    return response.data


@pytest.fixture(scope="module")
def fonts(real_app):
    return real_app.extensions["card_fonts"]


def every_page(corpus) -> list[str]:
    return ["/", "/timeline"] + [f"/articles/{a.slug}" for a in corpus.articles] + [f"/articles/{p.slug}/p/{p.key}" for p in corpus.passages]


def test_every_passage_article_the_home_page_and_the_timeline_name_a_card_that_is_a_png_of_1200_by_630(real_client, real_corpus):
    seen = {}
    for path in every_page(real_corpus):
        card = card_of(real_client, path)
        seen.setdefault(card, png(real_client, card))
    assert card_of(real_client, "/") == card_of(real_client, "/timeline") == "/card.png"
    assert all(len(data) < 150_000 for data in seen.values())


def test_each_passage_and_each_article_has_a_card_of_its_own(real_client, real_corpus):
    paths = [f"/articles/{p.slug}/p/{p.key}/card.png" for p in real_corpus.passages] + [f"/articles/{a.slug}/card.png" for a in real_corpus.articles]
    digests = {hashlib.sha256(png(real_client, path)).hexdigest() for path in paths}
    assert len(digests) == len(paths)


def test_a_selection_has_its_own_card_named_by_its_page(real_client):
    page = real_client.get(f"{PASSAGE}?hl=0-23").get_data(as_text=True)
    assert meta(page, "property", "og:image").endswith(f"{PASSAGE}/card.png?hl=0-23")
    assert meta(page, "property", "og:image:alt") == "Iran’s Foreign Ministry"
    assert png(real_client, f"{PASSAGE}/card.png?hl=0-23") != png(real_client, f"{PASSAGE}/card.png")


@pytest.mark.parametrize("value", ["9999-10000", "30-7", "garbage", "0-0", ""])
def test_a_range_that_does_not_fit_gives_the_whole_passage_card(real_client, value):
    assert png(real_client, f"{PASSAGE}/card.png?hl={value}") == png(real_client, f"{PASSAGE}/card.png")


@pytest.mark.parametrize("path", [f"/articles/{SLUG}/p/zzzzzzzz/card.png", "/articles/no-such-article/card.png",
                                  "/articles/no-such-article/p/gopmzmom/card.png"])
def test_an_unknown_article_or_key_is_the_archives_404(real_client, path):
    response = real_client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html" and "No such" in response.get_data(as_text=True)


def test_a_card_is_sent_as_drawn_with_a_strong_etag_and_a_304(real_client):
    response = real_client.get(f"{PASSAGE}/card.png", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers.get("Content-Encoding") is None and response.data.startswith(b"\x89PNG")
    assert response.headers["Cache-Control"] == "public, max-age=3600, stale-while-revalidate=86400"
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    assert real_client.get(f"{PASSAGE}/card.png", headers={"If-None-Match": etag}).status_code == 304


def test_a_card_is_the_same_bytes_in_another_process(real_client):
    """What another worker or machine with the same corpus and pinned Pillow would send."""
    here = hashlib.sha256(png(real_client, f"{PASSAGE}/card.png?hl=7-30")).hexdigest()
    script = ("import hashlib; from app import create_app; "
              f"client = create_app({{'TESTING': True, 'CORPUS_DIR': {str(ROOT / 'corpus')!r}}}).test_client(); "
              f"print(hashlib.sha256(client.get('{PASSAGE}/card.png?hl=7-30').data).hexdigest())")
    there = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()[-1]
    assert there == here


def test_the_fonts_have_a_glyph_for_every_character_the_cards_draw(fonts, real_corpus):
    texts = [p.text for p in real_corpus.passages]
    texts += [f"{a.title} {a.outlet} {a.published.label}" for a in real_corpus.articles]
    wanted = set("".join(texts)) | set("“”‘’–—…¶·ğĞşŞıİ[]()") - {" "}
    for weight in ("regular", "bold"):
        font = fonts(weight, 40).font
        missing = drawn("\ue000", font)  # a private-use character: the font's "missing" box
        assert any(missing) and [char for char in sorted(wanted) if drawn(char, font) == missing] == []


def drawn(char: str, font) -> bytes:
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), char, font=font, fill=255)
    return image.tobytes()


def test_a_lines_width_is_the_sum_of_its_characters(fonts, real_corpus):
    face = fonts("regular", 36)
    assert all(face.length(p.text) == face.font.getlength(p.text) for p in real_corpus.passages)


def test_a_long_quote_is_cut_after_a_whole_word_with_an_ellipsis(fonts):
    words = [f"word{n}" for n in range(600)] + ["Erdoğan’s", "“quoted”", "—", "end."]
    size, lines = cards.fit(" ".join(words), lambda size: fonts("regular", size), cards.QUOTE_SIZES, BODY_HEIGHT)
    assert size == cards.QUOTE_SIZES[-1] and lines[-1].endswith(cards.ELLIPSIS)
    kept = " ".join(lines).removesuffix(cards.ELLIPSIS).split()
    assert kept == words[: len(kept)] and 0 < len(kept) < len(words)
    assert all(fonts("regular", size).length(line) <= cards.TEXT_WIDTH for line in lines)


def test_a_short_quote_is_drawn_large_and_whole_in_balanced_lines(fonts):
    text = "“The first in-person summit in three years."
    size, lines = cards.fit(text, lambda size: fonts("regular", size), cards.QUOTE_SIZES, BODY_HEIGHT)
    assert size == cards.QUOTE_SIZES[0] and " ".join(lines) == text and len(lines) == 2
    assert len(lines[-1].split()) > 1


def test_a_caption_cut_to_fit_keeps_its_end(fonts, real_corpus):
    card = cards.passage_card(real_corpus.article(SUPPLIED), real_corpus.article(SUPPLIED).passages[0], "x", "Site")
    assert card.caption.startswith("From [Amir-Abdollahian") and card.caption_end == "] (headline supplied by the archive)"
    line = cards.one_line(card.caption, fonts("regular", 27), 600, card.caption_end)
    assert line.endswith(f"{cards.ELLIPSIS}] (headline supplied by the archive)") and fonts("regular", 27).length(line) <= 600
    kept = line.removesuffix(f"{cards.ELLIPSIS}{card.caption_end}")
    assert card.caption.startswith(kept) and card.caption[len(kept)] == " "


def test_a_word_wider_than_a_line_is_split_as_nothing_else_fits(fonts):
    face = fonts("regular", 60)
    lines = cards.wrap("a " + "x" * 200 + " b", face, 500)
    assert "".join(lines).replace(" ", "") == "a" + "x" * 200 + "b" and all(face.length(line) <= 500 for line in lines)


@pytest.mark.parametrize("size", [27, 40, 60])
def test_a_line_drawn_glyph_by_glyph_is_the_line_pillow_draws(fonts, size):
    face, text = fonts("regular", size), "“Erdoğan’s — counterpart,” Putin said; AVAWAY To."
    ours, pillows = (Image.new("RGB", (1200, 120), cards.PAPER) for _ in range(2))
    face.draw(ours, (20, 10), text, cards.INK)
    ImageDraw.Draw(pillows).text((20, 10), text, font=face.font, fill=cards.INK)
    assert ours.tobytes() == pillows.tobytes()
