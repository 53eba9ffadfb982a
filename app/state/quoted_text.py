"""A quotation as the quote check compares it: words, each folded to one form, with where it
stands in the text it came from.

People quote loosely: curly or straight quotes, the quotation marks themselves pasted in,
lower case, British or American spelling, "…" or "[...]" for a cut. Folding both sides the
same way (case, apostrophes, the regular British/American spelling differences) makes those
differences vanish before anything is compared, while each word keeps its place in the
original text, so a match can still be marked there (?hl=).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

MAX_QUOTE_CHARS = 2000

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# "…", "...", "[…]", "[...]", "(...)" and spaced forms ". . .": where a reader cut the quotation.
_CUT = re.compile(r"[\[(]?\s*(?:…|\.\s?\.\s?\.)\s*[\])]?")
# Regular British endings and their American forms, longest first; applied to both sides.
_SPELLINGS = (
    ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"),
    ("ysing", "yzing"), ("ysed", "yzed"), ("yse", "yze"), ("ours", "ors"), ("our", "or"), ("ogue", "og"),
    ("fences", "fenses"), ("fence", "fense"), ("tres", "ters"), ("tre", "ter"), ("lled", "led"), ("lling", "ling"),
    ("mme", "m"),
)


class BadQuote(ValueError):
    """A quotation the check cannot read; `message` says why, for the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Word:
    """One word: its folded form, as written, and its span (start, end) in the text it was read from."""

    form: str
    written: str
    start: int
    end: int


@functools.lru_cache(maxsize=1 << 16)  # a check folds the words of some 60 passages: mostly the same words
def fold(word: str) -> str:
    """A word's one form: lower case, straight apostrophe, accents off, American spelling."""
    text = word.lower().replace("’", "'")
    if not text.isascii():
        text = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    if len(text) > 4:
        for british, american in _SPELLINGS:
            if text.endswith(british):
                return text[: -len(british)] + american
    return text


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of `text`, folded, with their spans (shifted by `offset`)."""
    return [Word(fold(match.group()), match.group(), match.start() + offset, match.end() + offset) for match in _WORD.finditer(text)]


def pieces(quotation: str) -> list[list[Word]]:
    """The quotation's words, in pieces where the reader marked a cut (each piece has words)."""
    found = [words(piece) for piece in _CUT.split(quotation)]
    return [piece for piece in found if piece]


def checked(quotation: str) -> str:
    """The quotation with control characters made spaces and whitespace folded; BadQuote if it
    is empty, too long, has no word, or is written in a script the archive does not hold."""
    text = " ".join("".join(" " if unicodedata.category(c).startswith("C") else c for c in quotation).split())
    if not text:
        raise BadQuote("Paste the quotation to check in the `q` parameter, for example /quote?q=NATO expansion is a serious threat.")
    if len(text) > MAX_QUOTE_CHARS:
        raise BadQuote(f"The quotation is {len(text):,} characters long; the check takes up to {MAX_QUOTE_CHARS:,}. "
                       "Check a shorter part of it.")
    letters = [char for char in text if char.isalpha()]
    if not letters and not any(char.isdigit() for char in text):
        raise BadQuote("The quotation has no words, only punctuation or symbols. Paste the words that were quoted.")
    if letters and sum(_latin(char) for char in letters) < len(letters) / 2:
        raise BadQuote("The quotation is not in the Latin alphabet. The archive holds English articles: "
                       "check the quotation in English.")
    return text


def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")
