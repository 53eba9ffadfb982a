"""The alias table (`corpus/aliases.toml`): spellings that name the same person or place.

One home for spelling variants: search expands a query term to its group, people pages
count a mention in any spelling. A spelling may belong to one group only; a table where a
spelling leads to two names (a loop, or a clash) is refused at startup.
"""

from __future__ import annotations

from app.corpus.grammar import Table, read_tables
from app.corpus.problems import ProblemLog
from app.model import Aliases, AliasGroup

ALIASES_FILE = "aliases.toml"
ALIAS = Table("alias", ("name", "spellings"))


def read_aliases(text: str, file: str, log: ProblemLog) -> Aliases:
    groups, owner = [], {}
    for entry in read_tables(text, file, log, ALIAS)["alias"]:
        if not isinstance(entry["spellings"], list):
            log.add(file, f"alias {entry['name']!r}: `spellings` must be a list of strings")
            continue
        group = AliasGroup(entry["name"], tuple(entry["spellings"]))
        for spelling in group.all_spellings:
            earlier = owner.get(spelling.casefold())
            if earlier is not None:
                log.add(file, f"“{spelling}” is a spelling of both “{earlier}” and “{group.name}” (an alias loop): keep it in one group")
            owner[spelling.casefold()] = group.name
        groups.append(group)
    return Aliases(tuple(groups))
