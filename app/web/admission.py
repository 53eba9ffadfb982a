"""Admission control: expensive work (a search, a card) cannot take a worker from cheap pages.

A route declared expensive in the route table (routes.py wraps its view in expensive()) is
admitted in three steps, each with its own answer:
1. the client's rate: each client (its address, or the address a trusted proxy forwards, see
   client_address()) has a bucket of EXPENSIVE_BURST requests, refilled at EXPENSIVE_RATE a
   second; an empty bucket is 429 with the seconds until the next token in Retry-After;
2. the worker's capacity: RUNNING views at once, WAITING more queued for up to WAIT_SECONDS;
   past that, 503 with Retry-After (a client would only wait longer in a deeper queue);
3. the deadline: the view runs in a thread of its own (gevent's pool of real threads), not on
   the event loop, so the loop keeps answering every other connection while it computes: the
   interpreter hands the loop its lock every SWITCH_SECONDS, and the thread runs at a lower
   priority (nice WORK_NICENESS: Linux gives each thread its own), so that on busy cores the
   kernel runs the loops of both workers first. A view not done within DEADLINE_SECONDS is
   answered 503, and its slot stays taken until its thread ends, so the bound on running work holds.
Answers already kept by the response cache never get here: a repeated search costs nothing.

Outside a gevent worker (tests, `flask run`) the view runs in the calling thread.
"""

from __future__ import annotations

import contextvars
import functools
import math
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, current_app, request
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

RUNNING = 2  # expensive views at once per worker: the machine's cores are what they share
WAITING = 16  # queued behind them, each for at most WAIT_SECONDS (`make load` starts 64 readers on a cold cache)
WAIT_SECONDS = 3.0  # a search on cores busy with pages runs slowly (niced): long enough for a cold cache under `make load`
DEADLINE_SECONDS = 5.0  # a search stops itself sooner (ARCHIVE_SEARCH_TIME_LIMIT, 2 s); a card takes ~30 ms
RETRY_SECONDS = 2  # what a 503 asks a client to wait
SWITCH_SECONDS = 0.001  # how long a thread may hold the interpreter while another waits (Python's default: 5 ms)
WORK_NICENESS = 5  # 10 starved searches on cores busy with other work (make load: seconds behind the queue)
CLIENTS_TRACKED = 10_000  # buckets kept per worker: the least recently seen client's goes first


class RateLimiter:
    """A token bucket per client: `burst` tokens, refilled at `rate` a second."""

    def __init__(self, rate: float, burst: int, clients: int = CLIENTS_TRACKED):
        self.rate, self.burst, self.clients = rate, burst, clients
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, when counted)
        self.lock = threading.Lock()

    def wait_before(self, client: str, now: float) -> float:
        """0 if `client` may go now (a token is taken), else the seconds until it may."""
        with self.lock:
            tokens, counted = self.buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - counted) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self.buckets[client] = (tokens - 1 if not wait else tokens, now)
            if len(self.buckets) > self.clients:
                self.buckets.popitem(last=False)
            return wait


class Capacity:
    """RUNNING slots and a queue of WAITING for them."""

    def __init__(self, running: int = RUNNING, waiting: int = WAITING):
        self.running, self.waiting, self.most_waiting = running, 0, waiting
        self.made_in, self.made = None, None

    @property
    def slots(self) -> threading.Semaphore:
        """The semaphore of this process, made on its first use there: the app is built in
        gunicorn's master, before a worker is forked and gevent patches threading, and a
        semaphore made then would stop the worker's event loop while a request waits on it."""
        if self.made_in != os.getpid():
            self.made_in, self.made = os.getpid(), threading.Semaphore(self.running)
        return self.made

    def enter(self) -> bool:
        """Takes a slot, waiting in the queue if there is room in it; False if none is had."""
        if self.slots.acquire(blocking=False):
            return True
        if self.waiting >= self.most_waiting:
            return False
        self.waiting += 1
        try:
            return self.slots.acquire(timeout=WAIT_SECONDS)
        finally:
            self.waiting -= 1

    def leave(self) -> None:
        self.slots.release()


class Admission:
    """One per app: who is trusted to name clients, their buckets, the worker's capacity."""

    def __init__(self, trusted_proxies: frozenset[str], limiter: RateLimiter, capacity: Capacity):
        self.trusted_proxies, self.limiter, self.capacity = trusted_proxies, limiter, capacity

    @classmethod
    def from_config(cls, config) -> Admission:
        """From the app's settings, as app.settings.read() gives them."""
        return cls(config["TRUSTED_PROXIES"], RateLimiter(config["EXPENSIVE_RATE"], config["EXPENSIVE_BURST"]), Capacity())


def client_address(remote: str, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client's address: the connection's, unless it is a trusted proxy's; then the last
    address of X-Forwarded-For that is not a trusted proxy's (the ones before it are what the
    client itself claimed, and anyone can claim anything)."""
    if remote not in trusted or not forwarded_for:
        return remote
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    return next((hop for hop in reversed(hops) if hop and hop not in trusted), remote)


def expensive(view: Callable) -> Callable:
    """The view, admitted as the module's docstring says."""
    @functools.wraps(view)
    def admitted(*args, **kwargs):
        admission: Admission = current_app.extensions["admission"]
        client = client_address(request.remote_addr or "", request.headers.get("X-Forwarded-For"), admission.trusted_proxies)
        wait = admission.limiter.wait_before(client, time.monotonic())
        if wait:
            raise TooManyRequests("You have asked for many searches or cards in a short time. Wait a moment and try again.",
                                  retry_after=math.ceil(wait))
        if not admission.capacity.enter():
            raise ServiceUnavailable("The archive is busy with other searches. Try again in a moment.", retry_after=RETRY_SECONDS)
        return run_within_deadline(admission.capacity, functools.partial(view, *args, **kwargs))
    return admitted


def run_within_deadline(capacity: Capacity, work: Callable):
    """`work` in a thread of gevent's pool, within DEADLINE_SECONDS (see the module's docstring);
    the slot taken for it is given back when it ends."""
    if not _under_gevent():
        try:
            return work()
        finally:
            capacity.leave()
    import gevent  # only in a gevent worker: the archive does not need gevent otherwise

    sys.setswitchinterval(SWITCH_SECONDS)  # here, in the worker: the app is built before gevent is
    running = gevent.get_hub().threadpool.spawn(contextvars.copy_context().run, _niced, work)  # Flask's request context goes along
    running.rawlink(lambda _: capacity.leave())
    try:
        return running.get(timeout=DEADLINE_SECONDS)
    except gevent.Timeout:
        raise ServiceUnavailable("This took the archive too long. Try a simpler search, or again later.", retry_after=RETRY_SECONDS) from None


def _niced(work: Callable):
    """`work`, in a thread that yields the cores to the event loops (see the module's docstring)."""
    from gevent import monkey

    thread = monkey.get_original("threading", "get_native_id")()  # the OS's id of this thread, not a greenlet's
    if os.getpriority(os.PRIO_PROCESS, thread) < WORK_NICENESS:
        os.setpriority(os.PRIO_PROCESS, thread, WORK_NICENESS)
    return work()


def _under_gevent() -> bool:
    """Whether this process is a gevent worker's (gunicorn patches the standard library first)."""
    try:
        from gevent import monkey
    except ImportError:
        return False
    return monkey.is_module_patched("threading")


def init_app(app: Flask) -> None:
    app.extensions["admission"] = Admission.from_config(app.config)
