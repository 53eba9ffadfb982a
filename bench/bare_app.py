"""The framework's ceiling for bench/serving.py: a bare Flask app that answers `/<name>` with the
bytes of the file <name> in the folder BARE_PAGES names, from memory, and nothing else.

Run by gunicorn with the archive's own settings, so the only difference from the archive is
what the archive does per request (routing, its response cache, headers).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

PAGES = {path.name: path.read_bytes() for path in Path(os.environ["BARE_PAGES"]).iterdir()}

app = Flask(__name__)


@app.get("/<name>")
def page(name: str) -> Response:
    return Response(PAGES[name], mimetype="text/html") if name in PAGES else Response(status=404)
