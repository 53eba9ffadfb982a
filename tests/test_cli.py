import subprocess
import sys

import bagit

from tests.conftest import ROOT, edit


def flask(*args, corpus):
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT, capture_output=True, text=True, env={"ARCHIVE_CORPUS": str(corpus), "PATH": "/usr/bin:/bin"}, timeout=60,
    )


def test_check_passes_on_a_good_corpus(corpus_copy):
    result = flask("check", corpus=corpus_copy)
    assert result.returncode == 0 and "corpus ok: 2 articles, 6 passages" in result.stdout


def test_check_fails_with_one_message_and_no_traceback(corpus_copy):
    edit(corpus_copy / "articles/2023-08-08-tokyo.md", "Published: 2023-08-08", "Published: 2023-13-08")
    result = flask("check", corpus=corpus_copy)
    assert result.returncode == 1
    assert "corpus/articles/2023-08-08-tokyo.md:5" in result.stderr and "Traceback" not in result.stderr


def test_check_reports_passages_missing_from_the_lock(corpus_copy):
    edit(corpus_copy / "permalinks.lock", "/articles/2023-08-08-tokyo/p/k574xioe\n", "")
    result = flask("check", corpus=corpus_copy)
    assert result.returncode == 1 and "not yet locked: /articles/2023-08-08-tokyo/p/k574xioe" in result.stderr


def test_lock_appends_new_passages_and_nothing_else(corpus_copy):
    edit(corpus_copy / "permalinks.lock", "/articles/2023-08-08-tokyo/p/k574xioe\n", "")
    before = (corpus_copy / "permalinks.lock").read_text("utf-8")
    assert flask("lock", corpus=corpus_copy).returncode == 0
    after = (corpus_copy / "permalinks.lock").read_text("utf-8")
    assert after == before + "/articles/2023-08-08-tokyo/p/k574xioe\n"
    assert flask("check", corpus=corpus_copy).returncode == 0


def test_bag_writes_the_archive_as_a_bag_that_validates(corpus_copy, tmp_path):
    result = flask("bag", str(tmp_path / "bag"), corpus=corpus_copy)
    assert result.returncode == 0 and "wrote the bag archive-" in result.stdout
    bagit.Bag(str(tmp_path / "bag")).validate()
    for name in ("originals/a.txt", "originals/b.txt", "articles/2023-08-08-tokyo.md", "permalinks.lock"):
        assert (tmp_path / "bag" / "data" / name).read_bytes() == (corpus_copy / name).read_bytes()


def test_bag_refuses_a_folder_that_is_not_empty(corpus_copy, tmp_path):
    (tmp_path / "kept.txt").write_text("mine", "utf-8")
    result = flask("bag", str(tmp_path), corpus=corpus_copy)
    assert result.returncode == 1 and "is not empty" in result.stderr and (tmp_path / "kept.txt").read_text("utf-8") == "mine"


def test_check_lists_passages_not_yet_attributed(corpus_copy):
    edit(corpus_copy / "statements.toml", '[[passage]]\nurl = "/articles/2023-08-08-tokyo/p/k574xioe"\nsaid = []\n', "")
    result = flask("check", corpus=corpus_copy)
    assert result.returncode == 1
    assert "not yet attributed: /articles/2023-08-08-tokyo/p/k574xioe" in result.stderr


def test_flask_run_still_refuses_a_broken_corpus_with_one_message(corpus_copy):
    edit(corpus_copy / "articles/2023-08-08-tokyo.md", "Published: 2023-08-08", "Published: 2023-13-08")
    result = flask("run", "--port", "8631", corpus=corpus_copy)
    assert result.returncode == 1 and "refusing to start: the corpus is broken" in result.stderr and "Traceback" not in result.stderr
