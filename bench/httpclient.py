"""A small HTTP/1.1 client over asyncio streams, for the deadline bench.

The load generator shares the 2 cores it measures. aiohttp spent 0.41–0.52 ms of CPU per
request there (its cookie jar alone about a sixth), as much as nginx and Redis together;
this client does what the bench needs and no more: one keep-alive TLS connection per
simulated browser slot, cookies by name, urlencoded and multipart bodies, gzip and chunked
responses, no redirects followed.
"""

from __future__ import annotations

import asyncio
import ssl
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit


class HttpError(Exception):
    """The connection failed or the answer could not be read."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    cookies: list[str] = field(default_factory=list)


@dataclass
class Upload:
    """A file field of a multipart form."""

    name: str
    filename: str
    content_type: str
    data: bytes


def encode_form(data: dict[str, Any], upload: Upload | None = None) -> tuple[bytes, str]:
    """(body, content type): urlencoded, or multipart when there is a file."""
    if upload is None:
        return urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{one}\r\n".encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.name}"; '
                 f'filename="{upload.filename}"\r\nContent-Type: {upload.content_type}'
                 "\r\n\r\n".encode() + upload.data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Connection:
    """One keep-alive connection, opened on first use and again after the server closed
    it. Requests on it run one at a time."""

    def __init__(self, base: str, ctx: ssl.SSLContext | None) -> None:
        parts = urlsplit(base)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.authority = parts.netloc
        self.ctx = ctx if parts.scheme == "https" else None
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (OSError, ssl.SSLError):
                pass
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict[str, str],
                      body: bytes = b"") -> Response:
        reused = self.writer is not None
        try:
            return await self._exchange(method, path, headers, body)
        except (OSError, EOFError, ssl.SSLError, asyncio.IncompleteReadError) as exc:
            await self.close()
            # a kept-alive connection the server closed while idle: a browser opens a new
            # one and asks again, once, and only for a request that changes nothing
            if reused and method == "GET":
                try:
                    return await self._exchange(method, path, headers, body)
                except (OSError, EOFError, ssl.SSLError,
                        asyncio.IncompleteReadError) as again:
                    await self.close()
                    raise HttpError(f"{type(again).__name__}: {again}") from None
            raise HttpError(f"{type(exc).__name__}: {exc}") from None

    async def _exchange(self, method: str, path: str, headers: dict[str, str],
                        body: bytes) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                self.host, self.port, ssl=self.ctx)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.authority}",
                 "Accept-Encoding: gzip", *(f"{k}: {v}" for k, v in headers.items())]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise EOFError("connection closed before the answer")
        status = int(status_line.split(b" ", 2)[1])
        found: dict[str, str] = {}
        cookies: list[str] = []
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            else:
                found[name] = value
        content = await self._body(found)
        if found.get("content-encoding") == "gzip":
            content = zlib.decompress(content, 16 + zlib.MAX_WBITS)
        if found.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, found, content, cookies)

    async def _body(self, found: dict[str, str]) -> bytes:
        assert self.reader is not None
        if found.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    while (await self.reader.readline()) not in (b"\r\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readline()
        if "content-length" in found:
            return await self.reader.readexactly(int(found["content-length"]))
        content = await self.reader.read()
        await self.close()
        return content


class Browser:
    """One person's browser on a connection: cookies by name, sent back on each request."""

    def __init__(self, connection: Connection, base: str, user_agent: str) -> None:
        self.connection = connection
        self.base = base
        self.user_agent = user_agent
        self.cookies: dict[str, str] = {}

    async def request(self, method: str, path: str, data: dict[str, Any] | None = None,
                      upload: Upload | None = None) -> Response:
        headers = {"User-Agent": self.user_agent, "Referer": self.base + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if method == "POST":
            body, headers["Content-Type"] = encode_form(data or {}, upload)
        response = await self.connection.request(method, path, headers, body)
        for cookie in response.cookies:
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.strip().partition("=")
            if "max-age=0" in attributes.lower().replace(" ", "") or not value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response
