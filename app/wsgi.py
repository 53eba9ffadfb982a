"""The WSGI entry point for gunicorn. A broken corpus or an unusable state folder ends the process with one message."""

import gc
import sys

from app import create_app
from app.corpus.problems import StartupError

try:
    application = create_app()
except StartupError as error:
    print(f"archive: refusing to start: {error}", file=sys.stderr)
    sys.exit(1)

# gunicorn forks the workers from here (preload_app). Objects that live as long as the process
# are moved out of the collector's reach, so its passes in a worker do not write to (and so
# copy) the pages it shares with the master.
gc.freeze()
