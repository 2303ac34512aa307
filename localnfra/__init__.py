"""localnfra: a local NFRA-compatible server over a synthetic, deterministic corpus of penalty notices.

    from localnfra import Corpus, FaultSpec, serve

    corpus = Corpus(500, seed=7)             # notice i is a pure function of (seed, i)
    Corpus(500, seed=7, drift=0.1)           # ~10% in a layout no parser knows (localnfra/drift.py)
    corpus.expected(doc_id)                  # the ground truth a parser should extract
    with serve(corpus, port=0, faults="rate=0.3,succeed_after=3,seed=7") as server:
        server.base_url, server.stats.snapshot()
        server.add(5); server.edit(doc_id); server.remove(doc_id); server.restore(doc_id)

Everything it serves is synthetic: real institution and office names, fictional people.
"""

from localnfra.corpus import Corpus
from localnfra.faults import KINDS as FAULT_KINDS
from localnfra.faults import FaultSpec
from localnfra.server import Server, serve

__all__ = ["FAULT_KINDS", "Corpus", "FaultSpec", "Server", "serve"]
