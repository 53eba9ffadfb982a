"""Who speaks in a passage: statements, each with its speaker, its kind and the evidence for
the speaker, as corpus/statements.toml records them and load_corpus checked them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.model.articles import Passage
from app.model.names import Institution, Person, Role

KINDS = ("quoted", "reported")
# How a speaker is known: named in the passage; a pronoun or a title referring back to the
# nearest passage before that carries a statement or names a person; a quotation continued from an earlier passage; the role its holder
# had on the article's date; the headline, where the passage names no one.
EVIDENCE = ("named", "pronoun", "title", "continued", "role", "headline")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why the speaker is who the table says: the kind, the words that show it, and the
    earlier passage it points back to (the referent, or where the quotation opened)."""

    kind: str
    words: str
    back: Passage | None = None
    supplied: bool = False  # a headline the archive supplied: its attribution is the archive's, not the capture's
    mention: str = ""  # a pronoun's or title's speaker, where `back` names them without ending with their statement

    @property
    def text(self) -> str:
        """The evidence in a short sentence, for the reader and the API."""
        if self.kind == "continued":
            return f"continues the quotation opened in ¶{self.back.number}"
        if self.kind in ("pronoun", "title") and self.mention:
            return f"“{self.words}” refers back to ¶{self.back.number}, which names {self.mention}"
        if self.kind in ("pronoun", "title"):
            return f"“{self.words}” refers back to the speaker of ¶{self.back.number}"
        if self.kind == "role":
            return f"“{self.words}”: the office the speaker held on the article’s date"
        if self.kind == "headline" and self.supplied:
            return (f"the capture names no one here (it has no headline, and its start is lost): the archive’s own "
                    f"attribution, in the headline it supplied (“{self.words}”), not the capture’s")
        if self.kind == "headline":
            return f"named in the headline (“{self.words}”)"
        return f"named in the passage (“{self.words}”)"


@dataclass(frozen=True, slots=True)
class Statement:
    """What one speaker (a person or an institution) says in one passage."""

    passage: Passage
    speaker: Person | Institution
    kind: str  # quoted: the speaker's words in quotation marks; reported: a paraphrase
    evidence: Evidence
    role: Role | None  # the speaker's office on the article's date, if any

    @property
    def speaker_label(self) -> str:
        """"Hossein Amir-Abdollahian, Iran’s foreign minister": the name, and the office then held."""
        return f"{self.speaker.name}, {self.role.title}" if self.role else self.speaker.name


@dataclass(frozen=True)
class Statements:
    """Every statement, by passage (in the order the passage says them) and by speaker (in date order)."""

    in_passage: dict[tuple[str, str], tuple[Statement, ...]] = field(default_factory=dict)
    by_speaker: dict[str, tuple[Statement, ...]] = field(default_factory=dict)
    narrative: frozenset[tuple[str, str]] = frozenset()  # passages the curator marked as no one's words

    def of(self, passage: Passage) -> tuple[Statement, ...]:
        return self.in_passage.get((passage.slug, passage.key), ())

    def said_by(self, slug: str) -> tuple[Statement, ...]:
        return self.by_speaker.get(slug, ())

    def speakers_of(self, passage: Passage) -> tuple[Person | Institution, ...]:
        return tuple(dict.fromkeys(statement.speaker for statement in self.of(passage)))
