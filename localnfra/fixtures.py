"""`python -m localnfra fixtures`: a small, deterministic set of synthetic detail JSONs with their
expected parses, covering every layout variant, every kind of Word noise, every amount and sanction form
and every era, for the parser's and the spider's tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from localnfra.corpus import Corpus
from localnfra.notice import CONVENTIONS, VARIANTS, expected
from localnfra.sanctions import AMOUNT_TAGS

FIXTURE_SEED = 2024
FIXTURE_NOTICES = 3000
MAX_FILES = 40
_HUGE = 40_000  # preamble with 260 latent styles: keep only a couple of those


def _coverage(exp: dict) -> set[str]:
    items = {f"variant:{exp['variant']}", f"era:{exp['notice']['era']}", f"level:{exp['notice']['level']}",
             "items:" + "+".join(str(i) for i in exp["notice"]["item_ids"])}
    items |= {f"feature:{f}" for f in exp["features"]}
    variant = exp["variant"]
    items.add(f"variant-era:{variant}:{exp['notice']['era']}")
    items |= {f"variant-preamble:{variant}:{f}" for f in exp["features"] if "preamble" in f}
    for p in exp["parties"]:
        items |= {f"amount:{t}" for t in p["amount_tags"]}
        items.add(f"kind:{p['party_kind']}")
        items.add(f"variant-kind:{variant}:{p['party_kind']}")
        if p["fine_note"]:
            items.add(f"fine_note:{p['fine_note']}")
        items |= {f"measure:{m['kind']}" for m in p["measures"]}
        if p["confiscated_yuan"] is not None:
            items.add("confiscated")
        if p["forfeiture_yuan"] is not None:
            items.add("forfeiture")
    if len(exp["parties"]) > 3:
        items.add("many_parties")
    return items


def choose(corpus: Corpus) -> list[int]:
    """Greedy cover: repeatedly take the notice adding most uncovered items, smaller bodies first."""
    candidates = []
    for doc_id in corpus.doc_ids():
        rendered = corpus.rendered(doc_id)
        assert rendered is not None
        candidates.append((doc_id, _coverage(expected(rendered.notice)), rendered.size))
    huge_left = 2
    covered: set[str] = set()
    chosen: list[int] = []
    while len(chosen) < MAX_FILES:
        best = None
        for doc_id, items, size in candidates:
            if doc_id in chosen or (size > _HUGE and huge_left == 0):
                continue
            gain = len(items - covered)
            if gain and (best is None or (gain, -size) > (best[1], -best[2])):
                best = (doc_id, gain, size, items)
        if best is None:
            break
        chosen.append(best[0])
        covered |= best[3]
        huge_left -= best[2] > _HUGE
    return sorted(chosen)


_README = """# Synthetic NFRA fixtures (not real data)

Everything in this folder is **synthetic**: written by Fadan's generator (`localnfra`), not copied from
nfra.gov.cn. Institutions and regulator offices carry real names (public facts); every person is
fictional (random surname + given name, never a name found in the real samples); the penalties never
happened. The real samples live in `../shared/samples/nfra` and are read from there by tests.

Made by:

    python -m localnfra fixtures --out tests/fixtures/synthetic --seed {seed} --notices {notices}

which builds the synthetic corpus of that seed and size and picks, greedily, the fewest notices that
together cover every layout variant, kind of Word noise, amount and sanction form, era, office level and
item combination. Re-running the command rewrites the same bytes (a test checks this).

Files, per notice:

- `detail_{{docId}}.json`: the detail envelope exactly as the local server sends it for
  `GET /cn/static/data/DocInfo/SelectByDocId/data_docId={{docId}}.json`
  (`{{"rptCode":200,"msg":"成功","data":{{..., "docClob": ...}}}}`);
- `detail_{{docId}}.expected.json`: what the parser should extract (`layout`, `variant`, the notice
  fields, and `parties`, one object per sanctioned party with `party_name`, `party_kind`, `party_role`,
  `institution`, `decision_no`, `facts`, `basis`, `decision`, `authority`, `decided_on`, `fine_yuan`,
  `confiscated_yuan`, `fine_note`, `warning`, `ban_years`, `ban_lifetime`, `measures`), plus the tags
  telling which forms it exercises (`features`, `amount_tags`, `facts_tags`).

Plus `list_item4293_page1.json`, the first list page (pageSize 18) of item 4293 in the same corpus.

Conventions of the expected parses:

{conventions}

Index (docId: variant, layout, parties, what it covers):

{index}
"""


def write_fixtures(out: Path, seed: int = FIXTURE_SEED, notices: int = FIXTURE_NOTICES) -> list[Path]:
    corpus = Corpus(notices, seed=seed, cache_size=notices + 16)
    chosen = choose(corpus)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("detail_*.json"):
        old.unlink()
    written: list[Path] = []
    index_lines = []
    for doc_id in chosen:
        detail = out / f"detail_{doc_id}.json"
        detail.write_bytes(corpus.detail_bytes(doc_id))
        exp = corpus.expected(doc_id)
        truth = out / f"detail_{doc_id}.expected.json"
        truth.write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += [detail, truth]
        tags = sorted({t for p in exp["parties"] for t in p["amount_tags"]})
        index_lines.append(f"- {doc_id}: {exp['variant']} ({exp['layout']}), {exp['notice']['era']}, "
                           f"{len(exp['parties'])} parties; {', '.join(tags)}; noise: {', '.join(exp['features'])}")
    page = out / "list_item4293_page1.json"
    page.write_bytes(corpus.list_bytes(4293, 1, 18))
    written.append(page)
    missing = set(VARIANTS) - {corpus.expected(d)["variant"] for d in chosen}
    if missing:
        raise RuntimeError(f"fixture corpus lacks variants {sorted(missing)}")
    covered = {t for d in chosen for p in corpus.expected(d)["parties"] for t in p["amount_tags"]}
    if set(AMOUNT_TAGS) - covered:
        raise RuntimeError(f"fixture corpus lacks amount forms {sorted(set(AMOUNT_TAGS) - covered)}")
    conventions = "\n".join(f"- {line}" for line in CONVENTIONS)
    readme = out / "README.md"
    readme.write_text(_README.format(seed=seed, notices=notices, conventions=conventions,
                                     index="\n".join(index_lines)), encoding="utf-8")
    written.append(readme)
    return written
