import pytest

from app import create_app
from app.corpus.problems import CorpusError
from app.settings import SETTINGS, SettingError
from tests.conftest import ROOT


def test_config_overrides_defaults(corpus_copy):
    app = create_app({"CORPUS_DIR": str(corpus_copy), "BASE_URL": "https://x.example/"})
    assert app.extensions["archive"].base_url == "https://x.example"


def test_environment_names_the_corpus(monkeypatch, corpus_copy):
    monkeypatch.setenv("ARCHIVE_CORPUS", str(corpus_copy))
    app = create_app()
    assert len(app.extensions["archive"].corpus.articles) == 2


def test_a_broken_corpus_stops_the_factory(tmp_path):
    try:
        create_app({"CORPUS_DIR": str(tmp_path / "missing")})
    except CorpusError as error:
        assert "missing" in str(error) and "does not exist" in str(error)
    else:
        raise AssertionError("create_app served a missing corpus")


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for setting in SETTINGS:
        assert f"\n| `{setting.env}` | " in readme, f"{setting.env} has no row in the README's table of settings (Configuration)"


def test_the_search_settings_come_from_the_environment(monkeypatch, corpus_copy):
    monkeypatch.setenv("ARCHIVE_SEARCH_PAGE_SIZE", "3")
    monkeypatch.setenv("ARCHIVE_INDEX_WRITERS", "2")
    searching = create_app({"CORPUS_DIR": str(corpus_copy)}).extensions["archive"].search_settings
    assert (searching.page_size, searching.writers, searching.time_limit_seconds, searching.prefix_terms) == (3, 2, 2.0, 100)


BAD_SETTINGS = [
    # (setting, value, what the message says it must be)
    ("SEARCH_PAGE_SIZE", "0", "a whole number of at least 1"),
    ("SEARCH_PAGE_SIZE", "ten", "a whole number of at least 1"),
    ("SEARCH_PAGE_SIZE", "²", "a whole number of at least 1"),
    ("SEARCH_TIME_LIMIT", "-1", "a number of seconds, 0 or more"),
    ("SEARCH_TIME_LIMIT", "nan", "a number of seconds, 0 or more"),
    ("SEARCH_PREFIX_TERMS", "1.5", "a whole number of at least 1"),
    ("INDEX_WRITERS", "all", "auto or a whole number of at least 1"),
    ("INDEX_SHARD_PASSAGES", "-5", "a whole number of at least 1"),
]


@pytest.mark.parametrize(("name", "value", "wanted"), BAD_SETTINGS)
def test_a_setting_it_cannot_use_stops_the_factory_naming_its_variable(corpus_copy, name, value, wanted):
    with pytest.raises(SettingError) as stopped:
        create_app({"CORPUS_DIR": str(corpus_copy), name: value})
    assert str(stopped.value) == f"ARCHIVE_{name}={value!r} cannot be used: it must be {wanted}"
