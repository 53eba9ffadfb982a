"""A curator's first draft of an edition file, proposed from a capture and the header values known.

Pure: capture text and header values in, the edition file's text out (the `flask --app app
draft` command in app/cli.py does the file work). The draft proposes; the curator decides:
every header value not given is written `TODO: <what is expected>`, and every line proposed
for leaving out gets `Omitted: line N — TODO: <why it looks like furniture>`. The loader
refuses an article while any TODO is left (todos.py), so nothing proposed is published
undecided.

Each capture line is classified first (lines.py: article text, the headline, or furniture
with a reason); paragraphs are then joined from the article lines only, a wrapped line with
the next until a line ends a sentence, which undoes hard wrapping (the HausaTV capture) and
keeps one-paragraph-a-line captures apart. Every paragraph is the
capture's own words, escaped for Markdown only where Markdown would change what a reader sees.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.corpus import furniture
from app.corpus.dates import PRECISIONS, parse_fuzzy_date
from app.corpus.grammar import ARTICLE_SLUG, BASES
from app.corpus.lines import classify
from app.corpus.text import normalise, plain_text, render_paragraph
from app.corpus.todos import TODO
from app.model import Omission


def _either(options: tuple[str, ...]) -> str:
    return f"{', '.join(options[:-1])} or {options[-1]}"


# The header in the order curated files write it, and what a curator must write where a value is missing.
HINTS = {
    "title": "the headline exactly as the capture prints it (or your own, with Title-Supplied: yes)",
    "title-supplied": "yes if you wrote the Title, no if it is a line of the capture",
    "outlet": "the outlet that published the article, as readers know it",
    "url": "the article's address, http(s)://…",
    "published": "YYYY-MM-DD (or YYYY-MM), the day the article was published",
    "published-precision": f"{_either(PRECISIONS)}: how exact the Published date is",
    "published-basis": f"{_either(BASES)}: what the Published date rests on",
    "published-evidence": "the words the Published date rests on, and where they are",
    "reports": "one line per event reported: YYYY-MM-DD — what happened",
    "capture": "",
    "captured": "YYYY-MM-DD, the day the page was captured (delete this line if unknown)",
    "language": "the language code of the text, e.g. en",
    "note": "",
    "omitted": "",
}
_STOPWORDS = frozenset({"a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "by", "with", "from", "as",
                        "is", "are", "was", "its"})
_SLUG_WORDS = 6
_MARKDOWN_CHARS = re.compile(r"([\\`*_\[\]])")
_BLOCK_MARKER = re.compile(r"\A(#|>|[-+]|\d+(?=[.)]))")


class DraftError(ValueError):
    """The draft cannot be made; the message says what to give instead."""


@dataclass(frozen=True)
class Draft:
    """The proposed edition: its slug, its file's text, and what it proposes."""

    slug: str
    text: str
    paragraphs: tuple[str, ...]
    omissions: tuple[Omission, ...]


def propose_draft(capture_text: str, capture_name: str, values: dict, slug: str | None = None) -> Draft:
    """The draft edition of a capture. `values` holds the header values given, by lower-case
    field name (`reports` a sequence of lines); a value left out is written as TODO."""
    if not capture_text.strip():
        raise DraftError(f"{capture_name} is empty: there is no text to draft from")
    published = _date(values, "published")
    if published is None:
        raise DraftError("give --published YYYY-MM-DD: the article's slug and file name begin with it")
    _date(values, "captured")
    title = values.get("title") or None
    supplied = values.get("title-supplied") == "yes"
    lines = capture_text.split("\n")
    headline = None if supplied or title is None else _headline_line(lines, title)
    paragraphs, omissions = _propose(lines, headline, title)
    slug = _given_slug(slug, published.value.isoformat()) if slug else _slug(published.value.isoformat(), title)
    header = _header(values, capture_name, lines, headline, title, omissions)
    body = "\n\n".join(_as_markdown(text) for text in paragraphs)
    return Draft(slug, f"{header}\n\n{body}\n", tuple(paragraphs), tuple(omissions))


def _date(values: dict, key: str):
    if not values.get(key):
        return None
    precision = values.get("published-precision") if key == "published" else None
    try:
        return parse_fuzzy_date(values[key], precision if precision in PRECISIONS else "day")
    except ValueError as error:
        raise DraftError(f"--{key}: {error}") from None


def _slug(date: str, title: str | None) -> str:
    if title is None:
        raise DraftError("give --title (or --slug): the article's slug is its published date and words of its title")
    folded = re.sub(r"['’]s\b", "", title.lower())
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = [word for word in re.findall(r"[a-z0-9]+", folded) if word not in _STOPWORDS]
    slug = "-".join([date, *words[:_SLUG_WORDS]])
    if not ARTICLE_SLUG.match(slug):
        raise DraftError(f"no slug can be made from the title {title!r}: give --slug {date}-some-words")
    return slug


def _given_slug(slug: str, date: str) -> str:
    if not ARTICLE_SLUG.match(slug) or not slug.startswith(date + "-"):
        raise DraftError(f"--slug {slug!r} must be the published date then lower-case words, e.g. {date}-iran-blames-nato")
    return slug


def _headline_line(lines: list[str], title: str) -> int | None:
    """The capture line the Title is, as the fidelity check finds it (the first equal line)."""
    wanted = normalise(title)
    return next((number for number, line in enumerate(lines, start=1) if normalise(line) == wanted), None)


def _propose(lines: list[str], headline: int | None, title: str | None) -> tuple[list[str], list[Omission]]:
    """Paragraphs joined from the article lines only; every furniture line its own omission."""
    classified = classify("\n".join(lines), title, headline)
    omissions = [Omission(number, f"{TODO}: {verdict.reason}") for number, verdict in classified.furniture.items()]
    paragraphs = []
    for flow in classified.paragraphs:
        text = " ".join(classified.lines[number] for number in flow)
        credit = furniture.trailing_credit(text)
        if credit:
            omissions.append(Omission(flow[-1], f"{TODO}: a desk or agency credit", credit))
            text = text[: text.rindex(credit)].rstrip()
        paragraphs.append(text)
    return paragraphs, sorted(omissions, key=lambda omission: omission.line)


def _as_markdown(text: str) -> str:
    """The paragraph as Markdown that renders to exactly its text (escaped only if it must be)."""
    if _renders_as(text, text):
        return text
    escaped = _MARKDOWN_CHARS.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    escaped = _BLOCK_MARKER.sub(lambda match: "\\" + match[1] if not match[1].isdigit() else match[1] + "\\", escaped)
    return escaped if _renders_as(escaped, text) else text


def _renders_as(source: str, text: str) -> bool:
    rendered = render_paragraph(source)
    return rendered is not None and plain_text(rendered) == normalise(text)


def _header(values: dict, capture_name: str, lines: list[str], headline: int | None, title, omissions) -> str:
    given = {**values, "capture": capture_name}
    guesses = {"title-supplied": _supplied_guess(headline, title), "published-evidence": _evidence_guess(lines, omissions)}
    fields = []
    for key, hint in HINTS.items():
        value = given.get(key)
        if key == "omitted":
            value = [_omission_entry(omission) for omission in omissions]
        elif not value and hint:
            value = f"{TODO}: {hint}{guesses.get(key, '')}"
        if value:
            fields.append(_field(key, [value] if isinstance(value, str) else list(value)))
    return "\n".join(fields)


def _field(key: str, entries: list[str]) -> str:
    name = "-".join(part.capitalize() for part in key.split("-"))
    indent = " " * (len(name) + 2)
    return f"{name}: " + f"\n{indent}".join(entries)


def _omission_entry(omission: Omission) -> str:
    part = f" “{omission.part}”" if omission.part else ""
    return f"line {omission.line}{part} — {omission.reason}"


def _supplied_guess(headline: int | None, title: str | None) -> str:
    if title is None:
        return ""
    return f" (the Title is capture line {headline}: no?)" if headline else " (the Title is not a line of the capture: yes?)"


def _evidence_guess(lines: list[str], omissions) -> str:
    dated = next((omission.line for omission in omissions if "date line" in omission.reason), None)
    return f" (the capture has a date line: line {dated} “{lines[dated - 1].strip()}”)" if dated else ""
