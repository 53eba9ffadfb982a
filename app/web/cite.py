"""Citations of an article or one passage: Chicago (notes and bibliography), BibTeX, CSL-JSON,
and the meta tags reference managers read from a page (Highwire Press and Dublin Core).

Each names the original outlet, headline (a supplied one in square brackets, as Chicago
asks), date, original URL and the archive's permalink. The access date is the reader's:
pages render a placeholder that the page's script fills in with today's date, and the
CSL-JSON form takes it as `?accessed=YYYY-MM-DD`, so every response stays the same for
everyone (the site is immutable and cached).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.model import Article, Passage, Statement

ACCESSED_PLACEHOLDER = "[date accessed]"
URLDATE_LINE = f"  urldate = {{{ACCESSED_PLACEHOLDER}}},\n"  # the BibTeX field a page shows only once its script has the date
_ACCESSED = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
_CLOSING_QUOTES = "'\"’”"
_ENDS_SENTENCE = (".", "!", "?", "…")


@dataclass(frozen=True)
class Citable:
    """What is cited: an article, or one passage of it, with the archive URL to cite."""

    article: Article
    permalink: str
    archive: str  # the archive's name
    passage: Passage | None = None
    said: tuple[Statement, ...] = ()  # the passage's statements: who speaks in it

    @property
    def speakers(self) -> str:
        """The passage's speakers by name ("A and B"), or ""."""
        return speaker_names(self.said)

    @property
    def title(self) -> str:
        """The headline as cited: a supplied one in square brackets."""
        return f"[{self.article.title}]" if self.article.title_supplied else self.article.title

    @property
    def headline(self) -> str:
        """Chicago's quoted headline, closed with a period unless it already ends a sentence
        (“… 'We won't help'!”, not “… 'We won't help'!.”)."""
        if self.article.title_supplied:
            return self.title
        ended = self.article.title.rstrip(_CLOSING_QUOTES).endswith(_ENDS_SENTENCE)
        return f"“{self.article.title}”" if ended else f"“{self.article.title}.”"

    @property
    def key(self) -> str:
        suffix = f"-p{self.passage.number}" if self.passage else ""
        return f"{self.article.slug}{suffix}"


def speaker_names(said: tuple[Statement, ...]) -> str:
    """The speakers of these statements by name, each once ("A, B and C"), or ""."""
    names = list(dict.fromkeys(statement.speaker.name for statement in said))
    return _joined(names) if names else ""


def read_accessed(value: str | None) -> dt.date | None:
    """A valid `accessed` parameter, or None (a bad one is ignored, not an error)."""
    if not value or not _ACCESSED.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def chicago(item: Citable) -> str:
    article = item.article
    where = f", ¶{item.passage.number}" if item.passage else ""
    headline = item.headline if not article.title_supplied else f"{item.headline} (headline supplied by the archive)."
    return (
        f"{_quoted_in(item)}{headline} {article.outlet}, {article.published.label}{where}. {article.url}. "
        f"Archived in {item.archive}, {item.permalink}. Accessed {ACCESSED_PLACEHOLDER}."
    )


def _quoted_in(item: Citable) -> str:
    """Chicago's secondary-source lead: "Hossein Amir-Abdollahian, quoted in " ("reported in" for
    a paraphrase). Where some are quoted and others only reported, each group says which:
    "Yoshimasa Hayashi, reported, and Hossein Amir-Abdollahian, quoted, in "."""
    parts = [f"{_joined(names)}, {how}" for how, names in _by_kind(item.said).items()]
    if len(parts) == 2:
        return f"{parts[0]}, and {parts[1]}, in "
    return f"{parts[0]} in " if parts else ""


def _by_kind(said: tuple[Statement, ...]) -> dict[str, list[str]]:
    """The speakers by how they speak, in the passage's order: quoted if any of their statements
    is, otherwise reported."""
    quoted = {s.speaker.name for s in said if s.kind == "quoted"}
    groups: dict[str, list[str]] = {}
    for name in dict.fromkeys(s.speaker.name for s in said):
        groups.setdefault("quoted" if name in quoted else "reported", []).append(name)
    return groups


def _joined(names: list[str]) -> str:
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def bibtex(item: Citable) -> str:
    article = item.article
    title = item.title.replace("{", "").replace("}", "")
    notes = [f"Original: {article.url}", f"published {article.published.label} ({article.published_basis})"]
    if item.passage:
        notes.append(f"passage ¶{item.passage.number}")
    if item.said:
        notes.append(f"said by {item.speakers}")
    if article.title_supplied:
        notes.append("headline supplied by the archive")
    fields = [
        ("title", "{" + title + "}"),
        ("journaltitle", article.outlet),
        ("date", article.published.iso),
        ("url", item.permalink),
        ("urldate", ACCESSED_PLACEHOLDER),
        ("note", "; ".join(notes)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{item.key},\n{body}\n}}"


def csl_json(item: Citable, accessed: dt.date | None) -> dict:
    article = item.article
    year, month, day = article.published.value.year, article.published.value.month, article.published.value.day
    parts = [year, month] if article.published.precision == "month" else [year, month, day]
    record = {
        "id": item.key,
        "type": "article-newspaper",
        "title": item.title,
        "container-title": article.outlet,
        "issued": {"date-parts": [parts], **({"circa": True} if article.published.precision == "approximate" else {})},
        "URL": item.permalink,
        "source": article.url,
        "archive": item.archive,
        "archive_location": item.permalink,
    }
    # A passage's place is said in a note, not as its "page": styles print a page as "p. ¶2", and
    # a paragraph locator (with its label) belongs to a citation, not to the item. CSL has no
    # "quoted in" either: no name variable means a quotation's speaker (author is the article's
    # writer, original-author a translated work's), so the note names the speakers in words.
    notes = ([f"Passage ¶{item.passage.number}."] if item.passage else []) + (["Headline supplied by the archive."] if article.title_supplied else [])
    notes += [f"Said by {item.speakers}."] if item.said else []
    if notes:
        record["note"] = " ".join(notes)
    if accessed:
        record["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    return record


def embedded_metadata(item: Citable) -> list[tuple[str, str]]:
    """The meta tags (name, content) that Zotero's "Embedded Metadata" translator and Google
    Scholar read: Highwire Press `citation_*` and Dublin Core. Zotero takes the item type
    from DC.type when it names one of its types (`newspaperArticle`), the outlet from
    DC.source (Highwire's only outlet tag, citation_journal_title, would make a journal
    article), and a passage's ¶ from citation_firstpage into its Pages field."""
    article = item.article
    tags = [
        ("citation_title", item.title),
        ("citation_publication_date", article.published.iso.replace("-", "/")),
        ("citation_public_url", item.permalink),
        ("citation_language", article.language),
    ]
    if item.passage:
        tags.append(("citation_firstpage", f"¶{item.passage.number}"))
    return [
        *tags,
        ("DC.type", "newspaperArticle"),
        ("DC.title", item.title),
        ("DC.source", article.outlet),
        ("DC.date", article.published.iso),
        ("DC.language", article.language),
    ]
