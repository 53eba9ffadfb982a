"""Admission control: a client's rate of searches and cards, a worker's capacity for them, and
whose X-Forwarded-For names the client."""

import threading

import pytest

from app import create_app
from app.corpus.problems import StartupError
from app.web.admission import WAIT_SECONDS, Capacity, RateLimiter, client_address
from tests.conftest import FIXTURE_CORPUS

EXPENSIVE = ["/search?q=drones", "/api/search?q=drones", "/quote?q=drones+and+sanctions", "/api/quote?q=drones+and+sanctions",
             "/card.png", "/articles/2023-08-08-tokyo/card.png"]
PROXY = "10.0.0.1"


def limited_app(**config):
    return create_app({"TESTING": True, "CORPUS_DIR": str(FIXTURE_CORPUS), "EXPENSIVE_RATE": "0.5", "EXPENSIVE_BURST": "3", **config})


@pytest.mark.parametrize(("remote", "forwarded", "client"), [
    ("203.0.113.9", None, "203.0.113.9"),
    ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not a proxy: the header is anyone's claim
    (PROXY, None, PROXY),
    (PROXY, "198.51.100.7", "198.51.100.7"),
    (PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # what the client claimed comes first
    (PROXY, f"198.51.100.7, {PROXY}", "198.51.100.7"),  # a proxy behind a proxy
    (PROXY, PROXY, PROXY),
    (PROXY, " , ", PROXY),
])
def test_the_client_is_the_connection_unless_a_trusted_proxy_forwards_it(remote, forwarded, client):
    assert client_address(remote, forwarded, frozenset({PROXY})) == client


def test_a_client_has_a_burst_then_its_rate():
    limiter = RateLimiter(rate=2, burst=3)
    assert [limiter.wait_before("a", 0.0) for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_before("a", 0.0) == pytest.approx(0.5)
    assert limiter.wait_before("b", 0.0) == 0  # another client's bucket is full
    assert limiter.wait_before("a", 0.5) == 0 and limiter.wait_before("a", 0.5) > 0


def test_the_buckets_kept_are_bounded():
    limiter = RateLimiter(rate=1, burst=1, clients=100)
    for number in range(1000):
        limiter.wait_before(f"client {number}", 0.0)
    assert len(limiter.buckets) == 100


@pytest.mark.parametrize("path", EXPENSIVE)
def test_past_its_burst_a_client_gets_429_with_retry_after_and_nothing_cacheable(path):
    client = limited_app().test_client()
    for number in range(3):
        assert client.get(f"{path}{'&' if '?' in path else '?'}n={number}").status_code in (200, 404)
    refused = client.get(f"{path}{'&' if '?' in path else '?'}n=last")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.mimetype == ("application/problem+json" if "/api/" in path else "text/html")


def test_cheap_pages_and_kept_answers_are_not_counted():
    client = limited_app().test_client()
    for _ in range(10):
        assert client.get("/search?q=drones").status_code == 200  # the first is drawn, the rest are kept
        assert client.get("/articles/2023-08-08-tokyo").status_code == 200


def test_clients_behind_a_trusted_proxy_each_have_their_own_bucket():
    client = limited_app(TRUSTED_PROXIES=f"{PROXY}, ::1").test_client()
    behind = {"REMOTE_ADDR": PROXY}
    for number in range(3):
        client.get(f"/api/search?q=drones&n={number}", environ_base=behind, headers={"X-Forwarded-For": "198.51.100.7"})
    assert client.get("/api/search?q=drones&n=x", environ_base=behind, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429
    assert client.get("/api/search?q=drones&n=y", environ_base=behind, headers={"X-Forwarded-For": "198.51.100.8"}).status_code == 200


def test_an_untrusted_sender_cannot_escape_its_bucket_by_naming_others():
    client = limited_app(TRUSTED_PROXIES=PROXY).test_client()
    answers = [client.get(f"/api/search?q=drones&n={n}", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code for n in range(5)]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.parametrize("path", EXPENSIVE)
def test_a_worker_with_every_slot_taken_and_a_full_queue_answers_503_with_retry_after(path):
    app = limited_app(EXPENSIVE_BURST="100")
    capacity: Capacity = app.extensions["admission"].capacity
    while capacity.slots.acquire(blocking=False):
        pass
    capacity.most_waiting = 0  # the queue is full too: refused at once
    refused = app.test_client().get(path)
    assert refused.status_code == 503 and int(refused.headers["Retry-After"]) >= 1 and refused.headers["Cache-Control"] == "no-store"
    assert refused.mimetype == ("application/problem+json" if "/api/" in path else "text/html")
    assert app.test_client().get("/articles/2023-08-08-tokyo").status_code == 200


def test_a_queued_request_runs_when_a_slot_is_freed_within_the_wait():
    capacity = Capacity(running=1, waiting=1)
    assert capacity.enter()
    threading.Timer(WAIT_SECONDS / 4, capacity.leave).start()
    assert capacity.enter()  # waited in the queue for the freed slot


def test_past_the_queue_a_request_is_refused_without_waiting():
    capacity = Capacity(running=1, waiting=0)
    assert capacity.enter() and not capacity.enter()


@pytest.mark.parametrize(("name", "value"), [("TRUSTED_PROXIES", "nginx"), ("EXPENSIVE_RATE", "fast"), ("EXPENSIVE_BURST", "0")])
def test_a_setting_that_cannot_be_read_stops_startup_naming_it(name, value):
    with pytest.raises(StartupError, match=f"ARCHIVE_{name}|ARCHIVE_EXPENSIVE"):
        limited_app(**{name: value})


def test_the_route_table_declares_searches_and_cards_expensive_and_what_reads_the_state_files():
    from app.web.routes import TABLE

    assert {route.name for route in TABLE if route.expensive} == {"search", "api_search", "quote", "api_quote", "site_card", "article_card",
                                                                   "passage_card"}
    assert {route.name for route in TABLE if route.reads_state} == {"search", "api_search", "quote", "api_quote", "bag"}
