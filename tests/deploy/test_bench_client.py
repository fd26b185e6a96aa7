"""The deadline bench's HTTP client (bench/httpclient.py) against a small server of the
test's own: keep-alive, chunked gzip answers, cookies set and deleted, multipart uploads,
and a connection the server closed while it was idle."""

from __future__ import annotations

import asyncio
import gzip
import sys
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from httpclient import Browser, Connection, HttpError, Upload


class Server:
    """Answers each request with `answer(head, body)` -> (raw response, close after)."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.connections = 0
        self.requests: list[tuple[bytes, bytes]] = []

    async def __aenter__(self) -> str:
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def __aexit__(self, *exc: object) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                body = await reader.readexactly(length)
                self.requests.append((head, body))
                raw, close = self.answer(head, body)
                writer.write(raw)
                await writer.drain()
                if close:
                    break
        except asyncio.IncompleteReadError:
            pass
        writer.close()


def chunked_gzip(text: str, *headers: str) -> bytes:
    packed = gzip.compress(text.encode())
    middle = len(packed) // 2
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (packed[:middle],
                                                             packed[middle:]))
    return ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n"
            + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + chunks + b"0\r\n\r\n"


def plain(status: int = 200, body: bytes = b"ok", *headers: str) -> bytes:
    return (f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\n"
            + "".join(h + "\r\n" for h in headers) + "\r\n").encode() + body


def test_keep_alive_gzip_chunks_and_cookies() -> None:
    answers = iter([
        chunked_gzip("第一页" * 500, "Set-Cookie: csrftoken=abc; Path=/",
                     'Set-Cookie: messages="x\\054y"; Path=/'),
        plain(302, b"", "Location: /next/", "Set-Cookie: sessionid=s1; HttpOnly",
              "Set-Cookie: messages=; Max-Age=0; Path=/"),
        plain(),
    ])
    server = Server(lambda head, body: (next(answers), False))

    async def run() -> list[Any]:
        async with server as base:
            connection = Connection(base, None)
            browser = Browser(connection, base, "test")
            first = await browser.request("GET", "/a/")
            second = await browser.request("POST", "/a/", {"n": "1", "many": ["2", "3"]})
            third = await browser.request("GET", "/next/")
            await connection.close()
            return [first, second, third, dict(browser.cookies)]

    first, second, third, cookies = asyncio.run(run())
    assert first.status == 200 and first.body.decode() == "第一页" * 500
    assert second.status == 302 and second.headers["location"] == "/next/"
    assert third.body == b"ok"
    assert server.connections == 1
    assert cookies == {"csrftoken": "abc", "sessionid": "s1"}
    heads = [head.decode() for head, _ in server.requests]
    assert 'Cookie: csrftoken=abc; messages="x\\054y"' in heads[1]  # sent as it was set
    assert "Cookie: csrftoken=abc; sessionid=s1" in heads[2]
    assert server.requests[1][1] == b"n=1&many=2&many=3"
    assert "Content-Type: application/x-www-form-urlencoded" in heads[1]


def test_a_multipart_upload_arrives_whole() -> None:
    server = Server(lambda head, body: (plain(), False))
    photo = bytes(range(256)) * 40

    async def run() -> None:
        async with server as base:
            connection = Connection(base, None)
            await Browser(connection, base, "test").request(
                "POST", "/photo/", {"version": "3"},
                Upload("photo", "photo.jpg", "image/jpeg", photo))
            await connection.close()

    asyncio.run(run())
    head, body = server.requests[0]
    content_type = next(line for line in head.decode().split("\r\n")
                        if line.startswith("Content-Type:"))
    message = BytesParser().parsebytes(content_type.encode() + b"\r\n\r\n" + body)
    parts = {p.get_param("name", header="content-disposition"): p
             for p in message.get_payload()}
    assert parts["version"].get_payload(decode=True) == b"3"
    assert parts["photo"].get_filename() == "photo.jpg"
    assert parts["photo"].get_content_type() == "image/jpeg"
    assert parts["photo"].get_payload(decode=True) == photo


@pytest.mark.parametrize(("method", "retried"), [("GET", True), ("POST", False)])
def test_a_connection_closed_while_idle(method: str, retried: bool) -> None:
    """The server answers and closes without saying so: the next GET goes on a new
    connection; a POST is not sent twice, it fails."""
    server = Server(lambda head, body: (plain(), True))

    async def run() -> Any:
        async with server as base:
            connection = Connection(base, None)
            browser = Browser(connection, base, "test")
            await browser.request("GET", "/")
            await asyncio.sleep(0.05)
            try:
                return await browser.request(method, "/again/")
            except HttpError as exc:
                return exc
            finally:
                await connection.close()

    outcome = asyncio.run(run())
    if retried:
        assert outcome.status == 200 and server.connections == 2
    else:
        assert isinstance(outcome, HttpError) and len(server.requests) == 1
