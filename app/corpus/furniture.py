"""What a line of a capture looks like when it is page furniture rather than article text.

The draft proposer (draft.py) asks these questions of every capture line; each answer is a
short description that becomes the draft's `Omitted: line N — TODO: <description>`, so the
curator sees why the line was proposed and decides. The patterns are deliberately narrow:
a line that ends a sentence is furniture only for a strong reason (a date, a box heading,
a repeated headline, page code), since leaving out article text is the worse mistake.
"""

from __future__ import annotations

import re

from app.corpus.text import normalise

# A line ends a sentence: . ! ? or … then any closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"”’'»)\]]*\Z")
# At most this many words, no sentence: a heading, a caption, a link, a button.
SHORT_WORDS = 12

_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                     "nov", "dec"})
_DATE_WORDS = _MONTHS | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
                         "wed", "thu", "fri", "sat", "sun", "am", "pm", "gmt", "utc", "at", "updated", "published",
                         "posted", "last", "on"}
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_BOXES = ("check also", "read more", "read also", "also read", "don't miss", "see also", "related",
          "related articles", "related posts", "related news", "related stories", "more stories",
          "you may also like", "recommended", "most read", "most popular", "trending", "latest news")
_PAGE_CODE = re.compile(r"<[/!a-zA-Z]|-->|\{|\}|\bfunction\s*\(|\bwindow\.|\bgtag\b|\bdocument\.")
_NO_SENTENCE_PATTERNS = (
    (re.compile(r"\A(by|written by|reporting by|edited by|author:?|reporter:?)\s", re.I), "a byline"),
    (re.compile(r"\b(desk|agencies|news agency|staff reporter|correspondent)\b", re.I), "a desk or agency credit"),
    (re.compile(r"\A(image|photo|picture|video|file photo)( source| credit)?\s*:|\A(credit|source|via)\s*:", re.I),
     "an image credit or source line"),
    (re.compile(r"\b(share|tweet|whatsapp|telegram|facebook|twitter|linkedin|instagram|subscribe|newsletter|follow (us|me))\b",
                re.I), "share buttons or a social-media plug"),
    (re.compile(r"\bcomments?\b", re.I), "an invitation to comment"),
    (re.compile(r"[|•›»]|\s/\s"), "a menu"),
)
_TRAILING_CREDIT = re.compile(r"\s*(\([^()]*\b(?:Desk|Agencies|Wires?|News Agency)\b[^()]*\))\s*\Z")


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.rstrip()))


def box_heading(text: str) -> str | None:
    """The name of a box of links to other articles ("Check Also", "READ MORE:") this line heads."""
    folded = normalise(text).replace("’", "'").rstrip(":").strip().lower()
    return normalise(text).rstrip(":") if folded in _BOXES else None


def line_reason(text: str, headline: str | None) -> str | None:
    """Why a whole capture line looks like furniture, judged on the line alone; None if it does not."""
    text = normalise(text)
    if headline is not None and text == normalise(headline):
        return "it repeats the headline"
    if _is_date_line(text):
        return "a date line: a date ticker, or the article's date?"
    if box_heading(text):
        return f"the heading of a “{box_heading(text)}” box of links to other articles"
    if _PAGE_CODE.search(text):
        return "a remnant of the page's code"
    if text.endswith(("…", "...")):
        return "text cut off with “…”: a teaser for another article?"
    if ends_sentence(_without_credit(text)):
        return None
    return next((reason for pattern, reason in _NO_SENTENCE_PATTERNS if pattern.search(text)), None)


def flow_reason(text: str) -> str | None:
    """Why joined lines with no sentence in them look like furniture; None if they may be text."""
    if ends_sentence(text) or len(text.split()) > SHORT_WORDS:
        return None
    return "a short line without a sentence (a heading, caption or link?)"


def trailing_credit(text: str) -> str | None:
    """A credit in brackets at the end of a line of text, e.g. “(Int’l Monitoring Desk)”."""
    match = _TRAILING_CREDIT.search(text)
    return match[1] if match else None


def _without_credit(text: str) -> str:
    credit = trailing_credit(text)
    return text[: text.rindex(credit)] if credit else text


def _is_date_line(text: str) -> bool:
    words = re.findall(r"[a-z]+|\d+", text.lower())
    if not words or len(words) > 8:
        return False
    has_date = _NUMERIC_DATE.search(text) or any(word in _MONTHS for word in words)
    return bool(has_date) and all(word.isdigit() or word in _DATE_WORDS for word in words)
