"""Fault injection: every kind is served as the real site would fail, deterministically, and heals."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from localnfra import FAULT_KINDS, Corpus, FaultSpec, serve
from localnfra.faults import FaultInjector

CORPUS = Corpus(40, seed=8)


def test_spec_strings_parse_and_print_back():
    spec = FaultSpec.parse("rate=0.3,kinds=503:1,403:2,html200,succeed_after=2,seed=7,timeout_s=4,burst_s=1.5,"
                           "endpoints=detail")
    assert spec.rate == 0.3 and spec.kinds == {"503": 1.0, "403": 2.0, "html200": 1.0}
    assert (spec.succeed_after, spec.seed, spec.timeout_s, spec.burst_s) == (2, 7, 4.0, 1.5)
    assert spec.endpoints == ("detail",)
    assert FaultSpec.parse(str(spec)) == spec
    assert set(FaultSpec.parse("rate=0.1").kinds) == set(FAULT_KINDS)
    for bad in ("rate=2", "kinds=teapot:1", "colour=red", "rate=0.1,403:1", "endpoints=feed"):
        with pytest.raises(ValueError):
            FaultSpec.parse(bad)


def test_decisions_depend_only_on_seed_url_and_attempt():
    urls = [f"/cbircweb/DocInfo/SelectByDocId?docId={n}" for n in range(300)]
    spec = FaultSpec(rate=0.5, kinds={k: 1.0 for k in FAULT_KINDS if k != "403"}, succeed_after=3, seed=1)

    def run(seed_spec: FaultSpec, order: list[str]) -> dict[tuple[str, int], str | None]:
        injector = FaultInjector(seed_spec)
        out = {}
        for attempt in range(1, 6):
            for url in order:
                out[(url, attempt)] = injector.decide(url, "detail", now=0.0)
        return out

    first = run(spec, urls)
    assert first == run(spec, list(reversed(urls)))
    other = run(FaultSpec(rate=0.5, kinds=spec.kinds, succeed_after=3, seed=2), urls)
    assert first != other
    faulted = [v for v in first.values() if v]
    assert 0.4 * 900 < len(faulted) < 0.6 * 900
    assert all(first[(u, a)] is None for u in urls for a in (4, 5)), "answered correctly after succeed_after"
    assert set(faulted) == set(spec.kinds)


def test_a_403_starts_a_burst_that_refuses_other_urls_for_a_while():
    spec = FaultSpec(rate=0.5, kinds={"403": 1.0}, succeed_after=2, seed=3, burst_s=2.0)

    def rolls(url: str) -> list[str | None]:  # attempts 1 and 2 of a URL, far apart so no burst interferes
        probe = FaultInjector(spec)
        return [probe.decide(url, "list", now=10.0 * k) for k in (1, 2)]

    urls = [f"/x?docId={n}" for n in range(80)]
    trigger = next(u for u in urls if rolls(u) == ["403", "403"])
    calm = [u for u in urls if rolls(u)[0] is None]
    injector = FaultInjector(spec)
    assert injector.decide(calm[0], "list", now=100.0) is None
    assert injector.decide(trigger, "list", now=100.0) == "403"
    assert injector.decide(calm[1], "list", now=101.0) == "403", "inside the burst"
    assert injector.decide(calm[2], "list", now=102.5) is None, "after the burst"
    for _ in range(3):  # a URL past succeed_after is answered even during a burst
        injector.decide(calm[3], "list", now=102.5)
    assert injector.decide(trigger, "list", now=103.0) == "403"  # its 2nd attempt rolls anew: a new burst
    assert injector.decide(calm[3], "list", now=103.1) is None


def _good_or_fault(client: httpx.Client, url: str):
    try:
        return client.get(url)
    except (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError) as exc:
        return exc


def _assert_symptom(kind: str, outcome, good: bytes) -> None:
    if kind == "timeout":
        assert isinstance(outcome, httpx.ReadTimeout)
        return
    if kind == "reset":
        assert isinstance(outcome, (httpx.ReadError, httpx.RemoteProtocolError))
        return
    assert isinstance(outcome, httpx.Response), outcome
    r = outcome
    if kind in ("500", "502", "503", "504", "403", "429"):
        assert r.status_code == int(kind) and r.headers["content-type"].startswith("text/html")
        if kind == "429":
            assert r.headers["retry-after"] == "1"
        return
    assert r.status_code == 200
    if kind == "html200":
        assert r.headers["content-type"].startswith("text/html") and r.text.lstrip().startswith("<!DOCTYPE html>")
    elif kind == "empty200":
        assert r.content == b""
    elif kind == "truncated":
        assert 0 < len(r.content) < len(good) and good.startswith(r.content)
    elif kind == "rptcode":
        assert json.loads(r.content)["rptCode"] != 200
    if kind != "rptcode":
        with pytest.raises(ValueError):
            json.loads(r.content)


@pytest.mark.parametrize("endpoint", ["list", "detail"])
@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_each_fault_kind_is_served_then_healed(kind, endpoint):
    spec = FaultSpec(rate=1.0, kinds={kind: 1.0}, succeed_after=2, seed=5, timeout_s=1.0, burst_s=0.05)
    doc_id = next(CORPUS.doc_ids(4115))
    if endpoint == "detail":
        path = f"/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json"
        good = CORPUS.detail_bytes(doc_id)
    else:
        path = "/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId=4115&pageSize=10&pageIndex=1"
        good = CORPUS.list_bytes(4115, 1, 10)
    with serve(CORPUS, faults=spec) as server, httpx.Client(base_url=server.base_url, timeout=0.5) as client:
        for _attempt in (1, 2):
            _assert_symptom(kind, _good_or_fault(client, path), good)
            time.sleep(0.06)  # let a 403 burst end so the next attempt rolls for itself
        healed = client.get(path)
        assert healed.status_code == 200 and healed.content == good
        counts = server.stats.snapshot()["by_endpoint_outcome"]
        assert counts[f"{endpoint}:fault:{kind}"] == 2 and counts[f"{endpoint}:ok"] == 1


def test_faults_touch_only_the_configured_endpoints():
    spec = FaultSpec(rate=1.0, kinds={"503": 1.0}, succeed_after=5, endpoints=("detail",))
    with serve(CORPUS, faults=spec) as server, httpx.Client(base_url=server.base_url) as client:
        for page in (1, 2, 3):
            r = client.get(f"/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId=4293&pageSize=5&pageIndex={page}")
            assert r.status_code == 200
        doc_id = next(CORPUS.doc_ids())
        assert client.get(f"/cbircweb/DocInfo/SelectByDocId?docId={doc_id}").status_code == 503
        assert client.get(f"/cn/view/pages/ItemDetail.html?docId={doc_id}&itemId=4113").status_code == 200


def test_a_crawl_with_retries_completes_under_30_percent_mixed_faults():
    corpus = Corpus(60, seed=12)
    spec = FaultSpec.parse("rate=0.3,kinds=all,succeed_after=3,seed=7,timeout_s=0.6,burst_s=0.1")

    def fetch(client: httpx.Client, url: str) -> bytes:
        for _attempt in range(spec.succeed_after + 1):
            try:
                r = client.get(url)
            except (httpx.TimeoutException, httpx.TransportError):
                continue
            if r.status_code == 200 and r.content:
                try:
                    body = json.loads(r.content)
                except ValueError:
                    continue
                if body.get("rptCode") == 200:
                    return r.content
            if r.status_code == 403:
                time.sleep(0.12)
        raise AssertionError(f"{url} still failing after {spec.succeed_after + 1} attempts")

    fetched: dict[int, bytes] = {}
    with serve(corpus, faults=spec) as server, httpx.Client(base_url=server.base_url, timeout=0.3) as client:
        for item in (4113, 4114, 4115, 4293):
            page = 1
            while True:
                url = f"/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId={item}&pageSize=10&pageIndex={page}"
                rows = json.loads(fetch(client, url))["data"]["rows"]
                if not rows:
                    break
                for row in rows:
                    if row["docId"] not in fetched:
                        fetched[row["docId"]] = fetch(client, f"/cbircweb/DocInfo/SelectByDocId?docId={row['docId']}")
                page += 1
        outcomes = server.stats.snapshot()["by_outcome"]
    assert set(fetched) == set(corpus.doc_ids())
    assert all(body == corpus.detail_bytes(doc_id) for doc_id, body in fetched.items())
    faults = {k for k in outcomes if k.startswith("fault:")}
    assert len(faults) >= 8, outcomes
