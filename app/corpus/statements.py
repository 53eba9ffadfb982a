"""Statements (`corpus/statements.toml`): who speaks in each passage, and the evidence for it.

One `[[passage]]` table per passage, keyed by its URL; its `said` list holds the passage's
statements in the order it says them, and an empty list marks it as narrative. Every piece of
evidence is checked here against the text, in passage order, so that a pronoun can be checked
against the passages before it (evidence.py says what each kind must show).
"""

from __future__ import annotations

import re

from app.corpus.evidence import Claim, Earlier, check_claim
from app.corpus.grammar import PASSAGE_URL, Table, passage_path, read_located
from app.corpus.problems import ProblemLog
from app.corpus.todos import TODO
from app.model import EVIDENCE, KINDS, Article, Passage, People, Statements

STATEMENTS_FILE = "statements.toml"
PASSAGE = Table("passage", ("url", "said"))
SAID_FIELDS = ("by", "kind", "evidence")
SAID_OPTIONAL = ("words", "refers_to", "opened_in")
_TABLE_LINE = re.compile(r"^\s*\[\[passage\]\]")
_SAID_LINE = re.compile(r"\bby\s*=")


def read_statements(text: str, file: str, log: ProblemLog, articles: tuple[Article, ...], people: People,
                    failed: frozenset[str] = frozenset()) -> Statements:
    """The checked statements; each problem is logged with the line of its table or statement.
    Tables of the articles that `failed` to load are passed over: their problems are logged already."""
    said_lines = _said_lines(text)
    passages = {(p.slug, p.key): (article, p) for article in articles for p in article.passages}
    claims: dict[tuple[str, str], list[Claim]] = {}
    for line, entry in read_located(text, file, log, PASSAGE)["passage"]:
        match = PASSAGE_URL.match(str(entry["url"]))
        if match and match["slug"] in failed:
            continue
        found = _passage(entry, match, passages, claims, log.at(file, line))
        if found is None:
            continue
        lines = said_lines.get(line, [])
        claims[(found.slug, found.key)] = [
            claim for number, raw in enumerate(entry["said"])
            if (claim := _claim(raw, found, people, log.at(file, lines[number] if number < len(lines) else line)))
        ]
    return _checked(articles, claims, people)


def _passage(entry: dict, match: re.Match | None, passages: dict, claims: dict, problem) -> Passage | None:
    found = passages.get((match["slug"], match["key"])) if match else None
    if found is None:
        problem(f"{entry['url']!r} is not a passage of the corpus")
        return None
    if (match["slug"], match["key"]) in claims:
        problem(f"{entry['url']} has two [[passage]] tables: keep one")
        return None
    if not isinstance(entry["said"], list):
        problem(f"{entry['url']}: `said` must be a list of statements ([] for a narrative passage)")
        return None
    return found[1]


def _claim(raw, passage: Passage, people: People, problem) -> Claim | None:
    """One statement as written, its fields and names checked; its evidence is checked later, in order."""
    where = f"¶{passage.number} ({passage.slug})"
    if not isinstance(raw, dict) or set(SAID_FIELDS) - set(raw) or set(raw) - set(SAID_FIELDS) - set(SAID_OPTIONAL):
        problem(f"{where}: a statement is {{ by, kind, evidence }} and may have {', '.join(SAID_OPTIONAL)}; not {raw!r}")
        return None
    not_text = [field for field, value in raw.items() if not isinstance(value, str)]
    if not_text:
        problem(f"{where}: {', '.join(not_text)} must be text in quotation marks, not {', '.join(repr(raw[f]) for f in not_text)}")
        return None
    if TODO in (raw["by"], raw["kind"], raw["evidence"]):
        problem(f"{where}: TODO: decide who speaks, how and on what evidence (or `said = []` if no one does)")
        return None
    speaker = people.speaker(raw["by"])
    problems = [f"{where}: unknown speaker {raw['by']!r} (not a person or institution of people.toml)"] if speaker is None else []
    if raw["kind"] not in KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(KINDS)}, not {raw['kind']!r}")
    if raw["evidence"] not in EVIDENCE:
        problems.append(f"{where}: evidence must be one of {', '.join(EVIDENCE)}, not {raw['evidence']!r}")
    for message in problems:
        problem(message)
    if problems:
        return None
    return Claim(passage, speaker, raw["kind"], raw["evidence"], raw.get("words"), raw.get("refers_to"), raw.get("opened_in"), problem)


def _checked(articles: tuple[Article, ...], claims: dict, people: People) -> Statements:
    """Each article's claims checked in passage order (a pronoun needs the passages before it: what
    they say, and whom they name)."""
    in_passage, by_speaker = {}, {}
    narrative = frozenset(place for place, listed in claims.items() if not listed)
    for article in articles:
        before: list[Earlier] = []
        for passage in article.passages:
            written = claims.get((passage.slug, passage.key), ())
            said = tuple(statement for claim in written
                         if (statement := check_claim(claim, article, before, people.persons)) is not None)
            named = people.named_in.get((passage.slug, passage.key), ())
            before.append(Earlier(passage, said, named, tuple(claim.speaker for claim in written)))
            if said:
                in_passage[(passage.slug, passage.key)] = said
            for statement in said:
                by_speaker.setdefault(statement.speaker.slug, []).append(statement)
    return Statements(in_passage, {slug: tuple(found) for slug, found in by_speaker.items()}, narrative)


def unattributed(articles: tuple[Article, ...], statements: Statements) -> list[str]:
    """Passage URLs with no [[passage]] table yet (neither statements nor marked narrative)."""
    return [passage_path(p.slug, p.key) for article in articles for p in article.passages
            if (p.slug, p.key) not in statements.in_passage and (p.slug, p.key) not in statements.narrative]


def _said_lines(text: str) -> dict[int, list[int]]:
    """For the line of each [[passage]] header, the lines of its statements (a `by =` each)."""
    lines: dict[int, list[int]] = {}
    table = None
    for number, line in enumerate(text.split("\n"), start=1):
        if _TABLE_LINE.match(line):
            table = lines.setdefault(number, [])
        elif table is not None:
            table.extend([number] * len(_SAID_LINE.findall(line)))
    return lines
