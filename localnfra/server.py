"""An NFRA-compatible HTTP server for a synthetic corpus: asyncio, HTTP/1.1 keep-alive, one thread.

Endpoints (as on www.nfra.gov.cn):
  GET /cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId=&pageSize=&pageIndex=      list (1-based pages)
  GET /cn/static/data/DocInfo/SelectDocByItemIdAndChild/data_itemId=I,pageIndex=P,pageSize=N.json
  GET /cn/static/data/DocInfo/SelectByDocId/data_docId=D.json                      detail
  GET /cbircweb/DocInfo/SelectByDocId?docId=D
  GET /cn/view/pages/ItemDetail.html?docId=&itemId=&generaltype=9                  human page (synthetic)
  GET /chinese/OFFICE/PDF/D.pdf                                                   placeholder PDF
and, as on www.pbc.gov.cn (localnfra/pboc.py: the synthetic PBOC head-office corpus beside the NFRA one):
  GET /zhengwugongkai/4081330/4081344/4081407/4081705/index.html, …/d80f41dc-N.html    list pages
  GET /zhengwugongkai/4081330/4081344/4081407/4081705/{articleId}/index.html           detail pages
An unknown or removed docId answers HTTP 404 (the real site could not be checked; a static JSON file that
does not exist is a 404 there too). Test helpers, not on the real site, live under /_localnfra/:
GET stats, POST add?n=, edit?docId=, remove?docId=, restore?docId=, pboc-add?n=.

`serve(corpus, port=0, faults=None, tls=None, pboc=None)` runs it in a background thread for tests (over HTTPS when
given an `ssl.SSLContext`); `python -m localnfra serve` runs it in the foreground.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from localnfra import envelope
from localnfra.corpus import Corpus
from localnfra.faults import HTML_200_PAGE, RPTCODE_ERROR, FaultInjector, FaultSpec, error_page
from localnfra.pages import item_detail_page, placeholder_pdf
from localnfra.pboc import COLUMN as PBOC_COLUMN
from localnfra.pboc import PbocCorpus, for_nfra_size

JSON_TYPE = "application/json;charset=UTF-8"
HTML_TYPE = "text/html;charset=UTF-8"
_STATIC_LIST = re.compile(r"^/cn/static/data/DocInfo/SelectDocByItemIdAndChild/data_(.+)\.json$")
_STATIC_DETAIL = re.compile(r"^/cn/static/data/DocInfo/SelectByDocId/data_docId=(\d+)\.json$")
_PDF = re.compile(r"^/chinese/OFFICE/PDF/(\d+)\.pdf$")
_PBOC_LIST = re.compile(rf"^{PBOC_COLUMN}/(?:index|d80f41dc-(\d+))\.html$")
_PBOC_DETAIL = re.compile(rf"^{PBOC_COLUMN}/(\d+)/index\.html$")
# PBOC pages are faulted like NFRA's lists and details (stats keep them apart).
_FAULT_CLASS = {"pboc-list": "list", "pboc-detail": "detail"}
_REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
            429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
_NOT_FOUND = error_page("500").replace(b"500 Internal Server Error", b"404 Not Found")


@dataclass
class Reply:
    status: int
    content_type: str
    chunks: tuple[bytes, ...]
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # hold the answer back (timeout fault)
    reset: bool = False  # reset the connection instead of answering

    @property
    def length(self) -> int:
        return sum(len(c) for c in self.chunks)


class Stats:
    """What the server answered, by endpoint and by outcome (ok, not-found, or the fault kind)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.requests = 0
            self.by_endpoint: Counter[str] = Counter()
            self.by_outcome: Counter[str] = Counter()
            self.by_endpoint_outcome: Counter[str] = Counter()
            self.details_served: Counter[int] = Counter()  # docId → correct detail answers

    def record(self, endpoint: str, outcome: str, doc_id: int | None = None) -> None:
        with self._lock:
            self.requests += 1
            self.by_endpoint[endpoint] += 1
            self.by_outcome[outcome] += 1
            self.by_endpoint_outcome[f"{endpoint}:{outcome}"] += 1
            if doc_id is not None and endpoint == "detail" and outcome == "ok":
                self.details_served[doc_id] += 1

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "requests": self.requests,
                "by_endpoint": dict(self.by_endpoint),
                "by_outcome": dict(self.by_outcome),
                "by_endpoint_outcome": dict(self.by_endpoint_outcome),
                "details_served": len(self.details_served),
                "details_served_twice": sum(1 for n in self.details_served.values() if n > 1),
            }


def _int(qs: dict[str, list[str]], name: str, default: int | None = None) -> int | None:
    values = qs.get(name)
    if not values:
        return default
    try:
        return int(values[0])
    except ValueError:
        return None


class App:
    """Maps a request to a Reply: routing, the corpus and the fault injector."""

    def __init__(self, corpus: Corpus, faults: FaultSpec | None = None, pboc: PbocCorpus | None = None) -> None:
        self.corpus = corpus
        self.pboc = pboc if pboc is not None else PbocCorpus(for_nfra_size(len(corpus)), seed=corpus.seed)
        self.stats = Stats()
        self.faults = FaultInjector(faults) if faults is not None else None
        self.connections: set[HttpProtocol] = set()

    def handle(self, method: str, target: str) -> Reply:
        parts = urlsplit(target)
        path = unquote(parts.path)
        qs = parse_qs(parts.query)
        if path.startswith("/_localnfra/"):
            return self._admin(method, path, qs)
        if method not in ("GET", "HEAD"):
            self.stats.record("other", "method-not-allowed")
            return Reply(405, HTML_TYPE, (b"method not allowed",), (("Allow", "GET, HEAD"),))
        endpoint, make = self._route(path, qs)
        fault_class = _FAULT_CLASS.get(endpoint, endpoint)
        if self.faults is not None and fault_class in ("list", "detail", "page", "pdf"):
            kind = self.faults.decide(target, fault_class)
            if kind is not None:
                return self._fault(kind, endpoint, target, make)
        reply, outcome, doc_id = make()
        self.stats.record(endpoint, outcome, doc_id)
        return reply

    # ---------------------------------------------------------------------------------------- routes

    def _route(self, path: str, qs: dict[str, list[str]]):  # -> (endpoint, () -> (Reply, outcome, docId))
        if path == "/cbircweb/DocInfo/SelectDocByItemIdAndChild":
            return "list", lambda: self._list(_int(qs, "itemId"), _int(qs, "pageIndex", 1), _int(qs, "pageSize", 10))
        m = _STATIC_LIST.match(path)
        if m:
            params = dict(p.partition("=")[::2] for p in m.group(1).split(","))
            def num(name: str) -> int | None:
                return int(params[name]) if params.get(name, "").isdigit() else None
            return "list", lambda: self._list(num("itemId"), num("pageIndex"), num("pageSize"))
        m = _STATIC_DETAIL.match(path)
        if m:
            doc_id = int(m.group(1))
            return "detail", lambda: self._detail(doc_id)
        if path == "/cbircweb/DocInfo/SelectByDocId":
            doc_id = _int(qs, "docId")
            return "detail", lambda: self._detail(doc_id)
        if path == "/cn/view/pages/ItemDetail.html":
            return "page", lambda: self._page(_int(qs, "docId"), _int(qs, "itemId"))
        m = _PDF.match(path)
        if m:
            doc_id = int(m.group(1))
            return "pdf", lambda: self._pdf(doc_id)
        m = _PBOC_LIST.match(path)
        if m:
            page = int(m.group(1) or 1)
            return "pboc-list", lambda: self._pboc(self.pboc.list_bytes(page))
        m = _PBOC_DETAIL.match(path)
        if m:
            article_id = m.group(1)
            return "pboc-detail", lambda: self._pboc(self.pboc.detail_bytes(article_id))
        if path in ("/", "/index.html"):
            return "other", self._index
        return "other", lambda: (Reply(404, HTML_TYPE, (_NOT_FOUND,)), "not-found", None)

    def _list(self, item_id: int | None, page_index: int | None, page_size: int | None):
        if item_id is None or page_index is None or page_size is None or not 0 < page_size <= 1000:
            body = '{"rptCode":400,"msg":"参数错误","data":null}'.encode()
            return Reply(400, JSON_TYPE, (body,)), "bad-request", None
        return Reply(200, JSON_TYPE, (self.corpus.list_bytes(item_id, page_index, page_size),)), "ok", None

    def _detail(self, doc_id: int | None):
        rendered = None if doc_id is None else self.corpus.rendered(doc_id)
        if rendered is None:
            return Reply(404, HTML_TYPE, (_NOT_FOUND,)), "not-found", doc_id
        return Reply(200, JSON_TYPE, rendered.chunks), "ok", doc_id

    def _page(self, doc_id: int | None, item_id: int | None):
        rendered = None if doc_id is None else self.corpus.rendered(doc_id)
        if rendered is None:
            return Reply(404, HTML_TYPE, (_NOT_FOUND,)), "not-found", doc_id
        item = item_id if item_id in envelope.ITEM_NAMES else rendered.notice.items[0]
        page = item_detail_page(rendered.notice, rendered.docclob, envelope.ITEM_NAMES[item])
        return Reply(200, HTML_TYPE, (page,)), "ok", doc_id

    def _pdf(self, doc_id: int):
        if not self.corpus.exists(doc_id):
            return Reply(404, HTML_TYPE, (_NOT_FOUND,)), "not-found", doc_id
        return Reply(200, "application/pdf", (placeholder_pdf(doc_id),)), "ok", doc_id

    def _pboc(self, page: bytes | None):
        if page is None:
            return Reply(404, HTML_TYPE, (_NOT_FOUND,)), "not-found", None
        return Reply(200, HTML_TYPE, (page,)), "ok", None

    def _index(self):
        body = ("<!DOCTYPE html><meta charset=utf-8><title>localnfra</title><p>localnfra: a local NFRA-compatible "
                f"server over a SYNTHETIC corpus (seed {self.corpus.seed}, {len(self.corpus)} notices). Not real data."
                ).encode()
        return Reply(200, HTML_TYPE, (body,)), "ok", None

    def _admin(self, method: str, path: str, qs: dict[str, list[str]]) -> Reply:
        action = path.removeprefix("/_localnfra/")
        corpus = self.corpus
        try:
            if action == "stats":
                out: object = self.stats.snapshot()
            elif method != "POST":
                return Reply(405, JSON_TYPE, (b'{"error":"use POST"}',), (("Allow", "POST"),))
            elif action == "pboc-add":
                out = {"added": self.pboc.add(_int(qs, "n", 1) or 1)}
            elif action == "add":
                out = {"added": corpus.add(_int(qs, "n", 1) or 1)}
            elif action in ("edit", "remove", "restore"):
                doc_id = _int(qs, "docId")
                if doc_id is None:
                    raise KeyError("docId")
                result = getattr(corpus, action)(doc_id)
                out = {"docId": doc_id, action: True, "version": result if action == "edit" else None}
            else:
                return Reply(404, JSON_TYPE, (b'{"error":"unknown action"}',))
        except KeyError as exc:
            return Reply(404, JSON_TYPE, (json.dumps({"error": f"unknown {exc}"}).encode(),))
        return Reply(200, JSON_TYPE, (json.dumps(out, ensure_ascii=False).encode("utf-8"),))

    # ---------------------------------------------------------------------------------------- faults

    def _fault(self, kind: str, endpoint: str, target: str, make) -> Reply:
        assert self.faults is not None
        self.stats.record(endpoint, f"fault:{kind}")
        if kind in ("500", "502", "503", "504", "403"):
            return Reply(int(kind), HTML_TYPE, (error_page(kind),))
        if kind == "429":
            return Reply(429, HTML_TYPE, (error_page("429"),), (("Retry-After", "1"),))
        if kind == "reset":
            return Reply(0, "", (), reset=True)
        if kind == "html200":
            return Reply(200, HTML_TYPE, (HTML_200_PAGE,))
        if kind == "empty200":
            return Reply(200, JSON_TYPE, (b"",))
        if kind == "rptcode":
            return Reply(200, JSON_TYPE, (RPTCODE_ERROR,))
        good, _outcome, _doc_id = make()
        if kind == "truncated":
            body = b"".join(good.chunks)
            return Reply(200, good.content_type, (body[: self.faults.truncate_at(target, len(body))],))
        if kind == "timeout":
            return Reply(good.status, good.content_type, good.chunks, good.headers, delay=self.faults.spec.timeout_s)
        raise AssertionError(kind)


# ----------------------------------------------------------------------------------------- protocol

_date_cache: list = [0, b""]


def _http_date() -> bytes:
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[0], _date_cache[1] = now, formatdate(now, usegmt=True).encode()
    return _date_cache[1]


class HttpProtocol(asyncio.Protocol):
    """A small HTTP/1.1 server protocol: keep-alive, GET/HEAD/POST without bodies we care about."""

    MAX_HEAD = 64 * 1024

    def __init__(self, app: App) -> None:
        self.app = app
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.waiting = False  # an answer is being held back: process nothing else meanwhile
        self.pending: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.app.connections.add(self)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.pending is not None:
            self.pending.cancel()
        self.transport = None
        self.app.connections.discard(self)

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        self._process()

    def _process(self) -> None:
        while not self.waiting and self.transport is not None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > self.MAX_HEAD:
                    self._send(Reply(431, HTML_TYPE, (b"request header too large",)), keep_alive=False, head=False)
                return
            head = self.buffer[:end].decode("latin-1")
            lines = head.split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self._send(Reply(400, HTML_TYPE, (b"bad request line",)), keep_alive=False, head=False)
                return
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0") or 0)
            if len(self.buffer) < end + 4 + length:
                return  # wait for the body
            self.buffer = self.buffer[end + 4 + length:]
            connection = headers.get("connection", "").lower()
            keep_alive = connection != "close" if version == "HTTP/1.1" else connection == "keep-alive"
            reply = self.app.handle(method, target)
            if reply.reset:
                self._reset()
                return
            if reply.delay > 0:
                self.waiting = True
                loop = asyncio.get_running_loop()
                self.pending = loop.call_later(reply.delay, self._send_later, reply, keep_alive, method == "HEAD")
                return
            self._send(reply, keep_alive, method == "HEAD")

    def _send_later(self, reply: Reply, keep_alive: bool, head: bool) -> None:
        self.waiting = False
        self.pending = None
        if self.transport is not None:
            self._send(reply, keep_alive, head)
            self._process()

    def _send(self, reply: Reply, keep_alive: bool, head: bool) -> None:
        transport = self.transport
        if transport is None:
            return
        lines = [f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'OK')}\r\n".encode(),
                 b"Server: localnfra (synthetic NFRA data)\r\nDate: ", _http_date(),
                 f"\r\nContent-Type: {reply.content_type}\r\nContent-Length: {reply.length}\r\n".encode(),
                 b"Connection: keep-alive\r\n" if keep_alive else b"Connection: close\r\n"]
        for name, value in reply.headers:
            lines.append(f"{name}: {value}\r\n".encode())
        lines.append(b"\r\n")
        if not head:
            lines.extend(reply.chunks)
        transport.writelines(lines)
        if not keep_alive:
            transport.close()
            self.transport = None

    def _reset(self) -> None:
        transport = self.transport
        if transport is None:
            return
        sock = transport.get_extra_info("socket")
        if sock is not None:  # SO_LINGER 0: close sends RST, the client sees "connection reset by peer"
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        self.transport = None


# -------------------------------------------------------------------------------------------- running


class Server:
    """A running server: base_url, the corpus it serves, its stats, and the corpus mutations."""

    def __init__(self, app: App, host: str, port: int, scheme: str = "http") -> None:
        self.app = app
        self.host = host
        self.port = port
        self.scheme = scheme

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def corpus(self) -> Corpus:
        return self.app.corpus

    @property
    def pboc(self) -> PbocCorpus:
        return self.app.pboc

    @property
    def stats(self) -> Stats:
        return self.app.stats

    @property
    def faults(self) -> FaultInjector | None:
        return self.app.faults

    def add(self, n: int = 1) -> list[int]:
        return self.corpus.add(n)

    def edit(self, doc_id: int) -> int:
        return self.corpus.edit(doc_id)

    def remove(self, doc_id: int) -> None:
        self.corpus.remove(doc_id)

    def restore(self, doc_id: int) -> None:
        self.corpus.restore(doc_id)

    def list_url(self, item_id: int, page_index: int = 1, page_size: int = 18, static: bool = False) -> str:
        if static:
            return (f"{self.base_url}/cn/static/data/DocInfo/SelectDocByItemIdAndChild/"
                    f"data_itemId={item_id},pageIndex={page_index},pageSize={page_size}.json")
        return (f"{self.base_url}/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId={item_id}"
                f"&pageSize={page_size}&pageIndex={page_index}")

    def detail_url(self, doc_id: int, static: bool = True) -> str:
        if static:
            return f"{self.base_url}/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json"
        return f"{self.base_url}/cbircweb/DocInfo/SelectByDocId?docId={doc_id}"


async def start(
    app: App, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
) -> tuple[asyncio.AbstractServer, int]:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: HttpProtocol(app), host, port, backlog=1024, reuse_address=True, ssl=tls
    )
    bound = server.sockets[0].getsockname()[1]
    return server, bound


@contextmanager
def serve(corpus: Corpus, port: int = 0, faults: FaultSpec | str | None = None,
          host: str = "127.0.0.1", tls: ssl.SSLContext | None = None,
          pboc: PbocCorpus | None = None) -> Iterator[Server]:
    """Serve `corpus` (and a PBOC corpus, by default sized after it) over HTTP (HTTPS with `tls`) in a
    background thread for the duration of the with-block."""
    spec = FaultSpec.parse(faults) if isinstance(faults, str) else faults
    app = App(corpus, spec, pboc)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict = {}

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            server, bound = loop.run_until_complete(start(app, host, port, tls))
        except BaseException as exc:  # report a bind failure to the caller
            box["error"] = exc
            ready.set()
            return
        box["server"], box["port"] = server, bound
        ready.set()
        loop.run_forever()
        server.close()
        for connection in list(app.connections):  # keep-alive clients would hold wait_closed() open
            connection.abort()
        loop.run_until_complete(server.wait_closed())
        loop.close()

    thread = threading.Thread(target=run, name="localnfra-server", daemon=True)
    thread.start()
    ready.wait()
    if "error" in box:
        raise box["error"]
    try:
        yield Server(app, host, box["port"], "https" if tls is not None else "http")
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
