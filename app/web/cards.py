"""Link-preview cards: the image a chat app or a social site shows when a page is shared.

A passage's card is the quote itself (or, with `?hl=`, exactly the marked part), with who
said it, its outlet, its date as the archive shows it and its ¶ number; an article's card is its headline
and source; the home page and the timeline share the archive's card. Each is a PNG of
1200×630, the size Open Graph and Twitter's large card expect, laid out to stay legible when
a chat app shows it 400 pixels wide.

The fonts are files in static/fonts (with their licence), read once at startup with the other
static files; no system font is assumed. Pillow's basic layout (no system shaping library)
and a fixed palette make the bytes depend only on the text, the font files, the pinned
Pillow (with the FreeType it bundles) and the zlib it links: every worker and machine of a
deployment draws the same card, so its strong ETag holds. A card is drawn on its first
request; the response cache (http.py) keeps it like a page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from app.corpus.evidence import OPENING_QUOTES
from app.model import Article, Corpus, Passage, Statement
from app.state.assets import Assets

WIDTH, HEIGHT = 1200, 630
LEFT, RIGHT = 112, 80  # the quote hangs its opening mark in the left margin
TEXT_WIDTH = WIDTH - LEFT - RIGHT
BODY_TOP, BODY_BOTTOM = 120, 464
ATTRIBUTION_TOP = 428  # a quote with an attribution ends above it
QUOTE_SIZES = range(60, 31, -2)  # the largest size the whole quote fits at; 32 px is ~13 px in a chat
TITLE_SIZES = range(66, 35, -2)
LINE_HEIGHT = 1.3
ELLIPSIS = "…"

PAPER, INK, MUTED, ACCENT, RULE = (251, 248, 241), (31, 27, 22), (92, 84, 74), (138, 51, 34), (221, 212, 196)
FONT_FILES = {"regular": "fonts/Caladea-Regular.ttf", "bold": "fonts/Caladea-Bold.ttf"}


@dataclass(frozen=True)
class Card:
    """What a card says: a label at the top, the body in large type (a quote, or a title in
    bold), the source line under it (its first part in bold) and a caption."""

    label: str
    body: str
    quoted: bool
    source: tuple[str, str]
    caption: str
    caption_end: str = ""  # kept whole when the caption is cut: a closing quote, "(headline supplied …)"
    attribution: str = ""  # under a quote: "— Hossein Amir-Abdollahian, Iran’s foreign minister"


class Face:
    """One font at one size, each character measured and rendered once per process.

    The basic layout applies no kerning to these fonts (theirs is OpenType's, which it does
    not read), and its advances are whole pixels: a line is its characters side by side. So a
    line's width is the sum of their advances, and a line is drawn by placing each character's
    glyph, rendered once, at that sum: the pixels Pillow would draw for the whole line, without
    FreeType hinting every glyph of every line again (most of a card's time otherwise)."""

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        self.ascent = font.getmetrics()[0]
        self.advances: dict[str, float] = {}
        self.glyphs: dict[str, tuple[Image.Image, int, int] | None] = {}

    def length(self, text: str) -> float:
        advances = self.advances
        for char in text:
            if char not in advances:
                advances[char] = self.font.getlength(char)
        return sum(advances[char] for char in text)

    def draw(self, image: Image.Image, xy: tuple[float, int], text: str, colour: tuple[int, int, int]) -> None:
        """`text` with the top of its ascenders at `xy`, as ImageDraw.text would place it."""
        x, baseline = xy[0], xy[1] + self.ascent
        for char in text:
            glyph = self._glyph(char)
            if glyph is not None:
                mask, left, top = glyph
                image.paste(colour, (round(x) + left, baseline + top), mask)
            x += self.length(char)

    def _glyph(self, char: str) -> tuple[Image.Image, int, int] | None:
        """The glyph's coverage and its offset from the pen on the baseline (None: nothing to draw)."""
        if char not in self.glyphs:
            left, top, right, bottom = self.font.getbbox(char, anchor="ls")
            glyph = None
            if right > left and bottom > top:
                mask = Image.new("L", (right - left, bottom - top))
                ImageDraw.Draw(mask).text((-left, -top), char, font=self.font, fill=255, anchor="ls")
                glyph = (mask, left, top)
            self.glyphs[char] = glyph
        return self.glyphs[char]


class Fonts:
    """The card fonts at each size asked for, made once per process from the font files' bytes."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.made: dict[tuple[str, int], Face] = {}

    @classmethod
    def from_assets(cls, assets: Assets) -> Fonts:
        return cls({weight: assets.by_source[source].data for weight, source in FONT_FILES.items()})

    def __call__(self, weight: str, size: int) -> Face:
        key = (weight, size)
        if key not in self.made:
            font = ImageFont.truetype(io.BytesIO(self.files[weight]), size, layout_engine=ImageFont.Layout.BASIC)
            self.made[key] = Face(font)
        return self.made[key]


# What each card says --------------------------------------------------------------------


def passage_card(article: Article, passage: Passage, part: str, site: str, said: tuple[Statement, ...] = ()) -> Card:
    """`part` is the passage's text, or the part of it a link marks, without an opening quotation
    mark of its own: the card's large one opens the quote. `said` gives the attribution line."""
    headline, end = _headline(article)
    body = part[1:].lstrip() if part[:1] in OPENING_QUOTES else part
    speakers = "; ".join(dict.fromkeys(statement.speaker_label for statement in said))
    return Card(site, body, True, (article.outlet, f" · {article.published.label} · ¶{passage.number}"), f"From {headline}", end,
                f"— {speakers}" if speakers else "")


def article_card(article: Article, site: str) -> Card:
    title = f"[{article.title}]" if article.title_supplied else article.title
    count = len(article.passages)
    caption = f"{count} passage{'s' if count != 1 else ''}, each with a permanent link"
    if article.title_supplied:
        caption = f"Headline supplied by the archive · {caption}"
    return Card(site, title, False, (article.outlet, f" · {article.published.label}"), caption)


def site_card(corpus: Corpus, site: str) -> Card:
    years = sorted({article.published.value.year for article in corpus.articles})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}"
    passages = sum(len(article.passages) for article in corpus.articles)
    return Card("A source archive", site, False, (f"{len(corpus.articles)} news articles", f" · {passages} passages · {span}"),
                "Each capture kept byte for byte, each passage with a permanent link")


def _headline(article: Article) -> tuple[str, str]:
    """The headline as the caption quotes it, and what must close it even when it is cut."""
    if article.title_supplied:
        return f"[{article.title}", "] (headline supplied by the archive)"
    return f"“{article.title}", "”"


# Drawing ---------------------------------------------------------------------------------


def draw(card: Card, fonts: Fonts) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 15, HEIGHT), fill=ACCENT)
    pen.line((LEFT, 494, WIDTH - RIGHT, 494), fill=RULE, width=2)
    fonts("bold", 30).draw(image, (LEFT, 44), card.label, ACCENT)
    _draw_body(image, card, fonts)
    _draw_source(image, card.source, fonts)
    caption = fonts("regular", 27)
    caption.draw(image, (LEFT, 562), one_line(card.caption, caption, TEXT_WIDTH, card.caption_end), MUTED)
    return _png(image)


def _draw_body(image: Image.Image, card: Card, fonts: Fonts) -> None:
    weight, sizes = ("regular", QUOTE_SIZES) if card.quoted else ("bold", TITLE_SIZES)
    bottom = ATTRIBUTION_TOP - 12 if card.attribution else BODY_BOTTOM
    size, lines = fit(card.body, lambda size: fonts(weight, size), sizes, bottom - BODY_TOP)
    font, step = fonts(weight, size), round(size * LINE_HEIGHT)
    top = BODY_TOP + (bottom - BODY_TOP - len(lines) * step) // 2
    if card.attribution:
        attribution = fonts("bold", 28)
        attribution.draw(image, (LEFT, ATTRIBUTION_TOP), one_line(card.attribution, attribution, TEXT_WIDTH), ACCENT)
    if card.quoted:
        fonts("bold", 150).draw(image, (LEFT - 78, top - 30), "“", ACCENT)
    for number, line in enumerate(lines):
        font.draw(image, (LEFT, top + number * step), line, INK)


def _draw_source(image: Image.Image, source: tuple[str, str], fonts: Fonts) -> None:
    """The first part in bold, cut at a word if it must be; the rest (a date, a ¶) never cut."""
    lead, rest = source
    bold, regular = fonts("bold", 30), fonts("regular", 30)
    lead = one_line(lead, bold, TEXT_WIDTH - regular.length(rest))
    bold.draw(image, (LEFT, 512), lead, INK)
    regular.draw(image, (LEFT + bold.length(lead), 512), rest, MUTED)


def _png(image: Image.Image) -> bytes:
    """A palette of the card's few colours and their blends: a third of the bytes of RGB."""
    out = io.BytesIO()
    image.quantize(palette=_PALETTE, dither=Image.Dither.NONE).save(out, "PNG", compress_level=6)
    return out.getvalue()


def _blends() -> Image.Image:
    """Each ink blended into the paper in 16 steps: every colour antialiased text can take here."""
    colours = [tuple(round(p + (c - p) * step / 15) for p, c in zip(PAPER, ink, strict=True))
               for ink in (INK, MUTED, ACCENT, RULE) for step in range(16)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([channel for colour in colours for channel in colour])
    return palette


_PALETTE = _blends()


# Text fitting ----------------------------------------------------------------------------


def fit(text: str, font_at, sizes: range, height: int) -> tuple[int, list[str]]:
    """The largest size at which `text` wraps into `height`; at the smallest, the lines that
    fit, the last ending in an ellipsis after a whole word."""
    for size in sizes:
        lines = wrap(text, font_at(size), TEXT_WIDTH)
        if len(lines) * round(size * LINE_HEIGHT) <= height:
            return size, balanced(text, font_at(size), len(lines))
    size = sizes[-1]
    font, room = font_at(size), height // round(size * LINE_HEIGHT)
    lines = wrap(text, font, TEXT_WIDTH)[:room]
    lines[-1] = clipped(lines[-1], font, TEXT_WIDTH)
    return size, lines


def wrap(text: str, font: Face, width: int) -> list[str]:
    """Greedy lines of whole words (widths add up: see Face); a single word wider than a line
    is split, as nothing else fits."""
    lines: list[str] = []
    line, used, space = "", 0.0, font.length(" ")
    for word in text.split():
        needed = font.length(word)
        if line and used + space + needed <= width:
            line, used = f"{line} {word}", used + space + needed
            continue
        if line:
            lines.append(line)
        line, used = word, needed
        while used > width:
            cut = _longest_prefix(line, font, width)
            lines.append(line[:cut])
            line = line[cut:]
            used = font.length(line)
    return [*lines, line] if line else lines


def balanced(text: str, font: Face, count: int) -> list[str]:
    """The narrowest wrap that still takes `count` lines, so that the last line is not one
    word alone (what CSS calls text-wrap: balance)."""
    low = max(TEXT_WIDTH // 2, *(round(font.length(word)) for word in text.split()))
    high = TEXT_WIDTH
    while low < high:
        middle = (low + high) // 2
        if len(wrap(text, font, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    return wrap(text, font, high)


def _longest_prefix(word: str, font: Face, width: int) -> int:
    return max(1, next((cut for cut in range(len(word), 0, -1) if font.length(word[:cut]) <= width), 1))


def one_line(text: str, font: Face, width: float, suffix: str = "") -> str:
    """`text` + `suffix` if it fits in one line; else as many whole words of `text` as fit
    before an ellipsis and the suffix."""
    if font.length(text + suffix) <= width:
        return text + suffix
    return clipped(text, font, width - font.length(suffix)) + suffix


def clipped(text: str, font: Face, width: float) -> str:
    """As many whole words of `text` as fit before an ellipsis, always ending in one."""
    words = text.split()
    while len(words) > 1 and font.length(_ended(words)) > width:
        words.pop()
    return _ended(words)


def _ended(words: list[str]) -> str:
    """Words and an ellipsis, without a comma or dash left dangling before it."""
    return " ".join(words).rstrip(",;:–—-") + ELLIPSIS
