"""Full-text search: the Whoosh schema and analyzer, write_index() and open_index(), and search().

Nothing else imports Whoosh. The index holds one document per passage, in corpus order,
carrying its article's headline and outlet, its year and the names it mentions. A document's
number is its passage's ordinal: hits, filters and their counts are looked up by ordinal
(facets.py); the slug and key stored beside each let open_index() check that. Spellings in
the corpus's alias table become one term when text is analysed, in the index and in the
query alike, so either spelling finds, and highlights, both.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import pickle
import re
import threading
import time
from dataclasses import dataclass
from itertools import islice, pairwise
from pathlib import Path

import whoosh
from markupsafe import Markup, escape
from whoosh import collectors, fields, highlight, query
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, Token, Tokenizer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index
from whoosh.lang import porter
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, plugins
from whoosh.support.charset import accent_map
from whoosh.writing import SegmentWriter

from app.corpus.aliases import Aliases
from app.model import Article, Corpus, Passage
from app.state.forked import in_child
from app.state.search.facets import FacetValue, PassageFacets
from app.state.search.request import BadSearch, SearchRequest, looks_for_something, query_words, well_formed

PAGE_SIZE = 10
EXCERPT_CHARS = 360
TIME_LIMIT_SECONDS = 2.0
MAX_PREFIX_TERMS = 100
HEADLINE_WEIGHT = 0.3
# Whoosh's writer sorts postings in memory up to this size and spills the rest to disk, one
# pickle per posting: at its default 128 MB, 1,000 articles spilled every posting and took
# 10.8 s to index instead of 7.0 s. The index is built in child processes, which free this at exit.
WRITER_MEMORY_MB = 1024
INDEXING_PROCESSES = os.cpu_count() or 1
PASSAGES_PER_SEGMENT = 5000  # fewer are indexed by one process: a second would cost more than it saves
SEARCHED_FIELDS = ("text", "article")
VOCABULARY_FILE = "vocabulary.pickle"
ENGINE = f"Whoosh {'.'.join(map(str, whoosh.__version__))}"

_spelling_chain = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)
_WORDS = re.compile(default_pattern.pattern.replace("(", "(?:"))  # the tokenizer's pattern, with findall() giving whole words


@functools.cache
def _stem(word: str) -> str:
    return porter.stem(word)


class _TermTokenizer(Tokenizer):
    """Whoosh's RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter(minsize=2,
    renumber=True) | StemFilter(), in one loop: the same tokens (a test compares them) for a third
    less time per passage, since each stage of a Whoosh chain is a generator called per word.

    One-letter pieces (the `s` of `Tehran’s`, the `t` of `won't`) are dropped and positions
    renumbered, so `Tehran's` and `Tehran’s` are the word `Tehran` and phrases still match word
    for word; when stop words are kept (highlighting), they are marked stopped and not stemmed."""

    expression = default_pattern

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = (match.span() for match in self.expression.finditer(value)) if tokenize else ((0, len(value)),)
        position = None  # as StopFilter renumbers: the first word kept keeps its place, the next follow it
        for index, (start, end) in enumerate(spans):
            original = value[start:end]
            text = original.lower().translate(accent_map)
            token.boost = 1.0
            if keeporiginal:
                token.original = original
            if len(text) >= 2:
                position = start_pos + index if position is None else position + 1
                token.text, token.stopped, token.pos = _stem(text), False, position
            elif removestops:
                continue
            else:
                token.text, token.stopped, token.pos = text, True, start_pos + index
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


_term_chain = _TermTokenizer()


class _AliasFilter(Filter):
    """Replaces any spelling in the alias table, one word or several, by its group's one term.

    Tokens pass straight through unless they may begin a spelling; only then are they copied
    (the tokenizer reuses one Token) and held until the longest spelling is known."""

    def __init__(self, table: dict[tuple[str, ...], str]):
        self.table = table
        self.unfinished = {words[:length] for words in table for length in range(1, len(words))}
        self.first_words = {words[0] for words in table}

    def __call__(self, tokens):
        held: list = []
        shift = [0]  # positions merged away so far: later tokens move up by as many
        for token in tokens:
            if not held and token.text not in self.first_words:
                yield self._moved(token, shift)
                continue
            held.append(token.copy())
            while held and tuple(t.text for t in held) not in self.unfinished:
                yield self._longest_spelling(held, shift)
        while held:
            yield self._longest_spelling(held, shift)

    def _longest_spelling(self, held: list, shift: list):
        """Takes from `held` the longest spelling it begins with (or its first token) as one token."""
        for length in range(len(held), 0, -1):
            term = self.table.get(tuple(t.text for t in held[:length]))
            if term is not None:
                token, last = held[0], held[length - 1]
                token.text, token.endchar = term, getattr(last, "endchar", None)
                break
        else:
            length, token = 1, held[0]
        del held[:length]
        token = self._moved(token, shift)
        shift[0] += length - 1
        return token

    @staticmethod
    def _moved(token, shift: list):
        if getattr(token, "positions", False):
            token.pos -= shift[0]
        return token


def _terms(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in _term_chain(text))


def alias_table(aliases: Aliases) -> dict[tuple[str, ...], str]:
    """Each spelling's analysed words -> the one term its group is indexed as."""
    table = {}
    for group in aliases.groups:
        term = "".join(_terms(group.name))
        for spelling in group.all_spellings:
            words = _terms(spelling)
            if words and words != (term,):
                table[words] = term
    return table


class _HeadlineField(fields.TEXT):
    """The article's headline, indexed with each of its passages, which come one after another:
    analysed once per article rather than once per passage."""

    _last: tuple[str | None, tuple] = (None, ())

    def index(self, value, **kwargs):
        if self._last[0] != value or kwargs:
            self._last = (value, tuple(super().index(value, **kwargs)))
        return iter(self._last[1])

    def __getstate__(self):  # Whoosh pickles the schema into the index: not the last headline
        return {name: value for name, value in self.__dict__.items() if name != "_last"}


def make_schema(aliases: Aliases) -> fields.Schema:
    analyzer = _term_chain | _AliasFilter(alias_table(aliases))
    text = fields.TEXT(analyzer=analyzer, phrase=True)
    article = _HeadlineField(analyzer=analyzer, phrase=True, field_boost=HEADLINE_WEIGHT)
    for field in (text, article):
        field.multitoken_query = "phrase"  # `Tehran's`, `foo:bar`: the words in order
    return fields.Schema(
        slug=fields.STORED(),  # slug and key: to check that document numbers are passage ordinals
        key=fields.STORED(),
        text=text,
        article=article,
        outlet=fields.ID(),
        year=fields.ID(),
        person=fields.KEYWORD(commas=True, scorable=False),
    )


@dataclass(frozen=True)
class SearchIndex:
    """The built index and what search() needs beside it; never changed after startup."""

    index: Index
    facets: PassageFacets
    aliases: Aliases
    vocabulary: dict[str, frozenset[str]]
    joins: tuple[tuple[re.Pattern, str], ...]
    _searchers: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def doc_count(self) -> int:
        return self.index.doc_count()

    def searcher(self):
        """This process's and thread's searcher, opened once: the index never changes. Keyed by
        process too, since the index is opened before gunicorn forks its workers, and by the
        operating system's thread, not get_ident(), which under gevent names each greenlet (a
        search never yields to another greenlet, so they can share their thread's searcher)."""
        owner = (os.getpid(), threading.get_native_id())
        if owner not in self._searchers:
            self._searchers[owner] = self.index.searcher()
        return self._searchers[owner]


def write_index(corpus: Corpus, folder: Path) -> None:
    """Index every passage of `corpus` into `folder`, with the vocabulary did-you-mean reads.

    Whoosh indexes on one core, so a large corpus is cut into consecutive runs of passages, one
    per core, each written as a segment by a child process; the segments are then listed in one
    index in corpus order, as Whoosh's own MpWriter does, so a document's number is still its
    passage's ordinal (open_index() checks)."""
    folder.mkdir(parents=True, exist_ok=True)
    index = FileStorage(str(folder)).create_index(make_schema(corpus.aliases))
    facets = PassageFacets(corpus)
    runs = max(1, min(INDEXING_PROCESSES, len(facets) // PASSAGES_PER_SEGMENT))
    bounds = [len(facets) * run // runs for run in range(runs + 1)]
    writing = [in_child(_write_segment, index, facets, start, end) for start, end in pairwise(bounds)]
    writer = index.writer()  # holds the index's lock while the segments are listed
    try:
        segments = [segment for pending in writing if (segment := pending.result()) is not None]
        # As Whoosh 2.7.4's MpWriter(multisegment=True) commits: its own (empty) segment closed,
        # the children's listed in order, the lock released.
        writer._close_segment()
        writer._commit_toc(segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    (folder / VOCABULARY_FILE).write_bytes(pickle.dumps(_vocabulary(corpus), protocol=pickle.HIGHEST_PROTOCOL))


def _write_segment(index: Index, facets: PassageFacets, start: int, end: int):
    """One segment of the passages start..end-1 (a child process's part of write_index())."""
    if start == end:
        return None
    writer = SegmentWriter(index, _lk=False, limitmb=WRITER_MEMORY_MB)
    for ordinal in range(start, end):
        article, passage = facets.entries[ordinal]
        writer.add_document(slug=passage.slug, key=passage.key, text=passage.text, article=article.title, **facets.index_values(ordinal))
    return writer._finalize_segment()


def open_index(corpus: Corpus, folder: Path) -> SearchIndex:
    """The index write_index() wrote into `folder` for this corpus."""
    index = FileStorage(str(folder)).open_index()
    facets = PassageFacets(corpus)
    with index.searcher() as searcher:
        for ordinal in {*range(0, len(facets), 1000), len(facets) - 1} if len(facets) else ():
            _, passage = facets.entries[ordinal]
            if searcher.stored_fields(ordinal) != {"slug": passage.slug, "key": passage.key}:
                raise ValueError(f"the index's document {ordinal} is not passage {passage.slug}#{passage.key}")
    if index.doc_count() != len(facets):
        raise ValueError(f"the index has {index.doc_count()} documents for {len(facets)} passages")
    vocabulary = pickle.loads((folder / VOCABULARY_FILE).read_bytes())
    return SearchIndex(index, facets, corpus.aliases, vocabulary, _joins(corpus.aliases))


def _joins(aliases: Aliases) -> tuple[tuple[re.Pattern, str], ...]:
    """Spellings of several words, to be hyphenated in a query so the parser keeps them one word."""
    spellings = {s for group in aliases.groups for s in group.all_spellings if len(s.split()) > 1}
    joins = []
    for spelling in sorted(spellings, key=len, reverse=True):
        words = r"\s+".join(re.escape(word) for word in spelling.split())
        joins.append((re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE), "-".join(spelling.split())))
    return tuple(joins)


def _vocabulary(corpus: Corpus) -> dict[str, frozenset[str]]:
    """The words of the corpus and the alias table, unstemmed, by first letter: did-you-mean's list."""
    words: set[str] = set()
    texts = [p.text for p in corpus.passages] + [a.title for a in corpus.articles]
    texts += [spelling for group in corpus.aliases.groups for spelling in group.all_spellings]
    for text in texts:  # the tokenizer's words, found in C rather than token by token
        words.update(_WORDS.findall(text.lower()))
    words = {folded for word in words if len(folded := word.translate(accent_map)) > 2 and folded.isalpha()}
    by_letter: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(word)
    return {letter: frozenset(group) for letter, group in by_letter.items()}


@dataclass(frozen=True)
class SearchHit:
    """One passage found: where it is, how well it matched, and its excerpt with marked terms."""

    article: Article
    passage: Passage
    score: float | None
    excerpt: Markup


@dataclass(frozen=True)
class SearchResults:
    """A page of results and everything the page says about them."""

    request: SearchRequest
    hits: tuple[SearchHit, ...]
    total: int
    articles: int
    pages: int
    all_words: bool
    corrected: str | None
    also_matched: tuple[str, ...]
    facets: dict[str, tuple[FacetValue, ...]]
    timed_out: bool


def search(built: SearchIndex, request: SearchRequest) -> SearchResults:
    """Answer `request`; BadSearch if it asks for a page past the last one."""
    searcher = built.searcher()
    searched = well_formed(_joined(built, request.query))
    every_word, any_word = (_parse(built, searched, group, searcher) for group in (AndGroup, OrGroup))
    all_words = every_word == any_word or every_word.matcher(searcher).is_active()
    chosen = (every_word if all_words else any_word) if looks_for_something(request.query) else query.NullQuery
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    matched, timed_out = _matching_ordinals(searcher, chosen, deadline)
    found = built.facets.kept(matched, request.filters)
    pages = max(1, -(-len(found) // PAGE_SIZE))
    if request.page > pages:
        raise BadSearch(f"There is no page {request.page}: these results have {pages} page{'s' if pages > 1 else ''}.", 404)
    start = (request.page - 1) * PAGE_SIZE
    if request.sort == "relevance":
        ranked, ranking_timed_out = _ranked(searcher, _filtered(chosen, request.filters), start + PAGE_SIZE, deadline)
        page, timed_out = ranked[start:], timed_out or ranking_timed_out
    else:  # ordinals are in publication order
        page = [(ordinal, None) for ordinal in (found[::-1] if request.sort == "newest" else found)[start:start + PAGE_SIZE]]
    terms = frozenset(term.decode("utf-8") for field, term in chosen.existing_terms(searcher.reader(), phrases=True, expand=True) if field == "text")
    formatter = _ExcerptFormatter(tagname="mark", classname="hit", termclass="t")  # numbers terms t0, t1… per search
    hits = tuple(_hit(built, ordinal, score, terms, formatter) for ordinal, score in page)
    return SearchResults(
        request=request, hits=hits, total=len(found), articles=built.facets.articles_among(found), pages=pages, all_words=all_words,
        corrected=_corrected(built, searcher, request.query), also_matched=_also_matched(built, request.query, hits),
        facets=built.facets.counts(matched, request.filters), timed_out=timed_out,
    )


def _joined(built: SearchIndex, text: str) -> str:
    for pattern, joined in built.joins:
        text = pattern.sub(joined, text)
    return text


def _parse(built: SearchIndex, text: str, group, searcher) -> query.Query:
    parser = MultifieldParser(list(SEARCHED_FIELDS), built.index.schema, group=group)
    for plugin in (plugins.FieldsPlugin, plugins.SingleQuotePlugin, plugins.RangePlugin, plugins.BoostPlugin, plugins.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parsed = _headlines_not_excluded(parser.parse(text))
    return _bounded_prefixes(_nots_left_out(parsed) if group is OrGroup else parsed, searcher.reader())


def _headlines_not_excluded(parsed: query.Query) -> query.Query:
    """`-Putin` leaves out passages that name Putin, not every passage under a headline that does."""
    if isinstance(parsed, query.Not):
        text_only = parsed.query.accept(lambda leaf: query.NullQuery if getattr(leaf, "fieldname", None) == "article" else leaf)
        return query.Not(text_only.normalize())
    return parsed.apply(_headlines_not_excluded)


def _nots_left_out(parsed: query.Query) -> query.Query:
    """`a NOT b c` read as any of a, c without b: Whoosh's Or would take `NOT b` as one more
    alternative (every passage without b). And+Not, as the parser builds for AND: Whoosh
    2.7.4's AndNot lets through documents when what it leaves out is an Or."""
    parsed = parsed.apply(_nots_left_out)
    if not isinstance(parsed, query.Or) or not any(isinstance(child, query.Not) for child in parsed.subqueries):
        return parsed
    wanted = [child for child in parsed.subqueries if not isinstance(child, query.Not)]
    unwanted = [child for child in parsed.subqueries if isinstance(child, query.Not)]
    return query.And([query.Or(wanted) if wanted else query.NullQuery, *unwanted])


def _bounded_prefixes(parsed: query.Query, reader) -> query.Query:
    """A prefix that would expand to more than MAX_PREFIX_TERMS words keeps only the first ones."""
    if isinstance(parsed, query.Prefix):
        words = []
        for word in reader.expand_prefix(parsed.fieldname, parsed.text):
            words.append(word)
            if len(words) == MAX_PREFIX_TERMS:
                break
        return query.Or([query.Term(parsed.fieldname, word) for word in words]) if words else query.NullQuery
    return parsed.apply(lambda child: _bounded_prefixes(child, reader))


def _filtered(parsed: query.Query, filters: dict[str, str]) -> query.Query:
    """The query restricted to the filters' values, which add nothing to the score.

    Not the collector's `filter` (a wrapping collector bypasses it), nor
    query.Require (in Whoosh 2.7.4 it lets through documents outside the filter)."""
    terms = [query.Term(name, value, boost=0.0) for name, value in filters.items()]
    return query.And([parsed, *terms]) if terms else parsed


def _matching_ordinals(searcher, parsed: query.Query, deadline: float) -> tuple[list[int], bool]:
    """Every passage the query matches, in corpus order, and whether the deadline stopped the count."""
    evaluation = _SetEvaluation(searcher, deadline)
    return sorted(evaluation.ordinals(parsed)), evaluation.timed_out


class _SetEvaluation:
    """A query's matches as a set of document numbers. Words, and their combinations by and,
    or and not, are sets: each word's read from its postings a block at a time, combined by
    set operations in C. Whoosh's matchers step through the matches one document at a time
    in Python (about 10 µs each for `Iran Russia`); they still decide what sets cannot say
    (phrases), stopped at the deadline."""

    def __init__(self, searcher, deadline: float):
        self.searcher, self.deadline, self.timed_out = searcher, deadline, False
        self.leaves = searcher.leaf_searchers()  # (segment's searcher, its first document number)

    def ordinals(self, parsed: query.Query) -> set[int]:
        kind = type(parsed)
        if parsed is query.NullQuery:
            return set()
        if kind is query.Term:
            return self._postings(parsed.fieldname, parsed.text)
        if kind is query.Or and not parsed.minmatch:
            return set().union(*map(self.ordinals, parsed.subqueries))
        if kind is query.And:
            wanted = [child for child in parsed.subqueries if type(child) is not query.Not]
            found = set.intersection(*map(self.ordinals, wanted)) if wanted else self._every()
            for child in parsed.subqueries:
                if type(child) is query.Not:
                    found -= self.ordinals(child.query)
            return found
        if kind is query.AndNot:
            return self.ordinals(parsed.a) - self.ordinals(parsed.b)
        if kind is query.Not:
            return self._every() - self.ordinals(parsed.query)
        return self._matched(parsed)

    def _every(self) -> set[int]:
        return set(range(self.searcher.doc_count_all()))

    def _postings(self, fieldname: str, text) -> set[int]:
        found: set[int] = set()
        for segment, first in self.leaves:
            reader = segment.reader()
            if (fieldname, text) in reader:
                for ids in _blocks_of_ids(reader.postings(fieldname, text)):
                    found.update(map(first.__add__, ids) if first else ids)
        return found

    def _matched(self, parsed: query.Query) -> set[int]:
        found: set[int] = set()
        matches = parsed.matcher(self.searcher).all_ids()
        while chunk := list(islice(matches, 4096)):
            found.update(chunk)
            if time.monotonic() > self.deadline:
                self.timed_out = True
                break
        return found


def _blocks_of_ids(matcher):
    """A term's document numbers, a block (up to 128) at a time. The public all_ids() yields them
    one by one; Whoosh 2.7.4's own codec keeps each block's numbers in `_ids`, read directly here
    (a test checks every word of the corpus against all_ids())."""
    if not isinstance(matcher, W3LeafMatcher):
        yield tuple(matcher.all_ids())
        return
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        yield matcher._ids
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _ranked(searcher, parsed: query.Query, limit: int, deadline: float) -> tuple[list[tuple[int, float]], bool]:
    """The `limit` best passages with their scores; those found by the deadline if it passes."""
    timed = _DeadlineCollector(searcher.collector(limit=limit), deadline)
    timed_out = False
    try:
        searcher.search_with_collector(parsed, timed)
    except collectors.TimeLimit:
        timed_out = True
    return [(ordinal, score) for score, ordinal in timed.results().top_n], timed_out


class _DeadlineCollector(collectors.WrappingCollector):
    """Stops collecting once the clock passes `deadline`, checked between matches. Whoosh's
    TimeLimitCollector starts a timer thread per search instead, which costs a thread each time
    and, under gevent, is a greenlet that never runs while the search holds the processor."""

    def __init__(self, child, deadline: float):
        super().__init__(child)
        self.deadline = deadline

    def collect_matches(self):
        for sub_docnum in self.child.matches():
            if time.monotonic() > self.deadline:
                raise collectors.TimeLimit
            self.child.collect(sub_docnum)


class _ExcerptFormatter(highlight.HtmlFormatter):
    """Whoosh's escaping HTML formatter, with “…” wherever the excerpt leaves text out."""

    def format(self, fragments, replace=False):
        if not fragments:  # the passage matched by its headline only
            return ""
        text, position, parts = fragments[0].text, 0, []
        for fragment in fragments:
            parts.append("… " if fragment.startchar > position else self._text(text[position:fragment.startchar]))
            parts.append(self.format_fragment(fragment, replace=replace))
            position = fragment.endchar
        rest = text[position:]
        parts.append(" …" if re.search(r"\w", rest) else self._text(rest))
        return "".join(parts)


def _hit(built: SearchIndex, ordinal: int, score: float | None, terms: frozenset[str], formatter) -> SearchHit:
    article, passage = built.facets.entries[ordinal]
    # A short passage is shown whole; a long one by the words around its matches.
    whole = len(passage.text) <= EXCERPT_CHARS
    fragmenter = highlight.WholeFragmenter() if whole else highlight.ContextFragmenter(maxchars=EXCERPT_CHARS, surround=100)
    marked = highlight.highlight(passage.text, terms, built.index.schema["text"].analyzer, fragmenter, formatter, top=2)
    excerpt = Markup(marked) if marked else escape(_opening(passage.text))  # HtmlFormatter escapes the text
    return SearchHit(article, passage, round(score, 4) if score is not None else None, excerpt)


def _opening(text: str, length: int = EXCERPT_CHARS) -> str:
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def _corrected(built: SearchIndex, searcher, text: str) -> str | None:
    """The query with each word the index does not know replaced by the nearest word it does."""
    reader, corrected, changed = searcher.reader(), text, False
    for word in dict.fromkeys(query_words(text)):
        terms = [t.text for t in built.index.schema["text"].analyzer(word)]
        if any(reader.doc_frequency("text", term) for term in terms):
            continue
        folded = "".join(t.text for t in _spelling_chain(word))
        known = built.vocabulary.get(folded[:1], frozenset())
        if folded in known:
            continue
        close = difflib.get_close_matches(folded, sorted(known), n=1, cutoff=0.8)
        if close:
            suggestion = close[0].capitalize() if word[:1].isupper() else close[0]
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", suggestion, corrected)
            changed = True
    return corrected if changed else None


def _also_matched(built: SearchIndex, text: str, hits: tuple[SearchHit, ...]) -> tuple[str, ...]:
    """Other spellings of the names searched for that the hits on this page contain."""
    typed = text.casefold()
    words = list(query_words(text))
    candidates = words + [f"{a} {b}" for a, b in pairwise(words)]
    groups = {group for word in candidates if (group := built.aliases.group_of(word.replace("’", "'"))) is not None}
    found = []
    for group in sorted(groups, key=lambda g: g.name):
        for spelling in group.all_spellings:
            pattern = re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)", re.IGNORECASE)
            if spelling.casefold() not in typed and any(pattern.search(hit.passage.text) for hit in hits):
                found.append(spelling)
    return tuple(found)
