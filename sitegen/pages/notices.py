"""/notices/{doc_id}/: one page per notice, one section per party (anchor #p{seq})."""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from models.store import item_ids_of
from models.vocab.sources import NFRA, notice_key
from models.vocab.sources import source as source_of
from sitegen.core import urls
from sitegen.core.database import (
    NOTICE_COLUMNS,
    PENALTY_COLUMNS,
    UNSHOWN_NOTICE_COLUMNS,
    as_date,
    typed_notice,
    typed_penalty,
)
from sitegen.core.fragments import sanction_items
from sitegen.core.measures import parse_measures
from sitegen.core.refs import Ref, Vocabulary
from sitegen.core.render import Renderer
from sitegen.core.sanitize import clean_source
from sitegen.core.shown import shown_html, shown_markup, shown_text
from sitegen.core.writer import SiteWriter, rows_digest, write_if_changed
from sitegen.pages import notice_page

FAMILY = "notices"
# The text columns a notice page prints: each goes through shown_text (sitegen.core.shown).
SHOWN_NOTICE_TEXT = ("title", "issuer", "document_no", "parse_error")
SHOWN_PENALTY_TEXT = ("party_name", "party_role", "institution", "decision_no", "facts", "basis", "decision",
                      "authority")
_P_ID = PENALTY_COLUMNS.index("id")
_SHOWN = [i for i, name in enumerate(NOTICE_COLUMNS) if name not in UNSHOWN_NOTICE_COLUMNS]
_REGULATOR, _SOURCE_KEY = NOTICE_COLUMNS.index("regulator"), NOTICE_COLUMNS.index("source_key")


def regulator_of(vocab: Vocabulary, notice: dict[str, Any], parties: list[dict[str, Any]]) -> Ref | None:
    """The office page of a notice: its issuer, else the deciding authority named in its first party."""
    ref = vocab.regulator(notice.get("issuer"))
    if ref is None:
        for party in parties:
            ref = vocab.regulator(party.get("authority"))
            if ref is not None:
                break
    return ref


def party_view(
    party: dict[str, Any], categories: list[tuple[str, str | None]], vocab: Vocabulary
) -> dict[str, Any]:
    """A party as its section shows it (sitegen/pages/notice_page.py): the row with its references."""
    view = dict(party)
    view["group_ref"] = vocab.group(party.get("bank_group"))
    view["region_ref"] = vocab.region(party.get("province"))
    view["authority_ref"] = vocab.regulator(party.get("authority"))
    measures = [dict(m, text=shown_text(m["text"]) or "") for m in parse_measures(party.get("measures"))]
    view["sanction_list"] = sanction_items(
        fine=party.get("fine_yuan"), confiscated=party.get("confiscated_yuan"), forfeiture=party.get("forfeiture_yuan"),
        warning=party.get("warning"), ban_years=party.get("ban_years"), ban_lifetime=party.get("ban_lifetime"),
        measures=measures,
    )
    view["category_list"] = [(vocab.category(code), phrase) for code, phrase in categories]
    view["individual"] = party.get("party_kind") == "individual"
    return view


def notice_digest(
    notice_row: tuple[Any, ...],
    party_rows: list[tuple[Any, ...]],
    categories: dict[int, list[tuple[str, str | None]]],
    refs: tuple[Any, ...],
) -> str:
    """A digest of everything a notice page shows (every column, categories with phrases, the slugs it
    links to), so it changes exactly when the page would."""
    cats = [categories.get(row[_P_ID]) for row in party_rows]
    shown = tuple(notice_row[i] for i in _SHOWN)
    return rows_digest((shown, party_rows, cats, refs))


def render_notice(
    renderer: Renderer,
    vocab: Vocabulary,
    notice_row: tuple[Any, ...],
    party_rows: list[tuple[Any, ...]],
    categories: dict[int, list[tuple[str, str | None]]],
    regulator: Ref | None,
    source_html: str | None,
    marks: tuple[Any, ...] = (),
) -> str:
    """The page of one notice; `source_html` is its docClob, shown (sanitized) when no party was read."""
    notice = _shown(typed_notice(notice_row), SHOWN_NOTICE_TEXT)
    parties = [_shown(typed_penalty(row), SHOWN_PENALTY_TEXT) for row in party_rows]
    views = [party_view(p, [(code, shown_text(phrase)) for code, phrase in categories.get(p["id"], [])], vocab)
             for p in parties]
    _add_marks(views, marks, vocab)
    source = None
    truncated = False
    if source_html:
        cleaned, truncated = clean_source(source_html)
        source = shown_markup(cleaned)
    decision_numbers = list(dict.fromkeys(p["decision_no"] for p in parties if p.get("decision_no")))
    decided = sorted({d for p in parties if (d := as_date(p.get("decided_on")))})
    # What every party shares is shown once, above the parties: a notice with 20 parties stays small.
    shared_region = _shared([v["region_ref"] for v in views])
    shared_categories = _shared([v["category_list"] for v in views])
    shared_group = _shared([v["group_ref"] and (v["group_ref"], v.get("institution_type")) for v in views])
    key = notice_key(notice["doc_id"], notice.get("regulator"), notice.get("source_key"))
    publisher = source_of(notice.get("regulator") or NFRA)
    path = urls.notice(key)
    canonical = renderer.config.absolute(path)
    base_path = renderer.config.base_path
    content = notice_page.content(
        url=lambda target: shown_html(base_path + target),
        label=renderer.label,
        notice=notice,
        notice_label=key,
        publisher_name=publisher.name if publisher else str(notice.get("regulator")),
        disclosure_until=as_date(notice.get("disclosure_until")),
        level_label=_level_label(renderer, notice),
        published=as_date(notice.get("published_at")),
        removed=as_date(notice.get("removed_at")),
        items=list(item_ids_of(notice.get("item_ids"), notice.get("item_id"))),
        regulator=regulator,
        parties=views,
        # The decision number shown once above the parties when they share it (else each party shows its own).
        one_number=_one_number(decision_numbers, notice.get("document_no")),
        decided=decided,
        shared_region=shared_region if len(views) > 1 else None,
        shared_categories=shared_categories if len(views) > 1 else None,
        shared_group=shared_group if len(views) > 1 else None,
        canonical=canonical,
        source=source,
        source_truncated=truncated,
    )
    # A notice page has no menu (base.html's `nav` block emptied: one page per record).
    return renderer.frame.page(title=shown_html(notice["title"]), canonical=canonical, content=content, nav=None,
                               multi_source=bool(renderer.env.globals["multi_source"]))


def _one_number(decision_numbers: list[str], document_no: str | None) -> str | None:
    """The number of the whole notice: its parties' one decision number, or its own when none has one."""
    if len(decision_numbers) == 1:
        return decision_numbers[0]
    return None if decision_numbers else document_no


def _shown(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    for name in columns:
        row[name] = shown_text(row.get(name))
    return row


def _add_marks(views: list[dict[str, Any]], marks: tuple[Any, ...], vocab: Vocabulary) -> None:
    """The register's marks (register.load.Register.marks) on the party views: the person page, the
    repeat flags with the earlier penalty's anchor."""
    by_seq = {seq: (slug, flags, node) for seq, slug, flags, node in marks}
    for view in views:
        slug, flags, node = by_seq.get(view.get("seq"), (None, (), None))
        view["person_slug"] = slug
        group = vocab.group(node[0]) if node else None
        view["branch_page"] = urls.branch(group.slug, node[1]) if group and node else None
        view["repeats"] = [
            {"category": vocab.category(code), "rule": rule, "earlier": urls.party(key, seq),
             "earlier_day": as_date(day)}
            for code, rule, key, seq, day in flags
        ]


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


def _render_batch(batch: list[tuple[Any, ...]]) -> list[bool]:
    renderer: Renderer = _STATE["renderer"]
    vocab: Vocabulary = _STATE["vocab"]
    out_dir, fresh = _STATE["out_dir"], _STATE["fresh"]
    written = []
    for path, notice_row, party_rows, categories, regulator, source, marks in batch:
        html = render_notice(renderer, vocab, notice_row, party_rows, categories, regulator, source, marks)
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
        self._batch: list[tuple[Any, ...]] = []
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
        notice_row: tuple[Any, ...],
        party_rows: list[tuple[Any, ...]],
        parties: list[dict[str, Any]],
        categories: dict[int, list[tuple[str, str | None]]],
        regulator: Ref | None,
        source_html: Callable[[int], str | None],
        marks: tuple[Any, ...] = (),
    ) -> None:
        doc_id = notice_row[NOTICE_COLUMNS.index("doc_id")]
        key = notice_key(doc_id, notice_row[_REGULATOR], notice_row[_SOURCE_KEY])
        path = urls.index_file(urls.notice(key))
        if self.writer.unchanged(path, digest):
            self.writer.keep(path, digest, FAMILY)
            return
        self.writer.claim(path, digest)
        # Nothing could be read into parties: the page shows the source text itself, sanitized.
        source = None if parties else source_html(doc_id)
        own = {p["id"]: categories[p["id"]] for p in parties if p["id"] in categories}
        self._batch.append((path, notice_row, party_rows, own, regulator, source, marks))
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
