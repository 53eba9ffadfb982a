"""People: mentions across spellings, on the fixture corpus and the real one."""

import datetime as dt
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from app.corpus import load_corpus
from app.corpus.people import find_mentions, read_people
from app.corpus.problems import CorpusError, ProblemLog
from app.model import Passage
from tests.conftest import FIXTURE_CORPUS, edit


def test_a_person_is_found_in_every_spelling_of_the_alias_table():
    corpus = load_corpus(FIXTURE_CORPUS)
    persons = read_people('[[person]]\nslug = "r"\nname = "Ebrahim Raisi"\nrole = "x"\nnames = ["Raisi"]\n', "people.toml", ProblemLog(), corpus.aliases)
    texts = ["Raeisi said so.", "Raisi’s view.", "Raisinet is a sweet.", "Amir-Raisi is someone else.", "Nobody."]
    article = SimpleNamespace(passages=[Passage("a", f"k{i}", i, text, Markup(text)) for i, text in enumerate(texts)])
    people = find_mentions(persons, [article])
    assert [p.text for p in people.mentions["r"]] == ["Raeisi said so.", "Raisi’s view."]


def test_mentions_are_whole_words_and_in_date_order():
    people = load_corpus(FIXTURE_CORPUS).people
    assert [p.slug for p in people.mentions["yoshimasa-hayashi"]] == ["2023-08-08-tokyo"]
    assert [p.key for p in people.mentions["ebrahim-raisi"]] == ["c2qkpdb5"]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('slug = "yoshimasa-hayashi"', 'slug = "ebrahim-raisi"', "the slug must be unique"),
        ('role = "Foreign Minister of Japan"\n', "", "people.toml:8: person 'yoshimasa-hayashi': missing field"),
        ('called = ["Iranian President"]', "called = 5", "people.toml:1: person 'ebrahim-raisi', role 'Iran’s president': `called` must be a list"),
        ('called = ["Iranian President"]', "called = [5]", "people.toml:1: .* `called` must be a list of texts, not \\[5\\]"),
        ('called = ["Iranian President"]', 'called = "spokesman"', "`called` must be a list of texts, not 'spokesman'"),
        ('names = ["Hayashi"]', 'names = "Hayashi"', "people.toml:8: person 'yoshimasa-hayashi': `names` must be a list"),
        ('roles = [{ title = "Iran’s president", from = "2021-08-03", called = ["Iranian President"] }]', "roles = 5",
         "people.toml:1: person 'ebrahim-raisi': `roles` must be a list of tables"),
        ('slug = "yoshimasa-hayashi"', "slug = 5", "people.toml:8: person 5: the slug must be"),
    ],
)
def test_a_broken_people_file_names_the_problem(corpus_copy, old, new, words):
    edit(corpus_copy / "people.toml", old, new)
    with pytest.raises(CorpusError, match=words):
        load_corpus(corpus_copy)


RAISI = "ebrahim-raisi"
AMIR_ABDOLLAHIAN = "hossein-amir-abdollahian"


def test_raisi_is_found_as_raeisi_in_the_june_2022_meeting(real_client):
    page = real_client.get(f"/people/{RAISI}").get_data(as_text=True)
    assert "Raeisi has warned against attempts to expand" in page
    assert "Raisi blamed the North Atlantic Treaty Organization" in page
    listing = page[page.index("What Ebrahim Raisi said"):]
    assert listing.index("25 February 2022") < listing.index("22 June 2022")


def test_amir_abdollahian_is_found_in_every_spelling(real_corpus):
    texts = [p.text for p in real_corpus.people.mentions[AMIR_ABDOLLAHIAN]]
    assert any("Hossein Amir Abdollahian said" in t for t in texts)  # 2022, no hyphen
    assert any("Mr Amir-Abdollahian was asked" in t for t in texts)  # July 2022
    assert any("During a meeting with Amir-Abdollahian in Tokyo" in t for t in texts)  # 2023
    dates = [real_corpus.article(p.slug).published.value for p in real_corpus.people.mentions[AMIR_ABDOLLAHIAN]]
    assert dates == sorted(dates)


def test_every_person_passage_links_to_its_permalink(real_client, real_corpus):
    for person in real_corpus.people.persons:
        page = real_client.get(f"/people/{person.slug}").get_data(as_text=True)
        for passage in real_corpus.people.mentions[person.slug]:
            assert f'href="/articles/{passage.slug}/p/{passage.key}"' in page


def test_the_people_page_lists_everyone(real_client, real_corpus):
    page = real_client.get("/people").get_data(as_text=True)
    assert all(f'href="/people/{person.slug}"' in page for person in real_corpus.people.persons)


def test_an_unknown_person_is_404_linking_to_people(real_client):
    response = real_client.get("/people/nobody")
    assert response.status_code == 404 and 'href="/people"' in response.get_data(as_text=True)


def test_the_person_api_lists_passages_and_events(real_client, real_corpus):
    data = real_client.get(f"/api/people/{RAISI}").get_json()
    assert data["name"] == "Ebrahim Raisi" and "Raeisi" in data["spellings"]
    assert len(data["passages"]) == len(real_corpus.people.mentions[RAISI])
    assert "raisi-lavrov-tehran" in data["events"]
    assert real_client.get("/api/people/nobody").status_code == 404


@pytest.mark.parametrize(("day", "holders"), [
    ("2022-04-30", ["saeed-khatibzadeh"]),
    ("2022-05-01", ["nasser-kanaani"]),  # until 2022-05 and from 2022-05: May is the successor's
    ("2022-05-31", ["nasser-kanaani"]),
])
def test_one_office_has_one_holder_on_each_day_of_a_handover(real_corpus, day, holders):
    spokesman = [p.slug for p in real_corpus.people.persons
                 if (role := p.role_on(dt.date.fromisoformat(day))) and role.fits("spokesman")]
    assert spokesman == holders
