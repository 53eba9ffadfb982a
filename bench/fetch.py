"""One HTTP/1.1 GET on a fresh connection to 127.0.0.1, with asyncio and nothing else: the client
of the load test and of the slow-client test, which need each request's status, headers and
whole body (checked against Content-Length) without a library between them and the server."""

from __future__ import annotations

import asyncio
import time


async def fetch(port: int, path: str, host: str = "", forwarded_for: str = "") -> tuple[int, bytes, dict[str, str]]:
    """One GET on a fresh connection; the status, the whole body (checked against Content-Length), the headers.
    `forwarded_for` stands for a client behind a proxy (the server must trust 127.0.0.1 as one)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    forwarded = f"X-Forwarded-For: {forwarded_for}\r\n" if forwarded_for else ""
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n{forwarded}Connection: close\r\n\r\n".encode())
        data = await reader.read()
    finally:
        writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    if "content-length" in headers and int(headers["content-length"]) != len(body):
        raise ConnectionError(f"incomplete body: {len(body)} of {headers['content-length']} bytes")
    if headers.get("transfer-encoding") == "chunked":
        body = dechunk(body)
    return int(lines[0].split()[1]), body, headers


async def timed_fetch(port: int, path: str, forwarded_for: str, failures: list[str], timeout: float) -> tuple[int, bytes, dict[str, str], float] | None:
    """fetch() within `timeout`, and the seconds it took; None, with the failure noted, if no whole answer came."""
    started = time.perf_counter()
    try:
        status, body, headers = await asyncio.wait_for(fetch(port, path, forwarded_for=forwarded_for), timeout)
    except (TimeoutError, OSError, ValueError, IndexError) as error:
        failures.append(f"{path[:100]}: {type(error).__name__}: {error}")
        return None
    return status, body, headers, time.perf_counter() - started


def dechunk(data: bytes) -> bytes:
    out, rest = b"", data
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return out
        out, rest = out + rest[:size], rest[size + 2:]
