"""HTTP for the remote backends: credentials, retries, and one map from HTTP failures to errors.

:class:`~corridorkg.store.remote.RemoteStore` (SPARQL protocol, through SPARQLWrapper) and
:class:`~corridorkg.store.graph_store.GraphStoreClient` (Graph Store Protocol, through urllib)
send their requests through :func:`send`, which

- retries a request that timed out or got a 5xx answer — and only those: a refusal, a 4xx or a
  bad URL will not get better by asking again — waiting ``backoff``, ``2 * backoff``,
  ``4 * backoff`` ... seconds between attempts; requests that are not safe to repeat (a
  ``MOVE``, an insert of blank nodes) are sent once;
- maps urllib, socket and SPARQLWrapper exceptions to :class:`StoreError` (or ``QueryError`` for
  a query the server rejects) naming the URL, what failed and what to do.

Passwords never appear in a message, a ``repr`` or a URL we print.
"""
from __future__ import annotations

import base64
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from SPARQLWrapper.SPARQLExceptions import (EndPointInternalError, EndPointNotFound,
                                            QueryBadFormed, SPARQLWrapperException, Unauthorized,
                                            URITooLong)

from ..errors import ConfigError, QueryError, StoreError

__all__ = ["Credentials", "send", "is_retryable", "check_url"]

T = TypeVar("T")


@dataclass(frozen=True)
class Credentials:
    """A user and password for HTTP basic or digest authentication (never shown)."""

    user: str
    password: str = field(repr=False)
    scheme: Literal["basic", "digest"] = "basic"

    def __post_init__(self) -> None:
        if self.scheme not in ("basic", "digest"):
            raise ConfigError(f"unknown authentication scheme {self.scheme!r}; "
                              "use 'basic' or 'digest'")

    def basic_header(self) -> str:
        """The value of an ``Authorization`` header for basic authentication."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"


def check_url(url: str, *, what: str = "endpoint") -> str:
    """``url`` if it is an http(s) URL without credentials in it.

    Raises:
        ConfigError: another scheme, no host, or ``user:password@`` in the URL (it would be
            printed in messages and logs; give credentials as options instead).
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"the {what} {url!r} is not an http(s)://host[:port]/path URL")
    if parts.username is not None or parts.password is not None:
        raise ConfigError(f"the {what} URL holds credentials; remove them from the URL and give "
                          "--user and a password (--password-file or $CORRIDORKG_PASSWORD)")
    return url


def is_retryable(err: BaseException) -> bool:
    """Whether asking again may help: a timeout or a 5xx answer."""
    if isinstance(err, EndPointInternalError):  # SPARQLWrapper's HTTP 500
        return True
    if isinstance(err, urllib.error.HTTPError):
        return err.code >= 500
    if isinstance(err, urllib.error.URLError):
        return isinstance(err.reason, TimeoutError)
    return isinstance(err, TimeoutError)  # socket.timeout is TimeoutError


def send(request: Callable[[], T], *, url: str, action: str, timeout: float, retries: int = 0,
         backoff: float = 1.0, repeatable: bool = True,
         bad_request: type[Exception] = StoreError) -> T:
    """Call ``request()``, retrying timeouts and 5xx answers, and map its failures.

    Args:
        request: sends the request and reads the answer.
        url, action: named in error messages ("http://host/update: replacing graph <g> failed").
        timeout: the timeout the request was given, for the message.
        retries: how many times to ask again after a timeout or a 5xx answer.
        backoff: seconds before the first retry; doubled for each next one.
        repeatable: False for a request that must not be sent twice (it is then sent once).
        bad_request: the error for an HTTP 400 (QueryError for queries).
    """
    attempt = 1
    while True:
        try:
            return request()
        except Exception as err:  # noqa: BLE001 - mapped below, or re-raised untouched
            if repeatable and attempt <= retries and is_retryable(err):
                time.sleep(backoff * 2 ** (attempt - 1))
                attempt += 1
                continue
            mapped = _ErrorMap(url, action, timeout, bad_request, attempt).map(err)
            if mapped is None:
                raise
            raise mapped from err


@dataclass
class _ErrorMap:
    url: str
    action: str
    timeout: float
    bad_request: type[Exception]
    attempts: int

    def fail(self, what: str, hint: str) -> StoreError:
        tries = f" (after {self.attempts} attempts)" if self.attempts > 1 else ""
        return StoreError(f"{self.url}: {self.action} failed{tries}: {what}; {hint}")

    def map(self, err: BaseException) -> Exception | None:
        if isinstance(err, QueryBadFormed):
            detail = _detail(str(err))
            if self.bad_request is QueryError:
                return QueryError(f"{self.url} rejected the query (HTTP 400): {detail}")
            return self.fail(f"HTTP 400 {detail}", "the server could not read the request")
        if isinstance(err, Unauthorized):
            return self.unauthorized()
        if isinstance(err, EndPointNotFound):
            return self.not_found()
        if isinstance(err, URITooLong):
            return self.fail("HTTP 414 URI too long", "the request is too large for the server")
        if isinstance(err, EndPointInternalError):
            return self.fail(f"HTTP 500 {_detail(str(err))}", "see the server's log")
        if isinstance(err, SPARQLWrapperException):
            return self.fail(_detail(str(err)), "see the server's log")
        if isinstance(err, urllib.error.HTTPError):
            return self.http_status(err.code, err.reason, _body(err))
        if isinstance(err, urllib.error.URLError):
            return self.network(err.reason)
        if isinstance(err, (TimeoutError, ConnectionError, OSError)):
            return self.network(err)
        if isinstance(err, ValueError):  # e.g. a URL without a scheme
            return self.fail(str(err), "give the endpoint as http(s)://host:port/path")
        return None

    def http_status(self, code: int, reason: str, body: str) -> StoreError | Exception:
        detail = f"HTTP {code} {reason}" + (f": {body}" if body else "")
        if code == 400 and self.bad_request is QueryError:
            return QueryError(f"{self.url} rejected the query ({detail})")
        if code == 401:
            return self.unauthorized()
        if code == 403:
            return self.fail(detail, "the server does not allow this: a read-only server (start "
                                     "`corridorkg serve --writable`), or credentials without "
                                     "write permission")
        if code == 404:
            return self.not_found()
        if code == 405:
            return self.fail(detail, "the URL does not take this request: check that it is the "
                                     "server's update or graph store URL, and that the server "
                                     "accepts writes")
        if code == 413:
            return self.fail(detail, "the request is too large for the server; send smaller "
                                     "batches (--batch-size)")
        if code >= 500:
            return self.fail(detail, "the server failed; see its log")
        return self.fail(detail, "the server refused the request")

    def unauthorized(self) -> StoreError:
        return self.fail("HTTP 401 unauthorized",
                         "give --user and a password (--password-file or $CORRIDORKG_PASSWORD), "
                         "and --auth digest if the server asks for it")

    def not_found(self) -> StoreError:
        return self.fail("HTTP 404 not found",
                         "check the URL (Oxigraph serves /query, /update and /store; Fuseki "
                         "/DATASET/sparql, /update and /data)")

    def network(self, reason: object) -> StoreError:
        if isinstance(reason, TimeoutError):
            return self.fail(f"no answer within {self.timeout:g} s",
                             "the server is busy or the request too heavy; raise --timeout")
        if isinstance(reason, ConnectionRefusedError):
            return self.fail("connection refused",
                             "is the server running and listening on that port?")
        if isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            return self.fail("the server closed the connection while the request was sent",
                             "it may refuse the request (check --user, the password and "
                             "--auth) or find it too large (send smaller batches)")
        if isinstance(reason, socket.gaierror):
            return self.fail(f"unknown host ({reason})", "check the host name in the URL")
        return self.fail(str(reason) or type(reason).__name__,
                         "check the URL and that the server is running")


def _body(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return " ".join(text.split())[:300]


def _detail(text: str) -> str:
    # SPARQLWrapper prefixes a generic sentence and appends the server's body after "Response:"
    marker = "Response:"
    if marker in text:
        text = text.split(marker, 1)[1]
    text = text.strip().strip("b'\"").replace("\\n", " ").strip()
    return text[:500]
