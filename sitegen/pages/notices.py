"""/notices/{doc_id}/: one page per notice, one section per party (anchor #p{seq})."""

from __future__ import annotations

import gc
import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from models.vocab.sources import NFRA, Source, notice_key
from models.vocab.sources import source as source_of
from sitegen.core import urls
from sitegen.core.database import NOTICE_COLUMNS, PENALTY_COLUMNS, UNSHOWN_NOTICE_COLUMNS, as_date, as_datetime
from sitegen.core.fragments import sanction_items
from sitegen.core.measures import parse_measures
from sitegen.core.refs import Ref, Vocabulary
from sitegen.core.render import Renderer
from sitegen.core.sanitize import clean_source
from sitegen.core.shown import shown_markup, shown_str, shown_text
from sitegen.core.writer import SiteWriter, rows_pickle, write_if_changed
from sitegen.pages import notice_page

FAMILY = "notices"
# The notice columns a page shows: all but the crawl's bookkeeping (a crawl that only re-reads the lists moves
# those, and must not make the build rewrite anything).
SHOWN_NOTICE_COLUMNS = tuple(name for name in NOTICE_COLUMNS if name not in UNSHOWN_NOTICE_COLUMNS)
_SHOWN = [NOTICE_COLUMNS.index(name) for name in SHOWN_NOTICE_COLUMNS]
# The text columns a notice page prints: each goes through shown_text (sitegen.core.shown).
SHOWN_NOTICE_TEXT = ("title", "issuer", "document_no", "parse_error")
_N = {name: i for i, name in enumerate(SHOWN_NOTICE_COLUMNS)}
_P = {name: i for i, name in enumerate(PENALTY_COLUMNS)}
_P_ID, _P_SEQ, _P_AUTHORITY = _P["id"], _P["seq"], _P["authority"]
# The penalty columns a party's section shows, picked from a row in PENALTY_COLUMNS order in one call.
_PARTY_COLUMNS = itemgetter(*(_P[name] for name in (
    "seq", "party_name", "party_kind", "party_role", "institution", "bank_group", "institution_type", "province",
    "decision_no", "disclosure_years", "facts", "basis", "decision", "authority", "decided_on", "fine_yuan",
    "fine_note", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years", "ban_lifetime", "measures",
)))

# What a notice page is rendered from (and digested by): its shown notice columns (SHOWN_NOTICE_COLUMNS order),
# its penalty rows (PENALTY_COLUMNS order), each row's categories with their phrases (or None), and the slugs
# of the names it links to.
NoticeData = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[Any], tuple[Any, ...]]


def regulator_of(vocab: Vocabulary, issuer: str | None, authorities: Iterable[str | None]) -> Ref | None:
    """The office page of a notice: its issuer, else the deciding authority named in its first party."""
    ref = vocab.regulator(issuer)
    if ref is None:
        for authority in authorities:
            ref = vocab.regulator(authority)
            if ref is not None:
                break
    return ref


def notice_data(
    notice_row: tuple[Any, ...],
    party_rows: list[tuple[Any, ...]],
    categories: dict[int, list[tuple[str, str | None]]],
    refs: tuple[Any, ...],
) -> tuple[NoticeData, bytes]:
    """What a notice page is made from, and the same pickled: its digest (which changes exactly when the
    page would) is the pickle's, and a worker process renders from the pickle (made once for both)."""
    data = (tuple([notice_row[i] for i in _SHOWN]), party_rows, [categories.get(row[_P_ID]) for row in party_rows],
            refs)
    return data, rows_pickle(data)


class PartyView(NamedTuple):
    """A party as its section shows it (sitegen/pages/notice_page.py): texts shown (shown_text), the names it
    links to as references, and the register's marks (person page, branch page, repeat flags)."""

    seq: Any
    name: str | None
    kind: str | None
    role: str | None
    institution: str | None
    individual: bool
    group: Ref | None
    institution_type: str | None
    region: Ref | None
    decision_no: str | None
    disclosure_years: Any
    facts: str | None
    basis: str | None
    decision: str | None
    sanctions: list[tuple[str, Any]]
    fine_note: str | None
    authority: str | None
    authority_ref: Ref | None
    decided_on: date | None
    categories: list[tuple[Ref, str | None]]
    person_slug: str | None
    branch_page: str | None
    repeats: list[dict[str, Any]]


def party_view(row: tuple[Any, ...], categories: list[tuple[str, str | None]] | None, vocab: Vocabulary,
               mark: tuple[Any, ...] | None) -> PartyView:
    """A penalty row (PENALTY_COLUMNS order) as its section shows it; `mark` is its entry of the register's
    marks (register.load.Register.marks) without the seq, or None."""
    (seq, name, kind, role, institution, bank_group, institution_type, province, decision_no, disclosure_years,
     facts, basis, decision, authority, decided_on, fine, fine_note, confiscated, forfeiture, warning, ban_years,
     ban_lifetime, measures) = _PARTY_COLUMNS(row)
    shown_measures = [dict(m, text=shown_text(m["text"]) or "") for m in parse_measures(measures)]
    sanctions = sanction_items(fine=fine, confiscated=confiscated, forfeiture=forfeiture, warning=warning,
                               ban_years=ban_years, ban_lifetime=ban_lifetime, measures=shown_measures)
    slug, flags, node = mark or (None, (), None)
    group = vocab.group(node[0]) if node else None
    authority = shown_text(authority)
    return PartyView(
        seq=seq, name=shown_text(name), kind=kind, role=shown_text(role), institution=shown_text(institution),
        individual=kind == "individual", group=vocab.group(bank_group), institution_type=institution_type,
        region=vocab.region(province), decision_no=shown_text(decision_no), disclosure_years=disclosure_years,
        facts=shown_text(facts), basis=shown_text(basis), decision=shown_text(decision), sanctions=sanctions,
        fine_note=fine_note, authority=authority, authority_ref=vocab.regulator(authority),
        decided_on=as_date(decided_on),
        categories=[(vocab.category(code), shown_text(phrase)) for code, phrase in categories or ()],
        person_slug=slug,
        branch_page=urls.branch(group.slug, node[1]) if group and node else None,
        repeats=[{"category": vocab.category(code), "rule": rule, "earlier": urls.party(key, earlier_seq),
                  "earlier_day": as_date(day)} for code, rule, key, earlier_seq, day in flags],
    )


def render_notice(
    renderer: Renderer,
    vocab: Vocabulary,
    data: NoticeData,
    source_html: str | None,
    marks: tuple[Any, ...] = (),
) -> str:
    """The page of one notice (`data`: notice_data); `source_html` is its docClob, shown (sanitized) when no
    party was read; `marks` the register's (register.load.Register.marks)."""
    notice_row, party_rows, categories, _refs = data
    notice = dict(zip(SHOWN_NOTICE_COLUMNS, notice_row, strict=True))
    regulator = regulator_of(vocab, notice["issuer"], (row[_P_AUTHORITY] for row in party_rows))
    for name in SHOWN_NOTICE_TEXT:
        notice[name] = shown_text(notice[name])
    by_seq = {seq: rest for seq, *rest in marks}
    views = [party_view(row, cats, vocab, by_seq.get(row[_P_SEQ]))
             for row, cats in zip(party_rows, categories, strict=True)]
    source = None
    truncated = False
    if source_html:
        cleaned, truncated = clean_source(source_html)
        source = shown_markup(cleaned)
    decision_numbers = list(dict.fromkeys(v.decision_no for v in views if v.decision_no))
    decided = sorted({v.decided_on for v in views if v.decided_on})
    # What every party shares is shown once, above the parties: a notice with 20 parties stays small.
    several = len(views) > 1
    shared_region = _shared([v.region for v in views])
    shared_categories = _shared([v.categories for v in views])
    shared_group = _shared([v.group and (v.group, v.institution_type) for v in views])
    key = notice_key(notice["doc_id"], notice["regulator"], notice["source_key"])
    publisher = _publisher(notice["regulator"] or NFRA)
    canonical = _site_root(renderer) + urls.notice(key)
    base_path = renderer.config.base_path
    content = notice_page.content(
        url=lambda target: urls.link(base_path, target),
        label=renderer.label,
        notice=notice,
        notice_label=key,
        publisher_name=publisher.name if publisher else str(notice["regulator"]),
        disclosure_until=as_date(notice["disclosure_until"]),
        level_label=_level_label(renderer, notice),
        published=as_date(as_datetime(notice["published_at"])),
        removed=as_date(as_datetime(notice["removed_at"])),
        regulator=regulator,
        parties=views,
        # The decision number shown once above the parties when they share it (else each party shows its own).
        one_number=_one_number(decision_numbers, notice["document_no"]),
        decided=decided,
        shared_region=shared_region if several else None,
        shared_categories=shared_categories if several else None,
        shared_group=shared_group if several else None,
        canonical=canonical,
        source=source,
        source_truncated=truncated,
    )
    # One page per record: no menu (base.html's `nav` block emptied) and the record pages' frame; the page
    # states its own address in its citation line.
    return renderer.frame.page(title=shown_str(notice["title"]), content=content, nav=None, record_page=True)


@cache
def _publisher(code: str) -> Source | None:
    return source_of(code)


@lru_cache(maxsize=8)  # one renderer per build: a test process makes many
def _site_root(renderer: Renderer) -> str:
    """config.absolute(""): a notice's canonical URL is this and its path (absolute() parses the base URL)."""
    return renderer.config.absolute("")


def _one_number(decision_numbers: list[str], document_no: str | None) -> str | None:
    """The number of the whole notice: its parties' one decision number, or its own when none has one."""
    if len(decision_numbers) == 1:
        return decision_numbers[0]
    return None if decision_numbers else document_no


def _level_label(renderer: Renderer, notice: dict[str, Any]) -> str:
    """总局 / 监管局 / 监管分局; another regulator's head office by its own name (人民银行总行)."""
    if notice.get("level") == "headquarters":
        own = renderer.labels.get("head_office", {}).get(str(notice.get("regulator")))
        if own:
            return own
    return renderer.label(notice.get("level"), "level")


def _shared(values: list[Any]) -> Any:
    """The value when every party has the same one (and it is not empty), else None."""
    first = values[0] if values else None
    return first if first and all(v == first for v in values[1:]) else None


# --- rendering in worker processes -----------------------------------------------------------------
# At 100,000 notices, rendering is most of a full build; notice pages are independent, so they are
# rendered and written by a pool of forked workers while the main process keeps streaming the database.

BATCH = 64
_STATE: dict[str, Any] = {}
# One page to render: its path, what it is made from (a worker gets the pickle notice_data made for the digest:
# bytes cost nothing to pickle again), its source text, the register's marks.
Job = tuple[str, "NoticeData | bytes", str | None, tuple[Any, ...]]


def _render_batch(batch: list[Job]) -> list[bool]:
    renderer: Renderer = _STATE["renderer"]
    vocab: Vocabulary = _STATE["vocab"]
    out_dir, fresh = _STATE["out_dir"], _STATE["fresh"]
    written = []
    for path, data, source, marks in batch:
        html = render_notice(renderer, vocab, pickle.loads(data) if isinstance(data, bytes) else data, source, marks)
        written.append(write_if_changed(out_dir, path, html, fresh=fresh))
    return written


def _worker_start() -> None:
    """Forked while the build holds the garbage collector off: turn it back on for the worker's own
    objects, and leave the inherited ones out of its scans."""
    gc.enable()
    gc.freeze()


def _ready() -> None:
    """Nothing: a first task, so that the pool forks its workers now."""


def start_workers(renderer: Renderer, vocab: Vocabulary, writer: SiteWriter, jobs: int) -> None:
    """Fork the workers of the next NoticePages now (builder: before the register is loaded, which they do
    not need: each forked copy of it would count again in the build's resident memory)."""
    if jobs <= 1:
        return
    _STATE.update(renderer=renderer, vocab=vocab, out_dir=writer.out_dir, fresh=writer.fresh)
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start)
    executor.submit(_ready).result()  # a fork pool starts all its workers at the first task
    _STATE["executor"] = executor


def stop_workers() -> None:
    """Shut down workers that start_workers() forked and no NoticePages took (a failed build)."""
    executor = _STATE.pop("executor", None)
    if executor is not None:
        executor.shutdown(cancel_futures=True)


class NoticePages:
    """Renders the notice pages whose digest changed, in `jobs` processes (1: in this process), in the
    workers start_workers() forked if it was called with the same renderer, vocabulary and writer."""

    def __init__(self, renderer: Renderer, vocab: Vocabulary, writer: SiteWriter, jobs: int) -> None:
        self.writer = writer
        self.jobs = jobs
        self._batch: list[Job] = []
        self._pending: deque[Future[list[bool]]] = deque()
        self._executor: ProcessPoolExecutor | None = None
        same = (_STATE.get("renderer"), _STATE.get("vocab"), _STATE.get("out_dir")) == (renderer, vocab, writer.out_dir)
        if same and jobs > 1:
            self._executor = _STATE.pop("executor", None)
        else:
            stop_workers()  # forked for another build: their state is not this one's
        _STATE.update(renderer=renderer, vocab=vocab, out_dir=writer.out_dir, fresh=writer.fresh)

    def add(
        self,
        digest: str,
        key: str,
        data: NoticeData,
        pickled: bytes,
        source_html: Callable[[int], str | None],
        marks: tuple[Any, ...] = (),
    ) -> None:
        """The page of notice `key` (data: notice_data, `pickled` the same pickled), unless its digest is
        unchanged; `source_html(doc_id)` is asked for the docClob of a notice without parties."""
        path = urls.index_file(urls.notice(key))
        if self.writer.unchanged(path, digest):
            self.writer.keep(path, digest, FAMILY)
            return
        self.writer.claim(path, digest)
        notice_row, party_rows = data[0], data[1]
        # Nothing could be read into parties: the page shows the source text itself, sanitized.
        source = None if party_rows else source_html(notice_row[_N["doc_id"]])
        self._batch.append((path, data if self.jobs <= 1 else pickled, source, marks))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        if self.jobs <= 1:
            self._record(_render_batch(batch))
            return
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
            )
        self._pending.append(self._executor.submit(_render_batch, batch))
        while len(self._pending) > self.jobs * 4:  # bounded: the stream never runs far ahead
            self._record(self._pending.popleft().result())

    def _record(self, results: list[bool]) -> None:
        for written in results:
            self.writer.record(FAMILY, written)

    def close(self) -> None:
        try:
            self._flush()
            while self._pending:
                self._record(self._pending.popleft().result())
        finally:
            if self._executor is not None:
                self._executor.shutdown(cancel_futures=True)
                self._executor = None
