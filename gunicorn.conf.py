"""gunicorn settings for `make run` and the Docker image (one command for both).

The app is built once in the master (preload_app) and forked: the workers share the
loaded corpus and index pages instead of building one each.

The workers are gevent's: each holds thousands of connections and gives its processor to
whichever has a whole request, so clients that send slowly, send nothing or never read cannot
occupy it (two sync workers were stopped by four such clients). Every wait on a client is
bounded: see KEEPALIVE and SOCKET_TIMEOUT below and the README's "Timeouts".
"""

import os
import resource
import signal

from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker

KEEPALIVE = 5  # seconds to send a request's line and headers, and to send the next one on a kept-alive connection
SOCKET_TIMEOUT = 30  # seconds any one read or write of a connection may wait, e.g. on a client that does not read


class ArchiveWorker(GeventWorker):
    """gunicorn's gevent worker, with a deadline on every socket operation: the stock one makes
    each client socket blocking without limit, so a client that asks for a large answer and never
    reads it would hold its connection (and its greenlet) for ever."""

    def handle(self, listener, client, addr):
        client.settimeout(SOCKET_TIMEOUT)
        AsyncWorker.handle(self, listener, client, addr)  # GeventWorker.handle only makes the socket blocking

    def handle_request(self, listener_name, req, sock, addr):
        """A client that stalls past the deadline is closed with one line in the log, not a traceback."""
        try:
            return super().handle_request(listener_name, req, sock, addr)
        except TimeoutError:
            self.log.info("closed a connection from %s that did not take its answer within %d s", addr, SOCKET_TIMEOUT)
            raise StopIteration from None  # ends the connection: AsyncWorker.handle closes the socket


bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ARCHIVE_WORKERS", "2"))
worker_class = ArchiveWorker
worker_connections = 4000  # per worker; each is a file descriptor (see on_starting)
keepalive = KEEPALIVE
preload_app = True
accesslog = "-"
errorlog = "-"
graceful_timeout = 20
timeout = 30
wsgi_app = "app.wsgi:application"
# gunicorn 27 opens a control socket for `gunicornc` at one path per user ($XDG_RUNTIME_DIR or
# ~/.gunicorn/gunicorn.ctl), so a second server of the same user takes the first one's socket
# away, and a user without a home (the image's) logs "Permission denied". The archive is
# managed with signals (HUP, TERM), not gunicornc: no control socket.
control_socket_disable = True

# A read-only archive takes no uploads: small limits refuse oversized requests before the app
# sees them (414 for a long request line, 431/400 for too many or too large headers). The search
# box accepts 500 characters, about 3,000 bytes percent-encoded, well inside the line limit.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190


def on_starting(server):
    """Each connection is an open file: allow the workers as many as the system lets this user
    have, up to what they may hold, since a default soft limit of 1,024 would cap the connections
    a worker accepts well below worker_connections."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = worker_connections + 256  # per process: the limit is each worker's own
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    server.log.info("up to %d open files for %d connections a worker", resource.getrlimit(resource.RLIMIT_NOFILE)[0], worker_connections)


def post_fork(server, worker):
    """A new worker stops at once if told to before it is ready. Until it installs its own signal
    handlers (after gevent's monkey-patching, which walks every object of the preloaded app), it
    runs the master's, inherited across fork, which only queue the signal for a master loop the
    worker never runs: a stop in that window was lost, and the master waited graceful_timeout
    (20 s) before killing the worker."""
    for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        signal.signal(stop, signal.SIG_DFL)
