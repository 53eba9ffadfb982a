"""The WSGI entry point for gunicorn. A broken corpus or an unusable state folder ends the process with one message."""

import gc
import sys

from app import create_app
from app.corpus.problems import StartupError

# The archive's objects (millions, for a large corpus) live as long as the process: the cyclic
# collector's passes over them as they are loaded find nothing and cost most of a restart's
# time (bench/RESULTS.md). It is paused until they are loaded, and they are then moved out of its
# reach for good (gc.freeze()), so that its passes in a worker, forked from here (preload_app), do
# not write to (and so copy) the pages the worker shares with the master.
gc.disable()
try:
    application = create_app()
except StartupError as error:
    print(f"archive: refusing to start: {error}", file=sys.stderr)
    sys.exit(1)
gc.freeze()
gc.enable()
