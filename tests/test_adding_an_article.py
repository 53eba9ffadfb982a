"""`flask --app app draft`: a new capture drafted, decided, checked, locked, served and searched;
and every bad input refused with one message and nothing written."""

import hashlib
import re
import shutil

import pytest

from app import create_app
from app.corpus.problems import CorpusError
from bench import draft_quality
from tests.conftest import TESTS, edit
from tests.test_cli import flask

CAPTURE = TESTS / "fixtures" / "captures" / "furniture_and_hard_wrap.txt"
SLUG = "2024-01-11-pomegranate-exporters-meet-isfahan"
EVERY_OPTION = [
    "--title", "Pomegranate exporters meet in Isfahan", "--title-supplied", "no", "--outlet", "Fixture Trade News",
    "--url", "https://example.org/pomegranates", "--published", "2024-01-11", "--published-precision", "day",
    "--published-basis", "printed", "--published-evidence", "The capture prints “Thursday, January 11 2024” (line 2).",
    "--report", "2024-01-10 — exporters meet in Isfahan “on Wednesday”", "--captured", "2024-01-12", "--language", "en",
]


def snapshot(corpus):
    return {path: path.read_bytes() for path in corpus.rglob("*") if path.is_file()}


def test_a_drafted_capture_once_decided_is_checked_locked_served_and_found(corpus_copy):
    drafted = flask("draft", str(CAPTURE), *EVERY_OPTION, corpus=corpus_copy)
    assert drafted.returncode == 0, drafted.stderr
    assert (corpus_copy / "originals" / CAPTURE.name).read_bytes() == CAPTURE.read_bytes()
    sha = hashlib.sha256(CAPTURE.read_bytes()).hexdigest()
    assert f"{sha}  {CAPTURE.name}\n" in (corpus_copy / "originals" / "SHA256SUMS").read_text("utf-8")

    article = corpus_copy / "articles" / f"{SLUG}.md"
    refused = flask("check", corpus=corpus_copy)
    assert refused.returncode == 1
    todo_lines = re.findall(rf"corpus/articles/{SLUG}.md:(\d+): Omitted line \d+[^:]*: TODO", refused.stderr)
    assert len(todo_lines) == 10 and len(set(todo_lines)) == 10

    article.write_text(article.read_text("utf-8").replace("— TODO: ", "— "), "utf-8")
    unlocked = flask("check", corpus=corpus_copy)
    assert unlocked.returncode == 1 and f"not yet locked: /articles/{SLUG}/p/" in unlocked.stderr
    assert flask("lock", corpus=corpus_copy).returncode == 0
    speakerless = flask("check", corpus=corpus_copy)
    assert speakerless.returncode == 1 and f"not yet attributed: /articles/{SLUG}/p/" in speakerless.stderr
    assert "`flask --app app attribute <slug>` proposes" in speakerless.stderr
    proposed = flask("attribute", SLUG, corpus=corpus_copy)
    assert proposed.returncode == 0 and proposed.stdout.count("[[passage]]") == speakerless.stderr.count("not yet attributed")
    with (corpus_copy / "statements.toml").open("a", encoding="utf-8") as statements:
        statements.write("\n" + proposed.stdout)
    undecided = flask("check", corpus=corpus_copy)  # where it found no speaker but one may speak, the curator decides
    unsure = '[\n  { by = "TODO", kind = "TODO", evidence = "TODO" },\n]'
    assert undecided.returncode == 1
    assert undecided.stderr.count("TODO: decide who speaks") == proposed.stdout.count(unsure) > 0, undecided.stderr
    for _ in range(proposed.stdout.count(unsure)):
        edit(corpus_copy / "statements.toml", unsure, "[]")
    checked = flask("check", corpus=corpus_copy)
    assert checked.returncode == 0 and "corpus ok: 3 articles" in checked.stdout

    client = create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy)}).test_client()
    page = client.get(f"/articles/{SLUG}").get_data(as_text=True)
    assert "cold-chain warehouses that the two sides plan to build." in page and "Leave a comment" not in page
    found = client.get("/api/search?q=warehouses").get_json()["articles"]
    assert [article["slug"] for article in found] == [SLUG]
    assert client.get(found[0]["hits"][0]["permalink"].removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_check_names_each_header_todo_with_its_line_and_what_to_decide(corpus_copy):
    assert flask("draft", str(CAPTURE), "--title", "Pomegranate exporters meet in Isfahan", "--published", "2024-01-11",
                 corpus=corpus_copy).returncode == 0
    refused = flask("check", corpus=corpus_copy).stderr
    place = f"corpus/articles/{SLUG}.md"
    assert f"{place}:2: Title-Supplied: replace the TODO with yes if you wrote the Title, no if it is a line" in refused
    assert f"{place}:3: Outlet: replace the TODO with the outlet that published the article" in refused
    assert f"{place}:13: Omitted line 1: TODO (a menu): write why it is left out; or, if it is article text" in refused
    assert "Traceback" not in refused


def test_the_app_refuses_to_start_on_a_todo(corpus_copy):
    edit(corpus_copy / "articles/2023-08-08-tokyo.md", "Language: en", "Language: TODO: the language code")
    with pytest.raises(CorpusError, match=r"2023-08-08-tokyo\.md:12: Language: replace the TODO with the language code"):
        create_app({"TESTING": True, "CORPUS_DIR": str(corpus_copy)})


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def refused(runner, corpus, capture, *options):
    """Run `draft`; it must fail with one message and leave the corpus exactly as it was."""
    before = snapshot(corpus)
    result = runner.invoke(args=["draft", str(capture), *options])
    assert result.exit_code == 1 and snapshot(corpus) == before
    assert result.output.count("Error:") == 1
    return result.output


@pytest.mark.parametrize(("data", "message"), [
    (b"Good text.\n\xff\xfe bad", "capture.txt is not UTF-8 text: byte 11 (0xff) is invalid start byte"),
    (b"Text with a \x00 NUL.", "capture.txt is not text: byte 12 is a NUL (0x00)"),
    (b" \n\n\t\n", "capture.txt is empty: there is no text to draft from"),
])
def test_a_capture_that_is_not_text_is_refused_naming_the_byte(runner, corpus_copy, tmp_path, data, message):
    capture = tmp_path / "capture.txt"
    capture.write_bytes(data)
    assert message in refused(runner, corpus_copy, capture, *EVERY_OPTION)


def test_a_capture_already_in_the_corpus_is_refused_naming_its_article(runner, corpus_copy, tmp_path):
    capture = shutil.copy(corpus_copy / "originals" / "b.txt", tmp_path / "again.txt")
    output = refused(runner, corpus_copy, capture, *EVERY_OPTION)
    assert "is already in the corpus as originals/b.txt, the capture of corpus/articles/2023-08-08-tokyo.md" in output


def test_a_capture_named_like_one_in_originals_is_refused_not_overwritten(runner, corpus_copy, tmp_path):
    capture = tmp_path / "a.txt"
    capture.write_text("A different capture with the same name.\n", "utf-8")
    assert "originals/a.txt cannot be added" in refused(runner, corpus_copy, capture, *EVERY_OPTION)


def test_a_slug_that_exists_is_refused(runner, corpus_copy):
    output = refused(runner, corpus_copy, CAPTURE, *EVERY_OPTION, "--published", "2023-08-08", "--slug", "2023-08-08-tokyo")
    assert "the slug 2023-08-08-tokyo is taken by corpus/articles/2023-08-08-tokyo.md: give another with --slug" in output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--published", "2024-02-30", "--published: '2024-02-30' is not a real calendar date"),
    ("--captured", "yesterday", "--captured: 'yesterday' is not a date in the form YYYY-MM-DD"),
])
def test_a_date_that_does_not_parse_is_refused(runner, corpus_copy, option, value, message):
    assert message in refused(runner, corpus_copy, CAPTURE, *EVERY_OPTION, option, value)


def test_a_second_draft_of_the_same_capture_overwrites_nothing_and_names_the_draft(runner, corpus_copy):
    assert runner.invoke(args=["draft", str(CAPTURE), *EVERY_OPTION]).exit_code == 0
    assert f"the capture of corpus/articles/{SLUG}.md" in refused(runner, corpus_copy, CAPTURE, *EVERY_OPTION)


def test_a_capture_listed_but_used_by_no_article_is_refused_saying_so(runner, corpus_copy):
    assert runner.invoke(args=["draft", str(CAPTURE), *EVERY_OPTION]).exit_code == 0
    (corpus_copy / "articles" / f"{SLUG}.md").unlink()
    assert "which no article uses yet" in refused(runner, corpus_copy, CAPTURE, *EVERY_OPTION)


def test_a_second_draft_runs_while_the_first_still_has_todos(corpus_copy):
    assert flask("draft", str(CAPTURE), "--title", "Pomegranate exporters meet in Isfahan", "--published", "2024-01-11",
                 corpus=corpus_copy).returncode == 0
    second = TESTS / "fixtures" / "furniture" / "01_caspian-wire.txt"
    drafted = flask("draft", str(second), "--title", "Iran offers to host talks between Moscow and Kyiv envoys",
                    "--published", "2023-03-14", corpus=corpus_copy)
    assert drafted.returncode == 0, drafted.stderr
    assert (corpus_copy / "articles" / "2023-03-14-iran-offers-host-talks-between-moscow.md").exists()
    refused = flask("check", corpus=corpus_copy)
    assert refused.returncode == 1 and refused.stderr.count("Error:") == 1 and "Traceback" not in refused.stderr
    assert f"{SLUG}.md:2: Title-Supplied: replace the TODO" in refused.stderr
    assert "2023-03-14-iran-offers-host-talks-between-moscow.md:2: Title-Supplied: replace the TODO" in refused.stderr


def test_a_draft_on_a_broken_corpus_still_refuses_what_concerns_its_own_capture(corpus_copy):
    edit(corpus_copy / "articles/2023-08-08-tokyo.md", "Language: en", "Language: TODO: the language code")
    again = flask("draft", str(corpus_copy / "originals" / "b.txt"), *EVERY_OPTION, corpus=corpus_copy)
    assert again.returncode == 1 and "the capture of corpus/articles/2023-08-08-tokyo.md" in again.stderr


def test_the_draft_quality_table_has_a_row_for_each_real_article(real_corpus):
    rows = draft_quality.table().splitlines()
    assert len(rows) == 2 + len(real_corpus.articles) + 1 and rows[-1].startswith("| `all five` |")
    assert all(any(f"`{article.slug}`" in row for row in rows) for article in real_corpus.articles)


def test_a_checksum_list_without_a_final_line_end_keeps_one_entry_a_line(runner, corpus_copy):
    sums = corpus_copy / "originals" / "SHA256SUMS"
    sums.write_text(sums.read_text("utf-8").rstrip("\n"), "utf-8")
    assert runner.invoke(args=["draft", str(CAPTURE), *EVERY_OPTION]).exit_code == 0
    assert sums.read_text("utf-8").splitlines()[-1] == f"{hashlib.sha256(CAPTURE.read_bytes()).hexdigest()}  {CAPTURE.name}"
    assert len(sums.read_text("utf-8").splitlines()) == 3
