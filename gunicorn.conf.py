"""gunicorn settings for `make run` and the Docker image (one command for both).

The app is built once in the master (preload_app) and forked: the workers share the
loaded corpus and index pages instead of building one each.
"""

import os

bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ARCHIVE_WORKERS", "2"))
worker_class = "sync"
preload_app = True
accesslog = "-"
errorlog = "-"
graceful_timeout = 20
timeout = 30
wsgi_app = "app.wsgi:application"
