"""Fetch a feed over HTTP with a conditional GET, a timeout and a size limit (urllib).

The validators of the last response (ETag, Last-Modified) go back as If-None-Match and
If-Modified-Since, so an unchanged feed costs the server a 304 and us nothing. Only http and
https URLs are fetched: urllib would also open file:// and ftp:// URLs given to `watch`.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from chronique.errors import ChroniqueError

NOT_MODIFIED = 304
_CHUNK = 64 * 1024


class FetchError(ChroniqueError):
    """The feed could not be fetched; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: 200 with the body, or 304 (not modified) with no body."""

    url: str  # where the body came from, after redirects
    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str | None


def check_url(url: str) -> None:
    """Raise FetchError unless `url` is an http(s) URL with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"not an http(s) URL: {url!r}")


def _read(response: http.client.HTTPResponse, max_bytes: int, deadline: float) -> bytes:
    # In chunks, so that a feed that never ends is cut at the limit and a server that drips
    # bytes is cut at the deadline (the socket timeout alone resets on every byte).
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"feed too large: over {max_bytes} bytes (setting feed_max_bytes)")
        if time.monotonic() > deadline:
            raise FetchError("timed out while reading the feed (setting feed_timeout_seconds)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decompress(body: bytes, encoding: str | None, max_bytes: int) -> bytes:
    # We never ask for compression; a server that compresses anyway is still understood.
    if not encoding or encoding.strip().lower() in ("identity", ""):
        return body
    if encoding.strip().lower() not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding: {encoding}")
    wbits = zlib.MAX_WBITS | 32  # gzip or zlib header, detected
    decompressor = zlib.decompressobj(wbits)
    try:
        out = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"bad {encoding} body: {exc}") from exc
    if len(out) > max_bytes:
        raise FetchError(f"feed too large: over {max_bytes} bytes (setting feed_max_bytes)")
    return out


def _header(headers: Message, name: str) -> str | None:
    value = headers.get(name)
    return str(value) if value else None


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float,
    max_bytes: int,
    user_agent: str,
) -> Fetched:
    """GET `url`, conditional on the validators given; raise FetchError with the reason."""
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = _read(response, max_bytes, deadline)
            headers = response.headers
            final_url = response.geturl()
            status = response.status
    except urllib.error.HTTPError as exc:
        if exc.code == NOT_MODIFIED:
            return Fetched(
                url=url,
                status=NOT_MODIFIED,
                body=b"",
                # A 304 may carry fresher validators; without them the old ones still hold.
                etag=_header(exc.headers, "ETag") or etag,
                last_modified=_header(exc.headers, "Last-Modified") or last_modified,
                content_type=None,
            )
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot reach the feed: {exc.reason}") from exc
    except TimeoutError as exc:
        raise FetchError(f"timed out after {timeout:g} s (setting feed_timeout_seconds)") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"connection failed: {exc!r}") from exc
    return Fetched(
        url=final_url,
        status=status,
        body=_decompress(body, _header(headers, "Content-Encoding"), max_bytes),
        etag=_header(headers, "ETag"),
        last_modified=_header(headers, "Last-Modified"),
        content_type=_header(headers, "Content-Type"),
    )
