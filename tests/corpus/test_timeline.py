"""Events: validation on the fixture corpus; the real timeline's events and citations."""

import re

import pytest

from app.corpus import load_corpus
from app.corpus.problems import CorpusError
from tests.conftest import FIXTURE_CORPUS, edit

EVENTS = "events.toml"


def test_events_are_in_date_order_with_publications_and_context_apart():
    timeline = load_corpus(FIXTURE_CORPUS).timeline
    assert [e.id for e in timeline.context] == ["before"]
    assert [e.id for e in timeline.events] == [
        "the-call", "published-2022-02-25-drones-over-the-capital", "published-2023-08-08-tokyo",
    ]
    assert timeline.events[2].title.endswith("[headline supplied by the archive]")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("/p/c2qkpdb5", "/p/zzzzzzzz", "event 'the-call': cites '/articles/2022-02-25-drones-over-the-capital/p/zzzzzzzz', which is not a passage"),
        ('date = "2022-02-24"', 'date = "2022-02-31"', "event 'the-call': '2022-02-31' is not a real calendar date"),
        ('people = ["ebrahim-raisi"]', 'people = ["nobody"]', "event 'the-call': unknown person 'nobody'"),
        ('basis = "inferred"', 'basis = "guessed"', "event 'the-call': basis must be one of"),
        ('id = "before"', 'id = "the-call"', "event 'the-call': the id is used twice"),
        ('title = "A phone call"\n', "", "event 'the-call': missing field(s) ['title']"),
        ('precision = "month"', 'precision = "roughly"', "event 'before': unknown date precision"),
    ],
)
def test_a_broken_event_stops_the_corpus_naming_it(corpus_copy, old, new, words):
    edit(corpus_copy / EVENTS, old, new)
    with pytest.raises(CorpusError) as raised:
        load_corpus(corpus_copy)
    assert f"corpus/{EVENTS}: {words}" in str(raised.value) or re.search(rf"corpus/{EVENTS}:\d+: {re.escape(words)}", str(raised.value))


def test_editing_a_title_moves_no_anchor(corpus_copy):
    edit(corpus_copy / EVENTS, 'title = "A phone call"', 'title = "A different title"')
    assert load_corpus(corpus_copy).timeline.events[0].anchor == "e-the-call"


REQUIRED_EVENTS = {
    "raisi-kremlin-visit": "2022-01",
    "raisi-putin-call": "2022-02-24",
    "foreign-ministry-statements-2022-02-24": "2022-02-24",
    "raisi-lavrov-tehran": "2022-06-22",
    "raisi-putin-ashgabat": "2022-06-29",
    "sullivan-drone-claim": "2022-07-11",
    "amir-abdollahian-against-the-attack": "2022-07-13",
    "tehran-summit": "2022-07-19",
    "kanaani-sputnik": "2023-02-24",
    "tokyo-press-conference": "2023-08-07",
    "tokyo-meetings": "2023-08-07",
}


def event_entry(page: str, event_id: str) -> str:
    """The HTML of one event: from its anchor to the next event."""
    start = page.index(f'id="e-{event_id}"')
    following = page.find('<li class="event', start)
    return page[start: following if following != -1 else None]


def test_the_timeline_page_shows_every_required_event_with_working_citations(real_client):
    page = real_client.get("/timeline").get_data(as_text=True)
    for event_id, iso in REQUIRED_EVENTS.items():
        entry = event_entry(page, event_id)
        assert f'<time datetime="{iso}">' in entry, event_id
        links = re.findall(r'href="(/articles/[^"#]+/p/[^"]+)"', entry)
        assert links, event_id
        assert all(real_client.get(link).status_code == 200 for link in links), event_id


def test_every_cited_passage_answers_200(real_client, real_corpus):
    for event in real_corpus.timeline.context + real_corpus.timeline.events:
        for passage in event.passages:
            assert real_client.get(f"/articles/{passage.slug}/p/{passage.key}").status_code == 200


def test_every_article_publication_is_on_the_timeline(real_client, real_corpus):
    page = real_client.get("/timeline").get_data(as_text=True)
    for article in real_corpus.articles:
        assert f'id="e-published-{article.slug}"' in page


def test_the_timeline_runs_from_the_phone_call_to_the_last_event(real_corpus):
    events = real_corpus.timeline.events
    assert events[0].date.iso == "2022-02-24" and events[-1].date.value.isoformat() >= "2023-08-07"


def test_the_overview_links_every_event_and_has_a_text_equivalent(real_client, real_corpus):
    page = real_client.get("/timeline").get_data(as_text=True)
    svg = page[page.index("<svg"): page.index("</svg>")]
    for event in real_corpus.timeline.context + real_corpus.timeline.events:
        assert f'href="#e-{event.id}"' in svg
    assert 'aria-labelledby="overview-caption"' in svg and 'id="overview-caption"' in page


def test_filtering_by_person_keeps_only_their_events(real_client):
    page = real_client.get("/timeline?person=nasser-kanaani").get_data(as_text=True)
    assert 'id="e-kanaani-sputnik"' in page and 'id="e-raisi-putin-call"' not in page
    assert 'href="/timeline"' in page


def test_an_unknown_person_filter_is_a_404_linking_to_people(real_client):
    response = real_client.get("/timeline?person=nobody")
    assert response.status_code == 404 and 'href="/people"' in response.get_data(as_text=True)


def test_the_timeline_api_lists_every_event(real_client, real_corpus):
    data = real_client.get("/api/timeline").get_json()
    ids = [event["id"] for event in data["context"] + data["events"]]
    assert set(REQUIRED_EVENTS) <= set(ids)
    call = next(event for event in data["events"] if event["id"] == "raisi-putin-call")
    assert call["date"] == {"iso": "2022-02-24", "label": "24 February 2022", "precision": "day"}
    assert call["passages"][0]["url"].startswith("http://127.0.0.1:8000/articles/2022-02-25-iran-blames-nato-expansion/p/")
