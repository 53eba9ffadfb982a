"""deploy/nginx.conf, run in Debian's nginx in front of the archive under gunicorn as `make run`
starts it: HTTPS with HTTP/2, plain HTTP redirected permanently, HSTS beside the app's own
security headers, pages and ETags through the cache unchanged, and Mozilla's HTTP Observatory
(npm, pinned in tests/observatory/package.json) grading the result.

The Observatory scans a host name on the standard ports 80 and 443 only, so nginx listens on
those ports of a loopback address of this process's own (127.x.y.z, from its pid), which
parallel runs do not share; binding them takes root, as installing nginx does. The certificate
is made here with openssl for that address and trusted by the test's clients alone.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.server import serving
from tests.conftest import ROOT

HOST = "archive.example.org"
NGINX = "/usr/sbin/nginx"
OBSERVATORY = ROOT / "tests/observatory/node_modules/@mdn/mdn-http-observatory/bin/wrapper.js"
PAGES = ["/", "/timeline", "/people", "/search?q=drones", "/api/timeline", "/healthz-missing"]


def own_loopback_address() -> str:
    pid = os.getpid()
    return f"127.{(pid >> 16) & 0xFF}.{(pid >> 8) & 0xFF}.{pid % 250 + 2}"


@dataclass(frozen=True)
class Deployment:
    address: str
    app_port: int
    certificate: Path

    def https(self) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection(self.address, 443, timeout=10, context=ssl.create_default_context(cafile=self.certificate))

    def app(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.app_port, timeout=10)


def get(connection, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One request on a new connection, closed after the answer."""
    with contextlib.closing(connection):
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()


def deployed_config(prefix: Path, address: str, app_port: int) -> tuple[str, str]:
    """A main nginx.conf on `prefix`, and deploy/nginx.conf with its addresses, certificate and folders made local."""
    config = (ROOT / "deploy/nginx.conf").read_text("utf-8")
    for placeholder, local in [
        ("listen 80;", f"listen {address}:80;"), ("listen [::]:80;\n", ""),
        ("listen 443 ssl http2;", f"listen {address}:443 ssl http2;"), ("listen [::]:443 ssl http2;\n", ""),
        (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(prefix / "cert.pem")),
        (f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(prefix / "key.pem")),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("/var/cache/nginx/archive", str(prefix / "cache")), ("/var/www/certbot", str(prefix / "webroot")),
    ]:
        assert placeholder in config, f"deploy/nginx.conf no longer has {placeholder!r}"
        config = config.replace(placeholder, local)
    temporary = "".join(f"    {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"user root;\nworker_processes 1;\ndaemon off;\npid {prefix / 'nginx.pid'};\nevents {{ worker_connections 256; }}\n"
            f"http {{\n    access_log {prefix / 'access.log'};\n{temporary}    include {prefix / 'archive.conf'};\n}}\n"), config


def self_signed_certificate(prefix: Path, address: str) -> None:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST},IP:{address}",
                    "-keyout", str(prefix / "key.pem"), "-out", str(prefix / "cert.pem")], check=True, capture_output=True)


def wait_for_port(address: str, port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, f"nginx exited: {log.read_text('utf-8', 'replace')}"
        with socket.socket() as sock:
            if sock.connect_ex((address, port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {address}:{port}")


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    assert os.path.exists(NGINX), "nginx is missing: `make test` installs Debian's nginx as root (sudo apt-get install nginx)"
    assert os.geteuid() == 0, "the deployment test binds ports 80 and 443 of a loopback address: run it as root, as `make test` in CI does"
    prefix, address = tmp_path_factory.mktemp("nginx"), own_loopback_address()
    self_signed_certificate(prefix, address)
    with serving(prefix / "gunicorn.log") as app:
        main, included = deployed_config(prefix, address, app.port)
        (prefix / "nginx.conf").write_text(main, "utf-8")
        (prefix / "archive.conf").write_text(included, "utf-8")
        log = prefix / "error.log"
        nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(log)])
        try:
            wait_for_port(address, 443, nginx, log)
            yield Deployment(address, app.port, prefix / "cert.pem")
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)


@pytest.mark.parametrize("path", ["/", "/timeline?person=x", "/articles/a/p/b"])
def test_plain_http_is_redirected_permanently_to_the_same_url_over_https(deployment, path):
    status, headers, _ = get(http.client.HTTPConnection(deployment.address, 80, timeout=10), path)
    assert status == 301 and headers["location"] == f"https://{HOST}{path}"


def test_https_offers_http2_over_tls_1_2_or_later(deployment):
    context = ssl.create_default_context(cafile=deployment.certificate)
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection((deployment.address, 443), timeout=10) as raw, context.wrap_socket(raw, server_hostname=deployment.address) as tls:
        assert tls.selected_alpn_protocol() == "h2" and tls.version() in ("TLSv1.2", "TLSv1.3")


@pytest.mark.parametrize("path", ["/", "/no-such-page"])
def test_https_answers_carry_hsts_for_a_year_beside_the_apps_security_headers(deployment, path):
    direct_status, direct, _ = get(deployment.app(), path)
    status, headers, _ = get(deployment.https(), path)
    assert status == direct_status and headers["strict-transport-security"] == "max-age=31536000"
    for name in ("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy", "x-frame-options"):
        assert headers[name] == direct[name], name


@pytest.mark.parametrize("encoding", ["br", "gzip", ""])
def test_pages_and_their_etags_come_through_the_cache_unchanged(deployment, encoding):
    for path in PAGES:
        status, direct, body = get(deployment.app(), path, **{"Accept-Encoding": encoding})
        verdicts = []
        for _ in range(2):
            proxied_status, proxied, proxied_body = get(deployment.https(), path, **{"Accept-Encoding": encoding})
            assert (proxied_status, proxied_body) == (status, body), path
            assert [proxied.get(name) for name in ("etag", "content-encoding", "cache-control", "vary")] == \
                   [direct.get(name) for name in ("etag", "content-encoding", "cache-control", "vary")], path
            verdicts.append(proxied["x-cache-status"])
        assert verdicts[1] == "HIT", (path, verdicts)
        if status == 200:
            assert get(deployment.https(), path, **{"Accept-Encoding": encoding, "If-None-Match": direct["etag"]})[0] == 304, path


def test_mozillas_http_observatory_grades_the_deployment_a_plus(deployment):
    """The scanner fetches http:// and https:// of the address, follows the redirect and scores the headers."""
    assert OBSERVATORY.exists(), "the Observatory is missing: `make test` installs it (npm ci --prefix tests/observatory --ignore-scripts)"
    environment = {**os.environ, "NODE_OPTIONS": "--use-openssl-ca", "SSL_CERT_FILE": str(deployment.certificate)}
    scan = subprocess.run([shutil.which("node") or "node", str(OBSERVATORY), deployment.address], capture_output=True, text=True,
                          env=environment, timeout=120)
    result = json.loads(scan.stdout)
    assert "error" not in result, result
    failed = {name: test["result"] for name, test in result["tests"].items() if not test["pass"]}
    assert not failed, failed
    assert result["scan"]["grade"] == "A+" and result["scan"]["score"] >= 100, result["scan"]


def test_past_a_burst_of_searches_and_cards_nginx_answers_429_with_retry_after_and_pages_are_not_limited(deployment):
    """The limit_req zone: 20 at once, then 5 a second per client address; run last, as it spends the burst."""
    answers = [get(deployment.https(), f"/search?q=drones+{number}") for number in range(30)]
    answers += [get(deployment.https(), f"/articles/2022-02-25-iran-blames-nato-expansion/p/gopmzmom/card.png?hl=0-{number + 5}") for number in range(5)]
    refused = [headers for status, headers, _ in answers if status == 429]
    assert len(refused) >= 30 + 5 - 20 - 5, [status for status, _, _ in answers]  # a few tokens come back while they are sent
    assert all(headers["retry-after"] == "1" and headers["cache-control"] == "no-store" for headers in refused)
    assert all(headers["strict-transport-security"] == "max-age=31536000" for headers in refused)
    assert all(status in (200, 429) for status, _, _ in answers)
    assert [get(deployment.https(), path)[0] for path in ["/", "/timeline", "/people", "/archive.zip"] * 5] == [200] * 20
