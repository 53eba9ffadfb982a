"""Curator commands: `flask --app app check` validates the corpus; `flask --app app lock`
appends newly published passage URLs to the lock file; `flask --app app bag DIR` writes the
archive as a BagIt bag, the one /archive.zip serves."""

from __future__ import annotations

import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask

from app.corpus.permalinks import LOCK_FILE, passage_path
from app.corpus.problems import StartupError
from app.web import current_archive


@contextmanager
def startup_errors_as_cli_errors():
    """Under the `flask` command a broken corpus or state folder is one message and exit 1, not a traceback."""
    try:
        yield
    except StartupError as error:
        if click.get_current_context(silent=True) is None:
            raise
        raise click.ClickException(f"refusing to start: {error}") from None


def _unlocked():
    corpus = current_archive().corpus
    return corpus, corpus.permalinks.unlocked({(p.slug, p.key) for p in corpus.passages})


def init_app(app: Flask) -> None:
    @app.cli.command("check")
    def check():
        """Validate the corpus without serving; exit 1 on any problem."""
        corpus, unlocked = _unlocked()
        for slug, key in unlocked:
            click.echo(f"not yet locked: {passage_path(slug, key)} (run `flask --app app lock`)", err=True)
        passages = sum(len(article.passages) for article in corpus.articles)
        click.echo(f"corpus ok: {len(corpus.articles)} articles, {passages} passages, digest {corpus.digest[:12]}")
        sys.exit(1 if unlocked else 0)

    @app.cli.command("lock")
    def lock():
        """Append every current passage URL that is not yet in permalinks.lock."""
        _, unlocked = _unlocked()
        lock_path = Path(app.config["CORPUS_DIR"]) / LOCK_FILE
        with lock_path.open("a", encoding="utf-8") as handle:
            for slug, key in unlocked:
                handle.write(passage_path(slug, key) + "\n")
        click.echo(f"locked {len(unlocked)} new passage URL(s) in {lock_path}")

    @app.cli.command("bag")
    @click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
    def bag(folder: Path):
        """Write the archive as a BagIt bag into FOLDER (new or empty): the bag /archive.zip serves, unzipped."""
        if folder.exists() and any(folder.iterdir()):
            raise click.ClickException(f"{folder} is not empty: name a new or empty folder for the bag")
        found = current_archive().bag
        with zipfile.ZipFile(found.path) as zipped:
            for entry in zipped.infolist():
                target = folder / entry.filename.removeprefix(f"{found.name}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zipped.read(entry))
        click.echo(f"wrote the bag {found.name} to {folder} (SHA-256 of its zip {found.sha256})")
