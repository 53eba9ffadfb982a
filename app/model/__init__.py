"""The archive's plain data: every frozen dataclass of the corpus, and nothing else.

Readers (app.corpus) make these, the state (app.state) computes from them, the web layer
renders them. The package imports nothing of the app above it: it is the bottom of every
import. Its modules follow the corpus (articles and their alignment with the capture, names,
statements, the timeline, the whole corpus); every class is importable from here.
"""

from app.model.alignment import HEADLINE, Alignment, CaptureLine, CaptureSummary, Fate, LeftOut, LinePart, summarise
from app.model.articles import SUPPLIED_MARK, Article, Capture, FuzzyDate, Omission, Passage, Report
from app.model.corpus import Corpus, Permalinks, Withdrawn
from app.model.names import Aliases, AliasGroup, Institution, People, Person, Role
from app.model.statements import EVIDENCE, KINDS, Evidence, Statement, Statements
from app.model.timeline import Event, Month, Timeline

__all__ = [
    "EVIDENCE", "HEADLINE", "KINDS", "SUPPLIED_MARK", "AliasGroup", "Aliases", "Alignment", "Article", "Capture", "CaptureLine",
    "CaptureSummary", "Corpus", "Event", "Evidence", "Fate", "FuzzyDate", "Institution", "LeftOut", "LinePart", "Month", "Omission",
    "Passage", "People", "Permalinks", "Person", "Report", "Role", "Statement", "Statements", "Timeline", "Withdrawn", "summarise",
]
