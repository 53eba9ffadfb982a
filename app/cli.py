"""Curator commands: `flask --app app draft` proposes an edition for a new capture;
`flask --app app check` validates the corpus; `flask --app app lock` appends newly published
passage URLs to the lock file; `flask --app app bag DIR` writes the archive as a BagIt bag,
the one /archive.zip serves."""

from __future__ import annotations

import hashlib
import re
import sys
import zipfile
from pathlib import Path

import click
from flask import Flask, current_app

from app.corpus import capture_users
from app.corpus.attribution import proposals_as_toml, propose_statements
from app.corpus.dates import PRECISIONS
from app.corpus.draft import Draft, DraftError, propose_draft
from app.corpus.grammar import BASES, SHA256SUMS_LINE
from app.corpus.permalinks import LOCK_FILE, passage_path
from app.corpus.problems import StartupError
from app.corpus.statements import unattributed
from app.state import Archive
from app.web import current_archive

STARTUP_ERROR = "startup_error"


def build_or_defer(app: Flask, build) -> bool:
    """Build the archive's state into the app; whether it was built.

    Under the `flask` command a broken corpus or state folder is one message and exit 1, not a
    traceback. While the command resolves one of the app's own commands (`check`, `draft` …)
    the error is kept, not raised: each command that needs the corpus refuses with it
    (`archive()`), and `draft`, which concerns only its own capture, runs on a corpus that
    still has other drafts' TODOs. Served (gunicorn, tests, `flask run`), it stops startup.
    """
    try:
        app.extensions["archive"] = build(app.config)
    except StartupError as error:
        context = click.get_current_context(silent=True)
        if context is None:
            raise
        if not isinstance(context.command, click.Group):
            raise click.ClickException(f"refusing to start: {error}") from None
        app.extensions[STARTUP_ERROR] = error
        return False
    return True


def archive() -> Archive:
    """The built state, for a command that needs the corpus; a broken corpus refuses the command."""
    error = current_app.extensions.get(STARTUP_ERROR)
    if error is not None:
        raise click.ClickException(f"refusing to start: {error}")
    return current_archive()


def _unlocked():
    corpus = archive().corpus
    return corpus, corpus.permalinks.unlocked({(p.slug, p.key) for p in corpus.passages})


def init_app(app: Flask) -> None:
    @app.cli.command("check")
    def check():
        """Validate the corpus without serving; exit 1 on any problem."""
        corpus, unlocked = _unlocked()
        for slug, key in unlocked:
            click.echo(f"not yet locked: {passage_path(slug, key)} (run `flask --app app lock`)", err=True)
        speakerless = unattributed(corpus.articles, corpus.statements)
        for url in speakerless:
            click.echo(f"not yet attributed: {url} (`flask --app app attribute <slug>` proposes its [[passage]] for "
                       "statements.toml; `said = []` if narrative)", err=True)
        passages = sum(len(article.passages) for article in corpus.articles)
        click.echo(f"corpus ok: {len(corpus.articles)} articles, {passages} passages, digest {corpus.digest[:12]}")
        sys.exit(1 if unlocked or speakerless else 0)

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
        found = archive().bag
        with zipfile.ZipFile(found.path) as zipped:
            for entry in zipped.infolist():
                target = folder / entry.filename.removeprefix(f"{found.name}/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zipped.read(entry))
        click.echo(f"wrote the bag {found.name} to {folder} (SHA-256 of its zip {found.sha256})")

    @app.cli.command("attribute")
    @click.argument("slug")
    def attribute(slug: str):
        """Propose who speaks in each passage of article SLUG, as statements.toml tables to check and paste."""
        corpus = archive().corpus
        article = corpus.article(slug)
        if article is None:
            raise click.ClickException(f"there is no article {slug!r} (draft it and decide its TODOs first)")
        click.echo(proposals_as_toml(article, propose_statements(article, corpus.people)), nl=False)

    @app.cli.command("draft")
    @click.argument("capture_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--title", help="The headline, exactly as the capture prints it (or your own, with --title-supplied yes).")
    @click.option("--title-supplied", type=click.Choice(["yes", "no"]), help="yes if you wrote the title yourself.")
    @click.option("--outlet", help="The outlet that published the article.")
    @click.option("--url", help="The article's address.")
    @click.option("--published", help="YYYY-MM-DD (or YYYY-MM): the slug begins with it.")
    @click.option("--published-precision", type=click.Choice(PRECISIONS), help="How exact the Published date is.")
    @click.option("--published-basis", type=click.Choice(BASES), help="What the Published date rests on.")
    @click.option("--published-evidence", help="The words the Published date rests on.")
    @click.option("--report", "reports", multiple=True, help="An event reported, `YYYY-MM-DD — what`; repeat for more.")
    @click.option("--captured", help="YYYY-MM-DD, the day the page was captured.")
    @click.option("--language", help="The language code of the text, e.g. en.")
    @click.option("--note", help="A note shown with the source.")
    @click.option("--slug", help="The article's slug, if not the published date and words of the title.")
    def draft(capture_file: Path, slug: str | None, **options):
        """Copy CAPTURE_FILE into originals/ and write a draft edition of it, TODOs to decide."""
        values = {key.replace("_", "-"): value for key, value in options.items() if value}
        try:
            result, path = write_draft(Path(app.config["CORPUS_DIR"]), capture_file, values, slug)
        except DraftError as error:
            raise click.ClickException(f"nothing written: {error}") from None
        click.echo(f"drafted {path} from originals/{capture_file.name}: {len(result.paragraphs)} paragraphs, "
                   f"{len(result.omissions)} lines proposed for leaving out; decide its TODOs, then run `flask --app app check`")


def write_draft(corpus: Path, capture_file: Path, values: dict, slug: str | None = None) -> tuple[Draft, Path]:
    """Copy the capture byte for byte into the corpus (and SHA256SUMS) and write its draft
    edition; every refusal (DraftError) comes before anything is written, and nothing is overwritten.
    Only what concerns this capture is read (SHA256SUMS, the articles' Capture fields), never
    the whole corpus: other articles may still be drafts with TODOs."""
    data = capture_file.read_bytes()
    text = _capture_text(data, capture_file.name)
    sums = corpus / "originals" / "SHA256SUMS"
    sums_text = sums.read_text("utf-8") if sums.exists() else ""
    listed = {match["sha256"]: match["name"] for line in sums_text.splitlines() if (match := SHA256SUMS_LINE.fullmatch(line.strip()))}
    digest = hashlib.sha256(data).hexdigest()
    if digest in listed:
        used_by = capture_users(corpus)
        user = f"the capture of {used_by[listed[digest]]}" if listed[digest] in used_by else "which no article uses yet"
        raise DraftError(f"{capture_file} is already in the corpus as originals/{listed[digest]}, {user}")
    copy = corpus / "originals" / capture_file.name
    if copy.exists() or capture_file.name in listed.values() or not re.fullmatch(r"[\w.-]+", capture_file.name):
        raise DraftError(f"originals/{capture_file.name} cannot be added (it exists, or the name has characters other "
                         "than letters, digits, '.', '_' and '-'): rename the capture file")
    result = propose_draft(text, capture_file.name, values, slug)
    article = corpus / "articles" / f"{result.slug}.md"
    if article.exists():
        raise DraftError(f"the slug {result.slug} is taken by corpus/articles/{article.name}: give another with --slug")
    with copy.open("xb") as handle:
        handle.write(data)
    entry = f"{digest}  {capture_file.name}\n"
    if sums_text and not sums_text.endswith("\n"):
        entry = "\n" + entry  # the last entry has no line end: keep the two on their own lines
    with sums.open("a", encoding="utf-8") as handle:
        handle.write(entry)
    with article.open("x", encoding="utf-8") as handle:
        handle.write(result.text)
    return result, article


def _capture_text(data: bytes, name: str) -> str:
    """The capture as text; a capture that is not UTF-8 text is refused, naming the first bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DraftError(f"{name} is not UTF-8 text: byte {error.start} (0x{data[error.start]:02x}) is {error.reason}; "
                         "convert the capture to UTF-8 first") from None
    if "\x00" in text:
        raise DraftError(f"{name} is not text: byte {data.index(0)} is a NUL (0x00)")
    return text
