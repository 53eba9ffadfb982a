"""Reads one curated article file: the metadata header, then the paragraphs.

The header uses Python-Markdown's meta-data syntax (`Key: value`, continuation lines
indented by four spaces, a blank line to end it). It is parsed here rather than by the
`meta` extension so that every problem can name its line and unknown keys are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

from app.corpus.dates import parse_fuzzy_date
from app.corpus.edition import check_edition
from app.corpus.grammar import ARTICLE_SLUG, BASES
from app.corpus.permalinks import assign_keys
from app.corpus.problems import ProblemLog
from app.corpus.text import plain_text, render_paragraph
from app.corpus.todos import header_todos
from app.model import Article, Omission, Passage, Report

_KEY_LINE = re.compile(r"\A([A-Za-z][A-Za-z-]*):\s*(.*)\Z")
_OMISSION = re.compile(r"\Aline (\d+)(?: “(.+)”)? — (.+)\Z")
_REPORT = re.compile(r"\A(\S+) — (.+)\Z")

REQUIRED = ("title", "outlet", "url", "published", "published-basis", "published-evidence", "reports", "capture", "language")
OPTIONAL = ("title-supplied", "published-precision", "captured", "note", "omitted")


@dataclass
class _Field:
    line: int
    values: list[str]


def _split_header(text: str, file: str, log: ProblemLog) -> tuple[dict[str, _Field], list[tuple[int, str]]]:
    """Header fields by lower-case key, and the body's paragraphs with their first line number."""
    lines = text.removeprefix("\ufeff").split("\n")
    fields: dict[str, _Field] = {}
    current = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _KEY_LINE.match(line)
        if line.startswith("    ") and current is not None:
            current.values.append(line.strip())
        elif match:
            key = match[1].lower()
            if key in fields:
                log.add(file, f"the field {match[1]} is given twice", index + 1)
            current = fields[key] = _Field(index + 1, [match[2].strip()])
        else:
            log.add(file, f"not a `Key: value` header line: {line!r} (the header ends at the first blank line)", index + 1)
    return fields, _paragraphs(lines, index + 1)


def _paragraphs(lines: list[str], start: int) -> list[tuple[int, str]]:
    paragraphs, block, first = [], [], 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            first = first or number
            block.append(line)
        elif block:
            paragraphs.append((first, "\n".join(block)))
            block, first = [], 0
    if block:
        paragraphs.append((first, "\n".join(block)))
    return paragraphs


def capture_named(text: str) -> str | None:
    """The Capture field of an article's header, read from that line alone (the file may be
    a draft that does not load yet)."""
    for line in text.removeprefix("\ufeff").split("\n"):
        if not line.strip():
            return None
        match = _KEY_LINE.match(line)
        if match and match[1].lower() == "capture":
            return match[2].strip() or None
    return None


def read_article(slug: str, file: str, text: str, captures: dict, log: ProblemLog):
    """An Article, or None after logging why this file cannot be one."""
    todos = header_todos(text)
    for line, what in todos:
        log.add(file, what, line)
    if todos:
        return None
    before = len(log.problems)
    fields, paragraphs = _split_header(text, file, log)
    _check_keys(fields, file, log)
    if not ARTICLE_SLUG.match(slug):
        log.add(file, "the file name must be a slug: the published date then lower-case words, e.g. 2022-02-25-iran-blames-nato")
    value = _Reader(fields, file, log)
    capture = captures.get(value.one("capture"))
    if value.one("capture") and capture is None:
        log.add(file, f"Capture names {value.one('capture')!r}, which is not a verified file in originals/", value.line("capture"))
    passages = _passages(slug, paragraphs, file, log)
    supplied = value.flag("title-supplied")
    omitted = value.omissions()
    alignment = None
    if capture is not None and passages:
        try:
            capture_text = capture.data.decode("utf-8")
        except UnicodeDecodeError:
            log.add(file, f"its capture {capture.filename} is not valid UTF-8")
            capture_text = ""
        problems, alignment = check_edition(capture_text, [p.text for p in passages], None if supplied else value.one("title"), omitted)
        for problem in problems:
            log.add(file, problem.message, _source_line(paragraphs, problem) if problem.paragraph else None)
    published = value.date("published", value.one("published-precision") or "day")
    if published and not slug.startswith(published.value.isoformat()):
        log.add(file, f"the slug must begin with the Published date {published.value.isoformat()}", value.line("published"))
    if len(log.problems) > before:
        return None
    return Article(
        slug=slug,
        title=value.one("title"),
        title_supplied=supplied,
        outlet=value.one("outlet"),
        url=value.url("url"),
        published=published,
        published_basis=value.choice("published-basis", BASES),
        published_evidence=value.one("published-evidence"),
        reports=value.reports(),
        capture=capture,
        captured=value.date("captured").value if "captured" in fields else None,
        language=value.one("language"),
        note=value.one("note") or None,
        omitted=tuple(omitted),
        passages=tuple(passages),
        source_file=file,
        alignment=alignment,
    )


def _source_line(paragraphs: list[tuple[int, str]], problem) -> int:
    """The line of the Markdown file where a paragraph's problem lies: the line of the paragraph
    holding the word it is about (counted in the source, which only escapes add to)."""
    first, source = paragraphs[problem.paragraph - 1]
    seen = 0
    for offset, line in enumerate(source.split("\n")):
        seen += len(line.split())
        if seen > problem.word:
            return first + offset
    return first


def _check_keys(fields: dict[str, _Field], file: str, log: ProblemLog) -> None:
    for key, found in fields.items():
        if key not in REQUIRED + OPTIONAL:
            log.add(file, f"unknown field {key!r}; the fields are {', '.join(REQUIRED + OPTIONAL)}", found.line)
    for key in REQUIRED:
        if key not in fields or not any(fields[key].values):
            log.add(file, f"the required field {key!r} is missing or empty")


def _passages(slug: str, paragraphs: list[tuple[int, str]], file: str, log: ProblemLog) -> list:
    rendered = []
    for line, source in paragraphs:
        html = render_paragraph(source)
        if html is None:
            log.add(file, "this paragraph renders as more than one plain paragraph (a list, heading or quote?): escape the Markdown", line)
            continue
        rendered.append(html)
    if not paragraphs:
        log.add(file, "the article has no paragraphs after its header")
    texts = [plain_text(html) for html in rendered]
    return [
        Passage(slug, key, number, text, html if html != escape(text) else None)
        for number, (key, text, html) in enumerate(zip(assign_keys(texts), texts, rendered, strict=True), start=1)
    ]


class _Reader:
    """Typed access to header fields; every bad value is logged with its line."""

    def __init__(self, fields: dict[str, _Field], file: str, log: ProblemLog):
        self.fields, self.file, self.log = fields, file, log

    def line(self, key: str) -> int | None:
        return self.fields[key].line if key in self.fields else None

    def one(self, key: str) -> str:
        found = self.fields.get(key)
        return " ".join(found.values).strip() if found else ""

    def flag(self, key: str) -> bool:
        value = self.one(key).lower() or "no"
        if value not in ("yes", "no"):
            self.log.add(self.file, f"{key} must be yes or no, not {value!r}", self.line(key))
        return value == "yes"

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.one(key)
        if value and value not in allowed:
            self.log.add(self.file, f"{key} must be one of {', '.join(allowed)}, not {value!r}", self.line(key))
        return value

    def url(self, key: str) -> str:
        value = self.one(key)
        if value and not re.match(r"\Ahttps?://[^\s/]+\.[^\s]+\Z", value):
            self.log.add(self.file, f"{key} must be an absolute http(s) URL, not {value!r}", self.line(key))
        return value

    def date(self, key: str, precision: str = "day"):
        try:
            return parse_fuzzy_date(self.one(key), precision) if self.one(key) else None
        except ValueError as error:
            self.log.add(self.file, f"{key}: {error}", self.line(key))
            return None

    def entries(self, key: str, pattern: re.Pattern, form: str):
        """(match, line) for each line of a multi-line field; a line not of `form` is logged."""
        found = self.fields.get(key, _Field(0, []))
        for offset, entry in enumerate(found.values):
            match = pattern.match(entry)
            if match is None:
                self.log.add(self.file, f"{key.capitalize()} entries are {form}, not {entry!r}", found.line + offset)
            else:
                yield match, found.line + offset

    def reports(self) -> tuple:
        found = []
        for match, line in self.entries("reports", _REPORT, "`YYYY-MM-DD — what happened`"):
            try:
                found.append(Report(parse_fuzzy_date(match[1]), match[2]))
            except ValueError as error:
                self.log.add(self.file, f"Reports: {error}", line)
        return tuple(sorted(found, key=lambda report: report.date))

    def omissions(self) -> list[Omission]:
        form = "`line N — reason` or `line N “part” — reason`"
        return [Omission(int(match[1]), match[3], match[2]) for match, _ in self.entries("omitted", _OMISSION, form)]
