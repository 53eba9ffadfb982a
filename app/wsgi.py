"""The WSGI entry point for gunicorn. A broken corpus or an unusable state folder ends the process with one message."""

import sys

from . import create_app
from .errors import StartupError

try:
    application = create_app()
except StartupError as error:
    print(f"archive: refusing to start: {error}", file=sys.stderr)
    sys.exit(1)
