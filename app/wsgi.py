"""The WSGI entry point for gunicorn. A broken corpus ends the process with one message."""

import sys

from . import create_app
from .errors import CorpusError

try:
    application = create_app()
except CorpusError as error:
    print(f"archive: refusing to start: {error}", file=sys.stderr)
    sys.exit(1)
