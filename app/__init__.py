"""The archive's app factory: configuration, then the corpus and its state, then the web layer."""

from __future__ import annotations

import logging

from flask import Config, Flask

from app import cli, settings
from app.state import Archive, build_archive
from app.web import admission, api, errors, formats, http, pages, presentation, routes

# Every route answers GET and HEAD only: no request body is ever needed, so a large one is refused (413).
MAX_REQUEST_BODY_BYTES = 16 * 1024


def create_app(config: dict | None = None) -> Flask:
    """Defaults, then the environment, then `config` (tests); the corpus is loaded here, once."""
    app = Flask(__name__, template_folder="../templates", static_folder=None)  # static files: state/assets.py
    # Werkzeug would answer //articles//x with a redirect built from the client's Host header,
    # which a shared cache could serve to others: such a path is simply not found.
    app.url_map.merge_slashes = False
    app.config.from_mapping(settings.defaults())
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BODY_BYTES
    app.config.from_mapping(settings.from_environment())
    app.config.from_mapping(config or {})
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")

    if not cli.build_or_defer(app, _settings_read_then_archive_built):
        cli.init_app(app)  # `flask` with a broken corpus: the commands, which say so, and `draft`
        return app

    routes.register(app, pages.views, api.views, formats.views)
    app.json = api.HtmlSafeJSONProvider(app)
    errors.init_app(app)
    admission.init_app(app)
    formats.init_app(app)
    http.init_app(app)
    presentation.init_app(app)
    cli.init_app(app)
    return app


def _settings_read_then_archive_built(config: Config) -> Archive:
    """A setting that cannot be used stops startup as a broken corpus does (both are StartupErrors)."""
    config.from_mapping(settings.read(config))
    return build_archive(config)
