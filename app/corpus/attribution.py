"""The proposer: who speaks in each passage of a new article, guessed from its words, with the
evidence it found and TODO where it is unsure, for the curator to check into statements.toml.

It reads what the curated table records (evidence.py checks the same kinds): "X said",
"said X", "X told …"; "He said:" / "He added:" / ", he said" referring back, as the check
does, to the nearest passage with a statement or a name in it; a paragraph that opens with a
quotation mark while the speaker's quotation is still open; the titles people.toml gives each
person's office on the article's date; the headline, where a pronoun has no one before it.
bench/attribution.py measures it against the curated table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.corpus.evidence import OPENING_QUOTES, quotation_open
from app.corpus.grammar import passage_path
from app.corpus.people import names_pattern
from app.corpus.todos import TODO
from app.model import Article, People

_VERBS = (r"said|says|told|added|adding|stated|noted|stressed|urged|asserted|emphasi[sz]ed|underlined|announced|warned"
          r"|insisted|insisting|called|ordered|denied|rejected|expressed|agreed|saying|went on to|blam\w+|accuse\w*|noting")
SPEECH = re.compile(rf"\b(?:{_VERBS})\b")
PRONOUN = re.compile(rf"\b(?P<words>[Hh]e|[Ss]he)\s+(?:also\s+)?(?:{_VERBS})\b")
NEAR = 60  # characters between a name and its verb, in one sentence


@dataclass(frozen=True)
class Proposal:
    """One proposed statement: `by` is a slug or TODO, `back` the passage number it points to."""

    number: int
    by: str
    kind: str
    evidence: str
    words: str = ""
    back: int | None = None
    open: bool = False  # the passage ends inside a quotation, which the next may continue

    @property
    def unsure(self) -> bool:
        return self.by == TODO


@dataclass(frozen=True)
class Antecedent:
    """What a pronoun or title refers back to: the nearest passage so far with a proposed
    statement or a person named in it (the people index's matching), as evidence.py checks."""

    number: int
    speaker: str | None  # the last proposed statement's speaker, if it has one
    named: tuple[str, ...]  # the slugs of the people it names

    def referent(self) -> str:
        """Its last speaker; else the one person it names; with several named and no speaker, TODO."""
        if self.speaker is not None:
            return self.speaker
        return self.named[0] if len(self.named) == 1 else TODO

    def offers(self, slug: str) -> bool:
        """As evidence.py checks: its last speaker alone, or, with no statement, anyone it names."""
        return slug == self.speaker if self.speaker is not None else slug in self.named


def propose_statements(article: Article, people: People) -> dict[int, tuple[Proposal, ...]]:
    """The statements proposed for each passage number (an empty tuple: narrative, as far as it can tell)."""
    proposed: dict[int, tuple[Proposal, ...]] = {}
    antecedent: Antecedent | None = None
    for passage in article.passages:
        found = _propose(passage.number, passage.text, article, people, antecedent, proposed.get(passage.number - 1, ()))
        proposed[passage.number] = found
        named = tuple(person.slug for person in people.named_in.get((passage.slug, passage.key), ()))
        if found or named:
            antecedent = Antecedent(passage.number, found[-1].by if found else None, named)
    return proposed


def _propose(number: int, text: str, article: Article, people: People, antecedent: Antecedent | None,
             before: tuple) -> tuple[Proposal, ...]:
    kind = "quoted" if any(mark in text for mark in OPENING_QUOTES) else "reported"
    continued = _continued(number, text, before)
    if continued:
        return (continued,)
    named = _named(number, text, kind, people)
    if named:
        return named
    titled = _titled(number, text, kind, article, people, antecedent)
    if titled:
        return (titled,)
    pronoun = PRONOUN.search(text)
    if pronoun:
        return (_pronoun(number, text, kind, pronoun["words"], article, people, antecedent),)
    return ()


def _continued(number: int, text: str, before: tuple[Proposal, ...]) -> Proposal | None:
    """A paragraph opening with a quotation mark while the passage before left one open."""
    if not text.lstrip().startswith(tuple(OPENING_QUOTES)) or not before or before[-1].kind != "quoted" or not before[-1].open:
        return None
    opener = before[-1].back if before[-1].evidence == "continued" else before[-1].number
    return Proposal(number, before[-1].by, "quoted", "continued", back=opener, open=quotation_open(text))


def _named(number: int, text: str, kind: str, people: People) -> tuple[Proposal, ...]:
    """Speakers named within a short reach of a verb of speech ("X said", "said X", "X told").
    A one-word name of an institution ("Iran", "Moscow") counts only where no person speaks (named,
    or as "he said"): those names are also the subjects and objects of what people say."""
    found = []
    person_speaks = PRONOUN.search(text) is not None
    for speaker in (*people.persons, *people.institutions):
        person_speaks = person_speaks or bool(found)
        for match in names_pattern(speaker.spellings).finditer(text) if speaker.spellings else ():
            if person_speaks and speaker in people.institutions and " " not in match.group():
                continue
            if _speaks_near(text, match.start(), match.end()) and speaker.slug not in [p.by for p in found]:
                found.append(Proposal(number, speaker.slug, kind, "named", open=quotation_open(text)))
                break
    return tuple(found)


def _speaks_near(text: str, start: int, end: int) -> bool:
    after = re.split(r"[.;!?]\s", text[end:end + NEAR], maxsplit=1)[0]
    before = re.split(r"[.;!?”]\s", text[max(0, start - NEAR // 3):start])[-1]
    possessive = text[end:end + 2] in ("’s", "'s")
    return not possessive and (SPEECH.search(after) is not None or re.search(r"\bsaid\s+(?:\w+\s+)?\Z", before) is not None)


def _titled(number: int, text: str, kind: str, article: Article, people: People, antecedent: Antecedent | None) -> Proposal | None:
    """A title from people.toml near a verb of speech: referring back if the antecedent's last
    speaker holds it or the antecedent names its holder, otherwise the office's one holder on the
    article's date."""
    day = article.published.value
    for person in people.persons:
        role = person.role_on(day)
        for phrase in (role.title, *role.called) if role else ():
            match = re.search(rf"(?<!\w)(?:[Tt]he\s+)?{re.escape(phrase)}(?!\w)", text.replace("'", "’"), re.IGNORECASE)
            if match and _speaks_near(text, match.start(), match.end()):
                if antecedent is not None and antecedent.offers(person.slug):
                    return Proposal(number, person.slug, kind, "title", match.group(), back=antecedent.number, open=quotation_open(text))
                holders = [p for p in people.persons if (r := p.role_on(day)) and r.fits(match.group())]
                by = person.slug if len(holders) == 1 else TODO
                return Proposal(number, by, kind, "role", match.group(), open=quotation_open(text))
    return None


def _pronoun(number: int, text: str, kind: str, words: str, article: Article, people: People,
             antecedent: Antecedent | None) -> Proposal:
    """A pronoun refers back to its antecedent's speaker or the one person it names; with no one
    before it, to whoever the headline names."""
    if antecedent is not None:
        return Proposal(number, antecedent.referent(), kind, "pronoun", words, back=antecedent.number, open=quotation_open(text))
    named = [s for s in (*people.persons, *people.institutions) if s.spellings and names_pattern(s.spellings).search(article.title)]
    return Proposal(number, named[0].slug if len(named) == 1 else TODO, kind, "headline", words, open=quotation_open(text))


def proposals_as_toml(article: Article, proposed: dict[int, tuple[Proposal, ...]]) -> str:
    """The proposals as [[passage]] tables for statements.toml, each with a comment naming its
    passage; a TODO speaker, or a TODO statement where no speaker was found but one may speak,
    stops startup until the curator decides it."""
    keys = {passage.number: passage.key for passage in article.passages}
    tables = []
    for passage in article.passages:
        said = [_said(proposal, keys) for proposal in proposed[passage.number]]
        if not said and _unsure_narrative(passage.text):
            said = [f'by = "{TODO}", kind = "{TODO}", evidence = "{TODO}"']
        body = "said = [\n" + "".join(f"  {{ {line} }},\n" for line in said) + "]" if said else "said = []"
        opening = " ".join(passage.text.split()[:9])
        tables.append(f"# ¶{passage.number} {opening} …\n[[passage]]\nurl = \"{passage_path(article.slug, passage.key)}\"\n{body}\n")
    return "\n".join(tables)


def _unsure_narrative(text: str) -> bool:
    """A passage with no speaker found, yet a quotation mark or a verb of speech: someone may speak
    in it, so the curator decides (a TODO refused at startup) rather than a silent `said = []`."""
    return any(mark in text for mark in OPENING_QUOTES) or SPEECH.search(text) is not None


def _said(proposal: Proposal, keys: dict[int, str]) -> str:
    fields = [f'by = "{proposal.by}"', f'kind = "{proposal.kind}"', f'evidence = "{proposal.evidence}"']
    if proposal.words and proposal.evidence in ("pronoun", "title", "role"):
        fields.append(f'words = "{proposal.words}"')
    if proposal.back is not None:
        fields.append(f'{"opened_in" if proposal.evidence == "continued" else "refers_to"} = "{keys[proposal.back]}"')
    return ", ".join(fields)
