"""The timeline (`corpus/events.toml`): events with their dates, bases and cited passages.

Event ids are the curator's and never derived from titles, so editing a title moves no
link. Each article's publication joins the timeline from the article's own metadata.
Every cited passage, date and person is checked at startup.
"""

from __future__ import annotations

from app.corpus.dates import parse_fuzzy_date
from app.corpus.grammar import BASES, NAME_SLUG, PASSAGE_URL, Table, read_tables
from app.corpus.problems import ProblemLog
from app.model import SUPPLIED_MARK, Article, Event, FuzzyDate, Passage, Person, Timeline

EVENTS_FILE = "events.toml"
EVENT = Table("event", ("id", "date", "basis", "basis_note", "title", "summary", "people", "passages"), ("precision", "context"))


def read_timeline(text: str, file: str, log: ProblemLog, articles: tuple[Article, ...], persons: tuple[Person, ...],
                  failed: dict[str, str] | None = None) -> Timeline:
    """The timeline; an event citing a passage of an article that did not load (`failed`: its
    file by slug) is not checked, and each such article gets one line under its own problems."""
    passages = {(p.slug, p.key): p for article in articles for p in article.passages}
    people = {person.slug: person for person in persons}
    waiting: dict[str, list[str]] = {slug: [] for slug in failed or {}}
    events, seen = [], set()
    for entry in read_tables(text, file, log, EVENT)["event"]:
        if _cites_failed(entry, waiting):
            continue
        event = _read_event(entry, file, log, passages, people, position=len(events))
        if event is None:
            continue
        if event.id in seen:
            log.add(file, f"event {event.id!r}: the id is used twice")
        seen.add(event.id)
        events.append(event)
    for slug, ids in waiting.items():
        if ids:
            log.add_under(failed[slug], f"{len(ids)} event(s) of {file} cite its passages and are checked once it loads: "
                                        f"{', '.join(dict.fromkeys(ids))}")
    events += [_publication(article, position=len(events) + i) for i, article in enumerate(articles)]
    ordered = sorted(events, key=lambda event: (event.date.value, event.position))
    return Timeline(tuple(e for e in ordered if e.context), tuple(e for e in ordered if not e.context))


def _read_event(entry: dict, file: str, log: ProblemLog, passages: dict, people: dict, position: int) -> Event | None:
    name = f"event {entry.get('id', entry.get('title', '?'))!r}"
    problems = []
    if not NAME_SLUG.match(entry["id"]):
        problems.append("the id must be lower-case words joined by hyphens")
    else:
        date = _date(entry, problems)
        if entry["basis"] not in BASES:
            problems.append(f"basis must be one of {', '.join(BASES)}, not {entry['basis']!r}")
        cited = _citations(entry["passages"], passages, problems)
        involved = [people.get(slug) for slug in entry["people"]]
        problems += [f"unknown person {slug!r} (not in people.toml)" for slug, p in zip(entry["people"], involved, strict=True) if p is None]
    for problem in problems:
        log.add(file, f"{name}: {problem}")
    if problems:
        return None
    return Event(entry["id"], date, entry["basis"], entry["basis_note"], entry["title"], entry["summary"],
                 tuple(involved), cited, position, bool(entry.get("context", False)))


def _cites_failed(entry: dict, waiting: dict[str, list[str]]) -> bool:
    """Whether the event cites a passage of an article that did not load; if so it is noted under that article."""
    slugs = {match["slug"] for match in map(PASSAGE_URL.match, entry["passages"]) if match and match["slug"] in waiting}
    for slug in sorted(slugs):
        waiting[slug].append(entry["id"])
    return bool(slugs)


def _date(entry: dict, problems: list[str]) -> FuzzyDate | None:
    try:
        return parse_fuzzy_date(str(entry["date"]), entry.get("precision", "day"))
    except ValueError as error:
        problems.append(str(error))
        return None


def _citations(urls: list[str], passages: dict, problems: list[str]) -> tuple[Passage, ...]:
    cited = []
    for url in urls:
        match = PASSAGE_URL.match(url)
        passage = passages.get((match["slug"], match["key"])) if match else None
        if passage is None:
            problems.append(f"cites {url!r}, which is not a passage of the corpus")
        else:
            cited.append(passage)
    if not urls:
        problems.append("cites no passage")
    return tuple(cited)


def _publication(article: Article, position: int) -> Event:
    return Event(
        id=f"published-{article.slug}",
        date=article.published,
        basis=article.published_basis,
        basis_note=article.published_evidence,
        title=f"{article.outlet} publishes “{article.title}”" + (f" {SUPPLIED_MARK}" if article.title_supplied else ""),
        summary=article.lede,
        people=(),
        passages=(),
        position=position,
        article=article,
    )
