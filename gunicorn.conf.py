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

# A read-only archive takes no uploads: small limits refuse oversized requests before the app
# sees them (414 for a long request line, 431/400 for too many or too large headers). The search
# box accepts 500 characters, about 3,000 bytes percent-encoded, well inside the line limit.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190
