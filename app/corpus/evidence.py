"""The check of one statement's evidence against the text: what each kind of evidence must show.

- named: a spelling of the speaker (people.toml, widened by the alias table) is in the passage;
- pronoun / title: its `words` are in the passage and it `refers_to` its antecedent, the nearest
  earlier passage that carries a statement or names a person (people.toml's names and aliases,
  as the people index matches them); the speaker is its last speaker, or, if it carries no
  statement, one of the people it names; a title
  also fits the speaker's role on the article's date;
- role: its `words` name the office the speaker, and no one else, held on the article's date;
- continued: the passage opens with a quotation mark, the passage before carries a quotation of
  the same speaker still open at its end, and `opened_in` is where that quotation began;
- headline: the passage names no one, the headline names the speaker.
A quoted statement's passage has a quotation mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from app.corpus.people import names_pattern
from app.model import Article, Evidence, Institution, Passage, Person, Statement

OPENING_QUOTES = "“\"‘"
_DOUBLE_QUOTES = re.compile("“|”|’’|\"")


@dataclass(frozen=True)
class Claim:
    """A statement as the table writes it, before its evidence is checked."""

    passage: Passage
    speaker: Person | Institution
    kind: str
    evidence: str
    words: str | None
    refers_to: str | None
    opened_in: str | None
    problem: Callable[[str], None]  # logs a problem at this statement's line

    @property
    def where(self) -> str:
        return f"¶{self.passage.number} ({self.passage.slug}), said by {self.speaker.slug}"


@dataclass(frozen=True)
class Earlier:
    """An earlier passage of the article as evidence looks back at it: its checked statements, the
    speakers its table claims (checked or not) and the people it names. A pronoun's antecedent is
    the nearest one with a claim or a name. A claim whose evidence failed still counts as its
    speaker's, so the pronoun after it is checked against what the curator meant, and its one
    problem is not followed by a misleading second."""

    passage: Passage
    said: tuple[Statement, ...]
    named: tuple[Person, ...]
    claimed: tuple[Person | Institution, ...] = ()

    def last_speaker(self) -> Person | Institution | None:
        return self.claimed[-1] if self.claimed else None


def check_claim(claim: Claim, article: Article, before: list[Earlier], persons: tuple[Person, ...]) -> Statement | None:
    """The statement, if its evidence holds; otherwise each reason is logged and None returned.
    `before` holds the article's earlier passages, in order."""
    check = _CHECKS[claim.evidence]
    problems, evidence = check(claim, article, before, persons)
    if claim.kind == "quoted" and not any(mark in claim.passage.text for mark in OPENING_QUOTES):
        problems.append("is marked quoted, but the passage has no quotation mark (reported?)")
    for message in problems:
        claim.problem(f"{claim.where}: {message}")
    if problems:
        return None
    return Statement(claim.passage, claim.speaker, claim.kind, evidence, claim.speaker.role_on(article.published.value))


def _named(claim: Claim, article: Article, before, persons) -> tuple[list[str], Evidence | None]:
    """The first spelling of the speaker in the passage, or `words` where that one is not the
    speaking one ("accused Iran …; Tehran has strongly rejected" speaks as Tehran)."""
    spellings = claim.speaker.spellings
    if claim.words is not None and claim.words not in spellings:
        return [f"“{claim.words}” is not a spelling of {claim.speaker.name} ({', '.join(spellings)})"], None
    found = names_pattern((claim.words,) if claim.words else spellings).search(claim.passage.text)
    if found is None:
        return [f"the passage names no spelling of {claim.speaker.name} ({', '.join((claim.words,) if claim.words else spellings)})"], None
    return [], Evidence("named", found.group())


def _headline(claim: Claim, article: Article, before, persons) -> tuple[list[str], Evidence | None]:
    """The headline speaks for a passage only where the passage names no one: a name in it would be
    the evidence (or a rival). A headline the archive supplied is the archive's own attribution, not
    the capture's, and its evidence says so (Evidence.text)."""
    problems = []
    named = [p.name for p in persons if p.spellings and names_pattern(p.spellings).search(claim.passage.text)]
    if named:
        problems.append(f"headline evidence is for a passage that names no one; this one names {', '.join(named)}")
    found = names_pattern(claim.speaker.spellings).search(article.title)
    if found is None:
        return [*problems, f"the headline names no spelling of {claim.speaker.name}"], None
    return problems, Evidence("headline", found.group(), supplied=article.title_supplied)


def _refers_back(claim: Claim, article: Article, before, persons) -> tuple[list[str], Evidence | None]:
    """A pronoun or title: in the passage, and pointing at its antecedent, which names the speaker or
    ends with the speaker's statement. A narrative passage that names him is an antecedent too:
    "Mr Amir-Abdollahian was asked about …" then "He said: …"."""
    problems = _words_in_passage(claim)
    antecedent = next((earlier for earlier in reversed(before) if earlier.claimed or earlier.named), None)
    if claim.refers_to is None:
        problems.append("a pronoun or title needs `refers_to`, the key of the passage it refers back to")
    elif antecedent is None:
        problems.append(f"refers back to {claim.refers_to}, but no passage before it carries a statement or names a person")
    elif antecedent.passage.key != claim.refers_to:
        problems.append(f"refers back to {claim.refers_to}, but the nearest passage before that carries a statement or names "
                        f"a person is ¶{antecedent.passage.number} ({antecedent.passage.key})")
    else:
        problems += _antecedent_fits(claim, antecedent)
    if claim.evidence == "title":
        problems += _fits_role(claim, article)
    if antecedent is None:
        return problems, None
    mention = claim.speaker.name if antecedent.last_speaker() != claim.speaker else ""
    return problems, Evidence(claim.evidence, claim.words or "", antecedent.passage, mention=mention)


def _antecedent_fits(claim: Claim, antecedent: Earlier) -> list[str]:
    """A passage that carries a statement offers its last speaker alone (the people it merely names
    are not who "he" is); one that carries none offers each person it names."""
    last = antecedent.last_speaker()
    where = f"refers back to ¶{antecedent.passage.number}"
    if last is not None:
        return [] if last == claim.speaker else [f"{where}, whose last statement is {last.name}’s, not {claim.speaker.name}’s"]
    if claim.speaker in antecedent.named:
        return []
    if len(antecedent.named) == 1:
        return [f"{where}, which carries no statement and names {antecedent.named[0].name}, not {claim.speaker.name}"]
    *others, final = [person.name for person in antecedent.named]
    return [f"{where}, which carries no statement and names {', '.join(others)} and {final}; "
            f"{claim.speaker.name} is not among them"]


def _role(claim: Claim, article: Article, before, persons) -> tuple[list[str], Evidence | None]:
    """The office alone: the speaker held it on the article's date, and no one else did."""
    problems = _words_in_passage(claim) + _fits_role(claim, article)
    day = article.published.value
    rivals = [p.name for p in persons if p != claim.speaker and claim.words and (r := p.role_on(day)) and r.fits(claim.words)]
    if rivals:
        problems.append(f"“{claim.words}” also names {', '.join(rivals)} on {day.isoformat()}: say who by name or by reference")
    return problems, Evidence("role", claim.words or "")


def _continued(claim: Claim, article: Article, before, persons) -> tuple[list[str], Evidence | None]:
    problems = []
    if not claim.passage.text.lstrip().startswith(tuple(OPENING_QUOTES)):
        problems.append("a continued quotation opens with a quotation mark; this passage does not")
    previous = [s for s in (before[-1].said if before else ()) if s.speaker == claim.speaker and s.kind == "quoted"]
    if not previous and before and claim.speaker in before[-1].claimed:
        return [*problems, f"continues ¶{before[-1].passage.number}, whose statement of {claim.speaker.name} failed its "
                           "check (above): fix that one first"], None
    if not previous:
        return [*problems, f"the passage before carries no quotation of {claim.speaker.name} to continue"], None
    if not quotation_open(previous[-1].passage.text):
        problems.append(f"the quotation in ¶{previous[-1].passage.number} is closed at its end: this passage starts a new one")
    opener = previous[-1].evidence.back if previous[-1].evidence.kind == "continued" else previous[-1].passage
    if claim.opened_in != opener.key:
        problems.append(f"opened_in must be {opener.key} (¶{opener.number}, where the quotation opened), not {claim.opened_in!r}")
    return problems, Evidence("continued", "", opener)


def quotation_open(text: str) -> bool:
    """Whether a passage ends inside a quotation: its last double quotation mark opens one. Captures
    close with ” but also with ’’ (Express ¶17) or a straight ", which opens or closes by turns."""
    inside = False
    for mark in _DOUBLE_QUOTES.findall(text):
        inside = mark == "“" or (mark == '"' and not inside)
    return inside


def _words_in_passage(claim: Claim) -> list[str]:
    if not claim.words:
        return [f"{claim.evidence} evidence needs `words`: the pronoun or title as the passage writes it"]
    if not re.search(rf"(?<!\w){re.escape(claim.words)}(?!\w)", claim.passage.text, re.IGNORECASE):
        return [f"“{claim.words}” is not in the passage"]
    return []


def _fits_role(claim: Claim, article: Article) -> list[str]:
    day = article.published.value
    role = claim.speaker.role_on(day)
    if not claim.words or (role is not None and role.fits(claim.words)):
        return []
    held = f"held {role.title!r}" if role else "held no role people.toml knows"
    return [f"“{claim.words}” is not {claim.speaker.name}’s office on {day.isoformat()} ({held})"]


_CHECKS = {
    "named": _named, "headline": _headline, "pronoun": _refers_back, "title": _refers_back,
    "role": _role, "continued": _continued,
}
