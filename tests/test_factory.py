from app import create_app
from app.corpus.problems import CorpusError
from app.settings import SETTINGS
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
        assert setting.env in readme, f"{setting.env} is not documented in README.md"
