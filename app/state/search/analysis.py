"""How text becomes terms, in the index and in a query alike: the Whoosh schema and its analyzer.

Spellings in the corpus's alias table become one term when text is analysed, so either spelling
finds, and highlights, both. Also what the query side needs beside the analyzer: the corpus's
vocabulary for did-you-mean, and the several-word spellings the parser must keep together.
"""

from __future__ import annotations

import functools
import re

from whoosh import fields
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, Token, Tokenizer
from whoosh.lang import porter
from whoosh.support.charset import accent_map

from app.corpus.aliases import Aliases
from app.model import Corpus

HEADLINE_WEIGHT = 0.3
SEARCHED_FIELDS = ("text", "article")

# What a word is: the expression of Whoosh's RegexTokenizer by default, written out and given to it,
# so that the archive's words rest on no undocumented name of Whoosh's.
WORD = re.compile(r"\w+(\.?\w+)*")
WORDS = re.compile(WORD.pattern.replace("(", "(?:"))  # the same, with findall() giving whole words

spelling_chain = RegexTokenizer(WORD) | LowercaseFilter() | CharsetFilter(accent_map)


WORDS_REMEMBERED = 1 << 18  # far more than the corpus's distinct words; bounded, as queries bring words too


@functools.lru_cache(maxsize=WORDS_REMEMBERED)
def stem(word: str) -> str:
    return porter.stem(word)


@functools.lru_cache(maxsize=WORDS_REMEMBERED)
def folded(original: str) -> tuple[str, str | None]:
    """A word lower-cased with its accents folded, and its stem (None for one letter): the chain's
    work on a word, done once per distinct word rather than once per occurrence."""
    text = original.lower().translate(accent_map)
    return text, (stem(text) if len(text) >= 2 else None)


class TermTokenizer(Tokenizer):
    """Whoosh's RegexTokenizer | LowercaseFilter | CharsetFilter(accent_map) | StopFilter(minsize=2,
    renumber=True) | StemFilter(), in one loop: the same tokens (a test compares them) in less time,
    since each stage of a Whoosh chain is a generator called once per word, and every passage is
    analysed when the index is built (bench/RESULTS.md).

    One-letter pieces (the `s` of `Tehran’s`, the `t` of `won't`) are dropped and positions
    renumbered, so `Tehran's` and `Tehran’s` are the word `Tehran` and phrases still match word
    for word; when stop words are kept (highlighting), they are marked stopped and not stemmed."""

    expression = WORD

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = (match.span() for match in self.expression.finditer(value)) if tokenize else ((0, len(value)),)
        position = None  # as StopFilter renumbers: the first word kept keeps its place, the next follow it
        for index, (start, end) in enumerate(spans):
            original = value[start:end]
            text, stemmed = folded(original)
            token.boost = 1.0
            if keeporiginal:
                token.original = original
            if stemmed is not None:
                position = start_pos + index if position is None else position + 1
                token.text, token.stopped, token.pos = stemmed, False, position
            elif removestops:
                continue
            else:
                token.text, token.stopped, token.pos = text, True, start_pos + index
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


term_chain = TermTokenizer()


class AliasFilter(Filter):
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


def terms(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in term_chain(text))


def alias_table(aliases: Aliases) -> dict[tuple[str, ...], str]:
    """Each spelling's analysed words -> the one term its group is indexed as."""
    table = {}
    for group in aliases.groups:
        term = "".join(terms(group.name))
        for spelling in group.all_spellings:
            words = terms(spelling)
            if words and words != (term,):
                table[words] = term
    return table


class Recorder(Filter):
    """The last filter of each searched field's analyzer: while `texts` is a list (as a shard is
    written), it keeps the text and position of every token Whoosh's writer indexes (mode "index"),
    so the postings arrays are made from the very tokens of the index, analysed once. Otherwise
    (a query, a highlight) tokens pass untouched.

    It rests on three things Whoosh does without documenting them, each pinned by a test
    (tests/state/test_whoosh_reliance.py): its writer analyses a document within add_document(),
    in this process, with mode "index"; the filters of an analyzer made with `|` are its items, the
    last one last; and the schema Whoosh pickles into the index is pickled with __getstate__."""

    texts: list[str] | None = None
    positions: list[int] | None = None

    def __call__(self, tokens):
        texts, positions = self.texts, self.positions
        for token in tokens:
            if texts is not None and token.mode == "index":
                texts.append(token.text)
                positions.append(token.pos)
            yield token

    def start(self) -> None:
        self.texts, self.positions = [], []

    def __getstate__(self):  # Whoosh pickles the schema into the index: not what was recorded
        return {}


def recorder(schema: fields.Schema, field: str) -> Recorder:
    return schema[field].analyzer[-1]


def make_schema(aliases: Aliases) -> fields.Schema:
    aliases_filter = AliasFilter(alias_table(aliases))
    text = fields.TEXT(analyzer=term_chain | aliases_filter | Recorder(), phrase=True)
    article = fields.TEXT(analyzer=term_chain | aliases_filter | Recorder(), phrase=True, field_boost=HEADLINE_WEIGHT)
    for field in (text, article):
        field.multitoken_query = "phrase"  # `Tehran's`, `foo:bar`: the words in order
    return fields.Schema(
        slug=fields.STORED(),  # slug and key: to check that document numbers are passage ordinals
        key=fields.STORED(),
        text=text,
        article=article,
    )


def joins(aliases: Aliases) -> tuple[tuple[re.Pattern, str], ...]:
    """Spellings of several words, to be hyphenated in a query so the parser keeps them one word."""
    spellings = {s for group in aliases.groups for s in group.all_spellings if len(s.split()) > 1}
    joins = []
    for spelling in sorted(spellings, key=len, reverse=True):
        words = r"\s+".join(re.escape(word) for word in spelling.split())
        joins.append((re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE), "-".join(spelling.split())))
    return tuple(joins)


def vocabulary(corpus: Corpus) -> dict[str, frozenset[str]]:
    """The words of the corpus and the alias table, unstemmed, by first letter: did-you-mean's list."""
    words: set[str] = set()
    texts = [p.text for p in corpus.passages] + [a.title for a in corpus.articles]
    texts += [spelling for group in corpus.aliases.groups for spelling in group.all_spellings]
    for text in texts:  # the tokenizer's words, found in C rather than token by token
        words.update(WORDS.findall(text.lower()))
    words = {folded for word in words if len(folded := word.translate(accent_map)) > 2 and folded.isalpha()}
    by_letter: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letter.setdefault(word[0], []).append(word)
    return {letter: frozenset(group) for letter, group in by_letter.items()}


