"""What one line of a capture looks like when it is page furniture rather than article text.

The line classifier (lines.py) asks these questions of every capture line; each answer is a
`Furniture`: its kind (the vocabulary of the labelled fixtures in tests/fixtures/furniture/)
and a short description that becomes the draft's `Omitted: line N — TODO: <description>`, so
the curator sees why the line was proposed and decides.

Two strengths of evidence. A *marked* line carries a sign no article sentence carries (©,
“All rights reserved”, “Sign up to our newsletter”, “READ MORE:”, a line of only date words):
it is furniture even when it ends like a sentence. An *unmarked* pattern (a word like
“share” or “comments”, a menu's separators) counts only for text that is not a sentence,
since leaving out article text is the worse mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.corpus.text import normalise

# A line ends a sentence: . ! ? or … then any closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\Z")
# A line ends on a full stop, not “...”, then any closing quotes or brackets.
_FULL_STOP = re.compile(r"(?<!\.)\.[\"”’'»)\]]*\Z")
# At most this many words, no sentence: a heading, a caption, a link, a button.
SHORT_WORDS = 12


@dataclass(frozen=True)
class Furniture:
    """Why a line looks like furniture: its kind (as the fixtures label it) and the curator's description."""

    kind: str
    reason: str


_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                     "nov", "dec"})
_DATE_WORDS = _MONTHS | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
                         "wed", "thu", "fri", "sat", "sun", "am", "pm", "gmt", "utc", "bst", "cet", "cest", "est", "edt",
                         "msk", "irst", "at", "a", "p", "m", "updated", "published", "posted", "modified", "mirrored", "last", "on",
                         "ago", "minute", "minutes", "min", "mins", "hour", "hours", "day", "days", "week", "weeks", "month",
                         "months", "year", "years", "read", "h"}
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b\d{1,2}[:.]\d{2}\b")
_RELATIVE_TIME = re.compile(r"\A(last updated:?\s*)?\d+\s+(min|mins|minutes?|hours?|days?)\s+(ago|read)\Z", re.I)
_BOXES = ("check also", "read more", "read also", "also read", "don't miss", "see also", "related", "tags", "topics",
          "related articles", "related posts", "related news", "related stories", "more stories", "latest news",
          "you may also like", "you might also like", "recommended", "most read", "most popular", "trending",
          "more on this story", "related topics", "read next", "editor's picks", "top stories", "popular", "key points")
_BOX_PREFIX = re.compile(r"\A((?i:read more|also read|read also|related|see also|more|watch|listen|recommended|don'?t miss|"
                         r"check also)\s*[:|–—-]\s*[^\sa-z]|(?i:related (article|story|video|content|coverage)s?)\s+\S|"
                         r"(?i:continue reading (on|at))\b)")
_MORE_FROM = re.compile(r"\A((read |see )?more (from|on|in|about)|most read in|explore more on) [\w' ]{1,30}\Z", re.I)
# What a newsletter sign-up names: the thing subscribed to, not just the verb.
_SUBSCRIBED = r"(newsletters?|briefings?|brief|inbox|alerts)"
# Says who someone is, in a sentence of its own: an author's bio if the page names that person elsewhere.
_WHO_IS = re.compile(r"\A((Dr|Prof|Professor|Mr|Mrs|Ms)\.? )?(?P<name>[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}) "
                     r"((is|was)\b[^.!?]{0,80}\b(?i:correspondent|reporter|editor|journalist|writer|columnist|"
                     r"contributor|fellow|analyst|researcher|lecturer|professor|bureau chief|producer|photographer|"
                     r"commentator)\b|(writes|has written|reports|covers) (about|on|for)\b)[^.!?]*([.!?]|\Z)")
_PAGE_CODE = re.compile(r"<[/!a-zA-Z]|-->|\{|\}|\bfunction\s*\(|\bwindow\.|\bgtag\b|\bdocument\.|\b_gaq\b")

_MARKED = (
    (re.compile(r"©|\A(copyright|\(c\))\s*(©\s*)?\d{4}\b|\ball rights reserved\b", re.I), "copyright", "a copyright line"),
    (re.compile(r"\A(any )?(use|reproduction|copying|republication|redistribution) of (the |this |our )?(materials?|content)\b|"
                r"\b(the|this|our) (materials?|content) (may|must|can) (not )?be (reproduced|republished|copied|used|"
                r"redistributed)\b", re.I), "copyright", "a notice on reusing the page's material"),
    (re.compile(r"\b(this|our) (site|website|page|blog|app)\b.{0,20}\b(uses?|using) cookies\b|\bwe use cookies\b", re.I),
     "cookie", "a cookie notice"),
    (re.compile(r"\bcookies?\b.*\b(use|uses|using|accept|policy|consent|agree|continu\w*)\b|\A(accept|reject) (all )?cookies",
                re.I), "cookie", "a cookie notice"),
    (re.compile(rf"\b(sign up|subscribe)\b.{{0,60}}\b{_SUBSCRIBED}\b|\b{_SUBSCRIBED}\b.{{0,40}}\b(sign up|subscribe|inbox)\b",
                re.I), "newsletter",
     "a newsletter sign-up"),
    (re.compile(r"\b(in|to|into) your inbox\b", re.I), "newsletter", "a newsletter sign-up"),
    (re.compile(r"\A(this (page|site|copy) is an? (mirror|archived|cached|saved) |(cached|archived|saved) (copy|version)\b)",
                re.I), "syndication", "a note that the page is a copy of another"),
    (re.compile(r"\bfor (informational|information) purposes only\b", re.I), "syndication", "a disclaimer"),
    (re.compile(r"\A(this (article|story|material|piece|report) (was|is|has been|first|originally)\b.{0,40}"
                r"\b(published|appeared|reproduced|republished)|originally published|first published (on|by|in)|"
                r"republished|republication|reproduced (with|in full)|mirror(ed)? of the original)", re.I),
     "syndication", "a note that the article was published elsewhere first"),
    (re.compile(r"\A(editor'?s'? note|disclaimer|disclosure( statement)?|correction|our standards)\s*:|\Athe (views|opinions) expressed (in|by)\b",
                re.I), "syndication", "an editors' note or a disclaimer"),
    (re.compile(r"\b(support|donate to|fund) (our |independent |quality )*journalism\b|\bdonate (now|today)\b", re.I),
     "advert", "an appeal for money"),
    (re.compile(r"\A(advertisement|advertising|sponsored( content)?|story continues below( the)? (advertisement|ad)|"
                r"ad|promoted)\s*:?\Z", re.I), "advert", "an advertisement marker"),
    (re.compile(r"\Aabout the author\b", re.I), "bio", "an author's biography"),
    (re.compile(r"\A(comments? (are|is) (closed|disabled)|be the first to comment|leave a (comment|reply)|"
                r"join the (conversation|debate|discussion)|\d+\s+comments?|comments?\s*\(\d+\)|add a comment)\b.{0,30}\Z|"
                r"\A(join the (conversation|debate|discussion)|have your say)\s*[:.!]|\bcomments are (moderated|reviewed)\b",
                re.I), "comments", "an invitation to comment or a comment count"),
    (re.compile(r"\A(do you have|have you got|got) (a|any) (story|tip|news tip)s?\b|"
                r"\b(email|e-mail|write to|contact) (us|[\w.+-]+@[\w-]+\.[\w.]+)\b", re.I), "follow",
     "an appeal for tips or a contact address"),
    (re.compile(r"\A(follow (us|me|@)|follow [\w ]{1,40} on (twitter|x|facebook|telegram|instagram|youtube)|"
                r"join (us|our [\w ]{1,20}channel) on)\b", re.I), "follow", "a social-media plug"),
    (re.compile(r"\A(reporting|writing|editing|additional reporting|compiled|translated) by\b", re.I), "byline",
     "a byline or editing credit"),
    (re.compile(r"\bcontributed (additional )?(reporting|to this (report|story|article))\b", re.I), "byline",
     "a reporting credit"),
    (re.compile(r"\A(source|via)\s*:?\s+[A-Z][\w.' -]{1,40}\Z"), "syndication", "a source line naming another outlet"),
    (re.compile(r"\A\[(image|photo|picture|video)\b|\A(image|photo|picture)\s*:\s*[^.]{0,80}\Z", re.I), "alt",
     "an image's alt text"),
    (re.compile(r"\A(photo(graph)?|image|picture|file photo|credit|photo credit|image source)s?\s*:", re.I), "credit",
     "an image credit or source line"),
    (re.compile(r"\A(video|audio|gallery)\s*:|\b\d{1,2}:\d{2}\Z", re.I), "caption", "a video's caption or running time"),
    (re.compile(r"\A(image|photo) (caption|source)\s*,\s*\S", re.I), "caption", "a photo caption"),
    (re.compile(r"\((image|photo|photograph|picture|file photo|credit)\b[^()]*\)\s*\Z|"
                r"\([^()]{1,30}\b(photo|image|picture)s?\)\s*\Z|"
                r"\([A-Z][\w.' -]{1,40}( for |/)[A-Z][^()]{1,40}\)\s*\Z|"
                r"\b(photo(graph)?|image|credit)\s*:\s*[^.:]{2,60}\Z", re.I), "caption",
     "a photo caption with its credit"),
)
_UNMARKED = (
    (re.compile(r"\A(by|written by|author:?|reporter:?)\s", re.I), "byline", "a byline"),
    (re.compile(r"\b(desk|agencies|news agency|staff reporter|correspondent|editor|reporter)\b", re.I), "byline",
     "a desk or agency credit"),
    (re.compile(r"\A(tags?|topics?|filed under|categor(y|ies)|keywords)\b\s*:?|\A(#\w+\s*)+\Z", re.I), "tags",
     "tags or categories"),
    (re.compile(r"\b(AFP|Reuters|AP|EPA|Getty Images|TASS|Sputnik|IRNA|AA|Anadolu|Xinhua)( Photo)?\Z"), "credit",
     "an image credit or source line"),
    (re.compile(r"\b(share|tweet|whatsapp|telegram|facebook|twitter|linkedin|instagram|subscribe|newsletter|"
                r"follow (us|me)|email|print|pdf|cite)\b", re.I), "share", "share buttons or a social-media plug"),
    (re.compile(r"\bcomments?\b", re.I), "comments", "an invitation to comment"),
    (re.compile(r"[|•›»>▾]|\s/\s"), "menu", "a menu"),
)
# A row of links or buttons: items between one repeated separator, each a few words.
_ROW_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s{2,}")
_ROW_ITEMS, _ROW_ITEM_WORDS = 3, 4
_TRAILING_CREDIT = re.compile(r"\s*(\([^()]*\b(?:Desk|Agencies|Wires?|News Agency)\b[^()]*\))\s*\Z")
_PUNCTUATION = re.compile(r"[\"“”«».,;:!?()\[\]—–]+")


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()))


def full_stop(text: str) -> bool:
    """Whether the line ends on a full stop (not “...”): a headline never does."""
    return bool(_FULL_STOP.search(text.rstrip()))


def box_heading(text: str) -> str | None:
    """The name of a box of links to other articles ("Check Also", "READ MORE:") this line heads."""
    shown = normalise(text).rstrip(":").strip()
    folded = shown.replace("’", "'").lower()
    return shown if folded in _BOXES or _MORE_FROM.match(shown) else None


def marked(text: str, headline: str | None) -> Furniture | None:
    """Furniture by a sign no article sentence carries, whether or not the line ends a sentence."""
    text = normalise(text)
    if headline is not None and text == normalise(headline):
        return Furniture("headline", "it repeats the headline")
    if _is_date_line(text):
        return Furniture("timestamp", "a date line: a date ticker, or the article's date?")
    if box_heading(text):
        return Furniture("related", f"the heading of a “{box_heading(text)}” box of links to other articles")
    if _BOX_PREFIX.match(text):
        return Furniture("related", "a link to another article")
    if _PAGE_CODE.search(text):
        return Furniture("code", "a remnant of the page's code")
    if _row(text):
        return Furniture("menu", "a menu")
    if _teaser(text):
        return Furniture("related", "text cut off with “…”: a teaser for another article?")
    return next((Furniture(kind, reason) for pattern, kind, reason in _MARKED if pattern.search(text)), None)


def unmarked(text: str) -> Furniture | None:
    """Furniture by a weaker sign, for text that is not a sentence (a line, or wrapped lines joined)."""
    text = normalise(text)
    if ends_sentence(_without_credit(text)):
        return None
    found = next((Furniture(kind, reason) for pattern, kind, reason in _UNMARKED if pattern.search(text)), None)
    if found is None and len(text.split()) <= SHORT_WORDS:
        return Furniture("short", "a short line without a sentence (a heading, caption or link?)")
    return found


def biography(text: str) -> str | None:
    """The name of the person a line says who they are, in a finished sentence (“X is the
    Herald’s Moscow correspondent.”): an author's bio if the page names X elsewhere too, an
    article sentence about someone else if not (lines.py decides)."""
    match = _WHO_IS.match(normalise(text))
    return match["name"] if match else None


def fold(text: str) -> str:
    """Text as the pull-quote test compares it: lower case, punctuation as spaces, one space between words."""
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def quote_pieces(text: str) -> list[str]:
    """The pieces of a line a pull quote would repeat (folded), or none if it is too short to
    tell: at least five words, each piece between punctuation of three words or more (a pull
    quote may be cut, so each piece is looked for on its own)."""
    pieces = [fold(piece) for piece in _PUNCTUATION.split(text)]
    pieces = [piece for piece in pieces if piece]
    if sum(len(piece.split()) for piece in pieces) < 5 or any(len(piece.split()) < 3 for piece in pieces):
        return []
    return pieces


def trailing_credit(text: str) -> str | None:
    """A credit in brackets at the end of a line of text, e.g. “(Int’l Monitoring Desk)”."""
    match = _TRAILING_CREDIT.search(text)
    return match[1] if match else None


def _without_credit(text: str) -> str:
    credit = trailing_credit(text)
    return text[: text.rindex(credit)] if credit else text


def cut_off(text: str) -> bool:
    """Whether the line ends with “…” or “...”: cut off, or trailing off."""
    return text.rstrip().endswith(("…", "..."))


def _teaser(text: str) -> bool:
    """Cut off with “…” and short, with no sentence finished before the cut: the start of another
    article's headline or lead. (An article sentence may trail off with “...” too: it is longer,
    or follows a finished sentence.)"""
    cut = text.rstrip().removesuffix("...").removesuffix("…")
    return cut_off(text) and len(cut.split()) <= SHORT_WORDS and not re.search(r"[.!?][\"”’')\]]*\s", cut)


def _row(text: str) -> bool:
    """Items between a repeated separator (“Share on X · Email · Copy link”), each a few words and
    none a sentence: links or buttons side by side, which a sentence never is."""
    items = _ROW_SEPARATOR.split(text)
    return len(items) >= _ROW_ITEMS and all(len(item.split()) <= _ROW_ITEM_WORDS and not ends_sentence(item)
                                            for item in items)


def _is_date_line(text: str) -> bool:
    if _RELATIVE_TIME.match(text):
        return True
    words = re.findall(r"[a-z]+|\d+", text.lower())
    if not words or len(words) > 16:
        return False
    has_date = _NUMERIC_DATE.search(text) or any(word in _MONTHS for word in words)
    return bool(has_date) and all(word.isdigit() or word in _DATE_WORDS for word in words)
