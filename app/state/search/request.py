"""What a reader asked the search for: the URL's parameters read, checked and cleaned.

Pure string work, no Whoosh: a request that cannot be answered raises BadSearch (the
caller answers 4xx with its message); a query that can be read sensibly is cleaned, and
each thing changed is said in a note for the reader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_SLOP = 10  # words a phrase's ~N lets between its words: past a few, a phrase is just its words, and slower
SORTS = ("relevance", "date", "newest")
FILTERS = ("outlet", "year", "person", "said_by")
PARAMS = {name: name.replace("_", "-") for name in FILTERS}  # each filter's URL parameter: said_by is said-by
_SLUG = re.compile(r"\A[a-z0-9]+(-[a-z0-9]+)*\Z")

_DOUBLE_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_WILDCARD_WORD = re.compile(r'\A[-+("]*\w[\w\'’]+\*[)"]*\Z')
_FIELD_PREFIX = re.compile(r"(?<![\w\"])([^\W\d_]+):")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PHRASE_SLOP = re.compile(r'("[^"]*")~(\d+)')
_TILDE = re.compile(r'(?<!")~[\d.]*|(?<=")~(?!\d)')  # every ~ but a phrase's slop
_BOOST = re.compile(r"\^[\d.]*")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


class BadSearch(ValueError):
    """A search request that cannot be answered as asked; `message` says why, for the reader."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SearchRequest:
    """One search, as the URL asks for it: the cleaned query, the page, the order, the filters."""

    query: str = ""
    page: int = 1
    sort: str = "relevance"
    outlet: str = ""
    year: str = ""
    person: str = ""
    said_by: str = ""  # a speaker's slug
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def filters(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def filter_params(self) -> dict[str, str]:
        """The filters in use by their URL parameters (said-by, not said_by)."""
        return {PARAMS[name]: value for name, value in self.filters.items()}

    def params(self) -> dict[str, str]:
        """The URL parameters that say this request (defaults left out)."""
        params = {"q": self.query, **self.filter_params()}
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.page != 1:
            params["page"] = str(self.page)
        return params


def read_request(args: Mapping[str, str]) -> SearchRequest:
    """The request in `args` (a query string's parameters); BadSearch if it cannot be read."""
    raw = args.get("q", "")
    if len(raw) > MAX_QUERY_CHARS:
        raise BadSearch(f"The query is {len(raw):,} characters long; the archive searches queries "
                        f"of up to {MAX_QUERY_CHARS} characters. Shorten it and search again.")
    query, notes = clean_query(raw)
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadSearch(f"“{sort[:40]}” is not a way to sort results; use one of {', '.join(SORTS)}.")
    filters = {name: _clean_value(args.get(PARAMS[name], "")) for name in FILTERS}
    if filters["year"] and not re.fullmatch(r"\d{4}", filters["year"]):
        raise BadSearch("A year is four digits, such as 2022.")
    if filters["said_by"] and not _SLUG.match(filters["said_by"]):
        raise BadSearch("said-by takes a speaker's slug: lower-case words joined by hyphens, such as ebrahim-raisi.")
    return SearchRequest(query, _read_page(args.get("page", "1")), sort, notes=tuple(notes), **filters)


def _read_page(text: str) -> int:
    """A whole number from 1; one past the last page is found out later (and is a 404)."""
    text = (text or "1").strip()
    if not re.fullmatch(r"\d{1,12}", text) or int(text) < 1:
        raise BadSearch(f"“{text[:20]}” is not a page number; pages are numbered 1, 2, 3 …")
    return int(text)


def _clean_value(text: str) -> str:
    return _without_controls(text)[:200].strip()


def _without_controls(text: str) -> str:
    """Control and format characters (NUL, bidi marks …) become spaces; they are never words."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co") else char for char in text)


def clean_query(raw: str) -> tuple[str, list[str]]:
    """The query made readable for the parser, and a note for each thing that was changed."""
    notes: list[str] = []
    text = _without_controls(raw).translate(_DOUBLE_QUOTES).replace("?", " ")
    text = " ".join(_checked_wildcard(word, notes) for word in text.split())
    if text.count('"') % 2:
        position = text.rfind('"')
        text = text[:position] + " " + text[position + 1:]
        notes.append("The last quote mark had no partner, so it was ignored.")
    text = _capped_slops(text, notes)
    text = _without_operator(text, _TILDE, notes,
                             "Search reads a ~ only as a phrase’s slop, a number right after its closing quote (\"Iran Russia\"~3); this one was ignored.")
    text = _without_operator(text, _BOOST, notes, "Boosts (word^2) are not used: results are ranked by the words alone, so the ^ was ignored.")
    if not _balanced(text):
        text = text.replace("(", " ").replace(")", " ")
        notes.append("The brackets did not pair up, so they were ignored.")
    if _FIELD_PREFIX.search(text):
        text = _FIELD_PREFIX.sub(r"\1 ", text)
        notes.append("Searching in named fields (name:word) is not supported; the words were searched for instead.")
    text = " ".join(text.split())
    if text and not looks_for_something(text):
        notes.append("Add a word to look for: operators and left-out words (-word, NOT word) alone find nothing.")
    return text, notes


def well_formed(text: str) -> str:
    """The query as the parser should read it: `-word` as `NOT word`, `+word` as `word` (every
    word is wanted anyway), operators only where they join something (no `AND` or `OR` without
    a word on each side, no `NOT` without one after it), no empty brackets, no words without a
    letter or digit. Whoosh 2.7.4's parser fails on the rest, and on `-` inside brackets."""
    kept: list[tuple[str, str]] = []
    for kind, token in _tokens(text):
        if kind == "close":
            _drop_dangling(kept)
            if kept and kept[-1][0] == "open":
                kept.pop()
                continue
        elif _redundant(kind, kept):
            continue
        kept.append((kind, token))
    _drop_dangling(kept)
    return " ".join(token for _, token in kept).replace("( ", "(").replace(" )", ")")


def _redundant(kind: str, kept: list[tuple[str, str]]) -> bool:
    """An AND or OR with no term before it, or a second NOT in a row."""
    before = kept[-1][0] if kept else None
    return (kind == "op" and before not in ("term", "close")) or (kind == "not" and before == "not")


def _drop_dangling(kept: list[tuple[str, str]]) -> None:
    while kept and kept[-1][0] in ("op", "not"):
        kept.pop()


_TOKEN = re.compile(r'[-+]?"[^"]*"|[-+]?\(|\)|[^\s()"]+')


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """The query's pieces and what each is: a term (word or phrase), a bracket or an operator."""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in OPERATORS - {"NOT"}:
            yield "op", token
        elif token == "NOT":
            yield "not", token
        elif token.endswith("("):
            yield from [("not", "NOT")] if token == "-(" else []
            yield "open", "("
        elif token == ")":
            yield "close", token
        elif re.search(r"[^\W_]", token) and token.lstrip("+-") not in OPERATORS:
            yield from [("not", "NOT")] if token.lstrip("+").startswith("-") else []
            yield "term", token.lstrip("+-")


def looks_for_something(text: str) -> bool:
    """Whether the query has a word or prefix to find (not only operators and left-out words)."""
    return any(query_words(text)) or "*" in text


def query_words(text: str) -> Iterator[str]:
    """The words a reader typed to find, without operators, left-out words or prefix searches."""
    for match in _WORD.finditer(text):
        word, before, after = match.group(), text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        if word not in OPERATORS and before != "-" and after != "*" and not _negated(text, match.start()):
            yield word


def _negated(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith(" NOT") or text[:start].rstrip() == "NOT"


def _checked_wildcard(word: str, notes: list[str]) -> str:
    """`word*` with at least two letters before the star is a prefix search; other stars are dropped."""
    if "*" not in word or _WILDCARD_WORD.match(word):
        return word
    note = "A * works at the end of a word of two or more letters (sanction*); other stars were ignored."
    if note not in notes:
        notes.append(note)
    return word.replace("*", " ")


def _capped_slops(text: str, notes: list[str]) -> str:
    """`"a b"~N` lets up to N words between a and b: kept up to MAX_SLOP, and said when cut
    (Whoosh would otherwise step through every passage with both words, for nothing more)."""
    def capped(match: re.Match) -> str:
        if int(match.group(2)) <= MAX_SLOP:
            return match.group()
        note = f"A phrase’s ~ allows at most {MAX_SLOP} words between its words; ~{match.group(2)[:12]} was read as ~{MAX_SLOP}."
        if note not in notes:
            notes.append(note)
        return f"{match.group(1)}~{MAX_SLOP}"
    return _PHRASE_SLOP.sub(capped, text)


def _without_operator(text: str, pattern: re.Pattern, notes: list[str], note: str) -> str:
    """Every match of `pattern` removed, with its note."""
    cleaned = pattern.sub(" ", text)
    if cleaned != text:
        notes.append(note)
    return cleaned


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
