"""load_corpus(): the corpus folder read once, validated, and returned as an app.model.Corpus.

The one place that reads corpus files: every reader below it takes text and gives model.

Layout of the folder:
  originals/             the captures, byte for byte, with SHA256SUMS as `sha256sum` writes it
  articles/<slug>.md     the curated edition: a metadata header, a blank line, paragraphs
  permalinks.lock/.toml  published passage URLs and their history (see permalinks.py)
  aliases.toml           spellings that name the same person or place (see aliases.py)
  people.toml            the people named, matched in passages, with their roles; institutions (see people.py)
  statements.toml        who speaks in each passage, and the evidence (see statements.py, evidence.py)
  events.toml            the timeline's events and the passages they cite (see timeline.py)

Everything wrong is collected, with its file and line, and raised once as CorpusError.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.corpus import permalinks
from app.corpus.aliases import ALIASES_FILE, read_aliases
from app.corpus.articles import capture_named, read_article
from app.corpus.grammar import SHA256SUMS_LINE
from app.corpus.people import PEOPLE_FILE, find_mentions, read_speakers
from app.corpus.problems import CorpusError, Problem, ProblemLog
from app.corpus.statements import STATEMENTS_FILE, read_statements
from app.corpus.timeline import EVENTS_FILE, read_timeline
from app.model import Aliases, Article, Capture, Corpus, People, Permalinks, Statements, Timeline


class _Files:
    """Reads corpus files as bytes and fingerprints everything read into one digest."""

    def __init__(self, root: Path, log: ProblemLog):
        self.root, self.log = root, log
        self._hashes: dict[str, str] = {}

    def name(self, path: Path) -> str:
        return f"corpus/{path.relative_to(self.root).as_posix()}"

    def read(self, path: Path) -> bytes | None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.log.add(self.name(path), f"cannot be read: {error.strerror}")
            return None
        self._hashes[self.name(path)] = hashlib.sha256(data).hexdigest()
        return data

    def read_text(self, path: Path) -> str | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.log.add(self.name(path), f"is not valid UTF-8 (byte {error.start}: {error.reason})", line)
            return None

    def read_so_far(self) -> tuple[tuple[str, str], ...]:
        """Every file read, as (path in the corpus folder, SHA-256), in path order."""
        return tuple((name.removeprefix("corpus/"), sha) for name, sha in sorted(self._hashes.items()))

    def digest(self) -> str:
        combined = "\n".join(f"{name} {sha}" for name, sha in sorted(self._hashes.items()))
        return hashlib.sha256(combined.encode()).hexdigest()


def load_corpus(root: str | Path) -> Corpus:
    """Read, validate and freeze the corpus at `root`; raise CorpusError listing every problem."""
    root = Path(root)
    log = ProblemLog()
    if not root.is_dir():
        log.add(str(root), "the corpus folder does not exist (set ARCHIVE_CORPUS to the folder that holds originals/ and articles/)")
        log.raise_if_any()
    files = _Files(root, log)
    captures = _load_captures(root / "originals", files)
    articles, failed = _load_articles(root / "articles", captures, files)
    history = _load_permalinks(root, articles, failed, files)
    aliases = _load_aliases(root / ALIASES_FILE, files)
    ordered = tuple(sorted(articles, key=lambda article: (article.published.value, article.slug)))
    people, timeline = _load_people_and_timeline(root, ordered, failed, aliases, files)
    statements = _load_statements(root / STATEMENTS_FILE, ordered, people, frozenset(failed), files)
    log.raise_if_any()
    return Corpus(ordered, history, aliases, people, timeline, files.digest(), files.read_so_far(), statements)


def capture_users(root: str | Path) -> dict[str, str]:
    """Which article names each capture in its header (capture file name → article file),
    read from the headers alone, so that drafts with TODOs count: `draft` asks this of a
    capture already in originals/ without loading the corpus."""
    articles = Path(root) / "articles"
    users = {}
    for path in sorted(articles.glob("*.md")) if articles.is_dir() else []:
        name = capture_named(path.read_text("utf-8", errors="replace"))
        if name:
            users.setdefault(name, f"corpus/articles/{path.name}")
    return users


def read_corpus_file(root: str | Path, name: str, sha256: str) -> bytes:
    """A file load_corpus read (a name from Corpus.files), again: the same bytes, or CorpusError."""
    try:
        data = (Path(root) / name).read_bytes()
    except OSError as error:
        raise CorpusError([Problem(f"corpus/{name}", f"cannot be read: {error.strerror}")]) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise CorpusError([Problem(f"corpus/{name}", "changed while the archive was being built: start it again")])
    return data


def _optional_text(path: Path, files: _Files) -> str:
    """A corpus file that may be absent (a corpus without it has none of its data)."""
    return (files.read_text(path) if path.exists() else "") or ""


def _load_people_and_timeline(root: Path, articles: tuple[Article, ...], failed: dict[str, str], aliases: Aliases,
                              files: _Files) -> tuple[People, Timeline]:
    persons, institutions = read_speakers(_optional_text(root / PEOPLE_FILE, files), files.name(root / PEOPLE_FILE), files.log, aliases)
    timeline = read_timeline(_optional_text(root / EVENTS_FILE, files), files.name(root / EVENTS_FILE), files.log, articles, persons,
                             failed)
    return find_mentions(persons, articles, institutions), timeline


def _load_statements(path: Path, articles: tuple[Article, ...], people: People, failed: frozenset[str], files: _Files) -> Statements:
    return read_statements(_optional_text(path, files), files.name(path), files.log, articles, people, failed)


def _load_aliases(path: Path, files: _Files) -> Aliases:
    return read_aliases(_optional_text(path, files), files.name(path), files.log)


def _load_captures(folder: Path, files: _Files) -> dict[str, Capture]:
    """The captures listed in SHA256SUMS, each verified against its checksum."""
    sums_path = folder / "SHA256SUMS"
    sums = files.read_text(sums_path)
    if sums is None:
        return {}
    listed = {}
    for number, line in enumerate(sums.splitlines(), start=1):
        match = SHA256SUMS_LINE.fullmatch(line.strip())
        if match is None:
            files.log.add(files.name(sums_path), f"not a `sha256sum` line: {line!r}", number)
            continue
        listed[match["name"]] = match["sha256"]
    captures = {}
    for name, expected in listed.items():
        data = files.read(folder / name)
        if data is None:
            continue
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            files.log.add(files.name(folder / name), f"checksum mismatch: SHA256SUMS says {expected}, the file is {actual}")
            continue
        captures[name] = Capture(name, actual, data)
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name != "SHA256SUMS" and path.name not in listed:
            files.log.add(files.name(path), "is not listed in SHA256SUMS")
    return captures


def _load_articles(folder: Path, captures: dict[str, Capture], files: _Files) -> tuple[list[Article], dict[str, str]]:
    """The articles that loaded, and the files of those that did not by slug (their problems are logged)."""
    if not folder.is_dir():
        files.log.add(files.name(folder), "the articles folder is missing")
        return [], {}
    articles, failed, used = [], {}, {}
    for path in sorted(folder.glob("*.md")):
        text = files.read_text(path)
        article = None if text is None else read_article(path.stem, files.name(path), text, captures, files.log)
        if article is None:
            failed[path.stem] = files.name(path)
            continue
        if article.capture.filename in used:
            files.log.add(article.source_file, f"uses capture {article.capture.filename}, as {used[article.capture.filename]} does already")
        used[article.capture.filename] = article.source_file
        articles.append(article)
    if not articles and not files.log.problems:
        files.log.add(files.name(folder), "has no articles (*.md)")
    return articles, failed


def _load_permalinks(root: Path, articles: list[Article], failed: dict[str, str], files: _Files) -> Permalinks:
    """The lock and its history; URLs of articles that failed to load are not re-reported."""
    lock_path, history_path = root / permalinks.LOCK_FILE, root / permalinks.HISTORY_FILE
    locked = permalinks.read_lock(_optional_text(lock_path, files), files.name(lock_path), files.log)
    moved, withdrawn = permalinks.read_history(_optional_text(history_path, files), files.name(history_path), files.log)
    locked = frozenset((slug, key) for slug, key in locked if slug not in failed)
    moved = [entry for entry in moved if entry["article"] not in failed]
    withdrawn = [stone for stone in withdrawn if stone.slug not in failed]
    current = {(passage.slug, passage.key) for article in articles for passage in article.passages}
    return permalinks.build_permalinks(locked, moved, withdrawn, current, files.name(history_path), files.log)

