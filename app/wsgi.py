"""The WSGI entry point for gunicorn. A broken corpus or an unusable state folder ends the process with one message."""

import atexit
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
# At exit they are handed back to the collector. Frozen, they are freed only when the interpreter
# wipes the modules' globals, in no set order: a worker's logging handlers then died after
# gevent's thread module was wiped, and logging's clean-up (_removeHandlerRef, taking its lock,
# which gevent's monkey-patching made a greenlet lock) printed "TypeError: 'NoneType' object is
# not callable" at every stop. Unfrozen, they are collected while every module is whole.
atexit.register(gc.unfreeze)
