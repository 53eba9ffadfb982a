"""The web layer: the only one that imports Flask. Routes look up what a URL names in the
archive state and render it; http.py and errors.py shape every response."""

from __future__ import annotations

from flask import current_app

from app.state import Archive


def current_archive() -> Archive:
    """The one accessor for the built state of the running app."""
    return current_app.extensions["archive"]
